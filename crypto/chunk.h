/* A borrowed byte range: how byte strings are passed to crypto/ without copies. */
#ifndef CRYPTO_CHUNK_H
#define CRYPTO_CHUNK_H
#include <stddef.h>
#include <stdint.h>

struct chunk {
	const uint8_t *ptr;
	size_t len;
};

#define CHUNK(p, n) ((struct chunk){ (const uint8_t *)(p), (n) })

/* Overwrites n bytes with zeros in a way the compiler may not elide. */
void wipe(void *p, size_t n);

#endif
