#include "core/child_neg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/connection.h"
#include "core/ike_sa.h"
#include "core/keymat.h"
#include "core/pluto.h"
#include "core/ts.h"
#include "core/child.h"
#include "core/conn.h"
#include "core/identity.h"

void child_offer_opts(struct pluto *p, const struct ike_sa *sa, const struct child_sa *ch,
		      uint16_t pfs_dh, struct offer_opts *o)
{
	*o = (struct offer_opts){
		.proto = ch->c->cfg->ah ? PROTO_AH : PROTO_ESP,
		.spi = (const uint8_t *)&ch->spi_in,
		.spi_len = 4,
		.with_dh = pfs_dh != 0,
		.default_dh = pfs_dh,
		.esn = ch->c->cfg->esn,
		.fips = p->fips,
	};
	(void)sa;
}

static void copy_ts(const struct ts_list *from, struct ts *to, uint8_t *n)
{
	*n = 0;
	for (unsigned i = 0; i < from->n && i < CHILD_MAX_TS; i++)
		to[(*n)++] = from->ts[i];
}

static void to_list(const struct ts *ts, uint8_t n, struct ts_list *out)
{
	out->n = n;
	memcpy(out->ts, ts, n * sizeof(*ts));
}

int child_neg_prepare(struct child_sa *ch)
{
	struct ts_list l, r;
	const struct conn *cfg = ch->c->cfg;

	if (ts_of_conn(ch->c, true, &l) < 0 || ts_of_conn(ch->c, false, &r) < 0)
		return -EINVAL;
	copy_ts(&l, ch->ts_local, &ch->n_ts_local);
	copy_ts(&r, ch->ts_remote, &ch->n_ts_remote);
	ch->transport = cfg->type == CONN_TRANSPORT;
	ch->proto = cfg->ah ? PROTO_AH : PROTO_ESP;
	return 0;
}

int child_neg_emit_sa(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
		      struct msg_out *mo, uint16_t pfs_dh)
{
	struct offer_opts o;
	const struct conn *cfg = ch->c->cfg;

	if (ch->transport)
		mo_notify(mo, PROTO_NONE, NULL, 0, N_USE_TRANSPORT_MODE, NULL, 0);
	if (cfg->send_no_esp_tfc)
		mo_notify(mo, PROTO_NONE, NULL, 0, N_ESP_TFC_PADDING_NOT_SUPPORTED, NULL, 0);
	child_offer_opts(p, sa, ch, pfs_dh, &o);
	return sa_emit_offer(p, mo, &cfg->esp, &o);
}

void child_neg_emit_ts(struct msg_out *mo, const struct child_sa *ch)
{
	struct ts_list l, r;
	to_list(ch->ts_local, ch->n_ts_local, &l);
	to_list(ch->ts_remote, ch->n_ts_remote, &r);
	mo_ts(mo, PL_TSI, &l);
	mo_ts(mo, PL_TSR, &r);
}

static void set_from_chosen(struct child_sa *ch, const struct chosen *c)
{
	ch->proto = c->proto;
	ch->encr = c->encr;
	ch->encr_bits = c->encr_bits;
	ch->integ = c->integ;
	ch->dh = c->dh;
	ch->esn = c->esn;
	memcpy(&ch->spi_out, c->spi, 4);
}

int child_neg_respond(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
		      const struct msg_in *m, bool need_dh, struct chosen *out)
{
	const struct payload *psa = pl_find(&m->pl, PL_SA), *pti = pl_find(&m->pl, PL_TSI),
			     *ptr = pl_find(&m->pl, PL_TSR);
	struct sa_payload offer; /* 5 KiB: on the stack, a malloc would map and unmap it */
	struct ts_list tsi, tsr, ours_l, ours_r;
	struct offer_opts o;
	struct notify_view nv;
	const struct conn *cfg = ch->c->cfg;
	bool peer_transport = pl_find_notify(&m->pl, N_USE_TRANSPORT_MODE, &nv);
	int err;

	if (!psa || !pti || !ptr)
		return N_INVALID_SYNTAX;
	if (pl_ts(pti, &tsi) < 0 || pl_ts(ptr, &tsr) < 0)
		return N_INVALID_SYNTAX;
	/* RFC 7296 1.3.1: transport mode only when both ask for it. */
	if (peer_transport != (cfg->type == CONN_TRANSPORT))
		return N_NO_PROPOSAL_CHOSEN;
	err = pl_sa(psa, &offer);
	if (err == 0) {
		struct ke_view ke;
		const struct payload *pke = pl_find(&m->pl, PL_KE);
		child_offer_opts(p, sa, ch, need_dh ? sa->k.dh : 0, &o);
		if (pke && pl_ke(pke, &ke) == 0)
			o.prefer_dh = ke.group;
		err = sa_select(p, &offer, &cfg->esp, &o, need_dh, out);
	}
	if (err == -EINVAL || err == -E2BIG)
		return N_INVALID_SYNTAX;
	if (err < 0)
		return N_NO_PROPOSAL_CHOSEN;
	if (ts_of_conn(ch->c, true, &ours_l) < 0 || ts_of_conn(ch->c, false, &ours_r) < 0)
		return N_TS_UNACCEPTABLE;
	/* TSi is the initiator's side: the peer's, our remote. */
	ch->n_ts_remote = (uint8_t)ts_narrow(&tsi, &ours_r, cfg->narrowing, ch->ts_remote,
					     CHILD_MAX_TS);
	ch->n_ts_local = (uint8_t)ts_narrow(&tsr, &ours_l, cfg->narrowing, ch->ts_local,
					    CHILD_MAX_TS);
	if (!ch->n_ts_remote || !ch->n_ts_local)
		return N_TS_UNACCEPTABLE;
	ch->transport = peer_transport;
	set_from_chosen(ch, out);
	return 0;
}

struct ts_pick {
	struct pluto *p;
	struct ike_sa *sa;
	struct child_sa *ch;
	const struct msg_in *m;
	bool need_dh;
	struct chosen *out;
	struct connection *tried;
	int err;
};

/* Another connection between the same two hosts, for the same authenticated peer,
 * may be the one whose selectors the peer asked for (mysubnet and mysubnet6 over
 * one IKE SA, say). */
static bool conn_takes_child(struct connection *c, void *arg)
{
	struct ts_pick *x = arg;
	struct connection *use = c, *was = x->ch->c;
	struct id_view idv = { .type = x->sa->peer_id_type, .data = x->sa->peer_id_raw,
			       .len = x->sa->peer_id_raw_len };
	int err;

	if (c == x->tried || (x->tried && x->tried->template_of == c))
		return false;
	if (conn_remote_auth(c) != conn_remote_auth(x->sa->c) ||
	    !id_matches(&c->remote->id, c->remote->host_kind == HOST_ADDR ? &c->remote_addr : NULL,
			&idv))
		return false;
	if (c->remote->host_kind == HOST_ANY && !(use = conn_instantiate(x->p, c, &x->sa->remote.addr)))
		return false;
	use->refs++;
	x->ch->c = use;
	err = child_neg_respond(x->p, x->sa, x->ch, x->m, x->need_dh, x->out);
	if (err) {
		x->ch->c = was;
		use->refs--;
		conn_release_instance(x->p, use);
		return false;
	}
	was->refs--;
	conn_release_instance(x->p, was);
	x->err = 0;
	return true;
}

int child_neg_respond_any(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
			  const struct msg_in *m, bool need_dh, struct chosen *out)
{
	struct ts_pick x = { p, sa, ch, m, need_dh, out, ch->c, 0 };
	x.err = child_neg_respond(p, sa, ch, m, need_dh, out);
	if (x.err != N_TS_UNACCEPTABLE && x.err != N_NO_PROPOSAL_CHOSEN)
		return x.err;
	conn_find_for_peer(p, &sa->local.addr, &sa->remote.addr, conn_takes_child, &x);
	if (x.err == 0) {
		char name[200];
		child_log(p, ch, RC_LOG, "selectors belong to %s; using it for this Child SA",
			  connection_name(ch->c, name, sizeof(name)));
	}
	return x.err;
}

void child_neg_emit_response(struct msg_out *mo, const struct child_sa *ch,
			     const struct chosen *c)
{
	struct chosen mine = *c;
	struct ts_list l, r;

	/* Our SA payload carries our own inbound SPI. */
	memcpy(mine.spi, &ch->spi_in, 4);
	mine.spi_len = 4;
	if (ch->transport)
		mo_notify(mo, PROTO_NONE, NULL, 0, N_USE_TRANSPORT_MODE, NULL, 0);
	sa_emit_chosen(mo, &mine);
	to_list(ch->ts_remote, ch->n_ts_remote, &r);
	to_list(ch->ts_local, ch->n_ts_local, &l);
	mo_ts(mo, PL_TSI, &r);
	mo_ts(mo, PL_TSR, &l);
}

int child_neg_accept(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
		     const struct msg_in *m)
{
	const struct payload *psa = pl_find(&m->pl, PL_SA), *pti = pl_find(&m->pl, PL_TSI),
			     *ptr = pl_find(&m->pl, PL_TSR);
	struct sa_payload reply; /* 5 KiB: on the stack, a malloc would map and unmap it */
	struct ts_list tsi, tsr, pl, pr;
	struct offer_opts o;
	struct chosen c;
	struct notify_view nv;
	const struct conn *cfg = ch->c->cfg;
	int err;

	if (!psa || !pti || !ptr || pl_ts(pti, &tsi) < 0 || pl_ts(ptr, &tsr) < 0)
		return N_INVALID_SYNTAX;
	if (pl_find_notify(&m->pl, N_USE_TRANSPORT_MODE, &nv) != ch->transport)
		return N_NO_PROPOSAL_CHOSEN;
	err = pl_sa(psa, &reply);
	if (err == 0) {
		child_offer_opts(p, sa, ch, ch->proposed_dh, &o);
		err = sa_accept(p, &reply, &cfg->esp, &o, &c);
	}
	if (err < 0)
		return N_NO_PROPOSAL_CHOSEN;
	if (ch->proposed_dh && c.dh != ch->proposed_dh)
		return N_NO_PROPOSAL_CHOSEN;
	to_list(ch->ts_local, ch->n_ts_local, &pl);
	to_list(ch->ts_remote, ch->n_ts_remote, &pr);
	if (!ts_acceptable(&tsi, &pl, cfg->narrowing) || !ts_acceptable(&tsr, &pr, cfg->narrowing))
		return N_TS_UNACCEPTABLE;
	copy_ts(&tsi, ch->ts_local, &ch->n_ts_local);
	copy_ts(&tsr, ch->ts_remote, &ch->n_ts_remote);
	set_from_chosen(ch, &c);
	return 0;
}

int child_neg_keys(struct ike_sa *sa, struct child_sa *ch, const uint8_t *gir, size_t gir_len,
		   const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len)
{
	size_t len = child_keymat_len(ch);
	int err;

	ch->keymat = malloc(len ? len : 1);
	if (!ch->keymat)
		return -ENOMEM;
	ch->keymat_len = len;
	err = keymat_child(&sa->k, gir, gir_len, ni, ni_len, nr, nr_len, ch->keymat, len);
	if (err < 0) {
		wipe(ch->keymat, len);
		free(ch->keymat);
		ch->keymat = NULL;
	}
	return err;
}
