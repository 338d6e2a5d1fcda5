/* An address and UDP/TCP port: where IKE messages come from and go to. */
#ifndef CORE_ENDPOINT_H
#define CORE_ENDPOINT_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "config/ip.h"

struct endpoint {
	struct ip_addr addr;
	uint16_t port;
};

#define ENDPOINT_STR_MAX (IP_STR_MAX + 8)

bool endpoint_eq(const struct endpoint *a, const struct endpoint *b);
/* "192.0.2.1:500", "[2001:db8::1]:4500" */
char *endpoint_str(const struct endpoint *e, char *buf, size_t len);
/* Conversions to and from struct sockaddr_storage; return the sockaddr length or 0. */
socklen_t endpoint_to_sockaddr(const struct endpoint *e, struct sockaddr_storage *ss);
int endpoint_from_sockaddr(const struct sockaddr *sa, struct endpoint *e);

#endif
