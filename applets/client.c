#include "applets/client.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ctl.h"

const char *client_ctl_path(const char *ctlsocket, const char *rundir, char *buf, unsigned len)
{
	if (ctlsocket)
		return ctlsocket;
	snprintf(buf, len, "%s/%s", rundir ? rundir : CTL_DEFAULT_RUNDIR, CTL_SOCKET_NAME);
	return buf;
}

int client_send(const char *ctl, int argc, const char *const *argv)
{
	return ctl_request(ctl, argc, argv);
}

const char *client_abs_path(const char *path, char *buf, unsigned len)
{
	char cwd[PATH_MAX];
	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return path;
	snprintf(buf, len, "%s/%s", cwd, path);
	return buf;
}
