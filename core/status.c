#include "core/status.h"

#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/child.h"
#include "core/connection.h"
#include "core/ctl.h"
#include "core/ike_sa.h"
#include "core/pluto.h"
#include "core/ts.h"

static int by_serial(const void *a, const void *b)
{
	const struct child_sa *x = *(struct child_sa *const *)a, *y = *(struct child_sa *const *)b;
	return x->serial < y->serial ? -1 : x->serial > y->serial;
}

/* Established Child SAs, oldest first. Caller frees. */
static struct child_sa **established_children(struct pluto *p, size_t *n)
{
	size_t cap = 0, k = 0;
	struct child_sa **v;
	for (struct ike_sa *sa = p->ikes; sa; sa = sa->next)
		for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike)
			cap++;
	v = malloc((cap ? cap : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (struct ike_sa *sa = p->ikes; sa; sa = sa->next)
		for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike)
			if (ch->state == CHILD_ESTABLISHED)
				v[k++] = ch;
	qsort(v, k, sizeof(*v), by_serial);
	*n = k;
	return v;
}

void status_traffic(struct pluto *p, uint32_t whack)
{
	size_t n = 0;
	struct child_sa **v = established_children(p, &n);

	for (size_t i = 0; v && i < n; i++) {
		struct child_sa *ch = v[i];
		uint64_t in = 0, out = 0, added = ch->add_time;
		char name[200];
		child_counters(p, ch, &in, &out, &added);
		connection_name(ch->c, name, sizeof(name));
		/* An instance's name carries "[N] peer"; Libreswan puts it after the quotes
		 * and before the comma. */
		ctl_printf(p, whack, RC_INFORMATIONAL_TRAFFIC,
			   "#%u: %s, type=%s, add_time=%" PRIu64 ", inBytes=%" PRIu64
			   ", outBytes=%" PRIu64 ", maxBytes=2^63B, id='%s'",
			   ch->serial, name, ch->proto == PROTO_AH ? "AH" : "ESP", added, in, out,
			   ch->ike && ch->ike->peer_id ? ch->ike->peer_id : "");
	}
	free(v);
}

static void end_str(const struct connection *c, bool local, char *buf, size_t len)
{
	const struct conn_end *e = local ? c->local : c->remote;
	const struct ip_addr *host = local ? &c->local_addr : &c->remote_addr;
	char h[IP_STR_MAX] = "%any", sub[64] = "", id[300] = "";
	int n = 0;

	if (host->family)
		ip_addr_str(host, h, sizeof(h));
	if (e->n_subnets)
		ip_subnet_str(&e->subnets[0], sub, sizeof(sub));
	if (e->id.kind != ID_NONE && e->id.text)
		snprintf(id, sizeof(id), "[%s]", e->id.text);
	if (local) {
		if (sub[0])
			n = snprintf(buf, len, "%s===", sub);
		snprintf(buf + n, len - (size_t)n, "%s<%s>%s", h, h, id);
	} else {
		n = snprintf(buf, len, "%s<%s>%s", h, h, id);
		if (sub[0])
			snprintf(buf + n, len - (size_t)n, "===%s", sub);
	}
}

static const char *routing_name(enum routing r)
{
	switch (r) {
	case RT_ROUTED_PROSPECTIVE:
		return "prospective erouted";
	case RT_ROUTED_TUNNEL:
		return "erouted";
	default:
		return "unrouted";
	}
}

static void conn_status(struct pluto *p, uint32_t whack, const struct connection *c)
{
	char name[200], l[400], r[400];
	connection_name(c, name, sizeof(name));
	if (!c->local) {
		ctl_printf(p, whack, RC_COMMENT, "%s: unoriented; %s", name, routing_name(c->routing));
		return;
	}
	end_str(c, true, l, sizeof(l));
	end_str(c, false, r, sizeof(r));
	ctl_printf(p, whack, RC_COMMENT, "%s: %s...%s; %s; eroute owner: #%u", name, l, r,
		   routing_name(c->routing), c->routing == RT_ROUTED_TUNNEL ? c->newest_child : 0);
	ctl_printf(p, whack, RC_COMMENT,
		   "%s:   ike_life: %us; ipsec_life: %us; replay_window: %u; rekey_margin: %us; "
		   "rekey_fuzz: %u%%; keyingtries: %u;",
		   name, c->cfg->ikelifetime_s, c->cfg->salifetime_s, c->cfg->replay_window,
		   c->cfg->rekeymargin_s, c->cfg->rekeyfuzz_pct, c->cfg->keyingtries);
	ctl_printf(p, whack, RC_COMMENT, "%s:   newest ISAKMP SA: #%u; newest IPsec SA: #%u;", name,
		   c->newest_ike, c->newest_child);
}

void status_global(struct pluto *p, uint32_t whack)
{
	unsigned ike = 0, child = 0, half = p->n_half_open;
	for (struct ike_sa *sa = p->ikes; sa; sa = sa->next) {
		if (sa->state == IKE_ESTABLISHED)
			ike++;
		for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike)
			if (ch->state == CHILD_ESTABLISHED)
				child++;
	}
	ctl_printf(p, whack, RC_COMMENT, "config.setup.ike.ddos_threshold=%u",
		   p->setup.ddos_ike_threshold ? p->setup.ddos_ike_threshold : 25000);
	ctl_printf(p, whack, RC_COMMENT, "current.states.all=%u", ike + child + half);
	ctl_printf(p, whack, RC_COMMENT, "current.states.iketype.anonymous=%u", half);
	ctl_printf(p, whack, RC_COMMENT, "current.states.iketype.authenticated=%u", ike);
	ctl_printf(p, whack, RC_COMMENT, "current.states.enumerate.STATE_V2_IPSEC=%u", child);
}

void status_all(struct pluto *p, uint32_t whack)
{
	unsigned loaded = 0, active = 0;
	char a[ENDPOINT_STR_MAX];

	ctl_printf(p, whack, RC_COMMENT, "using kernel interface: %s", p->kops->name);
	ctl_printf(p, whack, RC_COMMENT, " ");
	for (struct ike_socket *s = p->sockets; s; s = s->next)
		ctl_printf(p, whack, RC_COMMENT, "interface %s UDP %s port %u",
			   s->family == AF_INET ? "IPv4" : "IPv6", s->encap ? "NAT-T" : "IKE",
			   s->port);
	ctl_printf(p, whack, RC_COMMENT, " ");
	ctl_printf(p, whack, RC_COMMENT, "Connection list:");
	ctl_printf(p, whack, RC_COMMENT, " ");
	for (struct connection *c = p->conns; c; c = c->next) {
		conn_status(p, whack, c);
		loaded++;
		if (c->newest_child)
			active++;
	}
	ctl_printf(p, whack, RC_COMMENT, " ");
	ctl_printf(p, whack, RC_COMMENT, "Total IPsec connections: loaded %u, active %u", loaded,
		   active);
	ctl_printf(p, whack, RC_COMMENT, " ");
	ctl_printf(p, whack, RC_COMMENT, "State Information: DDoS cookies %s, %s new IKE connections",
		   p->setup.ddos_mode == DDOS_BUSY ? "forced on" : "not required",
		   "Accepting");
	ctl_printf(p, whack, RC_COMMENT, " ");
	for (struct ike_sa *sa = p->ikes; sa; sa = sa->next) {
		char name[200];
		connection_name(sa->c, name, sizeof(name));
		endpoint_str(&sa->remote, a, sizeof(a));
		ctl_printf(p, whack, RC_COMMENT, "#%u: %s:%u %s (%s); %s; peer %s", sa->serial, name,
			   sa->remote.port, ike_state_name(sa),
			   sa->state == IKE_ESTABLISHED ? "PARENT SA established" : "negotiating",
			   sa->c->newest_ike == sa->serial ? "newest ISAKMP" : "", a);
		for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike) {
			connection_name(ch->c, name, sizeof(name));
			/* Outbound SA at the peer, then inbound at us, as Libreswan lists them. */
			char l[IP_STR_MAX];
			ctl_printf(p, whack, RC_COMMENT, "#%u: %s:%u %s (%s); isakmp#%u; esp.%08x@%s esp.%08x@%s",
				   ch->serial, name, sa->remote.port,
				   ch->initiator ? "STATE_V2_IPSEC_I" : "STATE_V2_IPSEC_R",
				   ch->state == CHILD_ESTABLISHED ? "IPsec SA established" : "negotiating",
				   sa->serial, ntohl(ch->spi_out),
				   ip_addr_str(&sa->remote.addr, a, sizeof(a)), ntohl(ch->spi_in),
				   ip_addr_str(&sa->local.addr, l, sizeof(l)));
		}
	}
}

void status_fips(struct pluto *p, uint32_t whack)
{
	ctl_printf(p, whack, RC_COMMENT, "FIPS mode %s", p->fips ? "enabled" : "disabled");
}
