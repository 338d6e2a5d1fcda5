/* Layout of the key structs, shared by the crypto/ files that sign, verify,
 * encode and store keys. Not for use outside crypto/ (it exposes BearSSL). */
#ifndef CRYPTO_KEYS_IMPL_H
#define CRYPTO_KEYS_IMPL_H
#include <bearssl.h>

#include "crypto/der.h"
#include "crypto/keys.h"

#define RSA_MIN_BITS 1024
#define RSA_MAX_BITS 4096 /* BearSSL's limit */
#define RSA_MAX_BYTES (RSA_MAX_BITS / 8)
#define RSA_MAX_E_BYTES 8
#define EC_MAX_SCALAR 66 /* P-521 */
#define EC_MAX_POINT (1 + 2 * EC_MAX_SCALAR)

struct pubkey {
	enum key_type type;
	uint8_t ckaid[CKAID_LEN];
	char keyid[10]; /* 9 base64 characters */
	union {
		struct {
			br_rsa_public_key pk;
			uint8_t n[RSA_MAX_BYTES];
			uint8_t e[RSA_MAX_E_BYTES];
		} rsa;
		struct {
			br_ec_public_key pk;
			uint8_t q[EC_MAX_POINT]; /* 04 | X | Y */
		} ec;
	} u;
};

struct privkey {
	struct pubkey pub;
	union {
		struct {
			br_rsa_private_key sk;
			/* p, q, dp, dq, iq and d, each up to a modulus long */
			uint8_t buf[6 * RSA_MAX_BYTES];
			uint8_t *d;
			size_t dlen;
		} rsa;
		struct {
			br_ec_private_key sk;
			uint8_t x[EC_MAX_SCALAR];
		} ec;
	} u;
};

/* Curve facts: BearSSL curve ID, OID contents, scalar size. NULL if unknown. */
struct ec_curve {
	int id;
	const uint8_t *oid;
	size_t oid_len;
	size_t bytes;
	unsigned bits;
};
const struct ec_curve *ec_curve_by_id(int id);
const struct ec_curve *ec_curve_by_oid(const struct der *oid);
const struct ec_curve *ec_curve_by_bits(unsigned bits);

/* Fills key from RSA (n, e) or an EC point (04|X|Y) and computes CKAID and keyid.
 * Returns 0 or -EINVAL (size out of range, point not on the curve). */
int pubkey_set_rsa(struct pubkey *key, const uint8_t *n, size_t nlen, const uint8_t *e,
		   size_t elen);
int pubkey_set_ec(struct pubkey *key, const struct ec_curve *curve, const uint8_t *q,
		  size_t qlen);

/* SPKI AlgorithmIdentifier OIDs (contents only). */
extern const uint8_t oid_rsa_encryption[9];
extern const uint8_t oid_rsassa_pss[9];
extern const uint8_t oid_ec_public_key[7];

/* A seeded HMAC-DRBG (SHA-256) for BearSSL's key generation and ECDSA. */
void keys_rng_init(br_hmac_drbg_context *rng);

#endif
