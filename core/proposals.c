#include "core/proposals.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/ikev2.h"
#include "core/pluto.h"
#include "crypto/cipher.h"
#include "crypto/dh.h"
#include "crypto/prf.h"

#define MAX_TRANS 64

/* One proposal flattened into the transforms we would put on the wire. */
struct flat {
	unsigned n;
	struct transform t[MAX_TRANS];
};

static void add(struct flat *f, uint8_t type, uint16_t id, uint16_t bits)
{
	if (f->n < MAX_TRANS)
		f->t[f->n++] = (struct transform){ .type = type, .id = id, .key_bits = bits };
}

static unsigned max_bits(const struct encr_desc *e)
{
	unsigned m = 0;
	for (unsigned i = 0; i < 3 && e->key_bits[i]; i++)
		if (e->key_bits[i] > m)
			m = e->key_bits[i];
	return m;
}

static bool has_bits(const struct encr_desc *e, unsigned bits)
{
	for (unsigned i = 0; i < 3 && e->key_bits[i]; i++)
		if (e->key_bits[i] == bits)
			return true;
	return false;
}

static bool encr_usable(struct pluto *p, const struct encr_desc *e, const struct offer_opts *o)
{
	if (!e || (o->fips && !e->fips))
		return false;
	if (o->proto == PROTO_IKE)
		return e->ike;
	/* ESP is done by the kernel: ask it (the "none" kernel accepts all). */
	return !p->kernel || !p->kops->supports || p->kops->supports(p->kernel, e->id, 0);
}

static void add_encr(struct pluto *p, struct flat *f, const struct proposal_encr *pe,
		     const struct offer_opts *o)
{
	const struct encr_desc *e = encr_lookup(pe->id);
	unsigned mx;

	if (!encr_usable(p, e, o))
		return;
	if (pe->key_bits) {
		if (has_bits(e, pe->key_bits))
			add(f, TRANS_ENCR, e->id, pe->key_bits);
		return;
	}
	mx = max_bits(e);
	if (mx == 0) {
		add(f, TRANS_ENCR, e->id, 0); /* fixed size, no attribute (3DES, ChaCha20) */
	} else if (e->default_bits == mx) {
		add(f, TRANS_ENCR, e->id, mx);
	} else if (o->proto == PROTO_IKE) {
		add(f, TRANS_ENCR, e->id, (uint16_t)mx);
		add(f, TRANS_ENCR, e->id, e->default_bits);
	} else {
		add(f, TRANS_ENCR, e->id, e->default_bits);
		add(f, TRANS_ENCR, e->id, (uint16_t)mx);
	}
}

static bool all_aead(const struct proposal *pr)
{
	for (unsigned i = 0; i < pr->n_encr; i++) {
		const struct encr_desc *e = encr_lookup(pr->encr[i].id);
		if (!e || !e->aead)
			return false;
	}
	return pr->n_encr > 0;
}

/* Flattens one configured proposal; returns false if a required type is empty. */
static bool flatten(struct pluto *p, const struct proposal *pr, const struct offer_opts *o,
		    struct flat *f)
{
	bool aead = all_aead(pr);
	unsigned before;

	f->n = 0;
	for (unsigned i = 0; i < pr->n_encr; i++)
		add_encr(p, f, &pr->encr[i], o);
	if (f->n == 0 && o->proto != PROTO_AH)
		return false;
	if (o->proto == PROTO_IKE) {
		before = f->n;
		for (unsigned i = 0; i < pr->n_prf; i++) {
			const struct prf_desc *d = prf_lookup(pr->prf[i]);
			if (d && (!o->fips || d->fips))
				add(f, TRANS_PRF, d->id, 0);
		}
		if (f->n == before)
			return false;
	}
	if (!aead) {
		before = f->n;
		for (unsigned i = 0; i < pr->n_integ; i++) {
			const struct integ_desc *d = integ_lookup(pr->integ[i]);
			if (d && (!o->fips || d->fips))
				add(f, TRANS_INTEG, d->id, 0);
		}
		if (f->n == before)
			return false;
	}
	if (o->with_dh) {
		before = f->n;
		for (unsigned i = 0; i < pr->n_dh; i++) {
			const struct dh_desc *d = dh_lookup(pr->dh[i]);
			if (d && (!o->fips || d->fips))
				add(f, TRANS_DH, d->id, 0);
		}
		if (pr->n_dh == 0 && o->default_dh)
			add(f, TRANS_DH, o->default_dh, 0);
		if (f->n == before)
			return false;
	}
	if (o->proto != PROTO_IKE) {
		if (o->esn)
			add(f, TRANS_ESN, 1, 0);
		add(f, TRANS_ESN, 0, 0);
	}
	return true;
}

static void emit_transform(struct msg_out *m, const struct transform *t, bool last)
{
	size_t start = m->w.len;
	wr_u8(&m->w, last ? 0 : 3);
	wr_u8(&m->w, 0);
	wr_u16(&m->w, 0);
	wr_u8(&m->w, t->type);
	wr_u8(&m->w, 0);
	wr_u16(&m->w, t->id);
	if (t->key_bits) {
		wr_u16(&m->w, TRANS_ATTR_TV | TRANS_ATTR_KEY_LENGTH);
		wr_u16(&m->w, t->key_bits);
	}
	wr_put_u16_at(&m->w, start + 2, (uint16_t)(m->w.len - start));
}

static void emit_proposal(struct msg_out *m, uint8_t num, const struct offer_opts *o,
			  const uint8_t *spi, uint8_t spi_len, const struct flat *f, bool last)
{
	size_t start = m->w.len;
	wr_u8(&m->w, last ? 0 : 2);
	wr_u8(&m->w, 0);
	wr_u16(&m->w, 0);
	wr_u8(&m->w, num);
	wr_u8(&m->w, o->proto);
	wr_u8(&m->w, spi_len);
	wr_u8(&m->w, (uint8_t)f->n);
	wr_bytes(&m->w, spi, spi_len);
	for (unsigned i = 0; i < f->n; i++)
		emit_transform(m, &f->t[i], i + 1 == f->n);
	wr_put_u16_at(&m->w, start + 2, (uint16_t)(m->w.len - start));
}

int sa_emit_offer(struct pluto *p, struct msg_out *m, const struct proposal_list *pl,
		  const struct offer_opts *o)
{
	struct flat flats[PROPOSAL_MAX];
	unsigned n = 0;

	for (unsigned i = 0; i < pl->count && i < PROPOSAL_MAX; i++)
		if (flatten(p, &pl->p[i], o, &flats[n]))
			n++;
	if (n == 0)
		return -EINVAL;
	mo_open(m, PL_SA, false);
	for (unsigned i = 0; i < n; i++)
		emit_proposal(m, (uint8_t)(i + 1), o, o->spi, o->spi_len, &flats[i], i + 1 == n);
	mo_close(m);
	return 0;
}

void sa_emit_chosen(struct msg_out *m, const struct chosen *c)
{
	struct flat f = { 0 };
	struct offer_opts o = { .proto = c->proto };

	if (c->encr)
		add(&f, TRANS_ENCR, c->encr, c->encr_bits);
	if (c->prf)
		add(&f, TRANS_PRF, c->prf, 0);
	if (c->integ)
		add(&f, TRANS_INTEG, c->integ, 0);
	if (c->dh)
		add(&f, TRANS_DH, c->dh, 0);
	if (c->proto != PROTO_IKE)
		add(&f, TRANS_ESN, c->esn ? 1 : 0, 0);
	mo_open(m, PL_SA, false);
	emit_proposal(m, c->num, &o, c->spi, c->spi_len, &f, true);
	mo_close(m);
}

/* Finds the first of our transforms of `type` (by our order) that the peer also
 * offered. Returns its index in ours, or -1. */
static int pick(const struct flat *ours, const struct sa_proposal *theirs, uint8_t type,
		struct transform *out)
{
	for (unsigned i = 0; i < ours->n; i++) {
		if (ours->t[i].type != type)
			continue;
		for (unsigned j = 0; j < theirs->n_trans; j++) {
			const struct transform *t = &theirs->trans[j];
			if (t->type == type && !t->bad_attr && t->id == ours->t[i].id &&
			    t->key_bits == ours->t[i].key_bits) {
				*out = *t;
				return (int)i;
			}
		}
	}
	return -1;
}

static bool offers_type(const struct sa_proposal *pr, uint8_t type, uint16_t except_id)
{
	for (unsigned j = 0; j < pr->n_trans; j++)
		if (pr->trans[j].type == type && pr->trans[j].id != except_id)
			return true;
	return false;
}

/* Can `theirs` be satisfied by `ours`? Fills c with the choice. */
static bool match(const struct flat *ours, const struct sa_proposal *theirs,
		  const struct offer_opts *o, bool need_dh, struct chosen *c)
{
	struct transform t;
	bool aead;

	memset(c, 0, sizeof(*c));
	c->num = theirs->num;
	c->proto = theirs->proto;
	if (theirs->proto != o->proto)
		return false;
	if (pick(ours, theirs, TRANS_ENCR, &t) < 0)
		return false;
	c->encr = t.id;
	c->encr_bits = t.key_bits;
	aead = encr_lookup(t.id)->aead;
	if (o->proto == PROTO_IKE) {
		if (pick(ours, theirs, TRANS_PRF, &t) < 0)
			return false;
		c->prf = t.id;
	}
	if (!aead) {
		if (pick(ours, theirs, TRANS_INTEG, &t) < 0)
			return false;
		c->integ = t.id;
	} else if (offers_type(theirs, TRANS_INTEG, IKEV2_INTEG_NONE)) {
		/* RFC 7296 3.3: integrity with an AEAD cipher makes no sense; a
		 * proposal mixing them is taken only for its INTEG=NONE, if any. */
		bool none = false;
		for (unsigned j = 0; j < theirs->n_trans; j++)
			if (theirs->trans[j].type == TRANS_INTEG && theirs->trans[j].id == 0)
				none = true;
		if (!none)
			return false;
	}
	if (need_dh) {
		if (pick(ours, theirs, TRANS_DH, &t) < 0)
			return false;
		c->dh = t.id;
		/* RFC 7296 1.2: the initiator guessed a group in its KE; take it when both
		 * sides accept it in this proposal. */
		for (unsigned i = 0; o->prefer_dh && i < ours->n; i++)
			if (ours->t[i].type == TRANS_DH && ours->t[i].id == o->prefer_dh)
				for (unsigned j = 0; j < theirs->n_trans; j++)
					if (theirs->trans[j].type == TRANS_DH &&
					    theirs->trans[j].id == o->prefer_dh)
						c->dh = o->prefer_dh;
	} else if (offers_type(theirs, TRANS_DH, IKEV2_DH_NONE) && o->proto == PROTO_IKE) {
		return false;
	}
	if (o->proto != PROTO_IKE) {
		if (pick(ours, theirs, TRANS_ESN, &t) < 0) {
			/* No ESN transform at all means "no ESN" to most peers. */
			if (offers_type(theirs, TRANS_ESN, 0xffff))
				return false;
			c->esn = false;
		} else {
			c->esn = t.id == 1;
		}
	}
	c->spi_len = theirs->spi_len;
	memcpy(c->spi, theirs->spi, theirs->spi_len);
	return true;
}

int sa_select(struct pluto *p, const struct sa_payload *offer, const struct proposal_list *pl,
	      const struct offer_opts *o, bool need_dh, struct chosen *out)
{
	/* Our preference decides: the first of our proposals any of theirs matches. */
	for (unsigned i = 0; i < pl->count; i++) {
		struct flat f;
		if (!flatten(p, &pl->p[i], o, &f))
			continue;
		/* Our own esn= decides whether ESN is acceptable; accept "no" always. */
		for (unsigned j = 0; j < offer->n_props; j++) {
			const struct sa_proposal *pr = &offer->props[j];
			if (pr->proto == PROTO_IKE && o->proto == PROTO_IKE &&
			    pr->spi_len != o->spi_len)
				continue;
			if (pr->proto != PROTO_IKE && pr->spi_len != 4)
				continue;
			if (match(&f, pr, o, need_dh, out))
				return 0;
		}
	}
	return -ENOENT;
}

int sa_accept(struct pluto *p, const struct sa_payload *reply, const struct proposal_list *pl,
	      const struct offer_opts *o, struct chosen *out)
{
	const struct sa_proposal *pr;
	unsigned counts[6] = { 0 };

	/* RFC 7296 2.7: exactly one proposal, one transform of each type. */
	if (reply->n_props != 1)
		return -EINVAL;
	pr = &reply->props[0];
	for (unsigned j = 0; j < pr->n_trans; j++)
		if (pr->trans[j].type < 6 && ++counts[pr->trans[j].type] > 1)
			return -EINVAL;
	if (pr->proto != PROTO_IKE && pr->spi_len != 4)
		return -EINVAL;
	for (unsigned i = 0; i < pl->count; i++) {
		struct flat f;
		if (!flatten(p, &pl->p[i], o, &f))
			continue;
		if (match(&f, pr, o, o->with_dh && counts[TRANS_DH], out))
			return 0;
	}
	return -ENOENT;
}

static const char *encr_name(uint16_t id)
{
	const struct encr_desc *e = encr_lookup(id);
	return e ? e->name : "?";
}

void chosen_describe_ike(const struct chosen *c, char *buf, size_t len)
{
	const struct prf_desc *prf = prf_lookup(c->prf);
	const struct integ_desc *integ = c->integ ? integ_lookup(c->integ) : NULL;
	const struct dh_desc *dh = dh_lookup(c->dh);
	char cipher[48];

	if (c->encr_bits)
		snprintf(cipher, sizeof(cipher), "%s_%u", encr_name(c->encr), c->encr_bits);
	else
		snprintf(cipher, sizeof(cipher), "%s", encr_name(c->encr));
	snprintf(buf, len, "cipher=%s integ=%s prf=%s group=%s", cipher,
		 integ ? integ->name : "n/a", prf ? prf->name : "?", dh ? dh->name : "none");
}

void chosen_describe_esp(const struct chosen *c, char *buf, size_t len)
{
	const struct integ_desc *integ = c->integ ? integ_lookup(c->integ) : NULL;
	const struct dh_desc *dh = c->dh ? dh_lookup(c->dh) : NULL;
	int n;

	if (c->encr_bits)
		n = snprintf(buf, len, "%s_%u-%s", encr_name(c->encr), c->encr_bits,
			     integ ? integ->name : "NONE");
	else
		n = snprintf(buf, len, "%s-%s", encr_name(c->encr), integ ? integ->name : "NONE");
	if (dh && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "-%s", dh->name);
}

uint16_t proposal_first_dh(struct pluto *p, const struct proposal_list *pl, uint16_t dflt,
			   bool fips)
{
	(void)p;
	for (unsigned i = 0; i < pl->count; i++)
		for (unsigned j = 0; j < pl->p[i].n_dh; j++) {
			const struct dh_desc *d = dh_lookup(pl->p[i].dh[j]);
			if (d && (!fips || d->fips))
				return d->id;
		}
	return dflt;
}

bool proposal_has_dh(const struct proposal_list *pl, uint16_t group, uint16_t dflt)
{
	bool any = false;
	for (unsigned i = 0; i < pl->count; i++) {
		for (unsigned j = 0; j < pl->p[i].n_dh; j++) {
			any = true;
			if (pl->p[i].dh[j] == group)
				return dh_lookup(group) != NULL;
		}
	}
	return !any && group == dflt && dflt != 0;
}
