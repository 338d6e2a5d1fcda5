#include "core/ifaddr.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

bool ifaddr_is_local(const struct ip_addr *a)
{
	struct ifaddrs *ifa, *i;
	bool found = false;

	if (getifaddrs(&ifa) < 0)
		return false;
	for (i = ifa; i && !found; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != a->family)
			continue;
		if (a->family == AF_INET)
			found = memcmp(&((struct sockaddr_in *)i->ifa_addr)->sin_addr, a->bytes, 4) == 0;
		else
			found = memcmp(&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, a->bytes,
				       16) == 0;
	}
	freeifaddrs(ifa);
	return found;
}

/* The interface of the default route, from the kernel's route tables in /proc. */
static int default_ifname(int family, char *name, size_t len)
{
	char line[512];
	FILE *f = fopen(family == AF_INET ? "/proc/net/route" : "/proc/net/ipv6_route", "re");
	int err = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char ifn[IFNAMSIZ + 1];
		if (family == AF_INET) {
			unsigned dst, mask;
			if (sscanf(line, "%16s %x %*x %*x %*d %*d %*d %x", ifn, &dst, &mask) == 3 &&
			    dst == 0 && mask == 0) {
				snprintf(name, len, "%s", ifn);
				err = 0;
				break;
			}
		} else {
			char dst[33];
			unsigned plen;
			if (sscanf(line, "%32s %x %*s %*x %*s %*x %*x %*x %*x %16s", dst, &plen, ifn) ==
				    3 &&
			    plen == 0 && strspn(dst, "0") == 32 && strcmp(ifn, "lo") != 0) {
				snprintf(name, len, "%s", ifn);
				err = 0;
				break;
			}
		}
	}
	fclose(f);
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
