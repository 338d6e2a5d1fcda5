/* core/rekey_collision.c: which of two crossing rekeys is redundant (RFC 7296
 * 2.8.1, 2.8.2): the one whose exchange carried the lowest of the four nonces.
 * Both peers must reach the same verdict from their own point of view. */
#include <stdlib.h>
#include <string.h>

#include "core/rekey_collision.h"
#include "core/sa.h"
#include "tests/unit/check.h"

static void test_order(void)
{
	const uint8_t a[] = { 1, 2, 3 }, b[] = { 1, 2, 4 }, ab[] = { 1, 2 };

	CHECK(collision_nonce_cmp(a, 3, b, 3) < 0, "nonces order as byte strings");
	CHECK(collision_nonce_cmp(b, 3, a, 3) > 0, "... both ways");
	CHECK(collision_nonce_cmp(ab, 2, a, 3) < 0, "a prefix is the lower");
	CHECK(collision_nonce_cmp(a, 3, a, 3) == 0, "equal nonces are equal");
}

static void test_low_nonce(void)
{
	uint8_t ni[40], nr[16], out[COLLISION_NONCE_MAX], out_len;

	memset(ni, 0x80, sizeof(ni));
	memset(nr, 0x7f, sizeof(nr));
	collision_low_nonce(out, &out_len, ni, sizeof(ni), nr, sizeof(nr));
	CHECK_BYTES(out, out_len, nr, sizeof(nr), "the lower of Ni and Nr is kept");
	nr[0] = 0x81;
	collision_low_nonce(out, &out_len, ni, sizeof(ni), nr, sizeof(nr));
	CHECK(out_len == COLLISION_NONCE_MAX && memcmp(out, ni, out_len) == 0,
	      "a long nonce is kept by its first 32 bytes");
	/* In place, as the daemon keeps it in the Child SA's own nonce buffer. */
	memcpy(out, nr, sizeof(nr));
	out_len = sizeof(nr);
	collision_low_nonce(out, &out_len, out, out_len, ni, sizeof(ni));
	CHECK(out_len == COLLISION_NONCE_MAX && memcmp(out, ni, out_len) == 0,
	      "the output may alias an input");
}

/* Two peers, A and B, each rekey the IKE SA: A's exchange has nonces (a1, a2),
 * B's (b1, b2). Each notes the other's exchange when it answers it, then decides
 * when its own response comes. Exactly one of them must lose. */
static void test_ike_verdicts_agree(void)
{
	unsigned agree = 0, kept = 0, runs = 200;

	for (unsigned i = 0; i < runs; i++) {
		uint8_t a1[32], a2[32], b1[32], b2[32];
		struct ike_sa at_a = { .serial = 1 }, at_b = { .serial = 1 };
		struct ike_sa theirs = { .serial = 7 };
		for (unsigned k = 0; k < 32; k++) {
			a1[k] = (uint8_t)rand();
			a2[k] = (uint8_t)rand();
			b1[k] = (uint8_t)rand();
			b2[k] = (uint8_t)rand();
		}
		collision_ike_note(&at_a, &theirs, b1, 32, b2, 32);
		collision_ike_note(&at_b, &theirs, a1, 32, a2, 32);
		bool a_lost = collision_ike_ours_lost(&at_a, a1, 32, a2, 32);
		bool b_lost = collision_ike_ours_lost(&at_b, b1, 32, b2, 32);
		agree += a_lost != b_lost;
		kept += at_a.rekeyed_by == 7 && at_b.rekeyed_by == 7;
		collision_ike_forget(&at_a);
		collision_ike_forget(&at_b);
		kept -= at_a.rekeyed_nonce || at_a.rekeyed_by || at_b.rekeyed_nonce;
	}
	CHECK(kept == runs, "the peer's new SA is remembered, and forgotten once settled");
	CHECK(agree == runs, "exactly one of the two peers loses, every time (%u of %u)", agree, runs);
}

int main(void)
{
	test_order();
	test_low_nonce();
	test_ike_verdicts_agree();
	return check_done();
}
