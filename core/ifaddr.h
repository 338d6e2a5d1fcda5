/* This host's addresses: which end of a connection is us (Libreswan's
 * "orientation"), and what %defaultroute means. */
#ifndef CORE_IFADDR_H
#define CORE_IFADDR_H
#include <stdbool.h>

#include "config/ip.h"

bool ifaddr_is_local(const struct ip_addr *a);
/* The source address of the default route for the family. 0 or -ENOENT. */
int ifaddr_default_route(int family, struct ip_addr *out);

#endif
