/* RFC 3526 MODP groups (inside crypto/ and its tests). */
#ifndef CRYPTO_DH_MODP_H
#define CRYPTO_DH_MODP_H
#include <stddef.h>
#include <stdint.h>

extern const uint8_t modp_prime_1536[192];
extern const uint8_t modp_prime_2048[256];
extern const uint8_t modp_prime_3072[384];
extern const uint8_t modp_prime_4096[512];
extern const uint8_t modp_prime_6144[768];
extern const uint8_t modp_prime_8192[1024];

/* The prime of an IKEv2 MODP group, big-endian; NULL for other IDs. */
const uint8_t *modp_prime(uint16_t group, size_t *len);

#endif
