/* Known answers for crypto/prf.h: the HMAC PRFs, AES-XCBC-PRF-128 and prf+. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/prf.h"
#include "tests/unit/check.h"

enum {
	PRF_HMAC_SHA1 = 2,
	PRF_AES128_XCBC = 4,
	PRF_HMAC_SHA2_256 = 5,
	PRF_HMAC_SHA2_384 = 6,
	PRF_HMAC_SHA2_512 = 7,
};

struct prf_kat {
	const char *source;
	uint16_t prf;
	const char *key;  /* hex */
	const char *data; /* hex, or NULL and text */
	const char *text;
	const char *out;  /* hex; shorter than the PRF output for truncated tests */
};

static const struct prf_kat hmac_kats[] = {
	{ "RFC 2202 section 3 test case 1", PRF_HMAC_SHA1,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  NULL, "Hi There",
	  "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ "RFC 2202 section 3 test case 2", PRF_HMAC_SHA1,
	  "4a656665",
	  NULL, "what do ya want for nothing?",
	  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
	{ "RFC 2202 section 3 test case 3", PRF_HMAC_SHA1,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	  "dddddddddddddddddddddddddddddddddddd", NULL,
	  "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
	{ "RFC 2202 section 3 test case 4", PRF_HMAC_SHA1,
	  "0102030405060708090a0b0c0d0e0f10111213141516171819",
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", NULL,
	  "4c9007f4026250c6bc8414f9bf50c86c2d7235da" },
	{ "RFC 2202 section 3 test case 5", PRF_HMAC_SHA1,
	  "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
	  NULL, "Test With Truncation",
	  "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04" },
	{ "RFC 2202 section 3 test case 6", PRF_HMAC_SHA1,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
	  "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
	{ "RFC 2202 section 3 test case 7", PRF_HMAC_SHA1,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  NULL, "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
	  "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
	{ "RFC 4231 section 4.2 test case 1", PRF_HMAC_SHA2_256,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  NULL, "Hi There",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ "RFC 4231 section 4.2 test case 1", PRF_HMAC_SHA2_384,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  NULL, "Hi There",
	  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	  "faea9ea9076ede7f4af152e8b2fa9cb6" },
	{ "RFC 4231 section 4.2 test case 1", PRF_HMAC_SHA2_512,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  NULL, "Hi There",
	  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
	{ "RFC 4231 section 4.3 test case 2", PRF_HMAC_SHA2_256,
	  "4a656665",
	  NULL, "what do ya want for nothing?",
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ "RFC 4231 section 4.3 test case 2", PRF_HMAC_SHA2_384,
	  "4a656665",
	  NULL, "what do ya want for nothing?",
	  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	  "8e2240ca5e69e2c78b3239ecfab21649" },
	{ "RFC 4231 section 4.3 test case 2", PRF_HMAC_SHA2_512,
	  "4a656665",
	  NULL, "what do ya want for nothing?",
	  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
	{ "RFC 4231 section 4.4 test case 3", PRF_HMAC_SHA2_256,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	  "dddddddddddddddddddddddddddddddddddd", NULL,
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
	{ "RFC 4231 section 4.4 test case 3", PRF_HMAC_SHA2_384,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	  "dddddddddddddddddddddddddddddddddddd", NULL,
	  "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
	  "2a5ab39dc13814b94e3ab6e101a34f27" },
	{ "RFC 4231 section 4.4 test case 3", PRF_HMAC_SHA2_512,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	  "dddddddddddddddddddddddddddddddddddd", NULL,
	  "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
	  "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb" },
	{ "RFC 4231 section 4.5 test case 4", PRF_HMAC_SHA2_256,
	  "0102030405060708090a0b0c0d0e0f10111213141516171819",
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", NULL,
	  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
	{ "RFC 4231 section 4.5 test case 4", PRF_HMAC_SHA2_384,
	  "0102030405060708090a0b0c0d0e0f10111213141516171819",
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", NULL,
	  "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
	  "6801dd23c4a7d679ccf8a386c674cffb" },
	{ "RFC 4231 section 4.5 test case 4", PRF_HMAC_SHA2_512,
	  "0102030405060708090a0b0c0d0e0f10111213141516171819",
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", NULL,
	  "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
	  "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd" },
	{ "RFC 4231 section 4.6 test case 5", PRF_HMAC_SHA2_256,
	  "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
	  NULL, "Test With Truncation",
	  "a3b6167473100ee06e0c796c2955552b" },
	{ "RFC 4231 section 4.6 test case 5", PRF_HMAC_SHA2_384,
	  "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
	  NULL, "Test With Truncation",
	  "3abf34c3503b2a23a46efc619baef897" },
	{ "RFC 4231 section 4.6 test case 5", PRF_HMAC_SHA2_512,
	  "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
	  NULL, "Test With Truncation",
	  "415fad6271580a531d4179bc891d87a6" },
	{ "RFC 4231 section 4.7 test case 6", PRF_HMAC_SHA2_256,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa",
	  NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	{ "RFC 4231 section 4.7 test case 6", PRF_HMAC_SHA2_384,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa",
	  NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
	  "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	  "0c2ef6ab4030fe8296248df163f44952" },
	{ "RFC 4231 section 4.7 test case 6", PRF_HMAC_SHA2_512,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa",
	  NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
	  "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
	{ "RFC 4231 section 4.8 test case 7", PRF_HMAC_SHA2_256,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa",
	  NULL, "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
	{ "RFC 4231 section 4.8 test case 7", PRF_HMAC_SHA2_384,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa",
	  NULL, "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
	  "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
	  "a678cc31e799176d3860e6110c46523e" },
	{ "RFC 4231 section 4.8 test case 7", PRF_HMAC_SHA2_512,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa",
	  NULL, "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
	  "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	  "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" },
};

/* RFC 4434 section 4 (keys of 16, 10 and 18 bytes; the 10-byte key is padded
 * with zeros, the 18-byte one first reduced with AES-XCBC-MAC under a zero key)
 * and RFC 3566 section 4.6 test cases 1-7 (full 128-bit AES-XCBC-MAC, which is
 * what AES-XCBC-PRF-128 is for a 16-byte key). Test case 7 is 1000 zero bytes. */
static const struct prf_kat xcbc_kats[] = {
	{ "RFC 4434 section 4, 16-byte key", PRF_AES128_XCBC,
	  "000102030405060708090a0b0c0d0e0f", "000102030405060708090a0b0c0d0e0f10111213",
	  NULL, "47f51b4564966215b8985c63055ed308" },
	{ "RFC 4434 section 4, 10-byte key", PRF_AES128_XCBC, "00010203040506070809",
	  "000102030405060708090a0b0c0d0e0f10111213", NULL,
	  "0fa087af7d866e7653434e602fdde835" },
	{ "RFC 4434 section 4, 18-byte key", PRF_AES128_XCBC,
	  "000102030405060708090a0b0c0d0e0fedcb", "000102030405060708090a0b0c0d0e0f10111213",
	  NULL, "8cd3c93ae598a9803006ffb67c40e9e4" },
	{ "RFC 3566 section 4.6 test case 1", PRF_AES128_XCBC,
	  "000102030405060708090a0b0c0d0e0f", "", NULL, "75f0251d528ac01c4573dfd584d79f29" },
	{ "RFC 3566 section 4.6 test case 2", PRF_AES128_XCBC,
	  "000102030405060708090a0b0c0d0e0f", "000102", NULL,
	  "5b376580ae2f19afe7219ceef172756f" },
	{ "RFC 3566 section 4.6 test case 3", PRF_AES128_XCBC,
	  "000102030405060708090a0b0c0d0e0f", "000102030405060708090a0b0c0d0e0f", NULL,
	  "d2a246fa349b68a79998a4394ff7a263" },
	{ "RFC 3566 section 4.6 test case 5", PRF_AES128_XCBC,
	  "000102030405060708090a0b0c0d0e0f",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", NULL,
	  "f54f0ec8d2b9f3d36807734bd5283fd4" },
	{ "RFC 3566 section 4.6 test case 6", PRF_AES128_XCBC,
	  "000102030405060708090a0b0c0d0e0f",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021", NULL,
	  "becbb3bccdb518a30677d5481fb6b4d8" },
};

static uint8_t *kat_data(const struct prf_kat *k, size_t *len)
{
	if (k->data)
		return check_unhex(k->data, len);
	*len = strlen(k->text);
	return (uint8_t *)strdup(k->text);
}

static void run_kat(const struct prf_kat *k)
{
	const struct prf_desc *d = prf_lookup(k->prf);
	size_t klen, dlen, olen;
	uint8_t *key = check_unhex(k->key, &klen);
	uint8_t *data = kat_data(k, &dlen);
	uint8_t *want = check_unhex(k->out, &olen);
	uint8_t out[PRF_MAX_OUT];
	struct chunk part = CHUNK(data, dlen);

	CHECK(d != NULL, "%s: PRF %u known", k->source, k->prf);
	if (!d)
		goto out;
	prf_compute(d, key, klen, &part, 1, out);
	CHECK_BYTES(out, olen, want, olen, k->source);
out:
	free(key);
	free(data);
	free(want);
}

/* Feeding the data in odd pieces must not change the result: XCBC holds the
 * last block back until it knows it is the last. */
static void test_incremental(void)
{
	static const uint8_t key[16] = { 0 };
	uint8_t data[1000], one[PRF_MAX_OUT], inc[PRF_MAX_OUT];
	const size_t cuts[] = { 1, 15, 16, 17, 32, 33, 128 };

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	for (size_t p = 0; prf_at(p); p++) {
		const struct prf_desc *d = prf_at(p);
		struct chunk whole = CHUNK(data, sizeof(data));

		prf_compute(d, key, sizeof(key), &whole, 1, one);
		for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
			struct prf_ctx ctx;
			size_t off = 0;

			prf_init(&ctx, d, key, sizeof(key));
			while (off < sizeof(data)) {
				size_t n = sizeof(data) - off < cuts[c] ? sizeof(data) - off : cuts[c];

				prf_update(&ctx, data + off, n);
				off += n;
			}
			prf_final(&ctx, inc);
			CHECK(memcmp(one, inc, d->out_len) == 0, "%s over 1000 bytes in %zu-byte pieces",
			      d->name, cuts[c]);
		}
	}

	/* RFC 3566 section 4.6 test case 7: 1000 zero bytes, one byte at a time. */
	{
		static const uint8_t zero[1000];
		size_t klen, wlen;
		uint8_t *k = check_unhex("000102030405060708090a0b0c0d0e0f", &klen);
		uint8_t *want = check_unhex("f0dafee895db30253761103b5d84528f", &wlen);
		struct prf_ctx ctx;

		prf_init(&ctx, prf_lookup(PRF_AES128_XCBC), k, klen);
		for (size_t i = 0; i < sizeof(zero); i++)
			prf_update(&ctx, zero + i, 1);
		prf_final(&ctx, one);
		CHECK_BYTES(one, 16, want, wlen, "RFC 3566 section 4.6 test case 7, byte by byte");
		free(k);
		free(want);
	}
}

/* No published prf+ vectors exist; these were computed with Python's hmac:
 *   python3 -c 'import hmac,hashlib
 *   K=bytes(range(32)); S=bytes(range(0x40,0x60))+bytes(range(0xa0,0xb0)); T=o=b""
 *   for n in range(1,8): T=hmac.new(K,T+S+bytes([n]),hashlib.sha256).digest(); o+=T
 *   print(o[:200].hex())'
 * and the same with K=bytes(range(20)), hashlib.sha1, n in range(1,4), o[:45].
 * S is passed as Ni | Nr | SPIi | SPIr in four pieces, as keymat.c does. */
static void test_prf_plus(void)
{
	static const char sha256_200[] =
		"3fe9910b350c5445fdf5201c065f04069ffa7ab9fdbb8ee79f50127044209176"
		"6998b58150aa37f5fa391938f1599f7cbe8aeb24265aeb11422d063625e1557d"
		"19407799c28acb40d5f5f87f35047ec63695252fa51a7a36c99a7a6d2ab8732f"
		"ecefb6eed25734671ab1b17ab745582fffbfaea8aae3d2cfb1bf6be4f7e1aecc"
		"fa33f1dec97cd1bcb03d10ab9eeab0d268f6b8f226ccc6d18ac4ae8a152c5017"
		"b46a849b03b76dc234f83302c7eb382b9bc55ead17bc544f75634b326afab245"
		"3d795a4e78d5693c";
	static const char sha1_45[] =
		"2c7dbe8281f15a96ae8966b3e6a0a603926e7b2f1247247cff2fa80d4a25925e"
		"a11ea7ef91f7be53e2e8be881d";
	uint8_t key[32], s[48], out[255 * 32 + 1];
	struct chunk seed[4];
	size_t wlen;
	uint8_t *want;
	const struct prf_desc *sha256 = prf_lookup(PRF_HMAC_SHA2_256);

	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	for (size_t i = 0; i < 32; i++)
		s[i] = (uint8_t)(0x40 + i);
	for (size_t i = 0; i < 16; i++)
		s[32 + i] = (uint8_t)(0xa0 + i);
	seed[0] = CHUNK(s, 16);
	seed[1] = CHUNK(s + 16, 16);
	seed[2] = CHUNK(s + 32, 8);
	seed[3] = CHUNK(s + 40, 8);

	want = check_unhex(sha256_200, &wlen);
	CHECK(prf_plus(sha256, key, 32, seed, 4, out, 200) == 0, "prf+ HMAC_SHA2_256 200 bytes");
	CHECK_BYTES(out, 200, want, wlen, "prf+ HMAC_SHA2_256 (python3 hmac)");
	free(want);

	want = check_unhex(sha1_45, &wlen);
	CHECK(prf_plus(prf_lookup(PRF_HMAC_SHA1), key, 20, seed, 4, out, 45) == 0,
	      "prf+ HMAC_SHA1 45 bytes");
	CHECK_BYTES(out, 45, want, wlen, "prf+ HMAC_SHA1 (python3 hmac)");
	free(want);

	/* RFC 7296 2.13: the counter is one octet, so 255 blocks at most. */
	CHECK(prf_plus(sha256, key, 32, seed, 4, out, 255 * 32) == 0, "prf+ 255 blocks allowed");
	CHECK(prf_plus(sha256, key, 32, seed, 4, out, 255 * 32 + 1) == -EINVAL,
	      "prf+ 255 blocks + 1 byte refused");

	/* With AES-XCBC, T1 and T2 follow the definition (the PRF itself is
	 * checked against RFC 4434 above). */
	{
		const struct prf_desc *x = prf_lookup(PRF_AES128_XCBC);
		uint8_t t1[16], t2[16], one = 1, two = 2;
		struct chunk p1[5] = { seed[0], seed[1], seed[2], seed[3], CHUNK(&one, 1) };
		struct chunk p2[6] = { CHUNK(t1, 16), seed[0], seed[1], seed[2], seed[3],
				       CHUNK(&two, 1) };

		prf_compute(x, key, 16, p1, 5, t1);
		prf_compute(x, key, 16, p2, 6, t2);
		CHECK(prf_plus(x, key, 16, seed, 4, out, 20) == 0, "prf+ AES_XCBC 20 bytes");
		CHECK_BYTES(out, 16, t1, 16, "prf+ AES_XCBC T1 = prf(K, S | 0x01)");
		CHECK_BYTES(out + 16, 4, t2, 4, "prf+ AES_XCBC T2 = prf(K, T1 | S | 0x02)");
	}
}

static void test_table(void)
{
	static const struct {
		uint16_t id;
		const char *name;
		size_t out_len;
		bool fips;
	} want[] = {
		{ PRF_HMAC_SHA1, "HMAC_SHA1", 20, true },
		{ PRF_AES128_XCBC, "AES_XCBC", 16, false },
		{ PRF_HMAC_SHA2_256, "HMAC_SHA2_256", 32, true },
		{ PRF_HMAC_SHA2_384, "HMAC_SHA2_384", 48, true },
		{ PRF_HMAC_SHA2_512, "HMAC_SHA2_512", 64, true },
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct prf_desc *d = prf_lookup(want[i].id);

		CHECK(d && strcmp(d->name, want[i].name) == 0 && d->out_len == want[i].out_len &&
			      d->key_len == want[i].out_len && d->fips == want[i].fips,
		      "prf_lookup(%u) is %s, %zu bytes, fips %d", want[i].id, want[i].name,
		      want[i].out_len, want[i].fips);
	}
	while (prf_at(n))
		n++;
	CHECK(n == 5, "prf_at lists 5 PRFs (got %zu)", n);
	CHECK(prf_lookup(1) == NULL, "HMAC_MD5 (1) is not offered");
}

int main(void)
{
	for (size_t i = 0; i < sizeof(hmac_kats) / sizeof(hmac_kats[0]); i++)
		run_kat(&hmac_kats[i]);
	for (size_t i = 0; i < sizeof(xcbc_kats) / sizeof(xcbc_kats[0]); i++)
		run_kat(&xcbc_kats[i]);
	test_incremental();
	test_prf_plus();
	test_table();
	return check_done();
}
