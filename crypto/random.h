/* Randomness from getrandom(2); aborts the process if the kernel cannot supply it
 * (a VPN must never run on predictable keys). */
#ifndef CRYPTO_RANDOM_H
#define CRYPTO_RANDOM_H
#include <stddef.h>

void random_bytes(void *out, size_t len);

#endif
