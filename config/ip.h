/* Addresses and subnets as the configuration reader produces them. */
#ifndef CONFIG_IP_H
#define CONFIG_IP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ip_addr {
	uint8_t family; /* AF_INET, AF_INET6, or 0 when unset */
	uint8_t bytes[16];
};

struct ip_subnet {
	struct ip_addr addr; /* network address, host bits zero */
	uint8_t prefix;
};

/* "192.0.2.1", "2001:db8::1". Returns 0 or -EINVAL. */
int ip_addr_parse(const char *text, struct ip_addr *out);
/* "192.0.2.0/24"; a bare address means /32 or /128; host bits set is an error. */
int ip_subnet_parse(const char *text, struct ip_subnet *out);
/* Writes the canonical text (RFC 5952 for IPv6) into buf; returns buf. */
char *ip_addr_str(const struct ip_addr *a, char *buf, size_t len);
char *ip_subnet_str(const struct ip_subnet *s, char *buf, size_t len);
bool ip_addr_eq(const struct ip_addr *a, const struct ip_addr *b);
/* Like ip_subnet_parse, but host bits are cleared and reported in *host_bits
 * (Libreswan accepts leftsubnet=192.0.2.1/24 as 192.0.2.0/24). */
int ip_subnet_parse_loose(const char *text, struct ip_subnet *out, bool *host_bits);
/* Clears the host bits of s; returns true when some were set. */
bool ip_subnet_clear_host_bits(struct ip_subnet *s);
size_t ip_addr_len(const struct ip_addr *a); /* 4, 16, or 0 */

#define IP_STR_MAX 48

#endif
