#include <bearssl.h>
#include <errno.h>
#include <string.h>

#include "crypto/accel.h"
#include "crypto/cipher.h"

enum {
	ENCR_3DES = 3,
	ENCR_NULL = 11,
	ENCR_AES_CBC = 12,
	ENCR_AES_CTR = 13,
	ENCR_AES_GCM_8 = 18,
	ENCR_AES_GCM_12 = 19,
	ENCR_AES_GCM_16 = 20,
	ENCR_CHACHA20_POLY1305 = 28,
};

#define AES_BITS { 128, 192, 256 }

/* Preference order. Layouts: RFC 3602 (CBC), RFC 5930 / RFC 3686 (CTR: 4-byte
 * nonce after the key), RFC 5282 / RFC 4106 (GCM: 4-byte salt), RFC 7634
 * (ChaCha20-Poly1305: 4-byte salt). Stream and AEAD modes need no padding beyond
 * the Pad Length octet (block_size 1), as in Libreswan. */
static const struct encr_desc encrs[] = {
	{ .id = ENCR_AES_GCM_16, .name = "AES_GCM_16", .aead = true, .ike = true,
	  .key_bits = AES_BITS, .default_bits = 128, .block_size = 1, .iv_len = 8,
	  .salt_len = 4, .icv_len = 16, .fips = true },
	{ .id = ENCR_AES_GCM_12, .name = "AES_GCM_12", .aead = true, .ike = true,
	  .key_bits = AES_BITS, .default_bits = 128, .block_size = 1, .iv_len = 8,
	  .salt_len = 4, .icv_len = 12, .fips = true },
	{ .id = ENCR_AES_GCM_8, .name = "AES_GCM_8", .aead = true, .ike = true,
	  .key_bits = AES_BITS, .default_bits = 128, .block_size = 1, .iv_len = 8,
	  .salt_len = 4, .icv_len = 8, .fips = true },
	{ .id = ENCR_CHACHA20_POLY1305, .name = "CHACHA20_POLY1305", .aead = true,
	  .ike = true, .default_bits = 256, .block_size = 1, .iv_len = 8, .salt_len = 4,
	  .icv_len = 16, .fips = false },
	{ .id = ENCR_AES_CBC, .name = "AES_CBC", .ike = true, .key_bits = AES_BITS,
	  .default_bits = 128, .block_size = 16, .iv_len = 16, .fips = true },
	{ .id = ENCR_AES_CTR, .name = "AES_CTR", .ike = true, .key_bits = AES_BITS,
	  .default_bits = 128, .block_size = 1, .iv_len = 8, .salt_len = 4, .fips = true },
	/* ESP only: the kernel does the work, we only name them. */
	{ .id = ENCR_3DES, .name = "3DES_CBC", .ike = false, .default_bits = 192,
	  .block_size = 8, .iv_len = 8, .fips = true },
	{ .id = ENCR_NULL, .name = "NULL", .ike = false, .default_bits = 0, .block_size = 1,
	  .fips = false },
};

const struct encr_desc *encr_lookup(uint16_t id)
{
	for (size_t i = 0; i < sizeof(encrs) / sizeof(encrs[0]); i++)
		if (encrs[i].id == id)
			return &encrs[i];
	return NULL;
}

const struct encr_desc *encr_at(size_t i)
{
	return i < sizeof(encrs) / sizeof(encrs[0]) ? &encrs[i] : NULL;
}

size_t encr_keymat_len(const struct encr_desc *desc, unsigned key_bits)
{
	return (key_bits ? key_bits : desc->default_bits) / 8 + desc->salt_len;
}

/* The cipher key length implied by the keymat length, or 0 when not one the
 * descriptor accepts. */
static size_t cipher_key_len(const struct encr_desc *desc, size_t keymat_len)
{
	size_t k;

	if (!desc->ike || keymat_len <= desc->salt_len)
		return 0;
	k = keymat_len - desc->salt_len;
	if (desc->key_bits[0] == 0)
		return k * 8 == desc->default_bits ? k : 0;
	for (size_t i = 0; i < 3 && desc->key_bits[i]; i++)
		if (k * 8 == desc->key_bits[i])
			return k;
	return 0;
}

static void put_be64(uint8_t *out, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		out[i] = (uint8_t)v;
}

/* The 12-byte nonce of CTR, GCM and ChaCha20: salt from the keymat, then the
 * 8-byte wire IV (RFC 3686 section 4, RFC 4106 section 4, RFC 7634 section 2). */
static void nonce12(uint8_t out[12], const uint8_t *salt, const uint8_t *iv)
{
	memcpy(out, salt, 4);
	memcpy(out + 4, iv, 8);
}

/* GCM tag (NIST SP 800-38D section 7.1) over aad and ciphertext, computed apart
 * from the CTR pass so decryption can check it before touching the data. */
static void gcm_tag(const br_block_ctr_class *const *ctr, const uint8_t n[12],
		    const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t len,
		    uint8_t tag[16])
{
	br_ghash ghash = accel_ghash();
	uint8_t h[16], zero[12], lens[16];

	memset(h, 0, sizeof(h));
	memset(zero, 0, sizeof(zero));
	(*ctr)->run(ctr, zero, 0, h, sizeof(h)); /* H = E(K, 0^128) */
	memset(tag, 0, 16);
	ghash(tag, h, aad, aad_len);
	ghash(tag, h, ct, len);
	put_be64(lens, (uint64_t)aad_len * 8);
	put_be64(lens + 8, (uint64_t)len * 8);
	ghash(tag, h, lens, sizeof(lens));
	(*ctr)->run(ctr, n, 1, tag, 16); /* ^= E(K, J0), J0 = nonce | 1 */
	wipe(h, sizeof(h));
}

/* ChaCha20 that only produces the Poly1305 key (block 0) and leaves the data
 * alone: lets BearSSL's Poly1305 compute the tag of a ciphertext without
 * decrypting it. */
static uint32_t chacha20_key_only(const void *key, const void *iv, uint32_t cc, void *data,
				  size_t len)
{
	if (cc == 0)
		return accel_chacha20()(key, iv, cc, data, len);
	return cc + (uint32_t)((len + 63) / 64);
}

/* One direction of one message: out receives the ICV when encrypting, in holds
 * the ICV to verify when decrypting (both unused by CBC and CTR). */
struct sk_op {
	bool decrypt;
	uint8_t *icv_out;
	const uint8_t *icv_in;
};

static int aes_cbc(const uint8_t *key, size_t klen, const uint8_t *iv, uint8_t *data,
		   size_t len, bool decrypt)
{
	uint8_t chain[16];

	if (len % 16)
		return -EINVAL;
	memcpy(chain, iv, 16);
	if (decrypt) {
		const br_block_cbcdec_class *dec = accel_aes_cbcdec();
		br_aes_gen_cbcdec_keys k;

		dec->init(&k.vtable, key, klen);
		dec->run(&k.vtable, chain, data, len);
		wipe(&k, sizeof(k));
	} else {
		const br_block_cbcenc_class *enc = accel_aes_cbcenc();
		br_aes_gen_cbcenc_keys k;

		enc->init(&k.vtable, key, klen);
		enc->run(&k.vtable, chain, data, len);
		wipe(&k, sizeof(k));
	}
	return 0;
}

/* CTR and GCM share the counter-mode pass. */
static int aes_ctr_gcm(const struct encr_desc *desc, const uint8_t *key, size_t klen,
		       const uint8_t *iv, const uint8_t *aad, size_t aad_len, uint8_t *data,
		       size_t len, const struct sk_op *op)
{
	const br_block_ctr_class *ctr = accel_aes_ctr();
	br_aes_gen_ctr_keys k;
	uint8_t n[12], tag[16];
	int err = 0;

	ctr->init(&k.vtable, key, klen);
	nonce12(n, key + klen, iv);
	if (desc->id == ENCR_AES_CTR) {
		/* RFC 3686 section 4: the block counter starts at 1. */
		ctr->run(&k.vtable, n, 1, data, len);
	} else if (op->decrypt) {
		gcm_tag(&k.vtable, n, aad, aad_len, data, len, tag);
		if (ct_equal(tag, op->icv_in, desc->icv_len))
			ctr->run(&k.vtable, n, 2, data, len);
		else
			err = -EBADMSG;
	} else {
		ctr->run(&k.vtable, n, 2, data, len); /* J0 + 1 */
		gcm_tag(&k.vtable, n, aad, aad_len, data, len, tag);
		memcpy(op->icv_out, tag, desc->icv_len);
	}
	wipe(&k, sizeof(k));
	wipe(tag, sizeof(tag));
	return err;
}

static int chacha20_poly1305(const struct encr_desc *desc, const uint8_t *key,
			     const uint8_t *iv, const uint8_t *aad, size_t aad_len,
			     uint8_t *data, size_t len, const struct sk_op *op)
{
	br_poly1305_run poly = accel_poly1305();
	uint8_t n[12], tag[16];
	int err = 0;

	nonce12(n, key + 32, iv);
	if (op->decrypt) {
		poly(key, n, data, len, aad, aad_len, tag, chacha20_key_only, 0);
		if (ct_equal(tag, op->icv_in, desc->icv_len))
			accel_chacha20()(key, n, 1, data, len);
		else
			err = -EBADMSG;
	} else {
		poly(key, n, data, len, aad, aad_len, tag, accel_chacha20(), 1);
		memcpy(op->icv_out, tag, desc->icv_len);
	}
	wipe(tag, sizeof(tag));
	return err;
}

static int encr_run(const struct encr_desc *desc, const uint8_t *key, size_t key_len,
		    const uint8_t *iv, const uint8_t *aad, size_t aad_len, uint8_t *data,
		    size_t len, const struct sk_op *op)
{
	size_t klen = cipher_key_len(desc, key_len);

	if (klen == 0 || (desc->aead && !(op->decrypt ? op->icv_in : op->icv_out)))
		return -EINVAL;
	switch (desc->id) {
	case ENCR_AES_CBC:
		return aes_cbc(key, klen, iv, data, len, op->decrypt);
	case ENCR_CHACHA20_POLY1305:
		return chacha20_poly1305(desc, key, iv, aad, aad_len, data, len, op);
	default:
		return aes_ctr_gcm(desc, key, klen, iv, aad, aad_len, data, len, op);
	}
}

int encr_encrypt(const struct encr_desc *desc, const uint8_t *key, size_t key_len,
		 const uint8_t *iv, const uint8_t *aad, size_t aad_len, uint8_t *data,
		 size_t len, uint8_t *icv)
{
	const struct sk_op op = { .decrypt = false, .icv_out = icv };

	return encr_run(desc, key, key_len, iv, aad, aad_len, data, len, &op);
}

int encr_decrypt(const struct encr_desc *desc, const uint8_t *key, size_t key_len,
		 const uint8_t *iv, const uint8_t *aad, size_t aad_len, uint8_t *data,
		 size_t len, const uint8_t *icv)
{
	const struct sk_op op = { .decrypt = true, .icv_in = icv };

	return encr_run(desc, key, key_len, iv, aad, aad_len, data, len, &op);
}
