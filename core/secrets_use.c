/* The daemon's use of ipsec.secrets: loading (and --rereadsecrets), and finding
 * the PSK for an IKE SA by its two identities. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config/secrets.h"
#include "core/config_load.h"
#include "core/connection.h"
#include "core/pluto.h"
#include "core/psk.h"

int config_load_secrets(struct pluto *p, uint32_t whack)
{
	struct secrets *s = NULL;
	struct diag d;
	int err;

	diag_init(&d);
	err = secrets_load(p->opt.secrets_file, &s, &d);
	for (size_t i = 0; i < d.n; i++)
		log_line(p, whack, RC_LOG_SERIOUS, "", "%s",
			 d.msgs[i]);
	diag_free(&d);
	if (!s) {
		log_line(p, whack, RC_LOG_SERIOUS, "", "no secrets loaded from %s",
			 p->opt.secrets_file);
		return err < 0 ? err : -ENOENT;
	}
	/* The new set replaces the old only once it is read: a broken file never
	 * leaves the daemon without the secrets it had. */
	if (err < 0 && p->secrets) {
		secrets_free(s);
		log_line(p, whack, RC_LOG_SERIOUS, "", "kept the previous secrets");
		return err;
	}
	config_free_secrets(p);
	p->secrets = s;
	log_line(p, whack, RC_LOG, "", "loaded %zu secret%s from %s", secrets_count(s),
		 secrets_count(s) == 1 ? "" : "s", p->opt.secrets_file);
	return 0;
}

void config_free_secrets(struct pluto *p)
{
	secrets_free(p->secrets);
	p->secrets = NULL;
}

int psk_find(struct pluto *p, const struct connection *c, const struct ike_id *local,
	     const struct ike_id *remote, const uint8_t **key, size_t *len)
{
	char lbuf[ID_MAX * 3 + 8], rbuf[ID_MAX * 3 + 8];
	struct conn_id lid, rid;
	const struct secret *s;

	if (!p->secrets)
		return -ENOENT;
	id_to_conn_id(local->type, local->data, local->len, lbuf, sizeof(lbuf), &lid);
	if (remote) {
		id_to_conn_id(remote->type, remote->data, remote->len, rbuf, sizeof(rbuf), &rid);
	} else {
		/* Before the peer has said who it is: whom we expect. */
		struct ike_id want;
		if (id_from_conn(&c->remote->id, &c->remote_addr, false, &want) == 0)
			id_to_conn_id(want.type, want.data, want.len, rbuf, sizeof(rbuf), &rid);
		else
			rid = (struct conn_id){ .kind = ID_NONE };
	}
	s = secrets_find_psk(p->secrets, &lid, &rid);
	if (!s)
		return -ENOENT;
	*key = s->key;
	*len = s->key_len;
	return 0;
}
