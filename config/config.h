/* Loading ipsec.conf: config setup plus one struct conn per "conn" section,
 * with include, %default and also= resolved and Libreswan's defaults filled
 * in. Usage:
 *
 *	struct diag d;
 *	struct config *cfg;
 *	diag_init(&d);
 *	int r = config_load("/etc/ipsec.conf", &cfg, &d);  // 0: no errors
 *	diag_print(&d, stderr);                              // errors and warnings
 *	for (size_t i = 0; cfg && i < config_conn_count(cfg); i++)
 *		... config_conn_at(cfg, i) ...
 *	struct conn *mine = conn_clone(config_conn_find(cfg, "mytunnel"));
 *	config_free(cfg);  // mine stays valid: free it with conn_free()
 */
#ifndef CONFIG_CONFIG_H
#define CONFIG_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

#include "config/conn.h"
#include "config/diag.h"

struct config;

/* Reads path (and what it includes). *out is set whenever the files could be
 * read, even with errors, so that callers can list what did load; a conn
 * with an error in it is left out. Returns 0 when there were no errors,
 * -EINVAL when there were (see d), -ENOMEM. */
int config_load(const char *path, struct config **out, struct diag *d);
void config_free(struct config *cfg);

const struct setup *config_setup(const struct config *cfg);
/* The conns in file order (the order "ipsec addconn --listall" prints). */
size_t config_conn_count(const struct config *cfg);
const struct conn *config_conn_at(const struct config *cfg, size_t i);
/* By name (hashed); NULL when there is no such conn. */
const struct conn *config_conn_find(const struct config *cfg, const char *name);

/* A copy of c in ONE allocation (strings and key bytes included) that stays
 * valid after config_free(); conn_free() releases it. NULL on ENOMEM. */
struct conn *conn_clone(const struct conn *c);
void conn_free(struct conn *c);
/* The same for config setup, so a daemon can free the parsed file once it has
 * loaded the conns; free() releases it. NULL on ENOMEM. */
struct setup *setup_clone(const struct setup *s);

/* Where c's value for key ("leftsubnet", "ike", "salifetime", ...) came from:
 * written in the conn or an also= section, from conn %default, or Libreswan's
 * built-in default (also for unknown keys). */
enum conn_origin conn_key_origin(const struct conn *c, const char *key);

/* The text-level resolved form (for ipsec readwriteconf): each keyword set
 * for a conn after %default and also=, with its value as written. key is the
 * canonical name ("ipsec-lifetime" for salifetime=, "leftusername" for
 * leftxauthusername=); x- comments keep their own names. */
struct conf_kv {
	const char *key;
	const char *value;
	const char *file;
	unsigned line;
	enum conn_origin origin;
};
size_t config_setup_keys(const struct config *cfg, const struct conf_kv **kv);
size_t config_conn_keys(const struct config *cfg, size_t i, const struct conf_kv **kv);
/* The also= sections conn i pulled in, in the order they were read, space
 * separated ("" when none). */
const char *config_conn_alsos(const struct config *cfg, size_t i);

#endif
