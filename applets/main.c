/* Busybox-style dispatch: by basename(argv[0]), or by the first argument when the
 * binary is called as "ipsec". The table is sorted by name for bsearch. */
#include "applets/applets.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct applet applet_table[] = {
	{ "addconn", applet_addconn, "load, check or list connections from ipsec.conf" },
	{ "auto", applet_auto, "add, delete, up, down, route connections (--add NAME ...)" },
	{ "import", applet_import, "import a PKCS#12 file into the key store" },
	{ "newhostkey", applet_newhostkey, "generate a new host key" },
	{ "pluto", applet_pluto, "the IKE daemon" },
	{ "readwriteconf", applet_readwriteconf, "print ipsec.conf with includes and also= resolved" },
	{ "restart", applet_setup, "restart the IKE daemon" },
	{ "setup", applet_setup, "start|stop|restart|status the IKE daemon" },
	{ "showhostkey", applet_showhostkey, "show a host key as ipsec.conf lines" },
	{ "start", applet_setup, "start the IKE daemon" },
	{ "status", applet_setup, "show the daemon's status" },
	{ "stop", applet_setup, "stop the IKE daemon" },
	{ "trafficstatus", applet_trafficstatus, "list established IPsec SAs with byte counts" },
	{ "whack", applet_whack, "talk to the running daemon" },
};
const unsigned applet_count = sizeof(applet_table) / sizeof(applet_table[0]);

static int by_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct applet *)elem)->name);
}

static const struct applet *find_applet(const char *name)
{
	return bsearch(name, applet_table, applet_count, sizeof(applet_table[0]), by_name);
}

static void ipsec_help(FILE *out)
{
	fprintf(out, "Usage: ipsec <command> [options]\n"
		     "       ipsec <command> --help\n\n"
		     "A static IKEv2/IPsec VPN compatible with Libreswan's configuration and "
		     "commands.\n\nCommands:\n");
	for (unsigned i = 0; i < applet_count; i++)
		fprintf(out, "  %-15s %s\n", applet_table[i].name, applet_table[i].summary);
	fprintf(out, "\nThe same commands run under their own name through a link "
		     "(pluto, whack, ...).\n");
}

int applet_not_implemented(const char *name)
{
	fprintf(stderr, "ipsec %s: not yet implemented\n", name);
	return 2;
}

int applet_usage_error(const char *name, const char *usage, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "ipsec %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (usage)
		fprintf(stderr, "%s", usage);
	return 2;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int main(int argc, char **argv)
{
	const char *self = argc > 0 ? base_name(argv[0]) : "ipsec";
	const struct applet *a;

	/* Called through a link named after an applet. */
	if (strcmp(self, "ipsec") != 0 && (a = find_applet(self)) != NULL) {
		argv[0] = (char *)a->name;
		return a->fn(argc, argv);
	}
	if (argc < 2) {
		ipsec_help(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		ipsec_help(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("Linux ipsec (static multicall) " IPSEC_VERSION "\n");
		return 0;
	}
	a = find_applet(argv[1]);
	if (!a) {
		fprintf(stderr, "ipsec: unknown command '%s' (see 'ipsec --help')\n", argv[1]);
		return 2;
	}
	argv[1] = (char *)a->name;
	return a->fn(argc - 1, argv + 1);
}
