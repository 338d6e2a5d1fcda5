/* Signatures for IKEv2 authentication: RSA PKCS#1 v1.5 (classic method 1 and
 * RFC 7427), RSA-PSS (RFC 8017), ECDSA (RFC 7427 DER, RFC 4754 raw r|s). */
#ifndef CRYPTO_SIGN_H
#define CRYPTO_SIGN_H
#include <stddef.h>
#include <stdint.h>

#include "crypto/keys.h"

/* RFC 7427 section 7 hash algorithm numbers (SIGNATURE_HASH_ALGORITHMS notify). */
enum sig_hash {
	SIG_HASH_SHA1 = 1,
	SIG_HASH_SHA256 = 2,
	SIG_HASH_SHA384 = 3,
	SIG_HASH_SHA512 = 4,
};

enum sig_scheme {
	SIG_RSA_PKCS1,  /* EMSA-PKCS1-v1_5 with DigestInfo */
	SIG_RSA_PSS,    /* EMSA-PSS, MGF1 with the same hash, salt = hash length */
	SIG_ECDSA_DER,  /* RFC 7427: ECDSA-Sig-Value in DER */
	SIG_ECDSA_RAW,  /* RFC 4754: r | s, each the curve's size */
};

/* Hashes msg and signs it. *sig_len: capacity in, length out.
 * Returns 0, -EINVAL (scheme does not fit the key) or -ENOSPC. */
int sig_sign(const struct privkey *key, enum sig_scheme scheme, enum sig_hash hash,
	     const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t *sig_len);

/* Returns 0 when sig is a valid signature of msg, -EBADMSG otherwise. */
int sig_verify(const struct pubkey *key, enum sig_scheme scheme, enum sig_hash hash,
	       const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len);

/* RSA-PSS with an explicit salt length (RFC 7427 RSASSA-PSS-params may name one
 * other than the hash length). Returns 0 or -EBADMSG. */
int sig_verify_pss(const struct pubkey *key, enum sig_hash hash, size_t salt_len,
		   const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len);

#endif
