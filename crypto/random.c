#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "crypto/random.h"

/* Blocks until the kernel's pool is initialised (flags 0), which is what keys
 * need; never falls back to anything weaker. */
void random_bytes(void *out, size_t len)
{
	uint8_t *p = out;

	while (len > 0) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "FATAL: getrandom: %s; refusing to run without randomness\n",
				strerror(errno));
			abort();
		}
		p += n;
		len -= (size_t)n;
	}
}
