/* The one bounds-checked cursor for reading network input, and its writing twin.
 * A read past the end sets `bad` and yields zeros; callers check `bad` once after a
 * group of reads instead of after every field, and never act on a bad cursor. */
#ifndef CORE_BUF_H
#define CORE_BUF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rd {
	const uint8_t *p;
	size_t len;
	size_t off;
	bool bad;
};

static inline struct rd rd_init(const void *p, size_t len)
{
	return (struct rd){ .p = p, .len = len };
}

static inline size_t rd_left(const struct rd *r)
{
	return r->bad ? 0 : r->len - r->off;
}

uint8_t rd_u8(struct rd *r);
uint16_t rd_u16(struct rd *r);
uint32_t rd_u32(struct rd *r);
uint64_t rd_u64(struct rd *r);
/* Returns a pointer to the next n bytes and advances, or NULL (and bad) if short. */
const uint8_t *rd_bytes(struct rd *r, size_t n);
/* Copies n bytes into out (zeros if short). */
void rd_copy(struct rd *r, void *out, size_t n);
/* A sub-cursor over the next n bytes; the parent advances past them. */
struct rd rd_sub(struct rd *r, size_t n);

struct wr {
	uint8_t *p;
	size_t cap;
	size_t len;
	bool bad; /* ran out of room: the result must not be sent */
};

static inline struct wr wr_init(void *p, size_t cap)
{
	return (struct wr){ .p = p, .cap = cap };
}

void wr_u8(struct wr *w, uint8_t v);
void wr_u16(struct wr *w, uint16_t v);
void wr_u32(struct wr *w, uint32_t v);
void wr_u64(struct wr *w, uint64_t v);
void wr_bytes(struct wr *w, const void *p, size_t n);
void wr_zeros(struct wr *w, size_t n);
/* Reserves n bytes and returns where they are (NULL if no room). */
uint8_t *wr_reserve(struct wr *w, size_t n);
/* Overwrites a big-endian u16 already written at off. */
void wr_put_u16_at(struct wr *w, size_t off, uint16_t v);
void wr_put_u32_at(struct wr *w, size_t off, uint32_t v);

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
