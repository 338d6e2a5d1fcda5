/* Password-based key derivation and encryption (see pbe.h). */
#include "crypto/pbe.h"

#include <bearssl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/chunk.h"
#include "crypto/sighash.h"
#include "crypto/random.h"
#include "crypto/rc2.h"

static const uint8_t oid_pbes2[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d };
static const uint8_t oid_pbkdf2[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c };
/* 1.2.840.113549.1.12.1.N, N in the last byte */
static const uint8_t oid_pkcs12_pbe[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01 };
/* 1.2.840.113549.2.N: hmacWithSHA1 (7), SHA256 (9), SHA384 (10), SHA512 (11) */
static const uint8_t oid_hmac[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02 };
/* 2.16.840.1.101.3.4.1.N: AES-128-CBC (2), AES-192-CBC (22), AES-256-CBC (42) */
static const uint8_t oid_aes[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01 };
static const uint8_t oid_des_ede3_cbc[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x07 };

int pbkdf2(enum sig_hash prf, const uint8_t *pw, size_t pw_len, const uint8_t *salt,
	   size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
	const struct sighash *h = sighash_by_id(prf);
	br_hmac_key_context kc;
	br_hmac_context hc;
	uint8_t u[64], t[64];

	if (!h || iterations == 0)
		return -EINVAL;
	br_hmac_key_init(&kc, h->vtable, pw, pw_len);
	for (uint32_t block = 1; out_len > 0; block++) {
		uint8_t be[4] = { (uint8_t)(block >> 24), (uint8_t)(block >> 16),
				  (uint8_t)(block >> 8), (uint8_t)block };
		size_t n = out_len < h->out_len ? out_len : h->out_len;

		br_hmac_init(&hc, &kc, 0);
		br_hmac_update(&hc, salt, salt_len);
		br_hmac_update(&hc, be, sizeof(be));
		br_hmac_out(&hc, u);
		memcpy(t, u, h->out_len);
		for (uint32_t i = 1; i < iterations; i++) {
			br_hmac_init(&hc, &kc, 0);
			br_hmac_update(&hc, u, h->out_len);
			br_hmac_out(&hc, u);
			for (size_t j = 0; j < h->out_len; j++)
				t[j] ^= u[j];
		}
		memcpy(out, t, n);
		out += n;
		out_len -= n;
	}
	wipe(&kc, sizeof(kc));
	wipe(&hc, sizeof(hc));
	wipe(u, sizeof(u));
	wipe(t, sizeof(t));
	return 0;
}

/* I = I + B + 1 over one v-byte block, big-endian. */
static void add_block(uint8_t *block, const uint8_t *b, size_t v)
{
	unsigned carry = 1;

	for (size_t k = v; k-- > 0;) {
		carry += (unsigned)block[k] + b[k];
		block[k] = (uint8_t)carry;
		carry >>= 8;
	}
}

int pkcs12_kdf(enum sig_hash hash, const uint8_t *pw, size_t pw_len, const uint8_t *salt,
	       size_t salt_len, uint8_t id, uint32_t iterations, uint8_t *out, size_t out_len)
{
	const struct sighash *h = sighash_by_id(hash);
	size_t v, s_len, p_len, i_len;
	uint8_t d[128], a[64], b[128];
	uint8_t *ibuf;
	br_hash_compat_context ctx;

	if (!h || iterations == 0)
		return -EINVAL;
	v = h->block_len;
	s_len = v * ((salt_len + v - 1) / v);
	p_len = v * ((pw_len + v - 1) / v);
	i_len = s_len + p_len;
	ibuf = malloc(i_len ? i_len : 1);
	if (!ibuf)
		return -ENOMEM;
	memset(d, id, v);
	for (size_t k = 0; k < s_len; k++)
		ibuf[k] = salt[k % salt_len];
	for (size_t k = 0; k < p_len; k++)
		ibuf[s_len + k] = pw[k % pw_len];
	while (out_len > 0) {
		size_t n = out_len < h->out_len ? out_len : h->out_len;

		h->vtable->init(&ctx.vtable);
		h->vtable->update(&ctx.vtable, d, v);
		h->vtable->update(&ctx.vtable, ibuf, i_len);
		h->vtable->out(&ctx.vtable, a);
		for (uint32_t r = 1; r < iterations; r++)
			sighash_compute(h, a, h->out_len, a);
		memcpy(out, a, n);
		out += n;
		out_len -= n;
		if (out_len == 0)
			break;
		for (size_t k = 0; k < v; k++)
			b[k] = a[k % h->out_len];
		for (size_t k = 0; k < i_len; k += v)
			add_block(ibuf + k, b, v);
	}
	wipe(ibuf, i_len);
	free(ibuf);
	wipe(a, sizeof(a));
	wipe(b, sizeof(b));
	wipe(&ctx, sizeof(ctx));
	return 0;
}

int pkcs12_password(const char *utf8, uint8_t **out, size_t *out_len)
{
	size_t len = strlen(utf8), n = 0;
	uint8_t *bmp;
	const uint8_t *p = (const uint8_t *)utf8;

	/* Each byte gives at most one UTF-16 unit; 4-byte sequences give two. */
	bmp = malloc(2 * len + 2);
	if (!bmp)
		return -ENOMEM;
	for (size_t i = 0; i < len;) {
		uint32_t c = p[i];
		size_t extra = 0;

		if (c >= 0xc0 && c < 0xf8) {
			size_t want = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
			uint32_t v = c & (0x3fu >> want);
			bool ok = i + want < len;
			for (size_t k = 1; ok && k <= want; k++) {
				ok = (p[i + k] & 0xc0) == 0x80;
				v = v << 6 | (p[i + k] & 0x3f);
			}
			/* Not UTF-8: the byte stands for itself (Latin-1). */
			if (ok) {
				c = v;
				extra = want;
			}
		}
		i += 1 + extra;
		if (c >= 0x10000) {
			c -= 0x10000;
			uint32_t hi = 0xd800 | (c >> 10), lo = 0xdc00 | (c & 0x3ff);
			bmp[n++] = (uint8_t)(hi >> 8);
			bmp[n++] = (uint8_t)hi;
			c = lo;
		}
		bmp[n++] = (uint8_t)(c >> 8);
		bmp[n++] = (uint8_t)c;
	}
	bmp[n++] = 0;
	bmp[n++] = 0;
	*out = bmp;
	*out_len = n;
	return 0;
}

void pbe_free(uint8_t *buf, size_t len)
{
	if (buf) {
		wipe(buf, len);
		free(buf);
	}
}

enum cipher { C_AES, C_3DES, C_RC2 };

struct cipher_params {
	enum cipher cipher;
	uint8_t key[32];
	size_t key_len;
	uint8_t iv[16];
	unsigned rc2_bits;
};

static size_t block_len(enum cipher c)
{
	return c == C_AES ? 16 : 8;
}

/* Decrypts in place and strips the PKCS#5 padding; -EACCES when it is wrong. */
static int cbc_decrypt(struct cipher_params *c, uint8_t *buf, size_t len, size_t *out_len)
{
	size_t bl = block_len(c->cipher);
	unsigned pad;

	if (len == 0 || len % bl)
		return -EINVAL;
	if (c->cipher == C_AES) {
		br_aes_ct64_cbcdec_keys ctx;
		br_aes_ct64_cbcdec_init(&ctx, c->key, c->key_len);
		br_aes_ct64_cbcdec_run(&ctx, c->iv, buf, len);
		wipe(&ctx, sizeof(ctx));
	} else if (c->cipher == C_3DES) {
		br_des_ct_cbcdec_keys ctx;
		br_des_ct_cbcdec_init(&ctx, c->key, c->key_len);
		br_des_ct_cbcdec_run(&ctx, c->iv, buf, len);
		wipe(&ctx, sizeof(ctx));
	} else {
		struct rc2_key ctx;
		uint8_t prev[8], cur[8];
		rc2_set_key(&ctx, c->key, c->key_len, c->rc2_bits);
		memcpy(prev, c->iv, 8);
		for (size_t off = 0; off < len; off += 8) {
			memcpy(cur, buf + off, 8);
			rc2_decrypt_block(&ctx, buf + off);
			for (int k = 0; k < 8; k++)
				buf[off + k] ^= prev[k];
			memcpy(prev, cur, 8);
		}
		wipe(&ctx, sizeof(ctx));
	}
	pad = buf[len - 1];
	if (pad == 0 || pad > bl)
		return -EACCES;
	for (size_t k = len - pad; k < len; k++)
		if (buf[k] != pad)
			return -EACCES;
	*out_len = len - pad;
	return 0;
}

/* PKCS#12 PBE (RFC 7292 appendix C): SHA-1 KDF for key (ID 1) and IV (ID 2). */
static int pkcs12_pbe_params(uint8_t which, const struct der *params, const char *password,
			     struct cipher_params *c)
{
	struct der seq = *params, p, salt;
	uint32_t iterations;
	uint8_t *bmp;
	size_t bmp_len;
	int err;

	switch (which) {
	case 3: c->cipher = C_3DES; c->key_len = 24; break;
	case 4: c->cipher = C_3DES; c->key_len = 16; break;
	case 5: c->cipher = C_RC2; c->key_len = 16; c->rc2_bits = 128; break;
	case 6: c->cipher = C_RC2; c->key_len = 5; c->rc2_bits = 40; break;
	default: return -ENOTSUP;
	}
	if (der_read(&seq, DER_SEQUENCE, &p) || der_end(&seq) ||
	    der_read(&p, DER_OCTET_STRING, &salt) || der_read_small(&p, &iterations) ||
	    der_end(&p) || iterations == 0 || iterations > PBE_MAX_ITERATIONS)
		return -EINVAL;
	err = pkcs12_password(password, &bmp, &bmp_len);
	if (err)
		return err;
	err = pkcs12_kdf(SIG_HASH_SHA1, bmp, bmp_len, salt.ptr, salt.len, 1, iterations, c->key,
			 c->key_len);
	if (!err)
		err = pkcs12_kdf(SIG_HASH_SHA1, bmp, bmp_len, salt.ptr, salt.len, 2, iterations,
				 c->iv, 8);
	pbe_free(bmp, bmp_len);
	return err;
}

/* PBES2-params (RFC 8018 A.4) with PBKDF2 and AES-CBC or DES-EDE3-CBC. */
static int pbes2_params(const struct der *params, const char *password, struct cipher_params *c)
{
	struct der seq = *params, p, kdf, kdf_oid, kp, salt, enc, enc_oid, iv, prf, prf_oid;
	uint32_t iterations, key_len = 0;
	enum sig_hash hash = SIG_HASH_SHA1;
	bool has_len, has_prf;

	if (der_read(&seq, DER_SEQUENCE, &p) || der_end(&seq) ||
	    der_read(&p, DER_SEQUENCE, &kdf) || der_read(&p, DER_SEQUENCE, &enc) || der_end(&p) ||
	    der_read(&kdf, DER_OID, &kdf_oid) || der_read(&enc, DER_OID, &enc_oid))
		return -EINVAL;
	if (!der_oid_is(&kdf_oid, oid_pbkdf2, sizeof(oid_pbkdf2)))
		return -ENOTSUP;
	if (der_oid_is(&enc_oid, oid_des_ede3_cbc, sizeof(oid_des_ede3_cbc))) {
		c->cipher = C_3DES;
		c->key_len = 24;
	} else if (enc_oid.len == sizeof(oid_aes) + 1 &&
		   !memcmp(enc_oid.ptr, oid_aes, sizeof(oid_aes))) {
		uint8_t n = enc_oid.ptr[sizeof(oid_aes)];
		c->cipher = C_AES;
		c->key_len = n == 2 ? 16 : n == 22 ? 24 : n == 42 ? 32 : 0;
		if (!c->key_len)
			return -ENOTSUP;
	} else {
		return -ENOTSUP;
	}
	if (der_read(&enc, DER_OCTET_STRING, &iv) || der_end(&enc) ||
	    iv.len != block_len(c->cipher))
		return -EINVAL;
	memcpy(c->iv, iv.ptr, iv.len);
	if (der_read(&kdf, DER_SEQUENCE, &kp) || der_end(&kdf) ||
	    der_read(&kp, DER_OCTET_STRING, &salt) || der_read_small(&kp, &iterations))
		return -EINVAL;
	if (der_peek(&kp) == DER_INTEGER) {
		has_len = true;
		if (der_read_small(&kp, &key_len))
			return -EINVAL;
	} else {
		has_len = false;
	}
	if (der_read_optional(&kp, DER_SEQUENCE, &prf, &has_prf) || der_end(&kp))
		return -EINVAL;
	if (has_prf) {
		uint8_t n;
		if (der_read(&prf, DER_OID, &prf_oid) || prf_oid.len != sizeof(oid_hmac) + 1 ||
		    memcmp(prf_oid.ptr, oid_hmac, sizeof(oid_hmac)))
			return -ENOTSUP;
		n = prf_oid.ptr[sizeof(oid_hmac)];
		hash = n == 7 ? SIG_HASH_SHA1 : n == 9 ? SIG_HASH_SHA256 : n == 10 ? SIG_HASH_SHA384
		       : n == 11 ? SIG_HASH_SHA512 : 0;
		if (!hash)
			return -ENOTSUP;
	}
	if ((has_len && key_len != c->key_len) || iterations == 0 ||
	    iterations > PBE_MAX_ITERATIONS)
		return -EINVAL;
	return pbkdf2(hash, (const uint8_t *)password, strlen(password), salt.ptr, salt.len,
		      iterations, c->key, c->key_len);
}

int pbe_decrypt(const struct der *alg, const char *password, const uint8_t *in, size_t len,
		uint8_t **out, size_t *out_len)
{
	struct der a = *alg, oid;
	struct cipher_params c = { 0 };
	uint8_t *buf = NULL;
	int err;

	if (der_read(&a, DER_OID, &oid))
		return -EINVAL;
	if (der_oid_is(&oid, oid_pbes2, sizeof(oid_pbes2)))
		err = pbes2_params(&a, password, &c);
	else if (oid.len == sizeof(oid_pkcs12_pbe) + 1 &&
		 !memcmp(oid.ptr, oid_pkcs12_pbe, sizeof(oid_pkcs12_pbe)))
		err = pkcs12_pbe_params(oid.ptr[sizeof(oid_pkcs12_pbe)], &a, password, &c);
	else
		err = -ENOTSUP;
	if (err)
		goto out;
	buf = malloc(len ? len : 1);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(buf, in, len);
	err = cbc_decrypt(&c, buf, len, out_len);
	if (err) {
		pbe_free(buf, len);
		goto out;
	}
	*out = buf;
out:
	wipe(&c, sizeof(c));
	return err;
}

void pbe_encrypt_pbes2(struct der_out *out, const char *password, const uint8_t *in,
		       size_t len, uint32_t iterations)
{
	static const uint8_t hmac_sha256[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09 };
	static const uint8_t aes256[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a };
	uint8_t salt[16], iv[16], key[32];
	size_t padded = (len / 16 + 1) * 16, alg, params, kdf, kp, prf, enc;
	uint8_t *buf = malloc(padded);
	br_aes_ct64_cbcenc_keys ctx;

	if (!buf) {
		out->failed = true;
		return;
	}
	random_bytes(salt, sizeof(salt));
	random_bytes(iv, sizeof(iv));
	alg = der_open(out, DER_SEQUENCE);
	der_put(out, DER_OID, oid_pbes2, sizeof(oid_pbes2));
	params = der_open(out, DER_SEQUENCE);
	kdf = der_open(out, DER_SEQUENCE);
	der_put(out, DER_OID, oid_pbkdf2, sizeof(oid_pbkdf2));
	kp = der_open(out, DER_SEQUENCE);
	der_put(out, DER_OCTET_STRING, salt, sizeof(salt));
	der_put_small(out, iterations);
	prf = der_open(out, DER_SEQUENCE);
	der_put(out, DER_OID, hmac_sha256, sizeof(hmac_sha256));
	der_put(out, DER_NULL, NULL, 0);
	der_close(out, prf);
	der_close(out, kp);
	der_close(out, kdf);
	enc = der_open(out, DER_SEQUENCE);
	der_put(out, DER_OID, aes256, sizeof(aes256));
	der_put(out, DER_OCTET_STRING, iv, sizeof(iv));
	der_close(out, enc);
	der_close(out, params);
	der_close(out, alg);

	pbkdf2(SIG_HASH_SHA256, (const uint8_t *)password, strlen(password), salt, sizeof(salt),
	       iterations, key, sizeof(key));
	memcpy(buf, in, len);
	memset(buf + len, (int)(padded - len), padded - len);
	br_aes_ct64_cbcenc_init(&ctx, key, sizeof(key));
	br_aes_ct64_cbcenc_run(&ctx, iv, buf, padded);
	der_put(out, DER_OCTET_STRING, buf, padded);
	wipe(&ctx, sizeof(ctx));
	wipe(key, sizeof(key));
	pbe_free(buf, padded);
}
