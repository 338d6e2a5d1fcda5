/* X.509 parsing, DN text and chain validation (see x509.h). */
#include "crypto/x509.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/keys_impl.h"

struct cert {
	uint8_t *der;
	size_t len;
	struct der issuer, subject, extensions; /* windows into der */
	struct pubkey *pub;
	bool is_ca;
};

static const uint8_t oid_basic_constraints[] = { 0x55, 0x1d, 0x13 };
static const uint8_t oid_subject_alt_name[] = { 0x55, 0x1d, 0x11 };

static int parse_extensions(struct cert *cert, struct der exts)
{
	struct der list;

	if (der_read(&exts, DER_SEQUENCE, &list) || der_end(&exts))
		return -EINVAL;
	while (list.len) {
		struct der ext, oid, value, crit;
		bool has_crit;
		if (der_read(&list, DER_SEQUENCE, &ext) || der_read(&ext, DER_OID, &oid) ||
		    der_read_optional(&ext, DER_BOOLEAN, &crit, &has_crit) ||
		    der_read(&ext, DER_OCTET_STRING, &value) || der_end(&ext))
			return -EINVAL;
		if (der_oid_is(&oid, oid_basic_constraints, sizeof(oid_basic_constraints))) {
			struct der bc, ca;
			bool has_ca;
			if (der_read(&value, DER_SEQUENCE, &bc) ||
			    der_read_optional(&bc, DER_BOOLEAN, &ca, &has_ca))
				return -EINVAL;
			cert->is_ca = has_ca && ca.len == 1 && ca.ptr[0] != 0;
		} else if (der_oid_is(&oid, oid_subject_alt_name, sizeof(oid_subject_alt_name))) {
			if (der_read(&value, DER_SEQUENCE, &cert->extensions) || der_end(&value))
				return -EINVAL;
		}
	}
	return 0;
}

static int parse(struct cert *cert)
{
	struct der in = DER(cert->der, cert->len), c, tbs, skip, spki_whole, exts;
	bool present;
	int err;

	if (der_read(&in, DER_SEQUENCE, &c) || der_end(&in) || der_read(&c, DER_SEQUENCE, &tbs) ||
	    der_read_optional(&tbs, DER_CONTEXT(0), &skip, &present) ||
	    der_read(&tbs, DER_INTEGER, &skip) || der_read(&tbs, DER_SEQUENCE, &skip) ||
	    der_read_any(&tbs, NULL, NULL, &cert->issuer) || der_read(&tbs, DER_SEQUENCE, &skip) ||
	    der_read_any(&tbs, NULL, NULL, &cert->subject))
		return -EINVAL;
	if (cert->issuer.ptr[0] != DER_SEQUENCE || cert->subject.ptr[0] != DER_SEQUENCE)
		return -EINVAL;
	if (der_read_any(&tbs, NULL, NULL, &spki_whole) ||
	    der_read_optional(&tbs, DER_CONTEXT_PRIM(1), &skip, &present) ||
	    der_read_optional(&tbs, DER_CONTEXT_PRIM(2), &skip, &present) ||
	    der_read_optional(&tbs, DER_CONTEXT(3), &exts, &present) || der_end(&tbs))
		return -EINVAL;
	if (present && (err = parse_extensions(cert, exts)))
		return err;
	err = pubkey_from_spki(spki_whole.ptr, spki_whole.len, &cert->pub);
	if (err == -ENOMEM)
		return err;
	return 0;
}

int cert_from_der(const uint8_t *der, size_t len, struct cert **out)
{
	struct cert *cert = calloc(1, sizeof(*cert));
	int err;

	if (!cert)
		return -ENOMEM;
	cert->der = malloc(len ? len : 1);
	if (!cert->der) {
		free(cert);
		return -ENOMEM;
	}
	memcpy(cert->der, der, len);
	cert->len = len;
	err = parse(cert);
	if (err) {
		cert_free(cert);
		return err;
	}
	*out = cert;
	return 0;
}

void cert_free(struct cert *cert)
{
	if (!cert)
		return;
	pubkey_free(cert->pub);
	free(cert->der);
	free(cert);
}

const uint8_t *cert_der(const struct cert *cert, size_t *len)
{
	*len = cert->len;
	return cert->der;
}

const struct pubkey *cert_pubkey(const struct cert *cert)
{
	return cert->pub;
}

bool cert_is_ca(const struct cert *cert)
{
	return cert->is_ca;
}

const uint8_t *cert_subject(const struct cert *cert, size_t *len)
{
	*len = cert->subject.len;
	return cert->subject.ptr;
}

const uint8_t *cert_issuer(const struct cert *cert, size_t *len)
{
	*len = cert->issuer.len;
	return cert->issuer.ptr;
}

int cert_san(const struct cert *cert, size_t i, enum san_type *type, const uint8_t **val,
	     size_t *len)
{
	struct der names = cert->extensions;

	while (names.len) {
		uint8_t tag;
		struct der v;
		unsigned kind;
		if (der_read_any(&names, &tag, &v, NULL))
			return -ENOENT;
		kind = tag & 0x1f;
		if ((tag & 0xc0) != 0x80 || !(kind == SAN_EMAIL || kind == SAN_DNS || kind == SAN_DN ||
					      kind == SAN_URI || kind == SAN_IP))
			continue;
		if (i-- > 0)
			continue;
		*type = (enum san_type)kind;
		*val = v.ptr;
		*len = v.len;
		return 0;
	}
	return -ENOENT;
}

/* Short names Libreswan prints (lib/libswan/x509dn.c); contents of the OID. */
static const struct {
	const char *name;
	uint8_t oid[12];
	uint8_t len;
} attr_names[] = {
	{ "CN", { 0x55, 0x04, 0x03 }, 3 },
	{ "S", { 0x55, 0x04, 0x04 }, 3 },
	{ "SN", { 0x55, 0x04, 0x05 }, 3 },
	{ "C", { 0x55, 0x04, 0x06 }, 3 },
	{ "L", { 0x55, 0x04, 0x07 }, 3 },
	{ "ST", { 0x55, 0x04, 0x08 }, 3 },
	{ "O", { 0x55, 0x04, 0x0a }, 3 },
	{ "OU", { 0x55, 0x04, 0x0b }, 3 },
	{ "T", { 0x55, 0x04, 0x0c }, 3 },
	{ "D", { 0x55, 0x04, 0x0d }, 3 },
	{ "N", { 0x55, 0x04, 0x29 }, 3 },
	{ "G", { 0x55, 0x04, 0x2a }, 3 },
	{ "I", { 0x55, 0x04, 0x2b }, 3 },
	{ "ID", { 0x55, 0x04, 0x2d }, 3 },
	{ "E", { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01 }, 9 },
	{ "UN", { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x02 }, 9 },
	{ "DC", { 0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19 }, 10 },
	{ "UID", { 0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01 }, 10 },
	{ "ND", { 0x02, 0x82, 0x06, 0x01, 0x0a, 0x07, 0x14 }, 7 },
	{ "TCGID", { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x89, 0x31, 0x01, 0x01, 0x02, 0x02, 0x4b }, 12 },
};

struct text {
	char *buf;
	size_t cap, len;
};

static void put(struct text *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, t->len++)
		if (t->len + 1 < t->cap)
			t->buf[t->len] = s[i];
}

static void putf_hex(struct text *t, const char *fmt, unsigned v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), fmt, v);
	put(t, tmp, (size_t)n);
}

static int put_oid(struct text *t, const struct der *oid)
{
	unsigned long v = 0;
	char tmp[32];

	if (oid->len == 0 || oid->ptr[oid->len - 1] & 0x80)
		return -EINVAL;
	put(t, tmp, (size_t)snprintf(tmp, sizeof(tmp), "%u.%u", oid->ptr[0] / 40, oid->ptr[0] % 40));
	for (size_t i = 1; i < oid->len; i++) {
		if (v > (~0UL >> 7))
			return -EINVAL;
		v = v << 7 | (oid->ptr[i] & 0x7f);
		if (!(oid->ptr[i] & 0x80)) {
			put(t, tmp, (size_t)snprintf(tmp, sizeof(tmp), ".%lu", v));
			v = 0;
		}
	}
	return 0;
}

/* RFC 4514 value escaping as Libreswan does it for display. */
static void put_value(struct text *t, const struct der *v)
{
	const uint8_t *p = v->ptr, *end = v->ptr + v->len;
	bool trailing_space = false;

	if (p < end && (*p == ' ' || *p == '#')) {
		put(t, "\\", 1);
		put(t, (const char *)p++, 1);
	}
	if (p < end && end[-1] == ' ') {
		trailing_space = true;
		end--;
	}
	for (; p < end; p++) {
		uint8_t c = *p;
		if (c == '\\' || c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>') {
			put(t, "\\", 1);
			put(t, (const char *)p, 1);
		} else if (c < 0x20 || c > 0x7e) {
			putf_hex(t, "\\%02X", c);
		} else {
			put(t, (const char *)p, 1);
		}
	}
	if (trailing_space)
		put(t, "\\ ", 2);
}

int dn_to_text(const uint8_t *dn, size_t len, char *buf, size_t cap)
{
	struct der in = DER(dn, len), rdns;
	struct text t = { buf, cap, 0 };
	bool first = true;

	if (der_read(&in, DER_SEQUENCE, &rdns) || der_end(&in))
		return -EINVAL;
	while (rdns.len) {
		struct der set;
		if (der_read(&rdns, DER_SET, &set) || set.len == 0)
			return -EINVAL;
		while (set.len) {
			struct der atv, oid, value, ber;
			uint8_t tag;
			size_t k;
			if (der_read(&set, DER_SEQUENCE, &atv) || der_read(&atv, DER_OID, &oid) ||
			    der_read_any(&atv, &tag, &value, &ber) || der_end(&atv))
				return -EINVAL;
			if (!first)
				put(&t, ", ", 2);
			first = false;
			for (k = 0; k < sizeof(attr_names) / sizeof(attr_names[0]); k++)
				if (der_oid_is(&oid, attr_names[k].oid, attr_names[k].len))
					break;
			if (k == sizeof(attr_names) / sizeof(attr_names[0])) {
				if (put_oid(&t, &oid))
					return -EINVAL;
				put(&t, "=#", 2);
				for (size_t i = 0; i < ber.len; i++)
					putf_hex(&t, "%02X", ber.ptr[i]);
				continue;
			}
			put(&t, attr_names[k].name, strlen(attr_names[k].name));
			put(&t, "=", 1);
			put_value(&t, &value);
		}
	}
	if (cap)
		buf[t.len < cap ? t.len : cap - 1] = '\0';
	if (t.len >= cap)
		return -ENOSPC;
	return (int)t.len;
}

static void set_anchor_key(br_x509_pkey *pk, const struct pubkey *key)
{
	if (key->type == KEY_RSA) {
		pk->key_type = BR_KEYTYPE_RSA;
		pk->key.rsa = key->u.rsa.pk;
	} else {
		pk->key_type = BR_KEYTYPE_EC;
		pk->key.ec = key->u.ec.pk;
	}
}

static const char *reason(int err)
{
	switch (err) {
	case BR_ERR_X509_EXPIRED:
		return "certificate expired or not yet valid";
	case BR_ERR_X509_NOT_TRUSTED:
		return "issuer not trusted (no matching CA certificate)";
	case BR_ERR_X509_BAD_SIGNATURE:
		return "bad certificate signature";
	case BR_ERR_X509_NOT_CA:
		return "issuer is not a CA";
	case BR_ERR_X509_CRITICAL_EXTENSION:
		return "unsupported critical extension";
	case BR_ERR_X509_UNSUPPORTED:
	case BR_ERR_X509_WEAK_PUBLIC_KEY:
		return "unsupported or weak algorithm";
	default:
		return "malformed certificate chain";
	}
}

int x509_verify_chain(const struct cert *const *chain, size_t n,
		      const struct cert *const *anchors, size_t n_anchors, time_t now,
		      const char **why)
{
	br_x509_minimal_context ctx;
	br_x509_trust_anchor *tas;
	size_t nta = 0;
	int err;

	*why = "empty certificate chain";
	if (n == 0)
		return -EACCES;
	tas = calloc(n_anchors ? n_anchors : 1, sizeof(*tas));
	if (!tas)
		return -ENOMEM;
	for (size_t i = 0; i < n_anchors; i++) {
		if (!anchors[i]->pub)
			continue;
		tas[nta].dn.data = (unsigned char *)anchors[i]->subject.ptr;
		tas[nta].dn.len = anchors[i]->subject.len;
		tas[nta].flags = BR_X509_TA_CA;
		set_anchor_key(&tas[nta].pkey, anchors[i]->pub);
		nta++;
	}
	br_x509_minimal_init(&ctx, &br_sha256_vtable, tas, nta);
	br_x509_minimal_set_hash(&ctx, br_sha1_ID, &br_sha1_vtable);
	br_x509_minimal_set_hash(&ctx, br_sha224_ID, &br_sha224_vtable);
	br_x509_minimal_set_hash(&ctx, br_sha256_ID, &br_sha256_vtable);
	br_x509_minimal_set_hash(&ctx, br_sha384_ID, &br_sha384_vtable);
	br_x509_minimal_set_hash(&ctx, br_sha512_ID, &br_sha512_vtable);
	br_x509_minimal_set_rsa(&ctx, br_rsa_pkcs1_vrfy_get_default());
	br_x509_minimal_set_ecdsa(&ctx, br_ec_get_default(), br_ecdsa_vrfy_asn1_get_default());
	/* BearSSL counts days from 1 January of year 0; 719528 days to 1970. */
	br_x509_minimal_set_time(&ctx, (uint32_t)(now / 86400 + 719528), (uint32_t)(now % 86400));
	ctx.vtable->start_chain(&ctx.vtable, NULL);
	for (size_t i = 0; i < n; i++) {
		ctx.vtable->start_cert(&ctx.vtable, (uint32_t)chain[i]->len);
		ctx.vtable->append(&ctx.vtable, chain[i]->der, chain[i]->len);
		ctx.vtable->end_cert(&ctx.vtable);
	}
	err = (int)ctx.vtable->end_chain(&ctx.vtable);
	free(tas);
	if (err) {
		*why = reason(err);
		return -EACCES;
	}
	*why = NULL;
	return 0;
}
