/* MODP Diffie-Hellman (RFC 3526) on BearSSL's constant-time big integers: the
 * exponentiation's time and memory accesses depend only on the prime's and the
 * exponent's byte lengths. */
#include "crypto/dh_modp.h"

#include <bearssl.h>
#include <errno.h>
#include <string.h>

#include "crypto/dh_impl.h"
#include "crypto/random.h"

/* BearSSL 0.6 exports these from libbearssl.a but declares them only in its
 * private src/inner.h, which Debian does not ship. "i31" integers: x[0] is the
 * encoded bit length, then 31-bit little-endian words. */
void br_i31_decode(uint32_t *x, const void *src, size_t len);
uint32_t br_i31_decode_mod(uint32_t *x, const void *src, size_t len, const uint32_t *m);
void br_i31_encode(void *dst, size_t len, const uint32_t *x);
uint32_t br_i31_ninv31(uint32_t x);
/* x = x^e mod m with 64-bit multiplies; tmp of twlen words: 2 + 2^w + 1 moduli
 * for a w-bit window (it picks the widest that fits, falling back to i31 below
 * four). Returns 1, or 0 when tmp is too small. */
uint32_t br_i62_modpow_opt(uint32_t *x, const unsigned char *e, size_t elen,
			   const uint32_t *m, uint32_t m0i, uint64_t *tmp, size_t twlen);

#define MODP_MAX_BITS 8192
#define I31_WORDS (2 + MODP_MAX_BITS / 31) /* length word + ceil(8192 / 31) */
#define I62_WORDS (I31_WORDS / 2) /* ceil(265 value words / 2) */
#define MODPOW_TMP ((2 + 16 + 1) * I62_WORDS) /* a 4-bit window at 8192 bits, 5 below */

struct modp_group {
	uint16_t id;
	const uint8_t *p;
	size_t len;
	/* Private exponent size: RFC 3526 section 8, "Strength Estimate 2", which is
	 * also at least twice the strength in dh.c (NIST SP 800-56A 5.6.1.1.4). */
	unsigned exp_bits;
};

static const struct modp_group groups[] = {
	{ 5, modp_prime_1536, sizeof(modp_prime_1536), 240 },
	{ 14, modp_prime_2048, sizeof(modp_prime_2048), 320 },
	{ 15, modp_prime_3072, sizeof(modp_prime_3072), 420 },
	{ 16, modp_prime_4096, sizeof(modp_prime_4096), 480 },
	{ 17, modp_prime_6144, sizeof(modp_prime_6144), 540 },
	{ 18, modp_prime_8192, sizeof(modp_prime_8192), 620 },
};

static const struct modp_group *modp_group(uint16_t id)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (groups[i].id == id)
			return &groups[i];
	return NULL;
}

const uint8_t *modp_prime(uint16_t group, size_t *len)
{
	const struct modp_group *g = modp_group(group);

	if (!g)
		return NULL;
	*len = g->len;
	return g->p;
}

static bool all_zero(const uint8_t *p, size_t len)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < len; i++)
		acc |= p[i];
	return acc == 0;
}

/* out = base^e mod p, out and base (NULL: the generator 2) g->len bytes. */
static int modexp(const struct modp_group *g, const uint8_t *base, const uint8_t *e,
		  size_t elen, uint8_t *out)
{
	uint32_t m[I31_WORDS], x[I31_WORDS];
	uint64_t tmp[MODPOW_TMP];
	int err = 0;

	br_i31_decode(m, g->p, g->len);
	if (base) {
		if (!br_i31_decode_mod(x, base, g->len, m)) {
			err = -EINVAL;
			goto out;
		}
	} else {
		x[0] = m[0];
		memset(x + 1, 0, ((m[0] + 31) >> 5) * sizeof(x[0]));
		x[1] = 2;
	}
	if (!br_i62_modpow_opt(x, e, elen, m, br_i31_ninv31(m[1]), tmp, MODPOW_TMP)) {
		err = -EINVAL;
		goto out;
	}
	br_i31_encode(out, g->len, x);
out:
	wipe(x, sizeof(x));
	wipe(tmp, sizeof(tmp));
	return err;
}

static void modp_gen(struct dh_secret *s)
{
	const struct modp_group *g = modp_group(s->desc->id);

	s->priv_len = (g->exp_bits + 7) / 8;
	do {
		random_bytes(s->priv, s->priv_len);
		if (g->exp_bits % 8)
			s->priv[0] &= (uint8_t)((1u << (g->exp_bits % 8)) - 1);
	} while (all_zero(s->priv, s->priv_len));
}

static int modp_pub(const struct dh_secret *s, uint8_t *pub)
{
	const struct modp_group *g = modp_group(s->desc->id);

	if (all_zero(s->priv, s->priv_len))
		return -EINVAL;
	return modexp(g, NULL, s->priv, s->priv_len, pub);
}

/* 1 < y < p - 1 (RFC 7296 section 5 and NIST SP 800-56A 5.6.2.3.1): y = 0, 1 and
 * p - 1 would force the shared secret into {0, 1, p - 1}. The peer value is
 * public, so plain comparisons do. */
static bool peer_in_range(const struct modp_group *g, const uint8_t *y)
{
	uint8_t pm1[MODP_MAX_BITS / 8];

	if (all_zero(y, g->len - 1) && y[g->len - 1] <= 1)
		return false;
	memcpy(pm1, g->p, g->len);
	pm1[g->len - 1] -= 1; /* p is odd: no borrow */
	return memcmp(y, pm1, g->len) < 0;
}

static int modp_shared(const struct dh_secret *s, const uint8_t *peer, uint8_t *shared)
{
	const struct modp_group *g = modp_group(s->desc->id);

	if (!peer_in_range(g, peer) || all_zero(s->priv, s->priv_len))
		return -EINVAL;
	return modexp(g, peer, s->priv, s->priv_len, shared);
}

const struct dh_ops dh_modp_ops = { modp_gen, modp_pub, modp_shared };
