/* Value syntaxes of ipsec.conf (Libreswan 4.x lib/libswan ttodeltatime.c,
 * ttobinary, ip_protoport.c, lmod.c and programs/pluto mark_parse(), read for
 * behaviour). */
#include "config/values.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* Leading decimal digits of s into *v; returns the rest, NULL on no digits or overflow. */
static const char *digits(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (*s < '0' || *s > '9')
		return NULL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return NULL;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return s;
}

int val_bool(const char *s, bool *out, const char **why)
{
	static const char *const yes[] = { "yes", "y", "true", "on" };
	static const char *const no[] = { "no", "n", "false", "off" };

	for (unsigned i = 0; i < 4; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	*why = "expected yes or no";
	return -EINVAL;
}

int val_u32(const char *s, uint32_t *out, const char **why)
{
	uint64_t v;
	const char *end;

	if (strcmp(s, "%forever") == 0) {
		*out = 0;
		return 0;
	}
	end = digits(s, &v);
	if (!end || *end) {
		*why = "expected a number";
		return -EINVAL;
	}
	if (v > UINT32_MAX) {
		*why = "number too large";
		return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

int val_duration_ms(const char *s, bool plain_ms, uint64_t *out, const char **why)
{
	static const struct {
		const char *suffix;
		uint64_t ms;
	} scale[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
		{ "d", 86400000 }, { "w", 604800000 },
	};
	uint64_t v, ms = 0;
	const char *end;

	if (strcmp(s, "%forever") == 0) {
		*out = 0;
		return 0;
	}
	end = digits(s, &v);
	if (!end) {
		*why = "expected a duration such as 8h, 60m, 3600s or 1d";
		return -EINVAL;
	}
	if (!*end)
		ms = plain_ms ? 1 : 1000;
	for (unsigned i = 0; i < sizeof(scale) / sizeof(scale[0]) && !ms; i++)
		if (strcasecmp(end, scale[i].suffix) == 0)
			ms = scale[i].ms;
	if (!ms) {
		*why = "unrecognized duration unit (use ms, s, m, h, d or w)";
		return -EINVAL;
	}
	if (v > UINT64_MAX / ms) {
		*why = "duration too large";
		return -EINVAL;
	}
	*out = v * ms;
	return 0;
}

int val_percent(const char *s, uint32_t *out, const char **why)
{
	uint64_t v;
	const char *end = digits(s, &v);

	if (!end || strcmp(end, "%") != 0) {
		*why = "expected a percentage such as 100%";
		return -EINVAL;
	}
	if (v > UINT32_MAX) {
		*why = "percentage too large";
		return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

int val_iec(const char *s, bool bytes, uint64_t *out, const char **why)
{
	static const char *const prefix[] = { "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	uint64_t v, mult = 0;
	const char *end = digits(s, &v);
	char want[4];

	if (!end) {
		*why = bytes ? "expected a byte count such as 1024 or 4GiB"
			     : "expected a count such as 1000 or 16Mi";
		return -EINVAL;
	}
	if (!*end)
		mult = 1;
	for (unsigned i = 0; i < 6 && !mult; i++) {
		strcpy(want, prefix[i]);
		if (bytes)
			strcat(want, "B");
		if (strcasecmp(end, want) == 0)
			mult = 1ull << (10 * (i + 1));
	}
	if (!mult) {
		*why = bytes ? "unrecognized multiplier (use KiB, MiB, GiB, TiB, PiB or EiB)"
			     : "unrecognized multiplier (use Ki, Mi, Gi, Ti, Pi or Ei)";
		return -EINVAL;
	}
	if (v > UINT64_MAX / mult) {
		*why = "value too large";
		return -EINVAL;
	}
	*out = v * mult;
	return 0;
}

int val_port(const char *s, uint16_t *out, const char **why)
{
	uint64_t v;
	const char *end = digits(s, &v);

	if (!end || *end || v == 0 || v > 65535) {
		*why = "expected a port number from 1 to 65535";
		return -EINVAL;
	}
	*out = (uint16_t)v;
	return 0;
}

static const struct {
	const char *name;
	uint8_t number;
} protocols[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "ipip", 4 }, { "tcp", 6 }, { "udp", 17 },
	{ "ipv6", 41 }, { "gre", 47 }, { "esp", 50 }, { "ah", 51 }, { "icmpv6", 58 },
	{ "ipv6-icmp", 58 }, { "sctp", 132 }, { "udplite", 136 }, { "unknown", 0 },
};

/* Service names Libreswan configurations commonly use (getservbyname would
 * depend on /etc/services). */
static const struct {
	const char *name;
	uint16_t port;
} services[] = {
	{ "ssh", 22 }, { "domain", 53 }, { "http", 80 }, { "https", 443 }, { "isakmp", 500 },
	{ "ipsec-nat-t", 4500 }, { "l2tp", 1701 }, { "bootps", 67 }, { "bootpc", 68 },
	{ "ntp", 123 }, { "snmp", 161 }, { "bgp", 179 },
};

int val_protoport(const char *s, uint8_t *proto, uint16_t *port, bool *port_any,
		  const char **why)
{
	const char *slash = strchr(s, '/');
	size_t plen = slash ? (size_t)(slash - s) : strlen(s);
	const char *svc = slash ? slash + 1 : "";
	uint64_t v;
	const char *end;
	bool found = false;

	*port = 0;
	*port_any = false;
	if (!slash && strcmp(s, "%any") == 0) {
		*proto = 0;
		return 0;
	}
	end = digits(s, &v);
	if (end && end == s + plen) {
		if (v > 255) {
			*why = "protocol number too large";
			return -EINVAL;
		}
		*proto = (uint8_t)v;
		found = true;
	}
	for (unsigned i = 0; i < sizeof(protocols) / sizeof(protocols[0]) && !found; i++)
		if (strlen(protocols[i].name) == plen && strncasecmp(s, protocols[i].name, plen) == 0) {
			*proto = protocols[i].number;
			found = true;
		}
	if (!found) {
		*why = "unknown protocol (use a number or tcp, udp, icmp, ...)";
		return -EINVAL;
	}
	if (!*svc)
		return 0;
	if (strcmp(svc, "%any") == 0) {
		if (*proto == 0) {
			*why = "port wildcard (%any) requires a valid protocol";
			return -EINVAL;
		}
		*port_any = true;
		return 0;
	}
	end = digits(svc, &v);
	if (end && !*end) {
		if (v > 65535) {
			*why = "port number too large";
			return -EINVAL;
		}
		*port = (uint16_t)v;
	} else {
		found = false;
		for (unsigned i = 0; i < sizeof(services) / sizeof(services[0]) && !found; i++)
			if (strcasecmp(svc, services[i].name) == 0) {
				*port = services[i].port;
				found = true;
			}
		if (!found) {
			*why = "unknown port (use a number)";
			return -EINVAL;
		}
	}
	if (*proto == 0 && *port != 0) {
		*why = "protocol 0 must have 0 port";
		return -EINVAL;
	}
	return 0;
}

/* strtoul with base 0 (0x.. hex), the whole string, 32 bits */
static bool u32_any_base(const char *s, const char *stop, uint32_t *out)
{
	char buf[24];
	char *end;
	size_t n = (size_t)(stop - s);
	unsigned long long v;

	if (n == 0 || n >= sizeof(buf) || *s == '-' || *s == '+')
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

int val_mark(const char *s, uint32_t *value, uint32_t *mask, bool *unique, const char **why)
{
	const char *slash = strchr(s, '/');
	const char *vend = slash ? slash : s + strlen(s);

	*unique = false;
	*value = 0xffffffff;
	*mask = 0xffffffff;
	if (vend - s == 2 && strncmp(s, "-1", 2) == 0) {
		*unique = true;
	} else if (!u32_any_base(s, vend, value)) {
		*why = "bad mark value (expected value[/mask], numbers up to 0xffffffff, or -1)";
		return -EINVAL;
	}
	if (slash && !u32_any_base(slash + 1, slash + 1 + strlen(slash + 1), mask)) {
		*why = "bad mark mask";
		return -EINVAL;
	}
	if (!*unique && (*value & ~*mask)) {
		*why = "mark value has bits outside the mask";
		return -EINVAL;
	}
	return 0;
}

int val_range(const char *s, struct ip_addr *start, struct ip_addr *end, const char **why)
{
	const char *dash = strchr(s, '-');
	char a[64];

	if (dash) {
		size_t n = (size_t)(dash - s);
		if (n >= sizeof(a)) {
			*why = "expected an address range a-b or a subnet";
			return -EINVAL;
		}
		memcpy(a, s, n);
		a[n] = '\0';
		if (ip_addr_parse(a, start) || ip_addr_parse(dash + 1, end)) {
			*why = "expected an address range a-b or a subnet";
			return -EINVAL;
		}
		if (start->family != end->family) {
			*why = "the range's addresses are of different families";
			return -EINVAL;
		}
		if (memcmp(start->bytes, end->bytes, ip_addr_len(start)) > 0) {
			*why = "the range's start is after its end";
			return -EINVAL;
		}
		if (start->family == AF_INET6) {
			*why = "an IPv6 address pool must be a subnet";
			return -EINVAL;
		}
		return 0;
	}
	struct ip_subnet sn;
	if (ip_subnet_parse(s, &sn)) {
		*why = "expected an address range a-b or a subnet";
		return -EINVAL;
	}
	*start = *end = sn.addr;
	size_t len = ip_addr_len(&sn.addr);
	for (size_t i = 0; i < len; i++) {
		unsigned keep = sn.prefix >= (i + 1) * 8 ? 8 : sn.prefix > i * 8 ? sn.prefix - i * 8 : 0;
		end->bytes[i] |= (uint8_t)(0xffu >> keep);
	}
	return 0;
}

int val_plutodebug(const char *s, unsigned *out, const char **why)
{
	static const struct {
		const char *name;
		unsigned bits;
	} cats[] = {
		{ "all", PLUTODEBUG_ALL },
		{ "tmi", PLUTODEBUG_ALL | PLUTODEBUG_TMI },
		{ "base", PLUTODEBUG_BASE },
		{ "cpu-usage", PLUTODEBUG_CPU_USAGE },
		{ "refcnt", PLUTODEBUG_REFCNT },
		{ "crypt", PLUTODEBUG_CRYPT },
		{ "private", PLUTODEBUG_PRIVATE },
		{ "whackwatch", PLUTODEBUG_WHACKWATCH },
		{ "add-prefix", PLUTODEBUG_ADD_PREFIX },
	};
	unsigned bits = 0;

	while (*s) {
		size_t n = strcspn(s, "+, \t");
		const char *w = s;
		bool no = false, found = false;
		s += n;
		s += strspn(s, "+, \t");
		if (n == 0)
			continue;
		if (n == 4 && strncmp(w, "none", 4) == 0) {
			bits = 0;
			continue;
		}
		if (n > 3 && strncmp(w, "no-", 3) == 0) {
			no = true;
			w += 3;
			n -= 3;
		}
		if (n > 6 && strncmp(w, "debug-", 6) == 0) {
			w += 6;
			n -= 6;
		}
		for (unsigned i = 0; i < sizeof(cats) / sizeof(cats[0]) && !found; i++)
			if (strlen(cats[i].name) == n && strncmp(w, cats[i].name, n) == 0) {
				bits = no ? bits & ~cats[i].bits : bits | cats[i].bits;
				found = true;
			}
		if (!found) {
			*why = "unknown debug category (use all, none, base, cpu-usage, crypt, private, tmi, ...)";
			return -EINVAL;
		}
	}
	*out = bits;
	return 0;
}

int val_authby(const char *s, unsigned *bits, unsigned *sighash, enum auth_method *first,
	       const char **why)
{
	static const struct {
		const char *name;
		unsigned bits, sighash;
		enum auth_method method;
	} methods[] = {
		{ "secret", AUTHBY_BIT_PSK, 0, AUTH_PSK },
		{ "rsasig", AUTHBY_BIT_RSASIG | AUTHBY_BIT_RSASIG_V1_5, 7, AUTH_RSASIG },
		{ "rsa", AUTHBY_BIT_RSASIG | AUTHBY_BIT_RSASIG_V1_5, 7, AUTH_RSASIG },
		{ "never", AUTHBY_BIT_NEVER, 0, AUTH_NEVER },
		{ "null", AUTHBY_BIT_NULL, 0, AUTH_NULL },
		{ "rsa-sha1", AUTHBY_BIT_RSASIG_V1_5, 0, AUTH_RSASIG },
		{ "rsa-sha2", AUTHBY_BIT_RSASIG, 7, AUTH_RSASIG },
		{ "rsa-sha2_256", AUTHBY_BIT_RSASIG, SIGHASH_SHA2_256, AUTH_RSASIG },
		{ "rsa-sha2_384", AUTHBY_BIT_RSASIG, SIGHASH_SHA2_384, AUTH_RSASIG },
		{ "rsa-sha2_512", AUTHBY_BIT_RSASIG, SIGHASH_SHA2_512, AUTH_RSASIG },
		{ "ecdsa", AUTHBY_BIT_ECDSA, 7, AUTH_ECDSA },
		{ "ecdsa-sha2", AUTHBY_BIT_ECDSA, 7, AUTH_ECDSA },
		{ "ecdsa-sha2_256", AUTHBY_BIT_ECDSA, SIGHASH_SHA2_256, AUTH_ECDSA },
		{ "ecdsa-sha2_384", AUTHBY_BIT_ECDSA, SIGHASH_SHA2_384, AUTH_ECDSA },
		{ "ecdsa-sha2_512", AUTHBY_BIT_ECDSA, SIGHASH_SHA2_512, AUTH_ECDSA },
	};

	*bits = *sighash = 0;
	*first = AUTH_UNSET;
	while (*s) {
		size_t n = strcspn(s, ", ");
		const char *w = s;
		bool found = false;
		s += n;
		s += strspn(s, ", ");
		if (n == 0)
			continue;
		if (n == 10 && strncmp(w, "ecdsa-sha1", 10) == 0) {
			*why = "authby=ecdsa cannot use sha1, only sha2";
			return -EINVAL;
		}
		for (unsigned i = 0; i < sizeof(methods) / sizeof(methods[0]) && !found; i++)
			if (strlen(methods[i].name) == n && strncmp(w, methods[i].name, n) == 0) {
				*bits |= methods[i].bits;
				*sighash |= methods[i].sighash;
				if (*first == AUTH_UNSET)
					*first = methods[i].method;
				found = true;
			}
		if (!found) {
			*why = "unknown authby= method (use rsasig, secret, null, never, ecdsa, rsa-sha1, rsa-sha2, ...)";
			return -EINVAL;
		}
	}
	if (*first == AUTH_UNSET) {
		*why = "empty authby=";
		return -EINVAL;
	}
	return 0;
}

int val_subnets(const char *s, struct ip_subnet *out, unsigned max, unsigned *n,
		unsigned *host_bits, const char **why)
{
	char one[64];

	*host_bits = 0;
	while (*s) {
		size_t len = strcspn(s, ", \t");
		bool hb;
		if (len) {
			if (len >= sizeof(one)) {
				*why = "not a subnet";
				return -EINVAL;
			}
			if (*n >= max) {
				*why = "too many subnets";
				return -EINVAL;
			}
			memcpy(one, s, len);
			one[len] = '\0';
			if (ip_subnet_parse_loose(one, &out[*n], &hb)) {
				*why = "not a subnet (expected an address or address/prefix)";
				return -EINVAL;
			}
			*host_bits += hb;
			(*n)++;
		}
		s += len;
		s += strspn(s, ", \t");
	}
	return 0;
}

int val_cidr(const char *s, struct ip_subnet *out, const char **why)
{
	bool hb;
	const char *slash = strchr(s, '/');
	struct ip_subnet sn;
	char a[64];
	size_t n = slash ? (size_t)(slash - s) : 0;

	if (!slash || n >= sizeof(a) || ip_subnet_parse_loose(s, &sn, &hb)) {
		*why = "expected address/prefix";
		return -EINVAL;
	}
	memcpy(a, s, n);
	a[n] = '\0';
	ip_addr_parse(a, &sn.addr); /* keep the host bits: it is an address */
	static const uint8_t zero[16];
	if (memcmp(sn.addr.bytes, zero, ip_addr_len(&sn.addr)) == 0) {
		*why = "the address must be specified";
		return -EINVAL;
	}
	*out = sn;
	return 0;
}
