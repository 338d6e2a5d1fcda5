/* Logging, worded as Libreswan words it. A line goes to syslog, to logfile= or to
 * stderr, and, when a whack client is attached to the operation that produced it
 * (ipsec auto --up waiting for its tunnel), to that client too, prefixed with
 * Libreswan's three-digit code ("181 ", "010 ", "004 "). */
#ifndef CORE_LOG_H
#define CORE_LOG_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pluto;

/* Libreswan's whack return codes (lswlog.h). */
enum rc {
	RC_COMMENT = 0,
	RC_PRINT = 1,
	RC_LOG = 2,
	RC_LOG_SERIOUS = 3,
	RC_SUCCESS = 4,
	RC_INFORMATIONAL = 5,
	RC_INFORMATIONAL_TRAFFIC = 6,
	RC_RETRANSMISSION = 10,
	RC_EXIT_FLOOR = 20,
	RC_DUPNAME = 20,
	RC_UNKNOWN_NAME = 21,
	RC_ORIENT = 22,
	RC_CLASH = 23,
	RC_DEAF = 24,
	RC_ROUTE = 25,
	RC_RTBUSY = 26,
	RC_BADID = 27,
	RC_NOKEY = 28,
	RC_NOPEERIP = 29,
	RC_INITSHUNT = 30,
	RC_WILDCARD = 31,
	RC_CRLERROR = 32,
	RC_WHACK_PROBLEM = 33,
	RC_BADWHACKMESSAGE = 30,
	RC_NORETRANSMISSION = 31,
	RC_INTERNALERR = 32,
	RC_OPPOFAILURE = 33,
	RC_CRYPTOFAILED = 34,
	RC_AGGRALGO = 35,
	RC_FATAL = 36,
	RC_EXIT_ROOF = 100,
	RC_NEW_V2_STATE = 150,
	RC_NOTIFICATION = 200,
};

/* plutodebug= categories. */
enum dbg {
	DBG_BASE = 1 << 0,
	DBG_CPU = 1 << 1,
	DBG_CRYPT = 1 << 2,   /* prints key material: only with plutodebug=crypt */
	DBG_PRIVATE = 1 << 3,
	DBG_WHACKWATCH = 1 << 4,
	DBG_TMI = 1 << 5,
	DBG_ALL = DBG_BASE | DBG_CPU | DBG_WHACKWATCH | DBG_TMI,
};

enum log_dest { LOG_TO_SYSLOG, LOG_TO_FILE, LOG_TO_STDERR };

#define LOG_BUF 8192

struct log_config {
	enum log_dest dest;
	int fd;              /* file, stderr, or the /dev/log socket */
	bool logtime;        /* timestamps in the file/stderr */
	bool logip;          /* peer addresses in log lines (default yes) */
	unsigned debug;      /* DBG_* bits */
	/* File and stderr lines wait here for log_flush: one write per turn of the
	 * event loop instead of one per line (a handshake logs about ten). */
	size_t out_len;
	char out[LOG_BUF];
	/* "Nov 28 06:55:06" of the second last formatted. */
	long long stamp_sec;
	char stamp[24];
	int pid;             /* syslog: for "pluto[PID]" */
};

/* Emits one line: `prefix` is e.g. "\"west-east\" #1: " (may be empty), and the
 * line goes to whack client `whack_id` as well when non-zero. */
void log_vline(struct pluto *p, uint32_t whack_id, enum rc rc, const char *prefix,
	       const char *fmt, va_list ap);
void log_line(struct pluto *p, uint32_t whack_id, enum rc rc, const char *prefix,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Daemon-wide line with no connection prefix. */
void plog(struct pluto *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Debug line ("| ..."), only when the category is enabled. */
#define dbg(p, cat, ...)                                                   \
	do {                                                               \
		if ((p)->log.debug & (cat))                                \
			log_line((p), 0, RC_LOG, "| ", __VA_ARGS__);        \
	} while (0)

void log_open(struct pluto *p, const char *logfile, bool to_stderr);
/* Writes the waiting lines: before the loop sleeps, before anything is sent to a
 * whack client (what it reads is in the log already), and in log_close. */
void log_flush(struct pluto *p);
void log_close(struct pluto *p);

#endif
