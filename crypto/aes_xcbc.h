/* AES-XCBC-MAC (RFC 3566), the core of AES-XCBC-96 integrity and of
 * AES-XCBC-PRF-128 (RFC 4434). Inside crypto/ only. */
#ifndef CRYPTO_AES_XCBC_H
#define CRYPTO_AES_XCBC_H
#include <bearssl.h>
#include <stddef.h>
#include <stdint.h>

#define AES_XCBC_KEY 16
#define AES_XCBC_OUT 16

struct aes_xcbc {
	br_aes_gen_cbcenc_keys k1;
	uint8_t k2[16], k3[16];
	uint8_t mac[16];  /* E[i-1]: CBC chaining value */
	uint8_t last[16]; /* held back until we know whether it is the final block */
	size_t last_len;
};

void aes_xcbc_init(struct aes_xcbc *x, const uint8_t key[AES_XCBC_KEY]);
void aes_xcbc_update(struct aes_xcbc *x, const void *data, size_t len);
/* Writes the full 128-bit MAC and wipes the context. */
void aes_xcbc_final(struct aes_xcbc *x, uint8_t out[AES_XCBC_OUT]);

#endif
