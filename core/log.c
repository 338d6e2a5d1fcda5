#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "core/ctl.h"
#include "core/pluto.h"

#define LOG_LINE_MAX 1024

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
		openlog("pluto", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
		p->log.dest = LOG_TO_SYSLOG;
		syslog(LOG_WARNING, "cannot open logfile '%s': %m", logfile);
		return;
	} else {
		openlog("pluto", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
		p->log.dest = LOG_TO_SYSLOG;
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
	if (p->log.dest == LOG_TO_FILE && p->log.fd >= 0)
		close(p->log.fd);
	else if (p->log.dest == LOG_TO_SYSLOG)
		closelog();
	p->log.fd = -1;
}

static void emit(struct pluto *p, enum rc rc, const char *line)
{
	struct log_config *l = &p->log;
	char stamp[64];
	size_t stamp_len = 0, len = strlen(line);

	if (l->dest == LOG_TO_SYSLOG) {
		syslog(rc == RC_LOG_SERIOUS ? LOG_WARNING : LOG_NOTICE, "%s", line);
		return;
	}
	if (l->fd < 0)
		return;
	if (l->logtime) {
		struct timeval tv;
		gettimeofday(&tv, NULL);
		if (tv.tv_sec != l->stamp_sec || !l->stamp[0]) {
			struct tm tm;
			localtime_r(&tv.tv_sec, &tm);
			if (!strftime(l->stamp, sizeof(l->stamp), "%b %e %H:%M:%S", &tm))
				l->stamp[0] = '\0';
			l->stamp_sec = tv.tv_sec;
		}
		stamp_len = (size_t)snprintf(stamp, sizeof(stamp), "%s.%06ld: ", l->stamp,
					     (long)tv.tv_usec);
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
