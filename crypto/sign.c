/* IKEv2 signatures on BearSSL: PKCS#1 v1.5, PSS (crypto/pss.c), ECDSA DER and raw. */
#include "crypto/sign.h"

#include <errno.h>
#include <string.h>

#include "crypto/chunk.h"
#include "crypto/sighash.h"
#include "crypto/keys_impl.h"
#include "crypto/pss.h"
#include "crypto/random.h"

static int rsa_sign(const struct privkey *key, enum sig_scheme scheme, const struct sighash *h,
		    const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t *sig_len)
{
	size_t k = key->pub.u.rsa.pk.nlen;
	unsigned mod_bits = pubkey_bits(&key->pub);
	uint8_t digest[64], salt[64];
	int err = 0;

	if (*sig_len < k)
		return -ENOSPC;
	if (scheme == SIG_RSA_PKCS1) {
		sighash_compute(h, msg, msg_len, digest);
		if (!br_rsa_pkcs1_sign_get_default()(h->pkcs1_oid, digest, h->out_len,
						      &key->u.rsa.sk, sig))
			err = -EINVAL;
	} else {
		/* EM is one byte shorter than the modulus when its bit length is 1 mod 8. */
		size_t em_len = (mod_bits - 1 + 7) / 8;
		random_bytes(salt, h->out_len);
		memset(sig, 0, k - em_len);
		err = emsa_pss_encode(h->id, msg, msg_len, salt, h->out_len, mod_bits - 1,
				      sig + k - em_len);
		if (!err && !br_rsa_private_get_default()(sig, &key->u.rsa.sk))
			err = -EINVAL;
	}
	if (err)
		return err;
	*sig_len = k;
	return 0;
}

int sig_sign(const struct privkey *key, enum sig_scheme scheme, enum sig_hash hash,
	     const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t *sig_len)
{
	const struct sighash *h = sighash_by_id(hash);
	const br_ec_impl *ec = br_ec_get_default();
	uint8_t digest[64];
	uint8_t out[EC_MAX_POINT + 16];
	size_t n;

	if (!h)
		return -EINVAL;
	if (key->pub.type == KEY_RSA) {
		if (scheme != SIG_RSA_PKCS1 && scheme != SIG_RSA_PSS)
			return -EINVAL;
		return rsa_sign(key, scheme, h, msg, msg_len, sig, sig_len);
	}
	if (scheme != SIG_ECDSA_DER && scheme != SIG_ECDSA_RAW)
		return -EINVAL;
	sighash_compute(h, msg, msg_len, digest);
	n = scheme == SIG_ECDSA_DER
		    ? br_ecdsa_sign_asn1_get_default()(ec, h->vtable, digest, &key->u.ec.sk, out)
		    : br_ecdsa_sign_raw_get_default()(ec, h->vtable, digest, &key->u.ec.sk, out);
	if (n == 0)
		return -EINVAL;
	if (*sig_len < n)
		return -ENOSPC;
	memcpy(sig, out, n);
	*sig_len = n;
	return 0;
}

static int rsa_verify(const struct pubkey *key, enum sig_scheme scheme, const struct sighash *h,
		      size_t salt_len, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
		      size_t sig_len)
{
	uint8_t em[RSA_MAX_BYTES], digest[64], recovered[64];
	size_t k = key->u.rsa.pk.nlen, em_len;
	unsigned mod_bits = pubkey_bits(key);

	if (sig_len != k)
		return -EBADMSG;
	if (scheme == SIG_RSA_PKCS1) {
		sighash_compute(h, msg, msg_len, digest);
		if (!br_rsa_pkcs1_vrfy_get_default()(sig, sig_len, h->pkcs1_oid, h->out_len,
						      &key->u.rsa.pk, recovered) ||
		    memcmp(digest, recovered, h->out_len))
			return -EBADMSG;
		return 0;
	}
	memcpy(em, sig, k);
	if (!br_rsa_public_get_default()(em, k, &key->u.rsa.pk))
		return -EBADMSG;
	em_len = (mod_bits - 1 + 7) / 8;
	if (em_len < k && em[0] != 0)
		return -EBADMSG;
	return emsa_pss_verify(h->id, msg, msg_len, salt_len, mod_bits - 1, em + k - em_len);
}

int sig_verify_pss(const struct pubkey *key, enum sig_hash hash, size_t salt_len,
		   const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len)
{
	const struct sighash *h = sighash_by_id(hash);

	if (!h || key->type != KEY_RSA)
		return -EBADMSG;
	return rsa_verify(key, SIG_RSA_PSS, h, salt_len, msg, msg_len, sig, sig_len);
}

int sig_verify(const struct pubkey *key, enum sig_scheme scheme, enum sig_hash hash,
	       const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len)
{
	const struct sighash *h = sighash_by_id(hash);
	const br_ec_impl *ec = br_ec_get_default();
	uint8_t digest[64];
	uint32_t ok;

	if (!h)
		return -EBADMSG;
	if (key->type == KEY_RSA) {
		if (scheme != SIG_RSA_PKCS1 && scheme != SIG_RSA_PSS)
			return -EBADMSG;
		return rsa_verify(key, scheme, h, h->out_len, msg, msg_len, sig, sig_len);
	}
	if (scheme != SIG_ECDSA_DER && scheme != SIG_ECDSA_RAW)
		return -EBADMSG;
	sighash_compute(h, msg, msg_len, digest);
	ok = scheme == SIG_ECDSA_DER
		     ? br_ecdsa_vrfy_asn1_get_default()(ec, digest, h->out_len, &key->u.ec.pk, sig,
							sig_len)
		     : br_ecdsa_vrfy_raw_get_default()(ec, digest, h->out_len, &key->u.ec.pk, sig,
						       sig_len);
	return ok ? 0 : -EBADMSG;
}
