/* ipsec auto: Libreswan's connection-level commands (--add, --up, --down, ...). */
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "applets/applets.h"
#include "applets/client.h"

static const char usage[] =
	"Usage: ipsec auto [--config FILE] [--ctlsocket SOCKET] [--rundir DIR] [--verbose]\n"
	"                  [--asynchronous] --add|--delete|--replace|--start|--up|--down|\n"
	"                  --route|--unroute NAME\n"
	"       ipsec auto --rereadsecrets | --listen | --ready | --status\n";

enum { A_ADD = 256, A_DELETE, A_REPLACE, A_START, A_UP, A_DOWN, A_ROUTE, A_UNROUTE,
       A_REREAD, A_LISTEN, A_STATUS, A_CONFIG, A_CTL, A_RUNDIR, A_VERBOSE, A_ASYNC, A_HELP };

static const struct option options[] = {
	{ "add", no_argument, NULL, A_ADD },
	{ "delete", no_argument, NULL, A_DELETE },
	{ "replace", no_argument, NULL, A_REPLACE },
	{ "start", no_argument, NULL, A_START },
	{ "up", no_argument, NULL, A_UP },
	{ "down", no_argument, NULL, A_DOWN },
	{ "route", no_argument, NULL, A_ROUTE },
	{ "unroute", no_argument, NULL, A_UNROUTE },
	{ "rereadsecrets", no_argument, NULL, A_REREAD },
	{ "listen", no_argument, NULL, A_LISTEN },
	{ "ready", no_argument, NULL, A_LISTEN },
	{ "status", no_argument, NULL, A_STATUS },
	{ "config", required_argument, NULL, A_CONFIG },
	{ "ctlsocket", required_argument, NULL, A_CTL },
	{ "rundir", required_argument, NULL, A_RUNDIR },
	{ "verbose", no_argument, NULL, A_VERBOSE },
	{ "asynchronous", no_argument, NULL, A_ASYNC },
	{ "help", no_argument, NULL, A_HELP },
	{ NULL, 0, NULL, 0 },
};

int applet_auto(int argc, char **argv)
{
	const char *config = DEFAULT_CONFIG, *ctlsocket = NULL, *rundir = NULL, *name;
	char ctlbuf[512], pathbuf[PATH_MAX + 64];
	bool async = false;
	int op = 0, c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case A_CONFIG:
			config = optarg;
			break;
		case A_CTL:
			ctlsocket = optarg;
			break;
		case A_RUNDIR:
			rundir = optarg;
			break;
		case A_VERBOSE:
			break;
		case A_ASYNC:
			async = true;
			break;
		case A_HELP:
			fputs(usage, stdout);
			return 0;
		case '?':
			return applet_usage_error("auto", usage, "unknown option '%s'", argv[optind - 1]);
		default:
			if (op)
				return applet_usage_error("auto", usage, "more than one operation given");
			op = c;
		}
	}
	if (!op)
		return applet_usage_error("auto", usage, "no operation given");
	const char *ctl = client_ctl_path(ctlsocket, rundir, ctlbuf, sizeof(ctlbuf));
	if (op == A_REREAD || op == A_LISTEN || op == A_STATUS) {
		const char *cmd = op == A_REREAD ? "rereadsecrets" : op == A_LISTEN ? "listen" : "status";
		if (optind < argc)
			return applet_usage_error("auto", usage, "unexpected argument '%s'", argv[optind]);
		return client_send(ctl, 1, &cmd);
	}
	if (optind + 1 != argc)
		return applet_usage_error("auto", usage, "the operation needs one connection name");
	name = argv[optind];
	config = client_abs_path(config, pathbuf, sizeof(pathbuf));
	switch (op) {
	case A_ADD:
	case A_REPLACE: {
		const char *args[] = { op == A_ADD ? "add" : "replace", config, name };
		return client_send(ctl, 3, args);
	}
	case A_START: {
		const char *add[] = { "add", config, name };
		const char *up[] = { async ? "up-async" : "up", name };
		int st = client_send(ctl, 3, add);
		return st ? st : client_send(ctl, 2, up);
	}
	case A_UP: {
		const char *args[] = { async ? "up-async" : "up", name };
		return client_send(ctl, 2, args);
	}
	default: {
		const char *cmd = op == A_DELETE ? "delete" : op == A_DOWN ? "down"
				  : op == A_ROUTE  ? "route"
						   : "unroute";
		const char *args[] = { cmd, name };
		return client_send(ctl, 2, args);
	}
	}
}
