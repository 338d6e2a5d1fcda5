/* Curve25519 key exchange (RFC 7748 section 6.1; IKEv2: RFC 8031). Values are
 * 32-byte little-endian u-coordinates and scalars, as BearSSL 0.6 takes them;
 * it clamps the scalar (RFC 7748 decodeScalar25519) and masks bit 255 of u. */
#include <bearssl.h>
#include <errno.h>
#include <string.h>

#include "crypto/dh_impl.h"
#include "crypto/random.h"

#define X25519_LEN 32

static void x25519_gen(struct dh_secret *s)
{
	s->priv_len = X25519_LEN;
	random_bytes(s->priv, X25519_LEN);
}

static int x25519_pub(const struct dh_secret *s, uint8_t *pub)
{
	if (s->priv_len != X25519_LEN)
		return -EINVAL;
	br_ec_c25519_m31.mulgen(pub, s->priv, X25519_LEN, BR_EC_curve25519);
	return 0;
}

static int x25519_shared(const struct dh_secret *s, const uint8_t *peer, uint8_t *shared)
{
	uint8_t u[X25519_LEN], acc = 0;
	int err = 0;

	if (s->priv_len != X25519_LEN)
		return -EINVAL;
	memcpy(u, peer, sizeof(u));
	if (!br_ec_c25519_m31.mul(u, sizeof(u), s->priv, X25519_LEN, BR_EC_curve25519))
		err = -EINVAL;
	/* RFC 8031 section 2.3 / RFC 7748 section 6.1: a peer value of small order
	 * yields all zeros, which must be refused. Checked without early exit. */
	for (size_t i = 0; i < sizeof(u); i++)
		acc |= u[i];
	if (acc == 0)
		err = -EINVAL;
	if (!err)
		memcpy(shared, u, sizeof(u));
	wipe(u, sizeof(u));
	return err;
}

const struct dh_ops dh_x25519_ops = { x25519_gen, x25519_pub, x25519_shared };
