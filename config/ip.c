/* Addresses and subnets: text to binary and back (inet_pton/inet_ntop do the
 * address syntax; inet_ntop already writes RFC 5952 form). */
#include "config/ip.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int ip_addr_parse(const char *text, struct ip_addr *out)
{
	struct ip_addr a = { 0 };

	if (!text || !*text)
		return -EINVAL;
	if (strchr(text, ':')) {
		if (inet_pton(AF_INET6, text, a.bytes) != 1)
			return -EINVAL;
		a.family = AF_INET6;
	} else {
		if (inet_pton(AF_INET, text, a.bytes) != 1)
			return -EINVAL;
		a.family = AF_INET;
	}
	*out = a;
	return 0;
}

size_t ip_addr_len(const struct ip_addr *a)
{
	return a->family == AF_INET ? 4 : a->family == AF_INET6 ? 16 : 0;
}

bool ip_addr_eq(const struct ip_addr *a, const struct ip_addr *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, ip_addr_len(a)) == 0;
}

/* Splits "addr/prefix"; a bare address means the full length. */
static int subnet_split(const char *text, struct ip_subnet *out)
{
	char addr[IP_STR_MAX];
	const char *slash = strchr(text, '/');
	size_t alen = slash ? (size_t)(slash - text) : strlen(text);
	unsigned long prefix;
	char *end;

	if (alen == 0 || alen >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	if (ip_addr_parse(addr, &out->addr))
		return -EINVAL;
	if (!slash) {
		out->prefix = (uint8_t)(ip_addr_len(&out->addr) * 8);
		return 0;
	}
	if (slash[1] < '0' || slash[1] > '9')
		return -EINVAL;
	errno = 0;
	prefix = strtoul(slash + 1, &end, 10);
	if (errno || *end || prefix > ip_addr_len(&out->addr) * 8)
		return -EINVAL;
	out->prefix = (uint8_t)prefix;
	return 0;
}

/* Clears the host bits; returns true when some were set. */
bool ip_subnet_clear_host_bits(struct ip_subnet *s)
{
	bool had = false;
	size_t len = ip_addr_len(&s->addr);

	for (size_t i = 0; i < len; i++) {
		unsigned keep = s->prefix >= (i + 1) * 8 ? 8 : s->prefix > i * 8 ? s->prefix - i * 8 : 0;
		uint8_t mask = (uint8_t)(0xffu >> keep);
		if (s->addr.bytes[i] & mask) {
			had = true;
			s->addr.bytes[i] &= (uint8_t)~mask;
		}
	}
	return had;
}

int ip_subnet_parse(const char *text, struct ip_subnet *out)
{
	struct ip_subnet s;

	if (!text || subnet_split(text, &s))
		return -EINVAL;
	if (ip_subnet_clear_host_bits(&s))
		return -EINVAL;
	*out = s;
	return 0;
}

int ip_subnet_parse_loose(const char *text, struct ip_subnet *out, bool *host_bits)
{
	struct ip_subnet s;

	if (!text || subnet_split(text, &s))
		return -EINVAL;
	*host_bits = ip_subnet_clear_host_bits(&s);
	*out = s;
	return 0;
}

char *ip_addr_str(const struct ip_addr *a, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	if (!a->family || !inet_ntop(a->family, a->bytes, buf, (socklen_t)len))
		snprintf(buf, len, "%s", a->family ? "?" : "<unset>");
	return buf;
}

char *ip_subnet_str(const struct ip_subnet *s, char *buf, size_t len)
{
	char a[IP_STR_MAX];

	snprintf(buf, len, "%s/%u", ip_addr_str(&s->addr, a, sizeof(a)), s->prefix);
	return buf;
}
