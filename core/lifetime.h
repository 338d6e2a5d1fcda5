/* Lifetimes, rekeying and liveness: when an SA is replaced (margin and fuzz as
 * Libreswan computes them), when it expires, and dead peer detection. */
#ifndef CORE_LIFETIME_H
#define CORE_LIFETIME_H
#include <stdint.h>

struct pluto;
struct ike_sa;
struct child_sa;

void lifetime_ike_established(struct pluto *p, struct ike_sa *sa);
/* A replaced IKE SA: no more rekeys or liveness checks; it goes when the peer
 * deletes it, or after a retransmit time-out if the peer never does. */
void lifetime_ike_retire(struct pluto *p, struct ike_sa *sa);
/* The peer answered our rekey with TEMPORARY_FAILURE: try again after a short
 * random delay. Returns that delay in ms, 0 when the SA is no longer there to
 * rekey. */
uint32_t lifetime_ike_retry_rekey(struct pluto *p, struct ike_sa *sa);
uint32_t lifetime_child_retry_rekey(struct pluto *p, struct child_sa *ch);
/* A Child SA the peer is to delete (replaced in a rekey collision): no rekey,
 * no replacement, and gone after a retransmit time-out if the peer never does. */
void lifetime_child_retire(struct pluto *p, struct child_sa *ch);
void lifetime_child_established(struct pluto *p, struct child_sa *ch);
/* The kernel says a Child SA used up its soft (rekey) or hard (gone) limit. */
void lifetime_child_expire_event(struct pluto *p, struct child_sa *ch, int hard);

#endif
