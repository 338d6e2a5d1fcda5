/* Identity text forms (Libreswan lib/libswan/id.c atoid(), read for behaviour). */
#include "config/id.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "config/encoding.h"

static bool dn_attr_char(char c, bool first)
{
	return isalpha((unsigned char)c) || (!first && (isdigit((unsigned char)c) || c == '-' || c == '.')) ||
	       (first && isdigit((unsigned char)c));
}

/* "C=CA, O=Org, CN=x" or "/C=CA/O=Org/CN=x": each part attribute=value, with
 * "\," and quoted values allowed in values. */
static bool dn_valid(const char *s)
{
	char sep = ',';

	if (*s == '/') {
		sep = '/';
		s++;
	}
	while (*s) {
		while (*s == ' ')
			s++;
		if (!dn_attr_char(*s, true))
			return false;
		while (dn_attr_char(*s, false))
			s++;
		while (*s == ' ')
			s++;
		if (*s++ != '=')
			return false;
		bool quoted = false;
		for (; *s && (quoted || (*s != sep && !(sep == ',' && *s == ';'))); s++) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				quoted = !quoted;
		}
		if (quoted)
			return false;
		if (*s)
			s++;
	}
	return true;
}

static bool hostname_valid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.' && *s != '_')
			return false;
	return true;
}

int id_parse(const char *text, struct conn_id *out, struct arena *a, const char **why)
{
	struct conn_id id = { ID_NONE, NULL, NULL, 0 };
	struct ip_addr ip;

	id.text = arena_strdup(a, text);
	if (!id.text)
		return -ENOMEM;
	if (!*text) {
		*why = "empty id";
		return -EINVAL;
	}
	if (strcmp(text, "%fromcert") == 0) {
		id.kind = ID_FROMCERT;
	} else if (strcmp(text, "%none") == 0) {
		id.kind = ID_NONE;
	} else if (strcmp(text, "%null") == 0) {
		id.kind = ID_NULL;
	} else if (strchr(text, '=')) {
		const char *dn = text[0] == '@' ? text + 1 : text;
		if (!dn_valid(dn)) {
			*why = "not a valid DN (expected attribute=value parts such as \"C=CA, O=Org, CN=name\")";
			return -EINVAL;
		}
		id.kind = ID_DER_ASN1_DN;
	} else if (strcmp(text, "%any") == 0 || strcmp(text, "0.0.0.0") == 0 ||
		   strcmp(text, "::") == 0) {
		id.kind = ID_ANY;
	} else if (!strchr(text, '@')) {
		if (ip_addr_parse(text, &ip) == 0) {
			uint8_t *v = arena_alloc(a, 16);
			if (!v)
				return -ENOMEM;
			memcpy(v, ip.bytes, 16);
			id.kind = ip.family == AF_INET ? ID_IPV4_ADDR : ID_IPV6_ADDR;
			id.value = v;
			id.value_len = ip_addr_len(&ip);
		} else if (strspn(text, "0123456789.") == strlen(text)) {
			*why = "not a valid IP address";
			return -EINVAL;
		} else if (text[0] == '%' || strchr(text, ':') || !hostname_valid(text)) {
			*why = "not an IP address, @FQDN, user@FQDN, DN or %fromcert/%any/%null";
			return -EINVAL;
		} else {
			id.kind = ID_DNS;
			id.value = (const uint8_t *)id.text;
			id.value_len = strlen(text);
		}
	} else if (strncmp(text, "@#", 2) == 0 || strncmp(text, "@~", 2) == 0) {
		uint8_t *v;
		size_t n;
		const char *hex = text + 2;
		if (data_decode(hex, strlen(hex), DATA_HEX, NULL, 0, &n, why))
			return -EINVAL;
		v = arena_alloc(a, n);
		if (!v)
			return -ENOMEM;
		data_decode(hex, strlen(hex), DATA_HEX, v, n, &n, why);
		id.kind = text[1] == '#' ? ID_KEY_ID : ID_DER_ASN1_DN;
		id.value = v;
		id.value_len = n;
	} else if (strncmp(text, "@[", 2) == 0) {
		size_t n = strlen(text + 2);
		if (n && text[2 + n - 1] == ']')
			n--;
		id.kind = ID_KEY_ID;
		id.value = (const uint8_t *)id.text + 2;
		id.value_len = n;
	} else if (text[0] == '@') {
		id.kind = ID_FQDN;
		id.value = (const uint8_t *)id.text + 1;
		id.value_len = strlen(text) - 1;
	} else {
		id.kind = ID_RFC822;
		id.value = (const uint8_t *)id.text;
		id.value_len = strlen(text);
	}
	*out = id;
	return 0;
}

bool id_is_any(const struct conn_id *id)
{
	static const uint8_t zero[16];

	switch (id->kind) {
	case ID_NONE:
	case ID_ANY:
		return true;
	case ID_IPV4_ADDR:
	case ID_IPV6_ADDR:
		return id->value && memcmp(id->value, zero, id->value_len) == 0;
	default:
		return false;
	}
}

/* Next DN part: attribute (case folded) and value, without surrounding spaces. */
static bool dn_next(const char **sp, char sep, const char **attr, size_t *alen,
		    const char **val, size_t *vlen)
{
	const char *s = *sp;
	bool quoted = false;

	while (*s == ' ' || *s == sep)
		s++;
	if (!*s)
		return false;
	*attr = s;
	while (*s && *s != '=' && *s != ' ')
		s++;
	*alen = (size_t)(s - *attr);
	while (*s == ' ' || *s == '=')
		s++;
	*val = s;
	for (; *s && (quoted || (*s != sep && !(sep == ',' && *s == ';'))); s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == '"')
			quoted = !quoted;
	}
	*vlen = (size_t)(s - *val);
	while (*vlen && (*val)[*vlen - 1] == ' ')
		(*vlen)--;
	*sp = s;
	return true;
}

static bool dn_same(const char *x, const char *y)
{
	char xs = ',', ys = ',';

	if (*x == '@')
		x++;
	if (*y == '@')
		y++;
	if (*x == '/')
		xs = '/';
	if (*y == '/')
		ys = '/';
	for (;;) {
		const char *xa, *xv, *ya, *yv;
		size_t xal, xvl, yal, yvl;
		bool xm = dn_next(&x, xs, &xa, &xal, &xv, &xvl);
		bool ym = dn_next(&y, ys, &ya, &yal, &yv, &yvl);
		if (!xm || !ym)
			return xm == ym;
		if (xal != yal || strncasecmp(xa, ya, xal) != 0 || xvl != yvl ||
		    memcmp(xv, yv, xvl) != 0)
			return false;
	}
}

static size_t strip_dots(const uint8_t *v, size_t n)
{
	while (n && v[n - 1] == '.')
		n--;
	return n;
}

bool id_same(const struct conn_id *x, const struct conn_id *y)
{
	size_t xn, yn;

	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case ID_NONE:
	case ID_NULL:
	case ID_ANY:
	case ID_FROMCERT:
		return true;
	case ID_FQDN:
	case ID_RFC822:
	case ID_DNS:
		xn = strip_dots(x->value, x->value_len);
		yn = strip_dots(y->value, y->value_len);
		return xn == yn && strncasecmp((const char *)x->value, (const char *)y->value, xn) == 0;
	case ID_DER_ASN1_DN:
		if (x->value || y->value)
			return x->value && y->value && x->value_len == y->value_len &&
			       memcmp(x->value, y->value, x->value_len) == 0;
		return dn_same(x->text, y->text);
	default:
		return x->value_len == y->value_len &&
		       memcmp(x->value, y->value, x->value_len) == 0;
	}
}
