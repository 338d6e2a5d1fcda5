#include "core/ike_sa.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/connection.h"
#include "core/ctl.h"
#include "crypto/random.h"

struct wire *wire_alloc(size_t total)
{
	struct wire *w = calloc(1, sizeof(*w) + total);
	if (w)
		w->total = total;
	return w;
}

struct wire *wire_single(const uint8_t *buf, size_t len)
{
	struct wire *w = wire_alloc(len);
	if (!w)
		return NULL;
	w->n = 1;
	w->len[0] = (uint16_t)len;
	memcpy(w->data, buf, len);
	return w;
}

const uint8_t *wire_packet(const struct wire *w, unsigned i)
{
	size_t off = 0;
	for (unsigned j = 0; j < i; j++)
		off += w->len[j];
	return w->data + off;
}

static uint64_t spi_key(const uint8_t spi[8])
{
	uint64_t k;
	memcpy(&k, spi, 8);
	return k;
}

static uint64_t init_key(struct pluto *p, const uint8_t spi_i[8], const struct endpoint *remote)
{
	uint64_t h = hash_bytes(spi_i, 8, p->hash_seed);
	h = hash_bytes(remote->addr.bytes, 16, h);
	return hash_bytes(&remote->port, sizeof(remote->port), h);
}

const uint8_t *ike_sa_our_spi(const struct ike_sa *sa)
{
	return sa->original_initiator ? sa->spi_i : sa->spi_r;
}

/* The connection's own list, kept in serial order like the daemon's, so a walk
 * of it meets SAs in the order a walk of all SAs would. */
static void conn_list_add(struct ike_sa *sa)
{
	struct connection *c = sa->c;
	struct ike_sa *after = c->ikes_tail;

	while (after && after->serial > sa->serial)
		after = after->c_prev;
	sa->c_prev = after;
	sa->c_next = after ? after->c_next : c->ikes;
	if (sa->c_next)
		sa->c_next->c_prev = sa;
	else
		c->ikes_tail = sa;
	if (after)
		after->c_next = sa;
	else
		c->ikes = sa;
}

static void conn_list_del(struct ike_sa *sa)
{
	struct connection *c = sa->c;

	if (sa->c_prev)
		sa->c_prev->c_next = sa->c_next;
	else
		c->ikes = sa->c_next;
	if (sa->c_next)
		sa->c_next->c_prev = sa->c_prev;
	else
		c->ikes_tail = sa->c_prev;
	sa->c_prev = sa->c_next = NULL;
}

struct ike_sa *ike_sa_new(struct pluto *p, struct connection *c, bool initiator)
{
	struct ike_sa *sa = calloc(1, sizeof(*sa));
	uint8_t *ours;

	if (!sa)
		return NULL;
	sa->serial = ++p->next_serial;
	sa->original_initiator = initiator;
	sa->c = c;
	if (c)
		c->refs++;
	ours = initiator ? sa->spi_i : sa->spi_r;
	/* Our SPI is unique among our SAs and never zero (RFC 7296 3.1). */
	do {
		random_bytes(ours, 8);
	} while (spi_key(ours) == 0 || ike_sa_by_spi(p, ours));
	if (htable_insert(&p->ike_by_spi, &sa->by_spi, spi_key(ours)) < 0) {
		if (c)
			c->refs--;
		free(sa);
		return NULL;
	}
	sa->prev = p->ikes_tail;
	if (p->ikes_tail)
		p->ikes_tail->next = sa;
	else
		p->ikes = sa;
	p->ikes_tail = sa;
	if (c)
		conn_list_add(sa);
	return sa;
}

struct ike_sa *ike_sa_by_spi(struct pluto *p, const uint8_t spi[8])
{
	for (struct hnode *n = htable_find(&p->ike_by_spi, spi_key(spi)); n; n = htable_next(n)) {
		struct ike_sa *sa = container_of(n, struct ike_sa, by_spi);
		if (memcmp(ike_sa_our_spi(sa), spi, 8) == 0)
			return sa;
	}
	return NULL;
}

/* Half-open SAs per peer address: one peer must not use up the whole table. */
struct peer_count {
	struct hnode node;
	struct ip_addr addr;
	unsigned n;
};

static struct peer_count *peer_count(struct pluto *p, const struct ip_addr *a, bool create)
{
	uint64_t key = hash_bytes(a->bytes, sizeof(a->bytes), p->hash_seed ^ a->family);
	struct peer_count *pc;
	for (struct hnode *n = htable_find(&p->half_open_by_peer, key); n; n = htable_next(n)) {
		pc = container_of(n, struct peer_count, node);
		if (ip_addr_eq(&pc->addr, a))
			return pc;
	}
	if (!create || !(pc = calloc(1, sizeof(*pc))))
		return NULL;
	pc->addr = *a;
	if (htable_insert(&p->half_open_by_peer, &pc->node, key) < 0) {
		free(pc);
		return NULL;
	}
	return pc;
}

bool ike_half_open_allowed(struct pluto *p, const struct ip_addr *peer, const char **why)
{
	uint32_t total = p->setup.max_halfopen_ike ? p->setup.max_halfopen_ike : 50000;
	uint32_t per_peer = p->setup.ddos_ike_threshold ? p->setup.ddos_ike_threshold : 25000;
	struct peer_count *pc;

	if (p->n_half_open >= total) {
		*why = "too many half-open IKE SAs in total (max-halfopen-ike)";
		return false;
	}
	pc = peer_count(p, peer, false);
	if (pc && pc->n >= per_peer) {
		*why = "too many half-open IKE SAs from this peer (ddos-ike-threshold)";
		return false;
	}
	return true;
}

static uint64_t peer_id_key(struct pluto *p, const char *id)
{
	return hash_bytes(id, strlen(id), p->hash_seed);
}

void ike_sa_set_peer_id(struct pluto *p, struct ike_sa *sa, char *id)
{
	if (sa->in_peer_id_index) {
		htable_remove(&p->ike_by_peer_id, &sa->by_peer_id);
		sa->in_peer_id_index = false;
	}
	free(sa->peer_id);
	sa->peer_id = id;
	if (id && htable_insert(&p->ike_by_peer_id, &sa->by_peer_id, peer_id_key(p, id)) == 0)
		sa->in_peer_id_index = true;
}

static struct ike_sa *same_peer_id(struct hnode *n, const char *id)
{
	for (; n; n = htable_next(n)) {
		struct ike_sa *sa = container_of(n, struct ike_sa, by_peer_id);
		if (strcmp(sa->peer_id, id) == 0)
			return sa;
	}
	return NULL;
}

struct ike_sa *ike_sa_first_by_peer_id(struct pluto *p, const char *id)
{
	return same_peer_id(htable_find(&p->ike_by_peer_id, peer_id_key(p, id)), id);
}

struct ike_sa *ike_sa_next_by_peer_id(const struct ike_sa *from)
{
	return same_peer_id(htable_next(&from->by_peer_id), from->peer_id);
}

void ike_sa_index_init(struct pluto *p, struct ike_sa *sa)
{
	struct peer_count *pc;
	if (!sa->in_init_index &&
	    htable_insert(&p->ike_by_init, &sa->by_init, init_key(p, sa->spi_i, &sa->remote)) == 0)
		sa->in_init_index = true;
	if (!sa->half_open && (pc = peer_count(p, &sa->remote.addr, true)) != NULL) {
		sa->half_open = true;
		sa->half_open_peer = sa->remote.addr;
		pc->n++;
		p->n_half_open++;
	}
}

void ike_sa_unindex_init(struct pluto *p, struct ike_sa *sa)
{
	if (sa->in_init_index) {
		htable_remove(&p->ike_by_init, &sa->by_init);
		sa->in_init_index = false;
	}
	ike_sa_not_half_open(p, sa);
}

void ike_sa_not_half_open(struct pluto *p, struct ike_sa *sa)
{
	struct peer_count *pc;
	if (!sa->half_open)
		return;
	sa->half_open = false;
	p->n_half_open--;
	pc = peer_count(p, &sa->half_open_peer, false);
	if (pc && --pc->n == 0) {
		htable_remove(&p->half_open_by_peer, &pc->node);
		free(pc);
	}
}

void frag_rx_free(struct frag_rx *f)
{
	if (!f)
		return;
	for (unsigned i = 0; i < WIRE_MAX_FRAGS; i++) {
		if (f->part[i]) {
			wipe(f->part[i], f->len[i]);
			free(f->part[i]);
		}
	}
	free(f);
}

struct ike_sa *ike_sa_by_init(struct pluto *p, const uint8_t spi_i[8],
			      const struct endpoint *remote)
{
	uint64_t key = init_key(p, spi_i, remote);
	for (struct hnode *n = htable_find(&p->ike_by_init, key); n; n = htable_next(n)) {
		struct ike_sa *sa = container_of(n, struct ike_sa, by_init);
		if (memcmp(sa->spi_i, spi_i, 8) == 0 && endpoint_eq(&sa->remote, remote))
			return sa;
	}
	return NULL;
}

void ike_handshake_free(struct ike_sa *sa)
{
	struct ike_handshake *hs = sa->hs;
	if (!hs)
		return;
	dh_secret_wipe(&hs->dh);
	free(hs->ke_pub);
	free(hs->init_i);
	free(hs->init_r);
	wipe(hs, sizeof(*hs));
	free(hs);
	sa->hs = NULL;
}

void ike_sa_set_connection(struct pluto *p, struct ike_sa *sa, struct connection *c)
{
	(void)p;
	if (sa->c == c)
		return;
	if (c)
		c->refs++;
	if (sa->c) {
		sa->c->refs--;
		conn_list_del(sa);
	}
	sa->c = c;
	if (c)
		conn_list_add(sa);
}

void ike_sa_free(struct pluto *p, struct ike_sa *sa)
{
	while (sa->children)
		child_sa_free(p, sa->children);
	timer_cancel(&p->loop.timers, &sa->retransmit);
	timer_cancel(&p->loop.timers, &sa->rekey_timer);
	timer_cancel(&p->loop.timers, &sa->expire_timer);
	timer_cancel(&p->loop.timers, &sa->dpd_timer);
	timer_cancel(&p->loop.timers, &sa->keepalive_timer);
	htable_remove(&p->ike_by_spi, &sa->by_spi);
	ike_sa_unindex_init(p, sa);
	if (sa->prev)
		sa->prev->next = sa->next;
	else
		p->ikes = sa->next;
	if (sa->next)
		sa->next->prev = sa->prev;
	else
		p->ikes_tail = sa->prev;
	if (sa->c) {
		if (sa->c->newest_ike == sa->serial)
			sa->c->newest_ike = 0;
		sa->c->refs--;
		conn_list_del(sa);
	}
	/* Another IKE SA being built by a rekey of this one goes with it. */
	if (sa->req_new_ike)
		ike_sa_free(p, sa->req_new_ike);
	ike_handshake_free(sa);
	free(sa->req_wire);
	free(sa->last_resp);
	frag_rx_free(sa->frags);
	ike_sa_set_peer_id(p, sa, NULL);
	free(sa->peer_id_raw);
	free(sa->auth_desc);
	free(sa->rekeyed_nonce);
	wipe(&sa->k, sizeof(sa->k));
	free(sa);
}

const char *ike_state_name(const struct ike_sa *sa)
{
	switch (sa->state) {
	case IKE_I_INIT:
		return "STATE_PARENT_I1";
	case IKE_I_AUTH:
		return "STATE_PARENT_I2";
	case IKE_R_INIT:
		return "STATE_PARENT_R1";
	case IKE_ESTABLISHED:
		return sa->original_initiator ? "STATE_PARENT_I3" : "STATE_PARENT_R2";
	case IKE_DELETING:
		return "STATE_IKESA_DEL";
	case IKE_REKEY_LARVAL:
		return "STATE_V2_REKEY_IKE_I";
	}
	return "STATE_UNKNOWN";
}

struct child_sa *child_sa_new(struct pluto *p, struct ike_sa *ike, struct connection *c)
{
	struct child_sa *ch = calloc(1, sizeof(*ch));
	if (!ch)
		return NULL;
	ch->serial = ++p->next_serial;
	ch->ike = ike;
	ch->c = c;
	c->refs++;
	ch->proto = PROTO_ESP;
	ch->next_in_ike = ike->children;
	ike->children = ch;
	return ch;
}

void child_sa_index(struct pluto *p, struct child_sa *ch)
{
	if (!ch->indexed && htable_insert(&p->child_by_spi, &ch->by_spi, ch->spi_in) == 0)
		ch->indexed = true;
}

struct child_sa *child_sa_by_spi(struct pluto *p, uint32_t spi_in)
{
	for (struct hnode *n = htable_find(&p->child_by_spi, spi_in); n; n = htable_next(n)) {
		struct child_sa *ch = container_of(n, struct child_sa, by_spi);
		if (ch->spi_in == spi_in)
			return ch;
	}
	return NULL;
}

static void unlink_child(struct child_sa *ch)
{
	struct child_sa **pp;
	if (!ch->ike)
		return;
	for (pp = &ch->ike->children; *pp; pp = &(*pp)->next_in_ike) {
		if (*pp == ch) {
			*pp = ch->next_in_ike;
			break;
		}
	}
	ch->next_in_ike = NULL;
}

void child_sa_move(struct child_sa *ch, struct ike_sa *to)
{
	unlink_child(ch);
	ch->ike = to;
	ch->next_in_ike = to->children;
	to->children = ch;
}

struct child_sa *child_sa_by_serial(struct ike_sa *ike, uint32_t serial)
{
	for (struct child_sa *ch = ike->children; ch; ch = ch->next_in_ike)
		if (ch->serial == serial)
			return ch;
	return NULL;
}

void child_sa_free(struct pluto *p, struct child_sa *ch)
{
	timer_cancel(&p->loop.timers, &ch->rekey_timer);
	timer_cancel(&p->loop.timers, &ch->expire_timer);
	if (ch->indexed)
		htable_remove(&p->child_by_spi, &ch->by_spi);
	if (ch->ike && ch->ike->req_child == ch)
		ch->ike->req_child = NULL;
	/* Only a sibling can be replacing it (rekeys stay within an IKE SA, and an
	 * IKE SA rekey moves all its children together). */
	for (struct child_sa *o = ch->ike ? ch->ike->children : NULL; o; o = o->next_in_ike)
		if (o->replaces == ch)
			o->replaces = NULL;
	unlink_child(ch);
	if (ch->c) {
		if (ch->c->newest_child == ch->serial)
			ch->c->newest_child = 0;
		ch->c->refs--;
	}
	if (ch->keymat) {
		wipe(ch->keymat, ch->keymat_len);
		free(ch->keymat);
	}
	if (ch->dh_secret) {
		dh_secret_wipe(ch->dh_secret);
		free(ch->dh_secret);
	}
	wipe(ch, sizeof(*ch));
	free(ch);
}

/* --- logging --- */

static void vlog_prefixed(struct pluto *p, const struct connection *c, uint32_t serial,
			  uint32_t whack, enum rc rc, const char *fmt, va_list ap)
{
	char prefix[256], name[200];
	if (c)
		snprintf(prefix, sizeof(prefix), serial ? "%s #%u: " : "%s: ",
			 connection_name(c, name, sizeof(name)), serial);
	else
		snprintf(prefix, sizeof(prefix), "#%u: ", serial);
	log_vline(p, whack, rc, prefix, fmt, ap);
}

uint32_t ike_sa_whack(struct pluto *p, const struct ike_sa *sa)
{
	if (sa->whack && ctl_client_alive(p, sa->whack))
		return sa->whack;
	return 0;
}

void ike_log(struct pluto *p, const struct ike_sa *sa, enum rc rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog_prefixed(p, sa->c, sa->serial, ike_sa_whack(p, sa), rc, fmt, ap);
	va_end(ap);
}

void child_log(struct pluto *p, const struct child_sa *ch, enum rc rc, const char *fmt, ...)
{
	va_list ap;
	uint32_t whack = ch->whack && ctl_client_alive(p, ch->whack) ? ch->whack : 0;
	if (!whack && ch->ike)
		whack = ike_sa_whack(p, ch->ike);
	va_start(ap, fmt);
	vlog_prefixed(p, ch->c, ch->serial, whack, rc, fmt, ap);
	va_end(ap);
}

void child_or_ike_log(struct pluto *p, const struct ike_sa *sa, const struct child_sa *ch,
		      enum rc rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (ch)
		vlog_prefixed(p, ch->c, ch->serial, ike_sa_whack(p, sa), rc, fmt, ap);
	else
		vlog_prefixed(p, sa->c, sa->serial, ike_sa_whack(p, sa), rc, fmt, ap);
	va_end(ap);
}

void conn_log(struct pluto *p, const struct connection *c, uint32_t whack, enum rc rc,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog_prefixed(p, c, 0, whack && ctl_client_alive(p, whack) ? whack : 0, rc, fmt, ap);
	va_end(ap);
}

void ike_sa_release_whack(struct pluto *p, struct ike_sa *sa)
{
	if (sa->whack) {
		ctl_client_done(p, sa->whack);
		sa->whack = 0;
	}
	for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike) {
		if (ch->whack) {
			ctl_client_done(p, ch->whack);
			ch->whack = 0;
		}
	}
}
