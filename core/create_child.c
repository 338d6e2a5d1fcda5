#include "core/create_child.h"

#include "core/ctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/child.h"
#include "core/child_neg.h"
#include "core/conn.h"
#include "core/connection.h"
#include "core/exchange.h"
#include "core/ike_sa.h"
#include "core/keymat.h"
#include "core/lifetime.h"
#include "core/natt.h"
#include "core/rekey_collision.h"
#include "core/terminate.h"
#include "core/xmit.h"
#include "crypto/random.h"

#define NONCE_LEN 32

/* The PFS group for a Child SA: esp='s first group, else the IKE SA's (as
 * Libreswan does when pfs=yes and esp= names none). 0 without PFS. */
static uint16_t pfs_group(struct pluto *p, const struct ike_sa *sa, const struct connection *c)
{
	if (!c->cfg->pfs)
		return 0;
	return proposal_first_dh(p, &c->cfg->esp, sa->k.dh, p->fips);
}

static int emit_ke(struct msg_out *mo, uint16_t group, struct dh_secret *secret)
{
	const struct dh_desc *d = dh_lookup(group);
	uint8_t *pub;
	int err;

	if (!d)
		return -EINVAL;
	pub = malloc(d->pub_len);
	if (!pub)
		return -ENOMEM;
	err = dh_keygen(d, secret, pub);
	if (err == 0)
		mo_ke(mo, group, pub, d->pub_len);
	free(pub);
	return err;
}

/* Sends the request for a Child SA (new, or replacing `old`): [N(REKEY_SA)], SA,
 * Ni, [KEi], TSi, TSr (RFC 7296 1.3.1, 1.3.3). */
static int child_request(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
			 struct child_sa *old)
{
	uint8_t *buf = xmit_scratch(p);
	struct msg_out mo;
	struct wire *w;
	uint16_t group = ch->proposed_dh;
	int err = -EINVAL;

	if (!buf)
		return -ENOMEM;
	if (child_neg_prepare(ch) < 0)
		goto out;
	mo_begin_chain(&mo, buf, XMIT_BUF);
	ch->rekey_of = old ? old->serial : 0;
	if (old)
		mo_notify(&mo, old->proto, (const uint8_t *)&old->spi_in, 4, N_REKEY_SA, NULL, 0);
	if (child_neg_emit_sa(p, sa, ch, &mo, group) < 0)
		goto out;
	ch->nonce_len = NONCE_LEN;
	random_bytes(ch->nonce, NONCE_LEN);
	mo_nonce(&mo, ch->nonce, ch->nonce_len);
	if (group) {
		ch->dh_secret = calloc(1, sizeof(*ch->dh_secret));
		if (!ch->dh_secret || emit_ke(&mo, group, ch->dh_secret) < 0)
			goto out;
	}
	child_neg_emit_ts(&mo, ch);
	w = ike_seal(p, sa, CREATE_CHILD_SA, false, sa->next_msgid, &mo);
	if (w) {
		ike_send_request(p, sa, old ? REQ_REKEY_CHILD : REQ_CREATE_CHILD, w);
		sa->req_child = ch;
		err = 0;
	}
out:
	return err;
}

int create_child_new(struct pluto *p, struct ike_sa *sa, struct connection *c, uint32_t whack)
{
	struct child_sa *ch = child_sa_new(p, sa, c);
	if (!ch)
		return -ENOMEM;
	ch->initiator = true;
	ch->whack = whack;
	ch->proposed_dh = pfs_group(p, sa, c);
	if (child_alloc_spi(p, ch) < 0 || child_request(p, sa, ch, NULL) < 0) {
		child_log(p, ch, RC_LOG_SERIOUS, "cannot start CREATE_CHILD_SA");
		child_uninstall(p, ch, false);
		child_sa_free(p, ch);
		return -EINVAL;
	}
	child_log(p, ch, RC_NEW_V2_STATE + 38, "STATE_V2_CREATE_I: sent IPsec Child req wait response");
	return 0;
}

void create_child_rekey(struct pluto *p, struct ike_sa *sa, struct child_sa *old)
{
	struct child_sa *ch = child_sa_new(p, sa, old->c);
	if (!ch)
		return;
	ch->initiator = true;
	ch->replaces = old;
	ch->proposed_dh = pfs_group(p, sa, old->c);
	if (child_alloc_spi(p, ch) < 0 || child_request(p, sa, ch, old) < 0) {
		child_log(p, ch, RC_LOG_SERIOUS, "cannot start the Child SA rekey");
		child_uninstall(p, ch, false);
		child_sa_free(p, ch);
		return;
	}
	child_log(p, ch, RC_LOG, "STATE_V2_REKEY_CHILD_I: sent IPsec Child rekey request for #%u",
		  old->serial);
}

/* A new IKE SA made by a rekey runs over the same path as the old one. */
static void rekey_inherit(struct ike_sa *n, const struct ike_sa *old)
{
	n->local = old->local;
	n->remote = old->remote;
	n->encap = old->encap;
	n->nat_local = old->nat_local;
	n->nat_remote = old->nat_remote;
	n->frag_ok = old->frag_ok;
}

/* A new IKE SA made by a rekey is the same peer, authenticated as before. */
static void rekey_copy_identity(struct pluto *p, struct ike_sa *n, const struct ike_sa *old)
{
	ike_sa_set_peer_id(p, n, old->peer_id ? strdup(old->peer_id) : NULL);
	n->peer_id_type = old->peer_id_type;
	if (old->peer_id_raw && (n->peer_id_raw = malloc(old->peer_id_raw_len ? old->peer_id_raw_len : 1))) {
		memcpy(n->peer_id_raw, old->peer_id_raw, old->peer_id_raw_len);
		n->peer_id_raw_len = old->peer_id_raw_len;
	}
	n->auth_desc = old->auth_desc ? strdup(old->auth_desc) : NULL;
	n->state = IKE_ESTABLISHED;
	n->established_at_ms = p->loop.now_ms;
}

/* Once its keys are agreed the new IKE SA takes over the old one's Child SAs
 * (unless a rekey collision is still open: see collision_ike_note); the old
 * one only waits to be deleted. */
static void rekey_take_over(struct pluto *p, struct ike_sa *n, struct ike_sa *old,
			    bool children)
{
	while (children && old->children)
		child_sa_move(old->children, n);
	rekey_copy_identity(p, n, old);
	n->c->newest_ike = n->serial;
	ike_log(p, n, RC_LOG, "%s: IKE SA rekeyed; replaces #%u", ike_state_name(n), old->serial);
	lifetime_ike_established(p, n);
}

void create_child_rekey_ike(struct pluto *p, struct ike_sa *sa)
{
	struct ike_sa *n = ike_sa_new(p, sa->c, true);
	uint8_t *buf = xmit_scratch(p);
	struct msg_out mo;
	struct offer_opts o = { .proto = PROTO_IKE, .with_dh = true, .fips = p->fips };
	struct wire *w;
	uint16_t group = sa->k.dh;

	if (!n || !buf)
		goto fail;
	n->state = IKE_REKEY_LARVAL;
	rekey_inherit(n, sa);
	n->hs = calloc(1, sizeof(*n->hs));
	if (!n->hs)
		goto fail;
	n->hs->ni_len = NONCE_LEN;
	random_bytes(n->hs->ni, NONCE_LEN);
	n->hs->dh_group = group;
	o.spi = n->spi_i;
	o.spi_len = 8;
	mo_begin_chain(&mo, buf, XMIT_BUF);
	if (sa_emit_offer(p, &mo, &sa->c->cfg->ike, &o) < 0)
		goto fail;
	mo_nonce(&mo, n->hs->ni, n->hs->ni_len);
	if (emit_ke(&mo, group, &n->hs->dh) < 0)
		goto fail;
	w = ike_seal(p, sa, CREATE_CHILD_SA, false, sa->next_msgid, &mo);
	if (!w)
		goto fail;
	sa->req_new_ike = n;
	ike_send_request(p, sa, REQ_REKEY_IKE, w);
	ike_log(p, sa, RC_LOG, "STATE_V2_REKEY_IKE_I: sent IKE SA rekey request; new IKE SA #%u",
		n->serial);
	return;
fail:
	if (n)
		ike_sa_free(p, n);
}

static const struct notify_view *first_error(const struct msg_in *m, struct notify_view *nv)
{
	for (unsigned i = 0; i < m->pl.n; i++)
		if (m->pl.p[i].type == PL_NOTIFY && pl_notify(&m->pl.p[i], nv) == 0 &&
		    nv->type < N_ERROR_MAX)
			return nv;
	return NULL;
}

/* g^ir from the peer's KE and our secret; 0 with *len set, or -EINVAL. */
static int shared_secret(const struct msg_in *m, uint16_t group, const struct dh_secret *secret,
			 uint8_t *out, size_t *len)
{
	const struct payload *pke = pl_find(&m->pl, PL_KE);
	const struct dh_desc *d = dh_lookup(group);
	struct ke_view ke;

	if (!d || !pke || pl_ke(pke, &ke) < 0 || ke.group != group)
		return -EINVAL;
	if (dh_compute(secret, ke.data, ke.len, out) < 0)
		return -EINVAL;
	*len = d->shared_len;
	return 0;
}

static void child_done(struct pluto *p, struct ike_sa *sa, struct child_sa *ch)
{
	ch->state = CHILD_ESTABLISHED;
	ch->c->newest_child = ch->serial;
	if (ch->dh_secret) {
		dh_secret_wipe(ch->dh_secret);
		free(ch->dh_secret);
		ch->dh_secret = NULL;
	}
	child_log_established(p, ch);
	lifetime_child_established(p, ch);
	if (ch->initiator && ch->rekey_of) {
		/* NULL when the peer has deleted it already (it won a collision). */
		struct child_sa *old = ch->replaces;
		ch->replaces = NULL;
		/* The initiator of a rekey deletes the SA it replaced (RFC 7296 2.8),
		 * unless the peer rekeyed it at the same time and won (2.8.1). */
		if (!collision_child_resolve(p, sa, ch, old) && old &&
		    old->state == CHILD_ESTABLISHED)
			old->state = CHILD_DELETING;
	}
	ch->replaces = NULL;
	if (ch->whack) {
		ctl_client_done(p, ch->whack);
		ch->whack = 0;
	}
	(void)sa;
}

static void child_response(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
			   const struct msg_in *m)
{
	struct notify_view nv;
	const struct payload *pn = pl_find(&m->pl, PL_NONCE);
	const uint8_t *nr;
	size_t nr_len, gir_len = 0;
	uint8_t gir[DH_MAX_SHARED];
	int err;

	if (first_error(m, &nv)) {
		const char *nn = ike_notify_name(nv.type);
		child_log(p, ch, RC_LOG_SERIOUS, "CREATE_CHILD_SA failed with error notification %s",
			  nn ? nn : "UNKNOWN");
		/* The peer is busy with an exchange that conflicts (RFC 7296 2.25). */
		if (nv.type == N_TEMPORARY_FAILURE && ch->replaces) {
			uint32_t ms = lifetime_child_retry_rekey(p, ch->replaces);
			if (ms)
				child_log(p, ch->replaces, RC_LOG, "will retry the rekey in %u ms", ms);
		}
		if (nv.type == N_INVALID_KE_PAYLOAD && nv.len == 2 && ch->proposed_dh) {
			uint16_t g = (uint16_t)(nv.data[0] << 8 | nv.data[1]);
			if (g != ch->proposed_dh && proposal_has_dh(&ch->c->cfg->esp, g, sa->k.dh) &&
			    dh_lookup(g)) {
				struct child_sa *old = ch->replaces;
				struct connection *c = ch->c;
				uint32_t whack = ch->whack;
				ch->whack = 0;
				child_uninstall(p, ch, false);
				child_sa_free(p, ch);
				struct child_sa *n = child_sa_new(p, sa, c);
				if (!n)
					return;
				n->initiator = true;
				n->replaces = old;
				n->whack = whack;
				n->proposed_dh = g;
				if (child_alloc_spi(p, n) < 0 || child_request(p, sa, n, old) < 0) {
					child_uninstall(p, n, false);
					child_sa_free(p, n);
				}
				return;
			}
		}
		goto fail;
	}
	if (!pn || pl_nonce(pn, &nr, &nr_len) < 0) {
		log_unexpected(p, sa, m, (1ULL << (PL_NONCE - 32)) & ~m->pl.seen);
		goto fail;
	}
	err = child_neg_accept(p, sa, ch, m);
	if (err) {
		const char *nn = ike_notify_name((uint16_t)err);
		child_log(p, ch, RC_LOG_SERIOUS, "CREATE_CHILD_SA response is not acceptable: %s",
			  nn ? nn : "?");
		goto fail;
	}
	if (ch->proposed_dh &&
	    shared_secret(m, ch->proposed_dh, ch->dh_secret, gir, &gir_len) < 0) {
		child_log(p, ch, RC_LOG_SERIOUS, "CREATE_CHILD_SA response has no usable KE");
		goto fail;
	}
	err = child_neg_keys(sa, ch, gir_len ? gir : NULL, gir_len, ch->nonce, ch->nonce_len, nr,
			     nr_len);
	wipe(gir, sizeof(gir));
	if (err < 0 || child_install(p, ch) < 0)
		goto fail;
	collision_low_nonce(ch->nonce, &ch->nonce_len, ch->nonce, ch->nonce_len, nr, nr_len);
	child_done(p, sa, ch);
	return;
fail:
	if (ch->whack) {
		child_log(p, ch, RC_FATAL, "encountered fatal error in state STATE_V2_CREATE_I");
		ctl_client_done(p, ch->whack);
		ch->whack = 0;
	}
	child_uninstall(p, ch, false);
	child_sa_free(p, ch);
}

static void ike_rekey_response(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	struct ike_sa *n = sa->req_new_ike;
	const struct payload *psa = pl_find(&m->pl, PL_SA), *pn = pl_find(&m->pl, PL_NONCE);
	struct offer_opts o = { .proto = PROTO_IKE, .with_dh = true, .fips = p->fips,
				.spi = n ? n->spi_i : NULL, .spi_len = 8 };
	struct sa_payload *reply = NULL;
	struct notify_view nv;
	struct chosen c;
	struct ike_sa *twin;
	bool lost;
	const uint8_t *nr;
	size_t nr_len, gir_len;
	uint8_t gir[DH_MAX_SHARED];

	sa->req_new_ike = NULL;
	if (!n)
		return;
	if (first_error(m, &nv) || !psa || !pn || pl_nonce(pn, &nr, &nr_len) < 0) {
		const char *nn = first_error(m, &nv) ? ike_notify_name(nv.type) : NULL;
		ike_log(p, sa, RC_LOG_SERIOUS, "IKE SA rekey was refused%s%s", nn ? ": " : "",
			nn ? nn : "");
		if (nn && nv.type == N_TEMPORARY_FAILURE) {
			uint32_t ms = lifetime_ike_retry_rekey(p, sa);
			if (ms)
				ike_log(p, sa, RC_LOG, "will retry the rekey in %u ms", ms);
		}
		goto fail;
	}
	reply = malloc(sizeof(*reply));
	if (!reply || pl_sa(psa, reply) < 0 || sa_accept(p, reply, &sa->c->cfg->ike, &o, &c) < 0 ||
	    c.spi_len != 8 || c.dh != n->hs->dh_group ||
	    shared_secret(m, c.dh, &n->hs->dh, gir, &gir_len) < 0) {
		ike_log(p, sa, RC_LOG_SERIOUS, "IKE SA rekey response is not acceptable");
		goto fail;
	}
	memcpy(n->spi_r, c.spi, 8);
	keymat_set_algs(&n->k, &c);
	if (keymat_ike_rekey(&n->k, &sa->k, n->hs->ni, n->hs->ni_len, nr, nr_len, gir, gir_len,
			     n->spi_i, n->spi_r) < 0)
		goto fail;
	wipe(gir, sizeof(gir));
	free(reply);
	twin = collision_ike_twin(sa);
	lost = twin && collision_ike_ours_lost(sa, n->hs->ni, n->hs->ni_len, nr, nr_len);
	ike_handshake_free(n);
	collision_ike_forget(sa);
	if (lost) {
		/* RFC 7296 2.8.2: ours is redundant; we delete it, the peer deletes sa.
		 * The Child SAs, left on sa meanwhile, go to the peer's new SA. */
		ike_log(p, n, RC_LOG,
			"IKE SA rekey collision with #%u: this exchange had the lowest nonce; "
			"deleting redundant IKE SA #%u", twin->serial, n->serial);
		collision_ike_hand_over(sa, twin);
		rekey_copy_identity(p, n, sa);
		n->want_delete = true;
		ike_run_pending(p, n);
		return;
	}
	if (twin) {
		ike_log(p, n, RC_LOG,
			"IKE SA rekey collision with #%u: the peer's exchange had the lowest nonce; "
			"it deletes #%u", twin->serial, twin->serial);
		lifetime_ike_retire(p, twin);
	}
	rekey_take_over(p, n, sa, true);
	natt_start_keepalive(p, n);
	/* The initiator of the rekey deletes the old SA (RFC 7296 2.18). */
	sa->want_delete = true;
	return;
fail:
	wipe(gir, sizeof(gir));
	free(reply);
	ike_sa_free(p, n);
	/* Ours failed while the peer's rekey of sa succeeded: the peer's SA is it. */
	if ((twin = collision_ike_twin(sa)) != NULL)
		collision_ike_hand_over(sa, twin);
	collision_ike_forget(sa);
}

void create_child_response(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	enum req_kind kind = sa->req;
	struct child_sa *ch = sa->req_child;

	ike_request_done(p, sa);
	if (kind == REQ_REKEY_IKE)
		ike_rekey_response(p, sa, m);
	else if (ch)
		child_response(p, sa, ch, m);
	ike_run_pending(p, sa);
}

/* --- responder --- */

static void respond_error(struct pluto *p, struct ike_sa *sa, uint32_t msgid, uint16_t type,
			  const void *data, size_t len)
{
	uint8_t buf[64];
	struct msg_out mo;

	mo_begin_chain(&mo, buf, sizeof(buf));
	mo_notify(&mo, PROTO_NONE, NULL, 0, type, data, len);
	ike_respond(p, sa, CREATE_CHILD_SA, msgid, &mo);
}

/* The IKE SA's own algorithms as a one-proposal list. A responder keeps them
 * in a rekey when the peer offers them: a new PRF is where implementations part
 * ways (RFC 7296 2.18 names the old SA's PRF for SKEYSEED; strongSwan also
 * expands the keys with it, Libreswan with the new one), and staying put keeps
 * that question from arising with either. */
static void current_algs(const struct ike_keys *k, struct proposal_list *out)
{
	struct proposal *pr = &out->p[0];

	memset(out, 0, sizeof(*out));
	out->count = 1;
	pr->n_encr = 1;
	pr->encr[0].id = k->encr->id;
	pr->encr[0].key_bits = k->encr_bits;
	pr->n_prf = 1;
	pr->prf[0] = k->prf->id;
	if (k->integ) {
		pr->n_integ = 1;
		pr->integ[0] = k->integ->id;
	}
	pr->n_dh = 1;
	pr->dh[0] = k->dh;
}

/* The peer's offer for the new IKE SA: our current algorithms when offered with
 * the group of its KE, else our choice from ike=. */
static int rekey_select(struct pluto *p, const struct ike_sa *sa, const struct sa_payload *offer,
			const struct offer_opts *o, struct chosen *c)
{
	struct proposal_list *cur = malloc(sizeof(*cur));
	int err = -ENOENT;

	if (cur && o->prefer_dh == sa->k.dh) {
		current_algs(&sa->k, cur);
		err = sa_select(p, offer, cur, o, true, c);
	}
	free(cur);
	if (err < 0)
		err = sa_select(p, offer, &sa->c->cfg->ike, o, true, c);
	return err;
}

static void ike_rekey_responder(struct pluto *p, struct ike_sa *sa, const struct msg_in *m,
				const struct sa_payload *offer)
{
	const struct payload *pn = pl_find(&m->pl, PL_NONCE), *pke = pl_find(&m->pl, PL_KE);
	struct offer_opts o = { .proto = PROTO_IKE, .with_dh = true, .fips = p->fips, .spi_len = 8 };
	struct chosen c;
	struct ke_view ke;
	const uint8_t *ni;
	size_t ni_len, gir_len, len = 0;
	uint8_t gir[DH_MAX_SHARED], nr[NONCE_LEN], *buf = NULL;
	struct ike_sa *n = NULL;
	struct dh_secret dh = { 0 };
	struct msg_out mo;
	uint32_t msgid = m->hdr.msgid;

	(void)len;
	/* RFC 7296 2.25.1: not while one of our Child SA exchanges is out. */
	if (sa->req == REQ_CREATE_CHILD || sa->req == REQ_REKEY_CHILD ||
	    sa->req == REQ_DELETE_CHILD) {
		ike_log(p, sa, RC_LOG, "IKE SA rekey request refused with TEMPORARY_FAILURE: "
			"a Child SA exchange of ours is in progress");
		respond_error(p, sa, msgid, N_TEMPORARY_FAILURE, NULL, 0);
		return;
	}
	if (!pn || !pke || pl_nonce(pn, &ni, &ni_len) < 0 || pl_ke(pke, &ke) < 0) {
		respond_error(p, sa, msgid, N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	o.prefer_dh = ke.group;
	if (rekey_select(p, sa, offer, &o, &c) < 0) {
		respond_error(p, sa, msgid, N_NO_PROPOSAL_CHOSEN, NULL, 0);
		return;
	}
	if (ke.group != c.dh) {
		uint8_t g[2] = { (uint8_t)(c.dh >> 8), (uint8_t)c.dh };
		respond_error(p, sa, msgid, N_INVALID_KE_PAYLOAD, g, 2);
		return;
	}
	n = ike_sa_new(p, sa->c, false);
	buf = xmit_scratch(p);
	if (!n || !buf)
		goto fail;
	memcpy(n->spi_i, c.spi, 8);
	rekey_inherit(n, sa);
	random_bytes(nr, sizeof(nr));
	mo_begin_chain(&mo, buf, XMIT_BUF);
	{
		struct chosen mine = c;
		memcpy(mine.spi, n->spi_r, 8);
		sa_emit_chosen(&mo, &mine);
	}
	mo_nonce(&mo, nr, sizeof(nr));
	if (emit_ke(&mo, c.dh, &dh) < 0 || dh_compute(&dh, ke.data, ke.len, gir) < 0)
		goto fail;
	gir_len = dh_lookup(c.dh)->shared_len;
	keymat_set_algs(&n->k, &c);
	if (keymat_ike_rekey(&n->k, &sa->k, ni, ni_len, nr, sizeof(nr), gir, gir_len, n->spi_i,
			     n->spi_r) < 0)
		goto fail;
	if (ike_respond(p, sa, CREATE_CHILD_SA, msgid, &mo) < 0)
		goto fail;
	/* Our own rekey of sa is out as well: a collision, settled by its response
	 * (or by the peer deleting one of the SAs); the Child SAs wait on sa. */
	if (sa->req == REQ_REKEY_IKE && sa->req_new_ike)
		collision_ike_note(sa, n, ni, ni_len, nr, sizeof(nr));
	rekey_take_over(p, n, sa, !sa->rekeyed_by);
	/* The old SA waits for the peer's Delete, but not forever. */
	lifetime_ike_retire(p, sa);
	dh_secret_wipe(&dh);
	wipe(gir, sizeof(gir));
	return;
fail:
	dh_secret_wipe(&dh);
	wipe(gir, sizeof(gir));
	if (n)
		ike_sa_free(p, n);
	respond_error(p, sa, msgid, N_NO_PROPOSAL_CHOSEN, NULL, 0);
}

void create_child_responder(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	const struct payload *psa = pl_find(&m->pl, PL_SA), *pn = pl_find(&m->pl, PL_NONCE),
			     *pke = pl_find(&m->pl, PL_KE);
	struct sa_payload *offer;
	struct notify_view nv;
	struct child_sa *old = NULL, *ch = NULL;
	struct chosen chosen;
	const uint8_t *ni;
	size_t ni_len, gir_len = 0;
	uint8_t nr[NONCE_LEN], gir[DH_MAX_SHARED], *buf = NULL;
	struct dh_secret dh = { 0 };
	struct msg_out mo;
	uint32_t msgid = m->hdr.msgid;
	int err;

	if (!psa || !pn || pl_nonce(pn, &ni, &ni_len) < 0) {
		log_unexpected(p, sa, m, ((1ULL << (PL_SA - 32)) | (1ULL << (PL_NONCE - 32))) &
					 ~m->pl.seen);
		respond_error(p, sa, msgid, N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	offer = malloc(sizeof(*offer));
	if (!offer || pl_sa(psa, offer) < 0) {
		free(offer);
		respond_error(p, sa, msgid, N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	if (offer->n_props && offer->props[0].proto == PROTO_IKE) {
		ike_rekey_responder(p, sa, m, offer);
		free(offer);
		return;
	}
	free(offer);
	/* RFC 7296 2.25.2: no new Child SAs while we rekey the IKE SA. */
	if (sa->req == REQ_REKEY_IKE) {
		ike_log(p, sa, RC_LOG, "CREATE_CHILD_SA request refused with TEMPORARY_FAILURE: "
			"rekeying the IKE SA");
		respond_error(p, sa, msgid, N_TEMPORARY_FAILURE, NULL, 0);
		return;
	}
	if (pl_find_notify(&m->pl, N_REKEY_SA, &nv)) {
		uint32_t spi;
		if (nv.spi_len != 4) {
			respond_error(p, sa, msgid, N_INVALID_SYNTAX, NULL, 0);
			return;
		}
		memcpy(&spi, nv.spi, 4);
		for (old = sa->children; old; old = old->next_in_ike)
			if (old->spi_out == spi && old->state != CHILD_LARVAL)
				break;
		if (!old) {
			respond_error(p, sa, msgid, N_CHILD_SA_NOT_FOUND, NULL, 0);
			return;
		}
		/* RFC 7296 2.25.1: one we are closing is not rekeyed. */
		if (old->state == CHILD_DELETING) {
			child_log(p, old, RC_LOG, "rekey request refused with TEMPORARY_FAILURE: "
				  "this Child SA is being deleted");
			respond_error(p, sa, msgid, N_TEMPORARY_FAILURE, NULL, 0);
			return;
		}
	}
	ch = child_sa_new(p, sa, old ? old->c : sa->c);
	if (!ch)
		return;
	ch->replaces = old;
	ch->rekey_of = old ? old->serial : 0;
	err = child_neg_respond_any(p, sa, ch, m, pke != NULL, &chosen);
	if (err) {
		const char *nn = ike_notify_name((uint16_t)err);
		child_log(p, ch, RC_LOG_SERIOUS, "CREATE_CHILD_SA request refused: %s", nn ? nn : "?");
		child_sa_free(p, ch);
		respond_error(p, sa, msgid, (uint16_t)err, NULL, 0);
		return;
	}
	if (pke) {
		struct ke_view ke;
		const struct dh_desc *d = dh_lookup(chosen.dh);
		if (pl_ke(pke, &ke) < 0 || !d) {
			child_sa_free(p, ch);
			respond_error(p, sa, msgid, N_INVALID_SYNTAX, NULL, 0);
			return;
		}
		if (ke.group != chosen.dh) {
			uint8_t g[2] = { (uint8_t)(chosen.dh >> 8), (uint8_t)chosen.dh };
			child_sa_free(p, ch);
			respond_error(p, sa, msgid, N_INVALID_KE_PAYLOAD, g, 2);
			return;
		}
	}
	buf = xmit_scratch(p);
	if (!buf || child_alloc_spi(p, ch) < 0)
		goto fail;
	random_bytes(nr, sizeof(nr));
	mo_begin_chain(&mo, buf, XMIT_BUF);
	if (ch->transport)
		mo_notify(&mo, PROTO_NONE, NULL, 0, N_USE_TRANSPORT_MODE, NULL, 0);
	{
		struct chosen mine = chosen;
		struct ts_list l = { .n = ch->n_ts_local }, r = { .n = ch->n_ts_remote };
		memcpy(mine.spi, &ch->spi_in, 4);
		sa_emit_chosen(&mo, &mine);
		mo_nonce(&mo, nr, sizeof(nr));
		if (pke) {
			struct ke_view ke;
			pl_ke(pke, &ke);
			if (emit_ke(&mo, chosen.dh, &dh) < 0 || dh_compute(&dh, ke.data, ke.len, gir) < 0)
				goto fail;
			gir_len = dh_lookup(chosen.dh)->shared_len;
		}
		memcpy(l.ts, ch->ts_local, ch->n_ts_local * sizeof(struct ts));
		memcpy(r.ts, ch->ts_remote, ch->n_ts_remote * sizeof(struct ts));
		mo_ts(&mo, PL_TSI, &r);
		mo_ts(&mo, PL_TSR, &l);
	}
	if (child_neg_keys(sa, ch, gir_len ? gir : NULL, gir_len, ni, ni_len, nr, sizeof(nr)) < 0 ||
	    child_install(p, ch) < 0)
		goto fail;
	if (ike_respond(p, sa, CREATE_CHILD_SA, msgid, &mo) < 0)
		goto fail;
	dh_secret_wipe(&dh);
	wipe(gir, sizeof(gir));
	ch->replaces = NULL;
	collision_low_nonce(ch->nonce, &ch->nonce_len, ni, ni_len, nr, sizeof(nr));
	child_done(p, sa, ch);
	return;
fail:
	dh_secret_wipe(&dh);
	wipe(gir, sizeof(gir));
	child_uninstall(p, ch, false);
	child_sa_free(p, ch);
	respond_error(p, sa, msgid, N_NO_PROPOSAL_CHOSEN, NULL, 0);
}
