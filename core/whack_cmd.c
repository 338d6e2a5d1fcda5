/* The control-socket commands, as whack and ipsec auto send them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/child.h"
#include "core/config_load.h"
#include "core/conn.h"
#include "core/connection.h"
#include "core/ctl.h"
#include "core/daemon.h"
#include "core/ike_sa.h"
#include "core/initiate.h"
#include "core/net.h"
#include "core/status.h"
#include "core/terminate.h"
#include "core/xmit.h"

static struct connection *named(struct pluto *p, uint32_t client, const char *name)
{
	struct connection *c = conn_by_name(p, name);
	if (!c)
		ctl_printf(p, client, RC_UNKNOWN_NAME, "no connection named \"%s\"", name);
	return c;
}

static void cmd_up(struct pluto *p, uint32_t client, const char *name, bool async)
{
	struct connection *c = named(p, client, name);
	if (c && initiate_connection(p, c, client, async) == 1)
		return; /* attached: released when the tunnel is up or has failed */
	ctl_client_done(p, client);
}

static void cmd_down(struct pluto *p, uint32_t client, const char *name)
{
	struct connection *c = named(p, client, name);
	if (c)
		terminate_connection(p, c, client, false);
	ctl_client_done(p, client);
}

static void cmd_delete(struct pluto *p, uint32_t client, const char *name)
{
	struct connection *c = named(p, client, name);
	if (c)
		conn_delete(p, c, client);
	ctl_client_done(p, client);
}

static void cmd_route(struct pluto *p, uint32_t client, const char *name, bool route)
{
	struct connection *c = named(p, client, name);
	if (c) {
		if (!route) {
			child_unroute(p, c);
		} else if (!c->local && !conn_orient(p, c)) {
			conn_log(p, c, client, RC_ORIENT,
				 "we cannot identify ourselves with either end of this connection");
		} else if (child_route(p, c, client) < 0) {
			conn_log(p, c, client, RC_ROUTE, "could not route");
		}
	}
	ctl_client_done(p, client);
}

/* whack --rekey-ike / --rekey-ipsec: now, instead of at the margin. */
static void cmd_rekey(struct pluto *p, uint32_t client, const char *name, bool ike)
{
	struct connection *c = named(p, client, name);
	bool done = false;
	for (struct ike_sa *sa = c ? p->ikes : NULL; sa && !done; sa = sa->next) {
		if (sa->state != IKE_ESTABLISHED)
			continue;
		if (ike && sa->c == c && sa->c->newest_ike == sa->serial) {
			sa->want_rekey_ike = true;
			ike_run_pending(p, sa);
			done = true;
		}
		for (struct child_sa *ch = sa->children; !ike && ch && !done; ch = ch->next_in_ike) {
			if (ch->c == c && ch->state == CHILD_ESTABLISHED && !ch->superseded) {
				ch->want_rekey = true;
				ike_run_pending(p, sa);
				done = true;
			}
		}
	}
	if (c && !done)
		conn_log(p, c, client, RC_UNKNOWN_NAME, "no established %s SA to rekey",
			 ike ? "IKE" : "IPsec");
	ctl_client_done(p, client);
}

void whack_dispatch(struct pluto *p, uint32_t client, int argc, char **argv)
{
	const char *cmd = argv[0];

	if (strcmp(cmd, "add") == 0 && argc >= 3) {
		/* add CONFIG NAME...: read from the client's configuration file. */
		for (int i = 2; i < argc; i++)
			config_add_conn(p, client, argv[1], argv[i]);
	} else if (strcmp(cmd, "autoall") == 0 && argc == 2) {
		config_load_auto_file(p, client, argv[1]);
	} else if (strcmp(cmd, "replace") == 0 && argc == 3) {
		config_add_conn(p, client, argv[1], argv[2]);
	} else if (strcmp(cmd, "delete") == 0 && argc == 2) {
		cmd_delete(p, client, argv[1]);
		return;
	} else if ((strcmp(cmd, "up") == 0 || strcmp(cmd, "up-async") == 0) && argc == 2) {
		cmd_up(p, client, argv[1], strcmp(cmd, "up-async") == 0);
		return;
	} else if (strcmp(cmd, "down") == 0 && argc == 2) {
		cmd_down(p, client, argv[1]);
		return;
	} else if ((strcmp(cmd, "route") == 0 || strcmp(cmd, "unroute") == 0) && argc == 2) {
		cmd_route(p, client, argv[1], strcmp(cmd, "route") == 0);
		return;
	} else if ((strcmp(cmd, "rekey-ike") == 0 || strcmp(cmd, "rekey-ipsec") == 0) && argc == 2) {
		cmd_rekey(p, client, argv[1], strcmp(cmd, "rekey-ike") == 0);
		return;
	} else if (strcmp(cmd, "status") == 0) {
		status_all(p, client);
	} else if (strcmp(cmd, "trafficstatus") == 0) {
		status_traffic(p, client);
	} else if (strcmp(cmd, "globalstatus") == 0) {
		status_global(p, client);
	} else if (strcmp(cmd, "fipsstatus") == 0) {
		status_fips(p, client);
	} else if (strcmp(cmd, "rereadsecrets") == 0) {
		config_load_secrets(p, client);
	} else if (strcmp(cmd, "listen") == 0) {
		/* Re-orient connections against the current interface addresses. */
		for (struct connection *c = p->conns; c; c = c->next)
			if (!c->local && conn_orient(p, c))
				conn_load_keys(p, c, client);
		ctl_printf(p, client, RC_COMMENT, "listening for IKE messages");
	} else if (strcmp(cmd, "shutdown") == 0) {
		ctl_printf(p, client, RC_COMMENT, "shutting down");
		ctl_client_done(p, client);
		pluto_shutdown(p);
		return;
	} else if (strcmp(cmd, "ping") == 0) {
		/* ipsec status / start-up checks: the daemon answers. */
	} else {
		ctl_printf(p, client, RC_BADWHACKMESSAGE, "unknown or malformed command '%s'", cmd);
	}
	ctl_client_done(p, client);
}
