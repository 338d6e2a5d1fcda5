/* Plain hashes where IKE needs one outside a PRF: NAT detection (SHA-1,
 * RFC 7296 2.23) and COOKIE values. */
#ifndef CRYPTO_DIGEST_H
#define CRYPTO_DIGEST_H
#include "crypto/chunk.h"

#define SHA1_LEN 20
#define SHA256_LEN 32

void sha1_parts(const struct chunk *parts, size_t nparts, uint8_t out[SHA1_LEN]);
void sha256_parts(const struct chunk *parts, size_t nparts, uint8_t out[SHA256_LEN]);

#endif
