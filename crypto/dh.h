/* Key exchange: MODP 14-18 (RFC 3526), ECP 19-21 (RFC 5903), Curve25519 31 (RFC 8031).
 * IDs are IANA IKEv2 Transform Type 4 numbers. Public values are in IKEv2 wire form
 * (MODP: big-endian, padded to the prime's length; ECP: X|Y without 0x04;
 * Curve25519: 32 bytes little-endian u). Shared secrets likewise (ECP: X only). */
#ifndef CRYPTO_DH_H
#define CRYPTO_DH_H
#include <stdbool.h>

#include "crypto/chunk.h"

#define DH_MAX_PUB 1024    /* MODP 8192 */
#define DH_MAX_SHARED 1024

struct dh_desc {
	uint16_t id;
	const char *name;  /* Libreswan's spelling: "MODP2048", "DH19", "DH31", ... */
	size_t pub_len;    /* bytes of the KE payload's data */
	size_t shared_len; /* bytes of g^ir */
	unsigned strength; /* security bits, for FIPS policy and exponent sizing */
	bool fips;         /* allowed in FIPS mode (Libreswan's list) */
};

const struct dh_desc *dh_lookup(uint16_t id);
/* The i-th supported group; NULL past the end. */
const struct dh_desc *dh_at(size_t i);

/* The private half; never leaves the process, wiped by dh_secret_wipe. */
struct dh_secret {
	const struct dh_desc *desc;
	size_t priv_len;
	uint8_t priv[128];
};

/* Makes a key pair; pub gets desc->pub_len bytes. Returns 0 or -errno. */
int dh_keygen(const struct dh_desc *desc, struct dh_secret *secret, uint8_t *pub);

/* The public value of a given private half (known-answer self tests); the private
 * half is as dh_keygen makes it: MODP and ECP a big-endian exponent or scalar,
 * Curve25519 the 32-byte little-endian scalar of RFC 7748.
 * Returns 0, or -EINVAL for a private half out of range. */
int dh_public(const struct dh_secret *secret, uint8_t *pub);

/* Computes the shared secret from the peer's public value, after checking it
 * (length, range 1 < y < p-1, point on curve, non-zero result).
 * shared gets desc->shared_len bytes. Returns 0, or -EINVAL for a bad peer value. */
int dh_compute(const struct dh_secret *secret, const uint8_t *peer_pub, size_t peer_len,
	       uint8_t *shared);

void dh_secret_wipe(struct dh_secret *secret);

#endif
