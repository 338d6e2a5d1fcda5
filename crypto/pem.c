/* PEM reader and writer (see pem.h). */
#include "crypto/pem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base64.h"
#include "crypto/chunk.h"

static const char begin[] = "-----BEGIN ";
static const char end[] = "-----END ";
static const char dashes[] = "-----";

/* Finds needle in the first len bytes of text (which need not be NUL-terminated). */
static const char *find(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (memcmp(text + i, needle, n) == 0)
			return text + i;
	return NULL;
}

int pem_next(const char *text, size_t len, size_t *pos, struct pem_block *out)
{
	const char *p, *label, *label_end, *body, *stop, *limit = text + len;
	size_t label_len, body_len, dlen;
	uint8_t *der;

	*out = (struct pem_block){ 0 };
	if (*pos > len)
		return -ENOENT;
	p = find(text + *pos, len - *pos, begin);
	if (!p)
		return -ENOENT;
	label = p + strlen(begin);
	label_end = find(label, (size_t)(limit - label), dashes);
	if (!label_end)
		return -EINVAL;
	label_len = (size_t)(label_end - label);
	if (label_len >= sizeof(out->label) || memchr(label, '\n', label_len))
		return -EINVAL;
	body = label_end + strlen(dashes);
	stop = find(body, (size_t)(limit - body), end);
	if (!stop)
		return -EINVAL;
	/* The END line must name the same label. */
	p = stop + strlen(end);
	if ((size_t)(limit - p) < label_len + strlen(dashes) || memcmp(p, label, label_len) ||
	    memcmp(p + label_len, dashes, strlen(dashes)))
		return -EINVAL;
	body_len = (size_t)(stop - body);
	/* Encrypted legacy PEM ("Proc-Type:" headers) is not supported. */
	if (memchr(body, ':', body_len))
		return -EINVAL;
	der = malloc(body_len / 4 * 3 + 3);
	if (!der)
		return -ENOMEM;
	if (base64_decode(body, body_len, der, &dlen) || dlen == 0) {
		wipe(der, body_len / 4 * 3 + 3);
		free(der);
		return -EINVAL;
	}
	memcpy(out->label, label, label_len);
	out->label[label_len] = '\0';
	out->der = der;
	out->len = dlen;
	*pos = (size_t)(p + label_len + strlen(dashes) - text);
	return 0;
}

void pem_block_free(struct pem_block *block)
{
	if (block->der) {
		wipe(block->der, block->len);
		free(block->der);
	}
	*block = (struct pem_block){ 0 };
}

char *pem_encode(const char *label, const uint8_t *der, size_t len)
{
	size_t b64 = BASE64_LEN(len);
	size_t lines = (b64 + 63) / 64;
	size_t cap = 2 * (strlen(begin) + strlen(label) + strlen(dashes) + 1) + b64 + lines + 1;
	char *text = malloc(cap), *p;

	if (!text)
		return NULL;
	p = text + sprintf(text, "%s%s%s\n", begin, label, dashes);
	for (size_t i = 0; i < len; i += 48) {
		size_t n = len - i < 48 ? len - i : 48;
		base64_encode(der + i, n, p);
		p += strlen(p);
		*p++ = '\n';
	}
	sprintf(p, "%s%s%s\n", end, label, dashes);
	return text;
}
