#include "crypto/digest.h"

#include <bearssl.h>

void sha1_parts(const struct chunk *parts, size_t nparts, uint8_t out[SHA1_LEN])
{
	br_sha1_context c;
	br_sha1_init(&c);
	for (size_t i = 0; i < nparts; i++)
		br_sha1_update(&c, parts[i].ptr, parts[i].len);
	br_sha1_out(&c, out);
}

void sha256_parts(const struct chunk *parts, size_t nparts, uint8_t out[SHA256_LEN])
{
	br_sha256_context c;
	br_sha256_init(&c);
	for (size_t i = 0; i < nparts; i++)
		br_sha256_update(&c, parts[i].ptr, parts[i].len);
	br_sha256_out(&c, out);
}
