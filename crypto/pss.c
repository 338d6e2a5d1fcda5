/* EMSA-PSS encoding and verification (RFC 8017 sections 9.1.1, 9.1.2, B.2.1). */
#include "crypto/pss.h"

#include <errno.h>
#include <string.h>

#include "crypto/chunk.h"
#include "crypto/sighash.h"

/* XORs MGF1(seed) into out. */
static void mgf1_xor(const struct sighash *h, const uint8_t *seed, size_t seed_len,
		     uint8_t *out, size_t len)
{
	uint8_t block[64];

	for (uint32_t counter = 0; len > 0; counter++) {
		br_hash_compat_context ctx;
		uint8_t c[4] = { (uint8_t)(counter >> 24), (uint8_t)(counter >> 16),
				 (uint8_t)(counter >> 8), (uint8_t)counter };
		size_t n = len < h->out_len ? len : h->out_len;

		h->vtable->init(&ctx.vtable);
		h->vtable->update(&ctx.vtable, seed, seed_len);
		h->vtable->update(&ctx.vtable, c, sizeof(c));
		h->vtable->out(&ctx.vtable, block);
		for (size_t i = 0; i < n; i++)
			out[i] ^= block[i];
		out += n;
		len -= n;
	}
}

/* H = Hash(00 x 8 | Hash(msg) | salt) */
static void pss_h(const struct sighash *h, const uint8_t *msg, size_t msg_len,
		  const uint8_t *salt, size_t salt_len, uint8_t *out)
{
	static const uint8_t zeros[8];
	uint8_t mhash[64];
	br_hash_compat_context ctx;

	sighash_compute(h, msg, msg_len, mhash);
	h->vtable->init(&ctx.vtable);
	h->vtable->update(&ctx.vtable, zeros, sizeof(zeros));
	h->vtable->update(&ctx.vtable, mhash, h->out_len);
	h->vtable->update(&ctx.vtable, salt, salt_len);
	h->vtable->out(&ctx.vtable, out);
}

int emsa_pss_encode(enum sig_hash hash, const uint8_t *msg, size_t msg_len,
		    const uint8_t *salt, size_t salt_len, unsigned em_bits, uint8_t *em)
{
	const struct sighash *h = sighash_by_id(hash);
	size_t em_len = (em_bits + 7) / 8, db_len;

	if (!h || em_len < h->out_len + salt_len + 2)
		return -EINVAL;
	db_len = em_len - h->out_len - 1;
	/* DB = PS | 01 | salt, then masked by MGF1(H). */
	memset(em, 0, db_len - salt_len - 1);
	em[db_len - salt_len - 1] = 0x01;
	memcpy(em + db_len - salt_len, salt, salt_len);
	pss_h(h, msg, msg_len, salt, salt_len, em + db_len);
	mgf1_xor(h, em + db_len, h->out_len, em, db_len);
	em[0] &= (uint8_t)(0xff >> (8 * em_len - em_bits));
	em[em_len - 1] = 0xbc;
	return 0;
}

int emsa_pss_verify(enum sig_hash hash, const uint8_t *msg, size_t msg_len,
		    size_t salt_len, unsigned em_bits, const uint8_t *em)
{
	const struct sighash *h = sighash_by_id(hash);
	size_t em_len = (em_bits + 7) / 8, db_len;
	uint8_t db[512], want[64];
	uint8_t top_mask;
	int ok = 1;

	if (!h || em_len < h->out_len + salt_len + 2 || em_len > sizeof(db))
		return -EBADMSG;
	db_len = em_len - h->out_len - 1;
	top_mask = (uint8_t)(0xff << (8 - (8 * em_len - em_bits)));
	if (em[em_len - 1] != 0xbc || (8 * em_len > em_bits && (em[0] & top_mask)))
		return -EBADMSG;
	memcpy(db, em, db_len);
	mgf1_xor(h, em + db_len, h->out_len, db, db_len);
	db[0] &= (uint8_t)(0xff >> (8 * em_len - em_bits));
	for (size_t i = 0; i < db_len - salt_len - 1; i++)
		ok &= db[i] == 0;
	ok &= db[db_len - salt_len - 1] == 0x01;
	pss_h(h, msg, msg_len, db + db_len - salt_len, salt_len, want);
	ok &= memcmp(want, em + db_len, h->out_len) == 0;
	wipe(db, sizeof(db));
	return ok ? 0 : -EBADMSG;
}
