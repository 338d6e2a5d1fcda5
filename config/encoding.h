/* Binary values written as text in ipsec.conf and ipsec.secrets (Libreswan's
 * ttodata): "0x" hex with optional '_' between bytes, "0s" base64, "0t" text. */
#ifndef CONFIG_ENCODING_H
#define CONFIG_ENCODING_H
#include <stddef.h>
#include <stdint.h>

enum data_base {
	DATA_AUTO = 0, /* from the 0x / 0s / 0t prefix */
	DATA_HEX = 16, /* no prefix: plain hex digits (leftckaid=, @#hex) */
	DATA_BASE64 = 64,
	DATA_TEXT = 256,
};

/* Decodes text[0..len) into dst (up to cap bytes; dst may be NULL with cap 0 to
 * measure). *out_len gets the full decoded length. Returns 0, or -EINVAL with
 * *why set to a static explanation. */
int data_decode(const char *text, size_t len, enum data_base base, uint8_t *dst,
		size_t cap, size_t *out_len, const char **why);

/* The same into a fresh malloc'ed buffer (caller frees; wipe it if secret). */
int data_decode_alloc(const char *text, size_t len, enum data_base base, uint8_t **out,
		      size_t *out_len, const char **why);

#endif
