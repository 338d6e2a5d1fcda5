/* Debian's libbearssl.a was compiled with _FORTIFY_SOURCE against glibc; musl has no
 * __*_chk entry points, so provide them here, checking the destination size as
 * glibc does. Unused (and harmless) in glibc builds, whose own definitions win. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifndef __GLIBC__
void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dstlen);
void *__memmove_chk(void *dst, const void *src, size_t n, size_t dstlen);
void *__memset_chk(void *dst, int c, size_t n, size_t dstlen);

void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dstlen)
{
	if (n > dstlen)
		abort();
	return memcpy(dst, src, n);
}

void *__memmove_chk(void *dst, const void *src, size_t n, size_t dstlen)
{
	if (n > dstlen)
		abort();
	return memmove(dst, src, n);
}

void *__memset_chk(void *dst, int c, size_t n, size_t dstlen)
{
	if (n > dstlen)
		abort();
	return memset(dst, c, n);
}
#endif
