/* ipsec readwriteconf: ipsec.conf after include, %default and also= are
 * resolved, one conn at a time, in the layout of Libreswan's readwriteconf
 * (lib/libipsecconf/confwrite.c): "config setup", then each conn with its
 * keys indented by a tab, "#also =" naming the sections it pulled in, and
 * the policy lines (auto=, type=, pfs=, authby=, ikev2=, ...) from the
 * resolved values, defaults included. Never prints ipsec.secrets. */
#include "applets/applets.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "config/config.h"

static const char usage[] =
	"Usage: ipsec readwriteconf [--config FILE] [--conn NAME] [--nosetup] [--verbose]\n"
	"Prints ipsec.conf with include, conn %default and also= resolved.\n";

/* keys printed from the resolved conn instead (see print_policy) */
static bool derived(const char *key)
{
	static const char *const keys[] = { "auto", "type", "compress", "pfs", "ikepad", "authby",
					    "phase2", "ikev2", "ppk", "esn", "fragmentation" };
	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_comment(const char *key)
{
	return (key[0] == 'x' || key[0] == 'X') && (key[1] == '-' || key[1] == '_');
}

static void print_kv(const struct conf_kv *kv)
{
	const char *q = strpbrk(kv->value, " \t") ? "\"" : "";

	if (is_comment(kv->key))
		printf("\t%s=%s\n", kv->key, kv->value);
	else if (ends_with(kv->key, "subnets"))
		printf("\t%s={%s}\n", kv->key, kv->value);
	else if (strcmp(kv->key, "leftid") == 0 || strcmp(kv->key, "rightid") == 0)
		printf("\t%s=\"%s\"\n", kv->key, kv->value);
	else
		printf("\t%s=%s%s%s\n", kv->key, q, kv->value, q);
}

static void print_authby(const struct conn *c)
{
	const char *sep = "";

	printf("\tauthby=");
	if (c->authby_bits & AUTHBY_BIT_PSK) {
		printf("%ssecret", sep);
		sep = ",";
	}
	if ((c->authby_bits & AUTHBY_BIT_RSASIG) && (c->authby_bits & AUTHBY_BIT_RSASIG_V1_5)) {
		printf("%srsasig", sep);
		sep = ",";
	} else if (c->authby_bits & AUTHBY_BIT_RSASIG) {
		printf("%srsa-sha2", sep);
		sep = ",";
	} else if (c->authby_bits & AUTHBY_BIT_RSASIG_V1_5) {
		printf("%srsa-sha1", sep);
		sep = ",";
	}
	if (c->authby_bits & AUTHBY_BIT_ECDSA) {
		printf("%secdsa", sep);
		sep = ",";
	}
	if (c->authby_bits & AUTHBY_BIT_NULL) {
		printf("%snull", sep);
		sep = ",";
	}
	if (c->authby_bits & AUTHBY_BIT_NEVER)
		printf("%snever", sep);
	printf("\n");
}

static void print_policy(const struct conn *c)
{
	static const char *const autos[] = { "ignore", "add", "ondemand", "start", "keep" };
	static const char *const no_yes[] = { "no", "yes" };

	printf("\tauto=%s\n", autos[c->autostart]);
	switch (c->type) {
	case CONN_PASSTHROUGH:
		printf("\ttype=passthrough\n");
		return;
	case CONN_DROP:
		printf("\ttype=drop\n");
		return;
	case CONN_REJECT:
		printf("\ttype=reject\n");
		return;
	default:
		break;
	}
	printf("\ttype=%s\n", c->type == CONN_TRANSPORT ? "transport" : "tunnel");
	printf("\tcompress=%s\n", no_yes[c->compress]);
	printf("\tpfs=%s\n", no_yes[c->pfs]);
	printf("\tikepad=%s\n", no_yes[c->ikepad]);
	print_authby(c);
	printf("\tphase2=%s\n", c->ah ? "ah" : "esp");
	printf("\tikev2=%s\n", c->ike_version == 2 ? "yes" : "no");
	printf("\tppk=%s\n", c->ppk == PPK_INSIST ? "insist" : c->ppk == PPK_PROPOSE ? "permit" : "no");
	printf("\tesn=%s\n", c->esn_mode == ESN_YES ? "yes" : c->esn_mode == ESN_NO ? "no" : "either");
	if (c->fragmentation == YNA_NO)
		printf("\tfragmentation=no\n");
	else if (c->fragmentation_force)
		printf("\tfragmentation=force\n");
}

int applet_readwriteconf(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'C' },
		{ "conn", required_argument, NULL, 'c' },
		{ "nosetup", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "debug", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = "/etc/ipsec.conf", *only = NULL;
	bool setup = true, verbose = false;
	struct config *cfg;
	struct diag d;
	int opt, r;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'C': file = optarg; break;
		case 'c': only = optarg; break;
		case 'n': setup = false; break;
		case 'v': verbose = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			return applet_usage_error(argv[0], usage, "unknown option '%s'",
						  argv[optind - 1]);
		}
	}
	if (optind != argc)
		return applet_usage_error(argv[0], usage, "unexpected argument '%s'", argv[optind]);

	diag_init(&d);
	r = config_load(file, &cfg, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (!cfg)
		return 1;
	if (setup) {
		const struct conf_kv *kv;
		size_t n = config_setup_keys(cfg, &kv);
		printf("config setup\n");
		for (size_t i = 0; i < n; i++)
			print_kv(&kv[i]);
		printf("\n");
	}
	for (size_t i = 0; i < config_conn_count(cfg); i++) {
		const struct conn *c = config_conn_at(cfg, i);
		const struct conf_kv *kv;
		size_t n = config_conn_keys(cfg, i, &kv);
		const char *alsos = config_conn_alsos(cfg, i);

		if (only && strcmp(only, c->name) != 0)
			continue;
		if (verbose)
			printf("# begin conn %s\n", c->name);
		printf("conn %s\n", c->name);
		if (*alsos)
			printf("\t#also = %s\n", alsos);
		/* left, right, the rest, then x- comments, as Libreswan groups them */
		for (int pass = 0; pass < 4; pass++)
			for (size_t k = 0; k < n; k++) {
				const char *key = kv[k].key;
				int group = strncmp(key, "left", 4) == 0 ? 0 :
					    strncmp(key, "right", 5) == 0 ? 1 :
					    is_comment(key) ? 3 : 2;
				if (group == pass && !derived(key))
					print_kv(&kv[k]);
			}
		print_policy(c);
		if (verbose)
			printf("# end conn %s\n\n", c->name);
	}
	if (verbose)
		printf("# end of config\n");
	config_free(cfg);
	return r ? 1 : 0;
}
