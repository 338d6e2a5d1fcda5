/* RC2 (RFC 2268): only to read legacy PKCS#12 files (pbeWithSHAAnd40BitRC2-CBC,
 * the certificate encryption of "openssl pkcs12 -legacy" and older NSS). */
#ifndef CRYPTO_RC2_H
#define CRYPTO_RC2_H
#include <stddef.h>
#include <stdint.h>

struct rc2_key {
	uint16_t k[64];
};

/* key: 1..128 bytes; effective_bits: 1..1024. Returns 0 or -EINVAL. */
int rc2_set_key(struct rc2_key *ctx, const uint8_t *key, size_t len, unsigned effective_bits);
void rc2_encrypt_block(const struct rc2_key *ctx, uint8_t block[8]);
void rc2_decrypt_block(const struct rc2_key *ctx, uint8_t block[8]);

#endif
