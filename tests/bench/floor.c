/* The crypto floor of a handshake: the public-key operations an IKEv2 exchange
 * cannot avoid, through the same crypto/ calls the daemon makes, timed alone in
 * CPU time (CLOCK_PROCESS_CPUTIME_ID, as the handshakes are measured from /proc).
 *
 *   floor [NSSDIR CKAID]
 *
 * Prints "x25519_side_us=X": one side's Curve25519 work (dh_keygen, dh_compute);
 * with a key store and the CKAID of an RSA key in it, also "rsa_bits=N",
 * "rsa_sign_us=X" and "rsa_verify_us=X" for RSA-PSS with SHA2-512, the scheme
 * the daemon picks for a peer that supports RFC 7427 (core/auth.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/dh.h"
#include "crypto/keys.h"
#include "crypto/random.h"
#include "crypto/sign.h"

#define OCTETS_LEN 400 /* about an IKE_SA_INIT message, a nonce and a PRF output */
#define MIN_US 300000.0 /* each figure is the mean over at least this much CPU */

static double cpu_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int x25519(void)
{
	const struct dh_desc *d = dh_lookup(31);
	struct dh_secret mine, theirs;
	uint8_t pub_mine[32], pub_theirs[32], shared[32];
	double t0;
	long n = 0;
	int bad = 0;

	if (!d || dh_keygen(d, &theirs, pub_theirs) < 0)
		return 1;
	t0 = cpu_us();
	do {
		bad |= dh_keygen(d, &mine, pub_mine);
		bad |= dh_compute(&mine, pub_theirs, sizeof(pub_theirs), shared);
		dh_secret_wipe(&mine);
		n++;
	} while (n < 100 || cpu_us() - t0 < MIN_US);
	printf("x25519_side_us=%.1f\n", (cpu_us() - t0) / (double)n);
	dh_secret_wipe(&theirs);
	return bad ? 1 : 0;
}

static int rsa(const char *nssdir, const char *ckaid_hex)
{
	uint8_t ckaid[CKAID_LEN], msg[OCTETS_LEN], sig[1024];
	struct privkey *key = NULL;
	size_t len = strlen(ckaid_hex) / 2, sig_len = 0;
	double t0;
	long n = 0;
	int bad = 0;

	if (len > sizeof(ckaid))
		return 1;
	for (size_t i = 0; i < len; i++)
		if (sscanf(ckaid_hex + 2 * i, "%2hhx", &ckaid[i]) != 1)
			return 1;
	if (keystore_load_privkey(nssdir, ckaid, len, &key) < 0) {
		fprintf(stderr, "floor: no private key %s in %s\n", ckaid_hex, nssdir);
		return 1;
	}
	random_bytes(msg, sizeof(msg));
	printf("rsa_bits=%u\n", pubkey_bits(privkey_pub(key)));
	t0 = cpu_us();
	do {
		sig_len = sizeof(sig);
		bad |= sig_sign(key, SIG_RSA_PSS, SIG_HASH_SHA512, msg, sizeof(msg), sig, &sig_len);
		n++;
	} while (n < 10 || cpu_us() - t0 < MIN_US);
	printf("rsa_sign_us=%.1f\n", (cpu_us() - t0) / (double)n);
	n = 0;
	t0 = cpu_us();
	do {
		bad |= sig_verify(privkey_pub(key), SIG_RSA_PSS, SIG_HASH_SHA512, msg, sizeof(msg),
				  sig, sig_len);
		n++;
	} while (n < 100 || cpu_us() - t0 < MIN_US);
	printf("rsa_verify_us=%.1f\n", (cpu_us() - t0) / (double)n);
	privkey_free(key);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc != 1 && argc != 3) {
		fprintf(stderr, "usage: floor [NSSDIR CKAID]\n");
		return 2;
	}
	if (x25519())
		return 1;
	return argc == 3 ? rsa(argv[1], argv[2]) : 0;
}
