#include "core/ike_init.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conn.h"
#include "core/connection.h"
#include "core/cookie.h"
#include "core/exchange.h"
#include "core/ike_auth.h"
#include "core/ike_sa.h"
#include "core/keymat.h"
#include "core/natt.h"
#include "core/net.h"
#include "core/proposals.h"
#include "core/terminate.h"
#include "core/xmit.h"
#include "crypto/random.h"

#define NONCE_LEN 32
#define MAX_COOKIE_ROUNDS 3
#define MAX_INVALID_KE_ROUNDS 3

static void ike_opts(struct pluto *p, struct offer_opts *o)
{
	*o = (struct offer_opts){ .proto = PROTO_IKE, .with_dh = true, .fips = p->fips };
}

/* RFC 7427 hash list we accept for signatures: SHA2-256, 384, 512. */
static void emit_sighash(struct msg_out *mo)
{
	static const uint8_t hashes[] = { 0, 2, 0, 3, 0, 4 };
	mo_notify(mo, PROTO_NONE, NULL, 0, N_SIGNATURE_HASH_ALGORITHMS, hashes, sizeof(hashes));
}

static void read_peer_caps(struct ike_sa *sa, const struct msg_in *m)
{
	struct notify_view nv;
	if (pl_find_notify(&m->pl, N_IKEV2_FRAGMENTATION_SUPPORTED, &nv))
		sa->hs->peer_frag_supported = true;
	if (pl_find_notify(&m->pl, N_SIGNATURE_HASH_ALGORITHMS, &nv)) {
		for (size_t i = 0; i + 1 < nv.len; i += 2) {
			uint16_t h = (uint16_t)(nv.data[i] << 8 | nv.data[i + 1]);
			if (h >= 1 && h <= 4)
				sa->hs->peer_sig_hashes |= (uint8_t)(1u << h);
		}
	}
	sa->frag_ok = sa->hs->peer_frag_supported && sa->c->cfg->fragmentation != YNA_NO;
}

/* Builds and sends (again, after a COOKIE or INVALID_KE) our IKE_SA_INIT request. */
static int send_request(struct pluto *p, struct ike_sa *sa)
{
	struct ike_handshake *hs = sa->hs;
	const struct conn *cfg = sa->c->cfg;
	uint8_t *buf = xmit_scratch(p), *kept;
	struct ike_hdr hdr;
	struct msg_out mo;
	struct offer_opts o;
	size_t len;
	static const uint8_t zero[8];

	if (!buf)
		return -ENOMEM;
	ike_hdr_for(sa, IKE_SA_INIT, false, 0, &hdr);
	memset(hdr.spi_r, 0, 8);
	mo_begin(&mo, buf, XMIT_BUF, &hdr);
	if (hs->cookie_len)
		mo_notify(&mo, PROTO_NONE, NULL, 0, N_COOKIE, hs->cookie, hs->cookie_len);
	ike_opts(p, &o);
	if (sa_emit_offer(p, &mo, &cfg->ike, &o) < 0) {
		ike_log(p, sa, RC_LOG_SERIOUS, "no usable IKE proposal in ike=");
		return -EINVAL;
	}
	mo_ke(&mo, hs->dh_group, hs->ke_pub, hs->ke_len);
	mo_nonce(&mo, hs->ni, hs->ni_len);
	if (cfg->encapsulation != YNA_NO)
		natd_emit(&mo, sa->spi_i, zero, &sa->local, &sa->remote,
			  cfg->encapsulation == YNA_YES);
	if (cfg->fragmentation != YNA_NO)
		mo_notify(&mo, PROTO_NONE, NULL, 0, N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	emit_sighash(&mo);
	len = mo_finish(&mo);
	if (!len)
		return -EMSGSIZE;
	kept = malloc(len);
	if (!kept)
		return -ENOMEM;
	memcpy(kept, buf, len);
	free(hs->init_i);
	hs->init_i = kept;
	hs->init_i_len = len;
	ike_send_request(p, sa, REQ_IKE_SA_INIT, wire_single(kept, len));
	return 0;
}

static int make_ke(struct ike_sa *sa, uint16_t group)
{
	struct ike_handshake *hs = sa->hs;
	const struct dh_desc *d = dh_lookup(group);

	if (!d)
		return -EINVAL;
	dh_secret_wipe(&hs->dh);
	free(hs->ke_pub);
	hs->ke_pub = malloc(d->pub_len);
	if (!hs->ke_pub)
		return -ENOMEM;
	hs->ke_len = d->pub_len;
	hs->dh_group = group;
	return dh_keygen(d, &hs->dh, hs->ke_pub);
}

struct ike_sa *ike_init_start(struct pluto *p, struct connection *c, uint32_t whack)
{
	struct ike_sa *sa = ike_sa_new(p, c, true);
	uint16_t group;

	if (!sa)
		return NULL;
	sa->whack = whack;
	sa->hs = calloc(1, sizeof(*sa->hs));
	if (!sa->hs)
		goto fail;
	sa->local = (struct endpoint){ .addr = c->local_addr, .port = p->opt.ikeport };
	sa->remote = (struct endpoint){ .addr = c->remote_addr, .port = c->remote_port };
	sa->state = IKE_I_INIT;
	sa->hs->ni_len = NONCE_LEN;
	random_bytes(sa->hs->ni, NONCE_LEN);
	group = proposal_first_dh(p, &c->cfg->ike, 0, p->fips);
	if (!group || make_ke(sa, group) < 0) {
		ike_log(p, sa, RC_LOG_SERIOUS, "no usable key exchange group in ike=");
		goto fail;
	}
	ike_log(p, sa, RC_NEW_V2_STATE + 31, "initiating IKEv2 IKE SA");
	if (send_request(p, sa) < 0)
		goto fail;
	c->newest_ike = sa->serial;
	ike_log(p, sa, RC_NEW_V2_STATE + 31, "STATE_PARENT_I1: sent v2I1, expected v2R1");
	return sa;
fail:
	ike_sa_free(p, sa);
	return NULL;
}

/* COOKIE or INVALID_KE_PAYLOAD in answer to our request: try again. */
static bool handle_retry_notify(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	struct ike_handshake *hs = sa->hs;
	struct notify_view nv;

	if (pl_find_notify(&m->pl, N_COOKIE, &nv)) {
		if (nv.len < 1 || nv.len > sizeof(hs->cookie) || ++hs->cookie_rounds > MAX_COOKIE_ROUNDS)
			return true;
		memcpy(hs->cookie, nv.data, nv.len);
		hs->cookie_len = (uint8_t)nv.len;
		ike_log(p, sa, RC_LOG, "Received anti-DDOS COOKIE, resending I1 with cookie payload");
		ike_request_done(p, sa);
		sa->next_msgid = 0;
		send_request(p, sa);
		return true;
	}
	if (pl_find_notify(&m->pl, N_INVALID_KE_PAYLOAD, &nv)) {
		const struct dh_desc *have = dh_lookup(hs->dh_group), *want;
		uint16_t g = nv.len == 2 ? (uint16_t)(nv.data[0] << 8 | nv.data[1]) : 0;
		want = dh_lookup(g);
		if (!want || g == hs->dh_group || !proposal_has_dh(&sa->c->cfg->ike, g, 0) ||
		    (p->fips && !want->fips) || ++hs->invalid_ke_retries > MAX_INVALID_KE_ROUNDS) {
			ike_log(p, sa, RC_LOG,
				"Discarding unauthenticated INVALID_KE_PAYLOAD response to DH %s; "
				"suggested DH %s is not acceptable",
				have ? have->name : "?", want ? want->name : "unknown");
			return true;
		}
		ike_log(p, sa, RC_LOG,
			"Received unauthenticated INVALID_KE_PAYLOAD response to DH %s; resending "
			"with suggested DH %s",
			have->name, want->name);
		if (make_ke(sa, g) < 0)
			return true;
		ike_request_done(p, sa);
		sa->next_msgid = 0;
		send_request(p, sa);
		return true;
	}
	return false;
}

static uint64_t missing_of(const struct payload_list *pl, uint64_t need)
{
	return need & ~pl->seen;
}

#define BIT(t) (1ULL << ((t) - 32))

void ike_init_response(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	struct ike_handshake *hs = sa->hs;
	const struct payload *psa, *pke, *pn;
	struct sa_payload reply; /* 5 KiB: on the stack, a malloc would map and unmap it */
	struct offer_opts o;
	struct chosen c;
	struct ke_view ke;
	const uint8_t *nr;
	size_t nr_len;
	uint8_t shared[DH_MAX_SHARED];
	const struct dh_desc *d;
	static const uint8_t zero[8];
	uint64_t missing = missing_of(&m->pl, BIT(PL_SA) | BIT(PL_KE) | BIT(PL_NONCE));

	if (missing) {
		if (!handle_retry_notify(p, sa, m))
			/* Unauthenticated errors are not believed (RFC 7296 2.21.1): keep
			 * waiting for a real answer. */
			log_unexpected(p, sa, m, missing);
		return;
	}
	psa = pl_find(&m->pl, PL_SA);
	pke = pl_find(&m->pl, PL_KE);
	pn = pl_find(&m->pl, PL_NONCE);
	if (memcmp(m->hdr.spi_r, zero, 8) == 0 || pl_ke(pke, &ke) < 0 ||
	    pl_nonce(pn, &nr, &nr_len) < 0) {
		log_unexpected(p, sa, m, 0);
		return;
	}
	ike_opts(p, &o);
	if (pl_sa(psa, &reply) < 0 || sa_accept(p, &reply, &sa->c->cfg->ike, &o, &c) < 0 ||
	    c.dh != hs->dh_group || ke.group != c.dh) {
		ike_log(p, sa, RC_LOG_SERIOUS,
			"IKE_SA_INIT response has a proposal or KE we did not offer");
		ike_sa_fatal(p, sa);
		return;
	}
	d = dh_lookup(c.dh);
	if (dh_compute(&hs->dh, ke.data, ke.len, shared) < 0) {
		ike_log(p, sa, RC_LOG_SERIOUS, "IKE_SA_INIT response has an invalid KE value");
		ike_sa_fatal(p, sa);
		return;
	}
	dh_secret_wipe(&hs->dh);
	memcpy(sa->spi_r, m->hdr.spi_r, 8);
	memcpy(hs->nr, nr, nr_len);
	hs->nr_len = (uint16_t)nr_len;
	keymat_set_algs(&sa->k, &c);
	if (keymat_ike(&sa->k, hs->ni, hs->ni_len, nr, nr_len, shared, d->shared_len, sa->spi_i,
		       sa->spi_r) < 0) {
		wipe(shared, sizeof(shared));
		ike_sa_fatal(p, sa);
		return;
	}
	wipe(shared, sizeof(shared));
	hs->init_r = malloc(m->raw_len);
	if (!hs->init_r) {
		ike_sa_fatal(p, sa);
		return;
	}
	memcpy(hs->init_r, m->raw, m->raw_len);
	hs->init_r_len = m->raw_len;
	hs->chosen_ike = c;
	read_peer_caps(sa, m);
	natd_check(sa, m, sa->spi_i, sa->spi_r);
	ike_request_done(p, sa);
	natt_float(p, sa);
	ike_auth_start(p, sa);
}

/* Answers with a single notify and keeps no state (NO_PROPOSAL_CHOSEN, INVALID_KE). */
static void send_init_notify(struct pluto *p, const struct msg_in *m, uint16_t type,
			     const void *data, size_t len)
{
	uint8_t buf[256];
	struct ike_hdr hdr = m->hdr;
	struct msg_out mo;
	size_t n;

	memset(hdr.spi_r, 0, 8);
	hdr.flags = IKE_FLAG_RESPONSE;
	mo_begin(&mo, buf, sizeof(buf), &hdr);
	mo_notify(&mo, PROTO_NONE, NULL, 0, type, data, len);
	n = mo_finish(&mo);
	if (n)
		net_send(p, &m->local, &m->remote, buf, n);
}

struct select_ctx {
	struct pluto *p;
	const struct sa_payload *offer;
	struct chosen c;
	uint16_t ke_group;
	bool any_by_address;
};

static bool conn_accepts_offer(struct connection *c, void *arg)
{
	struct select_ctx *x = arg;
	struct offer_opts o;
	x->any_by_address = true;
	ike_opts(x->p, &o);
	o.prefer_dh = x->ke_group;
	return sa_select(x->p, x->offer, &c->cfg->ike, &o, true, &x->c) == 0;
}

void ike_init_responder(struct pluto *p, const struct msg_in *m)
{
	const struct payload *psa = pl_find(&m->pl, PL_SA), *pke = pl_find(&m->pl, PL_KE),
			     *pn = pl_find(&m->pl, PL_NONCE);
	struct select_ctx x = { .p = p };
	struct sa_payload offer; /* 5 KiB: on the stack, a malloc would map and unmap it */
	struct connection *c;
	struct ike_sa *sa;
	struct ke_view ke;
	const uint8_t *ni;
	size_t ni_len, len;
	uint8_t shared[DH_MAX_SHARED], *buf;
	const struct dh_desc *d;
	struct ike_hdr hdr;
	struct msg_out mo;
	char peer[ENDPOINT_STR_MAX];
	uint64_t missing = missing_of(&m->pl, BIT(PL_SA) | BIT(PL_KE) | BIT(PL_NONCE));
	static const uint8_t zero[8];

	endpoint_str(&m->remote, peer, sizeof(peer));
	if (missing) {
		log_unexpected(p, NULL, m, missing);
		return;
	}
	if (pl_ke(pke, &ke) < 0 || pl_nonce(pn, &ni, &ni_len) < 0) {
		plog(p, "IKE_SA_INIT request from %s has a malformed KE or nonce; dropped", peer);
		return;
	}
	if (cookie_required(p) && !cookie_valid(p, m, ni, ni_len)) {
		cookie_send(p, m, ni, ni_len);
		return;
	}
	{
		const char *why;
		if (!ike_half_open_allowed(p, &m->remote.addr, &why)) {
			plog(p, "IKE_SA_INIT request from %s dropped: %s", peer, why);
			return;
		}
	}
	if (pl_sa(psa, &offer) < 0) {
		plog(p, "IKE_SA_INIT request from %s has a malformed SA payload; dropped", peer);
		return;
	}
	x.offer = &offer;
	x.ke_group = ke.group;
	c = conn_find_for_peer(p, &m->local.addr, &m->remote.addr, conn_accepts_offer, &x);
	if (!c) {
		if (x.any_by_address) {
			plog(p, "IKE_SA_INIT request from %s: no local proposal matches; "
				"responding with NO_PROPOSAL_CHOSEN", peer);
			send_init_notify(p, m, N_NO_PROPOSAL_CHOSEN, NULL, 0);
		} else {
			plog(p, "IKE_SA_INIT request from %s: no connection has been authorized for "
				"this peer; dropped", peer);
		}
		return;
	}
	d = dh_lookup(x.c.dh);
	if (ke.group != x.c.dh) {
		const struct dh_desc *theirs = dh_lookup(ke.group);
		uint8_t g[2] = { (uint8_t)(x.c.dh >> 8), (uint8_t)x.c.dh };
		plog(p, "initiator guessed wrong keying material group (%s); responding with "
			"INVALID_KE_PAYLOAD requesting %s",
		     theirs ? theirs->name : "unknown", d->name);
		send_init_notify(p, m, N_INVALID_KE_PAYLOAD, g, 2);
		return;
	}
	if (c->remote->host_kind == HOST_ANY) {
		c = conn_instantiate(p, c, &m->remote.addr);
		if (!c)
			return;
	}
	sa = ike_sa_new(p, c, false);
	if (!sa) {
		conn_release_instance(p, c);
		return;
	}
	memcpy(sa->spi_i, m->hdr.spi_i, 8);
	sa->local = m->local;
	sa->remote = m->remote;
	sa->state = IKE_R_INIT;
	sa->hs = calloc(1, sizeof(*sa->hs));
	buf = xmit_scratch(p);
	if (!sa->hs || !buf)
		goto fail;
	sa->hs->chosen_ike = x.c;
	sa->hs->ni_len = (uint16_t)ni_len;
	memcpy(sa->hs->ni, ni, ni_len);
	sa->hs->nr_len = NONCE_LEN;
	random_bytes(sa->hs->nr, NONCE_LEN);
	if (make_ke(sa, x.c.dh) < 0)
		goto fail;
	if (dh_compute(&sa->hs->dh, ke.data, ke.len, shared) < 0) {
		ike_log(p, sa, RC_LOG_SERIOUS, "IKE_SA_INIT request has an invalid KE value");
		goto fail;
	}
	dh_secret_wipe(&sa->hs->dh);
	keymat_set_algs(&sa->k, &x.c);
	if (keymat_ike(&sa->k, ni, ni_len, sa->hs->nr, sa->hs->nr_len, shared, d->shared_len,
		       sa->spi_i, sa->spi_r) < 0) {
		wipe(shared, sizeof(shared));
		goto fail;
	}
	wipe(shared, sizeof(shared));
	read_peer_caps(sa, m);
	natd_check(sa, m, sa->spi_i, zero);
	/* ESP in UDP when a NAT is seen, or always with encapsulation=yes (then our
	 * faked NAT-D hash makes the peer think so too). */
	sa->encap = c->cfg->encapsulation == YNA_YES ||
		    ((sa->nat_local || sa->nat_remote) && c->cfg->encapsulation != YNA_NO);

	ike_hdr_for(sa, IKE_SA_INIT, true, 0, &hdr);
	mo_begin(&mo, buf, XMIT_BUF, &hdr);
	sa_emit_chosen(&mo, &x.c);
	mo_ke(&mo, x.c.dh, sa->hs->ke_pub, sa->hs->ke_len);
	mo_nonce(&mo, sa->hs->nr, sa->hs->nr_len);
	if (c->cfg->encapsulation != YNA_NO)
		natd_emit(&mo, sa->spi_i, sa->spi_r, &sa->local, &sa->remote,
			  c->cfg->encapsulation == YNA_YES);
	if (sa->frag_ok)
		mo_notify(&mo, PROTO_NONE, NULL, 0, N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	emit_sighash(&mo);
	len = mo_finish(&mo);
	if (!len)
		goto fail;
	sa->hs->init_i = malloc(m->raw_len);
	if (!sa->hs->init_i)
		goto fail;
	memcpy(sa->hs->init_i, m->raw, m->raw_len);
	sa->hs->init_i_len = m->raw_len;
	sa->hs->init_r = malloc(len);
	if (!sa->hs->init_r)
		goto fail;
	memcpy(sa->hs->init_r, buf, len);
	sa->hs->init_r_len = len;
	ike_sa_index_init(p, sa);
	sa->last_resp_msgid = 0;
	sa->peer_msgid = 1;
	ike_send_response(p, sa, wire_single(sa->hs->init_r, len));
	ike_log(p, sa, RC_LOG, "STATE_PARENT_R1: received v2I1, sent v2R1");
	ike_sa_arm_half_open_timeout(p, sa);
	return;
fail:
	c = sa->c;
	ike_sa_free(p, sa);
	conn_release_instance(p, c);
}
