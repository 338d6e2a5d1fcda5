/* Encryption and integrity for the IKEv2 SK payload (RFC 7296 3.14, RFC 5282 for
 * AEAD, RFC 5930 for CTR, RFC 7634 for ChaCha20-Poly1305). The same descriptors
 * name the ESP transforms the kernel is given. IDs are IANA IKEv2 Transform Type 1
 * (ENCR) and Type 3 (INTEG) numbers. */
#ifndef CRYPTO_CIPHER_H
#define CRYPTO_CIPHER_H
#include <stdbool.h>

#include "crypto/chunk.h"

#define ENCR_MAX_KEY 36 /* AES-256 plus a 4-byte salt */
#define ENCR_MAX_IV 16
#define INTEG_MAX_KEY 64
#define INTEG_MAX_ICV 32

struct encr_desc {
	uint16_t id;            /* 12 AES_CBC, 13 AES_CTR, 18/19/20 AES_GCM_8/12/16,
	                           28 CHACHA20_POLY1305, 3 3DES (ESP only), 11 NULL (ESP) */
	const char *name;       /* Libreswan's spelling: "AES_CBC", "AES_GCM_16", ... */
	bool aead;
	bool ike;               /* usable for the SK payload */
	uint16_t key_bits[3];   /* accepted Key Length attribute values, 0-terminated;
	                           all zero: fixed size, no attribute (ChaCha20: 256) */
	uint16_t default_bits;  /* Libreswan's default when the proposal names none;
	                           for a fixed-size cipher, its key size */
	size_t block_size;      /* padding unit for the SK payload (1 for stream modes) */
	size_t iv_len;          /* bytes of IV on the wire */
	size_t salt_len;        /* extra keying material after the key (GCM, CTR, ChaCha) */
	size_t icv_len;         /* AEAD tag length; 0 otherwise */
	bool fips;              /* allowed in FIPS mode (Libreswan's list) */
};

struct integ_desc {
	uint16_t id;            /* 2 HMAC_SHA1_96, 5 AES_XCBC_96, 12/13/14 HMAC_SHA2_*  */
	const char *name;       /* "HMAC_SHA1_96", "HMAC_SHA2_256_128", ... */
	size_t key_len;
	size_t icv_len;         /* truncated output length */
	bool fips;              /* allowed in FIPS mode (Libreswan's list) */
};

const struct encr_desc *encr_lookup(uint16_t id);
const struct integ_desc *integ_lookup(uint16_t id);
/* The i-th known transform, in preference order; NULL past the end. */
const struct encr_desc *encr_at(size_t i);
const struct integ_desc *integ_at(size_t i);

/* Key material size for an SK_e / ESP key: key_bits / 8 + salt_len (key_bits 0:
 * default_bits). */
size_t encr_keymat_len(const struct encr_desc *desc, unsigned key_bits);

/* Encrypts data (len bytes, in place). key is the keymat (key then salt).
 * Non-AEAD: len must be a multiple of block_size; iv is iv_len bytes; aad and icv
 * are ignored (integrity is integ_compute over the message).
 * AEAD: aad is authenticated, icv receives icv_len bytes.
 * Returns 0 or -EINVAL (bad length or key size, or an ESP-only transform:
 * desc->ike false). */
int encr_encrypt(const struct encr_desc *desc, const uint8_t *key, size_t key_len,
		 const uint8_t *iv, const uint8_t *aad, size_t aad_len, uint8_t *data,
		 size_t len, uint8_t *icv);

/* Decrypts in place; for AEAD checks icv in constant time first and returns
 * -EBADMSG on mismatch, leaving data untouched. */
int encr_decrypt(const struct encr_desc *desc, const uint8_t *key, size_t key_len,
		 const uint8_t *iv, const uint8_t *aad, size_t aad_len, uint8_t *data,
		 size_t len, const uint8_t *icv);

/* Truncated MAC over data; icv receives desc->icv_len bytes. */
void integ_compute(const struct integ_desc *desc, const uint8_t *key,
		   const struct chunk *parts, size_t nparts, uint8_t *icv);

/* Constant-time comparison; 1 when equal. */
bool ct_equal(const void *a, const void *b, size_t len);

#endif
