/* ipsec trafficstatus: the established IPsec SAs with their byte counts. */
#include <getopt.h>
#include <stdio.h>

#include "applets/applets.h"
#include "applets/client.h"

static const char usage[] = "Usage: ipsec trafficstatus [--rundir DIR | --ctlsocket SOCKET]\n";

int applet_trafficstatus(int argc, char **argv)
{
	static const struct option options[] = {
		{ "rundir", required_argument, NULL, 'r' },
		{ "ctlsocket", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rundir = NULL, *ctl = NULL, *args[] = { "trafficstatus" };
	char buf[512];
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'r')
			rundir = optarg;
		else if (c == 'c')
			ctl = optarg;
		else if (c == 'h')
			return fputs(usage, stdout), 0;
		else
			return applet_usage_error("trafficstatus", usage, "unknown option '%s'",
						  argv[optind - 1]);
	}
	if (optind < argc)
		return applet_usage_error("trafficstatus", usage, "unexpected argument '%s'",
					  argv[optind]);
	return client_send(client_ctl_path(ctl, rundir, buf, sizeof(buf)), 1, args);
}
