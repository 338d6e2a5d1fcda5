/* Between config/ (ipsec.conf, ipsec.secrets as plain data) and the daemon:
 * which connections to load, add or route, and the secrets in use. */
#ifndef CORE_CONFIG_LOAD_H
#define CORE_CONFIG_LOAD_H
#include <stdbool.h>
#include <stdint.h>

struct pluto;

/* Start-up: reads the configuration into p->setup; returns 0 or -errno with the
 * problems printed to stderr ("FILE:LINE: message"). */
int config_read_setup(struct pluto *p);
/* Adds every connection with auto=add|start|route|ondemand, routes and starts
 * as asked. */
void config_load_auto(struct pluto *p);
/* ipsec addconn --autoall: the same, from the client's file. */
int config_load_auto_file(struct pluto *p, uint32_t whack, const char *path);
/* ipsec auto --add NAME (from `path`, the client's configuration file). */
int config_add_conn(struct pluto *p, uint32_t whack, const char *path, const char *name);
/* (Re)reads ipsec.secrets; problems go to the log and to whack. */
int config_load_secrets(struct pluto *p, uint32_t whack);
void config_free_secrets(struct pluto *p);

#endif
