/* Host keys: RFC 3110 blobs, CKAIDs and keyids against a published Libreswan key
 * and OpenSSL; PKCS#1/PKCS#8/SEC 1 keys; X.509; PKCS#12 files written by OpenSSL
 * and NSS; the key store. Fixtures: tests/data/keys/make-fixtures.sh. */
#include "tests/unit/check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crypto/base64.h"
#include "crypto/keys.h"
#include "crypto/keystore.h"
#include "crypto/pem.h"
#include "crypto/pkcs12.h"
#include "crypto/x509.h"

#define DATA "tests/data/keys/"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(1 << 16);

	*len = 0;
	if (!f || !buf) {
		if (f)
			fclose(f);
		free(buf);
		CHECK(0, "read %s", path);
		return NULL;
	}
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

/* First PEM block of a file, as DER. */
static uint8_t *pem_file(const char *path, size_t *len, char label[64])
{
	size_t n, pos = 0;
	uint8_t *text = slurp(path, &n), *der = NULL;
	struct pem_block b;

	*len = 0;
	if (text && pem_next((const char *)text, n, &pos, &b) == 0) {
		der = b.der;
		*len = b.len;
		if (label)
			strcpy(label, b.label);
	}
	free(text);
	return der;
}

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* CKAID of a fixture as OpenSSL computed it (ckaids.txt). */
static void expected_ckaid(const char *name, char out[41])
{
	size_t n;
	char *text = (char *)slurp(DATA "ckaids.txt", &n), *line;

	out[0] = '\0';
	if (!text)
		return;
	text[n < (1 << 16) ? n : n - 1] = '\0';
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (strncmp(line, name, strlen(name)) == 0 && line[strlen(name)] == ' ')
			snprintf(out, 41, "%s", line + strlen(name) + 1);
	free(text);
}

static void test_libreswan_west_key(void)
{
	/* Libreswan testing/baseconfigs/all/etc/ipsec.d/ipsec.conf.common, conn
	 * west-leftrsasigkey; its CKAID is recorded as leftckaid= in
	 * testing/pluto/ikev2-tcp-01-eof/west.conf (and CKAIDNSS in
	 * testing/pluto/ikev2-connswitch-02/west.secrets). */
	static const char west[] =
		"AQOm9dY/449sAWr8e3xtV4tJOQ1396zihfGYHkttpT6zlprRmVq8EPKX3vIo+V+SCfDI1BLkYG6cYJgQAX0mt4+"
		"VYi2H3c3e9tOPNbBQ0Bj1mfgE8f9hW7x/H8AE2OSMrDStesHaPC2MMK7WPFmxOpTT1Spzkb1ZXz5yv0obncWyK0"
		"3nDSQ+d/l/LdadKe9wfXptorhhDEsJSgZxhHCFmo9SoYAG/cb8Pif6Fvoyg6nKgNsPSr/36VWOvSlNI6bcKrNd"
		"YqkhHr6D2Gk8AwpIjtM6EfKGWtEwZb3I9IOH/wSHMwVP4NiM/rMZTN2FQPNNbuhJFAYsH1lZBY8gsMpGP8kgfg"
		"QwfZqAbD8KiffTr9gVBDf5";
	uint8_t blob[512], *again, *spki;
	size_t len, again_len, spki_len;
	struct pubkey *key, *from_spki;
	char ckaid[41];

	CHECK(base64_decode(west, strlen(west), blob, &len) == 0, "Libreswan west key: base64");
	CHECK(pubkey_from_rfc3110(blob, len, &key) == 0, "Libreswan west key: RFC 3110 blob parsed");
	hex(pubkey_ckaid(key), 20, ckaid);
	CHECK_STR(ckaid, "b49f1aac9e456e7929c881973a0c6ad37f0f0350",
		  "Libreswan west key: CKAID equals Libreswan's recorded leftckaid");
	CHECK_STR(pubkey_keyid(key), "AQOm9dY/4", "keyid: first 9 base64 characters of the blob");
	CHECK(pubkey_bits(key) == 2192, "Libreswan west key: 2192 bits (e = 3)");
	CHECK(pubkey_blob(key, &again, &again_len) == 0, "blob re-encoded");
	CHECK_BYTES(again, again_len, blob, len, "RFC 3110 blob round trip");
	CHECK(pubkey_spki(key, &spki, &spki_len) == 0 &&
		      pubkey_from_spki(spki, spki_len, &from_spki) == 0 && pubkey_equal(key, from_spki),
	      "SPKI round trip");
	CHECK(spki_len > 15 && !memcmp(spki + 4, "\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00", 15),
	      "SPKI: rsaEncryption with NULL parameters (as NSS encodes it)");
	free(again);
	free(spki);
	pubkey_free(from_spki);
	pubkey_free(key);

	CHECK(pubkey_from_rfc3110(blob, 1, &key) == -EINVAL, "RFC 3110: truncated blob rejected");
	blob[0] = 200;
	CHECK(pubkey_from_rfc3110(blob, len, &key) == -EINVAL, "RFC 3110: exponent past modulus rejected");
	CHECK(pubkey_from_rfc3110((const uint8_t *)"\x01\x03\x00\x01", 4, &key) == -EINVAL,
	      "RFC 3110: tiny modulus rejected");
}

static struct privkey *load_fixture(const char *name)
{
	char path[256], label[64] = "";
	size_t len;
	uint8_t *der;
	struct privkey *key = NULL;
	int err;

	snprintf(path, sizeof(path), DATA "%s", name);
	der = pem_file(path, &len, label);
	if (!der)
		return NULL;
	err = strcmp(label, "ENCRYPTED PRIVATE KEY") == 0
		      ? privkey_from_encrypted_der(der, len, "foobar", &key)
		      : privkey_from_der(der, len, &key);
	CHECK(err == 0, "%s (%s) loads", name, label);
	free(der);
	return err ? NULL : key;
}

static void test_private_keys(void)
{
	static const struct {
		const char *file, *ckaid_name;
		enum key_type type;
		unsigned bits;
	} files[] = {
		{ "rsa2048.pem", "rsa2048", KEY_RSA, 2048 },
		{ "rsa2048-pkcs1.pem", "rsa2048", KEY_RSA, 2048 },
		{ "rsa2048-pbes2.pem", "rsa2048", KEY_RSA, 2048 },
		{ "ec256.pem", "ec256", KEY_ECDSA, 256 },
		{ "ec256-3des.pem", "ec256", KEY_ECDSA, 256 },
		{ "ec384.pem", "ec384", KEY_ECDSA, 384 },
		{ "ec384-sec1.pem", "ec384", KEY_ECDSA, 384 },
		{ "ec521.pem", "ec521", KEY_ECDSA, 521 },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct privkey *key = load_fixture(files[i].file), *again;
		char ckaid[41], want[41];
		uint8_t *der, *enc;
		size_t len, enc_len;
		if (!key)
			continue;
		hex(pubkey_ckaid(privkey_pub(key)), 20, ckaid);
		expected_ckaid(files[i].ckaid_name, want);
		CHECK_STR(ckaid, want, "CKAID matches OpenSSL's SHA-1 of modulus / point");
		CHECK(pubkey_type(privkey_pub(key)) == files[i].type &&
			      pubkey_bits(privkey_pub(key)) == files[i].bits,
		      "%s: type and %u bits", files[i].file, files[i].bits);
		CHECK(privkey_to_pkcs8(key, &der, &len) == 0 && privkey_from_der(der, len, &again) == 0 &&
			      pubkey_equal(privkey_pub(key), privkey_pub(again)),
		      "%s: PKCS#8 round trip", files[i].file);
		privkey_free(again);
		free(der);
		CHECK(privkey_to_encrypted_pkcs8(key, "s3cret", &enc, &enc_len) == 0,
		      "%s: encrypted PKCS#8 written", files[i].file);
		CHECK(privkey_from_encrypted_der(enc, enc_len, "wrong", &again) == -EACCES,
		      "%s: wrong password gives -EACCES", files[i].file);
		CHECK(privkey_from_encrypted_der(enc, enc_len, "s3cret", &again) == 0 &&
			      pubkey_equal(privkey_pub(key), privkey_pub(again)),
		      "%s: encrypted PKCS#8 round trip", files[i].file);
		privkey_free(again);
		free(enc);
		privkey_free(key);
	}
	{
		size_t len;
		uint8_t *der = pem_file(DATA "rsa2048-pkcs1.pem", &len, NULL);
		struct privkey *key;
		/* Flip a byte inside the modulus: p*q no longer gives n. */
		der[40] ^= 1;
		CHECK(privkey_from_der(der, len, &key) == -EINVAL, "damaged RSA key (n != p*q) rejected");
		CHECK(privkey_from_der(der, len / 2, &key) == -EINVAL, "truncated key rejected");
		free(der);
	}
}

static void test_x509(void)
{
	size_t len, dn_len;
	uint8_t *ca_der = pem_file(DATA "ca.pem", &len, NULL), *node_der;
	struct cert *ca = NULL, *node = NULL;
	char text[256];
	const uint8_t *dn, *val;
	enum san_type type;
	const char *why;
	struct privkey *key = load_fixture("rsa2048.pem");

	CHECK(ca_der && cert_from_der(ca_der, len, &ca) == 0, "CA certificate parsed");
	node_der = pem_file(DATA "node.pem", &len, NULL);
	CHECK(node_der && cert_from_der(node_der, len, &node) == 0, "node certificate parsed");
	if (!ca || !node || !key)
		goto out;
	CHECK(cert_is_ca(ca) && !cert_is_ca(node), "basicConstraints: CA yes, node no");
	dn = cert_subject(node, &dn_len);
	CHECK(dn_to_text(dn, dn_len, text, sizeof(text)) > 0, "node DN formatted");
	CHECK_STR(text, "C=CA, O=Libreswan, OU=Test\\, Dept, CN=node.example.org",
		  "DN in Libreswan's form, comma escaped");
	dn = cert_issuer(node, &dn_len);
	dn_to_text(dn, dn_len, text, sizeof(text));
	CHECK_STR(text, "C=CA, ST=Ontario, O=Libreswan, CN=Test CA", "issuer DN");
	CHECK(dn_to_text(dn, dn_len, text, 8) == -ENOSPC && strlen(text) == 7, "DN: short buffer");
	CHECK(cert_san(node, 0, &type, &val, &len) == 0 && type == SAN_DNS && len == 16 &&
		      !memcmp(val, "node.example.org", 16),
	      "SAN 0: DNS node.example.org");
	CHECK(cert_san(node, 1, &type, &val, &len) == 0 && type == SAN_IP && len == 4 &&
		      !memcmp(val, "\xc0\x00\x02\x01", 4),
	      "SAN 1: IP 192.0.2.1");
	CHECK(cert_san(node, 2, &type, &val, &len) == 0 && type == SAN_EMAIL,
	      "SAN 2: email");
	CHECK(cert_san(node, 3, &type, &val, &len) == -ENOENT, "no SAN 3");
	CHECK(pubkey_equal(cert_pubkey(node), privkey_pub(key)), "node certificate holds the RSA key");
	{
		const struct cert *chain[] = { node }, *anchors[] = { ca }, *wrong[] = { node };
		CHECK(x509_verify_chain(chain, 1, anchors, 1, time(NULL), &why) == 0,
		      "node chains to the CA now");
		CHECK(x509_verify_chain(chain, 1, anchors, 1, 946684800, &why) == -EACCES &&
			      strstr(why, "expired or not yet valid"),
		      "not valid in 2000: %s", why);
		CHECK(x509_verify_chain(chain, 1, wrong, 1, time(NULL), &why) == -EACCES,
		      "untrusted issuer: %s", why);
	}
	node_der[len / 2] ^= 0xff;
	{
		struct cert *bad = NULL;
		int err = cert_from_der(node_der, 100, &bad);
		CHECK(err == -EINVAL, "truncated certificate rejected");
	}
out:
	cert_free(ca);
	cert_free(node);
	privkey_free(key);
	free(ca_der);
	free(node_der);
}

static void test_pkcs12(void)
{
	static const char *const files[] = { "node-openssl.p12", "node-legacy.p12", "node-nss.p12",
					     "node-nss-legacy.p12" };
	struct privkey *want = load_fixture("rsa2048.pem");

	for (size_t i = 0; i < 4 && want; i++) {
		char path[256];
		size_t len, keys = 0, certs = 0;
		uint8_t *p12;
		struct pkcs12 *out = NULL;
		bool key_ok = false, named = false;
		snprintf(path, sizeof(path), DATA "%s", files[i]);
		p12 = slurp(path, &len);
		if (!p12)
			continue;
		CHECK(pkcs12_parse(p12, len, "foobar", &out) == 0, "%s parsed", files[i]);
		for (size_t b = 0; out && b < out->n_bags; b++) {
			if (out->bags[b].key) {
				keys++;
				key_ok = pubkey_equal(privkey_pub(out->bags[b].key), privkey_pub(want));
			} else {
				certs++;
			}
			if (out->bags[b].friendly_name && strcmp(out->bags[b].friendly_name, "node") == 0)
				named = true;
		}
		CHECK(keys == 1 && key_ok, "%s: the node key", files[i]);
		CHECK(certs == 2, "%s: node and CA certificates", files[i]);
		CHECK(named, "%s: friendly name \"node\"", files[i]);
		pkcs12_free(out);
		out = NULL;
		CHECK(pkcs12_parse(p12, len, "wrong", &out) == -EACCES && !out,
		      "%s: wrong password is -EACCES", files[i]);
		CHECK(pkcs12_parse(p12, len / 2, "foobar", &out) == -EINVAL && !out,
		      "%s: truncated file is -EINVAL", files[i]);
		free(p12);
	}
	privkey_free(want);
}

static void test_keystore(void)
{
	char dir[] = "/tmp/test_keys.XXXXXX", path[256];
	struct privkey *key = load_fixture("ec256.pem"), *got = NULL;
	uint8_t(*ids)[CKAID_LEN];
	size_t n, len;
	struct stat st;
	uint8_t *ca_der = pem_file(DATA "ca.pem", &len, NULL);
	struct cert *cert = NULL;
	FILE *f;

	if (!key || !mkdtemp(dir))
		return;
	CHECK(keystore_save_privkey(dir, NULL, key) == 0, "key stored");
	CHECK(keystore_list(dir, &ids, &n) == 0 && n == 1 &&
		      !memcmp(ids[0], pubkey_ckaid(privkey_pub(key)), CKAID_LEN),
	      "store lists the CKAID");
	free(ids);
	snprintf(path, sizeof(path), "%s/private/", dir);
	hex(pubkey_ckaid(privkey_pub(key)), 20, path + strlen(path));
	strcat(path, ".key");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "private/<ckaid>.key is mode 0600");
	CHECK(keystore_load_privkey(dir, pubkey_ckaid(privkey_pub(key)), 3, &got) == 0 &&
		      pubkey_equal(privkey_pub(got), privkey_pub(key)),
	      "loaded by 3-byte CKAID prefix");
	privkey_free(got);
	CHECK(keystore_load_privkey(dir, (const uint8_t *)"\xff\xff\xff", 3, &got) == -ENOENT,
	      "unknown CKAID is -ENOENT");
	CHECK(keystore_find_privkey(dir, NULL, privkey_pub(key), &got) == 0, "found by public key");
	privkey_free(got);

	/* With nsspassword present, new keys are encrypted and read back with it. */
	snprintf(path, sizeof(path), "%s/nsspassword", dir);
	f = fopen(path, "w");
	fputs("NSS Certificate DB:MyStrongPasswordHere\n", f);
	fclose(f);
	CHECK(keystore_save_privkey(dir, NULL, key) == 0, "key stored encrypted");
	CHECK(keystore_load_privkey(dir, pubkey_ckaid(privkey_pub(key)), CKAID_LEN, &got) == 0,
	      "encrypted key loaded with the nsspassword file");
	privkey_free(got);
	CHECK(keystore_load_privkey_pw(dir, "wrong", pubkey_ckaid(privkey_pub(key)), CKAID_LEN,
				       &got) == -EACCES,
	      "wrong --password is -EACCES");

	CHECK(ca_der && keystore_save_cert(dir, "My CA/1", true, ca_der, len) == 0, "CA stored");
	snprintf(path, sizeof(path), "%s/cacerts/My CA%%2F1.pem", dir);
	CHECK(stat(path, &st) == 0, "nickname with / stored as %%2F");
	CHECK(keystore_load_cert(dir, "My CA/1", &cert) == 0 && cert_is_ca(cert), "CA loaded by nickname");
	cert_free(cert);
	free(ca_der);
	privkey_free(key);
	{
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		CHECK(system(cmd) == 0, "temporary store removed");
	}
}

int main(void)
{
	test_libreswan_west_key();
	test_private_keys();
	test_x509();
	test_pkcs12();
	test_keystore();
	return check_done();
}
