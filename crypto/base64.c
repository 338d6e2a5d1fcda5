/* Base64 (see base64.h). */
#include "crypto/base64.h"

#include <errno.h>

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(const uint8_t *in, size_t len, char *out)
{
	size_t i;

	for (i = 0; i + 3 <= len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		*out++ = alphabet[v >> 18];
		*out++ = alphabet[(v >> 12) & 63];
		*out++ = alphabet[(v >> 6) & 63];
		*out++ = alphabet[v & 63];
	}
	if (i < len) {
		uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0);
		*out++ = alphabet[v >> 18];
		*out++ = alphabet[(v >> 12) & 63];
		*out++ = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
		*out++ = '=';
	}
	*out = '\0';
}

static int value_of(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int base64_decode(const char *text, size_t len, uint8_t *out, size_t *out_len)
{
	uint32_t acc = 0;
	unsigned nchars = 0, npad = 0;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		int v;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			/* Padding only completes a group of 4, and nothing follows it. */
			if (nchars < 2 || ++npad + nchars > 4)
				return -EINVAL;
			continue;
		}
		v = value_of(c);
		if (v < 0 || npad)
			return -EINVAL;
		acc = acc << 6 | (uint32_t)v;
		if (++nchars == 4) {
			out[n++] = (uint8_t)(acc >> 16);
			out[n++] = (uint8_t)(acc >> 8);
			out[n++] = (uint8_t)acc;
			acc = 0;
			nchars = 0;
		}
	}
	if (nchars) {
		if (nchars + npad != 4)
			return -EINVAL;
		acc <<= 6 * (4 - nchars);
		out[n++] = (uint8_t)(acc >> 16);
		if (nchars == 3)
			out[n++] = (uint8_t)(acc >> 8);
		/* Bits beyond the last byte must be zero (canonical encoding). */
		if ((nchars == 2 && (acc & 0xffff)) || (nchars == 3 && (acc & 0xff)))
			return -EINVAL;
	} else if (npad) {
		return -EINVAL;
	}
	*out_len = n;
	return 0;
}
