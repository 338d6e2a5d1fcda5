#include "core/endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

bool endpoint_eq(const struct endpoint *a, const struct endpoint *b)
{
	return a->port == b->port && ip_addr_eq(&a->addr, &b->addr);
}

char *endpoint_str(const struct endpoint *e, char *buf, size_t len)
{
	char a[IP_STR_MAX];
	ip_addr_str(&e->addr, a, sizeof(a));
	snprintf(buf, len, e->addr.family == AF_INET6 ? "[%s]:%u" : "%s:%u", a, e->port);
	return buf;
}

socklen_t endpoint_to_sockaddr(const struct endpoint *e, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (e->addr.family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(e->port);
		memcpy(&sin->sin_addr, e->addr.bytes, 4);
		return sizeof(*sin);
	}
	if (e->addr.family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(e->port);
		memcpy(&sin6->sin6_addr, e->addr.bytes, 16);
		return sizeof(*sin6);
	}
	return 0;
}

int endpoint_from_sockaddr(const struct sockaddr *sa, struct endpoint *e)
{
	memset(e, 0, sizeof(*e));
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
		e->addr.family = AF_INET;
		memcpy(e->addr.bytes, &sin->sin_addr, 4);
		e->port = ntohs(sin->sin_port);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
		/* A v4-mapped address on a dual-stack socket is really IPv4. */
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
			e->addr.family = AF_INET;
			memcpy(e->addr.bytes, sin6->sin6_addr.s6_addr + 12, 4);
		} else {
			e->addr.family = AF_INET6;
			memcpy(e->addr.bytes, &sin6->sin6_addr, 16);
		}
		e->port = ntohs(sin6->sin6_port);
		return 0;
	}
	return -1;
}
