#include "core/buf.h"

#include <string.h>

const uint8_t *rd_bytes(struct rd *r, size_t n)
{
	const uint8_t *p;
	if (r->bad || n > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

void rd_copy(struct rd *r, void *out, size_t n)
{
	const uint8_t *p = rd_bytes(r, n);
	if (p)
		memcpy(out, p, n);
	else
		memset(out, 0, n);
}

uint8_t rd_u8(struct rd *r)
{
	const uint8_t *p = rd_bytes(r, 1);
	return p ? p[0] : 0;
}

uint16_t rd_u16(struct rd *r)
{
	const uint8_t *p = rd_bytes(r, 2);
	return p ? get_be16(p) : 0;
}

uint32_t rd_u32(struct rd *r)
{
	const uint8_t *p = rd_bytes(r, 4);
	return p ? get_be32(p) : 0;
}

uint64_t rd_u64(struct rd *r)
{
	const uint8_t *p = rd_bytes(r, 8);
	return p ? (uint64_t)get_be32(p) << 32 | get_be32(p + 4) : 0;
}

struct rd rd_sub(struct rd *r, size_t n)
{
	const uint8_t *p = rd_bytes(r, n);
	struct rd sub = rd_init(p, p ? n : 0);
	sub.bad = p == NULL;
	return sub;
}

uint8_t *wr_reserve(struct wr *w, size_t n)
{
	uint8_t *p;
	if (w->bad || n > w->cap - w->len) {
		w->bad = true;
		return NULL;
	}
	p = w->p + w->len;
	w->len += n;
	return p;
}

void wr_bytes(struct wr *w, const void *src, size_t n)
{
	uint8_t *p = wr_reserve(w, n);
	if (p && n)
		memcpy(p, src, n);
}

void wr_zeros(struct wr *w, size_t n)
{
	uint8_t *p = wr_reserve(w, n);
	if (p)
		memset(p, 0, n);
}

void wr_u8(struct wr *w, uint8_t v)
{
	wr_bytes(w, &v, 1);
}

void wr_u16(struct wr *w, uint16_t v)
{
	uint8_t *p = wr_reserve(w, 2);
	if (p)
		put_be16(p, v);
}

void wr_u32(struct wr *w, uint32_t v)
{
	uint8_t *p = wr_reserve(w, 4);
	if (p)
		put_be32(p, v);
}

void wr_u64(struct wr *w, uint64_t v)
{
	wr_u32(w, (uint32_t)(v >> 32));
	wr_u32(w, (uint32_t)v);
}

void wr_put_u16_at(struct wr *w, size_t off, uint16_t v)
{
	if (off + 2 <= w->len)
		put_be16(w->p + off, v);
	else
		w->bad = true;
}

void wr_put_u32_at(struct wr *w, size_t off, uint32_t v)
{
	if (off + 4 <= w->len)
		put_be32(w->p + off, v);
	else
		w->bad = true;
}
