/* CREATE_CHILD_SA (RFC 7296 1.3): another Child SA, a Child SA rekey, an IKE SA
 * rekey; PFS with a fresh key exchange; INVALID_KE_PAYLOAD retries. */
#ifndef CORE_CREATE_CHILD_H
#define CORE_CREATE_CHILD_H
#include <stdint.h>

struct pluto;
struct ike_sa;
struct child_sa;
struct connection;

/* Each sends a request; the window must be open. */
int create_child_new(struct pluto *p, struct ike_sa *sa, struct connection *c, uint32_t whack);
void create_child_rekey(struct pluto *p, struct ike_sa *sa, struct child_sa *old);
void create_child_rekey_ike(struct pluto *p, struct ike_sa *sa);

#endif
