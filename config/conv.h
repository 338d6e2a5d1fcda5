/* From resolved key=value text to the typed struct conn / struct setup.
 * Internal to config/. */
#ifndef CONFIG_CONV_H
#define CONFIG_CONV_H
#include <stdbool.h>

#include "config/config.h"
#include "config/parse.h"

struct conv {
	struct diag *d;
	struct arena *a;
	bool failed;
	/* remembered for the checks that need the whole conn */
	struct kv *ike, *esp, *authby, *ikev2, *keyexchange;
	struct kv *subnet[2], *pubkey[2][4], *cert[2], *ckaid[2], *addresspool[2];
	bool phase2_ah, dpdaction_set, sendcert_set[2];
	int keyexchange_value;
};

void conv_setup_defaults(struct setup *s);
/* One config setup line; false (and reported once) when invalid. */
bool conv_setup_kv(struct conv *cv, struct setup *s, struct kv *kv);

void conv_conn_defaults(struct conn *c, const struct setup *s);
/* One resolved conn line (side 0 none, 1 left, 2 right); value may be the
 * joined text of an appending keyword. */
bool conv_conn_kv(struct conv *cv, struct conn *c, struct kv *kv, const char *value);
/* Checks and defaults that need the whole conn; problems are reported at the
 * conn's own line. */
bool conv_conn_finish(struct conv *cv, struct conn *c);

/* "leftsubnet", "ike", ... into buf */
const char *conv_key_name(char *buf, size_t len, unsigned kw, unsigned side);

#endif
