/* ipsec newhostkey: generates a host key pair into the key store, as Libreswan's
 * newhostkey/rsasigkey/ecdsasigkey do into NSS, with the same messages.
 *
 * --output FILE (Libreswan 3.x wrote the key into a secrets file; 4.x keeps keys
 * in NSS): the key goes to the store as always, and FILE gets comment lines
 * naming the CKAID, the key file and the public key, appended atomically. Being
 * comments only, the file is harmless when ipsec.secrets includes it. */
#include "applets/applets.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crypto/base64.h"
#include "crypto/chunk.h"
#include "crypto/keys.h"
#include "crypto/keystore.h"
#include "crypto/random.h"

static const char usage[] =
	"Usage:\n"
	"\tipsec newhostkey [--keytype rsa] [--bits n]\n"
	"\tipsec newhostkey --keytype ecdsa [--curve curve]\n"
	"\n"
	"\tother options: [--output file] [--quiet] [--verbose] [--nssdir " KEYSTORE_DEFAULT_DIR "]\n"
	"\t\t[--password password] [--seeddev device] [--hostname host]\n"
	"\n"
	"RSA keys are 3072..3824 bits (a random multiple of 16) unless --bits is given\n"
	"(2192..4096, a multiple of 16). ECDSA curves: secp256r1 (default), secp384r1,\n"
	"secp521r1. Randomness comes from getrandom(2); --seeddev is accepted and ignored.\n";

#define ME "ipsec newhostkey"
#define MIN_RSA_BITS 2192 /* Libreswan's MIN_KEYBIT */
#define MAX_RSA_BITS 4096 /* BearSSL's limit (Libreswan allows up to 20000) */

struct options {
	const char *output, *nssdir, *password, *curve;
	const char *bits;
	enum key_type type;
};

static int parse_bits(const char *text, unsigned *bits)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || *end || end == text || v > 1000000) {
		fprintf(stderr, ME ": keysize specification is malformed: %s\n", text);
		return 1;
	}
	if (v < MIN_RSA_BITS) {
		fprintf(stderr, ME ": requested RSA key size (%lu) is too small - use %d or more\n",
			v, MIN_RSA_BITS);
		return 1;
	}
	if (v > MAX_RSA_BITS) {
		fprintf(stderr, ME ": requested RSA key size (%lu) is too large - (max %d)\n", v,
			MAX_RSA_BITS);
		return 1;
	}
	if (v % 16) {
		fprintf(stderr, ME ": requested RSA key size (%lu) is not a multiple of 16\n", v);
		return 1;
	}
	*bits = (unsigned)v;
	return 0;
}

/* Appends comment lines about the new key to FILE (created 0600). */
static int write_output(const char *path, const struct privkey *key, const char *nssdir,
			const char *ckaid)
{
	const struct pubkey *pub = privkey_pub(key);
	char *old = NULL, *text = NULL, stamp[64], host[256] = "";
	uint8_t *blob = NULL;
	size_t old_len = 0, blob_len;
	struct stat st;
	time_t now = time(NULL);
	FILE *f;
	int err;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ERROR: output file should be a secrets file, not a directory\n");
		return 1;
	}
	f = fopen(path, "r");
	if (f) {
		char chunk[4096];
		size_t n;
		fprintf(stderr, ME ": WARNING: file \"%s\" exists, appending to it\n", path);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
			char *grown = realloc(old, old_len + n + 1);
			if (!grown) {
				fclose(f);
				free(old);
				return 1;
			}
			old = grown;
			memcpy(old + old_len, chunk, n);
			old_len += n;
		}
		fclose(f);
	}
	if ((err = pubkey_blob(pub, &blob, &blob_len)))
		goto out;
	gethostname(host, sizeof(host) - 1);
	{
		struct tm tm;
		gmtime_r(&now, &tm);
		snprintf(stamp, sizeof(stamp), "%04d-%02d-%02d %02d:%02d:%02d UTC", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	}
	text = malloc(old_len + BASE64_LEN(blob_len) + 1024 + strlen(nssdir));
	if (!text) {
		err = -ENOMEM;
		goto out;
	}
	if (old_len)
		memcpy(text, old, old_len);
	{
		char *p = text + old_len;
		p += sprintf(p, "%s# %s %u bits   %s   %s\n", old_len && old[old_len - 1] != '\n' ? "\n" : "",
			     key_type_name(pubkey_type(pub)), pubkey_bits(pub), host, stamp);
		p += sprintf(p, "# The private key is in the key store: %s/private/%s.key\n", nssdir,
			     ckaid);
		p += sprintf(p, "# ckaid=%s\n# %s=0s", ckaid,
			     pubkey_type(pub) == KEY_RSA ? "rsasigkey" : "ecdsakey");
		base64_encode(blob, blob_len, p);
		strcat(p, "\n");
	}
	err = keystore_write_atomic(path, text, strlen(text), 0600);
out:
	if (err)
		fprintf(stderr, ME ": cannot write %s: %s\n", path, strerror(-err));
	free(old);
	free(text);
	free(blob);
	return err ? 1 : 0;
}

int applet_newhostkey(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "keytype", required_argument, NULL, 't' },
		{ "bits", required_argument, NULL, 'b' },
		{ "curve", required_argument, NULL, 'c' },
		{ "nssdir", required_argument, NULL, 'd' },
		{ "configdir", required_argument, NULL, 'd' },
		{ "password", required_argument, NULL, 'P' },
		{ "seeddev", required_argument, NULL, 'S' },
		{ "hostname", required_argument, NULL, 'H' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o = { .nssdir = KEYSTORE_DEFAULT_DIR, .type = KEY_RSA };
	struct privkey *key = NULL;
	char ckaid[2 * CKAID_LEN + 1];
	unsigned bits = 0;
	struct stat st;
	int c, err;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.output = optarg; break;
		case 'b': o.bits = optarg; break;
		case 'c': o.curve = optarg; break;
		case 'd': o.nssdir = optarg; break;
		case 'P': o.password = optarg; break;
		case 'S': case 'H': case 'q': case 'v': break;
		case 't':
			if (strcmp(optarg, "rsa") == 0) {
				o.type = KEY_RSA;
			} else if (strcmp(optarg, "ecdsa") == 0) {
				o.type = KEY_ECDSA;
			} else {
				fprintf(stderr, ME ": unknown key type `%s'\n", optarg);
				return 2;
			}
			break;
		case 'V':
			printf(ME " " IPSEC_VERSION "\n");
			return 0;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return applet_usage_error("newhostkey", usage, "unknown option '%s'",
						  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return applet_usage_error("newhostkey", usage, "unexpected argument '%s'", argv[optind]);
	if (o.bits && o.curve) {
		fprintf(stderr, ME ": --bits and --curve are mutually exclusive\n");
		return 2;
	}
	if (o.type == KEY_RSA && o.curve) {
		fprintf(stderr, ME ": --curve and --keytype rsa are mutually exclusive\n");
		return 2;
	}
	if (o.type == KEY_ECDSA && o.bits) {
		fprintf(stderr, ME ": --bits and --keytype ecdsa are mutually exclusive\n");
		return 2;
	}
	if (o.type == KEY_RSA) {
		if (o.bits) {
			if (parse_bits(o.bits, &bits))
				return 1;
		} else {
			/* Libreswan: 3072 + 16 * [0, 48), so the top digit is not rolled. */
			uint8_t r;
			do
				random_bytes(&r, 1);
			while (r >= 240);
			bits = 3072 + 16u * (r % 48);
		}
	} else {
		const char *curve = o.curve ? o.curve : "secp256r1";
		bits = strcmp(curve, "secp256r1") == 0 ? 256
		       : strcmp(curve, "secp384r1") == 0 ? 384
		       : strcmp(curve, "secp521r1") == 0 ? 521 : 0;
		if (!bits) {
			fprintf(stderr, ME ": curve specification is malformed: %s\n", curve);
			return 1;
		}
	}
	if (stat(o.nssdir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "No such directory: %s\n", o.nssdir);
		return 1;
	}
	err = privkey_generate(o.type, bits, &key);
	if (err) {
		fprintf(stderr, ME ": key pair generation failed: %s\n", strerror(-err));
		return 1;
	}
	err = keystore_save_privkey(o.nssdir, o.password, key);
	if (err) {
		fprintf(stderr, ME ": cannot store the key in %s/private: %s\n", o.nssdir,
			strerror(-err));
		privkey_free(key);
		return 1;
	}
	for (size_t i = 0; i < CKAID_LEN; i++)
		sprintf(ckaid + 2 * i, "%02x", pubkey_ckaid(privkey_pub(key))[i]);
	fprintf(stderr, "Generated %s key pair with CKAID %s was stored in the NSS database\n",
		key_type_name(o.type), ckaid);
	fprintf(stderr, "The public key can be displayed using: ipsec showhostkey --left --ckaid %s\n",
		ckaid);
	err = o.output ? write_output(o.output, key, o.nssdir, ckaid) : 0;
	privkey_free(key);
	return err;
}
