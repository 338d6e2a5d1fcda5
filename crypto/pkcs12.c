/* PKCS#12 reader (see pkcs12.h). */
#include "crypto/pkcs12.h"

#include <bearssl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/ber.h"
#include "crypto/chunk.h"
#include "crypto/der.h"
#include "crypto/sighash.h"
#include "crypto/pbe.h"

/* 1.2.840.113549.1.7.N: data (1), encryptedData (6) */
static const uint8_t oid_pkcs7[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07 };
/* 1.2.840.113549.1.12.10.1.N: bag types */
static const uint8_t oid_bag[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01 };
/* 1.2.840.113549.1.9.N: friendlyName (20), localKeyID (21) */
static const uint8_t oid_pkcs9[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09 };
static const uint8_t oid_x509_cert[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x16, 0x01 };
static const uint8_t oid_sha1[] = { 0x2b, 0x0e, 0x03, 0x02, 0x1a };
/* 2.16.840.1.101.3.4.2.N: SHA-256 (1), SHA-384 (2), SHA-512 (3) */
static const uint8_t oid_sha2[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02 };

enum { BAG_KEY = 1, BAG_SHROUDED_KEY = 2, BAG_CERT = 3, BAG_SAFE_CONTENTS = 6 };
enum { MAX_NESTING = 4, MAX_BAGS = 64 };

/* The last component of oid if it is prefix.N with N < 128, else 0. */
static unsigned oid_suffix(const struct der *oid, const uint8_t *prefix, size_t len)
{
	if (oid->len != len + 1 || memcmp(oid->ptr, prefix, len) || oid->ptr[len] & 0x80)
		return 0;
	return oid->ptr[len];
}

struct parser {
	const char *password;
	struct pkcs12 *p12;
};

static int add_bag(struct parser *ps, struct pkcs12_bag **bag)
{
	struct pkcs12 *p12 = ps->p12;
	struct pkcs12_bag *bags;

	if (p12->n_bags >= MAX_BAGS)
		return -EINVAL;
	bags = realloc(p12->bags, (p12->n_bags + 1) * sizeof(*bags));
	if (!bags)
		return -ENOMEM;
	p12->bags = bags;
	*bag = &bags[p12->n_bags++];
	memset(*bag, 0, sizeof(**bag));
	return 0;
}

/* BMPString -> UTF-8 (NUL-terminated, malloc'ed). */
static int bmp_to_utf8(const struct der *bmp, char **out)
{
	char *s;
	size_t n = 0;

	if (bmp->len % 2)
		return -EINVAL;
	s = malloc(bmp->len / 2 * 4 + 1);
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < bmp->len; i += 2) {
		uint32_t c = (uint32_t)bmp->ptr[i] << 8 | bmp->ptr[i + 1];
		if (c >= 0xd800 && c < 0xdc00 && i + 3 < bmp->len) {
			uint32_t lo = (uint32_t)bmp->ptr[i + 2] << 8 | bmp->ptr[i + 3];
			if (lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		if (c == 0) {
			free(s);
			return -EINVAL;
		}
		if (c < 0x80) {
			s[n++] = (char)c;
		} else if (c < 0x800) {
			s[n++] = (char)(0xc0 | c >> 6);
			s[n++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			s[n++] = (char)(0xe0 | c >> 12);
			s[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			s[n++] = (char)(0x80 | (c & 0x3f));
		} else {
			s[n++] = (char)(0xf0 | c >> 18);
			s[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
			s[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			s[n++] = (char)(0x80 | (c & 0x3f));
		}
	}
	s[n] = '\0';
	*out = s;
	return 0;
}

static int parse_attributes(struct der attrs, struct pkcs12_bag *bag)
{
	while (attrs.len) {
		struct der attr, oid, values, v;
		unsigned which;
		if (der_read(&attrs, DER_SEQUENCE, &attr) || der_read(&attr, DER_OID, &oid) ||
		    der_read(&attr, DER_SET, &values) || der_end(&attr))
			return -EINVAL;
		which = oid_suffix(&oid, oid_pkcs9, sizeof(oid_pkcs9));
		if (which == 20 && !bag->friendly_name) {
			int err;
			if (der_read(&values, DER_BMP_STRING, &v))
				return -EINVAL;
			if ((err = bmp_to_utf8(&v, &bag->friendly_name)))
				return err;
		} else if (which == 21 && !bag->local_key_id) {
			if (der_read(&values, DER_OCTET_STRING, &v) || v.len == 0)
				return -EINVAL;
			bag->local_key_id = malloc(v.len);
			if (!bag->local_key_id)
				return -ENOMEM;
			memcpy(bag->local_key_id, v.ptr, v.len);
			bag->local_key_id_len = v.len;
		}
	}
	return 0;
}

static int parse_safe_contents(struct parser *ps, struct der in, int depth);

static int parse_bag(struct parser *ps, struct der bag_seq, int depth)
{
	struct der oid, value, inner, attrs;
	bool has_attrs;
	struct pkcs12_bag *bag;
	unsigned type;
	int err;

	if (der_read(&bag_seq, DER_OID, &oid) || der_read(&bag_seq, DER_CONTEXT(0), &value) ||
	    der_read_optional(&bag_seq, DER_SET, &attrs, &has_attrs) || der_end(&bag_seq))
		return -EINVAL;
	type = oid_suffix(&oid, oid_bag, sizeof(oid_bag));
	if (type == BAG_SAFE_CONTENTS)
		return parse_safe_contents(ps, value, depth + 1);
	if (type != BAG_KEY && type != BAG_SHROUDED_KEY && type != BAG_CERT)
		return 0; /* CRLs and secrets are not for us */
	if ((err = add_bag(ps, &bag)))
		return err;
	if (has_attrs && (err = parse_attributes(attrs, bag)))
		return err;
	if (type == BAG_KEY)
		return der_read_any(&value, NULL, NULL, &inner) || der_end(&value)
			       ? -EINVAL
			       : privkey_from_der(inner.ptr, inner.len, &bag->key);
	if (type == BAG_SHROUDED_KEY)
		return der_read_any(&value, NULL, NULL, &inner) || der_end(&value)
			       ? -EINVAL
			       : privkey_from_encrypted_der(inner.ptr, inner.len, ps->password,
							    &bag->key);
	{
		struct der cert_bag, cert_type, cert_value, cert;
		if (der_read(&value, DER_SEQUENCE, &cert_bag) || der_end(&value) ||
		    der_read(&cert_bag, DER_OID, &cert_type) ||
		    der_read(&cert_bag, DER_CONTEXT(0), &cert_value) || der_end(&cert_bag))
			return -EINVAL;
		if (!der_oid_is(&cert_type, oid_x509_cert, sizeof(oid_x509_cert)))
			return -ENOTSUP;
		if (der_read(&cert_value, DER_OCTET_STRING, &cert) || der_end(&cert_value) ||
		    cert.len == 0)
			return -EINVAL;
		bag->cert = malloc(cert.len);
		if (!bag->cert)
			return -ENOMEM;
		memcpy(bag->cert, cert.ptr, cert.len);
		bag->cert_len = cert.len;
	}
	return 0;
}

/* SafeContents: BER bytes from an OCTET STRING, or DER already normalised when
 * nested in a safeContents bag. */
static int parse_safe_contents(struct parser *ps, struct der in, int depth)
{
	struct der bags;
	int err = 0;

	if (depth > MAX_NESTING || der_read(&in, DER_SEQUENCE, &bags) || der_end(&in))
		return -EINVAL;
	while (bags.len && !err) {
		struct der bag;
		err = der_read(&bags, DER_SEQUENCE, &bag) ? -EINVAL : parse_bag(ps, bag, depth);
	}
	return err;
}

static int parse_safe_contents_ber(struct parser *ps, const uint8_t *ber, size_t len)
{
	uint8_t *der;
	size_t der_len;
	int err = ber_to_der(ber, len, &der, &der_len);

	if (err)
		return err;
	err = parse_safe_contents(ps, DER(der, der_len), 0);
	pbe_free(der, der_len);
	return err;
}

/* EncryptedData (RFC 5652 section 8) holding SafeContents. */
static int parse_encrypted(struct parser *ps, struct der content)
{
	struct der ed, eci, type, alg, data;
	uint32_t version;
	uint8_t *plain;
	size_t plain_len;
	int err;

	struct der_out chunks = { 0 };
	uint8_t *joined = NULL;
	size_t joined_len = 0;

	if (der_read(&content, DER_SEQUENCE, &ed) || der_end(&content) ||
	    der_read_small(&ed, &version) || der_read(&ed, DER_SEQUENCE, &eci) ||
	    der_read(&eci, DER_OID, &type) || der_read(&eci, DER_SEQUENCE, &alg))
		return -EINVAL;
	if (oid_suffix(&type, oid_pkcs7, sizeof(oid_pkcs7)) != 1)
		return -ENOTSUP;
	/* [0] IMPLICIT OCTET STRING, which BER may split into chunks. */
	if (der_peek(&eci) == DER_CONTEXT(0)) {
		struct der parts;
		if (der_read(&eci, DER_CONTEXT(0), &parts))
			return -EINVAL;
		while (parts.len) {
			struct der part;
			if (der_read(&parts, DER_OCTET_STRING, &part)) {
				der_out_free(&chunks);
				return -EINVAL;
			}
			der_put_raw(&chunks, part.ptr, part.len);
		}
		if ((err = der_out_take(&chunks, &joined, &joined_len)))
			return err;
		data = DER(joined, joined_len);
	} else if (der_read(&eci, DER_CONTEXT_PRIM(0), &data)) {
		return -EINVAL;
	}
	if (der_end(&eci)) {
		free(joined);
		return -EINVAL;
	}
	err = pbe_decrypt(&alg, ps->password, data.ptr, data.len, &plain, &plain_len);
	free(joined);
	if (err)
		return err;
	err = parse_safe_contents_ber(ps, plain, plain_len);
	pbe_free(plain, plain_len);
	/* Padding that happened to check out under a wrong password gives garbage. */
	return err == -EINVAL ? -EACCES : err;
}

static int parse_auth_safe(struct parser *ps, struct der in)
{
	struct der list;

	if (der_read(&in, DER_SEQUENCE, &list) || der_end(&in))
		return -EINVAL;
	while (list.len) {
		struct der ci, type, content, data;
		unsigned which;
		int err;
		if (der_read(&list, DER_SEQUENCE, &ci) || der_read(&ci, DER_OID, &type) ||
		    der_read(&ci, DER_CONTEXT(0), &content) || der_end(&ci))
			return -EINVAL;
		which = oid_suffix(&type, oid_pkcs7, sizeof(oid_pkcs7));
		if (which == 1) {
			if (der_read(&content, DER_OCTET_STRING, &data) || der_end(&content))
				return -EINVAL;
			err = parse_safe_contents_ber(ps, data.ptr, data.len);
		} else if (which == 6) {
			err = parse_encrypted(ps, content);
		} else {
			err = -ENOTSUP;
		}
		if (err)
			return err;
	}
	return 0;
}

/* MacData: HMAC over the AuthenticatedSafe with a PKCS#12-KDF key (ID 3). */
static int check_mac(struct der mac_data, const struct der *auth_safe, const char *password)
{
	struct der mac, alg, oid, digest, salt;
	uint32_t iterations = 1;
	enum sig_hash hash;
	const struct sighash *h;
	uint8_t key[64], want[64];
	uint8_t *pw;
	size_t pw_len;
	br_hmac_key_context kc;
	br_hmac_context hc;
	int err;

	if (der_read(&mac_data, DER_SEQUENCE, &mac) || der_read(&mac, DER_SEQUENCE, &alg) ||
	    der_read(&alg, DER_OID, &oid) || der_read(&mac, DER_OCTET_STRING, &digest) ||
	    der_end(&mac) || der_read(&mac_data, DER_OCTET_STRING, &salt))
		return -EINVAL;
	if (mac_data.len && (der_read_small(&mac_data, &iterations) || der_end(&mac_data)))
		return -EINVAL;
	if (der_oid_is(&oid, oid_sha1, sizeof(oid_sha1))) {
		hash = SIG_HASH_SHA1;
	} else {
		unsigned n = oid_suffix(&oid, oid_sha2, sizeof(oid_sha2));
		hash = n == 1 ? SIG_HASH_SHA256 : n == 2 ? SIG_HASH_SHA384 : n == 3 ? SIG_HASH_SHA512 : 0;
		if (!hash)
			return -ENOTSUP;
	}
	h = sighash_by_id(hash);
	if (digest.len != h->out_len || iterations == 0 || iterations > PBE_MAX_ITERATIONS)
		return -EINVAL;
	err = pkcs12_password(password, &pw, &pw_len);
	if (err)
		return err;
	err = -EACCES;
	/* Some writers derive the MAC key of an empty password from no bytes at all
	 * instead of 00 00; both are tried. */
	for (int attempt = 0; attempt < (password[0] ? 1 : 2) && err == -EACCES; attempt++) {
		int kerr = pkcs12_kdf(hash, pw, attempt ? 0 : pw_len, salt.ptr, salt.len, 3,
				      iterations, key, h->out_len);
		if (kerr) {
			err = kerr;
			break;
		}
		br_hmac_key_init(&kc, h->vtable, key, h->out_len);
		br_hmac_init(&hc, &kc, 0);
		br_hmac_update(&hc, auth_safe->ptr, auth_safe->len);
		br_hmac_out(&hc, want);
		if (memcmp(want, digest.ptr, h->out_len) == 0)
			err = 0;
	}
	pbe_free(pw, pw_len);
	wipe(key, sizeof(key));
	wipe(&kc, sizeof(kc));
	wipe(&hc, sizeof(hc));
#ifdef IPSEC_FUZZING
	/* Mutated files never carry a valid MAC: let the fuzzer past it to the bags. */
	if (err == -EACCES)
		err = 0;
#endif
	return err;
}

void pkcs12_free(struct pkcs12 *p12)
{
	if (!p12)
		return;
	for (size_t i = 0; i < p12->n_bags; i++) {
		privkey_free(p12->bags[i].key);
		free(p12->bags[i].cert);
		free(p12->bags[i].friendly_name);
		free(p12->bags[i].local_key_id);
	}
	free(p12->bags);
	free(p12);
}

int pkcs12_parse(const uint8_t *ber, size_t ber_len, const char *password, struct pkcs12 **out)
{
	struct der in, pfx, auth, type, content, data, mac_data;
	struct parser ps = { password, NULL };
	uint8_t *der = NULL, *safe = NULL;
	size_t len, safe_len = 0;
	uint32_t version;
	bool has_mac;
	int err = ber_to_der(ber, ber_len, &der, &len);

	if (err)
		return err;
	in = DER(der, len);
	err = -EINVAL;
	if (der_read(&in, DER_SEQUENCE, &pfx) || der_end(&in) || der_read_small(&pfx, &version) ||
	    version != 3 || der_read(&pfx, DER_SEQUENCE, &auth) ||
	    der_read_optional(&pfx, DER_SEQUENCE, &mac_data, &has_mac) || der_end(&pfx) ||
	    der_read(&auth, DER_OID, &type) || der_read(&auth, DER_CONTEXT(0), &content) ||
	    der_end(&auth))
		goto out;
	if (oid_suffix(&type, oid_pkcs7, sizeof(oid_pkcs7)) != 1) {
		err = -ENOTSUP; /* public-key integrity mode */
		goto out;
	}
	if (der_read(&content, DER_OCTET_STRING, &data) || der_end(&content))
		goto out;
	/* The MAC covers the OCTET STRING's bytes as they are, BER and all. */
	if (has_mac && (err = check_mac(mac_data, &data, password)))
		goto out;
	if ((err = ber_to_der(data.ptr, data.len, &safe, &safe_len)))
		goto out;
	ps.p12 = calloc(1, sizeof(*ps.p12));
	if (!ps.p12) {
		err = -ENOMEM;
		goto out;
	}
	err = parse_auth_safe(&ps, DER(safe, safe_len));
	if (err) {
		pkcs12_free(ps.p12);
		goto out;
	}
	*out = ps.p12;
out:
	free(safe);
	free(der);
	return err;
}
