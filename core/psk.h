/* Looking up shared secrets (ipsec.secrets) for an IKE SA. */
#ifndef CORE_PSK_H
#define CORE_PSK_H
#include <stddef.h>
#include <stdint.h>

#include "core/identity.h"

struct pluto;
struct connection;

/* The PSK for our ID and the peer's, by Libreswan's matching rules. Returns 0
 * with *key pointing into the loaded secrets, or -ENOENT. */
int psk_find(struct pluto *p, const struct connection *c, const struct ike_id *local,
	     const struct ike_id *remote, const uint8_t **key, size_t *len);

#endif
