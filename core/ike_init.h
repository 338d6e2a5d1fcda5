/* IKE_SA_INIT (RFC 7296 1.2): proposals, key exchange, nonces, NAT detection,
 * COOKIE and INVALID_KE_PAYLOAD round trips. */
#ifndef CORE_IKE_INIT_H
#define CORE_IKE_INIT_H
#include <stdint.h>

struct pluto;
struct connection;
struct ike_sa;

/* Starts a new IKE SA for c; the whack client (if any) follows it. Returns the
 * SA or NULL (logged). */
struct ike_sa *ike_init_start(struct pluto *p, struct connection *c, uint32_t whack);

#endif
