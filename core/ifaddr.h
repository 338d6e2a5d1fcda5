/* This host's addresses: which end of a connection is us (Libreswan's
 * "orientation"), and what %defaultroute means. */
#ifndef CORE_IFADDR_H
#define CORE_IFADDR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/ip.h"

/* The host's addresses as read at one moment: orienting 10,000 connections at
 * start-up asks 20,000 times, and a kernel dump per question is quadratic on a
 * host with many addresses. Re-read when the event loop's clock has moved on, so
 * every command and every packet still sees the addresses of its moment (a clock
 * of 0, outside the loop, always re-reads); the daemon drops it before it waits. */
struct ifaddr_snapshot {
	uint64_t taken_ms;      /* loop time of the reading; 0: never read */
	size_t n;
	struct ip_addr *addrs;  /* sorted (family, bytes) */
};

bool ifaddr_is_local(struct ifaddr_snapshot *s, uint64_t now_ms, const struct ip_addr *a);
void ifaddr_snapshot_free(struct ifaddr_snapshot *s);
/* The source address of the default route for the family. 0 or -ENOENT. */
int ifaddr_default_route(int family, struct ip_addr *out);

#endif
