/* IKE identities (RFC 7296 3.5): ours from leftid= (or the address), the peer's
 * checked against rightid=, and their text form as Libreswan prints it. */
#ifndef CORE_IDENTITY_H
#define CORE_IDENTITY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/conn.h"
#include "core/msg.h"

#define ID_MAX 512

struct ike_id {
	uint8_t type;
	size_t len;
	uint8_t data[ID_MAX];
};

/* Our ID for the connection end; -EINVAL when it cannot be expressed. */
int id_from_conn(const struct conn_id *id, const struct ip_addr *host, bool null_auth,
		 struct ike_id *out);
/* "@east", "192.0.2.1", "user@example.com", "@#0a1b", "ID_NULL" */
void id_str(uint8_t type, const uint8_t *data, size_t len, char *buf, size_t buflen);
/* Does the peer's ID satisfy what the connection expects of it? An unset rightid
 * means the peer's address; %any and %fromcert take anything. */
bool id_matches(const struct conn_id *want, const struct ip_addr *host, const struct id_view *got);
/* The ID as a conn_id (for secrets lookups); text points into buf, value into
 * data. */
void id_to_conn_id(uint8_t type, const uint8_t *data, size_t len, char *buf, size_t buflen,
		   struct conn_id *out);

#endif
