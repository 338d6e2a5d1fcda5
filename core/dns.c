#include "core/dns.h"

#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/endpoint.h"
#include "crypto/random.h"

#define MAX_NS 3          /* musl's MAXNS, glibc's too */
#define QUERY_MAX 280     /* header, a 255-byte name, type and class */
#define ANSWER_MAX 768
#define RR_A 1
#define RR_AAAA 28
#define CLASS_IN 1

struct resolv {
	struct ip_addr ns[MAX_NS];
	unsigned n_ns;
	unsigned ndots, timeout_s, attempts;
	char search[256];        /* the last "search" or "domain" line's list */
};

static const struct dns_files system_files = { "/etc/hosts", "/etc/resolv.conf", 53 };

/* musl's is_valid_hostname: at most 254 characters of letters, digits, '.',
 * '-' and bytes above 0x7f. */
static bool valid_name(const char *name)
{
	size_t len = strnlen(name, 255);

	if (len == 0 || len > 254)
		return false;
	for (const unsigned char *s = (const unsigned char *)name; *s; s++)
		if (*s < 0x80 && *s != '.' && *s != '-' && !isalnum(*s))
			return false;
	return true;
}

/* The first line of the hosts file naming `name` (a whole word after the
 * address) with an address of the family. */
static int from_hosts(const char *path, const char *name, int family, struct ip_addr *out)
{
	FILE *f = fopen(path, "re");
	char line[512];
	size_t len = strlen(name);
	int err = -ENOENT;

	if (!f)
		return -ENOENT;
	while (err && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '#'), *addr_end;
		bool named = false;

		if (p)
			*p = '\0';
		addr_end = line + strcspn(line, " \t\r\n");
		for (p = addr_end; (p = strstr(p, name)) != NULL; p++)
			if (isspace((unsigned char)p[-1]) &&
			    (p[len] == '\0' || isspace((unsigned char)p[len]))) {
				named = true;
				break;
			}
		if (!named)
			continue;
		*addr_end = '\0';
		if (ip_addr_parse(line, out) == 0 && out->family == family)
			err = 0;
	}
	fclose(f);
	return err;
}

static unsigned option(const char *line, const char *key, unsigned dflt, unsigned max)
{
	const char *p = strstr(line, key);
	char *end;
	unsigned long v;

	if (!p || (p != line && !isspace((unsigned char)p[-1])))
		return dflt;
	p += strlen(key);
	v = strtoul(p, &end, 10);
	if (end == p)
		return dflt;
	return v > max ? max : (unsigned)v;
}

/* As musl's __get_resolv_conf reads it; no file means 127.0.0.1. */
static void read_resolv(const char *path, struct resolv *r)
{
	FILE *f = fopen(path, "re");
	char line[256];

	*r = (struct resolv){ .ndots = 1, .timeout_s = 5, .attempts = 2 };
	while (f && fgets(line, sizeof(line), f)) {
		char *v;
		if (!strchr(line, '\n') && !feof(f)) {
			/* An overlong line is skipped whole. */
			int c;
			while ((c = getc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (strncmp(line, "options", 7) == 0 && isspace((unsigned char)line[7])) {
			r->ndots = option(line, "ndots:", r->ndots, 15);
			r->attempts = option(line, "attempts:", r->attempts, 10);
			r->timeout_s = option(line, "timeout:", r->timeout_s, 60);
		} else if (strncmp(line, "nameserver", 10) == 0 && isspace((unsigned char)line[10])) {
			if (r->n_ns == MAX_NS)
				continue;
			v = line + 10 + strspn(line + 10, " \t");
			v[strcspn(v, " \t\r\n")] = '\0';
			if (ip_addr_parse(v, &r->ns[r->n_ns]) == 0)
				r->n_ns++;
		} else if ((strncmp(line, "domain", 6) == 0 || strncmp(line, "search", 6) == 0) &&
			   isspace((unsigned char)line[6])) {
			v = line + 6 + strspn(line + 6, " \t");
			v[strcspn(v, "\r\n")] = '\0';
			snprintf(r->search, sizeof(r->search), "%s", v);
		}
	}
	if (f)
		fclose(f);
	if (!r->n_ns)
		ip_addr_parse("127.0.0.1", &r->ns[r->n_ns++]);
	if (!r->attempts)
		r->attempts = 1;
}

/* A recursive query for (name, type); returns its length or -EINVAL. */
static int make_query(const char *name, uint16_t type, uint16_t id, uint8_t *q)
{
	size_t off = 12, n = strlen(name);

	if (n > 253)
		return -EINVAL;
	memset(q, 0, 12);
	q[0] = (uint8_t)(id >> 8);
	q[1] = (uint8_t)id;
	q[2] = 1; /* RD */
	q[5] = 1; /* QDCOUNT */
	while (*name) {
		size_t label = strcspn(name, ".");
		if (label == 0 || label > 63)
			return -EINVAL;
		q[off++] = (uint8_t)label;
		memcpy(q + off, name, label);
		off += label;
		name += label;
		if (*name)
			name++;
	}
	q[off++] = 0;
	q[off++] = (uint8_t)(type >> 8);
	q[off++] = (uint8_t)type;
	q[off++] = 0;
	q[off++] = CLASS_IN;
	return (int)off;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Asks every name server at once, again every timeout/attempts, and returns the
 * first answer with our ID that is an answer or NXDOMAIN; a server failure is
 * asked again straight away (twice at most), refusals are ignored, as in musl's
 * __res_msend. Returns the answer's length or -EAGAIN. */
static int ask(const struct resolv *r, uint16_t port, const uint8_t *q, size_t qlen,
	       uint8_t *a)
{
	struct pollfd pfd[MAX_NS];
	uint64_t start = now_ms(), deadline = start + 1000ULL * r->timeout_s, next = start;
	uint64_t retry = 1000ULL * r->timeout_s / r->attempts;
	unsigned servfail_retries = 2;
	int got = -EAGAIN;

	for (unsigned i = 0; i < r->n_ns; i++) {
		struct endpoint ep = { .addr = r->ns[i], .port = port };
		struct sockaddr_storage ss;
		socklen_t sl = endpoint_to_sockaddr(&ep, &ss);
		pfd[i].events = POLLIN;
		pfd[i].fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		/* Connected: the kernel drops datagrams from anyone else. */
		if (pfd[i].fd >= 0 && connect(pfd[i].fd, (struct sockaddr *)&ss, sl) < 0) {
			close(pfd[i].fd);
			pfd[i].fd = -1;
		}
	}
	for (uint64_t t = start; got < 0 && t < deadline; t = now_ms()) {
		uint64_t wait = (next < deadline ? next : deadline) - t;
		if (t >= next) {
			for (unsigned i = 0; i < r->n_ns; i++)
				if (pfd[i].fd >= 0)
					(void)send(pfd[i].fd, q, qlen, MSG_NOSIGNAL);
			next = t + retry;
			wait = retry < deadline - t ? retry : deadline - t;
		}
		if (poll(pfd, r->n_ns, (int)wait) <= 0)
			continue;
		for (unsigned i = 0; i < r->n_ns && got < 0; i++) {
			ssize_t n;
			if (pfd[i].fd < 0 || !(pfd[i].revents & POLLIN))
				continue;
			n = recv(pfd[i].fd, a, ANSWER_MAX, 0);
			if (n < 4 || a[0] != q[0] || a[1] != q[1] || !(a[2] & 0x80))
				continue;
			switch (a[3] & 15) {
			case 0: /* an answer */
			case 3: /* NXDOMAIN */
				got = (int)n;
				break;
			case 2: /* SERVFAIL: ask that server again */
				if (servfail_retries) {
					servfail_retries--;
					(void)send(pfd[i].fd, q, qlen, MSG_NOSIGNAL);
				}
				break;
			default:
				break;
			}
		}
	}
	for (unsigned i = 0; i < r->n_ns; i++)
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
	return got;
}

/* Steps over a (possibly compressed) name at a + *off. */
static bool skip_name(const uint8_t *a, size_t len, size_t *off)
{
	while (*off < len) {
		uint8_t l = a[*off];
		if (l == 0) {
			(*off)++;
			return true;
		}
		if ((l & 0xc0) == 0xc0) {
			*off += 2;
			return *off <= len;
		}
		if (l & 0xc0)
			return false;
		*off += 1 + (size_t)l;
	}
	return false;
}

/* The first record of the type in the answer section. 0, -ENOENT (NXDOMAIN),
 * -ENODATA (the name has no such record), -EAGAIN (malformed). */
static int parse_answer(const uint8_t *a, size_t len, uint16_t type, struct ip_addr *out)
{
	size_t off = 12, want = type == RR_A ? 4 : 16;
	unsigned qd, an;

	if (len < 12)
		return -EAGAIN;
	if ((a[3] & 15) == 3)
		return -ENOENT;
	qd = (unsigned)a[4] << 8 | a[5];
	an = (unsigned)a[6] << 8 | a[7];
	while (qd--) {
		if (!skip_name(a, len, &off) || off + 4 > len)
			return -EAGAIN;
		off += 4;
	}
	while (an--) {
		uint16_t rtype, rclass, rlen;
		if (!skip_name(a, len, &off) || off + 10 > len)
			return -EAGAIN;
		rtype = (uint16_t)(a[off] << 8 | a[off + 1]);
		rclass = (uint16_t)(a[off + 2] << 8 | a[off + 3]);
		rlen = (uint16_t)(a[off + 8] << 8 | a[off + 9]);
		off += 10;
		if (rlen > len - off)
			return -EAGAIN;
		if (rtype == type && rclass == CLASS_IN && rlen == want) {
			memset(out, 0, sizeof(*out));
			out->family = type == RR_A ? AF_INET : AF_INET6;
			memcpy(out->bytes, a + off, want);
			return 0;
		}
		off += rlen;
	}
	return -ENODATA;
}

static int from_dns(const struct resolv *r, uint16_t port, const char *name, int family,
		    struct ip_addr *out)
{
	uint16_t type = family == AF_INET ? RR_A : RR_AAAA, id;
	uint8_t q[QUERY_MAX], a[ANSWER_MAX];
	int qlen, alen;

	random_bytes(&id, sizeof(id));
	qlen = make_query(name, type, id, q);
	if (qlen < 0)
		return -ENOENT; /* an impossible name (an empty label): no such name */
	alen = ask(r, port, q, (size_t)qlen, a);
	if (alen < 0)
		return alen;
	return parse_answer(a, (size_t)alen, type, out);
}

int dns_resolve(const struct dns_files *files, const char *name, int family,
		struct ip_addr *out)
{
	const struct dns_files *f = files ? files : &system_files;
	struct resolv *r;
	char canon[256];
	size_t len = strlen(name), dots = 0;
	int err;

	if (ip_addr_parse(name, out) == 0)
		return out->family == family ? 0 : -ENOENT;
	if (from_hosts(f->hosts, name, family, out) == 0)
		return 0;
	if (!valid_name(name))
		return -EINVAL;
	r = malloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	read_resolv(f->resolv_conf, r);
	for (size_t i = 0; i < len; i++)
		dots += name[i] == '.';
	/* A name with enough dots, or ending in one, is only ever asked as it is. */
	if (dots >= r->ndots || name[len - 1] == '.')
		r->search[0] = '\0';
	if (name[len - 1] == '.')
		len--;
	err = -ENOENT;
	if (len == 0 || name[len - 1] == '.')
		goto out;
	memcpy(canon, name, len);
	canon[len] = '.';
	for (const char *s = r->search, *e; *s; s = e) {
		size_t dl;
		s += strspn(s, " \t");
		dl = strcspn(s, " \t");
		e = s + dl;
		if (!dl)
			break;
		if (dl >= sizeof(canon) - len - 1)
			continue;
		memcpy(canon + len + 1, s, dl);
		canon[len + 1 + dl] = '\0';
		err = from_dns(r, f->port, canon, family, out);
		/* Only NXDOMAIN moves on to the next domain, as in musl. */
		if (err != -ENOENT)
			goto out;
	}
	canon[len] = '\0';
	err = from_dns(r, f->port, canon, family, out);
out:
	free(r);
	if (err == -ENODATA)
		err = -ENOENT;
	return err;
}
