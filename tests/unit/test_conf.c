/* ipsec.conf: syntax, include, %default, also=, typed values, defaults,
 * diagnostics, conn_clone, and loading 10,000 conns. Expected behaviour is
 * Libreswan 4.x's (lib/libipsecconf, ipsec.conf(5), testing/pluto/addconn-10-
 * duplicate-key and libipsecconf-02), cited beside the checks. */
#include "config/config.h"
#include "tests/unit/check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char dir[64];
static char created[64][256];
static unsigned n_created;

static const char *put(const char *name, const char *text)
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
	if (n_created < 64)
		snprintf(created[n_created++], sizeof(created[0]), "%s", path);
	return path;
}

/* Loads text as dir/NAME; returns the result, cfg and messages in d. */
static int load(const char *name, const char *text, struct config **cfg, struct diag *d)
{
	diag_init(d);
	return config_load(put(name, text), cfg, d);
}

/* Is there a message containing want? */
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

static void check_said(const struct diag *d, const char *want, const char *what)
{
	bool ok = said(d, want);
	CHECK(ok, "%s: message \"%s\"", what, want);
	if (!ok)
		dump(d);
}

static void test_syntax(void)
{
	struct config *cfg;
	struct diag d;
	char path[300];
	int r = load("syntax.conf",
		     "# comment at column 0\n"
		     "version 2.0\n"
		     "\n"
		     "config setup\n"
		     "\t# indented comment\n"
		     "\tplutodebug = \"base, crypt\"   # trailing comment\n"
		     "        logfile=/var/log/pluto.log\n"
		     "\tuniqueids=no\r\n"
		     "conn one\n"
		     "\tleft = 192.0.2.1\n"
		     "  right=198.51.100.2\n"
		     "\tleftcert=node#1\n"
		     "\tleftsubnets={192.0.2.0/28 192.0.2.64/28}\n"
		     "\tmodecfgbanner=\"Hello, world # not a comment\"\n"
		     "\tx-my-note = anything \"goes\" here # even this\n"
		     "\tX_other=1\n"
		     "\tLeftID=@west\n"
		     "\tright-id=@east\n"
		     "\tauthby=secret\n"
		     "\tleftupdown=\n"
		     "\n"
		     "conn two=with=equals\n"
		     "\tleft=192.0.2.1\n",
		     &cfg, &d);

	CHECK(r == 0 && cfg, "syntax.conf loads without errors (r=%d)", r);
	if (r)
		dump(&d);
	if (!cfg)
		return;
	const struct setup *s = config_setup(cfg);
	CHECK(s->plutodebug == (PLUTODEBUG_BASE | PLUTODEBUG_CRYPT), "quoted plutodebug=\"base, crypt\"");
	CHECK_STR(s->logfile, "/var/log/pluto.log", "8 spaces indent, logfile");
	CHECK(!s->uniqueids, "uniqueids=no with a CRLF line end");
	CHECK(s->keep_alive_s == 20 && s->listen_udp && !s->listen_tcp && s->ikeport == 500,
	      "config setup defaults: keep-alive 20, listen-udp yes, listen-tcp no, port 500");
	CHECK(config_conn_count(cfg) == 2, "two conns");
	const struct conn *c = config_conn_find(cfg, "one");
	CHECK(c && c->left.host_kind == HOST_ADDR && c->left.host.bytes[3] == 1, "left = 192.0.2.1 with spaces around '='");
	CHECK(c && strcmp(c->left.cert, "node#1") == 0,
	      "a '#' inside a bare value is part of it (Libreswan's lexer)");
	CHECK(c && c->left.n_subnets == 2 && c->left.subnets[1].prefix == 28 && c->left.subnets[1].addr.bytes[3] == 64,
	      "leftsubnets={192.0.2.0/28 192.0.2.64/28}");
	CHECK(c && strcmp(c->modecfgbanner, "Hello, world # not a comment") == 0, "quoted value keeps '#' and ','");
	CHECK(c && c->left.id.kind == ID_FQDN && strcmp(c->left.id.text, "@west") == 0, "LeftID= (keywords ignore case)");
	CHECK(c && c->right.id.kind == ID_FQDN && c->right.id.value_len == 4 &&
		      memcmp(c->right.id.value, "east", 4) == 0, "right-id= (Libreswan 5 spelling), value without '@'");
	CHECK(c && c->left.updown == NULL, "leftupdown= (empty) is ignored as in Libreswan");
	CHECK(config_conn_find(cfg, "two=with=equals") != NULL, "conn names may contain '='");
	CHECK(config_conn_find(cfg, "three") == NULL, "unknown name: NULL");

	const struct conf_kv *kv;
	size_t n = config_conn_keys(cfg, 0, &kv);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, "x-my-note") == 0)
			found = strcmp(kv[i].value, "anything \"goes\" here # even this") == 0;
	CHECK(found, "x- key takes the rest of its line as its value");
	config_free(cfg);
	diag_free(&d);

	/* line numbers in messages name the including file and the included one */
	snprintf(path, sizeof(path), "%s/syntax.conf", dir);
	(void)path;
}

static void test_errors(void)
{
	struct config *cfg;
	struct diag d;
	char want[512];
	int r = load("errors.conf",
		     "config setup\n"                       /* 1 */
		     "\tfoo=bar\n"                          /* 2 */
		     "\tleft=192.0.2.1\n"                   /* 3 */
		     "\tinterfaces=%defaultroute\n"         /* 4 */
		     "\trundir=/tmp\n"                      /* 5 */
		     "\tshuntlifetime=\n"                   /* 6 */
		     "conn a\n"                             /* 7 */
		     "\tleft=192.0.2.1\n"                   /* 8 */
		     "\tright=\"unterminated\n"             /* 9 */
		     "\tsubnet=192.0.2.0/24\n"              /* 10 */
		     "\tnoequals value\n"                   /* 11 */
		     "\tuniqueids=yes\n"                    /* 12 */
		     "\tleftsubnet={192.0.2.0/24\n"         /* 13 */
		     "\tikelifetime=8x\n"                   /* 14 */
		     "\tauto=maybe\n"                       /* 15 */
		     "left=192.0.2.9\n"                     /* 16 */
		     "\tleftid=a b\n"                       /* 17 */
		     "\tmtu=\n"                             /* 18 */
		     "\trekeyfuzz=50\n"                     /* 19 */
		     "\tike=aes-sha3\n"                     /* 20 */
		     "conn b\n"                             /* 21 */
		     "\tleft=192.0.2.1\n"                   /* 22 */
		     "\tright=2001:db8::1\n"                /* 23 */
		     "conn a\n"                             /* 24 */
		     "garbage here\n",                      /* 25 */
		     &cfg, &d);
	const char *f = created[n_created - 1];

	CHECK(r == -EINVAL, "errors.conf: config_load returns -EINVAL");
#define WANT(line, text)                                             \
	do {                                                         \
		snprintf(want, sizeof(want), "%s:%d: %s", f, line, text); \
		check_said(&d, want, "errors.conf");                 \
	} while (0)
	WANT(2, "unknown keyword 'foo'");
	WANT(3, "keyword 'left' is not valid in config setup");
	WANT(4, "warning: ignored obsolete keyword 'interfaces'");
	WANT(5, "'rundir' is a command line option (--rundir), not an ipsec.conf keyword");
	WANT(6, "missing value for 'shuntlifetime'");
	WANT(9, "unterminated quoted value for 'right'");
	WANT(10, "keyword 'subnet' needs a left or right prefix (leftsubnet=, rightsubnet=)");
	WANT(11, "expected '=' after 'noequals'");
	WANT(12, "keyword 'uniqueids' is not valid in a conn (only in config setup)");
	WANT(13, "unterminated '{' list for 'leftsubnet'");
	WANT(14, "invalid ikelifetime=8x: unrecognized duration unit");
	WANT(15, "invalid auto=maybe: expected one of: ignore add ondemand route start up keep");
	WANT(16, "'left=192.0.2.9' is outside any section: lines inside a section must be indented");
	WANT(17, "unexpected 'b' after the value of 'leftid' (quote values that contain spaces)");
	WANT(18, "missing value for 'mtu'");
	WANT(19, "invalid rekeyfuzz=50: expected a percentage such as 100%");
	WANT(20, "invalid ike=aes-sha3: IKE PRF algorithm 'sha3' is not recognized");
	WANT(21, "conn 'b': host address family IPv4 of left=192.0.2.1 conflicts with right=2001:db8::1");
	WANT(24, "duplicate conn 'a' (first defined at");
	WANT(25, "unexpected 'garbage' at the start of a line (expected conn, config setup, include or version)");
	CHECK(cfg && config_conn_count(cfg) == 0, "conns with errors are left out");
	CHECK(d.errors == 19 && d.warnings == 1, "19 errors and 1 warning counted (%u, %u)", d.errors, d.warnings);
	config_free(cfg);
	diag_free(&d);

	/* binary garbage, a NUL byte and a huge line: errors with file and line */
	{
		char big[70000];
		memset(big, 'x', sizeof(big));
		memcpy(big, "conn big\n\tleft=", 15);
		big[sizeof(big) - 2] = '\n';
		big[sizeof(big) - 1] = '\0';
		r = load("big.conf", big, &cfg, &d);
		snprintf(want, sizeof(want), "%s:2: line too long (69989 bytes, at most 65535)", created[n_created - 1]);
		check_said(&d, want, "huge line");
		config_free(cfg);
		diag_free(&d);
	}
	{
		const char *p = put("nul.conf", "");
		FILE *fp = fopen(p, "w");
		fwrite("conn x\n\tleft=1\0\n\t\x01\xff\xfe=\x80\n", 1, 23, fp);
		fclose(fp);
		diag_init(&d);
		r = config_load(p, &cfg, &d);
		snprintf(want, sizeof(want), "%s:2: NUL byte in line", p);
		check_said(&d, want, "NUL byte");
		snprintf(want, sizeof(want), "%s:3: unknown keyword '\\x01\\xff\\xfe'", p);
		check_said(&d, want, "binary key printed escaped");
		CHECK(r == -EINVAL, "garbage: -EINVAL");
		config_free(cfg);
		diag_free(&d);
	}
	/* a missing main file */
	diag_init(&d);
	r = config_load("/nonexistent/ipsec.conf", &cfg, &d);
	CHECK(r == -EINVAL && !cfg && said(&d, "/nonexistent/ipsec.conf: cannot open: No such file or directory"),
	      "missing file: -EINVAL, no config, \"FILE: cannot open\"");
	diag_free(&d);
}

static void test_include(void)
{
	struct config *cfg;
	struct diag d;
	char want[512];
	int r;

	mkdir(strcat(strcpy(want, dir), "/sub"), 0700);
	put("sub/a.conf", "conn from-a\n\tleft=192.0.2.1\n\tright=192.0.2.2\n\tauto=add\n");
	put("sub/b.conf", "conn from-b\n\tleft=192.0.2.1\n\tright=192.0.2.3\n\tauto=start\n"
			  "include ../sub/c.inc\n");
	put("sub/c.inc", "conn from-c\n\tleft=192.0.2.1\n\tright=192.0.2.4\n");
	r = load("inc.conf",
		 "config setup\n\tlogtime=no\n"
		 "include sub/*.conf\n"
		 "include nothing-matches-*.conf\n"
		 "conn last\n\tleft=192.0.2.1\n\tright=192.0.2.5\n\tauto=ignore\n",
		 &cfg, &d);
	CHECK(r == 0, "include with a glob relative to the including file, nested, unmatched glob ok");
	if (r)
		dump(&d);
	CHECK(cfg && config_conn_count(cfg) == 4 && strcmp(config_conn_at(cfg, 0)->name, "from-a") == 0 &&
		      strcmp(config_conn_at(cfg, 1)->name, "from-b") == 0 &&
		      strcmp(config_conn_at(cfg, 2)->name, "from-c") == 0 &&
		      strcmp(config_conn_at(cfg, 3)->name, "last") == 0,
	      "conns in file order, includes in place, glob matches sorted");
	if (cfg) {
		const struct conn *c = config_conn_find(cfg, "from-c");
		CHECK(c && strstr(c->file, "sub/c.inc") && c->line == 1, "a conn knows its file and line");
	}
	config_free(cfg);
	diag_free(&d);

	r = load("inc2.conf", "include no-such-file.conf\n", &cfg, &d);
	snprintf(want, sizeof(want), "%s:1: cannot open include file '%s/no-such-file.conf': No such file or directory",
		 created[n_created - 1], dir);
	CHECK(r == -EINVAL, "a missing plain include file is an error");
	check_said(&d, want, "missing include");
	config_free(cfg);
	diag_free(&d);

	r = load("inc3.conf", "include crypto-policies/back-ends/libreswan.config\n", &cfg, &d);
	CHECK(r == 0 && d.warnings == 1 && said(&d, "ignored loading default system-wide crypto-policies file"),
	      "a missing crypto-policies back-end is only a warning (as Libreswan)");
	config_free(cfg);
	diag_free(&d);

	put("loop1.conf", "conn l1\n\tleft=192.0.2.1\ninclude loop2.conf\n");
	put("loop2.conf", "include loop1.conf\n");
	diag_init(&d);
	snprintf(want, sizeof(want), "%s/loop1.conf", dir);
	r = config_load(want, &cfg, &d);
	CHECK(r == -EINVAL && said(&d, "include loop: '") && said(&d, "loop1.conf' is already being read"),
	      "include loop: error naming the file");
	CHECK(cfg && config_conn_count(cfg) == 1, "include loop: the conn before the loop still loads");
	config_free(cfg);
	diag_free(&d);

	/* libreswan testing/pluto/addconn-04: a file including itself */
	r = load("bomb.conf", "include bomb.conf\n", &cfg, &d);
	CHECK(r == -EINVAL && said(&d, "include loop"), "a self-including file");
	config_free(cfg);
	diag_free(&d);

	/* depth: d0 includes d1 ... d11 */
	for (int i = 0; i <= 11; i++) {
		char name[32], text[64];
		snprintf(name, sizeof(name), "d%d.conf", i);
		snprintf(text, sizeof(text), "include d%d.conf\n", i + 1);
		put(name, i == 11 ? "conn deep\n\tleft=192.0.2.1\n" : text);
	}
	diag_init(&d);
	snprintf(want, sizeof(want), "%s/d0.conf", dir);
	r = config_load(want, &cfg, &d);
	CHECK(r == -EINVAL && said(&d, "d9.conf:1: include 'd10.conf': nesting too deep (more than 10 levels)"),
	      "include depth limit 10");
	if (!said(&d, "nesting too deep"))
		dump(&d);
	config_free(cfg);
	diag_free(&d);
}

static void test_default_also(void)
{
	struct config *cfg;
	struct diag d;
	int r = load("also.conf",
		     "conn %default\n"
		     "\tikelifetime=2h\n"
		     "\tkeyingtries=3\n"
		     "\tauthby=secret\n"
		     "conn base\n"
		     "\tleft=192.0.2.1\n"
		     "\tright=192.0.2.2\n"
		     "\tleftid=@base\n"
		     "\talso=base2\n"
		     "conn base2\n"
		     "\trightid=@base2\n"
		     "\tike=aes-sha2\n"
		     "\talso=base\n"                  /* a loop back to base */
		     "conn top\n"
		     "\talso=base\n"
		     "\tikelifetime=1h\n"             /* beats %default */
		     "\tleftid=@base\n"               /* same as base: a warning */
		     "\tconnalias=one\n"
		     "conn diamond\n"
		     "\talso=top\n"
		     "\talso=base\n"                 /* base via top and directly: fine */
		     "\tconnalias=two\n"
		     "conn %default\n"                /* applies to every conn, wherever it is */
		     "\tmtu=1400\n"
		     "\tikelifetime=3h\n",            /* overrides the first %default: warned */
		     &cfg, &d);

	CHECK(r == 0, "also.conf loads (warnings only)");
	if (r)
		dump(&d);
	if (!cfg)
		return;
	const struct conn *top = config_conn_find(cfg, "top");
	CHECK(top && top->ikelifetime_s == 3600, "conn value beats %%default");
	CHECK(top && top->keyingtries == 3 && top->mtu == 1400, "%%default values reach conns, even a later %%default");
	CHECK(top && top->left.host.bytes[3] == 1 && top->right.id.kind == ID_FQDN &&
		      strcmp(top->right.id.text, "@base2") == 0,
	      "also= is transitive (top -> base -> base2)");
	CHECK(top && top->ike.count == 1 && !top->ike.is_default, "ike= from the also chain");
	CHECK(top && top->authby == AUTH_PSK && top->authby_bits == AUTHBY_BIT_PSK, "authby=secret from %%default");
	CHECK(strcmp(config_conn_alsos(cfg, 2), "base base2") == 0, "#also list of top: base base2");
	CHECK(said(&d, "warning: duplicate key 'leftid' in conn 'top' (also set at"),
	      "the same value twice is only a warning (libreswan addconn-10)");
	CHECK(said(&d, "warning: also=base loops back to conn 'base'; ignored"), "also= loop: a warning");
	CHECK(said(&d, "warning: 'ikelifetime' in conn %default overrides the value set at"),
	      "two %%default values for one key: the later wins, with a warning");
	const struct conn *base = config_conn_find(cfg, "base");
	CHECK(base && base->ikelifetime_s == 3 * 3600, "base: ikelifetime from the later %%default");
	CHECK(top && conn_key_origin(top, "ikelifetime") == ORIGIN_CONN &&
		      conn_key_origin(top, "mtu") == ORIGIN_DEFAULT &&
		      conn_key_origin(top, "rekeymargin") == ORIGIN_BUILTIN &&
		      conn_key_origin(top, "rightid") == ORIGIN_CONN &&
		      conn_key_origin(top, "leftsubnet") == ORIGIN_BUILTIN &&
		      conn_key_origin(top, "salifetime") == ORIGIN_BUILTIN &&
		      conn_key_origin(top, "no-such-key") == ORIGIN_BUILTIN,
	      "conn_key_origin: conn / %%default / built-in");
	const struct conn *dia = config_conn_find(cfg, "diamond");
	CHECK(dia && strcmp(dia->connalias, "two one") == 0,
	      "connalias= appends across also= (conn first, then also= breadth first)");
	CHECK(strcmp(config_conn_alsos(cfg, 3), "top base base2") == 0, "diamond: each section once");

	/* the copy outlives the configuration */
	struct conn *copy = conn_clone(top);
	config_free(cfg);
	diag_free(&d);
	CHECK(copy && strcmp(copy->name, "top") == 0 && strcmp(copy->right.id.text, "@base2") == 0 &&
		      copy->right.id.value_len == 5 && memcmp(copy->right.id.value, "base2", 5) == 0 &&
		      strcmp(copy->connalias, "one") == 0 && strstr(copy->file, "also.conf"),
	      "conn_clone: one self-contained allocation, valid after config_free");
	conn_free(copy);

	/* libreswan testing/pluto/addconn-10-duplicate-key */
	r = load("dup.conf",
		 "conn westnet-eastnet-ikev2\n"
		 "\tauthby=rsasig\n"
		 "\tleft=192.1.2.45\n"
		 "\tleft=192.1.2.46\n"
		 "\tright=192.1.2.23\n",
		 &cfg, &d);
	CHECK(r == -EINVAL && said(&d, ":4: duplicate key 'left' in conn 'westnet-eastnet-ikev2' with a different value (first set to '192.1.2.45' at"),
	      "a key set twice with different values is an error");
	CHECK(cfg && config_conn_count(cfg) == 0, "and that conn does not load");
	config_free(cfg);
	diag_free(&d);

	r = load("also-err.conf",
		 "conn %default\n\talso=x\n"
		 "conn a\n\talso=missing\n\tleft=192.0.2.1\n"
		 "conn b\n\talso=c\n\tleftid=@b\n"
		 "conn c\n\tleftid=@c\n",
		 &cfg, &d);
	if (!(said(&d, ":2: also= is not valid in conn %default") &&
	      said(&d, ":4: cannot find conn 'missing' needed by conn 'a'") &&
	      said(&d, ":10: duplicate key 'leftid' in conn 'b' with a different value (first set to '@b'")))
		dump(&d);
	CHECK(r == -EINVAL && said(&d, ":2: also= is not valid in conn %default") &&
		      said(&d, ":4: cannot find conn 'missing' needed by conn 'a'") &&
		      said(&d, ":10: duplicate key 'leftid' in conn 'b' with a different value (first set to '@b'"),
	      "also= errors: in %%default, missing section, conflicting value from an also'd section");
	config_free(cfg);
	diag_free(&d);
}

static void test_values(void)
{
	struct config *cfg;
	struct diag d;
	static const char *const key =
		/* libreswan testing/baseconfigs ipsec.conf.common: east's key */
		"0sAQO9bJbr33iJs+13DaF/e+UWwsnkfZIKkJ1VQ7RiEwOFeuAme1QfygmTz/8lyQJMeMqU5T6s0fmo5bt/zCCE4CHJ8A3FRLrzSGRhWPYPYw3SZx5Zi+zzUDlx+znaEWS2Ys1f040uwVDtnG4iDDmnzmK1r4qADy5MBVyCx40pAi67I1/b8p61feIgcBpj845drEfwXCZOsdBCYFJKsHclzuCYK0P0x1kaZAGD6k7jGiqSuFWrY91LcEcp3Om0YL9DTViPZHOVcKw1ibLCnNRiwF9WX60b5d1Jk2r1I4Lt1OfV8VXyLaImpjZTL5T7mSJcR8xtgDCIljgM9fLtN9AJ1QePae+pmc5NGneeOcQ488VRUUjv";
	char text[4096];
	int r;

	snprintf(text, sizeof(text),
		 "conn v\n"
		 "\tleft=%%defaultroute\n"
		 "\tright=vpn.example.com\n"
		 "\tleftid=\"C=CA, O=Libreswan,, Inc., CN=west\"\n"
		 "\trightid=user@example.com\n"
		 "\trightrsasigkey=%s\n"
		 "\tleftckaid=0123_abcd\n"
		 "\tleftprotoport=17/1701\n"
		 "\trightprotoport=tcp/%%any\n"
		 "\trightaddresspool=198.51.100.10-198.51.100.20\n"
		 "\tikelifetime=1d\n"
		 "\tsalifetime=60m\n"
		 "\trekeymargin=3600s\n"
		 "\trekeyfuzz=50%%\n"
		 "\tretransmit-interval=750\n"
		 "\tretransmit-timeout=2m\n"
		 "\tdpddelay=30\n"
		 "\tdpdtimeout=%%forever\n"
		 "\tipsec-max-bytes=2GiB\n"
		 "\tipsec-max-packets=16Mi\n"
		 "\tmark=0x10/0xff\n"
		 "\tmark-in=-1\n"
		 "\tipsec-interface=yes\n"
		 "\tfragmentation=force\n"
		 "\tesn=yes\n"
		 "\tnic-offload=packet\n"
		 "\tencapsulation=no\n"
		 "\tauthby=rsa-sha2_384,null\n"
		 "\tppk=permit\n"
		 "\ttype=transport\n"
		 "\tphase2=ah\n"
		 "\tesp=sha2_512\n"
		 "\treplay-window=0\n"
		 "\tsendca=all\n"
		 "\trightsendcert=never\n"
		 "\tleftauth=null\n"
		 "\tleftvti=10.0.0.1/30\n"
		 "\tleftsourceip=192.0.2.100\n"
		 "\trightnexthop=%%direct\n"
		 "\thostaddrfamily=ipv4\n",
		 key);
	r = load("values.conf", text, &cfg, &d);
	CHECK(r == 0, "values.conf loads");
	if (r)
		dump(&d);
	const struct conn *c = cfg ? config_conn_find(cfg, "v") : NULL;
	if (!c)
		goto out;
	CHECK(c->left.host_kind == HOST_DEFAULTROUTE && c->left.nexthop_defaultroute, "left=%%defaultroute");
	CHECK(c->right.host_kind == HOST_DNS && strcmp(c->right.host_dns, "vpn.example.com") == 0, "right= DNS name");
	CHECK(c->left.id.kind == ID_DER_ASN1_DN && strcmp(c->left.id.text, "C=CA, O=Libreswan\\, Inc., CN=west") == 0,
	      "a DN id; \",,\" is an escaped comma (Libreswan)");
	CHECK(c->right.id.kind == ID_RFC822, "user@fqdn id");
	CHECK(c->right.rsasigkey_len == 276 && c->right.rsasigkey[0] == 0x01 && c->right.rsasigkey[1] == 0x03 &&
		      c->right.rsasigkey[2] == 0xbd && c->right.rsasigkey[275] == 0xef,
	      "rightrsasigkey decoded from 0s base64 (276 bytes, 01 03 bd .. ef, checked with base64 -d)");
	CHECK(c->left.ckaid_len == 4 && c->left.ckaid[0] == 0x01 && c->left.ckaid[3] == 0xcd, "leftckaid hex with '_'");
	CHECK(c->left.protocol == 17 && c->left.port == 1701, "leftprotoport=17/1701");
	CHECK(c->right.protocol == 6 && c->right.port == 0 && c->right.port_any, "rightprotoport=tcp/%%any");
	CHECK(c->right.pool_start.bytes[3] == 10 && c->right.pool_end.bytes[3] == 20, "address pool range");
	CHECK(c->ikelifetime_s == 86400 && c->salifetime_s == 3600 && c->rekeymargin_s == 1800,
	      "1d, 60m; rekeymargin 3600s >= salifetime: halved with a warning (Libreswan)");
	CHECK(said(&d, "rekeymargin (3600s) >= salifetime (3600s); reducing rekeymargin to 1800 seconds"),
	      "rekeymargin warning in Libreswan's words");
	CHECK(c->rekeyfuzz_pct == 50, "rekeyfuzz=50%%");
	CHECK(c->retransmit_interval_ms == 750 && c->retransmit_timeout_ms == 120000,
	      "retransmit-interval plain number is ms; retransmit-timeout=2m");
	CHECK(c->dpddelay_s == 30 && c->dpdtimeout_s == 0, "dpddelay=30, dpdtimeout=%%forever");
	CHECK(c->sa_ipsec_max_bytes == (UINT64_C(2) << 30) && c->sa_ipsec_max_packets == (UINT64_C(16) << 20),
	      "ipsec-max-bytes=2GiB, ipsec-max-packets=16Mi");
	CHECK(c->mark == 0x10 && c->mark_mask == 0xff && c->mark_in_unique && c->mark_out_mask == 0,
	      "mark=0x10/0xff, mark-in=-1, mark-out unset");
	CHECK(c->ipsec_interface == 1, "ipsec-interface=yes is 1");
	CHECK(c->fragmentation == YNA_YES && c->fragmentation_force, "fragmentation=force");
	CHECK(c->esn && c->esn_mode == ESN_YES, "esn=yes");
	CHECK(c->nic_offload && c->nic_offload_mode == NIC_OFFLOAD_PACKET, "nic-offload=packet");
	CHECK(c->encapsulation == YNA_NO, "encapsulation=no");
	CHECK(c->authby == AUTH_RSASIG && c->authby_bits == (AUTHBY_BIT_RSASIG | AUTHBY_BIT_NULL) &&
		      c->sighash_bits == SIGHASH_SHA2_384 && !c->authby_rsa_sha1,
	      "authby=rsa-sha2_384,null");
	CHECK(c->ppk == PPK_PROPOSE, "ppk=permit is propose");
	CHECK(c->type == CONN_TRANSPORT && c->ah && c->esp.count == 1 && c->esp.p[0].n_encr == 0 &&
		      c->esp.p[0].integ[0] == IKEV2_INTEG_HMAC_SHA2_512_256,
	      "type=transport, phase2=ah with esp=sha2_512 (AH integrity)");
	CHECK(c->replay_window == 0 && c->sendca == SENDCA_ALL && c->right.sendcert == SENDCERT_NEVER &&
		      c->left.sendcert == SENDCERT_IFASKED,
	      "replay-window=0, sendca=all, rightsendcert=never, leftsendcert defaults to sendifasked");
	CHECK(c->left.auth == AUTH_NULL, "leftauth=null");
	CHECK(c->left.vti_ip.bytes[3] == 1 && c->left.vti_prefix == 30, "leftvti=10.0.0.1/30 keeps the host part");
	CHECK(c->left.sourceip.family == AF_INET && c->left.sourceip.bytes[3] == 100, "leftsourceip");
	CHECK(c->hostaddrfamily == AF_INET, "hostaddrfamily=ipv4");
out:
	config_free(cfg);
	diag_free(&d);

	/* Libreswan 4.x defaults */
	r = load("defaults.conf", "conn d\n\tleft=192.0.2.1\n\tright=192.0.2.2\n", &cfg, &d);
	c = cfg ? config_conn_find(cfg, "d") : NULL;
	CHECK(r == 0 && c, "a minimal conn");
	if (c) {
		char buf[1024];
		CHECK(c->ikelifetime_s == 28800 && c->salifetime_s == 28800 && c->rekeymargin_s == 540 &&
			      c->rekeyfuzz_pct == 100 && c->keyingtries == 0 && c->rekey && !c->reauth,
		      "lifetimes 8h/8h, rekeymargin 9m, rekeyfuzz 100%%, keyingtries 0, rekey yes");
		CHECK(c->retransmit_interval_ms == 500 && c->retransmit_timeout_ms == 60000 &&
			      c->replay_window == 128,
		      "retransmit 500 ms / 60 s, replay-window 128 (Libreswan 4.15 pluto_constants.h)");
		CHECK(c->type == CONN_TUNNEL && c->autostart == AUTO_IGNORE && c->ike_version == 2 &&
			      c->ikev2 == IKEV2_INSIST && c->pfs && !c->esn && c->esn_mode == ESN_EITHER &&
			      c->fragmentation == YNA_YES && c->encapsulation == YNA_AUTO && c->nat_keepalive &&
			      c->nat_keepalive_s == 20 && c->initial_contact && c->ikepad && !c->mobike &&
			      !c->narrowing && c->ppk == PPK_NO && c->enable_tcp == YNA_NO &&
			      c->tcp_remoteport == 4500 && c->dpdaction == DPD_HOLD && c->metric == 1,
		      "tunnel, auto=ignore, IKEv2 insist, pfs, esn either, fragmentation, NAT-T auto, ...");
		CHECK(c->authby == AUTH_RSASIG &&
			      c->authby_bits == (AUTHBY_BIT_RSASIG | AUTHBY_BIT_RSASIG_V1_5 | AUTHBY_BIT_ECDSA) &&
			      c->sighash_bits == 7,
		      "authby defaults: rsasig, rsa v1.5, ecdsa with SHA2-256/384/512 (AUTHBY_DEFAULTS)");
		CHECK(c->ike.is_default && c->esp.is_default && c->ike.count == 4 && c->esp.count == 4,
		      "ike= and esp= defaults");
		proposal_format(&c->esp, true, buf, sizeof(buf));
		CHECK_STR(buf, "AES_GCM_16_256-NONE, AES_GCM_16_128-NONE, AES_CBC_256-HMAC_SHA2_512_256+HMAC_SHA2_256_128, AES_CBC_128-HMAC_SHA2_512_256+HMAC_SHA2_256_128",
			  "default ESP proposals");
	}
	config_free(cfg);
	diag_free(&d);

	/* libreswan testing/pluto/libipsecconf-02: address families */
	r = load("families.conf",
		 "conn in4\n\tleft=10.11.12.13\n\tright=20.21.22.23\n\tauthby=secret\n"
		 "conn in6\n\tleft=10:11:12:13::\n\tright=20:21:22:23::\n\tauthby=secret\n"
		 "conn 4in4-bad\n\talso=in4\n\tleftsubnet=1.2.3.0/24\n\trightsubnet=::/0\n"
		 "conn 4in6-good\n\talso=in6\n\tleftsubnet=1.2.3.0/24\n\trightsubnet=0.0.0.0/0\n"
		 "conn 4in6-base\n\talso=in6\n\tleftsubnet=1.2.3.0/24\n",
		 &cfg, &d);
	CHECK(r == -EINVAL && said(&d, "conn '4in4-bad': client address family IPv4 from leftsubnet=1.2.3.0/24 conflicts with rightsubnet=::/0") &&
		      said(&d, "conn '4in6-base': host protocol IPv6 conflicts with client protocol IPv4"),
	      "subnet families: Libreswan's messages");
	CHECK(cfg && config_conn_find(cfg, "4in6-good") && !config_conn_find(cfg, "4in4-bad"),
	      "4in6-good loads, 4in4-bad does not");
	config_free(cfg);
	diag_free(&d);

	r = load("lifetime.conf", "conn l\n\tikelifetime=2d\n\tsalifetime=0\n", &cfg, &d);
	c = cfg ? config_conn_find(cfg, "l") : NULL;
	CHECK(r == 0 && c && c->ikelifetime_s == 86400 && c->salifetime_s == 86400 &&
		      said(&d, "IKE lifetime set to the maximum allowed 86400s") &&
		      said(&d, "IPsec lifetime set to the maximum allowed 86400s"),
	      "lifetimes above a day (or 0) are capped with Libreswan's warning");
	config_free(cfg);
	diag_free(&d);

	r = load("v1.conf",
		 "conn v1\n\tkeyexchange=ikev1\n\tike=aes_gcm\n\tauthby=null\n"
		 "conn kx\n\tkeyexchange=ikev2\n\tikev2=no\n"
		 "conn vhost\n\tleftsubnet=vhost:%no,%priv\n",
		 &cfg, &d);
	if (d.errors != 4)
		dump(&d);
	CHECK(r == -EINVAL && said(&d, "invalid ike=aes_gcm: IKE encryption algorithm 'aes_gcm' is not supported by IKEv1") &&
		      said(&d, "invalid authby=null: an IKEv1 connection must use authby= of rsasig, secret or never") &&
		      said(&d, "conn 'kx': keyexchange=ikev2 conflicts with ikev2=no") &&
		      said(&d, "conn 'vhost': the vnet: and vhost: forms of leftsubnet= are only valid for IKEv1 connections"),
	      "IKEv1 rules: no AEAD IKE, authby limits, keyexchange vs ikev2, vhost: only for IKEv1");
	config_free(cfg);
	diag_free(&d);

	r = load("badvals.conf",
		 "conn b\n"
		 "\tleftid=@#xyz\n"
		 "\tleftrsasigkey=0sAQ\n"
		 "\tleftprotoport=tcp/99999\n"
		 "\tmark=0x100/0xff\n"
		 "\trightaddresspool=2001:db8::1-2001:db8::9\n"
		 "\tleftckaid=abc\n"
		 "\tright=%%\n"
		 "\tipsec-interface=0\n"
		 "\tauthby=ecdsa-sha1\n",
		 &cfg, &d);
	CHECK(r == -EINVAL && said(&d, ":2: invalid leftid=@#xyz: non-hex character in hex data") &&
		      said(&d, ":3: invalid leftrsasigkey=0sAQ: base64 data is not a multiple of 4 characters") &&
		      said(&d, ":4: invalid leftprotoport=tcp/99999: port number too large") &&
		      said(&d, ":5: invalid mark=0x100/0xff: mark value has bits outside the mask") &&
		      said(&d, ":6: invalid rightaddresspool=2001:db8::1-2001:db8::9: an IPv6 address pool must be a subnet") &&
		      said(&d, ":7: invalid leftckaid=abc: input ends in mid-byte, perhaps truncated") &&
		      said(&d, ":8: invalid right=%%: expected an address") &&
		      said(&d, ":9: invalid ipsec-interface=0: expected yes, no or an interface number from 1") &&
		      said(&d, ":10: invalid authby=ecdsa-sha1: authby=ecdsa cannot use sha1, only sha2"),
	      "bad values name the file, line, key and reason");
	if (d.errors != 9)
		dump(&d);
	config_free(cfg);
	diag_free(&d);
}

static void test_many(void)
{
	const char *path = put("many.conf", "");
	FILE *f = fopen(path, "w");
	struct config *cfg;
	struct diag d;
	struct timespec t0, t1;

	fprintf(f, "conn %%default\n\tleft=192.0.2.1\n\tauthby=secret\n\tauto=add\nconn base\n\tike=aes256-sha2_256;dh19\n");
	for (int i = 0; i < 10000; i++)
		fprintf(f, "conn c%d\n\talso=base\n\tright=198.51.%d.%d\n\tleftid=@c%d\n", i,
			100 + i / 256 % 2, i % 256, i);
	fclose(f);
	diag_init(&d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = config_load(path, &cfg, &d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK(r == 0 && cfg && config_conn_count(cfg) == 10001, "10,000 conns load");
	CHECK(s < 3.0, "10,000 conns load in %.3f s (under 3 s, even with sanitizers)", s);
	const struct conn *c = cfg ? config_conn_find(cfg, "c9999") : NULL;
	CHECK(c && c->ike.count == 1 && c->right.host.bytes[3] == 9999 % 256 && c->autostart == AUTO_ADD,
	      "c9999 found by name, with also= and %%default applied");
	printf("# sizeof(struct conn) = %zu bytes\n", sizeof(struct conn));
	config_free(cfg);
	diag_free(&d);
}

/* The daemon keeps config setup after it frees the parsed file. */
static void test_setup_clone(void)
{
	struct config *cfg = NULL;
	struct diag d;
	struct setup *s;

	diag_init(&d);
	load("setup.conf",
	     "config setup\n\tlogfile=/var/log/pluto.log\n\tsecretsfile=/etc/x.secrets\n"
	     "\tlisten=192.0.2.1\n\tprotostack=xfrm\n\tkeep-alive=30\n",
	     &cfg, &d);
	s = cfg ? setup_clone(config_setup(cfg)) : NULL;
	config_free(cfg);
	CHECK(s && strcmp(s->logfile, "/var/log/pluto.log") == 0 &&
		      strcmp(s->secretsfile, "/etc/x.secrets") == 0 && strcmp(s->listen, "192.0.2.1") == 0 &&
		      strcmp(s->protostack, "xfrm") == 0 && s->keep_alive_s == 30 && !s->virtual_private,
	      "setup_clone: strings and values outlive config_free");
	free(s);
	diag_free(&d);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_conf.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_syntax();
	test_errors();
	test_include();
	test_default_also();
	test_values();
	test_many();
	test_setup_clone();
	for (unsigned i = n_created; i > 0; i--)
		unlink(created[i - 1]);
	char sub[128];
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	rmdir(sub);
	rmdir(dir);
	return check_done();
}
