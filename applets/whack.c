/* ipsec whack: Libreswan's low-level control command, the options scripts use. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "applets/applets.h"
#include "applets/client.h"

static const char usage[] =
	"Usage: ipsec whack [--rundir DIR | --ctlsocket SOCKET] COMMAND\n"
	"  --name NAME --initiate [--asynchronous]   bring a connection up\n"
	"  --name NAME --terminate                   take it down\n"
	"  --name NAME --delete                      forget it\n"
	"  --name NAME --route | --unroute           trap its traffic, or stop\n"
	"  --name NAME --rekey-ike | --rekey-ipsec   rekey now\n"
	"  --status | --trafficstatus | --globalstatus | --fipsstatus\n"
	"  --rereadsecrets | --listen | --shutdown\n";

enum {
	O_NAME = 256, O_INITIATE, O_TERMINATE, O_DELETE, O_ROUTE, O_UNROUTE, O_STATUS,
	O_TRAFFIC, O_GLOBAL, O_FIPS, O_REREAD, O_LISTEN, O_SHUTDOWN, O_RUNDIR, O_CTL, O_ASYNC,
	O_REKEY_IKE, O_REKEY_IPSEC, O_HELP, O_IMPAIR, O_DEBUG,
};

static const struct option options[] = {
	{ "name", required_argument, NULL, O_NAME },
	{ "initiate", no_argument, NULL, O_INITIATE },
	{ "terminate", no_argument, NULL, O_TERMINATE },
	{ "delete", no_argument, NULL, O_DELETE },
	{ "route", no_argument, NULL, O_ROUTE },
	{ "unroute", no_argument, NULL, O_UNROUTE },
	{ "status", no_argument, NULL, O_STATUS },
	{ "trafficstatus", no_argument, NULL, O_TRAFFIC },
	{ "globalstatus", no_argument, NULL, O_GLOBAL },
	{ "fipsstatus", no_argument, NULL, O_FIPS },
	{ "rereadsecrets", no_argument, NULL, O_REREAD },
	{ "listen", no_argument, NULL, O_LISTEN },
	{ "shutdown", no_argument, NULL, O_SHUTDOWN },
	{ "rundir", required_argument, NULL, O_RUNDIR },
	{ "ctlsocket", required_argument, NULL, O_CTL },
	{ "asynchronous", no_argument, NULL, O_ASYNC },
	{ "rekey-ike", no_argument, NULL, O_REKEY_IKE },
	{ "rekey-ipsec", no_argument, NULL, O_REKEY_IPSEC },
	{ "impair", required_argument, NULL, O_IMPAIR },
	{ "debug", required_argument, NULL, O_DEBUG },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

int applet_whack(int argc, char **argv)
{
	const char *name = NULL, *rundir = NULL, *ctlsocket = NULL, *cmd = NULL;
	bool async = false;
	char buf[512];
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		const char *set = NULL;
		switch (c) {
		case O_NAME:
			name = optarg;
			break;
		case O_INITIATE:
			set = "up";
			break;
		case O_TERMINATE:
			set = "down";
			break;
		case O_DELETE:
			set = "delete";
			break;
		case O_ROUTE:
			set = "route";
			break;
		case O_UNROUTE:
			set = "unroute";
			break;
		case O_REKEY_IKE:
			set = "rekey-ike";
			break;
		case O_REKEY_IPSEC:
			set = "rekey-ipsec";
			break;
		case O_STATUS:
			set = "status";
			break;
		case O_TRAFFIC:
			set = "trafficstatus";
			break;
		case O_GLOBAL:
			set = "globalstatus";
			break;
		case O_FIPS:
			set = "fipsstatus";
			break;
		case O_REREAD:
			set = "rereadsecrets";
			break;
		case O_LISTEN:
			set = "listen";
			break;
		case O_SHUTDOWN:
			set = "shutdown";
			break;
		case O_RUNDIR:
			rundir = optarg;
			break;
		case O_CTL:
			ctlsocket = optarg;
			break;
		case O_ASYNC:
			async = true;
			break;
		case O_IMPAIR:
		case O_DEBUG:
			/* Debugging knobs of Libreswan's test suite: accepted, no effect. */
			break;
		case O_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			return applet_usage_error("whack", usage, "unknown option '%s'", argv[optind - 1]);
		}
		if (set) {
			if (cmd)
				return applet_usage_error("whack", usage, "more than one command given");
			cmd = set;
		}
	}
	if (optind < argc)
		return applet_usage_error("whack", usage, "unexpected argument '%s'", argv[optind]);
	if (!cmd)
		return name ? applet_usage_error("whack", usage, "--name needs a command")
			    : applet_usage_error("whack", usage, "no command given");
	bool needs_name = !strcmp(cmd, "up") || !strcmp(cmd, "down") || !strcmp(cmd, "delete") ||
			  !strcmp(cmd, "route") || !strcmp(cmd, "unroute") ||
			  !strncmp(cmd, "rekey", 5);
	if (needs_name && !name)
		return applet_usage_error("whack", usage, "this command needs --name");
	if (!strcmp(cmd, "up") && async)
		cmd = "up-async";
	const char *args[2] = { cmd, name };
	return client_send(client_ctl_path(ctlsocket, rundir, buf, sizeof(buf)), needs_name ? 2 : 1,
			   args);
}
