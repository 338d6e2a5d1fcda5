/* ECP groups 19, 20, 21 (RFC 5903) on BearSSL's constant-time curve code. On the
 * wire a point is X | Y without SEC 1's 0x04 prefix, and the shared secret is
 * the X coordinate alone (RFC 5903 section 7, errata 9). */
#include <bearssl.h>
#include <errno.h>
#include <string.h>

#include "crypto/dh_impl.h"
#include "crypto/random.h"

#define ECP_MAX_POINT (1 + 2 * 66) /* P-521, uncompressed */

/* P-256 gets BearSSL's specialised 31-bit code (the 64-bit one is not in
 * Debian's 0.6 build); P-384 and P-521 the generic i31 code. */
static const br_ec_impl *ecp_impl(void)
{
	return &br_ec_all_m31;
}

static int ecp_curve(const struct dh_desc *desc)
{
	switch (desc->id) {
	case 19:
		return BR_EC_secp256r1;
	case 20:
		return BR_EC_secp384r1;
	default:
		return BR_EC_secp521r1;
	}
}

/* 0 < k < n, in time that depends on the length only. */
static bool scalar_in_range(const uint8_t *k, const uint8_t *n, size_t len)
{
	uint32_t borrow = 0, nonzero = 0;

	/* k - n from the least significant byte: a final borrow means k < n. */
	for (size_t i = len; i-- > 0;) {
		uint32_t d = (uint32_t)k[i] - n[i] - borrow;

		borrow = d >> 31;
		nonzero |= k[i];
	}
	return borrow & (uint32_t)(nonzero != 0);
}

static void ecp_gen(struct dh_secret *s)
{
	const br_ec_impl *ec = ecp_impl();
	size_t nlen;
	const uint8_t *n = ec->order(ecp_curve(s->desc), &nlen);
	uint8_t mask = 0xFF;

	/* Rejection sampling keeps the scalar uniform in [1, n - 1]; masking to the
	 * order's top bit makes a retry rare (at most about one in two, for P-521). */
	while (mask > n[0])
		mask >>= 1;
	s->priv_len = nlen;
	do {
		random_bytes(s->priv, nlen);
		s->priv[0] &= mask;
	} while (!scalar_in_range(s->priv, n, nlen));
}

static bool ecp_scalar_ok(const struct dh_secret *s, const br_ec_impl *ec, int curve)
{
	size_t nlen;
	const uint8_t *n = ec->order(curve, &nlen);

	return s->priv_len == nlen && scalar_in_range(s->priv, n, nlen);
}

static int ecp_pub(const struct dh_secret *s, uint8_t *pub)
{
	const br_ec_impl *ec = ecp_impl();
	int curve = ecp_curve(s->desc);
	uint8_t point[ECP_MAX_POINT];
	size_t len;

	if (!ecp_scalar_ok(s, ec, curve))
		return -EINVAL;
	len = ec->mulgen(point, s->priv, s->priv_len, curve);
	if (len != 1 + s->desc->pub_len)
		return -EINVAL;
	memcpy(pub, point + 1, s->desc->pub_len);
	return 0;
}

static int ecp_shared(const struct dh_secret *s, const uint8_t *peer, uint8_t *shared)
{
	const br_ec_impl *ec = ecp_impl();
	int curve = ecp_curve(s->desc);
	uint8_t point[ECP_MAX_POINT];
	size_t len = 1 + s->desc->pub_len;
	int err = 0;

	if (!ecp_scalar_ok(s, ec, curve))
		return -EINVAL;
	/* mul() rejects coordinates >= p and points off the curve (RFC 5903
	 * section 7: the recipient must check); the curves have cofactor 1, so a
	 * valid point times a scalar in [1, n - 1] is never the point at infinity. */
	point[0] = 0x04;
	memcpy(point + 1, peer, s->desc->pub_len);
	if (!ec->mul(point, len, s->priv, s->priv_len, curve))
		err = -EINVAL;
	else
		memcpy(shared, point + 1, s->desc->shared_len);
	wipe(point, sizeof(point));
	return err;
}

const struct dh_ops dh_ecp_ops = { ecp_gen, ecp_pub, ecp_shared };
