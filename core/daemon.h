/* The IKE daemon's life: start-up (configuration, kernel, sockets, control
 * socket, pid file, auto= connections), the event loop, and an orderly shutdown
 * that leaves nothing of ours in the kernel. */
#ifndef CORE_DAEMON_H
#define CORE_DAEMON_H

#include "core/pluto.h"

/* Runs the daemon; returns the process exit status. */
int pluto_run(struct pluto_options *opt);
/* Asks the loop to end (whack --shutdown, SIGTERM). */
void pluto_shutdown(struct pluto *p);

#endif
