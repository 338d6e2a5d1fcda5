#include "core/rekey_collision.h"

#include <stdlib.h>
#include <string.h>

#include "core/connection.h"
#include "core/ike_sa.h"
#include "core/lifetime.h"
#include "core/log.h"
#include "core/pluto.h"

int collision_nonce_cmp(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
	int r = memcmp(a, b, a_len < b_len ? a_len : b_len);
	if (r)
		return r;
	return a_len < b_len ? -1 : a_len > b_len;
}

void collision_low_nonce(uint8_t dst[COLLISION_NONCE_MAX], uint8_t *dst_len, const uint8_t *ni,
			 size_t ni_len, const uint8_t *nr, size_t nr_len)
{
	const uint8_t *lo = ni;
	size_t lo_len = ni_len;

	if (collision_nonce_cmp(nr, nr_len, ni, ni_len) < 0) {
		lo = nr;
		lo_len = nr_len;
	}
	if (lo_len > COLLISION_NONCE_MAX)
		lo_len = COLLISION_NONCE_MAX;
	memmove(dst, lo, lo_len);
	*dst_len = (uint8_t)lo_len;
}

/* The Child SA the peer made by rekeying old while our own rekey `ours` of it
 * was out; the newest one, should the peer have tried more than once. */
static struct child_sa *child_twin(struct ike_sa *sa, const struct child_sa *ours,
				   uint32_t old_serial)
{
	struct child_sa *found = NULL;
	for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike)
		if (ch != ours && !ch->initiator && ch->rekey_of == old_serial &&
		    ch->state == CHILD_ESTABLISHED && (!found || ch->serial > found->serial))
			found = ch;
	return found;
}

bool collision_child_resolve(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
			     struct child_sa *old)
{
	struct child_sa *twin = child_twin(sa, ch, ch->rekey_of);

	if (!twin)
		return false;
	if (collision_nonce_cmp(ch->nonce, ch->nonce_len, twin->nonce, twin->nonce_len) < 0) {
		/* Ours is redundant: we delete it, the peer deletes old. */
		child_log(p, ch, RC_LOG,
			  "Child SA rekey collision with #%u: this exchange had the lowest nonce; "
			  "deleting redundant Child SA #%u", twin->serial, ch->serial);
		ch->state = CHILD_DELETING;
		ch->c->newest_child = twin->serial;
		if (old)
			lifetime_child_retire(p, old);
		return true;
	}
	child_log(p, ch, RC_LOG,
		  "Child SA rekey collision with #%u: the peer's exchange had the lowest nonce; "
		  "it deletes #%u", twin->serial, twin->serial);
	lifetime_child_retire(p, twin);
	return false;
}

void collision_ike_note(struct ike_sa *sa, const struct ike_sa *theirs, const uint8_t *ni,
			size_t ni_len, const uint8_t *nr, size_t nr_len)
{
	if (!sa->rekeyed_nonce && !(sa->rekeyed_nonce = malloc(COLLISION_NONCE_MAX)))
		return;
	collision_low_nonce(sa->rekeyed_nonce, &sa->rekeyed_nonce_len, ni, ni_len, nr, nr_len);
	sa->rekeyed_by = theirs->serial;
}

struct ike_sa *collision_ike_twin(const struct ike_sa *sa)
{
	if (!sa->rekeyed_by || !sa->rekeyed_nonce)
		return NULL;
	for (struct ike_sa *s = sa->c->ikes; s; s = s->c_next)
		if (s->serial == sa->rekeyed_by && s->state == IKE_ESTABLISHED)
			return s;
	return NULL;
}

bool collision_ike_ours_lost(const struct ike_sa *sa, const uint8_t *ni, size_t ni_len,
			     const uint8_t *nr, size_t nr_len)
{
	uint8_t ours[COLLISION_NONCE_MAX], ours_len;
	collision_low_nonce(ours, &ours_len, ni, ni_len, nr, nr_len);
	return collision_nonce_cmp(ours, ours_len, sa->rekeyed_nonce, sa->rekeyed_nonce_len) < 0;
}

void collision_ike_forget(struct ike_sa *sa)
{
	free(sa->rekeyed_nonce);
	sa->rekeyed_nonce = NULL;
	sa->rekeyed_nonce_len = 0;
	sa->rekeyed_by = 0;
}

void collision_ike_hand_over(struct ike_sa *sa, struct ike_sa *twin)
{
	while (sa->children)
		child_sa_move(sa->children, twin);
	sa->c->newest_ike = twin->serial;
}
