/* Password-based encryption for PKCS#8 and PKCS#12: PBKDF2 (RFC 8018), the
 * PKCS#12 key derivation (RFC 7292 appendix B), PBES2 with AES-CBC or 3DES, and
 * the PKCS#12 PBEs with 3DES and RC2. */
#ifndef CRYPTO_PBE_H
#define CRYPTO_PBE_H
#include <stddef.h>
#include <stdint.h>

#include "crypto/der.h"
#include "crypto/sign.h"

/* Largest iteration count accepted from a file (NSS writes 600000). */
#ifdef IPSEC_FUZZING
#define PBE_MAX_ITERATIONS 2048
#else
#define PBE_MAX_ITERATIONS 10000000
#endif

int pbkdf2(enum sig_hash prf, const uint8_t *pw, size_t pw_len, const uint8_t *salt,
	   size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len);
/* id: 1 key, 2 IV, 3 MAC key. pw is the BMPString form (pkcs12_password). */
int pkcs12_kdf(enum sig_hash hash, const uint8_t *pw, size_t pw_len, const uint8_t *salt,
	       size_t salt_len, uint8_t id, uint32_t iterations, uint8_t *out, size_t out_len);
/* UTF-8 -> big-endian UTF-16 with two trailing zero bytes (RFC 7292 B.1), so an
 * empty password gives 00 00. Bytes that are not UTF-8 count as Latin-1. */
int pkcs12_password(const char *utf8, uint8_t **out, size_t *out_len);

/* Decrypts in with the algorithm alg (the contents of an AlgorithmIdentifier:
 * OID and parameters). *out is malloc'ed, wiped by pbe_free.
 * Returns 0, -EACCES (wrong password: bad padding), -ENOTSUP (algorithm),
 * -EINVAL (malformed parameters) or -ENOMEM. */
int pbe_decrypt(const struct der *alg, const char *password, const uint8_t *in, size_t len,
		uint8_t **out, size_t *out_len);
void pbe_free(uint8_t *buf, size_t len);

/* Appends AlgorithmIdentifier (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC) and the
 * OCTET STRING of ciphertext, the body of an EncryptedPrivateKeyInfo. */
void pbe_encrypt_pbes2(struct der_out *out, const char *password, const uint8_t *in,
		       size_t len, uint32_t iterations);

#endif
