/* crypto/sha256_ni.c: FIPS 180-2 Appendix B vectors, RFC 4231 HMAC test case 2,
 * and agreement with BearSSL's own SHA-256 on every length up to 1,000 bytes fed
 * in uneven pieces, including the state/set_state pair HMAC relies on. On a CPU
 * without the SHA extensions the code cannot run: only the choice is checked. */
#include <bearssl.h>
#include <cpuid.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/accel.h"
#include "crypto/random.h"
#include "tests/unit/check.h"

static void digest(const br_hash_class *vt, const void *data, size_t len, size_t step,
		   uint8_t out[32])
{
	br_hash_compat_context c;
	const uint8_t *p = data;

	vt->init(&c.vtable);
	while (len) {
		size_t n = step < len ? step : len;
		vt->update(&c.vtable, p, n);
		p += n;
		len -= n;
	}
	vt->out(&c.vtable, out);
}

static bool have_sha_ni(void)
{
	unsigned a, b, c, d;
	return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) && (c & bit_SSE4_1) &&
	       __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}

int main(void)
{
	const br_hash_class *ni = &sha256_ni_vtable, *ref = &br_sha256_vtable;
	uint8_t got[32], want[32], data[1000];
	size_t len;
	uint8_t *w;
	bool all_same = true;

	if (!have_sha_ni()) {
		CHECK(accel_sha256() == ref, "no SHA extensions: BearSSL's SHA-256 is used");
		return check_done();
	}
	CHECK(accel_sha256() == ni, "SHA extensions present: they are used");
	CHECK(ni->desc == ref->desc && ni->context_size <= sizeof(br_hash_compat_context),
	      "same descriptor as br_sha256_vtable");

	/* FIPS 180-2 Appendix B.1 and B.2. */
	digest(ni, "abc", 3, 3, got);
	w = check_unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", &len);
	CHECK_BYTES(got, 32, w, len, "FIPS 180-2 B.1: \"abc\"");
	free(w);
	digest(ni, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, 7, got);
	w = check_unhex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", &len);
	CHECK_BYTES(got, 32, w, len, "FIPS 180-2 B.2: 448 bits, fed 7 bytes at a time");
	free(w);

	/* RFC 4231 test case 2: HMAC-SHA-256 with key "Jefe". */
	{
		br_hmac_key_context kc;
		br_hmac_context hc;
		static const char msg[] = "what do ya want for nothing?";
		br_hmac_key_init(&kc, ni, "Jefe", 4);
		br_hmac_init(&hc, &kc, 0);
		br_hmac_update(&hc, msg, sizeof(msg) - 1);
		br_hmac_out(&hc, got);
		w = check_unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
				&len);
		CHECK_BYTES(got, 32, w, len, "RFC 4231 test case 2 through BearSSL's HMAC");
		free(w);
	}

	random_bytes(data, sizeof(data));
	for (size_t n = 0; n <= sizeof(data); n++) {
		digest(ni, data, n, 1 + n % 67, got);
		digest(ref, data, n, n ? n : 1, want);
		if (memcmp(got, want, 32) != 0) {
			CHECK(0, "length %zu differs from BearSSL", n);
			all_same = false;
		}
	}
	CHECK(all_same, "lengths 0..1000 in uneven pieces: same digests as BearSSL");

	/* state/set_state across implementations: HMAC keys made by one work with the other. */
	{
		br_hash_compat_context a, b;
		uint8_t st[32];
		uint64_t count;
		ref->init(&a.vtable);
		ref->update(&a.vtable, data, 128);
		count = ref->state(&a.vtable, st);
		ni->init(&b.vtable);
		ni->set_state(&b.vtable, st, count);
		ni->update(&b.vtable, data + 128, 300);
		ni->out(&b.vtable, got);
		digest(ref, data, 428, 428, want);
		CHECK(memcmp(got, want, 32) == 0 && count == 128,
		      "BearSSL's state carried on by ours gives BearSSL's digest");
	}
	return check_done();
}
