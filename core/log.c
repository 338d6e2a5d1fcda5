#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "core/ctl.h"
#include "core/pluto.h"

#define LOG_LINE_MAX 1024

/* syslog(3) done here: musl's brings strftime and the locale tables for its
 * timestamp (5 KiB). The same datagram to /dev/log as musl's openlog("pluto",
 * LOG_PID | LOG_NDELAY, LOG_AUTHPRIV) and syslog() send:
 * "<PRI>Mmm dd hh:mm:ss pluto[PID]: text\n". */
static const struct sockaddr_un dev_log = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };

static void syslog_open(struct pluto *p)
{
	p->log.dest = LOG_TO_SYSLOG;
	p->log.pid = (int)getpid();
	p->log.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (p->log.fd >= 0)
		(void)connect(p->log.fd, (const struct sockaddr *)&dev_log, sizeof(dev_log));
}

/* "Nov 28 06:55:06": strftime's "%b %e %H:%M:%S", once per second. */
static const char *stamp_of(struct log_config *l, time_t sec)
{
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	if (sec == l->stamp_sec && l->stamp[0])
		return l->stamp;
	localtime_r(&sec, &tm);
	snprintf(l->stamp, sizeof(l->stamp), "%s %2d %02d:%02d:%02d", months[tm.tm_mon % 12],
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	l->stamp_sec = sec;
	return l->stamp;
}

static void syslog_line(struct pluto *p, int level, const char *line)
{
	char buf[LOG_LINE_MAX + 64];
	int n = snprintf(buf, sizeof(buf), "<%d>%s pluto[%d]: %s\n", LOG_AUTHPRIV | level,
			 stamp_of(&p->log, time(NULL)), p->log.pid, line);

	if (n < 0 || p->log.fd < 0)
		return;
	if ((size_t)n >= sizeof(buf)) {
		n = sizeof(buf) - 1;
		buf[n - 1] = '\n';
	}
	/* syslogd restarted: connect again once, as musl does. */
	if (send(p->log.fd, buf, (size_t)n, MSG_NOSIGNAL) < 0 &&
	    (errno == ECONNREFUSED || errno == ECONNRESET || errno == ENOTCONN || errno == EPIPE) &&
	    connect(p->log.fd, (const struct sockaddr *)&dev_log, sizeof(dev_log)) == 0)
		(void)send(p->log.fd, buf, (size_t)n, MSG_NOSIGNAL);
}

void log_open(struct pluto *p, const char *logfile, bool to_stderr)
{
	p->log.fd = -1;
	if (to_stderr) {
		p->log.dest = LOG_TO_STDERR;
		p->log.fd = STDERR_FILENO;
	} else if (logfile) {
		int fd = open(logfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd >= 0) {
			p->log.dest = LOG_TO_FILE;
			p->log.fd = fd;
			return;
		}
		/* Fall back to syslog, and say why there. */
		char why[LOG_LINE_MAX];
		snprintf(why, sizeof(why), "cannot open logfile '%s': %s", logfile, strerror(errno));
		syslog_open(p);
		syslog_line(p, LOG_WARNING, why);
		return;
	} else {
		syslog_open(p);
	}
}

void log_flush(struct pluto *p)
{
	size_t off = 0;

	while (off < p->log.out_len && p->log.fd >= 0) {
		ssize_t n = write(p->log.fd, p->log.out + off, p->log.out_len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* nowhere to write: the lines are lost, as a failed write lost them before */
		off += (size_t)n;
	}
	p->log.out_len = 0;
}

void log_close(struct pluto *p)
{
	log_flush(p);
	if (p->log.dest != LOG_TO_STDERR && p->log.fd >= 0)
		close(p->log.fd);
	p->log.fd = -1;
}

static void emit(struct pluto *p, enum rc rc, const char *line)
{
	struct log_config *l = &p->log;
	char stamp[64];
	size_t stamp_len = 0, len = strlen(line);

	if (l->dest == LOG_TO_SYSLOG) {
		syslog_line(p, rc == RC_LOG_SERIOUS ? LOG_WARNING : LOG_NOTICE, line);
		return;
	}
	if (l->fd < 0)
		return;
	if (l->logtime) {
		struct timeval tv;
		gettimeofday(&tv, NULL);
		stamp_len = (size_t)snprintf(stamp, sizeof(stamp), "%s.%06ld: ",
					     stamp_of(l, tv.tv_sec), (long)tv.tv_usec);
	}
	if (l->out_len + stamp_len + len + 1 > sizeof(l->out))
		log_flush(p);
	_Static_assert(LOG_LINE_MAX + 64 <= LOG_BUF, "a line fits an empty buffer");
	memcpy(l->out + l->out_len, stamp, stamp_len);
	memcpy(l->out + l->out_len + stamp_len, line, len);
	l->out_len += stamp_len + len;
	l->out[l->out_len++] = '\n';
}

void log_vline(struct pluto *p, uint32_t whack_id, enum rc rc, const char *prefix,
	       const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	int n = snprintf(line, sizeof(line), "%s", prefix ? prefix : "");

	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	/* A line never spans lines: a peer-supplied string cannot forge log entries. */
	for (char *c = line; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	emit(p, rc, line);
	if (whack_id)
		ctl_client_line(p, whack_id, rc, line);
}

void log_line(struct pluto *p, uint32_t whack_id, enum rc rc, const char *prefix,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vline(p, whack_id, rc, prefix, fmt, ap);
	va_end(ap);
}

void plog(struct pluto *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vline(p, 0, RC_LOG, "", fmt, ap);
	va_end(ap);
}
