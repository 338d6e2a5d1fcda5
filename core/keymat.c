#include "core/keymat.h"

#include <errno.h>
#include <string.h>

void keymat_sizes(struct ike_keys *k)
{
	k->pkey_len = k->prf->key_len;
	k->ekey_len = encr_keymat_len(k->encr, k->encr_bits);
	k->akey_len = k->integ ? k->integ->key_len : 0;
}

/* skeyseed_len: the output size of the PRF that made SKEYSEED, which after a
 * rekey is the old SA's, not necessarily the new one's. */
static int expand(struct ike_keys *k, const uint8_t *skeyseed, size_t skeyseed_len,
		  const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
		  const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	uint8_t km[2 * PRF_MAX_OUT + 2 * INTEG_MAX_KEY + 2 * ENCR_MAX_KEY + PRF_MAX_OUT];
	struct chunk seed[] = { CHUNK(ni, ni_len), CHUNK(nr, nr_len), CHUNK(spi_i, 8),
				CHUNK(spi_r, 8) };
	size_t need, off = 0;
	int err;

	keymat_sizes(k);
	need = 3 * k->pkey_len + 2 * k->akey_len + 2 * k->ekey_len;
	if (need > sizeof(km))
		return -EINVAL;
	err = prf_plus(k->prf, skeyseed, skeyseed_len, seed, 4, km, need);
	if (err == 0) {
		memcpy(k->sk_d, km + off, k->pkey_len), off += k->pkey_len;
		memcpy(k->sk_ai, km + off, k->akey_len), off += k->akey_len;
		memcpy(k->sk_ar, km + off, k->akey_len), off += k->akey_len;
		memcpy(k->sk_ei, km + off, k->ekey_len), off += k->ekey_len;
		memcpy(k->sk_er, km + off, k->ekey_len), off += k->ekey_len;
		memcpy(k->sk_pi, km + off, k->pkey_len), off += k->pkey_len;
		memcpy(k->sk_pr, km + off, k->pkey_len);
	}
	wipe(km, sizeof(km));
	return err;
}

int keymat_ike(struct ike_keys *k, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
	       size_t nr_len, const uint8_t *gir, size_t gir_len, const uint8_t spi_i[8],
	       const uint8_t spi_r[8])
{
	uint8_t key[512], skeyseed[PRF_MAX_OUT];
	size_t klen;
	struct chunk data = CHUNK(gir, gir_len);
	int err;

	if (ni_len + nr_len > sizeof(key))
		return -EINVAL;
	/* RFC 7296 2.14: with a fixed-key-size PRF (AES-XCBC), the key is the first
	 * half-key of each nonce. */
	if (k->prf->id == 4 /* AES128_XCBC */) {
		if (ni_len < 8 || nr_len < 8)
			return -EINVAL;
		memcpy(key, ni, 8);
		memcpy(key + 8, nr, 8);
		klen = 16;
	} else {
		memcpy(key, ni, ni_len);
		memcpy(key + ni_len, nr, nr_len);
		klen = ni_len + nr_len;
	}
	prf_compute(k->prf, key, klen, &data, 1, skeyseed);
	err = expand(k, skeyseed, k->prf->out_len, ni, ni_len, nr, nr_len, spi_i, spi_r);
	wipe(key, sizeof(key));
	wipe(skeyseed, sizeof(skeyseed));
	return err;
}

int keymat_ike_rekey(struct ike_keys *k, const struct ike_keys *old, const uint8_t *ni,
		     size_t ni_len, const uint8_t *nr, size_t nr_len, const uint8_t *gir,
		     size_t gir_len, const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	uint8_t skeyseed[PRF_MAX_OUT];
	struct chunk data[] = { CHUNK(gir, gir_len), CHUNK(ni, ni_len), CHUNK(nr, nr_len) };
	int err;

	/* RFC 7296 2.18: SKEYSEED uses the old SA's PRF and SK_d; the new keys are
	 * expanded with the new SA's PRF, as Libreswan does (strongSwan expands with
	 * the old one: a rekey that changes the PRF does not interoperate with it,
	 * so a responder keeps the PRF when it can, see create_child.c). */
	prf_compute(old->prf, old->sk_d, old->pkey_len, data, 3, skeyseed);
	err = expand(k, skeyseed, old->prf->out_len, ni, ni_len, nr, nr_len, spi_i, spi_r);
	wipe(skeyseed, sizeof(skeyseed));
	return err;
}

int keymat_child(const struct ike_keys *k, const uint8_t *gir, size_t gir_len,
		 const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
		 uint8_t *out, size_t out_len)
{
	struct chunk seed[3];
	size_t n = 0;
	if (gir)
		seed[n++] = CHUNK(gir, gir_len);
	seed[n++] = CHUNK(ni, ni_len);
	seed[n++] = CHUNK(nr, nr_len);
	return prf_plus(k->prf, k->sk_d, k->pkey_len, seed, n, out, out_len);
}

void keymat_set_algs(struct ike_keys *k, const struct chosen *c)
{
	k->prf = prf_lookup(c->prf);
	k->encr = encr_lookup(c->encr);
	k->encr_bits = c->encr_bits;
	k->integ = c->integ ? integ_lookup(c->integ) : NULL;
	k->dh = c->dh;
}
