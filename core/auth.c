#include "core/auth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ikev2.h"

int auth_octets(const struct ike_keys *k, bool for_initiator, const uint8_t *msg,
		size_t msg_len, const uint8_t *nonce, size_t nonce_len, const uint8_t *id_body,
		size_t id_len, uint8_t **out, size_t *out_len)
{
	const uint8_t *sk_p = for_initiator ? k->sk_pi : k->sk_pr;
	size_t n = msg_len + nonce_len + k->prf->out_len;
	struct chunk id = CHUNK(id_body, id_len);
	uint8_t *o = malloc(n);

	if (!o)
		return -ENOMEM;
	memcpy(o, msg, msg_len);
	memcpy(o + msg_len, nonce, nonce_len);
	prf_compute(k->prf, sk_p, k->pkey_len, &id, 1, o + msg_len + nonce_len);
	*out = o;
	*out_len = n;
	return 0;
}

void auth_psk(const struct prf_desc *prf, const uint8_t *secret, size_t secret_len,
	      const uint8_t *octets, size_t octets_len, uint8_t *out)
{
	static const char pad[] = "Key Pad for IKEv2";
	uint8_t inner[PRF_MAX_OUT];
	struct chunk c = CHUNK(pad, sizeof(pad) - 1);
	struct chunk d = CHUNK(octets, octets_len);

	prf_compute(prf, secret, secret_len, &c, 1, inner);
	prf_compute(prf, inner, prf->out_len, &d, 1, out);
	wipe(inner, sizeof(inner));
}

/* RFC 7427 Appendix A AlgorithmIdentifiers, each preceded by its length. */
static const uint8_t ai_rsa_sha1[] = { 15, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
				       0xf7, 0x0d, 0x01, 0x01, 0x05, 0x05, 0x00 };
static const uint8_t ai_rsa_sha256[] = { 15, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
					 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00 };
static const uint8_t ai_rsa_sha384[] = { 15, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
					 0xf7, 0x0d, 0x01, 0x01, 0x0c, 0x05, 0x00 };
static const uint8_t ai_rsa_sha512[] = { 15, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
					 0xf7, 0x0d, 0x01, 0x01, 0x0d, 0x05, 0x00 };
#define PSS_AI(h, salt)                                                                    \
	{ 67, 0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a,  \
	  0x30, 0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, \
	  0x04, 0x02, h, 0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48,    \
	  0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, \
	  0x65, 0x03, 0x04, 0x02, h, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, salt }
static const uint8_t ai_pss_sha256[] = PSS_AI(0x01, 0x20);
static const uint8_t ai_pss_sha384[] = PSS_AI(0x02, 0x30);
static const uint8_t ai_pss_sha512[] = PSS_AI(0x03, 0x40);
static const uint8_t ai_ecdsa_sha256[] = { 12, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48,
					   0xce, 0x3d, 0x04, 0x03, 0x02 };
static const uint8_t ai_ecdsa_sha384[] = { 12, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48,
					   0xce, 0x3d, 0x04, 0x03, 0x03 };
static const uint8_t ai_ecdsa_sha512[] = { 12, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48,
					   0xce, 0x3d, 0x04, 0x03, 0x04 };

struct sigalg {
	const uint8_t *ai;
	enum sig_scheme scheme;
	enum sig_hash hash;
	const char *desc;
};

static const struct sigalg sigalgs[] = {
	{ ai_pss_sha512, SIG_RSA_PSS, SIG_HASH_SHA512, "RSA with IKEv2_AUTH_HASH_SHA2_512" },
	{ ai_pss_sha384, SIG_RSA_PSS, SIG_HASH_SHA384, "RSA with IKEv2_AUTH_HASH_SHA2_384" },
	{ ai_pss_sha256, SIG_RSA_PSS, SIG_HASH_SHA256, "RSA with IKEv2_AUTH_HASH_SHA2_256" },
	{ ai_rsa_sha512, SIG_RSA_PKCS1, SIG_HASH_SHA512, "RSA with IKEv2_AUTH_HASH_SHA2_512" },
	{ ai_rsa_sha384, SIG_RSA_PKCS1, SIG_HASH_SHA384, "RSA with IKEv2_AUTH_HASH_SHA2_384" },
	{ ai_rsa_sha256, SIG_RSA_PKCS1, SIG_HASH_SHA256, "RSA with IKEv2_AUTH_HASH_SHA2_256" },
	{ ai_rsa_sha1, SIG_RSA_PKCS1, SIG_HASH_SHA1, "RSA with IKEv2_AUTH_HASH_SHA1" },
	{ ai_ecdsa_sha512, SIG_ECDSA_DER, SIG_HASH_SHA512, "ECDSA with IKEv2_AUTH_HASH_SHA2_512" },
	{ ai_ecdsa_sha384, SIG_ECDSA_DER, SIG_HASH_SHA384, "ECDSA with IKEv2_AUTH_HASH_SHA2_384" },
	{ ai_ecdsa_sha256, SIG_ECDSA_DER, SIG_HASH_SHA256, "ECDSA with IKEv2_AUTH_HASH_SHA2_256" },
};

const char *sig_hash_name(enum sig_hash h)
{
	switch (h) {
	case SIG_HASH_SHA1:
		return "SHA1";
	case SIG_HASH_SHA256:
		return "SHA2_256";
	case SIG_HASH_SHA384:
		return "SHA2_384";
	case SIG_HASH_SHA512:
		return "SHA2_512";
	}
	return "?";
}

static const struct sigalg *find_sigalg(enum sig_scheme s, enum sig_hash h)
{
	for (size_t i = 0; i < sizeof(sigalgs) / sizeof(sigalgs[0]); i++)
		if (sigalgs[i].scheme == s && sigalgs[i].hash == h)
			return &sigalgs[i];
	return NULL;
}

bool auth_choose_sig(enum key_type type, unsigned key_bits, uint8_t peer_hashes,
		     bool allow_rsa_sha1, struct sig_choice *out)
{
	static const enum sig_hash pref[] = { SIG_HASH_SHA512, SIG_HASH_SHA384,
					      SIG_HASH_SHA256 };

	if (peer_hashes) {
		for (size_t i = 0; i < 3; i++) {
			if (!(peer_hashes & SIGHASH_BIT(pref[i])))
				continue;
			out->method = IKE_AUTH_DIGSIG;
			out->scheme = type == KEY_RSA ? SIG_RSA_PSS : SIG_ECDSA_DER;
			out->hash = pref[i];
			return true;
		}
	}
	/* A peer without RFC 7427: the old fixed methods. */
	if (type == KEY_RSA) {
		if (!allow_rsa_sha1)
			return false;
		*out = (struct sig_choice){ IKE_AUTH_RSA, SIG_RSA_PKCS1, SIG_HASH_SHA1 };
		return true;
	}
	switch (key_bits) {
	case 256:
		*out = (struct sig_choice){ IKE_AUTH_ECDSA_256, SIG_ECDSA_RAW, SIG_HASH_SHA256 };
		return true;
	case 384:
		*out = (struct sig_choice){ IKE_AUTH_ECDSA_384, SIG_ECDSA_RAW, SIG_HASH_SHA384 };
		return true;
	case 521:
		*out = (struct sig_choice){ IKE_AUTH_ECDSA_521, SIG_ECDSA_RAW, SIG_HASH_SHA512 };
		return true;
	}
	return false;
}

int auth_sign(const struct privkey *key, const struct sig_choice *sc, const uint8_t *octets,
	      size_t octets_len, uint8_t *out, size_t *out_len)
{
	size_t off = 0, cap = *out_len, sig_len;
	int err;

	if (sc->method == IKE_AUTH_DIGSIG) {
		const struct sigalg *a = find_sigalg(sc->scheme, sc->hash);
		if (!a || cap < (size_t)a->ai[0] + 1)
			return -EINVAL;
		memcpy(out, a->ai, (size_t)a->ai[0] + 1);
		off = (size_t)a->ai[0] + 1;
	}
	sig_len = cap - off;
	err = sig_sign(key, sc->scheme, sc->hash, octets, octets_len, out + off, &sig_len);
	if (err < 0)
		return err;
	*out_len = off + sig_len;
	return 0;
}

/* Identifies an AlgorithmIdentifier. Besides the exact RFC 7427 encodings, PSS
 * parameters are accepted as long as they name one hash (some peers omit the
 * NULLs); the salt must be the hash length, which sig_verify assumes. */
static const struct sigalg *parse_ai(const uint8_t *ai, size_t len)
{
	static const uint8_t pss_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
	static const uint8_t sha2_oid[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02 };

	for (size_t i = 0; i < sizeof(sigalgs) / sizeof(sigalgs[0]); i++)
		if (sigalgs[i].ai[0] == len && memcmp(sigalgs[i].ai + 1, ai, len) == 0)
			return &sigalgs[i];
	if (len > 4 + sizeof(pss_oid) && ai[0] == 0x30 && ai[2] == 0x06 &&
	    ai[3] == sizeof(pss_oid) && memcmp(ai + 4, pss_oid, sizeof(pss_oid)) == 0) {
		for (size_t i = 4 + sizeof(pss_oid); i + sizeof(sha2_oid) < len; i++) {
			if (memcmp(ai + i, sha2_oid, sizeof(sha2_oid)) != 0)
				continue;
			switch (ai[i + sizeof(sha2_oid)]) {
			case 1:
				return find_sigalg(SIG_RSA_PSS, SIG_HASH_SHA256);
			case 2:
				return find_sigalg(SIG_RSA_PSS, SIG_HASH_SHA384);
			case 3:
				return find_sigalg(SIG_RSA_PSS, SIG_HASH_SHA512);
			}
			return NULL;
		}
	}
	return NULL;
}

int auth_verify(const struct pubkey *key, const struct auth_view *a, const uint8_t *octets,
		size_t octets_len, bool allow_sha1, char *desc, size_t desc_len)
{
	enum key_type type = pubkey_type(key);
	enum sig_scheme scheme;
	enum sig_hash hash;
	const uint8_t *sig = a->data;
	size_t sig_len = a->len;
	const char *what;
	char buf[64];

	switch (a->method) {
	case IKE_AUTH_RSA:
		if (type != KEY_RSA)
			return -EPERM;
		if (!allow_sha1)
			return -EPERM;
		scheme = SIG_RSA_PKCS1;
		hash = SIG_HASH_SHA1;
		what = "RSA";
		break;
	case IKE_AUTH_ECDSA_256:
	case IKE_AUTH_ECDSA_384:
	case IKE_AUTH_ECDSA_521:
		if (type != KEY_ECDSA)
			return -EPERM;
		scheme = SIG_ECDSA_RAW;
		hash = a->method == IKE_AUTH_ECDSA_256   ? SIG_HASH_SHA256
		       : a->method == IKE_AUTH_ECDSA_384 ? SIG_HASH_SHA384
							 : SIG_HASH_SHA512;
		snprintf(buf, sizeof(buf), "ECDSA with IKEv2_AUTH_HASH_%s", sig_hash_name(hash));
		what = buf;
		break;
	case IKE_AUTH_DIGSIG: {
		const struct sigalg *alg;
		size_t ai_len;
		if (sig_len < 1 || (ai_len = sig[0]) + 1 > sig_len)
			return -EINVAL;
		alg = parse_ai(sig + 1, ai_len);
		if (!alg)
			return -EPERM;
		if (alg->hash == SIG_HASH_SHA1 && !allow_sha1)
			return -EPERM;
		if ((alg->scheme == SIG_ECDSA_DER) != (type == KEY_ECDSA))
			return -EPERM;
		scheme = alg->scheme;
		hash = alg->hash;
		what = alg->desc;
		sig += ai_len + 1;
		sig_len -= ai_len + 1;
		break;
	}
	default:
		return -EPERM;
	}
	if (sig_verify(key, scheme, hash, octets, octets_len, sig, sig_len) < 0)
		return -EBADMSG;
	snprintf(desc, desc_len, "%s", what);
	return 0;
}
