/* Standard padded base64 (RFC 4648 section 4), as in "0s" keys and PEM. */
#ifndef CRYPTO_BASE64_H
#define CRYPTO_BASE64_H
#include <stddef.h>
#include <stdint.h>

/* Encoded length of n bytes, without the terminating NUL. */
#define BASE64_LEN(n) ((((n) + 2) / 3) * 4)

/* Writes BASE64_LEN(len) characters and a NUL into out. */
void base64_encode(const uint8_t *in, size_t len, char *out);
/* Decodes text (white space skipped, padding required when the length is not a
 * multiple of 4 characters). out must hold len * 3 / 4 bytes. Returns 0 or -EINVAL. */
int base64_decode(const char *text, size_t len, uint8_t *out, size_t *out_len);

#endif
