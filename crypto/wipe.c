#include <string.h>

#include "crypto/chunk.h"

/* explicit_bzero (glibc 2.25, musl 1.1.20) is the one memset the optimiser must
 * keep even when the buffer is dead afterwards. */
void wipe(void *p, size_t n)
{
	if (n)
		explicit_bzero(p, n);
}
