#include "core/conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/child.h"
#include "core/dns.h"
#include "core/ifaddr.h"
#include "core/ike_sa.h"
#include "core/terminate.h"
#include "crypto/keys.h"

char *connection_name(const struct connection *c, char *buf, size_t len)
{
	if (c->instance_no) {
		char a[IP_STR_MAX];
		snprintf(buf, len, "\"%s\"[%u] %s", c->cfg->name, c->instance_no,
			 ip_addr_str(&c->remote_addr, a, sizeof(a)));
	} else {
		snprintf(buf, len, "\"%s\"", c->cfg->name);
	}
	return buf;
}

static uint64_t name_key(struct pluto *p, const char *name)
{
	return hash_bytes(name, strlen(name), p->hash_seed);
}

struct connection *conn_by_name(struct pluto *p, const char *name)
{
	for (struct hnode *n = htable_find(&p->conns_by_name, name_key(p, name)); n;
	     n = htable_next(n)) {
		struct connection *c = container_of(n, struct connection, by_name);
		if (c->instance_no == 0 && strcmp(c->cfg->name, name) == 0)
			return c;
	}
	return NULL;
}

uint16_t conn_ike_port(const struct pluto *p, const struct conn_end *e)
{
	return e->ikeport ? e->ikeport : p->opt.ikeport;
}


/* Who conn_find_for_peer may give a connection to: the peer it names, or anyone
 * for a template (key of the unset address). Instances are found through their
 * IKE SAs, never by address. */
static uint64_t peer_key(struct pluto *p, const struct ip_addr *a)
{
	return hash_bytes(a->bytes, a->family ? ip_addr_len(a) : 0, p->hash_seed ^ a->family);
}

static void peer_index(struct pluto *p, struct connection *c)
{
	static const struct ip_addr any;

	if (c->in_by_peer) {
		htable_remove(&p->conns_by_peer, &c->by_peer);
		c->in_by_peer = false;
	}
	if (!c->listed || c->instance_no || !c->local)
		return;
	if (c->remote_addr.family)
		c->in_by_peer = htable_insert(&p->conns_by_peer, &c->by_peer,
					      peer_key(p, &c->remote_addr)) == 0;
	else if (c->remote->host_kind == HOST_ANY)
		c->in_by_peer = htable_insert(&p->conns_by_peer, &c->by_peer, peer_key(p, &any)) == 0;
}

static bool end_is_local(struct pluto *p, const struct conn_end *e)
{
	return e->host_kind == HOST_ADDR && ifaddr_is_local(&p->ifaddrs, p->loop.now_ms, &e->host);
}

static int end_family(const struct conn_end *a, const struct conn_end *b)
{
	if (a->host_kind == HOST_ADDR)
		return a->host.family;
	if (b->host_kind == HOST_ADDR)
		return b->host.family;
	if (a->n_subnets)
		return a->subnets[0].addr.family;
	return AF_INET;
}

bool conn_orient(struct pluto *p, struct connection *c)
{
	const struct conn *cfg = c->cfg;
	bool left = end_is_local(p, &cfg->left), right = end_is_local(p, &cfg->right);

	if (!left && !right) {
		/* %defaultroute (or %any) stands for us when the other end is a peer. */
		if (cfg->left.host_kind == HOST_DEFAULTROUTE)
			left = true;
		else if (cfg->right.host_kind == HOST_DEFAULTROUTE)
			right = true;
		else if (cfg->left.host_kind == HOST_ANY && cfg->right.host_kind != HOST_ANY)
			left = true;
		else if (cfg->right.host_kind == HOST_ANY && cfg->left.host_kind != HOST_ANY)
			right = true;
	}
	if (!left && !right)
		return false;
	/* Both ends on this host (a test on one machine): take left, as Libreswan. */
	c->local_is_left = left;
	c->local = left ? &cfg->left : &cfg->right;
	c->remote = left ? &cfg->right : &cfg->left;
	int family = end_family(c->local, c->remote);
	switch (c->local->host_kind) {
	case HOST_ADDR:
		c->local_addr = c->local->host;
		break;
	case HOST_DEFAULTROUTE:
		if (ifaddr_default_route(family, &c->local_addr) < 0)
			memset(&c->local_addr, 0, sizeof(c->local_addr));
		break;
	default:
		memset(&c->local_addr, 0, sizeof(c->local_addr));
	}
	if (c->instance_no == 0) {
		switch (c->remote->host_kind) {
		case HOST_ADDR:
			c->remote_addr = c->remote->host;
			break;
		case HOST_DNS:
			if (dns_resolve(NULL, c->remote->host_dns, family, &c->remote_addr) < 0)
				memset(&c->remote_addr, 0, sizeof(c->remote_addr));
			break;
		default:
			memset(&c->remote_addr, 0, sizeof(c->remote_addr));
		}
	}
	c->remote_port = conn_ike_port(p, c->remote);
	peer_index(p, c);
	return true;
}

enum auth_method conn_local_auth(const struct connection *c)
{
	return c->local->auth != AUTH_UNSET ? c->local->auth : c->cfg->authby;
}

enum auth_method conn_remote_auth(const struct connection *c)
{
	return c->remote->auth != AUTH_UNSET ? c->remote->auth : c->cfg->authby;
}

int conn_load_keys(struct pluto *p, struct connection *c, uint32_t whack)
{
	int err;

	if (conn_remote_auth(c) == AUTH_RSASIG && !c->peer_key && c->remote->rsasigkey) {
		err = pubkey_from_rfc3110(c->remote->rsasigkey, c->remote->rsasigkey_len,
					  &c->peer_key);
		if (err < 0) {
			conn_log(p, c, whack, RC_LOG_SERIOUS, "%srsasigkey is not a valid RSA key",
				 c->local_is_left ? "right" : "left");
			return err;
		}
	}
	if (conn_local_auth(c) == AUTH_RSASIG && !c->my_key) {
		const uint8_t *ckaid = c->local->ckaid;
		size_t ckaid_len = c->local->ckaid_len;
		struct pubkey *mine = NULL;

		/* No leftckaid=: our own leftrsasigkey= names the key by its modulus. */
		if (!ckaid && c->local->rsasigkey &&
		    pubkey_from_rfc3110(c->local->rsasigkey, c->local->rsasigkey_len, &mine) == 0) {
			ckaid = pubkey_ckaid(mine);
			ckaid_len = CKAID_LEN;
		}
		if (ckaid) {
			err = keystore_load_privkey(p->opt.nssdir, ckaid, ckaid_len, &c->my_key);
			if (err < 0) {
				char hex[2 * CKAID_LEN + 1];
				for (size_t i = 0; i < ckaid_len && i < CKAID_LEN; i++)
					snprintf(hex + 2 * i, 3, "%02x", ckaid[i]);
				conn_log(p, c, whack, RC_LOG_SERIOUS,
					 "private key with CKAID %s not found in %s: %s", hex,
					 p->opt.nssdir, strerror(-err));
			}
		}
		pubkey_free(mine);
	}
	return 0;
}

static void link_conn(struct pluto *p, struct connection *c)
{
	htable_insert(&p->conns_by_name, &c->by_name, name_key(p, c->cfg->name));
	c->prev = p->conns_tail;
	if (p->conns_tail)
		p->conns_tail->next = c;
	else
		p->conns = c;
	p->conns_tail = c;
	c->seq = ++p->next_conn_seq;
	c->listed = true;
	peer_index(p, c);
}

static void unlink_conn(struct pluto *p, struct connection *c)
{
	c->listed = false;
	peer_index(p, c);
	htable_remove(&p->conns_by_name, &c->by_name);
	if (c->prev)
		c->prev->next = c->next;
	else
		p->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		p->conns_tail = c->prev;
}

static void free_conn(struct connection *c)
{
	pubkey_free(c->peer_key);
	privkey_free(c->my_key);
	if (!c->template_of)
		conn_free(c->cfg);
	free(c);
}

/* leftid=NAME without '@': Libreswan looks the name up and uses the address as
 * the ID (an IPv4 one: names say nothing of the family). A name that does not
 * resolve leaves the default ID, the host's address, as in Libreswan; we say so. */
static void resolve_dns_id(struct pluto *p, struct conn *cfg, struct conn_end *e,
			   const char *side, uint32_t whack)
{
	struct ip_addr a;

	if (e->id.kind != ID_DNS || !e->id.text)
		return;
	if (dns_resolve(NULL, e->id.text, AF_INET, &a) < 0 || a.family != AF_INET) {
		log_line(p, whack, RC_LOG_SERIOUS, "",
			 "\"%s\": %sid=%s is not a numeric IPv4 address and name lookup failed; "
			 "using the default ID", cfg->name, side, e->id.text);
		e->id.kind = ID_NONE;
		e->id.value = NULL;
		e->id.value_len = 0;
		return;
	}
	memcpy(e->id_addr, a.bytes, 4);
	e->id.kind = ID_IPV4_ADDR;
	e->id.value = e->id_addr;
	e->id.value_len = 4;
}

int conn_add(struct pluto *p, struct conn *cfg, uint32_t whack, struct connection **out)
{
	struct connection *old = conn_by_name(p, cfg->name), *c;

	if (old)
		conn_delete(p, old, whack);
	c = calloc(1, sizeof(*c));
	if (!c) {
		conn_free(cfg);
		return -ENOMEM;
	}
	c->cfg = cfg;
	resolve_dns_id(p, cfg, &cfg->left, "left", whack);
	resolve_dns_id(p, cfg, &cfg->right, "right", whack);
	c->reqid = cfg->reqid ? cfg->reqid : (p->next_reqid += 4);
	if (conn_orient(p, c))
		conn_load_keys(p, c, whack);
	link_conn(p, c);
	log_line(p, whack, RC_LOG, "", "added connection description \"%s\"", cfg->name);
	if (out)
		*out = c;
	return 0;
}

struct connection *conn_instantiate(struct pluto *p, struct connection *tmpl,
				    const struct ip_addr *peer)
{
	struct connection *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	*c = (struct connection){
		.cfg = tmpl->cfg,
		.template_of = tmpl,
		.instance_no = ++tmpl->next_instance_no,
		.remote_addr = *peer,
		.reqid = (p->next_reqid += 4),
		.routing = RT_UNROUTED,
	};
	conn_orient(p, c);
	c->remote_addr = *peer;
	if (!c->local_addr.family)
		c->local_addr = tmpl->local_addr;
	conn_load_keys(p, c, 0);
	link_conn(p, c);
	return c;
}

void conn_release_instance(struct pluto *p, struct connection *c)
{
	if (!c->template_of || c->refs || c->routing != RT_UNROUTED)
		return;
	unlink_conn(p, c);
	free_conn(c);
}

void conn_delete(struct pluto *p, struct connection *c, uint32_t whack)
{
	/* Instances of a template go first. */
	if (!c->template_of) {
		struct connection *i = p->conns;
		while (i) {
			struct connection *next = i->next;
			if (i->template_of == c)
				conn_delete(p, i, whack);
			i = next;
		}
	}
	c->deleting = true;
	terminate_connection(p, c, whack, true);
	child_unroute(p, c);
	unlink_conn(p, c);
	/* SAs still referring to it were freed by terminate_connection. */
	free_conn(c);
}

/* A connection conn_find_for_peer may offer, apart from the peer address. */
static bool peer_candidate(const struct connection *c, const struct ip_addr *local)
{
	if (c->instance_no || c->deleting || !c->local)
		return false;
	if (c->local_addr.family && !ip_addr_eq(&c->local_addr, local))
		return false;
	if (c->local_addr.family == 0 && c->local->host_kind == HOST_ADDR)
		return false;
	if (c->cfg->type == CONN_PASSTHROUGH || c->cfg->type == CONN_DROP ||
	    c->cfg->type == CONN_REJECT || c->cfg->authby == AUTH_NEVER)
		return false;
	return c->cfg->ikev2 != IKEV2_NEVER;
}

static int by_seq(const void *a, const void *b)
{
	const struct connection *x = *(struct connection *const *)a;
	const struct connection *y = *(struct connection *const *)b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The candidates under one peer key, offered to fn in the order they were added. */
static struct connection *try_peer(struct pluto *p, const struct ip_addr *local,
				   const struct ip_addr *remote, bool any,
				   bool (*fn)(struct connection *c, void *arg), void *arg)
{
	struct connection *few[16], **v = few, *found = NULL;
	size_t n = 0, cap = sizeof(few) / sizeof(few[0]);

	for (struct hnode *h = htable_find(&p->conns_by_peer, peer_key(p, remote)); h;
	     h = htable_next(h)) {
		struct connection *c = container_of(h, struct connection, by_peer);
		if (any ? c->remote->host_kind != HOST_ANY || c->remote_addr.family
			: !ip_addr_eq(&c->remote_addr, remote))
			continue;
		if (!peer_candidate(c, local))
			continue;
		if (n == cap) {
			struct connection **nv = malloc(2 * cap * sizeof(*nv));
			if (!nv)
				break;
			memcpy(nv, v, n * sizeof(*nv));
			if (v != few)
				free(v);
			v = nv;
			cap *= 2;
		}
		v[n++] = c;
	}
	qsort(v, n, sizeof(*v), by_seq);
	for (size_t i = 0; i < n && !found; i++)
		if (fn(v[i], arg))
			found = v[i];
	if (v != few)
		free(v);
	return found;
}

struct connection *conn_find_for_peer(struct pluto *p, const struct ip_addr *local,
				      const struct ip_addr *remote,
				      bool (*fn)(struct connection *c, void *arg), void *arg)
{
	static const struct ip_addr any;
	struct connection *c = try_peer(p, local, remote, false, fn, arg);

	/* Then templates (%any). */
	return c ? c : try_peer(p, local, &any, true, fn, arg);
}
