#include "core/identity.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "core/ikev2.h"

static void from_addr(const struct ip_addr *a, struct ike_id *out)
{
	out->type = a->family == AF_INET6 ? IKE_ID_IPV6_ADDR : IKE_ID_IPV4_ADDR;
	out->len = ip_addr_len(a);
	memcpy(out->data, a->bytes, out->len);
}

int id_from_conn(const struct conn_id *id, const struct ip_addr *host, bool null_auth,
		 struct ike_id *out)
{
	memset(out, 0, sizeof(*out));
	switch (id->kind) {
	case ID_NONE:
	case ID_ANY:
		if (null_auth) {
			out->type = IKE_ID_NULL;
			return 0;
		}
		if (!host || !host->family)
			return -EINVAL;
		from_addr(host, out);
		return 0;
	case ID_NULL:
		out->type = IKE_ID_NULL;
		return 0;
	case ID_IPV4_ADDR:
		out->type = IKE_ID_IPV4_ADDR;
		break;
	case ID_IPV6_ADDR:
		out->type = IKE_ID_IPV6_ADDR;
		break;
	case ID_FQDN:
	case ID_DNS: /* a name without '@' that conn_add could not resolve: as a name */
		out->type = IKE_ID_FQDN;
		break;
	case ID_RFC822:
		out->type = IKE_ID_RFC822_ADDR;
		break;
	case ID_KEY_ID:
		out->type = IKE_ID_KEY_ID;
		break;
	default:
		/* Text DNs and %fromcert come with certificates. */
		return -EINVAL;
	}
	/* config/ already decoded the payload's bytes (address, name, key id). */
	if (!id->value || id->value_len == 0 || id->value_len > ID_MAX)
		return -EINVAL;
	out->len = id->value_len;
	memcpy(out->data, id->value, id->value_len);
	return 0;
}

void id_str(uint8_t type, const uint8_t *data, size_t len, char *buf, size_t buflen)
{
	struct ip_addr a = { 0 };
	size_t off = 0;

	switch (type) {
	case IKE_ID_IPV4_ADDR:
	case IKE_ID_IPV6_ADDR:
		if (len != (type == IKE_ID_IPV4_ADDR ? 4u : 16u))
			break;
		a.family = type == IKE_ID_IPV4_ADDR ? AF_INET : AF_INET6;
		memcpy(a.bytes, data, len);
		ip_addr_str(&a, buf, buflen);
		return;
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR:
		if (buflen < 2)
			break;
		if (type == IKE_ID_FQDN)
			buf[off++] = '@';
		/* Peer-supplied: printable ASCII only. */
		for (size_t i = 0; i < len && off + 1 < buflen; i++)
			buf[off++] = data[i] >= 0x20 && data[i] < 0x7f && data[i] != '\'' ? (char)data[i]
											  : '?';
		buf[off] = '\0';
		return;
	case IKE_ID_KEY_ID:
		off = (size_t)snprintf(buf, buflen, "@#");
		for (size_t i = 0; i < len && off + 3 <= buflen; i++)
			off += (size_t)snprintf(buf + off, buflen - off, "%02x", data[i]);
		return;
	case IKE_ID_NULL:
		snprintf(buf, buflen, "ID_NULL");
		return;
	}
	snprintf(buf, buflen, "<id type %u>", type);
}

bool id_matches(const struct conn_id *want, const struct ip_addr *host, const struct id_view *got)
{
	struct ike_id w;

	switch (want->kind) {
	case ID_ANY:
	case ID_FROMCERT:
		return true;
	case ID_NONE:
		if (!host || !host->family)
			return true; /* a template's peer: anyone (authentication decides) */
		break;
	case ID_NULL:
		return got->type == IKE_ID_NULL;
	default:
		break;
	}
	if (id_from_conn(want, host, false, &w) < 0)
		return false;
	if (w.type != got->type || w.len != got->len)
		return false;
	/* FQDNs compare without regard to case (RFC 4282 style names). */
	if (w.type == IKE_ID_FQDN || w.type == IKE_ID_RFC822_ADDR) {
		for (size_t i = 0; i < w.len; i++) {
			uint8_t a = w.data[i], b = got->data[i];
			if (a >= 'A' && a <= 'Z')
				a = (uint8_t)(a + 32);
			if (b >= 'A' && b <= 'Z')
				b = (uint8_t)(b + 32);
			if (a != b)
				return false;
		}
		return true;
	}
	return memcmp(w.data, got->data, w.len) == 0;
}

void id_to_conn_id(uint8_t type, const uint8_t *data, size_t len, char *buf, size_t buflen,
		   struct conn_id *out)
{
	id_str(type, data, len, buf, buflen);
	out->text = buf;
	out->value = data;
	out->value_len = len;
	switch (type) {
	case IKE_ID_IPV4_ADDR:
		out->kind = ID_IPV4_ADDR;
		break;
	case IKE_ID_IPV6_ADDR:
		out->kind = ID_IPV6_ADDR;
		break;
	case IKE_ID_FQDN:
		out->kind = ID_FQDN;
		break;
	case IKE_ID_RFC822_ADDR:
		out->kind = ID_RFC822;
		break;
	case IKE_ID_KEY_ID:
		out->kind = ID_KEY_ID;
		break;
	case IKE_ID_NULL:
		out->kind = ID_NULL;
		break;
	default:
		out->kind = ID_DER_ASN1_DN;
	}
}
