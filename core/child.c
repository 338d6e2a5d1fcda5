#include "core/child.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/connection.h"
#include "core/ike_sa.h"
#include "core/ts.h"
#include "crypto/cipher.h"

static void to_kaddr(const struct ip_addr *a, struct kaddr *k)
{
	memset(k, 0, sizeof(*k));
	k->family = a->family;
	memcpy(k->bytes, a->bytes, sizeof(k->bytes));
}

int child_alloc_spi(struct pluto *p, struct child_sa *ch)
{
	struct kaddr src, dst;
	uint32_t spi;
	int err;

	to_kaddr(&ch->ike->remote.addr, &src);
	to_kaddr(&ch->ike->local.addr, &dst);
	err = p->kops->get_spi(p->kernel, &src, &dst, ch->proto == PROTO_AH ? IPPROTO_AH
									   : IPPROTO_ESP,
			       ch->c->reqid, &spi);
	if (err < 0)
		return err;
	ch->spi_in = spi;
	child_sa_index(p, ch);
	return 0;
}

size_t child_keymat_len(const struct child_sa *ch)
{
	const struct encr_desc *e = ch->encr ? encr_lookup(ch->encr) : NULL;
	const struct integ_desc *i = ch->integ ? integ_lookup(ch->integ) : NULL;
	size_t one = (e ? encr_keymat_len(e, ch->encr_bits) : 0) + (i ? i->key_len : 0);
	return 2 * one;
}

/* Lifetimes: the kernel enforces the hard limits; soft ones (with Libreswan's
 * margin and fuzz) tell us to rekey when the bytes run out first. */
static void set_lifetimes(const struct connection *c, struct ksa *sa)
{
	const struct conn *cfg = c->cfg;
	sa->hard_add_seconds = cfg->salifetime_s;
	if (cfg->sa_ipsec_max_bytes) {
		sa->hard_bytes = cfg->sa_ipsec_max_bytes;
		sa->soft_bytes = cfg->sa_ipsec_max_bytes / 100 * 90;
	}
	if (cfg->sa_ipsec_max_packets) {
		sa->hard_packets = cfg->sa_ipsec_max_packets;
		sa->soft_packets = cfg->sa_ipsec_max_packets / 100 * 90;
	}
}

static void fill_sa(struct pluto *p, const struct child_sa *ch, bool inbound, struct ksa *sa)
{
	const struct ike_sa *ike = ch->ike;
	const struct connection *c = ch->c;
	const struct encr_desc *e = ch->encr ? encr_lookup(ch->encr) : NULL;
	const struct integ_desc *in = ch->integ ? integ_lookup(ch->integ) : NULL;
	size_t elen = e ? encr_keymat_len(e, ch->encr_bits) : 0, alen = in ? in->key_len : 0;
	/* KEYMAT order (RFC 7296 2.17): initiator-to-responder keys first. */
	bool first_half = inbound ? !ch->initiator : ch->initiator;
	const uint8_t *km = ch->keymat + (first_half ? 0 : elen + alen);

	(void)p;
	memset(sa, 0, sizeof(*sa));
	sa->inbound = inbound;
	to_kaddr(inbound ? &ike->remote.addr : &ike->local.addr, &sa->src);
	to_kaddr(inbound ? &ike->local.addr : &ike->remote.addr, &sa->dst);
	sa->spi = inbound ? ch->spi_in : ch->spi_out;
	sa->proto = ch->proto == PROTO_AH ? IPPROTO_AH : IPPROTO_ESP;
	sa->mode = ch->transport ? KMODE_TRANSPORT : KMODE_TUNNEL;
	sa->reqid = c->reqid;
	sa->encr_id = ch->encr;
	sa->encr_key_bits = ch->encr_bits;
	sa->integ_id = ch->integ;
	sa->encr_key_len = (uint8_t)elen;
	sa->integ_key_len = (uint8_t)alen;
	memcpy(sa->encr_key, km, elen);
	memcpy(sa->integ_key, km + elen, alen);
	sa->esn = ch->esn;
	sa->replay_window = c->cfg->replay_window;
	if (ike->encap) {
		sa->encap_sport = inbound ? ike->remote.port : ike->local.port;
		sa->encap_dport = inbound ? ike->local.port : ike->remote.port;
	}
	set_lifetimes(c, sa);
	if (ch->transport && ch->n_ts_local && ch->n_ts_remote) {
		struct ip_subnet ls, rs;
		if (ts_to_subnet(&ch->ts_local[0], &ls) && ts_to_subnet(&ch->ts_remote[0], &rs)) {
			to_kaddr(inbound ? &rs.addr : &ls.addr, &sa->sel.src);
			to_kaddr(inbound ? &ls.addr : &rs.addr, &sa->sel.dst);
			sa->sel.src_prefix = inbound ? rs.prefix : ls.prefix;
			sa->sel.dst_prefix = inbound ? ls.prefix : rs.prefix;
			sa->sel.proto = ch->ts_local[0].proto;
		}
	}
	sa->mark = inbound && c->cfg->mark_in_mask ? c->cfg->mark_in : c->cfg->mark;
	sa->mark_mask = inbound && c->cfg->mark_in_mask ? c->cfg->mark_in_mask : c->cfg->mark_mask;
	if (!inbound && c->cfg->mark_out_mask) {
		sa->mark = c->cfg->mark_out;
		sa->mark_mask = c->cfg->mark_out_mask;
	}
	sa->if_id = c->cfg->ipsec_interface;
}

/* Policy priority: more specific selectors win (XFRM: lower value first). */
static uint32_t priority(const struct connection *c, const struct kselector *sel)
{
	uint32_t base = c->cfg->priority ? c->cfg->priority : 2097152;
	if (c->cfg->priority)
		return base;
	return base - ((uint32_t)(sel->src_prefix + sel->dst_prefix) << 8) -
	       (sel->proto ? 64 : 0) - (sel->sport || sel->dport ? 32 : 0);
}

static bool ts_selector(const struct ts *local, const struct ts *remote, bool in,
			struct kselector *sel)
{
	struct ip_subnet ls, rs;
	if (!ts_to_subnet(local, &ls) || !ts_to_subnet(remote, &rs))
		return false;
	memset(sel, 0, sizeof(*sel));
	to_kaddr(in ? &rs.addr : &ls.addr, &sel->src);
	to_kaddr(in ? &ls.addr : &rs.addr, &sel->dst);
	sel->src_prefix = in ? rs.prefix : ls.prefix;
	sel->dst_prefix = in ? ls.prefix : rs.prefix;
	sel->proto = local->proto ? local->proto : remote->proto;
	/* Single ports only: XFRM selectors cannot express ranges. */
	if (local->sport == local->eport)
		in ? (sel->dport = local->sport) : (sel->sport = local->sport);
	if (remote->sport == remote->eport)
		in ? (sel->sport = remote->sport) : (sel->dport = remote->sport);
	return true;
}

static void fill_policy(const struct connection *c, const struct ike_sa *ike,
			const struct kselector *sel, enum kdir dir, bool transport,
			enum kpolicy_action action, struct kpolicy *pol)
{
	bool in = dir != KDIR_OUT;
	memset(pol, 0, sizeof(*pol));
	pol->sel = *sel;
	pol->dir = dir;
	pol->action = action;
	pol->priority = priority(c, sel);
	to_kaddr(in ? &c->remote_addr : &c->local_addr, &pol->tmpl_src);
	to_kaddr(in ? &c->local_addr : &c->remote_addr, &pol->tmpl_dst);
	if (ike) {
		to_kaddr(in ? &ike->remote.addr : &ike->local.addr, &pol->tmpl_src);
		to_kaddr(in ? &ike->local.addr : &ike->remote.addr, &pol->tmpl_dst);
	}
	pol->tmpl_proto = c->cfg->ah ? IPPROTO_AH : IPPROTO_ESP;
	pol->tmpl_mode = transport ? KMODE_TRANSPORT : KMODE_TUNNEL;
	pol->reqid = c->reqid;
	pol->mark = c->cfg->mark;
	pol->mark_mask = c->cfg->mark_mask;
	pol->if_id = c->cfg->ipsec_interface;
}

/* Installs (or replaces) the policies for every selector pair of the child. */
static const enum kdir policy_dirs[] = { KDIR_OUT, KDIR_IN, KDIR_FWD };

/* Installs (or, replacing, updates) the policies for every selector pair of the
 * child. A fresh install is all or nothing, and never overwrites a policy that
 * is not ours: -EEXIST is reported as the conflict it is. */
static int install_policies(struct pluto *p, struct child_sa *ch, bool replace)
{
	unsigned ndirs = ch->transport ? 2u : 3u, total = ch->n_ts_local * ch->n_ts_remote * ndirs;
	int err = 0;

	for (unsigned k = 0; k < total; k++) {
		const struct ts *l = &ch->ts_local[k / ndirs / ch->n_ts_remote];
		const struct ts *r = &ch->ts_remote[k / ndirs % ch->n_ts_remote];
		enum kdir dir = policy_dirs[k % ndirs];
		struct kselector sel;
		struct kpolicy pol;

		if (!ts_selector(l, r, dir != KDIR_OUT, &sel)) {
			err = -EINVAL;
		} else {
			fill_policy(ch->c, ch->ike, &sel, dir, ch->transport, KPOL_IPSEC, &pol);
			err = replace ? p->kops->update_policy(p->kernel, &pol)
				      : p->kops->add_policy(p->kernel, &pol);
		}
		if (err < 0) {
			char a[80], b[80];
			ts_describe(l, a, sizeof(a));
			ts_describe(r, b, sizeof(b));
			child_log(p, ch, RC_LOG_SERIOUS, "cannot install kernel policy [%s] -> [%s]: %s", a,
				  b, err == -EEXIST ? "a conflicting policy is already installed"
						    : strerror(-err));
			while (!replace && k-- > 0) {
				l = &ch->ts_local[k / ndirs / ch->n_ts_remote];
				r = &ch->ts_remote[k / ndirs % ch->n_ts_remote];
				dir = policy_dirs[k % ndirs];
				if (ts_selector(l, r, dir != KDIR_OUT, &sel))
					p->kops->del_policy(p->kernel, &sel, dir, ch->c->cfg->mark,
							    ch->c->cfg->mark_mask,
							    ch->c->cfg->ipsec_interface);
			}
			return err;
		}
	}
	return 0;
}

static void remove_policies(struct pluto *p, const struct connection *c,
			    const struct ts *tl, unsigned nl, const struct ts *tr, unsigned nr,
			    bool transport)
{
	for (unsigned i = 0; i < nl; i++) {
		for (unsigned j = 0; j < nr; j++) {
			for (unsigned d = 0; d < (transport ? 2u : 3u); d++) {
				struct kselector sel;
				if (ts_selector(&tl[i], &tr[j], policy_dirs[d] != KDIR_OUT, &sel))
					p->kops->del_policy(p->kernel, &sel, policy_dirs[d], c->cfg->mark,
							    c->cfg->mark_mask,
							    c->cfg->ipsec_interface);
			}
		}
	}
}

int child_install(struct pluto *p, struct child_sa *ch)
{
	struct ksa sa;
	int err;

	fill_sa(p, ch, true, &sa);
	err = p->kops->update_sa(p->kernel, &sa);
	wipe(&sa, sizeof(sa));
	if (err < 0) {
		child_log(p, ch, RC_LOG_SERIOUS, "kernel refused inbound SA 0x%08x: %s",
			  ntohl(ch->spi_in), strerror(-err));
		goto out;
	}
	ch->sa_in_installed = true;
	fill_sa(p, ch, false, &sa);
	err = p->kops->add_sa(p->kernel, &sa);
	wipe(&sa, sizeof(sa));
	if (err < 0) {
		child_log(p, ch, RC_LOG_SERIOUS, "kernel refused outbound SA 0x%08x: %s",
			  ntohl(ch->spi_out), strerror(-err));
		goto out;
	}
	ch->sa_out_installed = true;
	/* A rekey, or a routed connection, already has the policies: update them so
	 * traffic moves to the new SA without a gap. */
	err = install_policies(p, ch, ch->replaces != NULL ||
					      ch->c->routing != RT_UNROUTED);
	if (err < 0)
		goto out;
	ch->policies_installed = true;
	ch->c->policy_users++;
	ch->c->routing = RT_ROUTED_TUNNEL;
	ch->add_time = (uint64_t)time(NULL);
out:
	if (ch->keymat) {
		wipe(ch->keymat, ch->keymat_len);
		free(ch->keymat);
		ch->keymat = NULL;
	}
	if (err < 0)
		child_uninstall(p, ch, false);
	return err;
}

void child_uninstall(struct pluto *p, struct child_sa *ch, bool keep_policies)
{
	struct kaddr dst;
	uint8_t proto = ch->proto == PROTO_AH ? IPPROTO_AH : IPPROTO_ESP;
	const struct conn *cfg = ch->c->cfg;

	if (ch->sa_out_installed) {
		to_kaddr(&ch->ike->remote.addr, &dst);
		p->kops->del_sa(p->kernel, &dst, ch->spi_out, proto,
				cfg->mark_out_mask ? cfg->mark_out : cfg->mark,
				cfg->mark_out_mask ? cfg->mark_out_mask : cfg->mark_mask);
		ch->sa_out_installed = false;
	}
	if (ch->spi_in) {
		/* Also the larval state get_spi left when negotiation failed. */
		to_kaddr(&ch->ike->local.addr, &dst);
		p->kops->del_sa(p->kernel, &dst, ch->spi_in, proto,
				cfg->mark_in_mask ? cfg->mark_in : cfg->mark,
				cfg->mark_in_mask ? cfg->mark_in_mask : cfg->mark_mask);
		ch->sa_in_installed = false;
	}
	if (ch->policies_installed) {
		ch->policies_installed = false;
		ch->c->policy_users--;
		if (!keep_policies && ch->c->policy_users == 0) {
			remove_policies(p, ch->c, ch->ts_local, ch->n_ts_local, ch->ts_remote,
					ch->n_ts_remote, ch->transport);
			ch->c->routing = RT_UNROUTED;
			/* auto=route: go back to trapping. */
			if (ch->c->cfg->autostart == AUTO_ONDEMAND && !ch->c->deleting)
				child_route(p, ch->c, 0);
		}
	}
}

static enum kpolicy_action route_action(const struct connection *c)
{
	switch (c->cfg->type) {
	case CONN_PASSTHROUGH:
		return KPOL_ALLOW;
	case CONN_DROP:
	case CONN_REJECT:
		return KPOL_BLOCK;
	default:
		return KPOL_TRAP;
	}
}

/* Removes the routing policies of one selector pair (out, and in for shunts). */
static void unroute_pair(struct pluto *p, const struct connection *c, const struct ts *l,
			 const struct ts *r)
{
	struct kselector sel;
	const struct conn *cfg = c->cfg;
	if (!ts_selector(l, r, false, &sel))
		return;
	p->kops->del_policy(p->kernel, &sel, KDIR_OUT, cfg->mark, cfg->mark_mask,
			    cfg->ipsec_interface);
	if (route_action(c) != KPOL_TRAP) {
		ts_selector(l, r, true, &sel);
		p->kops->del_policy(p->kernel, &sel, KDIR_IN, cfg->mark, cfg->mark_mask,
				    cfg->ipsec_interface);
	}
}

/* Installs the routing policies of one selector pair; all or nothing. */
static int route_pair(struct pluto *p, struct connection *c, const struct ts *l,
		      const struct ts *r, uint32_t whack)
{
	enum kpolicy_action act = route_action(c);
	struct kselector sel;
	struct kpolicy pol;
	char a[100], b[100];
	int err;

	if (!ts_selector(l, r, false, &sel))
		return -EINVAL;
	fill_policy(c, NULL, &sel, KDIR_OUT, c->cfg->type == CONN_TRANSPORT, act, &pol);
	err = p->kops->add_policy(p->kernel, &pol);
	/* Pass-through and drop conns need the inbound direction too. */
	if (err == 0 && act != KPOL_TRAP) {
		ts_selector(l, r, true, &sel);
		fill_policy(c, NULL, &sel, KDIR_IN, false, act, &pol);
		err = p->kops->add_policy(p->kernel, &pol);
		if (err < 0) {
			ts_selector(l, r, false, &sel);
			p->kops->del_policy(p->kernel, &sel, KDIR_OUT, c->cfg->mark, c->cfg->mark_mask,
					    c->cfg->ipsec_interface);
		}
	}
	if (err == 0)
		return 0;
	ts_describe(l, a, sizeof(a));
	ts_describe(r, b, sizeof(b));
	if (err == -EEXIST)
		conn_log(p, c, whack, RC_LOG_SERIOUS,
			 "a conflicting kernel policy already covers [%s] -> [%s]; remove it "
			 "(ip xfrm policy) or change this connection",
			 a, b);
	else
		conn_log(p, c, whack, RC_LOG_SERIOUS, "kernel refused the policy for [%s] -> [%s]: %s",
			 a, b, strerror(-err));
	return err;
}

int child_route(struct pluto *p, struct connection *c, uint32_t whack)
{
	struct ts_list tl, tr;
	int err = 0;

	if (!c->local || ts_of_conn(c, true, &tl) < 0 || ts_of_conn(c, false, &tr) < 0)
		return -EINVAL;
	if (c->routing != RT_UNROUTED)
		return 0;
	for (unsigned k = 0; k < (unsigned)tl.n * tr.n; k++) {
		err = route_pair(p, c, &tl.ts[k / tr.n], &tr.ts[k % tr.n], whack);
		if (err < 0) {
			/* Leave the kernel as it was: take back what this call added. */
			while (k-- > 0)
				unroute_pair(p, c, &tl.ts[k / tr.n], &tr.ts[k % tr.n]);
			return err;
		}
	}
	c->routing = RT_ROUTED_PROSPECTIVE;
	return 0;
}

void child_unroute(struct pluto *p, struct connection *c)
{
	struct ts_list tl, tr;
	if (c->routing != RT_ROUTED_PROSPECTIVE || !c->local)
		return;
	if (ts_of_conn(c, true, &tl) == 0 && ts_of_conn(c, false, &tr) == 0)
		for (unsigned k = 0; k < (unsigned)tl.n * tr.n; k++)
			unroute_pair(p, c, &tl.ts[k / tr.n], &tr.ts[k % tr.n]);
	c->routing = RT_UNROUTED;
}

int child_counters(struct pluto *p, const struct child_sa *ch, uint64_t *in_bytes,
		   uint64_t *out_bytes, uint64_t *add_time)
{
	struct kcounters in = { 0 }, out = { 0 };
	struct kaddr dst;
	uint8_t proto = ch->proto == PROTO_AH ? IPPROTO_AH : IPPROTO_ESP;
	const struct conn *cfg = ch->c->cfg;
	int err;

	to_kaddr(&ch->ike->local.addr, &dst);
	err = p->kops->get_counters(p->kernel, &dst, ch->spi_in, proto,
				    cfg->mark_in_mask ? cfg->mark_in : cfg->mark,
				    cfg->mark_in_mask ? cfg->mark_in_mask : cfg->mark_mask, &in);
	if (err < 0)
		return err;
	to_kaddr(&ch->ike->remote.addr, &dst);
	err = p->kops->get_counters(p->kernel, &dst, ch->spi_out, proto,
				    cfg->mark_out_mask ? cfg->mark_out : cfg->mark,
				    cfg->mark_out_mask ? cfg->mark_out_mask : cfg->mark_mask, &out);
	if (err < 0)
		return err;
	*in_bytes = in.bytes;
	*out_bytes = out.bytes;
	*add_time = in.add_time ? in.add_time : ch->add_time;
	return 0;
}

void child_describe(const struct child_sa *ch, char *buf, size_t len)
{
	const struct encr_desc *e = ch->encr ? encr_lookup(ch->encr) : NULL;
	const struct integ_desc *in = ch->integ ? integ_lookup(ch->integ) : NULL;
	const struct dh_desc *dh = ch->dh ? dh_lookup(ch->dh) : NULL;
	char xfrm[96];
	int n;

	if (e && e->key_bits[0])
		n = snprintf(xfrm, sizeof(xfrm), "%s_%u-%s", e->name, ch->encr_bits,
			     in ? in->name : "NONE");
	else
		n = snprintf(xfrm, sizeof(xfrm), "%s-%s", e ? e->name : "NULL",
			     in ? in->name : "NONE");
	if (dh && n > 0 && (size_t)n < sizeof(xfrm))
		snprintf(xfrm + n, sizeof(xfrm) - (size_t)n, "-%s", dh->name);
	/* NATD= names the peer's outer address and port when NAT-T is in use. */
	char natd[ENDPOINT_STR_MAX] = "none";
	if (ch->ike->encap) {
		char a[IP_STR_MAX];
		snprintf(natd, sizeof(natd), "%s:%u",
			 ip_addr_str(&ch->ike->remote.addr, a, sizeof(a)), ch->ike->remote.port);
	}
	snprintf(buf, len, "%s%s%s=>0x%08x <0x%08x xfrm=%s NATOA=none NATD=%s DPD=%s",
		 ch->proto == PROTO_AH ? "AH" : "ESP", ch->ike->encap ? "/NAT" : "",
		 ch->esn ? "/ESN" : "", ntohl(ch->spi_out), ntohl(ch->spi_in), xfrm, natd,
		 ch->c->cfg->dpddelay_s ? "active" : "passive");
}

void child_log_established(struct pluto *p, struct child_sa *ch)
{
	char l[100], r[100], desc[300];
	ts_describe(&ch->ts_local[0], l, sizeof(l));
	ts_describe(&ch->ts_remote[0], r, sizeof(r));
	child_log(p, ch, RC_LOG, "negotiated connection [%s] -> [%s]", l, r);
	child_describe(ch, desc, sizeof(desc));
	child_log(p, ch, RC_SUCCESS, "%s: IPsec SA established %s mode {%s}",
		  ch->initiator ? "STATE_V2_IPSEC_I" : "STATE_V2_IPSEC_R",
		  ch->transport ? "transport" : "tunnel", desc);
}
