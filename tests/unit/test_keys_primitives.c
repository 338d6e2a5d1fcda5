/* Building blocks of the key code: RC2, PBKDF2, the PKCS#12 KDF, base64, the DER
 * cursor and writer, BER normalisation, PEM. Vectors name their source. */
#include "tests/unit/check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base64.h"
#include "crypto/ber.h"
#include "crypto/der.h"
#include "crypto/pbe.h"
#include "crypto/pem.h"
#include "crypto/rc2.h"

static void test_rc2(void)
{
	/* RFC 2268 section 5: key, effective key bits, plaintext, ciphertext. */
	static const struct {
		const char *key;
		unsigned bits;
		const char *pt, *ct;
	} v[] = {
		{ "0000000000000000", 63, "0000000000000000", "ebb773f993278eff" },
		{ "ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49" },
		{ "3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2" },
		{ "88", 64, "0000000000000000", "61a8a244adacccf0" },
		{ "88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f" },
		{ "88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1" },
		{ "88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6" },
		{ "88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e", 129,
		  "0000000000000000", "5b78d3a43dfff1f1" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t klen, plen, clen;
		uint8_t *key = check_unhex(v[i].key, &klen), *pt = check_unhex(v[i].pt, &plen),
			*ct = check_unhex(v[i].ct, &clen), block[8];
		struct rc2_key ctx;
		char what[80];
		CHECK(rc2_set_key(&ctx, key, klen, v[i].bits) == 0, "RFC 2268 vector %zu: key set", i + 1);
		memcpy(block, pt, 8);
		rc2_encrypt_block(&ctx, block);
		snprintf(what, sizeof(what), "RFC 2268 vector %zu: encrypts", i + 1);
		CHECK_BYTES(block, 8, ct, 8, what);
		rc2_decrypt_block(&ctx, block);
		snprintf(what, sizeof(what), "RFC 2268 vector %zu: decrypts back", i + 1);
		CHECK_BYTES(block, 8, pt, 8, what);
		free(key);
		free(pt);
		free(ct);
	}
	{
		struct rc2_key ctx;
		CHECK(rc2_set_key(&ctx, (const uint8_t *)"", 0, 40) == -EINVAL, "RC2: empty key rejected");
	}
}

static void test_pbkdf2(void)
{
	uint8_t out[64];
	size_t n;
	uint8_t *want;

	/* RFC 6070 test vectors (PBKDF2-HMAC-SHA1). */
	pbkdf2(SIG_HASH_SHA1, (const uint8_t *)"password", 8, (const uint8_t *)"salt", 4, 1, out, 20);
	want = check_unhex("0c60c80f961f0e71f3a9b524af6012062fe037a6", &n);
	CHECK_BYTES(out, 20, want, n, "PBKDF2-HMAC-SHA1 RFC 6070 c=1");
	free(want);
	pbkdf2(SIG_HASH_SHA1, (const uint8_t *)"password", 8, (const uint8_t *)"salt", 4, 4096, out, 20);
	want = check_unhex("4b007901b765489abead49d926f721d065a429c1", &n);
	CHECK_BYTES(out, 20, want, n, "PBKDF2-HMAC-SHA1 RFC 6070 c=4096");
	free(want);
	pbkdf2(SIG_HASH_SHA1, (const uint8_t *)"passwordPASSWORDpassword", 24,
	       (const uint8_t *)"saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4096, out, 25);
	want = check_unhex("3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038", &n);
	CHECK_BYTES(out, 25, want, n, "PBKDF2-HMAC-SHA1 RFC 6070 dkLen=25 (two blocks)");
	free(want);
	/* RFC 7914 section 11 (PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1). */
	pbkdf2(SIG_HASH_SHA256, (const uint8_t *)"passwd", 6, (const uint8_t *)"salt", 4, 1, out, 64);
	want = check_unhex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
			   "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
			   &n);
	CHECK_BYTES(out, 64, want, n, "PBKDF2-HMAC-SHA256 RFC 7914 section 11");
	free(want);
	CHECK(pbkdf2(SIG_HASH_SHA256, (const uint8_t *)"x", 1, NULL, 0, 0, out, 16) == -EINVAL,
	      "PBKDF2: zero iterations rejected");
}

static void test_pkcs12_kdf(void)
{
	uint8_t out[64], *pw, *want;
	size_t pw_len, n;

	CHECK(pkcs12_password("smeg", &pw, &pw_len) == 0, "PKCS#12 password encodes");
	want = check_unhex("0073006d006500670000", &n);
	CHECK_BYTES(pw, pw_len, want, n, "password as BMPString with 00 00 (RFC 7292 B.1)");
	free(want);
	/* BouncyCastle's PKCS12 KDF vector ("smeg", ID 1, 1 iteration), which OpenSSL 3
	 * "openssl kdf ... PKCS12KDF" reproduces. */
	pkcs12_kdf(SIG_HASH_SHA1, pw, pw_len, (const uint8_t *)"\x0a\x58\xcf\x64\x53\x0d\x82\x3f", 8,
		   1, 1, out, 24);
	want = check_unhex("8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3", &n);
	CHECK_BYTES(out, 24, want, n, "PKCS#12 KDF SHA-1 key (ID 1), two hash blocks");
	free(want);
	pbe_free(pw, pw_len);

	CHECK(pkcs12_password("foobar", &pw, &pw_len) == 0, "PKCS#12 password foobar");
	/* Expected values computed with OpenSSL 3.0: openssl kdf -keylen N -kdfopt digest:H
	 * -kdfopt hexpass:0066006f006f0062006100720000 -kdfopt hexsalt:0001020304050607
	 * -kdfopt iter:I -kdfopt id:D PKCS12KDF */
	pkcs12_kdf(SIG_HASH_SHA256, pw, pw_len, (const uint8_t *)"\0\1\2\3\4\5\6\7", 8, 3, 2048, out,
		   32);
	want = check_unhex("c46a32ba51a8ccff59565dc06cc0b599ded3737dcee791ebe178b2b4e16719ad", &n);
	CHECK_BYTES(out, 32, want, n, "PKCS#12 KDF SHA-256 MAC key (ID 3), 2048 iterations");
	free(want);
	pkcs12_kdf(SIG_HASH_SHA512, pw, pw_len, (const uint8_t *)"\0\1\2\3\4\5\6\7", 8, 1, 3, out, 48);
	want = check_unhex("2344a815badecb16788ea7b4da73ba2625764ac5c90b70677bf83575f61b4a52"
			   "c662b0baf4ae93ee27db855d34e18e9b",
			   &n);
	CHECK_BYTES(out, 48, want, n, "PKCS#12 KDF SHA-512 (128-byte blocks)");
	free(want);
	pbe_free(pw, pw_len);

	CHECK(pkcs12_password("\xc3\xa9t\xf0\x9f\x94\x91", &pw, &pw_len) == 0, "UTF-8 password");
	want = check_unhex("00e90074d83ddd110000", &n);
	CHECK_BYTES(pw, pw_len, want, n, "UTF-8 -> UTF-16BE with a surrogate pair");
	free(want);
	pbe_free(pw, pw_len);
}

static void test_base64(void)
{
	/* RFC 4648 section 10. */
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const out[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=",
					   "Zm9vYmFy" };
	char text[16];
	uint8_t bytes[16];
	size_t n;

	for (size_t i = 0; i < 7; i++) {
		base64_encode((const uint8_t *)in[i], strlen(in[i]), text);
		CHECK_STR(text, out[i], "base64 encode RFC 4648 vector");
		CHECK(base64_decode(out[i], strlen(out[i]), bytes, &n) == 0 && n == strlen(in[i]) &&
			      memcmp(bytes, in[i], n) == 0,
		      "base64 decode '%s'", out[i]);
	}
	CHECK(base64_decode("Zm9v\nYmFy", 9, bytes, &n) == 0 && n == 6, "base64: newlines skipped");
	CHECK(base64_decode("Zm9", 3, bytes, &n) == -EINVAL, "base64: missing padding rejected");
	CHECK(base64_decode("Zg==Zg==", 8, bytes, &n) == -EINVAL, "base64: data after padding rejected");
	CHECK(base64_decode("Zh==", 4, bytes, &n) == -EINVAL, "base64: non-zero trailing bits rejected");
	CHECK(base64_decode("Z!==", 4, bytes, &n) == -EINVAL, "base64: bad character rejected");
}

static void test_der(void)
{
	static const uint8_t seq[] = { 0x30, 0x81, 0x03, 0x02, 0x01, 0x05 };
	struct der in = DER(seq, sizeof(seq)), val;
	uint32_t small;
	struct der_out out = { 0 };
	uint8_t *enc, big[300];
	size_t len;

	CHECK(der_read(&in, DER_SEQUENCE, &val) == 0 && der_end(&in) == 0,
	      "DER: long-form length read");
	CHECK(der_read_small(&val, &small) == 0 && small == 5, "DER: small INTEGER 5");
	in = DER(seq, 5);
	CHECK(der_read(&in, DER_SEQUENCE, &val) == -EBADMSG, "DER: truncated element rejected");
	in = DER("\x30\x85\x00\x00\x00\x00\x01", 7);
	CHECK(der_read(&in, DER_SEQUENCE, &val) == -EBADMSG, "DER: 5-byte length rejected");
	in = DER("\x30\x80\x00\x00", 4);
	CHECK(der_read(&in, DER_SEQUENCE, &val) == -EBADMSG, "DER: indefinite length rejected");
	in = DER("\x02\x01\x80", 3);
	CHECK(der_read_uint(&in, &val) == -EBADMSG, "DER: negative INTEGER rejected as uint");
	in = DER("\x02\x02\x00\x80", 4);
	CHECK(der_read_uint(&in, &val) == 0 && val.len == 1 && val.ptr[0] == 0x80,
	      "DER: uint strips the sign byte");

	memset(big, 0xab, sizeof(big));
	der_put_uint(&out, (const uint8_t *)"\x00\x00\x80", 3);
	{
		size_t mark = der_open(&out, DER_SEQUENCE);
		der_put(&out, DER_OCTET_STRING, big, sizeof(big));
		der_close(&out, mark);
	}
	CHECK(der_out_take(&out, &enc, &len) == 0, "DER writer: output taken");
	CHECK(len == 4 + 4 + 4 + 300 && !memcmp(enc, "\x02\x02\x00\x80\x30\x82\x01\x30\x04\x82\x01\x2c", 12),
	      "DER writer: INTEGER gets a sign byte, 2-byte lengths moved into place");
	free(enc);
}

static void test_ber(void)
{
	/* SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "c" } } */
	static const uint8_t ber[] = { 0x30, 0x80, 0x24, 0x80, 0x04, 0x02, 'a', 'b', 0x04, 0x01, 'c',
				       0x00, 0x00, 0x00, 0x00 };
	static const uint8_t der[] = { 0x30, 0x05, 0x04, 0x03, 'a', 'b', 'c' };
	uint8_t *out;
	size_t len;

	CHECK(ber_to_der(ber, sizeof(ber), &out, &len) == 0, "BER: indefinite and chunked accepted");
	CHECK_BYTES(out, len, der, sizeof(der), "BER -> DER: lengths fixed, chunks joined");
	free(out);
	CHECK(ber_to_der(ber, sizeof(ber) - 2, &out, &len) == -EINVAL, "BER: missing end-of-contents");
	CHECK(ber_to_der(der, sizeof(der) + 0, &out, &len) == 0 && len == sizeof(der),
	      "BER: DER passes unchanged");
	free(out);
}

static void test_pem(void)
{
	static const char text[] = "junk\n-----BEGIN TEST-----\nZm9v\nYmFy\n-----END TEST-----\n"
				   "-----BEGIN X-----\nZm9v\n-----END Y-----\n";
	struct pem_block b;
	size_t pos = 0;
	char *enc;

	CHECK(pem_next(text, strlen(text), &pos, &b) == 0 && strcmp(b.label, "TEST") == 0 &&
		      b.len == 6 && memcmp(b.der, "foobar", 6) == 0,
	      "PEM: block found after junk");
	pem_block_free(&b);
	CHECK(pem_next(text, strlen(text), &pos, &b) == -EINVAL, "PEM: mismatched END label rejected");
	enc = pem_encode("TEST", (const uint8_t *)"foobar", 6);
	CHECK_STR(enc, "-----BEGIN TEST-----\nZm9vYmFy\n-----END TEST-----\n", "PEM: encoded");
	free(enc);
}

int main(void)
{
	test_rc2();
	test_pbkdf2();
	test_pkcs12_kdf();
	test_base64();
	test_der();
	test_ber();
	test_pem();
	return check_done();
}
