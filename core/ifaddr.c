#include "core/ifaddr.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int addr_cmp(const void *x, const void *y)
{
	const struct ip_addr *a = x, *b = y;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16);
}

static int snapshot_read(struct ifaddr_snapshot *s, uint64_t now_ms)
{
	struct ifaddrs *ifa, *i;
	struct ip_addr *v;
	size_t n = 0;

	if (getifaddrs(&ifa) < 0)
		return -errno;
	for (i = ifa; i; i = i->ifa_next)
		n++;
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		freeifaddrs(ifa);
		return -ENOMEM;
	}
	n = 0;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_INET) {
			v[n].family = AF_INET;
			memcpy(v[n++].bytes, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, 4);
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			v[n].family = AF_INET6;
			memcpy(v[n++].bytes, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, 16);
		}
	}
	freeifaddrs(ifa);
	qsort(v, n, sizeof(*v), addr_cmp);
	free(s->addrs);
	s->addrs = v;
	s->n = n;
	s->taken_ms = now_ms;
	return 0;
}

bool ifaddr_is_local(struct ifaddr_snapshot *s, uint64_t now_ms, const struct ip_addr *a)
{
	if ((now_ms == 0 || s->taken_ms != now_ms || !s->addrs) && snapshot_read(s, now_ms) < 0)
		return false;
	return bsearch(a, s->addrs, s->n, sizeof(*a), addr_cmp) != NULL;
}

void ifaddr_snapshot_free(struct ifaddr_snapshot *s)
{
	free(s->addrs);
	*s = (struct ifaddr_snapshot){ 0 };
}

/* Splits a line of /proc/net/route into white-space separated fields. */
static unsigned split_fields(char *line, char **f, unsigned max)
{
	unsigned n = 0;
	char *save = NULL;
	for (char *t = strtok_r(line, " \t\n", &save); t && n < max; t = strtok_r(NULL, " \t\n", &save))
		f[n++] = t;
	return n;
}

/* The interface of the default route, from the kernel's route tables in /proc:
 * IPv4 "Iface Destination Gateway Flags RefCnt Use Metric Mask ...",
 * IPv6 "dst dstlen src srclen nexthop metric refcnt use flags iface". */
static int default_ifname(int family, char *name, size_t len)
{
	char line[512], *f[16];
	FILE *fp = fopen(family == AF_INET ? "/proc/net/route" : "/proc/net/ipv6_route", "re");
	int err = -ENOENT;

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		unsigned n = split_fields(line, f, 16);
		if (family == AF_INET) {
			if (n >= 8 && strcmp(f[1], "00000000") == 0 && strcmp(f[7], "00000000") == 0) {
				snprintf(name, len, "%s", f[0]);
				err = 0;
				break;
			}
		} else if (n >= 10 && strspn(f[0], "0") == 32 && strcmp(f[1], "00") == 0 &&
			   strcmp(f[9], "lo") != 0) {
			snprintf(name, len, "%s", f[9]);
			err = 0;
			break;
		}
	}
	fclose(fp);
	return err;
}

int ifaddr_default_route(int family, struct ip_addr *out)
{
	char ifn[IFNAMSIZ + 1];
	struct ifaddrs *ifa, *i;
	int err = default_ifname(family, ifn, sizeof(ifn));

	if (err < 0)
		return err;
	if (getifaddrs(&ifa) < 0)
		return -errno;
	err = -ENOENT;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != family || strcmp(i->ifa_name, ifn))
			continue;
		memset(out, 0, sizeof(*out));
		out->family = (uint8_t)family;
		if (family == AF_INET) {
			memcpy(out->bytes, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, 4);
		} else {
			const struct in6_addr *a6 = &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
			if (IN6_IS_ADDR_LINKLOCAL(a6))
				continue;
			memcpy(out->bytes, a6, 16);
		}
		err = 0;
		break;
	}
	freeifaddrs(ifa);
	return err;
}
