/* ipsec showhostkey: prints a stored host key in Libreswan 4.x's formats
 * (programs/showhostkey/showhostkey.c; testing/pluto/ipsec-hostkey-01-ckaid-*). */
#include "applets/applets.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/base64.h"
#include "crypto/chunk.h"
#include "crypto/keys.h"
#include "crypto/keystore.h"
#include "crypto/pem.h"

#define ME "ipsec showhostkey"

static const char usage[] =
	"Usage:\n"
	"   showhostkey --version\n"
	"   showhostkey { --dump | --list }\n"
	"   showhostkey { --left | --right }\n"
	"               [ --pubkey ]\n"
	"               { --rsaid <rsaid> | --ckaid <ckaid> }\n"
	"   showhostkey --ipseckey\n"
	"               [ --pubkey ]\n"
	"               { --rsaid <rsaid> | --ckaid <ckaid> }\n"
	"               [ --precedence <precedence> ] \n"
	"               [ --gateway <gateway> ]\n"
	"   showhostkey --pem\n"
	"               { --rsaid <rsaid> | --ckaid <ckaid> }\n"
	"Additional options:\n"
	"   --verbose\n"
	"   --debug\n"
	"   --nssdir <nssdir>\n"
	"   --password <password>\n";

struct options {
	bool left, right, dump, list, ipseckey, pem, pubkey, verbose;
	const char *ckaid, *rsaid, *nssdir, *password, *gateway;
	unsigned long precedence;
};

static char *base64_of(const uint8_t *data, size_t len)
{
	char *text = malloc(BASE64_LEN(len) + 1);

	if (text)
		base64_encode(data, len, text);
	return text;
}

static void ckaid_hex(const uint8_t *ckaid, char out[2 * CKAID_LEN + 1])
{
	for (size_t i = 0; i < CKAID_LEN; i++)
		sprintf(out + 2 * i, "%02x", ckaid[i]);
}

static int load(const struct options *o, const uint8_t *ckaid, struct privkey **key)
{
	char hex[2 * CKAID_LEN + 1];
	int err = keystore_load_privkey_pw(o->nssdir, o->password, ckaid, CKAID_LEN, key);

	if (err) {
		ckaid_hex(ckaid, hex);
		fprintf(stderr, ME ": cannot read %s/private/%s.key: %s\n", o->nssdir, hex,
			err == -EACCES ? "encrypted, and the password (nsspassword or --password) "
					 "is missing or wrong"
				       : strerror(-err));
	}
	return err;
}

/* --list and --dump: one line per key, numbered as NSS numbers them. */
static int list_keys(const struct options *o)
{
	uint8_t(*ids)[CKAID_LEN];
	size_t n;
	int status = 0, line = 1, err = keystore_list(o->nssdir, &ids, &n);

	if (err) {
		fprintf(stderr, ME ": cannot list %s/private: %s\n", o->nssdir, strerror(-err));
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct privkey *key;
		char hex[2 * CKAID_LEN + 1];
		if (load(o, ids[i], &key)) {
			status = 1;
			continue;
		}
		ckaid_hex(ids[i], hex);
		printf("<%2d> %s keyid: %s ckaid: %s\n", line++,
		       key_type_name(pubkey_type(privkey_pub(key))), pubkey_keyid(privkey_pub(key)),
		       hex);
		privkey_free(key);
	}
	free(ids);
	return status;
}

/* --ckaid takes a hex prefix (any case, any length); --rsaid a keyid. */
static int pick(const struct options *o, struct privkey **out)
{
	uint8_t(*ids)[CKAID_LEN];
	size_t n, found = 0, which = 0;
	int err = keystore_list(o->nssdir, &ids, &n);

	if (err) {
		fprintf(stderr, ME ": cannot list %s/private: %s\n", o->nssdir, strerror(-err));
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		char hex[2 * CKAID_LEN + 1];
		ckaid_hex(ids[i], hex);
		if (!o->rsaid) {
			size_t len = strlen(o->ckaid);
			if (len == 0 || len > 2 * CKAID_LEN || strncasecmp(hex, o->ckaid, len))
				continue;
		} else {
			struct privkey *key;
			bool match;
			if (load(o, ids[i], &key))
				continue;
			match = pubkey_type(privkey_pub(key)) == KEY_RSA &&
				strcmp(pubkey_keyid(privkey_pub(key)), o->rsaid) == 0;
			privkey_free(key);
			if (!match)
				continue;
		}
		found++;
		which = i;
	}
	if (found == 1)
		err = load(o, ids[which], out) ? 1 : 0;
	else if (found > 1)
		fprintf(stderr, ME ": %s '%s' matches %zu keys; give more of it\n",
			o->rsaid ? "rsaid" : "CKAID", o->rsaid ? o->rsaid : o->ckaid, found);
	else
		fprintf(stderr, ME ": No keys found\n");
	free(ids);
	if (found == 0)
		return 20;
	return found > 1 ? 1 : err;
}

static int show(const struct options *o, const struct privkey *key)
{
	const struct pubkey *pub = privkey_pub(key);
	uint8_t *der = NULL;
	size_t len;
	char *text = NULL;
	int err;

	if (o->pem) {
		if ((err = pubkey_spki(pub, &der, &len)) || !(text = pem_encode("PUBLIC KEY", der, len)))
			goto fail;
		fputs(text, stdout);
		goto done;
	}
	err = o->pubkey ? pubkey_spki(pub, &der, &len) : pubkey_blob(pub, &der, &len);
	if (err || !(text = base64_of(der, len)))
		goto fail;
	if (o->ipseckey) {
		char host[256] = "";
		unsigned gateway_type = 0, algorithm;
		uint8_t addr[16];
		gethostname(host, sizeof(host) - 1);
		if (o->gateway) {
			if (inet_pton(AF_INET, o->gateway, addr) == 1) {
				gateway_type = 1;
			} else if (inet_pton(AF_INET6, o->gateway, addr) == 1) {
				gateway_type = 2;
			} else {
				fprintf(stderr, ME ": unknown address family for gateway %s", o->gateway);
				free(text);
				free(der);
				return 5;
			}
		}
		/* RFC 4025 algorithm: 2 RSA, 3 ECDSA; Libreswan's 4 for a SubjectPublicKeyInfo. */
		algorithm = o->pubkey ? 4 : pubkey_type(pub) == KEY_RSA ? 2 : 3;
		printf("%s.    IN    IPSECKEY  %lu %u %u %s %s\n", host, o->precedence, gateway_type,
		       algorithm, o->gateway ? o->gateway : ".", text);
	} else if (o->pubkey) {
		printf("\t%spubkey=%s\n", o->left ? "left" : "right", text);
	} else if (pubkey_type(pub) == KEY_RSA) {
		printf("\t# rsakey %s\n\t%srsasigkey=0s%s\n", pubkey_keyid(pub),
		       o->left ? "left" : "right", text);
	} else {
		printf("\t# ecdsakey %s\n\t%secdsakey=0s%s\n", pubkey_keyid(pub),
		       o->left ? "left" : "right", text);
	}
done:
	free(text);
	free(der);
	return 0;
fail:
	fprintf(stderr, ME ": out of memory\n");
	free(text);
	free(der);
	return 5;
}

static int usage_error(const char *what)
{
	fprintf(stderr, ME ": %s\n", what);
	fputs(usage, stderr);
	return 2;
}

int applet_showhostkey(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "left", no_argument, NULL, 'l' },
		{ "right", no_argument, NULL, 'r' },
		{ "dump", no_argument, NULL, 'D' },
		{ "debug", no_argument, NULL, 'g' },
		{ "list", no_argument, NULL, 'L' },
		{ "ipseckey", no_argument, NULL, 'K' },
		{ "gateway", required_argument, NULL, 'G' },
		{ "precedence", required_argument, NULL, 'p' },
		{ "ckaid", required_argument, NULL, 'c' },
		{ "rsaid", required_argument, NULL, 'I' },
		{ "version", no_argument, NULL, 'V' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "configdir", required_argument, NULL, 'd' },
		{ "nssdir", required_argument, NULL, 'd' },
		{ "password", required_argument, NULL, 'P' },
		{ "pem", no_argument, NULL, 'M' },
		{ "pubkey", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o = { .nssdir = KEYSTORE_DEFAULT_DIR, .precedence = 10 };
	struct privkey *key = NULL;
	int c, ops, status;
	char *end;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': o.left = true; break;
		case 'r': o.right = true; break;
		case 'D': o.dump = true; break;
		case 'L': o.list = true; break;
		case 'K': o.ipseckey = true; break;
		case 'M': o.pem = true; break;
		case 'k': o.pubkey = true; break;
		case 'g': break;
		case 'v': o.verbose = true; break;
		case 'c': o.ckaid = optarg; break;
		case 'I': o.rsaid = optarg; break;
		case 'd': o.nssdir = optarg; break;
		case 'P': o.password = optarg; break;
		case 'G':
			o.ipseckey = true;
			o.gateway = optarg;
			break;
		case 'p':
			errno = 0;
			o.precedence = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg || o.precedence > 255) {
				fprintf(stderr, ME ": precedence malformed: %s\n", optarg);
				return 5;
			}
			break;
		case 'V':
			printf("Linux ipsec (static multicall) " IPSEC_VERSION "\n");
			return 0;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return applet_usage_error("showhostkey", usage, "unknown option '%s'",
						  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return applet_usage_error("showhostkey", usage, "unexpected argument '%s'", argv[optind]);
	ops = o.left + o.right + o.ipseckey + o.pem + o.dump + o.list;
	if (ops == 0)
		return usage_error("You must specify an operation");
	if (ops > 1)
		return usage_error("You must specify only one operation");
	if ((o.left || o.right || o.ipseckey || o.pem) && !o.ckaid && !o.rsaid)
		return usage_error("You must select a key using --ckaid or --rsaid");
	if ((o.dump || o.list) && (o.ckaid || o.rsaid))
		return usage_error("You must not select a key");
	if (o.verbose)
		fprintf(stderr, ME ": using nss directory \"%s\"\n", o.nssdir);
	if (o.dump || o.list)
		return list_keys(&o);
	if (o.verbose)
		printf("%s picking by %s=%s\n", o.ipseckey ? ";" : "\t#", o.rsaid ? "rsaid" : "ckaid",
		       o.rsaid ? o.rsaid : o.ckaid);
	status = pick(&o, &key);
	if (status)
		return status;
	status = show(&o, key);
	privkey_free(key);
	return status;
}
