#include "core/msg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int msg_parse_header(const uint8_t *raw, size_t len, struct ike_hdr *hdr)
{
	struct rd r = rd_init(raw, len);

	rd_copy(&r, hdr->spi_i, 8);
	rd_copy(&r, hdr->spi_r, 8);
	hdr->next_payload = rd_u8(&r);
	hdr->version = rd_u8(&r);
	hdr->exchange = rd_u8(&r);
	hdr->flags = rd_u8(&r);
	hdr->msgid = rd_u32(&r);
	hdr->length = rd_u32(&r);
	if (r.bad)
		return MSG_TRUNCATED;
	if ((hdr->version >> 4) != 2)
		return MSG_BAD_VERSION;
	if (hdr->length != len)
		return MSG_BAD_LENGTH;
	return MSG_OK;
}

bool pl_known_type(uint8_t type)
{
	return (type >= PL_SA && type <= PL_GSPM) || type == PL_SKF;
}

int msg_parse_chain(uint8_t first, const uint8_t *p, size_t len, struct payload_list *out,
		    uint8_t *bad_type)
{
	struct rd r = rd_init(p, len);
	uint8_t type = first;

	out->n = 0;
	out->seen = 0;
	while (type != PL_NONE) {
		uint8_t next = rd_u8(&r);
		uint8_t flags = rd_u8(&r);
		uint16_t plen = rd_u16(&r);
		const uint8_t *body;

		if (r.bad || plen < IKE_PAYLOAD_HDR_LEN)
			return MSG_BAD_CHAIN;
		body = rd_bytes(&r, plen - IKE_PAYLOAD_HDR_LEN);
		if (!body)
			return MSG_BAD_CHAIN;
		if (!pl_known_type(type)) {
			if (flags & 0x80) {
				*bad_type = type;
				return MSG_UNSUPPORTED_CRITICAL;
			}
			type = next;
			continue;
		}
		if (out->n == MSG_MAX_PAYLOADS)
			return MSG_TOO_MANY_PAYLOADS;
		out->p[out->n++] = (struct payload){
			.type = type,
			.next = next,
			.critical = (flags & 0x80) != 0,
			.body_len = (uint16_t)(plen - IKE_PAYLOAD_HDR_LEN),
			.body = body,
		};
		out->seen |= 1ULL << (type - 32);
		/* RFC 7296 3.14 and RFC 7383 2.5: the encrypted payload is the last one; its
		 * next-payload field names what is inside it. */
		if (type == PL_SK || type == PL_SKF)
			return rd_left(&r) == 0 ? MSG_OK : MSG_BAD_CHAIN;
		type = next;
	}
	/* Trailing bytes after the last payload are a malformed message. */
	return rd_left(&r) == 0 ? MSG_OK : MSG_BAD_CHAIN;
}

const struct payload *pl_find_nth(const struct payload_list *l, uint8_t type, unsigned n)
{
	for (unsigned i = 0; i < l->n; i++)
		if (l->p[i].type == type && n-- == 0)
			return &l->p[i];
	return NULL;
}

const struct payload *pl_find(const struct payload_list *l, uint8_t type)
{
	return pl_find_nth(l, type, 0);
}

void pl_describe(const struct payload_list *l, char *buf, size_t len)
{
	size_t off = 0;
	if (len)
		buf[0] = '\0';
	for (unsigned i = 0; i < l->n && off < len; i++) {
		const char *name = ike_payload_name(l->p[i].type);
		int n = snprintf(buf + off, len - off, "%s%s", i ? "," : "", name ? name : "?");
		if (n < 0)
			break;
		off += (size_t)n;
	}
}

static int parse_transform(struct rd *r, struct transform *t)
{
	uint8_t type = rd_u8(r);
	uint16_t id;

	rd_u8(r); /* reserved */
	id = rd_u16(r);
	if (r->bad)
		return -EINVAL;
	*t = (struct transform){ .type = type, .id = id };
	while (rd_left(r) > 0) {
		uint16_t af_type = rd_u16(r);
		uint16_t value = rd_u16(r);
		if (r->bad)
			return -EINVAL;
		if (af_type & TRANS_ATTR_TV) {
			if ((af_type & 0x7fff) == TRANS_ATTR_KEY_LENGTH && t->key_bits == 0)
				t->key_bits = value;
			else
				t->bad_attr = true;
		} else {
			/* TLV attribute: none are defined for IKEv2; skip it. */
			if (!rd_bytes(r, value))
				return -EINVAL;
			t->bad_attr = true;
		}
	}
	return 0;
}

static int parse_proposal(struct rd *r, struct sa_proposal *prop)
{
	uint8_t n_trans;
	uint8_t expect_more = 3;

	prop->num = rd_u8(r);
	prop->proto = rd_u8(r);
	prop->spi_len = rd_u8(r);
	n_trans = rd_u8(r);
	if (r->bad || prop->spi_len > 8)
		return -EINVAL;
	rd_copy(r, prop->spi, prop->spi_len);
	prop->n_trans = 0;
	for (unsigned i = 0; i < n_trans; i++) {
		uint8_t more = rd_u8(r);
		uint16_t tlen;
		struct rd tr;
		struct transform t;

		rd_u8(r);
		tlen = rd_u16(r);
		if (r->bad || tlen < 8 || (more != 0 && more != expect_more))
			return -EINVAL;
		/* The last transform says so, and only the last. */
		if ((more == 0) != (i + 1 == n_trans))
			return -EINVAL;
		tr = rd_sub(r, tlen - 4);
		if (tr.bad || parse_transform(&tr, &t) < 0)
			return -EINVAL;
		/* Keep what fits; a peer offering more transforms than this is still
		 * parsed (so its lengths are checked), only the extra ones are ignored. */
		if (prop->n_trans < SA_MAX_TRANSFORMS)
			prop->trans[prop->n_trans++] = t;
	}
	return rd_left(r) == 0 ? 0 : -EINVAL;
}

int pl_sa(const struct payload *pl, struct sa_payload *out)
{
	struct rd r = rd_init(pl->body, pl->body_len);

	out->n_props = 0;
	while (rd_left(&r) > 0) {
		uint8_t more = rd_u8(&r);
		uint16_t plen;
		struct rd pr;

		rd_u8(&r);
		plen = rd_u16(&r);
		if (r.bad || plen < 8 || (more != 0 && more != 2))
			return -EINVAL;
		pr = rd_sub(&r, plen - 4);
		if (pr.bad)
			return -EINVAL;
		if (out->n_props == SA_MAX_PROPOSALS)
			return -E2BIG;
		if (parse_proposal(&pr, &out->props[out->n_props]) < 0)
			return -EINVAL;
		out->n_props++;
		if ((more == 0) != (rd_left(&r) == 0))
			return -EINVAL;
	}
	return out->n_props ? 0 : -EINVAL;
}

int pl_ke(const struct payload *pl, struct ke_view *out)
{
	struct rd r = rd_init(pl->body, pl->body_len);
	out->group = rd_u16(&r);
	rd_u16(&r);
	if (r.bad || rd_left(&r) == 0)
		return -EINVAL;
	out->len = rd_left(&r);
	out->data = rd_bytes(&r, out->len);
	return 0;
}

int pl_nonce(const struct payload *pl, const uint8_t **data, size_t *len)
{
	if (pl->body_len < 16 || pl->body_len > 256)
		return -EINVAL;
	*data = pl->body;
	*len = pl->body_len;
	return 0;
}

int pl_id(const struct payload *pl, struct id_view *out)
{
	if (pl->body_len < 4)
		return -EINVAL;
	out->type = pl->body[0];
	out->data = pl->body + 4;
	out->len = pl->body_len - 4u;
	out->body = pl->body;
	out->body_len = pl->body_len;
	switch (out->type) {
	case IKE_ID_IPV4_ADDR:
		return out->len == 4 ? 0 : -EINVAL;
	case IKE_ID_IPV6_ADDR:
		return out->len == 16 ? 0 : -EINVAL;
	case IKE_ID_NULL:
		return 0;
	default:
		return out->len > 0 ? 0 : -EINVAL;
	}
}

int pl_auth(const struct payload *pl, struct auth_view *out)
{
	if (pl->body_len < 5)
		return -EINVAL;
	out->method = pl->body[0];
	out->data = pl->body + 4;
	out->len = pl->body_len - 4u;
	return 0;
}

int pl_notify(const struct payload *pl, struct notify_view *out)
{
	struct rd r = rd_init(pl->body, pl->body_len);
	out->proto = rd_u8(&r);
	out->spi_len = rd_u8(&r);
	out->type = rd_u16(&r);
	out->spi = rd_bytes(&r, out->spi_len);
	if (r.bad)
		return -EINVAL;
	out->len = rd_left(&r);
	out->data = rd_bytes(&r, out->len);
	return 0;
}

bool pl_find_notify(const struct payload_list *l, uint16_t type, struct notify_view *out)
{
	for (unsigned i = 0; i < l->n; i++) {
		if (l->p[i].type != PL_NOTIFY || l->p[i].body_len < 4)
			continue;
		if (get_be16(l->p[i].body + 2) == type)
			return pl_notify(&l->p[i], out) == 0;
	}
	return false;
}

int pl_delete(const struct payload *pl, struct delete_view *out)
{
	struct rd r = rd_init(pl->body, pl->body_len);
	out->proto = rd_u8(&r);
	out->spi_len = rd_u8(&r);
	out->n_spi = rd_u16(&r);
	if (r.bad)
		return -EINVAL;
	if (out->proto == PROTO_IKE) {
		if (out->spi_len != 0 && out->spi_len != 8)
			return -EINVAL;
	} else if (out->proto == PROTO_ESP || out->proto == PROTO_AH) {
		if (out->spi_len != 4)
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	size_t total = (size_t)out->spi_len * out->n_spi;
	out->spis = rd_bytes(&r, total);
	if (r.bad)
		return -EINVAL;
	return rd_left(&r) == 0 ? 0 : -EINVAL;
}

int pl_ts(const struct payload *pl, struct ts_list *out)
{
	struct rd r = rd_init(pl->body, pl->body_len);
	uint8_t n = rd_u8(&r);

	rd_bytes(&r, 3);
	if (r.bad || n == 0)
		return -EINVAL;
	out->n = 0;
	for (unsigned i = 0; i < n; i++) {
		uint8_t type = rd_u8(&r);
		uint8_t proto = rd_u8(&r);
		uint16_t len = rd_u16(&r);
		struct rd tr;
		size_t alen;
		struct ts *ts;

		if (r.bad || len < 8)
			return -EINVAL;
		tr = rd_sub(&r, len - 4u);
		if (tr.bad)
			return -EINVAL;
		if (type == TS_IPV4_ADDR_RANGE)
			alen = 4;
		else if (type == TS_IPV6_ADDR_RANGE)
			alen = 16;
		else
			continue; /* e.g. RFC 9478 security labels: not ours to narrow */
		if (len != 8 + 2 * alen)
			return -EINVAL;
		if (out->n == TS_MAX)
			return -E2BIG;
		ts = &out->ts[out->n++];
		memset(ts, 0, sizeof(*ts));
		ts->type = type;
		ts->proto = proto;
		ts->sport = rd_u16(&tr);
		ts->eport = rd_u16(&tr);
		rd_copy(&tr, ts->start, alen);
		rd_copy(&tr, ts->end, alen);
		if (tr.bad)
			return -EINVAL;
	}
	return rd_left(&r) == 0 && out->n > 0 ? 0 : -EINVAL;
}

int pl_skf(const struct payload *pl, struct skf_view *out)
{
	struct rd r = rd_init(pl->body, pl->body_len);
	out->number = rd_u16(&r);
	out->total = rd_u16(&r);
	if (r.bad || out->number == 0 || out->number > out->total)
		return -EINVAL;
	out->rest_len = rd_left(&r);
	out->rest = rd_bytes(&r, out->rest_len);
	return 0;
}

/* --- building --- */

void mo_begin(struct msg_out *m, uint8_t *buf, size_t cap, const struct ike_hdr *hdr)
{
	*m = (struct msg_out){ .w = wr_init(buf, cap), .open = SIZE_MAX, .has_hdr = true };
	wr_bytes(&m->w, hdr->spi_i, 8);
	wr_bytes(&m->w, hdr->spi_r, 8);
	m->np_off = m->w.len;
	wr_u8(&m->w, PL_NONE);
	wr_u8(&m->w, IKE_VERSION_2);
	wr_u8(&m->w, hdr->exchange);
	wr_u8(&m->w, hdr->flags);
	wr_u32(&m->w, hdr->msgid);
	wr_u32(&m->w, 0);
}

void mo_begin_chain(struct msg_out *m, uint8_t *buf, size_t cap)
{
	*m = (struct msg_out){ .w = wr_init(buf, cap), .open = SIZE_MAX, .np_off = SIZE_MAX };
}

uint8_t mo_first_type(const struct msg_out *m)
{
	return m->first;
}

void mo_open(struct msg_out *m, uint8_t type, bool critical)
{
	size_t start = m->w.len;

	if (m->open != SIZE_MAX)
		mo_close(m);
	if (m->np_off == SIZE_MAX)
		m->first = type;
	else if (m->np_off < m->w.len)
		m->w.p[m->np_off] = type;
	m->np_off = start;
	m->open = start;
	wr_u8(&m->w, PL_NONE);
	wr_u8(&m->w, critical ? 0x80 : 0);
	wr_u16(&m->w, 0);
}

void mo_close(struct msg_out *m)
{
	if (m->open == SIZE_MAX)
		return;
	if (m->w.len - m->open > 0xffff)
		m->w.bad = true;
	else
		wr_put_u16_at(&m->w, m->open + 2, (uint16_t)(m->w.len - m->open));
	m->open = SIZE_MAX;
}

size_t mo_finish(struct msg_out *m)
{
	mo_close(m);
	if (m->has_hdr)
		wr_put_u32_at(&m->w, 24, (uint32_t)m->w.len);
	return m->w.bad ? 0 : m->w.len;
}

void mo_notify(struct msg_out *m, uint8_t proto, const uint8_t *spi, uint8_t spi_len,
	       uint16_t type, const void *data, size_t len)
{
	mo_open(m, PL_NOTIFY, false);
	wr_u8(&m->w, proto);
	wr_u8(&m->w, spi_len);
	wr_u16(&m->w, type);
	wr_bytes(&m->w, spi, spi_len);
	wr_bytes(&m->w, data, len);
	mo_close(m);
}

void mo_nonce(struct msg_out *m, const uint8_t *nonce, size_t len)
{
	mo_open(m, PL_NONCE, false);
	wr_bytes(&m->w, nonce, len);
	mo_close(m);
}

void mo_ke(struct msg_out *m, uint16_t group, const uint8_t *pub, size_t len)
{
	mo_open(m, PL_KE, false);
	wr_u16(&m->w, group);
	wr_u16(&m->w, 0);
	wr_bytes(&m->w, pub, len);
	mo_close(m);
}

void mo_ts(struct msg_out *m, uint8_t type, const struct ts_list *tsl)
{
	mo_open(m, type, false);
	wr_u8(&m->w, tsl->n);
	wr_zeros(&m->w, 3);
	for (unsigned i = 0; i < tsl->n; i++) {
		const struct ts *ts = &tsl->ts[i];
		size_t alen = ts->type == TS_IPV4_ADDR_RANGE ? 4 : 16;
		wr_u8(&m->w, ts->type);
		wr_u8(&m->w, ts->proto);
		wr_u16(&m->w, (uint16_t)(8 + 2 * alen));
		wr_u16(&m->w, ts->sport);
		wr_u16(&m->w, ts->eport);
		wr_bytes(&m->w, ts->start, alen);
		wr_bytes(&m->w, ts->end, alen);
	}
	mo_close(m);
}

void mo_delete(struct msg_out *m, uint8_t proto, const void *spis, uint16_t n)
{
	uint8_t spi_len = proto == PROTO_IKE ? 0 : 4;
	mo_open(m, PL_DELETE, false);
	wr_u8(&m->w, proto);
	wr_u8(&m->w, spi_len);
	wr_u16(&m->w, n);
	wr_bytes(&m->w, spis, (size_t)spi_len * n);
	mo_close(m);
}
