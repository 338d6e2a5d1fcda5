/* Digests by RFC 7427 number (see sighash.h). */
#include "crypto/sighash.h"

static const struct sighash hashes[] = {
	{ SIG_HASH_SHA1, &br_sha1_vtable, 20, 64, BR_HASH_OID_SHA1 },
	{ SIG_HASH_SHA256, &br_sha256_vtable, 32, 64, BR_HASH_OID_SHA256 },
	{ SIG_HASH_SHA384, &br_sha384_vtable, 48, 128, BR_HASH_OID_SHA384 },
	{ SIG_HASH_SHA512, &br_sha512_vtable, 64, 128, BR_HASH_OID_SHA512 },
};

const struct sighash *sighash_by_id(enum sig_hash id)
{
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (hashes[i].id == id)
			return &hashes[i];
	return NULL;
}

void sighash_compute(const struct sighash *desc, const void *data, size_t len, uint8_t *out)
{
	br_hash_compat_context ctx;

	desc->vtable->init(&ctx.vtable);
	desc->vtable->update(&ctx.vtable, data, len);
	desc->vtable->out(&ctx.vtable, out);
}
