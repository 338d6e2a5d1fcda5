/* IKEv2 messages: the header, the payload chain, and typed views of each payload.
 * Parsing is in two steps, as in OpenBSD iked: msg_parse() validates the header and
 * the chain (every length, every critical bit) and records where each payload is;
 * the pl_*() functions validate one payload's body completely before the caller
 * acts on any of it. Nothing is copied: views point into the received bytes. */
#ifndef CORE_MSG_H
#define CORE_MSG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ikev2.h"

#define MSG_MAX_PAYLOADS 48

struct ike_hdr {
	uint8_t spi_i[8], spi_r[8];
	uint8_t next_payload;
	uint8_t version;
	uint8_t exchange;
	uint8_t flags;
	uint32_t msgid;
	uint32_t length;
};

struct payload {
	uint8_t type;
	uint8_t next;        /* for SK and SKF: the first inner payload's type */
	bool critical;
	uint16_t body_len;
	const uint8_t *body; /* after the generic payload header */
};

struct payload_list {
	unsigned n;
	struct payload p[MSG_MAX_PAYLOADS];
	uint64_t seen; /* bit (type - 32) for each known type present */
};

enum msg_error {
	MSG_OK = 0,
	MSG_TRUNCATED = -1,       /* shorter than its header or a payload says */
	MSG_BAD_VERSION = -2,     /* major version not 2 */
	MSG_BAD_LENGTH = -3,      /* header length differs from the datagram */
	MSG_BAD_CHAIN = -4,       /* payload length < 4, overruns, or SK not last */
	MSG_UNSUPPORTED_CRITICAL = -5,
	MSG_TOO_MANY_PAYLOADS = -6,
};

/* Parses the 28-byte header; checks version and that length matches len. */
int msg_parse_header(const uint8_t *raw, size_t len, struct ike_hdr *hdr);
/* Walks a payload chain starting with type `first` over bytes [p, p+len).
 * Unknown non-critical payloads are skipped; an unknown critical one fails with
 * MSG_UNSUPPORTED_CRITICAL and *bad_type set. An SK or SKF payload must be last. */
int msg_parse_chain(uint8_t first, const uint8_t *p, size_t len, struct payload_list *out,
		    uint8_t *bad_type);

const struct payload *pl_find(const struct payload_list *l, uint8_t type);
/* The n-th (0-based) payload of the type, for repeated ones (N, CERT, V, D). */
const struct payload *pl_find_nth(const struct payload_list *l, uint8_t type, unsigned n);
/* Writes "SA,KE,Ni,N" style lists, as in Libreswan's "message payloads:" lines. */
void pl_describe(const struct payload_list *l, char *buf, size_t len);
bool pl_known_type(uint8_t type);

/* --- typed views --- */

#define SA_MAX_PROPOSALS 16
#define SA_MAX_TRANSFORMS 40

struct transform {
	uint8_t type;
	uint16_t id;
	uint16_t key_bits;  /* 0 when absent */
	bool bad_attr;      /* carried an attribute we do not understand */
};

struct sa_proposal {
	uint8_t num;
	uint8_t proto;      /* PROTO_IKE, PROTO_ESP, PROTO_AH */
	uint8_t spi_len;
	uint8_t spi[8];
	uint8_t n_trans;
	struct transform trans[SA_MAX_TRANSFORMS];
};

struct sa_payload {
	uint8_t n_props;
	struct sa_proposal props[SA_MAX_PROPOSALS];
};

int pl_sa(const struct payload *pl, struct sa_payload *out);

struct ke_view {
	uint16_t group;
	const uint8_t *data;
	size_t len;
};
int pl_ke(const struct payload *pl, struct ke_view *out);

/* RFC 7296 2.10: nonces are 16..256 bytes. */
int pl_nonce(const struct payload *pl, const uint8_t **data, size_t *len);

struct id_view {
	uint8_t type;
	const uint8_t *data;
	size_t len;
	const uint8_t *body; /* type, 3 reserved bytes and data: what AUTH signs */
	size_t body_len;
};
int pl_id(const struct payload *pl, struct id_view *out);

struct auth_view {
	uint8_t method;
	const uint8_t *data;
	size_t len;
};
int pl_auth(const struct payload *pl, struct auth_view *out);

struct notify_view {
	uint8_t proto;
	uint8_t spi_len;
	uint16_t type;
	const uint8_t *spi;
	const uint8_t *data;
	size_t len;
};
int pl_notify(const struct payload *pl, struct notify_view *out);
/* First notify of the given type, parsed; NULL when absent or malformed. */
bool pl_find_notify(const struct payload_list *l, uint16_t type, struct notify_view *out);

struct delete_view {
	uint8_t proto;
	uint8_t spi_len;
	uint16_t n_spi;
	const uint8_t *spis; /* n_spi * spi_len bytes */
};
int pl_delete(const struct payload *pl, struct delete_view *out);

#define TS_MAX 16
struct ts {
	uint8_t type;        /* TS_IPV4_ADDR_RANGE or TS_IPV6_ADDR_RANGE */
	uint8_t proto;
	uint16_t sport, eport;
	uint8_t start[16], end[16];
};
struct ts_list {
	uint8_t n;
	struct ts ts[TS_MAX];
};
int pl_ts(const struct payload *pl, struct ts_list *out);

struct skf_view {
	uint16_t number, total;
	const uint8_t *rest; /* IV, ciphertext, ICV */
	size_t rest_len;
};
int pl_skf(const struct payload *pl, struct skf_view *out);

/* --- building --- */

/* Writes a message (or a bare payload chain) with the "next payload" links and
 * lengths filled in as payloads are closed. */
struct msg_out {
	struct wr w;
	size_t np_off;   /* where the next payload's type goes; SIZE_MAX: `first` */
	size_t open;     /* start of the open payload, or SIZE_MAX */
	uint8_t first;   /* a bare chain's first payload type */
	bool has_hdr;
};

void mo_begin(struct msg_out *m, uint8_t *buf, size_t cap, const struct ike_hdr *hdr);
/* A chain without an IKE header: the inner payloads of an SK payload. The first
 * payload's type is returned by mo_first_type(). */
void mo_begin_chain(struct msg_out *m, uint8_t *buf, size_t cap);
uint8_t mo_first_type(const struct msg_out *m);
void mo_open(struct msg_out *m, uint8_t type, bool critical);
void mo_close(struct msg_out *m);
/* Closes the message: sets the header's length. Returns total length, 0 on overflow. */
size_t mo_finish(struct msg_out *m);

/* Helpers for the common payloads; each opens and closes its payload. */
void mo_notify(struct msg_out *m, uint8_t proto, const uint8_t *spi, uint8_t spi_len,
	       uint16_t type, const void *data, size_t len);
void mo_nonce(struct msg_out *m, const uint8_t *nonce, size_t len);
void mo_ke(struct msg_out *m, uint16_t group, const uint8_t *pub, size_t len);
void mo_ts(struct msg_out *m, uint8_t type, const struct ts_list *tsl);
/* Delete (RFC 7296 3.11): PROTO_IKE with no SPIs, or n 4-byte ESP/AH SPIs. */
void mo_delete(struct msg_out *m, uint8_t proto, const void *spis, uint16_t n);

#endif
