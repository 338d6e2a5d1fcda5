/* IKE_AUTH (RFC 7296 1.2, 2.15): identities, authentication, the first Child SA. */
#ifndef CORE_IKE_AUTH_H
#define CORE_IKE_AUTH_H

struct pluto;
struct ike_sa;

/* Initiator, after IKE_SA_INIT: sends IKE_AUTH with the first Child SA. */
void ike_auth_start(struct pluto *p, struct ike_sa *sa);

#endif
