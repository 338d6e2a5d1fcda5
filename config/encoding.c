/* Libreswan's ttodata formats, decoded with every length checked. */
#include "config/encoding.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int b64_value(char c)
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

static void put(uint8_t *dst, size_t cap, size_t *n, uint8_t b)
{
	if (*n < cap)
		dst[*n] = b;
	(*n)++;
}

static int decode_hex(const char *s, size_t len, uint8_t *dst, size_t cap, size_t *n,
		      const char **why)
{
	size_t i = 0;

	while (i < len) {
		if (i + 1 >= len) {
			*why = "input ends in mid-byte, perhaps truncated";
			return -EINVAL;
		}
		int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
		if (hi < 0 || lo < 0) {
			*why = "non-hex character in hex data";
			return -EINVAL;
		}
		put(dst, cap, n, (uint8_t)(hi << 4 | lo));
		i += 2;
		/* one '_' may separate bytes, never trail */
		if (i < len - 1 && s[i] == '_')
			i++;
	}
	return 0;
}

static int decode_base64(const char *s, size_t len, uint8_t *dst, size_t cap, size_t *n,
			 const char **why)
{
	if (len % 4) {
		*why = "base64 data is not a multiple of 4 characters, perhaps truncated";
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i += 4) {
		int v[4];
		unsigned pad = 0;
		for (unsigned j = 0; j < 4; j++) {
			char c = s[i + j];
			if (c == '=' && i + 4 == len && j >= 2) {
				pad++;
				v[j] = 0;
				continue;
			}
			v[j] = pad ? -1 : b64_value(c);
			if (v[j] < 0) {
				*why = "invalid character in base64 data";
				return -EINVAL;
			}
		}
		uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 |
			     (uint32_t)v[3];
		if ((pad == 2 && (w & 0xffff)) || (pad == 1 && (w & 0xff))) {
			*why = "bad (non-zero) padding at end of base64 input";
			return -EINVAL;
		}
		put(dst, cap, n, (uint8_t)(w >> 16));
		if (pad < 2)
			put(dst, cap, n, (uint8_t)(w >> 8));
		if (pad < 1)
			put(dst, cap, n, (uint8_t)w);
	}
	return 0;
}

int data_decode(const char *text, size_t len, enum data_base base, uint8_t *dst,
		size_t cap, size_t *out_len, const char **why)
{
	size_t n = 0;
	int r;

	*out_len = 0;
	if (base == DATA_AUTO) {
		if (len < 2) {
			*why = "input too short to be valid";
			return -EINVAL;
		}
		if (text[0] != '0') {
			*why = "input does not begin with format prefix (0x, 0s or 0t)";
			return -EINVAL;
		}
		switch (text[1]) {
		case 'x': case 'X': base = DATA_HEX; break;
		case 's': case 'S': base = DATA_BASE64; break;
		case 't': case 'T': base = DATA_TEXT; break;
		default:
			*why = "unknown format prefix (expected 0x, 0s or 0t)";
			return -EINVAL;
		}
		text += 2;
		len -= 2;
	}
	switch (base) {
	case DATA_HEX:
		r = decode_hex(text, len, dst, cap, &n, why);
		break;
	case DATA_BASE64:
		r = decode_base64(text, len, dst, cap, &n, why);
		break;
	case DATA_TEXT:
		for (size_t i = 0; i < len; i++)
			put(dst, cap, &n, (uint8_t)text[i]);
		r = 0;
		break;
	default:
		*why = "unknown base";
		return -EINVAL;
	}
	if (r)
		return r;
	if (n == 0) {
		*why = "no data bytes specified by input";
		return -EINVAL;
	}
	*out_len = n;
	return 0;
}

int data_decode_alloc(const char *text, size_t len, enum data_base base, uint8_t **out,
		      size_t *out_len, const char **why)
{
	size_t n;
	uint8_t *buf;
	int r = data_decode(text, len, base, NULL, 0, &n, why);

	if (r)
		return r;
	buf = malloc(n);
	if (!buf) {
		*why = "out of memory";
		return -ENOMEM;
	}
	data_decode(text, len, base, buf, n, &n, why);
	*out = buf;
	*out_len = n;
	return 0;
}
