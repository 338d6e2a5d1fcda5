/* ipsec.secrets: formats, includes, diagnostics, file permissions, and the
 * lookup rules of Libreswan 4.x lib/libswan/secrets.c lsw_find_secret_by_id(). */
#include "config/id.h"
#include "config/secrets.h"
#include "tests/unit/check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
static struct arena ids; /* the test ids */

static const char *put(const char *name, const char *text, mode_t mode)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static bool said(const struct diag *d, const char *want)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i], want))
			return true;
	return false;
}

static void dump(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		printf("#   %s\n", d->msgs[i]);
}

static struct conn_id id(const char *text)
{
	struct conn_id x;
	const char *why;

	if (id_parse(text, &x, &ids, &why)) {
		printf("# bad test id %s: %s\n", text, why);
		exit(1);
	}
	return x;
}

static bool key_is(const struct secret *s, const char *want)
{
	return s && s->key_len == strlen(want) && memcmp(s->key, want, s->key_len) == 0;
}

static void test_formats(void)
{
	struct secrets *s;
	struct diag d;
	const char *p = put("formats.secrets",
			    "# comment\n"
			    "192.0.2.1 198.51.100.2 : PSK \"quoted secret # not a comment\"\n"
			    "\"2001:db8::1\" \"2001:db8::2\" : PSK 0x0123_4567_89ab_cdef\n"
			    "@a.example @b.example: PSK 0sc2VjcmV0LWluLWJhc2U2NA==\n"
			    "user@example.com %any6 : PSK 0ttext secret to the end   \n"
			    "@c.example\n"
			    "    @d.example   # comment after whitespace\n"
			    "\t: PSK\n"
			    "\t  'single-quoted-secret'\n"
			    "\"C=CA, O=Example, CN=east\" %any : PSK \"dn-secret-1234\"\n"
			    "@e.example@odd#notcomment : PSK \"hash-in-token\"\n"
			    "@xauthuser : XAUTH \"xauth-password\"\n"
			    ": PSK \"no-ids-secret\"\n",
			    0600);

	diag_init(&d);
	int r = secrets_load(p, &s, &d);
	CHECK(r == 0 && d.errors == 0, "formats.secrets loads without errors");
	if (r)
		dump(&d);
	if (!s)
		return;
	CHECK(secrets_count(s) == 9, "9 entries (%zu)", secrets_count(s));
	const struct secret *e = secrets_at(s, 0);
	CHECK(e && e->kind == SECRET_PSK && e->n_ids == 2 && e->ids[0].kind == ID_IPV4_ADDR &&
		      key_is(e, "quoted secret # not a comment") && e->line == 2,
	      "IPv4 ids, quoted PSK keeps '#', line 2");
	e = secrets_at(s, 1);
	CHECK(e && e->ids[1].kind == ID_IPV6_ADDR && e->key_len == 8 && e->key[0] == 0x01 &&
		      e->key[7] == 0xef,
	      "quoted IPv6 ids, 0x hex with '_' between bytes");
	e = secrets_at(s, 2);
	CHECK(e && e->ids[0].kind == ID_FQDN && e->ids[1].kind == ID_FQDN && key_is(e, "secret-in-base64"),
	      "@fqdn ids, a ':' stuck to the last id, 0s base64 (\"secret-in-base64\", base64 -d)");
	e = secrets_at(s, 3);
	CHECK(e && e->ids[0].kind == ID_RFC822 && e->ids[1].kind == ID_ANY &&
		      key_is(e, "text secret to the end"),
	      "user@fqdn, %%any6, 0t text up to the end of the line");
	e = secrets_at(s, 4);
	CHECK(e && e->n_ids == 2 && key_is(e, "single-quoted-secret") && e->line == 6,
	      "an entry continued on indented lines, comment after whitespace");
	e = secrets_at(s, 5);
	CHECK(e && e->ids[0].kind == ID_DER_ASN1_DN && key_is(e, "dn-secret-1234"), "a quoted DN id");
	e = secrets_at(s, 6);
	CHECK(e && e->ids[0].kind == ID_FQDN && strcmp(e->ids[0].text, "@e.example@odd#notcomment") == 0,
	      "'#' inside a token is not a comment");
	CHECK(key_is(secrets_find_xauth(s, "xauthuser"), "xauth-password"), "XAUTH password by user");
	CHECK(secrets_find_xauth(s, "nobody") == NULL, "unknown XAUTH user: NULL");
	secrets_free(s);
	diag_free(&d);
}

static void test_errors(void)
{
	struct secrets *s;
	struct diag d;
	char want[300];
	const char *p = put("errors.secrets",
			    "  @indented : PSK \"x\"\n"                        /* 1 */
			    "@a @b : PSK \"unterminated\n"                     /* 2 */
			    "@a @b : PSK 0xabc\n"                              /* 3 */
			    "@a @b PSK \"no colon\"\n"                         /* 4 */
			    "@a @b : PSK \"one\" \"two\"\n"                    /* 5 */
			    "@a : PPKS user1 \"ppk\"\n"                        /* 6 */
			    "@a : PSK short\n"                                 /* 7 */
			    ": RSA {\n"                                        /* 8 */
			    "\tModulus: 0x00c0ffee\n"                          /* 9 */
			    "\tPublicExponent: 0x03\n"                         /* 10 */
			    "\t}\n"                                            /* 11 */
			    "@a : PIN %smartcard 1234\n"                       /* 12 */
			    "@a : PSK \"tiny\"\n"                              /* 13 */
			    "192.0.2.300 : PSK \"badaddress\"\n"               /* 14 */
			    "@a : PPKS \"id\"\n"                               /* 15 */
			    "@a :\n"                                           /* 16 */
			    "@ok : PSK \"good-secret-here\"\n",                /* 17 */
			    0600);

	diag_init(&d);
	int r = secrets_load(p, &s, &d);
	CHECK(r == -EINVAL, "errors.secrets: -EINVAL");
#define WANT(line, text)                                                 \
	do {                                                             \
		snprintf(want, sizeof(want), "%s:%d: %s", p, line, text); \
		CHECK(said(&d, want), "message %s", want);               \
	} while (0)
	WANT(1, "indented line without an entry (entries start at column 0)");
	WANT(2, "unterminated string");
	WANT(3, "PSK data malformed (input ends in mid-byte, perhaps truncated)");
	WANT(4, "unexpected end of id list");
	WANT(5, "expected record boundary in key");
	WANT(6, "No quotation marks found. PPK ID should be in quotation marks");
	WANT(7, "PSK data malformed (input does not begin with format prefix (0x, 0s or 0t))");
	WANT(8, "warning: ignored RSA private key entry (private keys live in the key store");
	WANT(12, "warning: ignored unrecognized keyword: PIN");
	WANT(13, "warning: using a weak secret (PSK shorter than 8 characters)");
	WANT(14, "index \"192.0.2.300\" not a valid IP address");
	WANT(15, "No PPK found. PPK should be specified after PPK ID");
	WANT(16, "unexpected end of record (expected PSK, PPKS or XAUTH)");
	CHECK(s && secrets_count(s) == 3, "the good entries still load (%zu)", s ? secrets_count(s) : 0);
	if (s)
		CHECK(key_is(secrets_at(s, 2), "good-secret-here"), "the last good entry");
	secrets_free(s);
	diag_free(&d);
}

static void test_files(void)
{
	struct secrets *s;
	struct diag d;
	char path[300];

	snprintf(path, sizeof(path), "%s/ipsec.d", dir);
	mkdir(path, 0700);
	put("ipsec.d/one.secrets", "@one : PSK \"secret-number-one\"\n", 0600);
	put("ipsec.d/two.secrets", "@two : PSK \"secret-number-two\"\ninclude ../nested.inc\n", 0600);
	put("nested.inc", "@three : PSK \"secret-number-three\"\n", 0600);
	const char *p = put("main.secrets",
			    "@zero : PSK \"secret-number-zero\"\n"
			    "include ipsec.d/*.secrets\n"
			    "include nothing/*.secrets\n"
			    "@four : PSK \"secret-number-four\"\n",
			    0600);
	diag_init(&d);
	int r = secrets_load(p, &s, &d);
	CHECK(r == 0 && d.errors == 0 && d.warnings == 0, "include: glob relative to the file, nested, unmatched glob silent");
	if (d.n)
		dump(&d);
	CHECK(s && secrets_count(s) == 5 && secrets_at(s, 1)->ids[0].value[0] == 'o' &&
		      secrets_at(s, 3)->ids[0].value[0] == 't' && secrets_at(s, 4)->ids[0].value[0] == 'f',
	      "entries in file order: zero, one, two, three, four");
	secrets_free(s);
	diag_free(&d);

	/* a glob as the file name (secretsfile=) */
	diag_init(&d);
	snprintf(path, sizeof(path), "%s/ipsec.d/*.secrets", dir);
	r = secrets_load(path, &s, &d);
	CHECK(r == 0 && s && secrets_count(s) == 3, "secretsfile as a glob");
	secrets_free(s);
	diag_free(&d);

	/* nesting limit */
	put("self.secrets", "include self.secrets\n", 0600);
	diag_init(&d);
	snprintf(path, sizeof(path), "%s/self.secrets", dir);
	r = secrets_load(path, &s, &d);
	CHECK(r == -EINVAL && said(&d, "self.secrets: include loop: this file is already being read"),
	      "a self-including secrets file: include loop");
	secrets_free(s);
	diag_free(&d);

	/* nesting limit: n0 includes n1 ... n11 */
	for (int i = 0; i <= 11; i++) {
		char name[32], text[64];
		snprintf(name, sizeof(name), "n%d.secrets", i);
		snprintf(text, sizeof(text), "include n%d.secrets\n", i + 1);
		put(name, i == 11 ? "@deep : PSK \"deep-secret-value\"\n" : text, 0600);
	}
	diag_init(&d);
	snprintf(path, sizeof(path), "%s/n0.secrets", dir);
	r = secrets_load(path, &s, &d);
	CHECK(r == -EINVAL && said(&d, "n9.secrets:1: secrets file \"") && said(&d, "n10.secrets\" nested too deeply"),
	      "include nesting limit 10");
	if (!said(&d, "nested too deeply"))
		dump(&d);
	secrets_free(s);
	diag_free(&d);

	/* permissions: loud warnings */
	p = put("world.secrets", "@w : PSK \"world-readable\"\n", 0644);
	diag_init(&d);
	r = secrets_load(p, &s, &d);
	CHECK(r == 0 && said(&d, "warning: SECRETS FILE IS READABLE BY EVERYONE (mode 0644)"),
	      "a world-readable file: loud warning");
	secrets_free(s);
	diag_free(&d);
	p = put("group.secrets", "@g : PSK \"group-readable\"\n", 0640);
	diag_init(&d);
	r = secrets_load(p, &s, &d);
	CHECK(r == 0 && said(&d, "warning: SECRETS FILE IS READABLE BY ITS GROUP (mode 0640)"),
	      "a group-readable file: loud warning");
	secrets_free(s);
	diag_free(&d);
	if (geteuid() == 0) {
		p = put("owner.secrets", "@o : PSK \"owned-by-nobody\"\n", 0600);
		if (chown(p, 65534, 65534) == 0) {
			diag_init(&d);
			r = secrets_load(p, &s, &d);
			CHECK(r == 0 && said(&d, "warning: SECRETS FILE IS NOT OWNED BY ROOT (uid 65534)"),
			      "a file not owned by root: loud warning");
			secrets_free(s);
			diag_free(&d);
		}
	}
	diag_init(&d);
	snprintf(path, sizeof(path), "%s/missing.secrets", dir);
	r = secrets_load(path, &s, &d);
	CHECK(r == 0 && s && secrets_count(s) == 0 &&
		      said(&d, "missing.secrets: warning: no secrets file: No such file or directory"),
	      "a missing secrets file: a warning and no secrets (Libreswan: no secrets filename matched)");
	secrets_free(s);
	diag_free(&d);
}

static void test_lookup(void)
{
	struct secrets *s;
	struct diag d;
	const char *p = put("lookup.secrets",
			    ": PSK \"no-ids-secret\"\n"
			    "%any : PSK \"any-secret\"\n"
			    "@west : PSK \"west-only\"\n"
			    "@west %any : PSK \"west-any\"\n"
			    "@east %any : PSK \"east-any\"\n"
			    "@west @east : PSK \"west-east\"\n"
			    "@east @west : PSK \"east-west-later\"\n"
			    "@road : PSK \"road-only\"\n"
			    "192.0.2.1 198.51.100.2 : PSK \"by-address\"\n"
			    "@west @east : PPKS \"PPK_ID_1\" 0x000102030405060708090a0b0c0d0e0f\n",
			    0600);
	struct conn_id west = id("@west"), east = id("@east"), north = id("@north"),
		       south = id("@south"), road = id("@road"), a1 = id("192.0.2.1"),
		       a2 = id("198.51.100.2"), west_caps = id("@WEST."), none = { ID_NONE, NULL, NULL, 0 };

	diag_init(&d);
	secrets_load(p, &s, &d);
	CHECK(s && secrets_count(s) == 10, "lookup.secrets: 10 entries");
	if (!s)
		return;
	CHECK(key_is(secrets_find_psk(s, &west, &east), "west-east"), "both ids named: the exact pair wins");
	CHECK(key_is(secrets_find_psk(s, &east, &west), "west-east"),
	      "the pair in either order; the first of two equal entries wins");
	CHECK(key_is(secrets_find_psk(s, &west, &north), "west-any"),
	      "local id + %%any beats the local id alone");
	CHECK(key_is(secrets_find_psk(s, &north, &east), "east-any"),
	      "remote id + %%any beats %%any");
	CHECK(key_is(secrets_find_psk(s, &north, &south), "no-ids-secret"),
	      "nothing specific: %%any and no ids rank equal, the first in the file wins");
	CHECK(key_is(secrets_find_psk(s, &north, &road), "no-ids-secret"),
	      "an entry naming only the remote id never matches (Libreswan)");
	CHECK(key_is(secrets_find_psk(s, &west_caps, &east), "west-east"),
	      "FQDN ids compare without case and trailing dot");
	CHECK(key_is(secrets_find_psk(s, &a1, &a2), "by-address"), "IPv4 ids");
	CHECK(key_is(secrets_find_psk(s, &west, NULL), "west-any"), "remote not known yet");
	CHECK(key_is(secrets_find_psk(s, &none, &east), "west-east"),
	      "an unset local id is a wildcard (same_id)");
	const struct secret *ppk = secrets_find_ppk(s, &west, &east);
	CHECK(ppk && ppk->kind == SECRET_PPK && ppk->key_len == 16 && ppk->key[15] == 0x0f &&
		      ppk->ppk_id_len == 8 && memcmp(ppk->ppk_id, "PPK_ID_1", 8) == 0,
	      "PPKS with a hex PPK, by ids");
	CHECK(secrets_find_ppk_by_id(s, (const uint8_t *)"PPK_ID_1", 8) == ppk &&
		      secrets_find_ppk_by_id(s, (const uint8_t *)"PPK_ID_2", 8) == NULL,
	      "PPK by PPK_ID");
	secrets_free(s);
	diag_free(&d);

	p = put("lookup2.secrets",
		"%any : PSK \"any-secret\"\n"
		"@west : PSK \"west-only\"\n"
		"@road : PSK \"road-only\"\n",
		0600);
	diag_init(&d);
	secrets_load(p, &s, &d);
	CHECK(key_is(secrets_find_psk(s, &west, &north), "west-only"),
	      "our id alone is a default for any peer, better than %%any");
	CHECK(key_is(secrets_find_psk(s, &north, &road), "any-secret"), "the remote id alone: no");
	secrets_free(s);
	diag_free(&d);

	p = put("lookup3.secrets", "@road : PSK \"road-only\"\n", 0600);
	diag_init(&d);
	secrets_load(p, &s, &d);
	CHECK(secrets_find_psk(s, &north, &road) == NULL, "no match at all: NULL");
	secrets_free(s);
	diag_free(&d);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_secrets.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_formats();
	test_errors();
	test_files();
	test_lookup();
	arena_free(&ids);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return check_done();
}
