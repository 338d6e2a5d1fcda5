#include "core/selftest.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crypto/cipher.h"
#include "crypto/dh.h"
#include "crypto/prf.h"

int fips_kernel_enabled(void)
{
	char c = '0';
	int fd = open("/proc/sys/crypto/fips_enabled", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '0';
		close(fd);
	}
	return c == '1';
}

/* Libreswan's columns: name (24), IKEv1 usage, IKEv2 usage, FIPS, key sizes. */
static void row(const char *name, bool ike, bool esp, bool ah, bool fips, const char *extra)
{
	fprintf(stderr, "  %-24s  IKEv1:            IKEv2:%s%s%s%s%s\n", name, ike ? " IKE" : "    ",
		esp ? " ESP" : "    ", ah ? " AH" : "   ", fips ? "  FIPS" : "      ", extra);
}

static void disabled(const char *type, const char *name, bool fips_mode, bool fips)
{
	if (fips_mode && !fips)
		fprintf(stderr, "%s algorithm %s disabled; not FIPS compliant\n", type, name);
}

/* One known answer per primitive family; the full vector sets run in make test. */
static bool kat_hmac_sha256(void)
{
	/* RFC 4231 test case 2. */
	static const uint8_t want[32] = {
		0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
		0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
	};
	uint8_t out[PRF_MAX_OUT];
	struct chunk d = CHUNK("what do ya want for nothing?", 28);
	const struct prf_desc *prf = prf_lookup(5);
	if (!prf)
		return false;
	prf_compute(prf, (const uint8_t *)"Jefe", 4, &d, 1, out);
	return memcmp(out, want, 32) == 0;
}

static bool kat_aes_gcm(void)
{
	/* McGrew-Viega GCM test case 3 (AES-128, 12-byte IV = 4-byte salt | 8-byte IV),
	 * first block only: ciphertext 42831ec2217774244b7221b784d0d49c. */
	static const uint8_t key[20] = { 0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a,
					 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08, 0xca, 0xfe, 0xba, 0xbe };
	static const uint8_t iv[8] = { 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88 };
	static const uint8_t pt[16] = { 0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5,
					0xa5, 0x59, 0x09, 0xc5, 0xaf, 0xf5, 0x26, 0x9a };
	static const uint8_t ct[16] = { 0x42, 0x83, 0x1e, 0xc2, 0x21, 0x77, 0x74, 0x24,
					0x4b, 0x72, 0x21, 0xb7, 0x84, 0xd0, 0xd4, 0x9c };
	const struct encr_desc *e = encr_lookup(20);
	uint8_t buf[16], icv[16];
	memcpy(buf, pt, 16);
	if (!e || encr_encrypt(e, key, sizeof(key), iv, NULL, 0, buf, 16, icv) < 0)
		return false;
	return memcmp(buf, ct, 16) == 0;
}

int pluto_selftest(void)
{
	bool fips = fips_kernel_enabled();
	const struct encr_desc *e;
	const struct prf_desc *prf;
	const struct integ_desc *in;
	const struct dh_desc *dh;
	bool ok;

	fprintf(stderr, "FIPS Product: %s\n", fips ? "YES" : "NO");
	fprintf(stderr, "FIPS Kernel: %s\n", fips ? "YES" : "NO");
	fprintf(stderr, "FIPS Mode: %s\n", fips ? "YES" : "NO");
	fprintf(stderr, "NSS DB directory: none (static key store)\n");
	fprintf(stderr, "crypto library initialized (BearSSL)\n");
	fprintf(stderr, "FIPS mode %s for pluto daemon\n", fips ? "enabled" : "disabled");
	for (size_t i = 0; (e = encr_at(i)); i++)
		disabled("Encryption", e->name, fips, e->fips);
	for (size_t i = 0; (prf = prf_at(i)); i++)
		disabled("PRF", prf->name, fips, prf->fips);
	for (size_t i = 0; (in = integ_at(i)); i++)
		disabled("Integrity", in->name, fips, in->fips);
	for (size_t i = 0; (dh = dh_at(i)); i++)
		disabled("DH", dh->name, fips, dh->fips);

	fprintf(stderr, "Encryption algorithms:\n");
	for (size_t i = 0; (e = encr_at(i)); i++) {
		char sizes[48] = "";
		if (fips && !e->fips)
			continue;
		if (e->key_bits[0]) {
			size_t n = (size_t)snprintf(sizes, sizeof(sizes), "  {");
			for (int k = 0; k < 3 && e->key_bits[k]; k++)
				n += (size_t)snprintf(sizes + n, sizeof(sizes) - n, "%s%s%u", k ? "," : "",
						      e->key_bits[k] == e->default_bits ? "*" : "",
						      e->key_bits[k]);
			snprintf(sizes + n, sizeof(sizes) - n, "}");
		}
		row(e->name, e->ike, true, false, e->fips, sizes);
	}
	fprintf(stderr, "PRF algorithms:\n");
	for (size_t i = 0; (prf = prf_at(i)); i++)
		if (!fips || prf->fips)
			row(prf->name, true, false, false, prf->fips, "");
	fprintf(stderr, "Integrity algorithms:\n");
	for (size_t i = 0; (in = integ_at(i)); i++)
		if (!fips || in->fips)
			row(in->name, true, true, true, in->fips, "");
	fprintf(stderr, "DH algorithms:\n");
	for (size_t i = 0; (dh = dh_at(i)); i++)
		if (!fips || dh->fips)
			row(dh->name, true, true, true, dh->fips, "");

	ok = kat_hmac_sha256();
	fprintf(stderr, "testing HMAC_SHA2_256:\n  RFC 4231 test case 2: %s\n", ok ? "passed" : "FAILED");
	if (kat_aes_gcm()) {
		fprintf(stderr, "testing AES_GCM_16:\n  McGrew-Viega test case 3: passed\n");
	} else {
		fprintf(stderr, "testing AES_GCM_16:\n  McGrew-Viega test case 3: FAILED\n");
		ok = false;
	}
	fprintf(stderr, "selftest %s\n", ok ? "passed" : "FAILED");
	return ok ? 0 : 1;
}
