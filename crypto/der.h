/* DER reading with one bounds-checked cursor, and a growing DER writer.
 * Only tags below 31 (one identifier byte) and definite lengths below 2^32 are
 * accepted: every structure this project reads (X.509, PKCS#1/8/12, SPKI) fits. */
#ifndef CRYPTO_DER_H
#define CRYPTO_DER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum der_tag {
	DER_BOOLEAN = 0x01,
	DER_INTEGER = 0x02,
	DER_BIT_STRING = 0x03,
	DER_OCTET_STRING = 0x04,
	DER_NULL = 0x05,
	DER_OID = 0x06,
	DER_UTF8_STRING = 0x0c,
	DER_PRINTABLE_STRING = 0x13,
	DER_T61_STRING = 0x14,
	DER_IA5_STRING = 0x16,
	DER_UTC_TIME = 0x17,
	DER_GENERALIZED_TIME = 0x18,
	DER_BMP_STRING = 0x1e,
	DER_SEQUENCE = 0x30,
	DER_SET = 0x31,
};
#define DER_CONTEXT(n) (0xa0 | (n))  /* [n] constructed */
#define DER_CONTEXT_PRIM(n) (0x80 | (n)) /* [n] primitive */

/* A window into DER bytes; reading advances ptr and shrinks len. */
struct der {
	const uint8_t *ptr;
	size_t len;
};

#define DER(p, n) ((struct der){ (const uint8_t *)(p), (n) })

/* Next element's tag, or -1 when the cursor is empty. */
int der_peek(const struct der *in);
/* Reads one element: its tag, its contents (val) and, when whole is not NULL,
 * the element with its header. Returns 0 or -EBADMSG (truncated or malformed). */
int der_read_any(struct der *in, uint8_t *tag, struct der *val, struct der *whole);
/* Reads one element that must have the given tag. */
int der_read(struct der *in, uint8_t tag, struct der *val);
/* Reads the element only when the next tag matches; *present says whether. */
int der_read_optional(struct der *in, uint8_t tag, struct der *val, bool *present);
/* Non-negative INTEGER as big-endian magnitude without leading zeros (an INTEGER
 * 0 gives an empty window). Negative numbers are -EBADMSG. */
int der_read_uint(struct der *in, struct der *val);
/* Non-negative INTEGER that fits 31 bits. */
int der_read_small(struct der *in, uint32_t *val);
/* 0 when the cursor is used up, -EBADMSG when bytes are left over. */
int der_end(const struct der *in);
/* Whether an OID's contents (without header) equal the given bytes. */
bool der_oid_is(const struct der *oid, const uint8_t *want, size_t want_len);

/* The writer grows its buffer as needed; one allocation failure makes every later
 * call a no-op and der_out_take return -ENOMEM. Old buffers are wiped, since the
 * writer also encodes private keys. */
struct der_out {
	uint8_t *buf;
	size_t len;
	size_t cap;
	bool failed;
};

void der_put_raw(struct der_out *out, const void *data, size_t len);
void der_put(struct der_out *out, uint8_t tag, const void *data, size_t len);
/* Unsigned big-endian magnitude as INTEGER (leading zeros dropped, 00 added when
 * the top bit is set). */
void der_put_uint(struct der_out *out, const uint8_t *be, size_t len);
void der_put_small(struct der_out *out, uint32_t val);
/* Opens a constructed element; der_close fixes its length. */
size_t der_open(struct der_out *out, uint8_t tag);
void der_close(struct der_out *out, size_t mark);
/* Hands over the buffer (caller frees) or returns -ENOMEM. */
int der_out_take(struct der_out *out, uint8_t **der, size_t *len);
/* Wipes and frees whatever the writer still holds. */
void der_out_free(struct der_out *out);

#endif
