#include "crypto/dh.h"

#include <errno.h>

#include "crypto/dh_impl.h"

/* Strengths: NIST SP 800-56A Rev. 3 Appendix D for MODP 2048-8192, RFC 3526
 * section 8 (estimate 1) for 1536, the curve sizes for ECP and Curve25519.
 * FIPS: Libreswan allows neither MODP1536 nor DH31. */
static const struct dh_desc dhs[] = {
	{ .id = 5, .name = "MODP1536", .pub_len = 192, .shared_len = 192, .strength = 90,
	  .fips = false },
	{ .id = 14, .name = "MODP2048", .pub_len = 256, .shared_len = 256, .strength = 112,
	  .fips = true },
	{ .id = 15, .name = "MODP3072", .pub_len = 384, .shared_len = 384, .strength = 128,
	  .fips = true },
	{ .id = 16, .name = "MODP4096", .pub_len = 512, .shared_len = 512, .strength = 152,
	  .fips = true },
	{ .id = 17, .name = "MODP6144", .pub_len = 768, .shared_len = 768, .strength = 176,
	  .fips = true },
	{ .id = 18, .name = "MODP8192", .pub_len = 1024, .shared_len = 1024, .strength = 200,
	  .fips = true },
	{ .id = 19, .name = "DH19", .pub_len = 64, .shared_len = 32, .strength = 128,
	  .fips = true },
	{ .id = 20, .name = "DH20", .pub_len = 96, .shared_len = 48, .strength = 192,
	  .fips = true },
	{ .id = 21, .name = "DH21", .pub_len = 132, .shared_len = 66, .strength = 256,
	  .fips = true },
	{ .id = 31, .name = "DH31", .pub_len = 32, .shared_len = 32, .strength = 128,
	  .fips = false },
};

const struct dh_desc *dh_lookup(uint16_t id)
{
	for (size_t i = 0; i < sizeof(dhs) / sizeof(dhs[0]); i++)
		if (dhs[i].id == id)
			return &dhs[i];
	return NULL;
}

const struct dh_desc *dh_at(size_t i)
{
	return i < sizeof(dhs) / sizeof(dhs[0]) ? &dhs[i] : NULL;
}

static const struct dh_ops *dh_ops(const struct dh_desc *desc)
{
	switch (desc->id) {
	case 19:
	case 20:
	case 21:
		return &dh_ecp_ops;
	case 31:
		return &dh_x25519_ops;
	default:
		return &dh_modp_ops;
	}
}

int dh_keygen(const struct dh_desc *desc, struct dh_secret *secret, uint8_t *pub)
{
	const struct dh_ops *ops = dh_ops(desc);
	int err;

	secret->desc = desc;
	ops->gen(secret);
	err = ops->pub(secret, pub);
	if (err < 0)
		dh_secret_wipe(secret);
	return err;
}

int dh_public(const struct dh_secret *secret, uint8_t *pub)
{
	if (secret->priv_len == 0 || secret->priv_len > sizeof(secret->priv))
		return -EINVAL;
	return dh_ops(secret->desc)->pub(secret, pub);
}

int dh_compute(const struct dh_secret *secret, const uint8_t *peer_pub, size_t peer_len,
	       uint8_t *shared)
{
	if (peer_len != secret->desc->pub_len || secret->priv_len == 0 ||
	    secret->priv_len > sizeof(secret->priv))
		return -EINVAL;
	return dh_ops(secret->desc)->shared(secret, peer_pub, shared);
}

void dh_secret_wipe(struct dh_secret *secret)
{
	wipe(secret, sizeof(*secret));
}
