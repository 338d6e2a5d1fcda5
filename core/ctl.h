/* The control socket (RUNDIR/pluto.ctl): how whack, ipsec auto and friends drive
 * the daemon. Libreswan's whack speaks a version-locked binary struct; we match
 * its command lines and output, not that format.
 *
 * Request: a 4-byte big-endian length, then NUL-terminated strings: the command
 * and its arguments ("up", "mytunnel"). Response: lines "NNN text\n" with
 * Libreswan's three-digit codes (core/log.h enum rc); the server closes the
 * connection when the command is over. Only the daemon's own user may connect
 * (directory 0700, socket 0600, and SO_PEERCRED checked). */
#ifndef CORE_CTL_H
#define CORE_CTL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/evloop.h"
#include "core/log.h"

#define CTL_MAX_REQUEST 65536
#define CTL_MAX_ARGS 64

struct pluto;

struct ctl_client {
	struct watch w;
	struct ctl_client *next;
	uint32_t id;
	bool closing;      /* command finished: close once the output is flushed */
	bool attached;     /* an SA logs to it until it is released */
	uint32_t events;   /* what the loop watches for: EPOLLIN or EPOLLOUT */
	size_t in_len;
	uint8_t *in;       /* request bytes (grown as they arrive) */
	uint8_t *out;      /* pending output */
	size_t out_len, out_cap;
};

/* Server. */
int ctl_listen(struct pluto *p);
void ctl_close_all(struct pluto *p);
/* Queues one line for the client (no-op if it has gone). */
void ctl_client_line(struct pluto *p, uint32_t id, enum rc rc, const char *line);
/* Formatted, with RC prefix. */
void ctl_printf(struct pluto *p, uint32_t id, enum rc rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The command is over: flush and close. */
void ctl_client_done(struct pluto *p, uint32_t id);
/* Writes what clients were sent during this turn of the loop (and closes those
 * that are done); the loop calls it before it waits. */
void ctl_flush_pending(struct pluto *p);
bool ctl_client_alive(struct pluto *p, uint32_t id);

/* The commands (core/whack_cmd.c): run one request. The handler either finishes
 * the client (ctl_client_done) or keeps it attached to an operation. */
void whack_dispatch(struct pluto *p, uint32_t client, int argc, char **argv);

/* Client side, for the applets: sends the request, copies the reply to stdout
 * (RC_PRINT lines without their code), and returns whack's exit status (0, or the
 * last failure code in 20..99; 1 when the daemon cannot be reached, with a
 * message on stderr). */
int ctl_request(const char *sock_path, int argc, const char *const *argv);

#define CTL_DEFAULT_RUNDIR "/run/pluto"
#define CTL_SOCKET_NAME "pluto.ctl"

#endif
