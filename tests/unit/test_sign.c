/* Signatures: RSA-PSS against the RSA Laboratories PKCS #1 v2.1 vectors
 * (pss-vect.txt, pkcs-1v2-1-vec.zip, example 1), and PKCS#1 v1.5, PSS and ECDSA
 * both ways with OpenSSL (fixtures from tests/data/keys/make-fixtures.sh, and
 * "openssl dgst -verify" run on our signatures). */
#include "tests/unit/check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/keys.h"
#include "crypto/pem.h"
#include "crypto/pss.h"
#include "crypto/sign.h"

#define DATA "tests/data/keys/"

/* pss-vect.txt, Example 1: a 1024-bit RSA key pair (n; e = 65537). */
static const char n1[] =
	"a56e4a0e701017589a5187dc7ea841d156f2ec0e36ad52a44dfeb1e61f7ad991d8c51056ffedb162b4c0f283a12a88a3"
	"94dff526ab7291cbb307ceabfce0b1dfd5cd9508096d5b2b8b6df5d671ef6377c0921cb23c270a70e2598e6ff89d19f1"
	"05acc2d3f0cb35f29280e1386b6f64c4ef22e1e1f20d0ce8cffb2249bd9a2137";
static const struct {
	const char *msg, *salt, *sig;
} ex1[] = {
	{ /* Example 1.1 */
	  "cdc87da223d786df3b45e0bbbc721326d1ee2af806cc315475cc6f0d9c66e1b62371d45ce2392e1ac92844c310102f15"
	  "6a0d8d52c1f4c40ba3aa65095786cb769757a6563ba958fed0bcc984e8b517a3d5f515b23b8a41e74aa867693f90dfb0"
	  "61a6e86dfaaee64472c00e5f20945729cbebe77f06ce78e08f4098fba41f9d6193c0317e8b60d4b6084acb42d29e3808"
	  "a3bc372d85e331170fcbf7cc72d0b71c296648b3a4d10f416295d0807aa625cab2744fd9ea8fd223c42537029828bd16"
	  "be02546f130fd2e33b936d2676e08aed1b73318b750a0167d0",
	  "dee959c7e06411361420ff80185ed57f3e6776af",
	  "9074308fb598e9701b2294388e52f971faac2b60a5145af185df5287b5ed2887e57ce7fd44dc8634e407c8e0e4360bc2"
	  "26f3ec227f9d9e54638e8d31f5051215df6ebb9c2f9579aa77598a38f914b5b9c1bd83c4e2f9f382a0d0aa3542ffee65"
	  "984a601bc69eb28deb27dca12c82c2d4c3f66cd500f1ff2b994d8a4e30cbb33c" },
	{ /* Example 1.2 */
	  "851384cdfe819c22ed6c4ccb30daeb5cf059bc8e1166b7e3530c4c233e2b5f8f71a1cca582d43ecc72b1bca16dfc7013"
	  "226b9e",
	  "ef2869fa40c346cb183dab3d7bffc98fd56df42d",
	  "3ef7f46e831bf92b32274142a585ffcefbdca7b32ae90d10fb0f0c729984f04ef29a9df0780775ce43739b97838390db"
	  "0a5505e63de927028d9d29b219ca2c4517832558a55d694a6d25b9dab66003c4cccd907802193be5170d26147d37b935"
	  "90241be51c25055f47ef62752cfbe21418fafe98c22c4d4d47724fdb5669e843" },
	{ /* Example 1.4 */
	  "bc656747fa9eafb3f0",
	  "056f00985de14d8ef5cea9e82f8c27bef720335e",
	  "4609793b23e9d09362dc21bb47da0b4f3a7622649a47d464019b9aeafe53359c178c91cd58ba6bcb78be0346a7bc637f"
	  "4b873d4bab38ee661f199634c547a1ad8442e03da015b136e543f7ab07c0c13e4225b8de8cce25d4f6eb8400f81f7e18"
	  "33b7ee6e334d370964ca79fdb872b4d75223b5eeb08101591fb532d155a6de87" },
};

static void test_pss_vectors(void)
{
	size_t nlen, blob_len;
	uint8_t *n = check_unhex(n1, &nlen), *blob = malloc(nlen + 4);
	struct pubkey *key = NULL;

	blob[0] = 3;
	memcpy(blob + 1, "\x01\x00\x01", 3);
	memcpy(blob + 4, n, nlen);
	blob_len = nlen + 4;
	CHECK(pubkey_from_rfc3110(blob, blob_len, &key) == 0, "pss-vect example 1 key");
	for (size_t i = 0; key && i < sizeof(ex1) / sizeof(ex1[0]); i++) {
		size_t mlen, slen, siglen;
		uint8_t *msg = check_unhex(ex1[i].msg, &mlen), *salt = check_unhex(ex1[i].salt, &slen),
			*sig = check_unhex(ex1[i].sig, &siglen), em[128];
		CHECK(sig_verify(key, SIG_RSA_PSS, SIG_HASH_SHA1, msg, mlen, sig, siglen) == 0,
		      "pss-vect example 1.%zu verifies", i + 1);
		/* Encoding with the vector's salt gives the EM that sig^e mod n yields;
		 * signing that EM is what sig_sign does. */
		CHECK(emsa_pss_encode(SIG_HASH_SHA1, msg, mlen, salt, slen, 1023, em) == 0 &&
			      emsa_pss_verify(SIG_HASH_SHA1, msg, mlen, slen, 1023, em) == 0,
		      "EMSA-PSS encode with the example 1.%zu salt verifies", i + 1);
		msg[0] ^= 1;
		CHECK(sig_verify(key, SIG_RSA_PSS, SIG_HASH_SHA1, msg, mlen, sig, siglen) == -EBADMSG,
		      "example 1.%zu: modified message rejected", i + 1);
		msg[0] ^= 1;
		sig[siglen - 1] ^= 0x40;
		CHECK(sig_verify(key, SIG_RSA_PSS, SIG_HASH_SHA1, msg, mlen, sig, siglen) == -EBADMSG,
		      "example 1.%zu: modified signature rejected", i + 1);
		CHECK(sig_verify(key, SIG_RSA_PSS, SIG_HASH_SHA1, msg, mlen, sig, siglen - 1) == -EBADMSG,
		      "example 1.%zu: short signature rejected", i + 1);
		free(msg);
		free(salt);
		free(sig);
	}
	pubkey_free(key);
	free(n);
	free(blob);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(1 << 16);

	*len = 0;
	if (f) {
		*len = fread(buf, 1, 1 << 16, f);
		fclose(f);
	}
	CHECK(f != NULL, "read %s", path);
	return buf;
}

static struct privkey *load_key(const char *name)
{
	size_t len, pos = 0;
	char path[128];
	uint8_t *text;
	struct pem_block b;
	struct privkey *key = NULL;

	snprintf(path, sizeof(path), DATA "%s", name);
	text = slurp(path, &len);
	if (pem_next((const char *)text, len, &pos, &b) == 0) {
		privkey_from_der(b.der, b.len, &key);
		pem_block_free(&b);
	}
	free(text);
	CHECK(key != NULL, "%s loaded", name);
	return key;
}

static const struct {
	const char *key, *sig, *dgst;
	enum sig_scheme scheme;
	enum sig_hash hash;
} cases[] = {
	{ "rsa2048.pem", "sig-rsa-pkcs1-sha1.bin", "sha1", SIG_RSA_PKCS1, SIG_HASH_SHA1 },
	{ "rsa2048.pem", "sig-rsa-pkcs1-sha256.bin", "sha256", SIG_RSA_PKCS1, SIG_HASH_SHA256 },
	{ "rsa2048.pem", "sig-rsa-pss-sha256.bin", "sha256", SIG_RSA_PSS, SIG_HASH_SHA256 },
	{ "rsa2048.pem", "sig-rsa-pss-sha384.bin", "sha384", SIG_RSA_PSS, SIG_HASH_SHA384 },
	{ "rsa2048.pem", "sig-rsa-pss-sha512.bin", "sha512", SIG_RSA_PSS, SIG_HASH_SHA512 },
	{ "ec256.pem", "sig-ecdsa-p256-sha256.der", "sha256", SIG_ECDSA_DER, SIG_HASH_SHA256 },
	{ "ec384.pem", "sig-ecdsa-p384-sha384.der", "sha384", SIG_ECDSA_DER, SIG_HASH_SHA384 },
	{ "ec521.pem", "sig-ecdsa-p521-sha512.der", "sha512", SIG_ECDSA_DER, SIG_HASH_SHA512 },
};

/* Writes our signature to a file and asks OpenSSL to verify it. */
static int openssl_verifies(const char *keyfile, const char *dgst, bool pss, const uint8_t *sig,
			    size_t len)
{
	char sigfile[] = "/tmp/test_sign.XXXXXX", cmd[512];
	int fd = mkstemp(sigfile), rc;

	if (fd < 0 || write(fd, sig, len) != (ssize_t)len) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "openssl pkey -in " DATA "%s -pubout -out %s.pub 2>/dev/null && "
		 "openssl dgst -%s -verify %s.pub %s -signature %s " DATA "message.txt >/dev/null 2>&1",
		 keyfile, sigfile, dgst, sigfile,
		 pss ? "-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest" : "", sigfile);
	rc = system(cmd);
	snprintf(cmd, sizeof(cmd), "%s.pub", sigfile);
	unlink(cmd);
	unlink(sigfile);
	return rc == 0;
}

static void test_with_openssl(void)
{
	size_t mlen;
	uint8_t *msg = slurp(DATA "message.txt", &mlen);

	CHECK(system("openssl version >/dev/null 2>&1") == 0,
	      "openssl is installed (release/deps.sh test) for the cross-checks");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct privkey *key = load_key(cases[i].key);
		char path[128];
		size_t slen, ours_len = 512;
		uint8_t *sig, ours[512];
		if (!key)
			continue;
		snprintf(path, sizeof(path), DATA "%s", cases[i].sig);
		sig = slurp(path, &slen);
		CHECK(sig_verify(privkey_pub(key), cases[i].scheme, cases[i].hash, msg, mlen, sig, slen) == 0,
		      "OpenSSL's %s verifies", cases[i].sig);
		sig[slen / 2] ^= 1;
		CHECK(sig_verify(privkey_pub(key), cases[i].scheme, cases[i].hash, msg, mlen, sig, slen) ==
			      -EBADMSG,
		      "%s with a flipped bit is rejected", cases[i].sig);
		CHECK(sig_verify(privkey_pub(key), cases[i].scheme, cases[i].hash, msg, mlen - 1, sig,
				 slen) == -EBADMSG,
		      "%s over a shorter message is rejected", cases[i].sig);
		CHECK(sig_sign(key, cases[i].scheme, cases[i].hash, msg, mlen,
			       ours, &ours_len) == 0,
		      "we sign with %s (%s)", cases[i].key, cases[i].dgst);
		CHECK(sig_verify(privkey_pub(key), cases[i].scheme, cases[i].hash, msg, mlen, ours,
				 ours_len) == 0,
		      "our signature verifies with our code");
		CHECK(openssl_verifies(cases[i].key, cases[i].dgst, cases[i].scheme == SIG_RSA_PSS, ours,
				       ours_len),
		      "openssl dgst -%s -verify accepts our %s signature", cases[i].dgst,
		      cases[i].scheme == SIG_RSA_PSS ? "PSS" : cases[i].scheme == SIG_RSA_PKCS1 ? "PKCS#1 v1.5" : "ECDSA");
		if (cases[i].scheme == SIG_ECDSA_DER) {
			size_t raw_len = 512;
			CHECK(sig_sign(key, SIG_ECDSA_RAW, cases[i].hash, msg, mlen, ours, &raw_len) == 0 &&
				      raw_len == 2 * ((pubkey_bits(privkey_pub(key)) + 7) / 8) &&
				      sig_verify(privkey_pub(key), SIG_ECDSA_RAW, cases[i].hash, msg, mlen,
						 ours, raw_len) == 0,
			      "raw r|s (RFC 4754) signature of the curve's size round-trips");
		}
		{
			size_t small = 8;
			CHECK(sig_sign(key, cases[i].scheme, cases[i].hash, msg, mlen, ours, &small) == -ENOSPC,
			      "too small a buffer is -ENOSPC");
		}
		free(sig);
		privkey_free(key);
	}
	{
		struct privkey *rsa = load_key("rsa2048.pem");
		size_t len = 512;
		uint8_t ours[512];
		CHECK(rsa && sig_sign(rsa, SIG_ECDSA_DER, SIG_HASH_SHA256, msg, mlen, ours, &len) == -EINVAL,
		      "ECDSA scheme with an RSA key is -EINVAL");
		privkey_free(rsa);
	}
	free(msg);
}

static void test_generated_keys(void)
{
	struct privkey *key;
	uint8_t sig[512];
	size_t len = sizeof(sig);

	CHECK(privkey_generate(KEY_RSA, 2048, &key) == 0 && pubkey_bits(privkey_pub(key)) == 2048,
	      "RSA-2048 generated");
	CHECK(sig_sign(key, SIG_RSA_PSS, SIG_HASH_SHA256, (const uint8_t *)"m", 1, sig, &len) == 0 &&
		      sig_verify(privkey_pub(key), SIG_RSA_PSS, SIG_HASH_SHA256, (const uint8_t *)"m", 1,
				 sig, len) == 0,
	      "generated RSA key signs (PSS)");
	privkey_free(key);
	CHECK(privkey_generate(KEY_ECDSA, 384, &key) == 0 && pubkey_bits(privkey_pub(key)) == 384,
	      "P-384 key generated");
	privkey_free(key);
	CHECK(privkey_generate(KEY_RSA, 8192, &key) == -EINVAL, "RSA-8192 is beyond BearSSL: -EINVAL");
	CHECK(privkey_generate(KEY_ECDSA, 255, &key) == -EINVAL, "unknown curve size: -EINVAL");
}

int main(void)
{
	test_pss_vectors();
	test_with_openssl();
	test_generated_keys();
	return check_done();
}
