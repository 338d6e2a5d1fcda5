#include "crypto/prf.h"

#include <bearssl.h>
#include <errno.h>
#include <string.h>

#include "crypto/accel.h"
#include "crypto/aes_xcbc.h"

/* Preference order: what pluto --selftest lists and what a default offer prefers. */
static const struct prf_desc prfs[] = {
	{ .id = 5, .name = "HMAC_SHA2_256", .out_len = 32, .key_len = 32, .fips = true },
	{ .id = 6, .name = "HMAC_SHA2_384", .out_len = 48, .key_len = 48, .fips = true },
	{ .id = 7, .name = "HMAC_SHA2_512", .out_len = 64, .key_len = 64, .fips = true },
	{ .id = 2, .name = "HMAC_SHA1", .out_len = 20, .key_len = 20, .fips = true },
	/* RFC 4434; Libreswan does not allow it in FIPS mode. */
	{ .id = 4, .name = "AES_XCBC", .out_len = 16, .key_len = 16, .fips = false },
};

#define PRF_AES128_XCBC 4

/* A keyed PRF before any data: HMAC's inner and outer hash states, or the
 * XCBC subkeys. Copying it is cheaper than re-keying (prf+ keys once). */
union prf_key {
	br_hmac_key_context hmac;
	struct aes_xcbc xcbc;
};

union prf_state {
	br_hmac_context hmac;
	struct aes_xcbc xcbc;
};

_Static_assert(sizeof(union prf_state) <= sizeof(((struct prf_ctx *)0)->opaque),
	       "prf_ctx.opaque too small for BearSSL's HMAC / our XCBC state");
_Static_assert(_Alignof(union prf_state) <= 16, "prf_ctx.opaque under-aligned");

const struct prf_desc *prf_lookup(uint16_t id)
{
	for (size_t i = 0; i < sizeof(prfs) / sizeof(prfs[0]); i++)
		if (prfs[i].id == id)
			return &prfs[i];
	return NULL;
}

const struct prf_desc *prf_at(size_t i)
{
	return i < sizeof(prfs) / sizeof(prfs[0]) ? &prfs[i] : NULL;
}

static const br_hash_class *prf_hash(const struct prf_desc *desc)
{
	switch (desc->id) {
	case 2:
		return &br_sha1_vtable;
	case 5:
		return accel_sha256();
	case 6:
		return &br_sha384_vtable;
	default:
		return &br_sha512_vtable;
	}
}

static void prf_key_init(union prf_key *k, const struct prf_desc *desc, const uint8_t *key,
			 size_t key_len)
{
	uint8_t k16[AES_XCBC_KEY];

	if (desc->id != PRF_AES128_XCBC) {
		br_hmac_key_init(&k->hmac, prf_hash(desc), key, key_len);
		return;
	}
	/* RFC 4434 section 2: a short key is padded with zeros; a long one is
	 * replaced by AES-XCBC-PRF-128 of it under the all-zero key. */
	memset(k16, 0, sizeof(k16));
	if (key_len <= AES_XCBC_KEY) {
		memcpy(k16, key, key_len);
	} else {
		aes_xcbc_init(&k->xcbc, k16);
		aes_xcbc_update(&k->xcbc, key, key_len);
		aes_xcbc_final(&k->xcbc, k16);
	}
	aes_xcbc_init(&k->xcbc, k16);
	wipe(k16, sizeof(k16));
}

static void prf_start(struct prf_ctx *ctx, const struct prf_desc *desc, const union prf_key *k)
{
	union prf_state *s = (union prf_state *)ctx->opaque;

	ctx->desc = desc;
	if (desc->id == PRF_AES128_XCBC)
		s->xcbc = k->xcbc;
	else
		br_hmac_init(&s->hmac, &k->hmac, 0);
}

void prf_init(struct prf_ctx *ctx, const struct prf_desc *desc, const uint8_t *key,
	      size_t key_len)
{
	union prf_key k;

	prf_key_init(&k, desc, key, key_len);
	prf_start(ctx, desc, &k);
	wipe(&k, sizeof(k));
}

void prf_update(struct prf_ctx *ctx, const void *data, size_t len)
{
	union prf_state *s = (union prf_state *)ctx->opaque;

	if (ctx->desc->id == PRF_AES128_XCBC)
		aes_xcbc_update(&s->xcbc, data, len);
	else
		br_hmac_update(&s->hmac, data, len);
}

void prf_final(struct prf_ctx *ctx, uint8_t *out)
{
	union prf_state *s = (union prf_state *)ctx->opaque;

	if (ctx->desc->id == PRF_AES128_XCBC)
		aes_xcbc_final(&s->xcbc, out);
	else
		br_hmac_out(&s->hmac, out);
	wipe(ctx->opaque, sizeof(ctx->opaque));
}

void prf_compute(const struct prf_desc *desc, const uint8_t *key, size_t key_len,
		 const struct chunk *parts, size_t nparts, uint8_t *out)
{
	struct prf_ctx ctx;

	prf_init(&ctx, desc, key, key_len);
	for (size_t i = 0; i < nparts; i++)
		prf_update(&ctx, parts[i].ptr, parts[i].len);
	prf_final(&ctx, out);
}

int prf_plus(const struct prf_desc *desc, const uint8_t *key, size_t key_len,
	     const struct chunk *seed, size_t nseed, uint8_t *out, size_t out_len)
{
	union prf_key k;
	uint8_t t[PRF_MAX_OUT];
	size_t t_len = 0;

	if (out_len > 255 * desc->out_len)
		return -EINVAL;
	prf_key_init(&k, desc, key, key_len);
	for (uint8_t n = 1; out_len > 0; n++) {
		struct prf_ctx ctx;
		size_t take = out_len < desc->out_len ? out_len : desc->out_len;

		/* T(n) = prf(K, T(n-1) | S | n), T(0) empty */
		prf_start(&ctx, desc, &k);
		prf_update(&ctx, t, t_len);
		for (size_t i = 0; i < nseed; i++)
			prf_update(&ctx, seed[i].ptr, seed[i].len);
		prf_update(&ctx, &n, 1);
		prf_final(&ctx, t);
		t_len = desc->out_len;
		memcpy(out, t, take);
		out += take;
		out_len -= take;
	}
	wipe(&k, sizeof(k));
	wipe(t, sizeof(t));
	return 0;
}
