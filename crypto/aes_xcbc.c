#include "crypto/aes_xcbc.h"

#include <string.h>

#include "crypto/accel.h"
#include "crypto/chunk.h"

/* One CBC step: mac = E(K1, mac ^ block). */
static void xcbc_block(struct aes_xcbc *x, const uint8_t block[16])
{
	uint8_t b[16];

	memcpy(b, block, 16);
	x->k1.vtable->run(&x->k1.vtable, x->mac, b, 16);
	wipe(b, sizeof(b));
}

void aes_xcbc_init(struct aes_xcbc *x, const uint8_t key[AES_XCBC_KEY])
{
	const br_block_cbcenc_class *aes = accel_aes_cbcenc();
	br_aes_gen_cbcenc_keys k;
	uint8_t k1[16], iv[16];

	/* RFC 3566 section 4: K1, K2, K3 = E(K, 0x01..), E(K, 0x02..), E(K, 0x03..);
	 * a CBC run from a zero IV over one block is a plain block encryption. */
	aes->init(&k.vtable, key, AES_XCBC_KEY);
	memset(k1, 0x01, 16);
	memset(x->k2, 0x02, 16);
	memset(x->k3, 0x03, 16);
	memset(iv, 0, 16);
	aes->run(&k.vtable, iv, k1, 16);
	memset(iv, 0, 16);
	aes->run(&k.vtable, iv, x->k2, 16);
	memset(iv, 0, 16);
	aes->run(&k.vtable, iv, x->k3, 16);
	aes->init(&x->k1.vtable, k1, 16);
	memset(x->mac, 0, 16);
	x->last_len = 0;
	wipe(&k, sizeof(k));
	wipe(k1, sizeof(k1));
}

void aes_xcbc_update(struct aes_xcbc *x, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len > 0) {
		size_t n;

		if (x->last_len == 16) {
			/* More data follows, so the held block is not the last one. */
			xcbc_block(x, x->last);
			x->last_len = 0;
		}
		n = 16 - x->last_len;
		if (n > len)
			n = len;
		memcpy(x->last + x->last_len, p, n);
		x->last_len += n;
		p += n;
		len -= n;
	}
}

void aes_xcbc_final(struct aes_xcbc *x, uint8_t out[AES_XCBC_OUT])
{
	const uint8_t *k = x->k2;

	/* RFC 3566 section 4 steps 3a/3b: a complete final block is masked with K2,
	 * a partial (or empty) one is padded 0x80 0x00... and masked with K3. */
	if (x->last_len < 16) {
		x->last[x->last_len] = 0x80;
		memset(x->last + x->last_len + 1, 0, 15 - x->last_len);
		k = x->k3;
	}
	for (size_t i = 0; i < 16; i++)
		x->last[i] ^= k[i];
	x->k1.vtable->run(&x->k1.vtable, x->mac, x->last, 16);
	memcpy(out, x->mac, AES_XCBC_OUT);
	wipe(x, sizeof(*x));
}
