/* Simultaneous rekeys (RFC 7296 2.8.1 for Child SAs, 2.8.2 for the IKE SA).
 * When both peers rekey the same SA at once each answers the other as usual, so
 * each ends up with two new SAs. The one made by the exchange that carried the
 * lowest of the four nonces is redundant; the peer that initiated that exchange
 * deletes it, and the winner's initiator deletes the old SA. Both peers reach
 * the same verdict from the same four nonces. */
#ifndef CORE_REKEY_COLLISION_H
#define CORE_REKEY_COLLISION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pluto;
struct ike_sa;
struct child_sa;

#define COLLISION_NONCE_MAX 32

/* Keeps the lower of an exchange's two nonces (its first 32 bytes) in dst,
 * which may alias either input. */
void collision_low_nonce(uint8_t dst[COLLISION_NONCE_MAX], uint8_t *dst_len, const uint8_t *ni,
			 size_t ni_len, const uint8_t *nr, size_t nr_len);
/* Orders nonces as byte strings: < 0 when a is the lower. */
int collision_nonce_cmp(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len);

/* Our rekey `ch` of the SA ch->rekey_of has just been established (`old` is that
 * SA, or NULL when the peer has deleted it already). When the peer rekeyed it
 * too, decides which new Child SA goes, marks it (ours: CHILD_DELETING), and
 * returns true when old is left for the peer to delete. */
bool collision_child_resolve(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
			     struct child_sa *old);

/* The peer's rekey of `sa` made `theirs` while ours was out: remembers it. */
void collision_ike_note(struct ike_sa *sa, const struct ike_sa *theirs, const uint8_t *ni,
			size_t ni_len, const uint8_t *nr, size_t nr_len);
/* The peer's new IKE SA, when it rekeyed `sa` during our rekey (else NULL). */
struct ike_sa *collision_ike_twin(const struct ike_sa *sa);
/* The collision on `sa` is settled (or moot): forgets it. */
void collision_ike_forget(struct ike_sa *sa);
/* The Child SAs waiting on `sa` go to the peer's new IKE SA `twin`, which is
 * now the newest: the peer won, or deleted sa before our rekey finished. */
void collision_ike_hand_over(struct ike_sa *sa, struct ike_sa *twin);
/* True when our exchange (nonces ni, nr) made the redundant IKE SA. */
bool collision_ike_ours_lost(const struct ike_sa *sa, const uint8_t *ni, size_t ni_len,
			     const uint8_t *nr, size_t nr_len);

#endif
