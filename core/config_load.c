/* The daemon's side of config/: the setup section, which connections to load at
 * start-up, and ipsec auto --add. */
#include "core/config_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/child.h"
#include "core/conn.h"
#include "core/connection.h"
#include "core/ctl.h"
#include "core/ike_sa.h"
#include "core/initiate.h"
#include "core/pluto.h"

/* Messages from the reader, one line each, to the log and to whack. */
static void report(struct pluto *p, uint32_t whack, const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		log_line(p, whack, d->is_warning[i] ? RC_LOG : RC_FATAL, "", "%s", d->msgs[i]);
}

static const char *pick(const char *opt, const char *setup, const char *dflt)
{
	return opt ? opt : setup ? setup : dflt;
}

int config_read_setup(struct pluto *p)
{
	struct diag d;
	struct config *cfg = NULL;
	int err;

	diag_init(&d);
	err = config_load(p->opt.config_file, &cfg, &d);
	if (err < 0) {
		diag_print(&d, stderr);
		fprintf(stderr, "pluto: cannot start: errors in %s\n", p->opt.config_file);
		diag_free(&d);
		config_free(cfg);
		return err;
	}
	diag_print(&d, stderr);
	diag_free(&d);
	p->config = cfg;
	/* A copy that outlives cfg, which goes once the conns are loaded. */
	p->setup_strings = setup_clone(config_setup(cfg));
	if (!p->setup_strings)
		return -ENOMEM;
	p->setup = *p->setup_strings;
	/* Command-line options win over config setup, which wins over defaults. */
	p->opt.secrets_file = pick(p->opt.secrets_file, p->setup.secretsfile, "/etc/ipsec.secrets");
	p->opt.nssdir = pick(p->opt.nssdir, p->setup.nssdir, "/etc/ipsec.d");
	p->opt.ipsecdir = pick(p->opt.ipsecdir, p->setup.ipsecdir, "/etc/ipsec.d");
	p->opt.rundir = pick(p->opt.rundir, p->setup.rundir, CTL_DEFAULT_RUNDIR);
	if (!p->opt.ikeport)
		p->opt.ikeport = p->setup.ikeport ? p->setup.ikeport : 500;
	if (!p->opt.nat_ikeport)
		p->opt.nat_ikeport = p->setup.nat_ikeport ? p->setup.nat_ikeport : 4500;
	if (!p->opt.ctlsocket) {
		char *ctl;
		if (asprintf(&ctl, "%s/%s", p->opt.rundir, CTL_SOCKET_NAME) < 0)
			return -ENOMEM;
		p->ctl_path = ctl;
		p->opt.ctlsocket = ctl;
	}
	return 0;
}

static int add_one(struct pluto *p, uint32_t whack, const struct conn *src,
		   struct connection **out)
{
	struct conn *copy = conn_clone(src);
	if (!copy) {
		log_line(p, whack, RC_FATAL, "", "out of memory loading \"%s\"", src->name);
		return -ENOMEM;
	}
	return conn_add(p, copy, whack, out);
}

static void load_auto_from(struct pluto *p, uint32_t whack, const struct config *cfg)
{
	for (size_t i = 0; cfg && i < config_conn_count(cfg); i++) {
		const struct conn *src = config_conn_at(cfg, i);
		struct connection *c;
		if (src->autostart == AUTO_IGNORE)
			continue;
		if (add_one(p, whack, src, &c) < 0)
			continue;
		switch (src->autostart) {
		case AUTO_ONDEMAND:
			if (child_route(p, c, whack) < 0)
				conn_log(p, c, 0, RC_ROUTE, "could not route");
			break;
		case AUTO_START:
		case AUTO_KEEP:
			initiate_connection(p, c, 0, true);
			break;
		default:
			break;
		}
	}
}

void config_load_auto(struct pluto *p)
{
	load_auto_from(p, 0, p->config);
	/* Every conn the daemon keeps is its own copy now: the parsed file (a
	 * second copy of each conn) is not needed any more. */
	config_free(p->config);
	p->config = NULL;
}

int config_load_auto_file(struct pluto *p, uint32_t whack, const char *path)
{
	struct diag d;
	struct config *cfg = NULL;
	int err;

	diag_init(&d);
	err = config_load(path, &cfg, &d);
	report(p, whack, &d);
	diag_free(&d);
	if (cfg)
		load_auto_from(p, whack, cfg);
	config_free(cfg);
	return err;
}

int config_add_conn(struct pluto *p, uint32_t whack, const char *path, const char *name)
{
	struct diag d;
	struct config *cfg = NULL;
	const struct conn *src;
	int err;

	diag_init(&d);
	err = config_load(path, &cfg, &d);
	report(p, whack, &d);
	diag_free(&d);
	if (!cfg)
		return err < 0 ? err : -EINVAL;
	src = config_conn_find(cfg, name);
	if (!src) {
		log_line(p, whack, RC_UNKNOWN_NAME, "",
			 "conn '%s': not found (tried aliases) in %s", name, path);
		config_free(cfg);
		return -ENOENT;
	}
	err = add_one(p, whack, src, NULL);
	config_free(cfg);
	return err;
}
