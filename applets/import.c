/* ipsec import FILE.p12: stores the private key, certificate and CA certificates
 * of a PKCS#12 file in the key store under the file's friendly name, where
 * Libreswan runs "pk12util -i" into NSS. Everything is parsed and checked before
 * the first file is written, so a wrong password or a damaged file stores nothing. */
#include "applets/applets.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "crypto/chunk.h"
#include "crypto/keys.h"
#include "crypto/keystore.h"
#include "crypto/pkcs12.h"
#include "crypto/x509.h"

#define ME "ipsec import"
#define MAX_P12 (1 << 20)
#define MAX_PASSWORD 1024

static const char usage[] =
	"Usage: ipsec import [--nssdir " KEYSTORE_DEFAULT_DIR "] [--password PASSWORD] /path/to/pkcs.12\n"
	"\n"
	"The PKCS#12 password is read from the terminal (not echoed), or from the first\n"
	"line of standard input when that is not a terminal, unless --password is given.\n"
	"The key goes to NSSDIR/private/<ckaid>.key, the certificate to\n"
	"NSSDIR/certs/<friendly name>.pem and CA certificates to NSSDIR/cacerts/.\n";

/* One line from stdin; from a terminal with the echo turned off. */
static int read_password(char *buf, size_t cap)
{
	struct termios saved, quiet;
	bool tty = isatty(STDIN_FILENO);
	size_t len;

	if (tty) {
		fprintf(stderr, "Enter password for PKCS12 file: ");
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &saved) == 0) {
			quiet = saved;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		} else {
			tty = false;
		}
	}
	if (!fgets(buf, (int)cap, stdin))
		buf[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	return 0;
}

static int read_p12(const char *path, uint8_t **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -errno;
	*data = malloc(MAX_P12 + 1);
	if (!*data) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(*data, 1, MAX_P12 + 1, f);
	fclose(f);
	if (n > MAX_P12) {
		free(*data);
		return -EFBIG;
	}
	*len = n;
	return 0;
}

/* Nickname for a certificate without a friendly name: its CN, else its DN. */
static char *fallback_nick(const struct cert *cert)
{
	char text[512];
	size_t len;
	const uint8_t *dn = cert_subject(cert, &len);
	char *cn;

	if (dn_to_text(dn, len, text, sizeof(text)) < 0)
		return strdup("imported");
	cn = strstr(text, "CN=");
	while (cn && cn != text && cn[-1] != ' ')
		cn = strstr(cn + 1, "CN=");
	if (cn) {
		cn += 3;
		cn[strcspn(cn, ",")] = '\0';
		if (*cn)
			return strdup(cn);
	}
	return strdup(text);
}

struct item {
	struct cert *cert;     /* certificate bags */
	const struct pkcs12_bag *bag;
	char *nick;
	bool ca;
};

static void subject_text(const struct cert *cert, char *buf, size_t cap)
{
	size_t len;
	const uint8_t *dn = cert_subject(cert, &len);
	if (dn_to_text(dn, len, buf, cap) < 0 && cap)
		snprintf(buf, cap, "(unprintable subject)");
}

int applet_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "nssdir", required_argument, NULL, 'd' },
		{ "configdir", required_argument, NULL, 'd' },
		{ "password", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *nssdir = KEYSTORE_DEFAULT_DIR, *file, *password = NULL;
	char pwbuf[MAX_PASSWORD];
	uint8_t *data = NULL;
	size_t len = 0, nitems = 0, nkeys = 0;
	struct pkcs12 *p12 = NULL;
	struct item *items = NULL;
	struct stat st;
	int c, err, status = 1;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': nssdir = optarg; break;
		case 'P': password = optarg; break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return applet_usage_error("import", usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return applet_usage_error("import", usage, "expected one PKCS#12 file");
	file = argv[optind];
	if (stat(nssdir, &st) || !S_ISDIR(st.st_mode) || access(nssdir, W_OK)) {
		fprintf(stderr, "ERROR: destination directory \"%s\" is missing or permission denied\n",
			nssdir);
		return 1;
	}
	if ((err = read_p12(file, &data, &len))) {
		fprintf(stderr, ME ": cannot read %s: %s\n", file,
			err == -EFBIG ? "larger than 1 MiB, not a PKCS#12 file" : strerror(-err));
		return 1;
	}
	if (!password) {
		read_password(pwbuf, sizeof(pwbuf));
		password = pwbuf;
	}
	err = pkcs12_parse(data, len, password, &p12);
	if (err) {
		fprintf(stderr, ME ": %s: %s; nothing imported\n", file,
			err == -EACCES ? "incorrect password (the PKCS#12 integrity check failed)"
			: err == -ENOTSUP ? "unsupported PKCS#12 algorithm or format"
			: err == -ENOMEM ? "out of memory"
					  : "not a valid PKCS#12 file (damaged or truncated)");
		goto out;
	}
	items = calloc(p12->n_bags ? p12->n_bags : 1, sizeof(*items));
	if (!items)
		goto out;
	/* Check every certificate before anything is written. */
	for (size_t i = 0; i < p12->n_bags; i++) {
		const struct pkcs12_bag *bag = &p12->bags[i];
		if (bag->key) {
			nkeys++;
			continue;
		}
		if (cert_from_der(bag->cert, bag->cert_len, &items[nitems].cert)) {
			fprintf(stderr, ME ": %s: certificate %zu is damaged; nothing imported\n", file,
				nitems + 1);
			goto out;
		}
		items[nitems].bag = bag;
		items[nitems].ca = cert_is_ca(items[nitems].cert);
		nitems++;
	}
	if (nkeys == 0 && nitems == 0) {
		fprintf(stderr, ME ": %s: contains no key and no certificate; nothing imported\n", file);
		goto out;
	}
	/* A key's certificate is the one with its public key; it takes the key's
	 * friendly name when it has none of its own, so leftcert=NAME finds both. */
	for (size_t i = 0; i < nitems; i++) {
		const struct pubkey *pub = cert_pubkey(items[i].cert);
		const char *name = items[i].bag->friendly_name;
		for (size_t k = 0; !name && pub && k < p12->n_bags; k++)
			if (p12->bags[k].key && pubkey_equal(privkey_pub(p12->bags[k].key), pub))
				name = p12->bags[k].friendly_name;
		for (size_t k = 0; pub && k < p12->n_bags; k++)
			if (p12->bags[k].key && pubkey_equal(privkey_pub(p12->bags[k].key), pub))
				items[i].ca = false;
		items[i].nick = name ? strdup(name) : fallback_nick(items[i].cert);
		if (!items[i].nick)
			goto out;
	}
	for (size_t i = 0; i < p12->n_bags; i++) {
		const struct privkey *key = p12->bags[i].key;
		char hex[2 * CKAID_LEN + 1];
		if (!key)
			continue;
		if ((err = keystore_save_privkey(nssdir, NULL, key))) {
			fprintf(stderr, ME ": cannot store the private key in %s/private: %s\n", nssdir,
				strerror(-err));
			goto out;
		}
		for (size_t k = 0; k < CKAID_LEN; k++)
			sprintf(hex + 2 * k, "%02x", pubkey_ckaid(privkey_pub(key))[k]);
		printf(ME ": %s private key (%u bits) with CKAID %s stored as %s/private/%s.key\n",
		       key_type_name(pubkey_type(privkey_pub(key))), pubkey_bits(privkey_pub(key)), hex,
		       nssdir, hex);
	}
	for (size_t i = 0; i < nitems; i++) {
		char subject[512];
		size_t dlen;
		const uint8_t *der = cert_der(items[i].cert, &dlen);
		if ((err = keystore_save_cert(nssdir, items[i].nick, items[i].ca, der, dlen))) {
			fprintf(stderr, ME ": cannot store certificate \"%s\": %s\n", items[i].nick,
				strerror(-err));
			goto out;
		}
		subject_text(items[i].cert, subject, sizeof(subject));
		printf(ME ": %scertificate \"%s\" (%s) stored in %s/%s\n", items[i].ca ? "CA " : "",
		       items[i].nick, subject, nssdir, items[i].ca ? "cacerts" : "certs");
	}
	printf(ME ": PKCS12 IMPORT SUCCESSFUL\n");
	status = 0;
out:
	for (size_t i = 0; items && i < nitems; i++) {
		cert_free(items[i].cert);
		free(items[i].nick);
	}
	free(items);
	pkcs12_free(p12);
	free(data);
	wipe(pwbuf, sizeof(pwbuf));
	return status;
}
