/* ipsec setup start|stop|restart|status, and ipsec start|stop|restart|status. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "applets/applets.h"
#include "applets/client.h"
#include "core/ctl.h"

static const char usage[] =
	"Usage: ipsec setup start|stop|restart|status [pluto options]\n"
	"       ipsec start|stop|restart|status [pluto options]\n"
	"start runs the daemon (ipsec pluto) in the background; stop shuts it down,\n"
	"removing everything it installed in the kernel.\n";

static bool daemon_answers(const char *ctl)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;
	if (fd < 0 || strlen(ctl) >= sizeof(sun.sun_path)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	memcpy(sun.sun_path, ctl, strlen(ctl));
	ok = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return ok;
}

/* --rundir and --ctlsocket among the pluto options decide where to look. */
static const char *ctl_from_args(int argc, char **argv, char *buf, unsigned len)
{
	const char *rundir = NULL, *ctl = NULL;
	for (int i = 0; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--rundir") == 0)
			rundir = argv[i + 1];
		else if (strcmp(argv[i], "--ctlsocket") == 0)
			ctl = argv[i + 1];
	}
	return client_ctl_path(ctl, rundir, buf, len);
}

static int start(int argc, char **argv, const char *ctl)
{
	char *args[64];
	int n = 0, status;
	pid_t pid;

	if (daemon_answers(ctl)) {
		printf("pluto is already running\n");
		return 0;
	}
	args[n++] = "pluto";
	for (int i = 0; i < argc && n < 63; i++)
		if (strcmp(argv[i], "--ctlsocket") != 0 && (i == 0 || strcmp(argv[i - 1], "--ctlsocket")))
			args[n++] = argv[i];
	args[n] = NULL;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		execv("/proc/self/exe", args);
		_exit(127);
	}
	/* pluto forks and its parent exits once the daemon is ready (or failed). */
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}

/* The daemon's pid, from pluto.pid beside its control socket; 0 if unknown. */
static pid_t daemon_pid(const char *ctl)
{
	char path[600], buf[32];
	const char *slash = strrchr(ctl, '/');
	int fd, n;

	snprintf(path, sizeof(path), "%.*s/pluto.pid", slash ? (int)(slash - ctl) : 1,
		 slash ? ctl : ".");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return (pid_t)strtol(buf, NULL, 10);
}

static int stop(const char *ctl)
{
	const char *cmd = "shutdown";
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	pid_t pid;

	if (!daemon_answers(ctl)) {
		printf("pluto is not running\n");
		return 0;
	}
	pid = daemon_pid(ctl);
	if (client_send(ctl, 1, &cmd) != 0)
		return 1;
	/* Done when the process has gone (it removes its SAs and policies first),
	 * or at least its control socket when the pid is unknown. */
	for (int i = 0; i < 300; i++) {
		if (pid > 0 ? kill(pid, 0) < 0 : !daemon_answers(ctl))
			return 0;
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "ipsec stop: pluto did not exit within 30 seconds\n");
	return 1;
}

int applet_setup(int argc, char **argv)
{
	const char *verb = argv[0];
	char buf[512];
	const char *ctl;

	if (strcmp(verb, "setup") == 0) {
		if (argc < 2)
			return applet_usage_error("setup", usage, "start, stop, restart or status?");
		verb = argv[1];
		argc--;
		argv++;
	}
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	ctl = ctl_from_args(argc - 1, argv + 1, buf, sizeof(buf));
	if (strcmp(verb, "start") == 0)
		return start(argc - 1, argv + 1, ctl);
	if (strcmp(verb, "stop") == 0)
		return stop(ctl);
	if (strcmp(verb, "restart") == 0) {
		int st = stop(ctl);
		return st ? st : start(argc - 1, argv + 1, ctl);
	}
	if (strcmp(verb, "status") == 0) {
		const char *cmd = "status";
		return client_send(ctl, 1, &cmd);
	}
	return applet_usage_error("setup", usage, "unknown action '%s'", verb);
}
