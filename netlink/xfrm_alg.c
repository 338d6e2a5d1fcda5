#include "netlink/xfrm_alg.h"

#include <errno.h>
#include <stddef.h>

/* IDs: IANA IKEv2 registry. Salt sizes: RFC 3686 (CTR nonce), RFC 4106 (GCM),
 * RFC 4309 (CCM), RFC 7634 (ChaCha20-Poly1305). */
static const struct xfrm_encr_alg encr_algs[] = {
	{ 3, false, 0, 192, 0, "cbc(des3_ede)" },
	{ 11, false, 0, 0, 0, "ecb(cipher_null)" },
	{ 12, false, 0, 0, 0, "cbc(aes)" },
	{ 13, false, 4, 0, 0, "rfc3686(ctr(aes))" },
	{ 14, true, 3, 0, 64, "rfc4309(ccm(aes))" },
	{ 15, true, 3, 0, 96, "rfc4309(ccm(aes))" },
	{ 16, true, 3, 0, 128, "rfc4309(ccm(aes))" },
	{ 18, true, 4, 0, 64, "rfc4106(gcm(aes))" },
	{ 19, true, 4, 0, 96, "rfc4106(gcm(aes))" },
	{ 20, true, 4, 0, 128, "rfc4106(gcm(aes))" },
	{ 28, true, 4, 256, 128, "rfc7539esp(chacha20,poly1305)" },
};

/* Truncation lengths: RFC 2404, RFC 3566, RFC 4494, RFC 4868. */
static const struct xfrm_integ_alg integ_algs[] = {
	{ 2, 160, 96, "hmac(sha1)" },
	{ 5, 128, 96, "xcbc(aes)" },
	{ 8, 128, 96, "cmac(aes)" },
	{ 12, 256, 128, "hmac(sha256)" },
	{ 13, 384, 192, "hmac(sha384)" },
	{ 14, 512, 256, "hmac(sha512)" },
};

#define ENCR_NULL 11

const struct xfrm_encr_alg *xfrm_encr_alg(uint16_t encr_id)
{
	for (size_t i = 0; i < sizeof(encr_algs) / sizeof(encr_algs[0]); i++)
		if (encr_algs[i].id == encr_id)
			return &encr_algs[i];
	return NULL;
}

const struct xfrm_integ_alg *xfrm_integ_alg(uint16_t integ_id)
{
	for (size_t i = 0; i < sizeof(integ_algs) / sizeof(integ_algs[0]); i++)
		if (integ_algs[i].id == integ_id)
			return &integ_algs[i];
	return NULL;
}

int xfrm_encr_key_len(const struct xfrm_encr_alg *alg, uint16_t key_bits)
{
	if (alg->id == ENCR_NULL)
		return key_bits == 0 ? 0 : -EINVAL;
	if (alg->key_bits) {
		if (key_bits != 0 && key_bits != alg->key_bits)
			return -EINVAL;
		return alg->key_bits / 8 + alg->salt_bytes;
	}
	if (key_bits != 128 && key_bits != 192 && key_bits != 256)
		return -EINVAL;
	return key_bits / 8 + alg->salt_bytes;
}

bool xfrm_alg_supported(uint16_t encr_id, uint16_t integ_id)
{
	const struct xfrm_encr_alg *encr = encr_id ? xfrm_encr_alg(encr_id) : NULL;
	const struct xfrm_integ_alg *integ = integ_id ? xfrm_integ_alg(integ_id) : NULL;

	if (encr_id && !encr)
		return false;
	if (integ_id && !integ)
		return false;
	if (encr && encr->aead)
		return !integ_id;
	return integ != NULL;
}
