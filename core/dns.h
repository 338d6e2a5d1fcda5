/* Host names in left= and right=, resolved when a connection is loaded, as
 * Libreswan does: /etc/hosts first, then the name servers of /etc/resolv.conf
 * over UDP, the way musl's getaddrinfo() does it for one address family —
 * "search"/"domain" for names with fewer dots than ndots (default 1), "options
 * ndots: timeout: attempts:" (defaults 1, 5 s, 2), every name server asked at
 * once, the first answer that is not a server failure wins, NXDOMAIN moves on
 * to the next search domain. Ours because musl's resolver is 12 KiB of the
 * static binary and we only ever need one address. */
#ifndef CORE_DNS_H
#define CORE_DNS_H
#include <stdint.h>

#include "config/ip.h"

struct dns_files {
	const char *hosts;        /* /etc/hosts */
	const char *resolv_conf;  /* /etc/resolv.conf */
	uint16_t port;            /* 53; the unit test runs its own server elsewhere */
};

/* The first address of `family` (AF_INET or AF_INET6) for name; files NULL
 * means the system's. Returns 0, -ENOENT (no such name, or no address of that
 * family), -EAGAIN (no name server answered in time, or it failed), -EINVAL
 * (not a valid host name) or -ENOMEM. */
int dns_resolve(const struct dns_files *files, const char *name, int family,
		struct ip_addr *out);

#endif
