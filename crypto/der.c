/* DER cursor and writer (see der.h). */
#include "crypto/der.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/chunk.h"

int der_peek(const struct der *in)
{
	return in->len ? in->ptr[0] : -1;
}

int der_read_any(struct der *in, uint8_t *tag, struct der *val, struct der *whole)
{
	size_t hdr = 2, len;

	if (in->len < 2 || (in->ptr[0] & 0x1f) == 0x1f)
		return -EBADMSG;
	len = in->ptr[1];
	if (len & 0x80) {
		size_t nbytes = len & 0x7f;
		/* Indefinite (0x80) and absurd lengths are not DER. */
		if (nbytes == 0 || nbytes > 4 || in->len - 2 < nbytes)
			return -EBADMSG;
		len = 0;
		for (size_t i = 0; i < nbytes; i++)
			len = (len << 8) | in->ptr[2 + i];
		hdr += nbytes;
	}
	if (len > in->len - hdr)
		return -EBADMSG;
	if (tag)
		*tag = in->ptr[0];
	if (val)
		*val = DER(in->ptr + hdr, len);
	if (whole)
		*whole = DER(in->ptr, hdr + len);
	in->ptr += hdr + len;
	in->len -= hdr + len;
	return 0;
}

int der_read(struct der *in, uint8_t tag, struct der *val)
{
	struct der copy = *in;
	uint8_t got;
	int err = der_read_any(&copy, &got, val, NULL);

	if (err)
		return err;
	if (got != tag)
		return -EBADMSG;
	*in = copy;
	return 0;
}

int der_read_optional(struct der *in, uint8_t tag, struct der *val, bool *present)
{
	*present = der_peek(in) == tag;
	if (!*present) {
		*val = DER(NULL, 0);
		return 0;
	}
	return der_read(in, tag, val);
}

int der_read_uint(struct der *in, struct der *val)
{
	int err = der_read(in, DER_INTEGER, val);

	if (err)
		return err;
	if (val->len == 0 || (val->ptr[0] & 0x80))
		return -EBADMSG;
	while (val->len && val->ptr[0] == 0) {
		val->ptr++;
		val->len--;
	}
	return 0;
}

int der_read_small(struct der *in, uint32_t *val)
{
	struct der n;
	int err = der_read_uint(in, &n);

	if (err)
		return err;
	if (n.len > 4 || (n.len == 4 && (n.ptr[0] & 0x80)))
		return -EBADMSG;
	*val = 0;
	for (size_t i = 0; i < n.len; i++)
		*val = (*val << 8) | n.ptr[i];
	return 0;
}

int der_end(const struct der *in)
{
	return in->len ? -EBADMSG : 0;
}

bool der_oid_is(const struct der *oid, const uint8_t *want, size_t want_len)
{
	return oid->len == want_len && memcmp(oid->ptr, want, want_len) == 0;
}

static bool reserve(struct der_out *out, size_t more)
{
	size_t cap;
	uint8_t *buf;

	if (out->failed)
		return false;
	if (more <= out->cap - out->len)
		return true;
	if (more > SIZE_MAX / 2 - out->len) {
		out->failed = true;
		return false;
	}
	cap = (out->len + more) * 2 + 64;
	buf = malloc(cap);
	if (!buf) {
		out->failed = true;
		return false;
	}
	if (out->buf) {
		memcpy(buf, out->buf, out->len);
		wipe(out->buf, out->cap);
		free(out->buf);
	}
	out->buf = buf;
	out->cap = cap;
	return true;
}

void der_put_raw(struct der_out *out, const void *data, size_t len)
{
	if (!reserve(out, len))
		return;
	if (len)
		memcpy(out->buf + out->len, data, len);
	out->len += len;
}

static size_t header_len(size_t len)
{
	size_t n = 2;

	if (len < 0x80)
		return n;
	for (; len; len >>= 8)
		n++;
	return n;
}

static void put_header(uint8_t *p, uint8_t tag, size_t len)
{
	size_t n = header_len(len) - 2;

	p[0] = tag;
	if (n == 0) {
		p[1] = (uint8_t)len;
		return;
	}
	p[1] = (uint8_t)(0x80 | n);
	for (size_t i = 0; i < n; i++)
		p[2 + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
}

void der_put(struct der_out *out, uint8_t tag, const void *data, size_t len)
{
	size_t hdr = header_len(len);

	if (!reserve(out, hdr + len))
		return;
	put_header(out->buf + out->len, tag, len);
	out->len += hdr;
	der_put_raw(out, data, len);
}

void der_put_uint(struct der_out *out, const uint8_t *be, size_t len)
{
	size_t hdr;
	bool pad;

	while (len > 0 && be[0] == 0) {
		be++;
		len--;
	}
	pad = len == 0 || (be[0] & 0x80);
	hdr = header_len(len + pad);
	if (!reserve(out, hdr + pad + len))
		return;
	put_header(out->buf + out->len, DER_INTEGER, len + pad);
	out->len += hdr;
	if (pad)
		out->buf[out->len++] = 0;
	der_put_raw(out, be, len);
}

void der_put_small(struct der_out *out, uint32_t val)
{
	uint8_t be[4] = { (uint8_t)(val >> 24), (uint8_t)(val >> 16), (uint8_t)(val >> 8),
			  (uint8_t)val };
	der_put_uint(out, be, sizeof(be));
}

size_t der_open(struct der_out *out, uint8_t tag)
{
	size_t mark = out->len;
	uint8_t hdr[2] = { tag, 0 };

	der_put_raw(out, hdr, sizeof(hdr));
	return mark;
}

void der_close(struct der_out *out, size_t mark)
{
	size_t len, hdr;

	if (out->failed)
		return;
	len = out->len - mark - 2;
	hdr = header_len(len);
	if (!reserve(out, hdr - 2))
		return;
	memmove(out->buf + mark + hdr, out->buf + mark + 2, len);
	put_header(out->buf + mark, out->buf[mark], len);
	out->len = mark + hdr + len;
}

int der_out_take(struct der_out *out, uint8_t **der, size_t *len)
{
	if (out->failed) {
		der_out_free(out);
		return -ENOMEM;
	}
	*der = out->buf;
	*len = out->len;
	*out = (struct der_out){ 0 };
	return 0;
}

void der_out_free(struct der_out *out)
{
	if (out->buf) {
		wipe(out->buf, out->cap);
		free(out->buf);
	}
	*out = (struct der_out){ 0 };
}
