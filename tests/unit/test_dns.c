/* core/dns.c against a name server of our own on 127.0.0.1 (a child process
 * answering from a table, messages laid out by hand per RFC 1035 4.1) and
 * hosts / resolv.conf files in a scratch directory. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/dns.h"
#include "tests/unit/check.h"

enum reply { R_A, R_AAAA_TOO, R_CNAME, R_NX, R_NODATA, R_SERVFAIL_ONCE, R_SILENT, R_WRONG_ID,
	     R_REFUSED_THEN_A };

static const struct {
	const char *name;
	enum reply how;
	const char *addr; /* the A record, when there is one */
} zone[] = {
	{ "a.example", R_AAAA_TOO, "192.0.2.7" },
	{ "cname.example", R_CNAME, "192.0.2.8" },
	{ "nx.example", R_NX, NULL },
	{ "nodata.example", R_NODATA, NULL },
	{ "servfail.example", R_SERVFAIL_ONCE, "192.0.2.9" },
	{ "host.search.example", R_NX, NULL },
	{ "host.other.example", R_A, "192.0.2.11" },
	{ "slow.example", R_SILENT, NULL },
	{ "wrongid.example", R_WRONG_ID, "192.0.2.12" },
	{ "refused.example", R_REFUSED_THEN_A, "192.0.2.13" },
	{ "two.dots.example", R_A, "192.0.2.14" },
};

/* Reads the question's name as dotted text; the offset after QTYPE/QCLASS. */
static size_t question(const uint8_t *q, size_t len, char *name, uint16_t *type)
{
	size_t off = 12, n = 0;
	while (off < len && q[off]) {
		size_t l = q[off++];
		if (n)
			name[n++] = '.';
		memcpy(name + n, q + off, l);
		n += l;
		off += l;
	}
	name[n] = '\0';
	*type = (uint16_t)(q[off + 1] << 8 | q[off + 2]);
	return off + 5;
}

static size_t put_rr(uint8_t *a, size_t off, uint16_t type, const uint8_t *data, size_t len)
{
	const uint8_t head[] = { 0xc0, 12, (uint8_t)(type >> 8), (uint8_t)type, 0, 1,
				 0, 0, 0, 60, 0, (uint8_t)len };
	memcpy(a + off, head, sizeof(head));
	memcpy(a + off + sizeof(head), data, len);
	return off + sizeof(head) + len;
}

static void serve(int fd)
{
	unsigned servfails = 0, refusals = 0;
	for (;;) {
		uint8_t q[512], a[512];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&from, &fl);
		char name[300];
		uint16_t type;
		size_t off, i;
		unsigned an = 0, rcode = 0;

		if (n < 17)
			continue;
		off = question(q, (size_t)n, name, &type);
		memcpy(a, q, off);
		a[2] = 0x81; /* QR, RD */
		for (i = 0; i < sizeof(zone) / sizeof(zone[0]); i++)
			if (strcmp(zone[i].name, name) == 0)
				break;
		if (i == sizeof(zone) / sizeof(zone[0])) {
			rcode = 3;
		} else {
			uint8_t v4[4], v6[16];
			if (zone[i].addr)
				inet_pton(AF_INET, zone[i].addr, v4);
			inet_pton(AF_INET6, "2001:db8::7", v6);
			switch (zone[i].how) {
			case R_SILENT:
				continue;
			case R_NX:
				rcode = 3;
				break;
			case R_NODATA:
				break;
			case R_SERVFAIL_ONCE:
				if (servfails++ == 0) {
					rcode = 2;
					break;
				}
				goto answer;
			case R_REFUSED_THEN_A:
				if (refusals++ == 0) {
					rcode = 5;
					break;
				}
				goto answer;
			case R_WRONG_ID: {
				uint8_t bad[512];
				memcpy(bad, a, off);
				bad[1] ^= 0xff;
				sendto(fd, bad, off, 0, (struct sockaddr *)&from, fl);
				goto answer;
			}
			case R_CNAME: {
				/* "cname.example CNAME a.example" first, the address after it. */
				static const uint8_t target[] = { 1, 'a', 0xc0, 12 + 6 };
				off = put_rr(a, off, 5, target, sizeof(target));
				an++;
				goto answer;
			}
			case R_AAAA_TOO:
				if (type == 28) {
					off = put_rr(a, off, 28, v6, 16);
					an++;
					break;
				}
				goto answer;
			case R_A:
			answer:
				if (type == 1) {
					off = put_rr(a, off, 1, v4, 4);
					an++;
				}
				break;
			}
		}
		a[3] = (uint8_t)(0x80 | rcode);
		a[6] = 0;
		a[7] = (uint8_t)an;
		sendto(fd, a, off, 0, (struct sockaddr *)&from, fl);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

int main(void)
{
	char dir[] = "/tmp/test_dns.XXXXXX", hosts[64], resolv[64], cmd[128], buf[64];
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sin);
	struct dns_files files;
	struct ip_addr a;
	pid_t server;
	int fd, err;
	struct timespec t0, t1;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (!mkdtemp(dir) || fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) < 0) {
		CHECK(0, "a scratch directory and a UDP socket on 127.0.0.1");
		return check_done();
	}
	server = fork();
	if (server == 0) {
		serve(fd);
		_exit(0);
	}
	close(fd);
	snprintf(hosts, sizeof(hosts), "%s/hosts", dir);
	snprintf(resolv, sizeof(resolv), "%s/resolv.conf", dir);
	write_file(hosts, "# 192.0.2.1 commented\n"
			  "192.0.2.99\tfromhosts fromhosts.alias # 192.0.2.2 fromhosts\n"
			  "2001:db8::99 fromhosts6\n"
			  "192.0.2.98 under_score\n"
			  "192.0.2.97 xfromhosts\n");
	write_file(resolv, "# a comment\n"
			   "nameserver 127.0.0.1\n"
			   "search search.example other.example\n"
			   "options timeout:1 attempts:1\n");
	files = (struct dns_files){ hosts, resolv, ntohs(sin.sin_port) };

#define RESOLVES(name, fam, want)                                                       \
	do {                                                                            \
		err = dns_resolve(&files, name, fam, &a);                               \
		CHECK(err == 0 && strcmp(ip_addr_str(&a, buf, sizeof(buf)), want) == 0, \
		      "%s -> %s (got %d %s)", name, want, err, err ? "" : buf);         \
	} while (0)

	RESOLVES("192.0.2.5", AF_INET, "192.0.2.5");
	CHECK(dns_resolve(&files, "192.0.2.5", AF_INET6, &a) == -ENOENT,
	      "an IPv4 literal has no IPv6 address");
	RESOLVES("fromhosts", AF_INET, "192.0.2.99");
	RESOLVES("fromhosts.alias", AF_INET, "192.0.2.99");
	RESOLVES("fromhosts6", AF_INET6, "2001:db8::99");
	RESOLVES("under_score", AF_INET, "192.0.2.98");
	RESOLVES("a.example", AF_INET, "192.0.2.7");
	RESOLVES("a.example", AF_INET6, "2001:db8::7");
	RESOLVES("a.example.", AF_INET, "192.0.2.7");
	RESOLVES("cname.example", AF_INET, "192.0.2.8");
	RESOLVES("servfail.example", AF_INET, "192.0.2.9");
	RESOLVES("wrongid.example", AF_INET, "192.0.2.12");
	RESOLVES("two.dots.example", AF_INET, "192.0.2.14");
	/* No dot: the search domains first; NXDOMAIN in the first moves on. */
	RESOLVES("host", AF_INET, "192.0.2.11");
	CHECK(dns_resolve(&files, "nx.example", AF_INET, &a) == -ENOENT, "NXDOMAIN is -ENOENT");
	CHECK(dns_resolve(&files, "nodata.example", AF_INET, &a) == -ENOENT,
	      "a name without an A record is -ENOENT");
	CHECK(dns_resolve(&files, "fromhosts6", AF_INET, &a) == -ENOENT,
	      "hosts has only IPv6 for it, DNS does not know it: -ENOENT");
	CHECK(dns_resolve(&files, "bad name", AF_INET, &a) == -EINVAL, "a space: not a host name");
	CHECK(dns_resolve(&files, "a..example", AF_INET, &a) == -ENOENT, "an empty label: no such name");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = dns_resolve(&files, "slow.example", AF_INET, &a);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(err == -EAGAIN && t1.tv_sec - t0.tv_sec <= 2,
	      "a silent server: -EAGAIN after timeout:1 (got %d)", err);
	/* A refusal is ignored (musl waits for another server); with a second try
	 * in the same second the answer comes. */
	write_file(resolv, "nameserver 127.0.0.1\noptions timeout:2 attempts:2\n");
	RESOLVES("refused.example", AF_INET, "192.0.2.13");

	kill(server, SIGTERM);
	waitpid(server, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0, "scratch directory removed");
	return check_done();
}
