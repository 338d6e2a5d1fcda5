/* INFORMATIONAL exchanges (RFC 7296 1.4): Delete for IKE and Child SAs, and
 * empty messages as liveness checks (dead peer detection). */
#ifndef CORE_INFORMATIONAL_H
#define CORE_INFORMATIONAL_H

struct pluto;
struct ike_sa;
struct child_sa;

/* Each sends a request; the window must be open. */
void informational_send_delete_ike(struct pluto *p, struct ike_sa *sa);
void informational_send_delete_child(struct pluto *p, struct ike_sa *sa, struct child_sa *ch);
void informational_send_liveness(struct pluto *p, struct ike_sa *sa);

#endif
