/* SHA-256 (FIPS 180-4) on the x86 SHA extensions, behind BearSSL's hash class
 * so that HMAC and prf+ use it unchanged: with BearSSL's portable code the PRF
 * is 5 % of a handshake's instructions, with these about a tenth of that. State
 * and count are encoded as br_sha256_vtable encodes them (the eight words big-
 * endian), so HMAC keys precomputed with either work with both. Only chosen by
 * accel_sha256() on a CPU that has the instructions. */
#include <immintrin.h>
#include <string.h>

#include "crypto/accel.h"
#include "crypto/chunk.h"

#define SHA_NI __attribute__((target("sha,sse4.1,ssse3")))

struct sha256_ni {
	const br_hash_class *vtable;
	unsigned char buf[64];
	uint64_t count;
	uint32_t val[8];
};

_Static_assert(sizeof(struct sha256_ni) <= sizeof(br_hash_compat_context),
	       "fits where HMAC keeps its hash context");

/* FIPS 180-4 section 4.2.2 and 5.3.3. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
static const uint32_t IV[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

/* n 64-byte blocks into val. SHA256RNDS2 wants the state as two registers,
 * A B E F and C D G H (highest lane first), and does two rounds with the two
 * low lanes of W+K; SHA256MSG1/MSG2 extend the message four words at a time. */
SHA_NI static void compress(uint32_t val[8], const unsigned char *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i abcd = _mm_loadu_si128((const __m128i *)&val[0]);
	__m128i efgh = _mm_loadu_si128((const __m128i *)&val[4]);
	__m128i badc = _mm_shuffle_epi32(abcd, 0xb1);
	__m128i hgfe = _mm_shuffle_epi32(efgh, 0x1b);
	__m128i abef = _mm_alignr_epi8(badc, hgfe, 8);
	__m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xf0);

	for (; n > 0; n--, p += 64) {
		__m128i w[4], save_abef = abef, save_cdgh = cdgh;

		for (int i = 0; i < 4; i++)
			w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
		for (int i = 0; i < 16; i++) {
			__m128i wk;
			if (i >= 4) {
				/* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at a
				 * time from the four previous groups w[i-4] .. w[i-1]. */
				__m128i t = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
				t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
				w[i & 3] = _mm_sha256msg2_epu32(t, w[(i + 3) & 3]);
			}
			wk = _mm_add_epi32(w[i & 3], _mm_loadu_si128((const __m128i *)&K[4 * i]));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0e));
		}
		abef = _mm_add_epi32(abef, save_abef);
		cdgh = _mm_add_epi32(cdgh, save_cdgh);
	}
	{
		__m128i feba = _mm_shuffle_epi32(abef, 0x1b);
		__m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);
		_mm_storeu_si128((__m128i *)&val[0], _mm_blend_epi16(feba, dchg, 0xf0));
		_mm_storeu_si128((__m128i *)&val[4], _mm_alignr_epi8(dchg, feba, 8));
	}
}

static void put_be32(unsigned char *out, uint32_t v)
{
	out[0] = (unsigned char)(v >> 24);
	out[1] = (unsigned char)(v >> 16);
	out[2] = (unsigned char)(v >> 8);
	out[3] = (unsigned char)v;
}

static void init(const br_hash_class **vt)
{
	struct sha256_ni *c = (struct sha256_ni *)(void *)vt;

	c->vtable = &sha256_ni_vtable;
	memcpy(c->val, IV, sizeof(IV));
	c->count = 0;
}

static void update(const br_hash_class **vt, const void *data, size_t len)
{
	struct sha256_ni *c = (struct sha256_ni *)(void *)vt;
	const unsigned char *p = data;
	size_t have = (size_t)c->count & 63;

	c->count += len;
	if (have) {
		size_t take = 64 - have < len ? 64 - have : len;
		memcpy(c->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		compress(c->val, c->buf, 1);
	}
	if (len >= 64) {
		compress(c->val, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	memcpy(c->buf, p, len);
}

static void out(const br_hash_class *const *vt, void *dst)
{
	const struct sha256_ni *c = (const struct sha256_ni *)(const void *)vt;
	unsigned char buf[64], *d = dst;
	uint32_t val[8];
	size_t have = (size_t)c->count & 63;
	uint64_t bits = c->count << 3;

	memcpy(buf, c->buf, have);
	memcpy(val, c->val, sizeof(val));
	buf[have++] = 0x80;
	if (have > 56) {
		memset(buf + have, 0, 64 - have);
		compress(val, buf, 1);
		have = 0;
	}
	memset(buf + have, 0, 56 - have);
	put_be32(buf + 56, (uint32_t)(bits >> 32));
	put_be32(buf + 60, (uint32_t)bits);
	compress(val, buf, 1);
	for (int i = 0; i < 8; i++)
		put_be32(d + 4 * i, val[i]);
	wipe(buf, sizeof(buf));
	wipe(val, sizeof(val));
}

static uint64_t state(const br_hash_class *const *vt, void *dst)
{
	const struct sha256_ni *c = (const struct sha256_ni *)(const void *)vt;
	unsigned char *d = dst;

	for (int i = 0; i < 8; i++)
		put_be32(d + 4 * i, c->val[i]);
	return c->count;
}

static void set_state(const br_hash_class **vt, const void *stb, uint64_t count)
{
	struct sha256_ni *c = (struct sha256_ni *)(void *)vt;
	const unsigned char *s = stb;

	for (int i = 0; i < 8; i++)
		c->val[i] = (uint32_t)s[4 * i] << 24 | (uint32_t)s[4 * i + 1] << 16 |
			    (uint32_t)s[4 * i + 2] << 8 | s[4 * i + 3];
	c->count = count;
}

const br_hash_class sha256_ni_vtable = {
	sizeof(struct sha256_ni),
	BR_HASHDESC_ID(br_sha256_ID) | BR_HASHDESC_OUT(32) | BR_HASHDESC_STATE(32) |
		BR_HASHDESC_LBLEN(6) | BR_HASHDESC_MD_PADDING | BR_HASHDESC_MD_PADDING_BE,
	init, update, out, state, set_state,
};
