#include "core/ts.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "core/connection.h"

static size_t alen(const struct ts *t)
{
	return t->type == TS_IPV4_ADDR_RANGE ? 4 : 16;
}

void ts_from_subnet(struct ts *t, const struct ip_subnet *s, uint8_t proto, uint16_t port)
{
	size_t n = s->addr.family == AF_INET ? 4 : 16;
	memset(t, 0, sizeof(*t));
	t->type = n == 4 ? TS_IPV4_ADDR_RANGE : TS_IPV6_ADDR_RANGE;
	t->proto = proto;
	t->sport = port;
	t->eport = port ? port : 0xffff;
	memcpy(t->start, s->addr.bytes, n);
	memcpy(t->end, s->addr.bytes, n);
	for (size_t bit = s->prefix; bit < n * 8; bit++)
		t->end[bit / 8] |= (uint8_t)(0x80 >> (bit % 8));
}

int ts_of_conn(const struct connection *c, bool local, struct ts_list *out)
{
	const struct conn_end *e = local ? c->local : c->remote;
	const struct ip_addr *host = local ? &c->local_addr : &c->remote_addr;

	out->n = 0;
	if (e->n_subnets == 0) {
		struct ip_subnet s = { .addr = *host, .prefix = host->family == AF_INET ? 32 : 128 };
		if (!host->family)
			return -1;
		ts_from_subnet(&out->ts[out->n++], &s, e->protocol, e->port);
		return 0;
	}
	for (unsigned i = 0; i < e->n_subnets && out->n < TS_MAX; i++)
		ts_from_subnet(&out->ts[out->n++], &e->subnets[i], e->protocol, e->port);
	return 0;
}

static int cmp(const uint8_t *a, const uint8_t *b, size_t n)
{
	return memcmp(a, b, n);
}

bool ts_intersect(const struct ts *a, const struct ts *b, struct ts *out)
{
	size_t n = alen(a);
	if (a->type != b->type)
		return false;
	if (a->proto && b->proto && a->proto != b->proto)
		return false;
	memset(out, 0, sizeof(*out));
	out->type = a->type;
	out->proto = a->proto ? a->proto : b->proto;
	out->sport = a->sport > b->sport ? a->sport : b->sport;
	out->eport = a->eport < b->eport ? a->eport : b->eport;
	if (out->sport > out->eport)
		return false;
	memcpy(out->start, cmp(a->start, b->start, n) > 0 ? a->start : b->start, n);
	memcpy(out->end, cmp(a->end, b->end, n) < 0 ? a->end : b->end, n);
	return cmp(out->start, out->end, n) <= 0;
}

bool ts_within(const struct ts *in, const struct ts *out)
{
	size_t n = alen(in);
	return in->type == out->type && (out->proto == 0 || in->proto == out->proto) &&
	       in->sport >= out->sport && in->eport <= out->eport &&
	       cmp(in->start, out->start, n) >= 0 && cmp(in->end, out->end, n) <= 0;
}

bool ts_equal(const struct ts *a, const struct ts *b)
{
	size_t n = alen(a);
	return a->type == b->type && a->proto == b->proto && a->sport == b->sport &&
	       a->eport == b->eport && cmp(a->start, b->start, n) == 0 &&
	       cmp(a->end, b->end, n) == 0;
}

bool ts_to_subnet(const struct ts *t, struct ip_subnet *out)
{
	size_t n = alen(t);
	unsigned prefix = 0;
	bool host_part = false;

	/* A subnet: start and end agree on a prefix, then start is all zeros and
	 * end all ones. */
	for (size_t bit = 0; bit < n * 8; bit++) {
		int s = t->start[bit / 8] >> (7 - bit % 8) & 1;
		int e = t->end[bit / 8] >> (7 - bit % 8) & 1;
		if (!host_part) {
			if (s == e) {
				prefix++;
				continue;
			}
			host_part = true;
		}
		if (s != 0 || e != 1)
			return false;
	}
	memset(out, 0, sizeof(*out));
	out->addr.family = n == 4 ? AF_INET : AF_INET6;
	memcpy(out->addr.bytes, t->start, n);
	out->prefix = (uint8_t)prefix;
	return true;
}

void ts_describe(const struct ts *t, char *buf, size_t len)
{
	struct ip_addr a = { .family = t->type == TS_IPV4_ADDR_RANGE ? AF_INET : AF_INET6 };
	char s[IP_STR_MAX], e[IP_STR_MAX];
	memcpy(a.bytes, t->start, alen(t));
	ip_addr_str(&a, s, sizeof(s));
	memcpy(a.bytes, t->end, alen(t));
	ip_addr_str(&a, e, sizeof(e));
	snprintf(buf, len, "%s-%s:%u-%u %u", s, e, t->sport, t->eport, t->proto);
}

unsigned ts_narrow(const struct ts_list *theirs, const struct ts_list *ours, bool narrowing,
		   struct ts *out, unsigned max)
{
	unsigned n = 0;
	for (unsigned i = 0; i < ours->n; i++) {
		bool covered = false;
		for (unsigned j = 0; j < theirs->n; j++) {
			struct ts x;
			if (!ts_intersect(&theirs->ts[j], &ours->ts[i], &x))
				continue;
			if (ts_equal(&x, &ours->ts[i]))
				covered = true;
			if (!narrowing)
				continue;
			bool dup = false;
			for (unsigned k = 0; k < n; k++)
				dup |= ts_equal(&out[k], &x);
			if (!dup && n < max)
				out[n++] = x;
		}
		if (!narrowing) {
			if (!covered)
				return 0;
			if (n < max)
				out[n++] = ours->ts[i];
		}
	}
	return n;
}

bool ts_acceptable(const struct ts_list *got, const struct ts_list *proposed, bool narrowing)
{
	for (unsigned i = 0; i < got->n; i++) {
		bool inside = false;
		for (unsigned j = 0; j < proposed->n; j++)
			inside |= ts_within(&got->ts[i], &proposed->ts[j]);
		if (!inside)
			return false;
	}
	if (narrowing)
		return got->n > 0;
	/* Without narrowing, every selector we proposed must come back whole. */
	for (unsigned j = 0; j < proposed->n; j++) {
		bool found = false;
		for (unsigned i = 0; i < got->n; i++)
			found |= ts_equal(&got->ts[i], &proposed->ts[j]);
		if (!found)
			return false;
	}
	return true;
}
