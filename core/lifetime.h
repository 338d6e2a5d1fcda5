/* Lifetimes, rekeying and liveness: when an SA is replaced (margin and fuzz as
 * Libreswan computes them), when it expires, and dead peer detection. */
#ifndef CORE_LIFETIME_H
#define CORE_LIFETIME_H

struct pluto;
struct ike_sa;
struct child_sa;

void lifetime_ike_established(struct pluto *p, struct ike_sa *sa);
/* A replaced IKE SA: no more rekeys or liveness checks; it goes when the peer
 * deletes it, or after a retransmit time-out if the peer never does. */
void lifetime_ike_retire(struct pluto *p, struct ike_sa *sa);
void lifetime_child_established(struct pluto *p, struct child_sa *ch);
/* The kernel says a Child SA used up its soft (rekey) or hard (gone) limit. */
void lifetime_child_expire_event(struct pluto *p, struct child_sa *ch, int hard);

#endif
