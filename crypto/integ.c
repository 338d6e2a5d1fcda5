#include <bearssl.h>
#include <string.h>

#include "crypto/aes_xcbc.h"
#include "crypto/cipher.h"

/* Truncation lengths: RFC 2404 (SHA-1), RFC 3566 (XCBC), RFC 4868 (SHA-2). */
static const struct integ_desc integs[] = {
	{ .id = 12, .name = "HMAC_SHA2_256_128", .key_len = 32, .icv_len = 16, .fips = true },
	{ .id = 13, .name = "HMAC_SHA2_384_192", .key_len = 48, .icv_len = 24, .fips = true },
	{ .id = 14, .name = "HMAC_SHA2_512_256", .key_len = 64, .icv_len = 32, .fips = true },
	{ .id = 2, .name = "HMAC_SHA1_96", .key_len = 20, .icv_len = 12, .fips = true },
	{ .id = 5, .name = "AES_XCBC_96", .key_len = 16, .icv_len = 12, .fips = false },
};

#define INTEG_AES_XCBC_96 5

const struct integ_desc *integ_lookup(uint16_t id)
{
	for (size_t i = 0; i < sizeof(integs) / sizeof(integs[0]); i++)
		if (integs[i].id == id)
			return &integs[i];
	return NULL;
}

const struct integ_desc *integ_at(size_t i)
{
	return i < sizeof(integs) / sizeof(integs[0]) ? &integs[i] : NULL;
}

static const br_hash_class *integ_hash(const struct integ_desc *desc)
{
	switch (desc->id) {
	case 2:
		return &br_sha1_vtable;
	case 12:
		return &br_sha256_vtable;
	case 13:
		return &br_sha384_vtable;
	default:
		return &br_sha512_vtable;
	}
}

void integ_compute(const struct integ_desc *desc, const uint8_t *key,
		   const struct chunk *parts, size_t nparts, uint8_t *icv)
{
	uint8_t full[64];

	if (desc->id == INTEG_AES_XCBC_96) {
		struct aes_xcbc x;

		aes_xcbc_init(&x, key);
		for (size_t i = 0; i < nparts; i++)
			aes_xcbc_update(&x, parts[i].ptr, parts[i].len);
		aes_xcbc_final(&x, full);
	} else {
		br_hmac_key_context kc;
		br_hmac_context hc;

		br_hmac_key_init(&kc, integ_hash(desc), key, desc->key_len);
		br_hmac_init(&hc, &kc, 0);
		for (size_t i = 0; i < nparts; i++)
			br_hmac_update(&hc, parts[i].ptr, parts[i].len);
		br_hmac_out(&hc, full);
		wipe(&kc, sizeof(kc));
		wipe(&hc, sizeof(hc));
	}
	memcpy(icv, full, desc->icv_len);
	wipe(full, sizeof(full));
}
