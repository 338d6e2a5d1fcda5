/* ipsec pluto: the IKE daemon, with Libreswan's command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "applets/applets.h"
#include "core/ctl.h"
#include "core/daemon.h"
#include "core/selftest.h"

static const char usage[] =
	"Usage: ipsec pluto [--nofork] [--stderrlog] [--logfile FILE] [--config FILE]\n"
	"                   [--secretsfile FILE] [--ipsecdir DIR] [--nssdir DIR] [--rundir DIR]\n"
	"                   [--ikeport PORT] [--natikeport PORT] [--kernel xfrm|none]\n"
	"                   [--selftest] [--impair suppress-retransmits] [--version]\n"
	"\n"
	"Starts the IKE daemon. It reads ipsec.conf and ipsec.secrets, listens on UDP 500\n"
	"and 4500 and is driven over RUNDIR/pluto.ctl by ipsec whack and ipsec auto.\n"
	"--kernel none records SAs instead of installing them (tests, benchmarks).\n";

enum {
	OPT_NOFORK = 256, OPT_STDERRLOG, OPT_LOGFILE, OPT_CONFIG, OPT_SECRETS, OPT_IPSECDIR,
	OPT_NSSDIR, OPT_RUNDIR, OPT_IKEPORT, OPT_NATIKEPORT, OPT_KERNEL, OPT_SELFTEST,
	OPT_IMPAIR, OPT_VERSION, OPT_HELP, OPT_IGNORED_ARG, OPT_IGNORED,
};

static const struct option options[] = {
	{ "nofork", no_argument, NULL, OPT_NOFORK },
	{ "stderrlog", no_argument, NULL, OPT_STDERRLOG },
	{ "logfile", required_argument, NULL, OPT_LOGFILE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "secretsfile", required_argument, NULL, OPT_SECRETS },
	{ "ipsecdir", required_argument, NULL, OPT_IPSECDIR },
	{ "nssdir", required_argument, NULL, OPT_NSSDIR },
	{ "rundir", required_argument, NULL, OPT_RUNDIR },
	{ "ikeport", required_argument, NULL, OPT_IKEPORT },
	{ "natikeport", required_argument, NULL, OPT_NATIKEPORT },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "selftest", no_argument, NULL, OPT_SELFTEST },
	{ "impair", required_argument, NULL, OPT_IMPAIR },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	/* Accepted for compatibility with Libreswan init scripts; no effect here. */
	{ "uniqueids", no_argument, NULL, OPT_IGNORED },
	{ "use-xfrm", no_argument, NULL, OPT_IGNORED },
	{ "use-netkey", no_argument, NULL, OPT_IGNORED },
	{ "leak-detective", no_argument, NULL, OPT_IGNORED },
	{ "virtual-private", required_argument, NULL, OPT_IGNORED_ARG },
	{ "logtime", no_argument, NULL, OPT_IGNORED },
	{ NULL, 0, NULL, 0 },
};

static int parse_port(const char *s, uint16_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (*s == '\0' || *end || v == 0 || v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int applet_pluto(int argc, char **argv)
{
	struct pluto_options o = {
		.config_file = "/etc/ipsec.conf",
	};
	bool selftest = false;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case OPT_NOFORK:
			o.nofork = true;
			break;
		case OPT_STDERRLOG:
			o.stderrlog = true;
			break;
		case OPT_LOGFILE:
			o.logfile = optarg;
			break;
		case OPT_CONFIG:
			o.config_file = optarg;
			break;
		case OPT_SECRETS:
			o.secrets_file = optarg;
			break;
		case OPT_IPSECDIR:
			o.ipsecdir = optarg;
			break;
		case OPT_NSSDIR:
			o.nssdir = optarg;
			break;
		case OPT_RUNDIR:
			o.rundir = optarg;
			break;
		case OPT_IKEPORT:
			if (parse_port(optarg, &o.ikeport) < 0)
				return applet_usage_error("pluto", usage, "bad --ikeport '%s'", optarg);
			break;
		case OPT_NATIKEPORT:
			if (parse_port(optarg, &o.nat_ikeport) < 0)
				return applet_usage_error("pluto", usage, "bad --natikeport '%s'", optarg);
			break;
		case OPT_KERNEL:
			if (strcmp(optarg, "xfrm") && strcmp(optarg, "none"))
				return applet_usage_error("pluto", usage,
							  "--kernel must be xfrm or none, not '%s'", optarg);
			o.kernel = optarg;
			break;
		case OPT_SELFTEST:
			selftest = true;
			break;
		case OPT_IMPAIR:
			if (strcmp(optarg, "suppress-retransmits") == 0)
				o.impair_suppress_retransmits = true;
			else
				return applet_usage_error("pluto", usage, "unknown --impair '%s'", optarg);
			break;
		case OPT_VERSION:
			printf("Linux ipsec (static multicall) " IPSEC_VERSION "\n");
			return 0;
		case OPT_HELP:
			fputs(usage, stdout);
			return 0;
		case OPT_IGNORED:
		case OPT_IGNORED_ARG:
			break;
		default:
			return applet_usage_error("pluto", usage, "unknown option '%s'",
						  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return applet_usage_error("pluto", usage, "unexpected argument '%s'", argv[optind]);
	if (selftest)
		return pluto_selftest();
	/* Paths not given here come from config setup, then Libreswan's defaults. */
	return pluto_run(&o);
}
