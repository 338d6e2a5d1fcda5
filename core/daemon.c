#include "core/daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config/config.h"
#include "core/child.h"
#include "core/config_load.h"
#include "core/conn.h"
#include "core/connection.h"
#include "core/ctl.h"
#include "core/ike_sa.h"
#include "core/initiate.h"
#include "core/lifetime.h"
#include "core/net.h"
#include "core/selftest.h"
#include "core/terminate.h"
#include "core/xmit.h"
#include "crypto/random.h"

struct daemon_extra {
	struct watch sig_watch;
	int sig_fd;
};

void pluto_shutdown(struct pluto *p)
{
	p->shutting_down = true;
	evloop_stop(&p->loop);
}

static void signal_event(struct watch *w, uint32_t events, void *ctx)
{
	struct pluto *p = ctx;
	struct signalfd_siginfo si;
	(void)events;
	while (read(w->fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			plog(p, "SIGHUP: rereading secrets");
			config_load_secrets(p, 0);
		} else {
			plog(p, "shutting down (signal %u)", si.ssi_signo);
			pluto_shutdown(p);
		}
	}
}

static struct connection *conn_by_reqid(struct pluto *p, uint32_t reqid)
{
	for (struct connection *c = p->conns; c; c = c->next)
		if (c->reqid == reqid)
			return c;
	return NULL;
}

static void kernel_event(void *arg, const struct kevent *ev)
{
	struct pluto *p = arg;
	switch (ev->type) {
	case KEV_ACQUIRE: {
		struct connection *c = conn_by_reqid(p, ev->reqid);
		if (c && c->routing == RT_ROUTED_PROSPECTIVE) {
			conn_log(p, c, 0, RC_LOG, "initiating on demand (kernel ACQUIRE)");
			initiate_connection(p, c, 0, true);
		}
		break;
	}
	case KEV_EXPIRE_SOFT:
	case KEV_EXPIRE_HARD: {
		struct child_sa *ch = child_sa_by_spi(p, ev->spi);
		if (ch)
			lifetime_child_expire_event(p, ch, ev->type == KEV_EXPIRE_HARD);
		break;
	}
	default:
		break;
	}
}

static void kernel_watch_event(struct watch *w, uint32_t events, void *ctx)
{
	struct pluto *p = ctx;
	(void)w;
	(void)events;
	p->kops->read_events(p->kernel, kernel_event, p);
}

static int make_rundir(const char *dir)
{
	struct stat st;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (stat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	/* The control socket's directory keeps every other user out. */
	if ((st.st_mode & 077) && chmod(dir, 0700) < 0)
		return -errno;
	return 0;
}

static char *pidfile_path(const struct pluto *p)
{
	char *path;
	if (asprintf(&path, "%s/pluto.pid", p->opt.rundir) < 0)
		return NULL;
	return path;
}

/* Refuses to start twice: a pid file naming a live process wins. */
static int write_pidfile(struct pluto *p)
{
	char *path = pidfile_path(p), buf[32];
	int fd, n, err = 0;

	if (!path)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = (int)read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			long pid = strtol(buf, NULL, 10);
			if (pid > 0 && pid != getpid() && kill((pid_t)pid, 0) == 0) {
				free(path);
				return -EEXIST;
			}
		}
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
	} else {
		dprintf(fd, "%d\n", (int)getpid());
		close(fd);
	}
	free(path);
	return err;
}

static void remove_pidfile(struct pluto *p)
{
	char *path = pidfile_path(p);
	if (path) {
		unlink(path);
		free(path);
	}
}

/* The whole daemon is torn down in reverse: SAs (with Deletes), policies,
 * sockets, files. */
static void shutdown_all(struct pluto *p)
{
	while (p->ikes)
		ike_sa_delete(p, p->ikes, true);
	while (p->conns) {
		struct connection *c = p->conns;
		while (c && c->template_of)
			c = c->next;
		if (!c)
			c = p->conns;
		conn_delete(p, c, 0);
	}
	ctl_close_all(p);
	net_close(p);
	if (p->kernel) {
		if (p->kops->event_fd(p->kernel) >= 0)
			evloop_del(&p->loop, &p->kernel_watch);
		p->kops->close(p->kernel);
		p->kernel = NULL;
	}
	config_free_secrets(p);
	config_free(p->config);
	p->config = NULL;
	free(p->setup_strings);
	p->setup_strings = NULL;
	htable_free(&p->conns_by_name);
	htable_free(&p->conns_by_peer);
	htable_free(&p->ike_by_spi);
	htable_free(&p->ike_by_init);
	htable_free(&p->ike_by_peer_id);
	htable_free(&p->child_by_spi);
	htable_free(&p->half_open_by_peer);
	ifaddr_snapshot_free(&p->ifaddrs);
	free(p->scratch);
	p->scratch = NULL;
}

/* Forks into the background; the parent exits 0 only once the child reports it is
 * ready (so "ipsec start; ipsec auto --add" works), else with the child's error. */
static int daemonize(int *ready_fd)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		char status = 1;
		close(fds[1]);
		if (read(fds[0], &status, 1) != 1)
			status = 1;
		_exit(status);
	}
	close(fds[0]);
	setsid();
	if (chdir("/") < 0)
		return -errno;
	*ready_fd = fds[1];
	return 0;
}

static void detach_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

static void loop_idle(void *ctx)
{
	struct pluto *p = ctx;

	log_flush(p);
	ctl_flush_pending(p);
	/* Good for one turn only: no need to keep a copy of every address. */
	ifaddr_snapshot_free(&p->ifaddrs);
}

static void start_timer_fired(struct timer *t, void *ctx)
{
	(void)t;
	config_load_auto(ctx);
}

int pluto_run(struct pluto_options *opt)
{
	struct pluto *p = calloc(1, sizeof(*p));
	struct daemon_extra x = { .sig_fd = -1 };
	struct timer start_timer = { 0 };
	sigset_t mask;
	int ready_fd = -1, err, status = 1;
	char ready = 0;

	if (!p)
		return 1;
	p->opt = *opt;
	p->ctl_fd = -1;
	p->log.fd = STDERR_FILENO;
	p->log.dest = LOG_TO_STDERR;
	p->next_reqid = 16384;
	random_bytes(&p->hash_seed, sizeof(p->hash_seed));

	if (config_read_setup(p) < 0)
		goto out_early;
	if (!opt->nofork && (err = daemonize(&ready_fd)) < 0) {
		fprintf(stderr, "pluto: cannot daemonize: %s\n", strerror(-err));
		goto out_early;
	}
	log_open(p, p->opt.logfile ? p->opt.logfile : p->setup.logfile, p->opt.stderrlog);
	p->log.logtime = p->setup.logtime || p->log.dest != LOG_TO_SYSLOG;
	p->log.debug = p->setup.plutodebug;
	p->fips = p->setup.fips || fips_kernel_enabled();
	plog(p, "Starting Pluto (static multicall ipsec, pid %d)", (int)getpid());
	plog(p, "FIPS Product: %s", p->fips ? "YES" : "NO");
	plog(p, "FIPS Kernel: %s", fips_kernel_enabled() ? "YES" : "NO");
	plog(p, "FIPS Mode: %s", p->fips ? "YES" : "NO");
	plog(p, "NSS DB directory: %s", p->opt.nssdir);

	err = make_rundir(p->opt.rundir);
	if (err < 0) {
		plog(p, "FATAL: cannot create run directory %s: %s", p->opt.rundir, strerror(-err));
		goto out_log;
	}
	err = write_pidfile(p);
	if (err == -EEXIST) {
		plog(p, "FATAL: pluto is already running (pid file in %s)", p->opt.rundir);
		goto out_log;
	}
	if (evloop_init(&p->loop, p) < 0)
		goto out_pid;
	p->loop.idle = loop_idle;

	if (p->opt.kernel && strcmp(p->opt.kernel, "none") == 0) {
		p->kops = &kernel_none_ops;
		plog(p, "WARNING: kernel interface 'none': nothing is installed in the kernel; "
			"tunnels will not carry traffic (for tests and benchmarks only)");
	} else {
		p->kops = &kernel_xfrm_ops;
	}
	p->kernel = p->kops->open();
	if (!p->kernel) {
		plog(p, "FATAL: cannot open kernel interface %s: %s", p->kops->name, strerror(errno));
		goto out_loop;
	}
	plog(p, "using kernel interface: %s", p->kops->name);
	if (p->kops->event_fd(p->kernel) >= 0)
		evloop_add(&p->loop, &p->kernel_watch, p->kops->event_fd(p->kernel), EPOLLIN,
			   kernel_watch_event);

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	x.sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (x.sig_fd >= 0)
		evloop_add(&p->loop, &x.sig_watch, x.sig_fd, EPOLLIN, signal_event);

	config_load_secrets(p, 0);
	err = net_open(p);
	if (err < 0) {
		plog(p, "FATAL: cannot listen for IKE on UDP %u/%u: %s", p->opt.ikeport,
		     p->opt.nat_ikeport, strerror(-err));
		goto out_all;
	}
	err = ctl_listen(p);
	if (err < 0) {
		plog(p, "FATAL: cannot create control socket %s: %s", p->opt.ctlsocket,
		     strerror(-err));
		goto out_all;
	}
	plog(p, "listening for IKE messages");
	/* auto= connections load once the loop runs, so their logs and timers
	 * behave as for any other command. */
	evloop_after(&p->loop, &start_timer, 0, start_timer_fired);
	if (ready_fd >= 0) {
		if (write(ready_fd, &ready, 1) != 1)
			plog(p, "cannot tell the parent process we started");
		close(ready_fd);
		ready_fd = -1;
		detach_stdio();
	}
	err = evloop_run(&p->loop);
	status = err < 0 ? 1 : 0;
	plog(p, "shutting down");
out_all:
	timer_cancel(&p->loop.timers, &start_timer);
	shutdown_all(p);
	if (x.sig_fd >= 0)
		close(x.sig_fd);
out_loop:
	evloop_free(&p->loop);
out_pid:
	remove_pidfile(p);
out_log:
	log_close(p);
out_early:
	if (ready_fd >= 0) {
		ready = 1;
		(void)!write(ready_fd, &ready, 1);
		close(ready_fd);
	}
	config_free(p->config);
	free(p->setup_strings);
	free(p->ctl_path);
	free(p);
	return status;
}
