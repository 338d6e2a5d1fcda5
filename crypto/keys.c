/* RSA and ECDSA keys: RFC 3110 blobs, SubjectPublicKeyInfo, PKCS#1, SEC 1 and
 * PKCS#8 private keys, CKAIDs and keyids (REFERENCE.md "Host keys"), generation. */
#include "crypto/keys_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base64.h"
#include "crypto/chunk.h"
#include "crypto/random.h"

const uint8_t oid_rsa_encryption[9] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
const uint8_t oid_rsassa_pss[9] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
const uint8_t oid_ec_public_key[7] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };

static const uint8_t oid_p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t oid_p384[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const uint8_t oid_p521[] = { 0x2b, 0x81, 0x04, 0x00, 0x23 };

static const struct ec_curve curves[] = {
	{ BR_EC_secp256r1, oid_p256, sizeof(oid_p256), 32, 256 },
	{ BR_EC_secp384r1, oid_p384, sizeof(oid_p384), 48, 384 },
	{ BR_EC_secp521r1, oid_p521, sizeof(oid_p521), 66, 521 },
};
#define NCURVES (sizeof(curves) / sizeof(curves[0]))

const struct ec_curve *ec_curve_by_id(int id)
{
	for (size_t i = 0; i < NCURVES; i++)
		if (curves[i].id == id)
			return &curves[i];
	return NULL;
}

const struct ec_curve *ec_curve_by_oid(const struct der *oid)
{
	for (size_t i = 0; i < NCURVES; i++)
		if (der_oid_is(oid, curves[i].oid, curves[i].oid_len))
			return &curves[i];
	return NULL;
}

const struct ec_curve *ec_curve_by_bits(unsigned bits)
{
	for (size_t i = 0; i < NCURVES; i++)
		if (curves[i].bits == bits)
			return &curves[i];
	return NULL;
}

static void sha1(const uint8_t *a, size_t alen, uint8_t out[CKAID_LEN])
{
	br_sha1_context ctx;
	br_sha1_init(&ctx);
	br_sha1_update(&ctx, a, alen);
	br_sha1_out(&ctx, out);
}

static void strip_zeros(const uint8_t **p, size_t *len)
{
	while (*len > 0 && (*p)[0] == 0) {
		(*p)++;
		(*len)--;
	}
}

/* RFC 3110: exponent length (1 byte, or 00 and 2 bytes), exponent, modulus. */
static size_t rfc3110_len(const struct pubkey *key)
{
	size_t elen = key->u.rsa.pk.elen;
	return (elen > 255 ? 3 : 1) + elen + key->u.rsa.pk.nlen;
}

static void rfc3110_write(const struct pubkey *key, uint8_t *out)
{
	size_t elen = key->u.rsa.pk.elen;

	if (elen > 255) {
		*out++ = 0;
		*out++ = (uint8_t)(elen >> 8);
	}
	*out++ = (uint8_t)elen;
	memcpy(out, key->u.rsa.pk.e, elen);
	memcpy(out + elen, key->u.rsa.pk.n, key->u.rsa.pk.nlen);
}

int pubkey_set_rsa(struct pubkey *key, const uint8_t *n, size_t nlen, const uint8_t *e,
		   size_t elen)
{
	uint8_t blob[16];
	char b64[BASE64_LEN(sizeof(blob)) + 1];
	unsigned bits;

	strip_zeros(&n, &nlen);
	strip_zeros(&e, &elen);
	if (nlen == 0 || nlen > RSA_MAX_BYTES || elen == 0 || elen > RSA_MAX_E_BYTES ||
	    !(n[nlen - 1] & 1) || !(e[elen - 1] & 1))
		return -EINVAL;
	bits = (unsigned)nlen * 8;
	for (uint8_t top = n[0]; !(top & 0x80); top <<= 1)
		bits--;
	if (bits < RSA_MIN_BITS)
		return -EINVAL;
	memset(key, 0, sizeof(*key));
	key->type = KEY_RSA;
	memcpy(key->u.rsa.n, n, nlen);
	memcpy(key->u.rsa.e, e, elen);
	key->u.rsa.pk = (br_rsa_public_key){ key->u.rsa.n, nlen, key->u.rsa.e, elen };
	sha1(n, nlen, key->ckaid);
	/* The keyid needs only the first 9 base64 characters: 7 bytes of the blob. */
	{
		size_t i = 0;
		blob[i++] = (uint8_t)elen;
		for (size_t j = 0; j < elen && i < sizeof(blob); j++)
			blob[i++] = e[j];
		for (size_t j = 0; j < nlen && i < sizeof(blob); j++)
			blob[i++] = n[j];
		base64_encode(blob, i, b64);
	}
	memcpy(key->keyid, b64, 9);
	key->keyid[9] = '\0';
	return 0;
}

int pubkey_set_ec(struct pubkey *key, const struct ec_curve *curve, const uint8_t *q,
		  size_t qlen)
{
	uint8_t check[EC_MAX_POINT];
	const br_ec_impl *ec = br_ec_get_default();
	char b64[BASE64_LEN(CKAID_LEN) + 1];
	int valid;

	if (!curve || qlen != 1 + 2 * curve->bytes || q[0] != 0x04)
		return -EINVAL;
	/* Multiplying by 1 makes BearSSL decode and check the point. */
	memcpy(check, q, qlen);
	valid = (int)ec->mul(check, qlen, (const uint8_t *)"\x01", 1, curve->id);
	if (!valid)
		return -EINVAL;
	memset(key, 0, sizeof(*key));
	key->type = KEY_ECDSA;
	memcpy(key->u.ec.q, q, qlen);
	key->u.ec.pk = (br_ec_public_key){ curve->id, key->u.ec.q, qlen };
	sha1(q, qlen, key->ckaid);
	base64_encode(key->ckaid, CKAID_LEN, b64);
	memcpy(key->keyid, b64, 9);
	key->keyid[9] = '\0';
	return 0;
}

static int new_pubkey(struct pubkey **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

static int finish(struct pubkey *key, int err, struct pubkey **out)
{
	if (err) {
		free(key);
		return err;
	}
	*out = key;
	return 0;
}

int pubkey_from_rfc3110(const uint8_t *blob, size_t len, struct pubkey **out)
{
	size_t elen, hdr = 1;
	struct pubkey *key;
	int err;

	if (len < 1)
		return -EINVAL;
	elen = blob[0];
	if (elen == 0) {
		if (len < 3)
			return -EINVAL;
		elen = (size_t)blob[1] << 8 | blob[2];
		hdr = 3;
	}
	if (elen == 0 || len - hdr <= elen)
		return -EINVAL;
	err = new_pubkey(&key);
	if (err)
		return err;
	err = pubkey_set_rsa(key, blob + hdr + elen, len - hdr - elen, blob + hdr, elen);
	return finish(key, err, out);
}

int pubkey_from_ecdsa_raw(const uint8_t *blob, size_t len, struct pubkey **out)
{
	uint8_t q[EC_MAX_POINT];
	const struct ec_curve *curve = NULL;
	struct pubkey *key;
	int err;

	/* X|Y as showhostkey prints it, or with the 04 prefix kept. */
	if (len % 2 == 1 && len > 1 && blob[0] == 0x04) {
		blob++;
		len--;
	}
	for (size_t i = 0; i < NCURVES; i++)
		if (len == 2 * curves[i].bytes)
			curve = &curves[i];
	if (!curve)
		return -EINVAL;
	q[0] = 0x04;
	memcpy(q + 1, blob, len);
	err = new_pubkey(&key);
	if (err)
		return err;
	err = pubkey_set_ec(key, curve, q, len + 1);
	return finish(key, err, out);
}

/* Reads SubjectPublicKeyInfo from a cursor into key. */
static int spki_parse(struct der *in, struct pubkey *key)
{
	struct der spki, alg, oid, params, bits;
	int err;

	if ((err = der_read(in, DER_SEQUENCE, &spki)) || (err = der_read(&spki, DER_SEQUENCE, &alg)) ||
	    (err = der_read(&alg, DER_OID, &oid)) || (err = der_read(&spki, DER_BIT_STRING, &bits)) ||
	    (err = der_end(&spki)))
		return -EINVAL;
	params = alg;
	if (bits.len < 1 || bits.ptr[0] != 0)
		return -EINVAL;
	bits.ptr++;
	bits.len--;
	if (der_oid_is(&oid, oid_rsa_encryption, sizeof(oid_rsa_encryption)) ||
	    der_oid_is(&oid, oid_rsassa_pss, sizeof(oid_rsassa_pss))) {
		struct der rsa, n, e;
		if (der_read(&bits, DER_SEQUENCE, &rsa) || der_end(&bits) ||
		    der_read_uint(&rsa, &n) || der_read_uint(&rsa, &e) || der_end(&rsa))
			return -EINVAL;
		return pubkey_set_rsa(key, n.ptr, n.len, e.ptr, e.len);
	}
	if (der_oid_is(&oid, oid_ec_public_key, sizeof(oid_ec_public_key))) {
		struct der curve;
		if (der_read(&params, DER_OID, &curve) || der_end(&params))
			return -EINVAL;
		return pubkey_set_ec(key, ec_curve_by_oid(&curve), bits.ptr, bits.len);
	}
	return -EINVAL;
}

int pubkey_from_spki(const uint8_t *der, size_t len, struct pubkey **out)
{
	struct der in = DER(der, len);
	struct pubkey *key;
	int err = new_pubkey(&key);

	if (err)
		return err;
	err = spki_parse(&in, key);
	if (!err && der_end(&in))
		err = -EINVAL;
	return finish(key, err, out);
}

enum key_type pubkey_type(const struct pubkey *key)
{
	return key->type;
}

const char *key_type_name(enum key_type type)
{
	return type == KEY_RSA ? "RSA" : "ECDSA";
}

const uint8_t *pubkey_ckaid(const struct pubkey *key)
{
	return key->ckaid;
}

const char *pubkey_keyid(const struct pubkey *key)
{
	return key->keyid;
}

size_t pubkey_sig_max(const struct pubkey *key)
{
	if (key->type == KEY_RSA)
		return key->u.rsa.pk.nlen;
	/* DER ECDSA-Sig-Value: sequence header, two INTEGERs with a sign byte each. */
	return 2 * ((key->u.ec.pk.qlen - 1) / 2) + 9;
}

unsigned pubkey_bits(const struct pubkey *key)
{
	if (key->type == KEY_RSA) {
		unsigned bits = (unsigned)key->u.rsa.pk.nlen * 8;
		for (uint8_t top = key->u.rsa.n[0]; !(top & 0x80); top <<= 1)
			bits--;
		return bits;
	}
	return ec_curve_by_id(key->u.ec.pk.curve)->bits;
}

bool pubkey_equal(const struct pubkey *a, const struct pubkey *b)
{
	if (a->type != b->type)
		return false;
	if (a->type == KEY_RSA)
		return a->u.rsa.pk.nlen == b->u.rsa.pk.nlen && a->u.rsa.pk.elen == b->u.rsa.pk.elen &&
		       !memcmp(a->u.rsa.n, b->u.rsa.n, a->u.rsa.pk.nlen) &&
		       !memcmp(a->u.rsa.e, b->u.rsa.e, a->u.rsa.pk.elen);
	return a->u.ec.pk.curve == b->u.ec.pk.curve && a->u.ec.pk.qlen == b->u.ec.pk.qlen &&
	       !memcmp(a->u.ec.q, b->u.ec.q, a->u.ec.pk.qlen);
}

int pubkey_dup(const struct pubkey *key, struct pubkey **out)
{
	struct pubkey *copy;
	int err = new_pubkey(&copy);

	if (err)
		return err;
	*copy = *key;
	/* The BearSSL views point into the copy's own arrays. */
	if (key->type == KEY_RSA) {
		copy->u.rsa.pk.n = copy->u.rsa.n;
		copy->u.rsa.pk.e = copy->u.rsa.e;
	} else {
		copy->u.ec.pk.q = copy->u.ec.q;
	}
	*out = copy;
	return 0;
}

int pubkey_blob(const struct pubkey *key, uint8_t **blob, size_t *len)
{
	if (key->type == KEY_RSA) {
		*len = rfc3110_len(key);
		*blob = malloc(*len);
		if (!*blob)
			return -ENOMEM;
		rfc3110_write(key, *blob);
		return 0;
	}
	*len = key->u.ec.pk.qlen - 1;
	*blob = malloc(*len);
	if (!*blob)
		return -ENOMEM;
	memcpy(*blob, key->u.ec.q + 1, *len);
	return 0;
}

static void spki_write(struct der_out *out, const struct pubkey *key)
{
	size_t spki = der_open(out, DER_SEQUENCE), alg = der_open(out, DER_SEQUENCE), bits;

	if (key->type == KEY_RSA) {
		der_put(out, DER_OID, oid_rsa_encryption, sizeof(oid_rsa_encryption));
		der_put(out, DER_NULL, NULL, 0);
		der_close(out, alg);
		bits = der_open(out, DER_BIT_STRING);
		der_put_raw(out, "", 1);
		size_t seq = der_open(out, DER_SEQUENCE);
		der_put_uint(out, key->u.rsa.n, key->u.rsa.pk.nlen);
		der_put_uint(out, key->u.rsa.e, key->u.rsa.pk.elen);
		der_close(out, seq);
	} else {
		const struct ec_curve *curve = ec_curve_by_id(key->u.ec.pk.curve);
		der_put(out, DER_OID, oid_ec_public_key, sizeof(oid_ec_public_key));
		der_put(out, DER_OID, curve->oid, curve->oid_len);
		der_close(out, alg);
		bits = der_open(out, DER_BIT_STRING);
		der_put_raw(out, "", 1);
		der_put_raw(out, key->u.ec.q, key->u.ec.pk.qlen);
	}
	der_close(out, bits);
	der_close(out, spki);
}

int pubkey_spki(const struct pubkey *key, uint8_t **der, size_t *len)
{
	struct der_out out = { 0 };

	spki_write(&out, key);
	return der_out_take(&out, der, len);
}

void pubkey_free(struct pubkey *key)
{
	free(key);
}

const struct pubkey *privkey_pub(const struct privkey *key)
{
	return &key->pub;
}

void privkey_free(struct privkey *key)
{
	if (!key)
		return;
	wipe(key, sizeof(*key));
	free(key);
}

/* Copies one CRT component into the key's buffer, advancing *at. */
static int put_component(struct privkey *key, size_t *at, const struct der *v, unsigned char **dst,
			 size_t *dst_len)
{
	if (v->len == 0 || v->len > RSA_MAX_BYTES || *at + v->len > sizeof(key->u.rsa.buf))
		return -EINVAL;
	memcpy(key->u.rsa.buf + *at, v->ptr, v->len);
	*dst = key->u.rsa.buf + *at;
	*dst_len = v->len;
	*at += v->len;
	return 0;
}

/* RSAPrivateKey (RFC 8017 A.1.2), two-prime only. */
static int rsa_private_parse(struct der *in, struct privkey *key)
{
	struct der seq, n, e, d, p, q, dp, dq, iq;
	uint32_t version;
	uint8_t check[RSA_MAX_BYTES];
	br_rsa_private_key *sk = &key->u.rsa.sk;
	size_t at = 0, nlen;
	int err;

	if (der_read(in, DER_SEQUENCE, &seq) || der_read_small(&seq, &version) || version != 0 ||
	    der_read_uint(&seq, &n) || der_read_uint(&seq, &e) || der_read_uint(&seq, &d) ||
	    der_read_uint(&seq, &p) || der_read_uint(&seq, &q) || der_read_uint(&seq, &dp) ||
	    der_read_uint(&seq, &dq) || der_read_uint(&seq, &iq) || der_end(&seq))
		return -EINVAL;
	err = pubkey_set_rsa(&key->pub, n.ptr, n.len, e.ptr, e.len);
	if (err)
		return err;
	if ((err = put_component(key, &at, &p, &sk->p, &sk->plen)) ||
	    (err = put_component(key, &at, &q, &sk->q, &sk->qlen)) ||
	    (err = put_component(key, &at, &dp, &sk->dp, &sk->dplen)) ||
	    (err = put_component(key, &at, &dq, &sk->dq, &sk->dqlen)) ||
	    (err = put_component(key, &at, &iq, &sk->iq, &sk->iqlen)) ||
	    (err = put_component(key, &at, &d, &key->u.rsa.d, &key->u.rsa.dlen)))
		return err;
	sk->n_bitlen = pubkey_bits(&key->pub);
	/* A damaged file must not give a key that signs garbage: p*q must be n. */
	nlen = br_rsa_compute_modulus_get_default()(NULL, sk);
	if (nlen != key->pub.u.rsa.pk.nlen)
		return -EINVAL;
	br_rsa_compute_modulus_get_default()(check, sk);
	err = memcmp(check, key->pub.u.rsa.n, nlen) ? -EINVAL : 0;
	wipe(check, sizeof(check));
	return err;
}

/* ECPrivateKey (RFC 5915); the curve comes from the PKCS#8 algorithm when the
 * structure itself omits it. */
static int ec_private_parse(struct der *in, const struct ec_curve *curve, struct privkey *key)
{
	struct der seq, x, params, pub, oid, bits;
	uint32_t version;
	bool has_params, has_pub;
	uint8_t q[BR_EC_KBUF_PUB_MAX_SIZE];
	br_ec_public_key pk;
	const br_ec_impl *ec = br_ec_get_default();
	int err;

	if (der_read(in, DER_SEQUENCE, &seq) || der_read_small(&seq, &version) || version != 1 ||
	    der_read(&seq, DER_OCTET_STRING, &x) ||
	    der_read_optional(&seq, DER_CONTEXT(0), &params, &has_params) ||
	    der_read_optional(&seq, DER_CONTEXT(1), &pub, &has_pub) || der_end(&seq))
		return -EINVAL;
	if (has_params) {
		const struct ec_curve *named;
		if (der_read(&params, DER_OID, &oid) || der_end(&params))
			return -EINVAL;
		named = ec_curve_by_oid(&oid);
		if (!named || (curve && curve != named))
			return -EINVAL;
		curve = named;
	}
	if (!curve || x.len != curve->bytes)
		return -EINVAL;
	memcpy(key->u.ec.x, x.ptr, x.len);
	key->u.ec.sk = (br_ec_private_key){ curve->id, key->u.ec.x, x.len };
	if (!br_ec_compute_pub(ec, &pk, q, &key->u.ec.sk))
		return -EINVAL;
	if (has_pub) {
		if (der_read(&pub, DER_BIT_STRING, &bits) || der_end(&pub) || bits.len < 1 ||
		    bits.ptr[0] != 0 || bits.len - 1 != pk.qlen || memcmp(bits.ptr + 1, q, pk.qlen))
			return -EINVAL;
	}
	err = pubkey_set_ec(&key->pub, curve, q, pk.qlen);
	return err;
}

/* PrivateKeyInfo / OneAsymmetricKey (RFC 5958), version 0 or 1. */
static int pkcs8_parse(struct der *in, struct privkey *key)
{
	struct der seq, alg, oid, inner;
	uint32_t version;

	if (der_read(in, DER_SEQUENCE, &seq) || der_read_small(&seq, &version) || version > 1 ||
	    der_read(&seq, DER_SEQUENCE, &alg) || der_read(&alg, DER_OID, &oid) ||
	    der_read(&seq, DER_OCTET_STRING, &inner))
		return -EINVAL;
	/* Attributes and the v2 public key may follow; neither is needed. */
	if (der_oid_is(&oid, oid_rsa_encryption, sizeof(oid_rsa_encryption)) ||
	    der_oid_is(&oid, oid_rsassa_pss, sizeof(oid_rsassa_pss))) {
		if (rsa_private_parse(&inner, key) || der_end(&inner))
			return -EINVAL;
		return 0;
	}
	if (der_oid_is(&oid, oid_ec_public_key, sizeof(oid_ec_public_key))) {
		struct der curve_oid;
		if (der_read(&alg, DER_OID, &curve_oid) || der_end(&alg))
			return -EINVAL;
		if (ec_private_parse(&inner, ec_curve_by_oid(&curve_oid), key) || der_end(&inner))
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

int privkey_from_der(const uint8_t *der, size_t len, struct privkey **out)
{
	struct privkey *key = calloc(1, sizeof(*key));
	int err = -EINVAL;

	if (!key)
		return -ENOMEM;
	/* PKCS#8 first (what the store writes), then PKCS#1 and SEC 1 bodies of
	 * "RSA PRIVATE KEY" and "EC PRIVATE KEY" files. */
	for (int form = 0; form < 3 && err; form++) {
		struct der in = DER(der, len);
		wipe(key, sizeof(*key));
		if (form == 0)
			err = pkcs8_parse(&in, key);
		else if (form == 1)
			err = rsa_private_parse(&in, key);
		else
			err = ec_private_parse(&in, NULL, key);
		if (!err && der_end(&in))
			err = -EINVAL;
	}
	if (err) {
		privkey_free(key);
		return -EINVAL;
	}
	*out = key;
	return 0;
}

int privkey_to_pkcs8(const struct privkey *key, uint8_t **der, size_t *len)
{
	struct der_out out = { 0 };
	size_t seq = der_open(&out, DER_SEQUENCE), alg, inner, body;

	der_put_small(&out, 0);
	alg = der_open(&out, DER_SEQUENCE);
	if (key->pub.type == KEY_RSA) {
		const br_rsa_private_key *sk = &key->u.rsa.sk;
		der_put(&out, DER_OID, oid_rsa_encryption, sizeof(oid_rsa_encryption));
		der_put(&out, DER_NULL, NULL, 0);
		der_close(&out, alg);
		inner = der_open(&out, DER_OCTET_STRING);
		body = der_open(&out, DER_SEQUENCE);
		der_put_small(&out, 0);
		der_put_uint(&out, key->pub.u.rsa.n, key->pub.u.rsa.pk.nlen);
		der_put_uint(&out, key->pub.u.rsa.e, key->pub.u.rsa.pk.elen);
		der_put_uint(&out, key->u.rsa.d, key->u.rsa.dlen);
		der_put_uint(&out, sk->p, sk->plen);
		der_put_uint(&out, sk->q, sk->qlen);
		der_put_uint(&out, sk->dp, sk->dplen);
		der_put_uint(&out, sk->dq, sk->dqlen);
		der_put_uint(&out, sk->iq, sk->iqlen);
	} else {
		const struct ec_curve *curve = ec_curve_by_id(key->u.ec.sk.curve);
		size_t pub;
		der_put(&out, DER_OID, oid_ec_public_key, sizeof(oid_ec_public_key));
		der_put(&out, DER_OID, curve->oid, curve->oid_len);
		der_close(&out, alg);
		inner = der_open(&out, DER_OCTET_STRING);
		body = der_open(&out, DER_SEQUENCE);
		der_put_small(&out, 1);
		der_put(&out, DER_OCTET_STRING, key->u.ec.x, key->u.ec.sk.xlen);
		pub = der_open(&out, DER_CONTEXT(1));
		size_t bits = der_open(&out, DER_BIT_STRING);
		der_put_raw(&out, "", 1);
		der_put_raw(&out, key->pub.u.ec.q, key->pub.u.ec.pk.qlen);
		der_close(&out, bits);
		der_close(&out, pub);
	}
	der_close(&out, body);
	der_close(&out, inner);
	der_close(&out, seq);
	return der_out_take(&out, der, len);
}

void keys_rng_init(br_hmac_drbg_context *rng)
{
	uint8_t seed[48];

	random_bytes(seed, sizeof(seed));
	br_hmac_drbg_init(rng, &br_sha256_vtable, seed, sizeof(seed));
	wipe(seed, sizeof(seed));
}

static int generate_rsa(unsigned bits, struct privkey *key)
{
	br_hmac_drbg_context rng;
	br_rsa_public_key pk;
	br_rsa_private_key *sk = &key->u.rsa.sk;
	uint8_t pub[BR_RSA_KBUF_PUB_SIZE(RSA_MAX_BITS)];
	size_t crt_len = BR_RSA_KBUF_PRIV_SIZE(bits), dlen;
	int err = 0;

	if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS)
		return -EINVAL;
	keys_rng_init(&rng);
	if (!br_rsa_keygen_get_default()(&rng.vtable, sk, key->u.rsa.buf, &pk, pub, bits, 65537)) {
		err = -EIO;
		goto out;
	}
	key->u.rsa.d = key->u.rsa.buf + crt_len;
	dlen = br_rsa_compute_privexp_get_default()(key->u.rsa.d, sk, 65537);
	if (dlen == 0) {
		err = -EIO;
		goto out;
	}
	key->u.rsa.dlen = dlen;
	err = pubkey_set_rsa(&key->pub, pk.n, pk.nlen, pk.e, pk.elen);
out:
	wipe(&rng, sizeof(rng));
	return err;
}

static int generate_ec(unsigned bits, struct privkey *key)
{
	const struct ec_curve *curve = ec_curve_by_bits(bits);
	const br_ec_impl *ec = br_ec_get_default();
	br_hmac_drbg_context rng;
	br_ec_public_key pk;
	uint8_t q[BR_EC_KBUF_PUB_MAX_SIZE];
	int err = 0;

	if (!curve)
		return -EINVAL;
	keys_rng_init(&rng);
	if (!br_ec_keygen(&rng.vtable, ec, &key->u.ec.sk, key->u.ec.x, curve->id) ||
	    !br_ec_compute_pub(ec, &pk, q, &key->u.ec.sk))
		err = -EIO;
	else
		err = pubkey_set_ec(&key->pub, curve, q, pk.qlen);
	wipe(&rng, sizeof(rng));
	return err;
}

int privkey_generate(enum key_type type, unsigned bits, struct privkey **out)
{
	struct privkey *key = calloc(1, sizeof(*key));
	int err;

	if (!key)
		return -ENOMEM;
	err = type == KEY_RSA ? generate_rsa(bits, key) : generate_ec(bits, key);
	if (err) {
		privkey_free(key);
		return err;
	}
	*out = key;
	return 0;
}
