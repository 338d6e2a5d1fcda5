/* PEM (RFC 7468): "-----BEGIN LABEL-----", base64, "-----END LABEL-----". */
#ifndef CRYPTO_PEM_H
#define CRYPTO_PEM_H
#include <stddef.h>
#include <stdint.h>

struct pem_block {
	char label[64];
	uint8_t *der; /* malloc'ed; wipe and free with pem_block_free */
	size_t len;
};

/* Finds the next PEM block at or after *pos in text (len bytes); on success
 * advances *pos past it. Returns 0, -ENOENT (no more blocks), -EINVAL (a block
 * that is truncated, has mismatched labels, headers or bad base64) or -ENOMEM. */
int pem_next(const char *text, size_t len, size_t *pos, struct pem_block *out);
void pem_block_free(struct pem_block *block);

/* PEM text with 64-character lines, NUL-terminated; malloc'ed (NULL on ENOMEM). */
char *pem_encode(const char *label, const uint8_t *der, size_t len);

#endif
