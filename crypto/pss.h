/* EMSA-PSS (RFC 8017 section 9.1) with MGF1 over the same hash. BearSSL 0.6 has
 * no PSS, so it is built here on BearSSL's raw RSA operations. */
#ifndef CRYPTO_PSS_H
#define CRYPTO_PSS_H
#include <stddef.h>
#include <stdint.h>

#include "crypto/sign.h"

/* Encodes the hash of msg into em (em_len = ceil(em_bits / 8) bytes, where
 * em_bits = modulus bits - 1). Returns 0 or -EINVAL (modulus too small). */
int emsa_pss_encode(enum sig_hash hash, const uint8_t *msg, size_t msg_len,
		    const uint8_t *salt, size_t salt_len, unsigned em_bits, uint8_t *em);
/* Checks em against the hash of msg; returns 0 or -EBADMSG. */
int emsa_pss_verify(enum sig_hash hash, const uint8_t *msg, size_t msg_len,
		    size_t salt_len, unsigned em_bits, const uint8_t *em);

#endif
