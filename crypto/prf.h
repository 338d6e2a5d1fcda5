/* IKEv2 pseudo-random functions (RFC 7296 section 2.13) and prf+.
 * Numbers are IANA IKEv2 Transform Type 2 IDs. */
#ifndef CRYPTO_PRF_H
#define CRYPTO_PRF_H
#include <stdbool.h>

#include "crypto/chunk.h"

#define PRF_MAX_OUT 64 /* HMAC-SHA2-512 */

struct prf_desc {
	uint16_t id;      /* 2 HMAC_SHA1, 4 AES128_XCBC, 5/6/7 HMAC_SHA2_256/384/512 */
	const char *name; /* Libreswan's spelling: "HMAC_SHA2_256", "AES_XCBC", ... */
	size_t out_len;   /* bytes of output */
	size_t key_len;   /* preferred key length (SK_d, SK_pi, SK_pr are this long) */
	bool fips;        /* allowed in FIPS mode (Libreswan's list) */
};

/* NULL when the ID is unknown or unsupported. */
const struct prf_desc *prf_lookup(uint16_t id);
/* The i-th supported PRF, in preference order; NULL past the end. */
const struct prf_desc *prf_at(size_t i);

/* Incremental PRF; the context holds the key schedule and is wiped by prf_final. */
struct prf_ctx {
	const struct prf_desc *desc;
	_Alignas(16) uint8_t opaque[640];
};
void prf_init(struct prf_ctx *ctx, const struct prf_desc *desc, const uint8_t *key,
	      size_t key_len);
void prf_update(struct prf_ctx *ctx, const void *data, size_t len);
void prf_final(struct prf_ctx *ctx, uint8_t *out); /* out: desc->out_len bytes */

/* One-shot over several pieces. */
void prf_compute(const struct prf_desc *desc, const uint8_t *key, size_t key_len,
		 const struct chunk *parts, size_t nparts, uint8_t *out);

/* prf+ (RFC 7296 2.13): T1 | T2 | ..., Tn = prf(K, Tn-1 | S | n).
 * Returns 0, or -EINVAL when out_len > 255 * desc->out_len. */
int prf_plus(const struct prf_desc *desc, const uint8_t *key, size_t key_len,
	     const struct chunk *seed, size_t nseed, uint8_t *out, size_t out_len);

#endif
