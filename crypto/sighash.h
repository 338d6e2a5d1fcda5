/* The SHA-1/SHA-2 family by RFC 7427 number, for the signature and PKCS#12 code. */
#ifndef CRYPTO_SIGHASH_H
#define CRYPTO_SIGHASH_H
#include <bearssl.h>

#include "crypto/sign.h"

struct sighash {
	enum sig_hash id;
	const br_hash_class *vtable;
	size_t out_len;
	size_t block_len;
	const unsigned char *pkcs1_oid; /* BearSSL's BR_HASH_OID_* (length-prefixed) */
};

/* NULL when the number is not one of SIG_HASH_*. */
const struct sighash *sighash_by_id(enum sig_hash id);
/* One-shot digest; out holds desc->out_len bytes. */
void sighash_compute(const struct sighash *desc, const void *data, size_t len, uint8_t *out);

#endif
