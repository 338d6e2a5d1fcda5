/* ipsec addconn: filled in by a later issue. */
#include "applets/applets.h"

#include <stdio.h>
#include <string.h>

static const char usage[] = "Usage: ipsec addconn [options]\n";

int applet_addconn(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	return applet_not_implemented(argv[0]);
}
