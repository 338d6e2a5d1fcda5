/* The three key-exchange families behind crypto/dh.h (inside crypto/ only).
 * Each checks its own inputs: private halves in range, peer values valid. */
#ifndef CRYPTO_DH_IMPL_H
#define CRYPTO_DH_IMPL_H
#include "crypto/dh.h"

struct dh_ops {
	void (*gen)(struct dh_secret *s); /* fills priv and priv_len from random_bytes */
	int (*pub)(const struct dh_secret *s, uint8_t *pub);
	int (*shared)(const struct dh_secret *s, const uint8_t *peer, uint8_t *shared);
};

extern const struct dh_ops dh_modp_ops; /* RFC 3526 */
extern const struct dh_ops dh_ecp_ops;  /* RFC 5903 */
extern const struct dh_ops dh_x25519_ops; /* RFC 7748, RFC 8031 */

#endif
