/* ipsec addconn: checks and lists the connections of ipsec.conf. Loading them
 * into the daemon (NAMES, --autoall) goes over the control socket. */
#include "applets/applets.h"
#include "applets/client.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "config/config.h"

static const char usage[] =
	"Usage: ipsec addconn [--config FILE] [--ctlsocket SOCKET] [--verbose]\n"
	"                     [--checkconfig] [--autoall]\n"
	"                     [--listall] [--listadd] [--listroute] [--liststart] [--listignore]\n"
	"                     [NAMES]\n"
	"--checkconfig  check FILE (default /etc/ipsec.conf); print each problem as\n"
	"               FILE:LINE: message; exit 1 when there are errors\n"
	"--list...      print the names of the conns with auto=add, route/start,\n"
	"               start, ignore, or all of them\n";

enum list_flags { L_ALL = 1, L_ADD = 2, L_ROUTE = 4, L_START = 8, L_IGNORE = 16 };

/* Libreswan 4.x addconn prints each name followed by a space; --listall and
 * --listignore end with a newline, the others do not. */
static void list(const struct config *cfg, unsigned flags)
{
	size_t n = config_conn_count(cfg);

	if (flags & L_ALL) {
		for (size_t i = 0; i < n; i++)
			printf("%s ", config_conn_at(cfg, i)->name);
		printf("\n");
		return;
	}
	if (flags & L_ADD)
		for (size_t i = 0; i < n; i++)
			if (config_conn_at(cfg, i)->autostart == AUTO_ADD)
				printf("%s ", config_conn_at(cfg, i)->name);
	if (flags & L_ROUTE)
		for (size_t i = 0; i < n; i++) {
			enum conn_auto a = config_conn_at(cfg, i)->autostart;
			if (a == AUTO_START || a == AUTO_ONDEMAND)
				printf("%s ", config_conn_at(cfg, i)->name);
		}
	if ((flags & L_START) && !(flags & L_ROUTE))
		for (size_t i = 0; i < n; i++)
			if (config_conn_at(cfg, i)->autostart == AUTO_START)
				printf("%s ", config_conn_at(cfg, i)->name);
	if (flags & L_IGNORE) {
		for (size_t i = 0; i < n; i++)
			if (config_conn_at(cfg, i)->autostart == AUTO_IGNORE)
				printf("%s ", config_conn_at(cfg, i)->name);
		printf("\n");
	}
}

int applet_addconn(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'C' },
		{ "ctlsocket", required_argument, NULL, 'c' },
		{ "ctlbase", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "debug", no_argument, NULL, 'v' },
		{ "checkconfig", no_argument, NULL, 'K' },
		{ "autoall", no_argument, NULL, 'a' },
		{ "addall", no_argument, NULL, 'a' },
		{ "listall", no_argument, NULL, 'A' },
		{ "listadd", no_argument, NULL, 'L' },
		{ "listroute", no_argument, NULL, 'r' },
		{ "liststart", no_argument, NULL, 's' },
		{ "listignore", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = "/etc/ipsec.conf", *ctlsocket = NULL;
	bool check = false, autoall = false, verbose = false;
	unsigned flags = 0;
	struct config *cfg;
	struct diag d;
	int opt, r;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'C': file = optarg; break;
		case 'c': ctlsocket = optarg; break;
		case 'v': verbose = true; break;
		case 'K': check = true; break;
		case 'a': autoall = true; break;
		case 'A': flags |= L_ALL; break;
		case 'L': flags |= L_ADD; break;
		case 'r': flags |= L_ROUTE; break;
		case 's': flags |= L_START; break;
		case 'i': flags |= L_IGNORE; break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			return applet_usage_error(argv[0], usage, "unknown option '%s'",
						  argv[optind - 1]);
		}
	}
	if (autoall || optind < argc) {
		/* Loading: the daemon reads the file itself (by absolute path). */
		char ctlbuf[512], pathbuf[PATH_MAX + 64];
		const char *ctl = client_ctl_path(ctlsocket, NULL, ctlbuf, sizeof(ctlbuf));
		const char *path = client_abs_path(file, pathbuf, sizeof(pathbuf));
		int status = 0;
		if (autoall) {
			const char *args[] = { "autoall", path };
			status = client_send(ctl, 2, args);
		}
		for (int i = optind; i < argc && status == 0; i++) {
			const char *args[] = { "add", path, argv[i] };
			status = client_send(ctl, 3, args);
		}
		return status;
	}
	if (!check && !flags)
		return applet_usage_error(argv[0], usage, "nothing to do");

	if (verbose)
		printf("opening file: %s\n", file);
	diag_init(&d);
	r = config_load(file, &cfg, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (cfg && flags)
		list(cfg, flags);
	config_free(cfg);
	return r ? 1 : 0;
}
