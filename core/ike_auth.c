#include "core/ike_auth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/child.h"
#include "core/child_neg.h"
#include "core/conn.h"
#include "core/connection.h"
#include "core/exchange.h"
#include "core/identity.h"
#include "core/ike_sa.h"
#include "core/lifetime.h"
#include "core/natt.h"
#include "core/psk.h"
#include "core/terminate.h"
#include "core/ts.h"
#include "core/xmit.h"
#include "crypto/keys.h"

#define BIT(t) (1ULL << ((t) - 32))
#define AUTH_MAX 1200

static void ike_established_log(struct pluto *p, struct ike_sa *sa)
{
	char desc[160];
	chosen_describe_ike(&sa->hs->chosen_ike, desc, sizeof(desc));
	ike_log(p, sa, RC_LOG, "%s: %s {auth=IKEv2 %s}", ike_state_name(sa),
		sa->original_initiator ? "PARENT SA established"
				       : "received v2I2, PARENT SA established",
		desc);
}

/* Writes our AUTH payload for the octets. */
static int emit_auth(struct pluto *p, struct ike_sa *sa, const struct ike_id *me,
		     const uint8_t *octets, size_t octets_len, struct msg_out *mo)
{
	const struct connection *c = sa->c;
	uint8_t data[AUTH_MAX];
	size_t len = sizeof(data);
	uint8_t method;

	switch (conn_local_auth(c)) {
	case AUTH_PSK: {
		const uint8_t *key;
		size_t klen;
		struct ike_id peer = { .type = sa->peer_id_type };
		if (sa->peer_id_raw_len <= sizeof(peer.data)) {
			peer.len = sa->peer_id_raw_len;
			memcpy(peer.data, sa->peer_id_raw, sa->peer_id_raw_len);
		}
		if (psk_find(p, c, me, sa->peer_id_raw_len || !sa->original_initiator ? &peer : NULL,
			     &key, &klen) < 0) {
			ike_log(p, sa, RC_LOG_SERIOUS, "no PSK found for this connection in %s",
				p->opt.secrets_file);
			return -ENOENT;
		}
		auth_psk(sa->k.prf, key, klen, octets, octets_len, data);
		len = sa->k.prf->out_len;
		method = IKE_AUTH_PSK;
		break;
	}
	case AUTH_NULL: {
		const uint8_t *sk_p = sa->original_initiator ? sa->k.sk_pi : sa->k.sk_pr;
		auth_psk(sa->k.prf, sk_p, sa->k.pkey_len, octets, octets_len, data);
		len = sa->k.prf->out_len;
		method = IKE_AUTH_NULL;
		break;
	}
	case AUTH_RSASIG:
	case AUTH_ECDSA:
	case AUTH_UNSET: {
		struct sig_choice sc;
		const struct pubkey *pub;
		if (!c->my_key) {
			ike_log(p, sa, RC_LOG_SERIOUS, "no private key for this connection (leftckaid= or "
						     "leftrsasigkey= in the key store %s)",
				p->opt.nssdir);
			return -ENOENT;
		}
		pub = privkey_pub(c->my_key);
		if (!auth_choose_sig(pubkey_type(pub), pubkey_bits(pub), sa->hs->peer_sig_hashes,
				     c->cfg->authby_rsa_sha1, &sc)) {
			ike_log(p, sa, RC_LOG_SERIOUS,
				"peer does not support RFC 7427 signatures and SHA-1 is not allowed "
				"(authby=rsa-sha1)");
			return -EPERM;
		}
		if (auth_sign(c->my_key, &sc, octets, octets_len, data, &len) < 0) {
			ike_log(p, sa, RC_LOG_SERIOUS, "signing AUTH failed");
			return -EINVAL;
		}
		method = sc.method;
		break;
	}
	default:
		ike_log(p, sa, RC_LOG_SERIOUS, "authentication method not supported");
		return -EINVAL;
	}
	mo_open(mo, PL_AUTH, false);
	wr_u8(&mo->w, method);
	wr_zeros(&mo->w, 3);
	wr_bytes(&mo->w, data, len);
	mo_close(mo);
	wipe(data, sizeof(data));
	return 0;
}

static void emit_id(struct msg_out *mo, uint8_t pl_type, const struct ike_id *id)
{
	mo_open(mo, pl_type, false);
	wr_u8(&mo->w, id->type);
	wr_zeros(&mo->w, 3);
	wr_bytes(&mo->w, id->data, id->len);
	mo_close(mo);
}

/* The ID payload body (type, reserved, data) as AUTH covers it. */
static size_t id_body(const struct ike_id *id, uint8_t *buf, size_t cap)
{
	if (id->len + 4 > cap)
		return 0;
	buf[0] = id->type;
	buf[1] = buf[2] = buf[3] = 0;
	memcpy(buf + 4, id->data, id->len);
	return id->len + 4;
}

static int our_id(struct pluto *p, const struct ike_sa *sa, struct ike_id *id)
{
	(void)p;
	return id_from_conn(&sa->c->local->id, &sa->local.addr, conn_local_auth(sa->c) == AUTH_NULL,
			    id);
}

static void remember_peer_id(struct pluto *p, struct ike_sa *sa, const struct id_view *idv)
{
	char text[600];
	id_str(idv->type, idv->data, idv->len, text, sizeof(text));
	ike_sa_set_peer_id(p, sa, strdup(text));
	sa->peer_id_type = idv->type;
	free(sa->peer_id_raw);
	sa->peer_id_raw = malloc(idv->len ? idv->len : 1);
	if (sa->peer_id_raw)
		memcpy(sa->peer_id_raw, idv->data, idv->len);
	sa->peer_id_raw_len = sa->peer_id_raw ? idv->len : 0;
}

void ike_auth_start(struct pluto *p, struct ike_sa *sa)
{
	struct ike_handshake *hs = sa->hs;
	struct connection *c = sa->c;
	struct child_sa *ch = NULL;
	uint8_t *inner = xmit_scratch(p), idb[ID_MAX + 4], *octets = NULL;
	size_t idb_len, octets_len;
	struct ike_id me;
	struct msg_out mo = { 0 };
	struct wire *w;
	char desc[160];

	sa->state = IKE_I_AUTH;
	if (!inner)
		goto fatal;
	if (our_id(p, sa, &me) < 0) {
		ike_log(p, sa, RC_LOG_SERIOUS, "cannot express leftid= as an IKE identity");
		goto fatal;
	}
	if (!c->cfg->childless) {
		ch = child_sa_new(p, sa, c);
		if (!ch)
			goto fatal;
		ch->initiator = true;
		ch->whack = 0;
		if (child_alloc_spi(p, ch) < 0) {
			ike_log(p, sa, RC_LOG_SERIOUS, "kernel could not allocate an SPI");
			goto fatal;
		}
	}
	idb_len = id_body(&me, idb, sizeof(idb));
	if (auth_octets(&sa->k, true, hs->init_i, hs->init_i_len, hs->nr, hs->nr_len, idb, idb_len,
			&octets, &octets_len) < 0)
		goto fatal;
	mo_begin_chain(&mo, inner, XMIT_BUF);
	emit_id(&mo, PL_IDI, &me);
	/* Name the peer we expect when we know it, so a responder with several
	 * identities picks the right one. */
	{
		struct ike_id want;
		if (c->remote->id.kind != ID_NONE && c->remote->id.kind != ID_ANY &&
		    id_from_conn(&c->remote->id, NULL, false, &want) == 0)
			emit_id(&mo, PL_IDR, &want);
	}
	if (emit_auth(p, sa, &me, octets, octets_len, &mo) < 0)
		goto fatal;
	if (c->cfg->initial_contact)
		mo_notify(&mo, PROTO_NONE, NULL, 0, N_INITIAL_CONTACT, NULL, 0);
	if (ch) {
		if (child_neg_prepare(ch) < 0 || child_neg_emit_sa(p, sa, ch, &mo, 0) < 0) {
			ike_log(p, sa, RC_LOG_SERIOUS, "no usable ESP proposal in esp=");
			goto fatal;
		}
		child_neg_emit_ts(&mo, ch);
	}
	w = ike_seal(p, sa, IKE_AUTH, false, sa->next_msgid, &mo);
	if (!w)
		goto fatal;
	free(octets);
	wipe(inner, mo.w.len);
	ike_send_request(p, sa, REQ_IKE_AUTH, w);
	sa->req_child = ch;
	chosen_describe_ike(&hs->chosen_ike, desc, sizeof(desc));
	if (ch)
		child_log(p, ch, RC_NEW_V2_STATE + 32,
			  "STATE_PARENT_I2: sent v2I2, expected v2R2 {auth=IKEv2 %s}", desc);
	else
		ike_log(p, sa, RC_NEW_V2_STATE + 32,
			"STATE_PARENT_I2: sent v2I2, expected v2R2 {auth=IKEv2 %s}", desc);
	return;
fatal:
	free(octets);
	if (inner)
		wipe(inner, mo.w.len);
	ike_sa_fatal(p, sa);
}

/* Checks the peer's AUTH payload. Returns 0 or -errno (logged). */
static int verify_auth(struct pluto *p, struct ike_sa *sa, const struct msg_in *m,
		       const struct id_view *idv, bool peer_is_initiator)
{
	struct ike_handshake *hs = sa->hs;
	const struct payload *pa = pl_find(&m->pl, PL_AUTH);
	const struct connection *c = sa->c;
	struct auth_view av;
	uint8_t *octets = NULL;
	size_t octets_len;
	enum auth_method want = conn_remote_auth(c);
	int err = -EPERM;

	if (!pa || pl_auth(pa, &av) < 0)
		return -EINVAL;
	if (peer_is_initiator)
		err = auth_octets(&sa->k, true, hs->init_i, hs->init_i_len, hs->nr, hs->nr_len,
				  idv->body, idv->body_len, &octets, &octets_len);
	else
		err = auth_octets(&sa->k, false, hs->init_r, hs->init_r_len, hs->ni, hs->ni_len,
				  idv->body, idv->body_len, &octets, &octets_len);
	if (err < 0)
		return err;
	err = -EPERM;
	switch (want) {
	case AUTH_PSK:
	case AUTH_NULL: {
		uint8_t expect[PRF_MAX_OUT];
		const uint8_t *key;
		size_t klen;
		uint8_t method = want == AUTH_PSK ? IKE_AUTH_PSK : IKE_AUTH_NULL;
		if (av.method != method) {
			ike_log(p, sa, RC_LOG_SERIOUS, "peer used authentication method %s, expected %s",
				ike_auth_method_name(av.method) ? ike_auth_method_name(av.method) : "?",
				want == AUTH_PSK ? "PSK" : "NULL");
			break;
		}
		if (want == AUTH_PSK) {
			struct ike_id me, peer = { .type = idv->type, .len = idv->len };
			if (our_id(p, sa, &me) < 0 || idv->len > sizeof(peer.data))
				break;
			memcpy(peer.data, idv->data, idv->len);
			if (psk_find(p, c, &me, &peer, &key, &klen) < 0) {
				ike_log(p, sa, RC_LOG_SERIOUS, "no PSK found for this connection in %s",
					p->opt.secrets_file);
				break;
			}
		} else {
			key = peer_is_initiator ? sa->k.sk_pi : sa->k.sk_pr;
			klen = sa->k.pkey_len;
		}
		auth_psk(sa->k.prf, key, klen, octets, octets_len, expect);
		if (av.len == sa->k.prf->out_len && ct_equal(expect, av.data, av.len)) {
			free(sa->auth_desc);
			sa->auth_desc = strdup(want == AUTH_PSK ? "authby=secret" : "authby=null");
			ike_log(p, sa, RC_LOG_SERIOUS, "Authenticated using %s", sa->auth_desc);
			err = 0;
		} else {
			ike_log(p, sa, RC_LOG_SERIOUS, "%s authentication failed: AUTH mismatch!",
				want == AUTH_PSK ? "PSK" : "NULL");
		}
		wipe(expect, sizeof(expect));
		break;
	}
	default: {
		char desc[80];
		if (!c->peer_key) {
			ike_log(p, sa, RC_LOG_SERIOUS, "no public key known for the peer (%srsasigkey=)",
				c->local_is_left ? "right" : "left");
			break;
		}
		err = auth_verify(c->peer_key, &av, octets, octets_len, c->cfg->authby_rsa_sha1,
				  desc, sizeof(desc));
		if (err == 0) {
			free(sa->auth_desc);
			sa->auth_desc = strdup(desc);
			ike_log(p, sa, RC_LOG_SERIOUS, "Authenticated using %s", desc);
		} else if (err == -EPERM) {
			ike_log(p, sa, RC_LOG_SERIOUS,
				"authentication method %s is not allowed for this connection",
				ike_auth_method_name(av.method) ? ike_auth_method_name(av.method) : "?");
		} else {
			ike_log(p, sa, RC_LOG_SERIOUS, "Signature check failed");
		}
		break;
	}
	}
	free(octets);
	return err;
}

struct auth_pick {
	const struct id_view *idv;
	const struct ike_sa *sa;
};

static bool conn_takes_peer(struct connection *c, void *arg)
{
	struct auth_pick *x = arg;
	if (!id_matches(&c->remote->id, c->remote->host_kind == HOST_ADDR ? &c->remote_addr : NULL,
			x->idv))
		return false;
	/* The IKE SA's algorithms were chosen for another connection: this one must
	 * accept them too. */
	return true;
}

/* Responder: the connection whose rightid= accepts the peer's ID, starting with
 * the one IKE_SA_INIT chose. */
static struct connection *pick_connection(struct pluto *p, struct ike_sa *sa,
					  const struct id_view *idv)
{
	struct connection *c = sa->c;
	struct auth_pick x = { idv, sa };
	struct connection *base = c->template_of ? c->template_of : c;

	if (id_matches(&c->remote->id, c->remote->host_kind == HOST_ADDR ? &c->remote_addr : NULL, idv))
		return c;
	struct connection *other = conn_find_for_peer(p, &sa->local.addr, &sa->remote.addr,
						      conn_takes_peer, &x);
	if (!other || other == base)
		return NULL;
	if (other->remote->host_kind == HOST_ANY)
		other = conn_instantiate(p, other, &sa->remote.addr);
	return other;
}

static void send_auth_failed(struct pluto *p, struct ike_sa *sa, uint32_t msgid)
{
	uint8_t buf[64];
	struct msg_out mo;
	struct wire *w;

	mo_begin_chain(&mo, buf, sizeof(buf));
	mo_notify(&mo, PROTO_NONE, NULL, 0, N_AUTHENTICATION_FAILED, NULL, 0);
	w = ike_seal(p, sa, IKE_AUTH, true, msgid, &mo);
	if (w) {
		ike_send_wire(p, sa, w);
		free(w);
	}
}

void ike_auth_responder(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	const struct payload *pid = pl_find(&m->pl, PL_IDI);
	uint64_t missing = (BIT(PL_IDI) | BIT(PL_AUTH)) & ~m->pl.seen;
	struct id_view idv;
	struct connection *c;
	struct child_sa *ch = NULL;
	struct chosen chosen;
	int child_err = 0;
	uint8_t *inner = NULL, idb[ID_MAX + 4], *octets = NULL;
	size_t idb_len, octets_len;
	struct ike_id me;
	struct msg_out mo = { 0 };
	uint32_t msgid = m->hdr.msgid;
	struct notify_view nv;

	if (missing || pl_id(pid, &idv) < 0) {
		log_unexpected(p, sa, m, missing);
		return;
	}
	/* The peer moved to 4500 (NAT-T, or MOBIKE without a NAT as strongSwan does):
	 * follow it now that the message is authentic. Only a detected (or forced) NAT
	 * means ESP in UDP; the port alone does not. */
	if (!endpoint_eq(&sa->remote, &m->remote) || sa->local.port != m->local.port) {
		sa->remote = m->remote;
		sa->local = m->local;
	}
	remember_peer_id(p, sa, &idv);
	{
		char idt[64];
		const char *tn = ike_id_type_name(idv.type);
		snprintf(idt, sizeof(idt), "%s", tn ? tn : "ID_UNKNOWN");
		ike_log(p, sa, RC_LOG, "IKEv2 mode peer ID is %s: '%s'", idt, sa->peer_id);
	}
	c = pick_connection(p, sa, &idv);
	if (!c) {
		ike_log(p, sa, RC_LOG_SERIOUS,
			"no connection accepts peer ID '%s'; responding with AUTHENTICATION_FAILED",
			sa->peer_id);
		goto auth_failed;
	}
	if (c != sa->c) {
		char a[200], b[200];
		ike_log(p, sa, RC_LOG, "switched from %s to %s", connection_name(sa->c, a, sizeof(a)),
			connection_name(c, b, sizeof(b)));
		struct connection *old = sa->c;
		ike_sa_set_connection(p, sa, c);
		conn_release_instance(p, old);
	}
	if (verify_auth(p, sa, m, &idv, true) < 0)
		goto auth_failed;
	sa->peer_initial_contact = pl_find_notify(&m->pl, N_INITIAL_CONTACT, &nv);
	if (sa->peer_initial_contact)
		terminate_peer_others(p, sa);

	/* The first Child SA, unless the peer left it out (RFC 6023). */
	if (pl_find(&m->pl, PL_SA)) {
		ch = child_sa_new(p, sa, c);
		if (!ch)
			goto internal;
		child_err = child_neg_respond_any(p, sa, ch, m, false, &chosen);
		if (child_err == 0 && child_alloc_spi(p, ch) < 0)
			child_err = N_NO_PROPOSAL_CHOSEN;
		if (child_err == 0 &&
		    (child_neg_keys(sa, ch, NULL, 0, sa->hs->ni, sa->hs->ni_len, sa->hs->nr,
				    sa->hs->nr_len) < 0 ||
		     child_install(p, ch) < 0))
			child_err = N_NO_PROPOSAL_CHOSEN;
		if (child_err) {
			const char *nn = ike_notify_name((uint16_t)child_err);
			ike_log(p, sa, RC_LOG_SERIOUS, "Child SA not established: responding with %s",
				nn ? nn : "an error");
			child_uninstall(p, ch, false);
			child_sa_free(p, ch);
			ch = NULL;
		}
	}

	inner = xmit_scratch(p);
	if (!inner || our_id(p, sa, &me) < 0)
		goto internal;
	idb_len = id_body(&me, idb, sizeof(idb));
	if (auth_octets(&sa->k, false, sa->hs->init_r, sa->hs->init_r_len, sa->hs->ni,
			sa->hs->ni_len, idb, idb_len, &octets, &octets_len) < 0)
		goto internal;
	mo_begin_chain(&mo, inner, XMIT_BUF);
	emit_id(&mo, PL_IDR, &me);
	if (emit_auth(p, sa, &me, octets, octets_len, &mo) < 0)
		goto internal;
	if (ch)
		child_neg_emit_response(&mo, ch, &chosen);
	else if (child_err)
		mo_notify(&mo, PROTO_NONE, NULL, 0, (uint16_t)child_err, NULL, 0);
	if (ike_respond(p, sa, IKE_AUTH, msgid, &mo) < 0)
		goto internal;
	free(octets);
	wipe(inner, mo.w.len);

	sa->state = IKE_ESTABLISHED;
	ike_sa_not_half_open(p, sa);
	ike_established_log(p, sa);
	ike_handshake_free(sa);
	sa->established_at_ms = p->loop.now_ms;
	c->newest_ike = sa->serial;
	lifetime_ike_established(p, sa);
	natt_start_keepalive(p, sa);
	if (ch) {
		ch->state = CHILD_ESTABLISHED;
		c->newest_child = ch->serial;
		child_log_established(p, ch);
		lifetime_child_established(p, ch);
	}
	return;

internal:
	free(octets);
	if (inner)
		wipe(inner, mo.w.len);
	ike_log(p, sa, RC_LOG_SERIOUS, "internal error answering IKE_AUTH");
auth_failed:
	send_auth_failed(p, sa, msgid);
	ike_sa_delete(p, sa, false);
}

void ike_auth_response(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	const struct payload *pid = pl_find(&m->pl, PL_IDR);
	struct child_sa *ch = sa->req_child;
	struct id_view idv;
	int err;

	ike_request_done(p, sa);
	/* An error instead of an answer (RFC 7296 2.21.2). */
	if (!pl_find(&m->pl, PL_AUTH)) {
		for (unsigned i = 0; i < m->pl.n; i++) {
			struct notify_view nv;
			if (m->pl.p[i].type == PL_NOTIFY && pl_notify(&m->pl.p[i], &nv) == 0 &&
			    nv.type < N_ERROR_MAX) {
				const char *nn = ike_notify_name(nv.type);
				ike_log(p, sa, RC_LOG, "IKE SA authentication request rejected by peer: %s",
					nn ? nn : "UNKNOWN");
				ike_sa_fatal(p, sa);
				return;
			}
		}
		log_unexpected(p, sa, m, ((BIT(PL_IDR) | BIT(PL_AUTH)) & ~m->pl.seen));
		ike_sa_fatal(p, sa);
		return;
	}
	if (!pid || pl_id(pid, &idv) < 0) {
		log_unexpected(p, sa, m, BIT(PL_IDR) & ~m->pl.seen);
		ike_sa_fatal(p, sa);
		return;
	}
	remember_peer_id(p, sa, &idv);
	{
		const char *tn = ike_id_type_name(idv.type);
		child_or_ike_log(p, sa, ch, RC_LOG, "IKEv2 mode peer ID is %s: '%s'",
				 tn ? tn : "ID_UNKNOWN", sa->peer_id);
	}
	if (!id_matches(&sa->c->remote->id,
			sa->c->remote->host_kind == HOST_ADDR ? &sa->c->remote_addr : NULL, &idv)) {
		ike_log(p, sa, RC_LOG_SERIOUS, "peer ID '%s' is not the one this connection expects",
			sa->peer_id);
		ike_sa_fatal(p, sa);
		return;
	}
	if (verify_auth(p, sa, m, &idv, false) < 0) {
		ike_sa_fatal(p, sa);
		return;
	}
	sa->state = IKE_ESTABLISHED;
	sa->established_at_ms = p->loop.now_ms;
	sa->c->newest_ike = sa->serial;
	ike_established_log(p, sa);
	lifetime_ike_established(p, sa);
	natt_start_keepalive(p, sa);

	if (!ch) {
		ike_handshake_free(sa);
		ike_sa_release_whack(p, sa);
		return;
	}
	for (unsigned i = 0; i < m->pl.n; i++) {
		struct notify_view nv;
		if (m->pl.p[i].type == PL_NOTIFY && pl_notify(&m->pl.p[i], &nv) == 0 &&
		    nv.type < N_ERROR_MAX) {
			const char *nn = ike_notify_name(nv.type);
			child_log(p, ch, RC_LOG, "IKE_AUTH response contained the error notification %s",
				  nn ? nn : "UNKNOWN");
			ike_handshake_free(sa);
			ike_sa_fatal(p, sa);
			return;
		}
	}
	err = child_neg_accept(p, sa, ch, m);
	if (err == 0)
		err = child_neg_keys(sa, ch, NULL, 0, sa->hs->ni, sa->hs->ni_len, sa->hs->nr,
				     sa->hs->nr_len) < 0
			      ? N_NO_PROPOSAL_CHOSEN
			      : 0;
	ike_handshake_free(sa);
	if (err) {
		const char *nn = ike_notify_name((uint16_t)err);
		child_log(p, ch, RC_LOG_SERIOUS, "IKE_AUTH response is not acceptable: %s",
			  nn ? nn : "?");
		ike_sa_fatal(p, sa);
		return;
	}
	if (child_install(p, ch) < 0) {
		ike_sa_fatal(p, sa);
		return;
	}
	ch->state = CHILD_ESTABLISHED;
	sa->c->newest_child = ch->serial;
	child_log_established(p, ch);
	lifetime_child_established(p, ch);
	ike_sa_release_whack(p, sa);
	ike_run_pending(p, sa);
}
