/* ipsec.secrets: pre-shared keys, static PPKs and XAUTH passwords, in
 * Libreswan's format:
 *
 *	@west @east : PSK "secret"        (ids: 192.0.2.1, "2001:db8::1", @fqdn,
 *	192.0.2.1 %any : PSK 0x1234_abcd   user@fqdn, %any, %any6, DNs; none
 *	: PSK 0sc2VjcmV0                   matches anything)
 *	@west @east : PPKS "PPK_ID" "ppk"
 *	@user : XAUTH "password"
 *	include /etc/ipsec.d/NAME.secrets  (a glob: any .secrets file there)
 *
 * An entry starts at column 0 and continues on indented lines. RSA/ECDSA
 * private-key entries are ignored with a warning, as in Libreswan 4 (keys
 * live in the key store). Secrets are wiped when freed and never printed. */
#ifndef CONFIG_SECRETS_H
#define CONFIG_SECRETS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/conn.h"
#include "config/diag.h"

enum secret_kind { SECRET_PSK, SECRET_XAUTH, SECRET_PPK };

struct secret {
	enum secret_kind kind;
	const uint8_t *key;     /* the PSK, XAUTH password or PPK */
	size_t key_len;
	const uint8_t *ppk_id;  /* SECRET_PPK: the PPK_ID (sent as PPK_ID_FIXED) */
	size_t ppk_id_len;
	const struct conn_id *ids; /* as written; none = matches anything */
	size_t n_ids;
	const char *file;       /* where it was written, for messages */
	unsigned line;
};

struct secrets;

/* Reads path (a file name or a glob, as secretsfile= allows) and its
 * includes; a missing file is only a warning (no secrets), as in Libreswan. Warns (loudly) when a file is readable by group or others or not
 * owned by root, and about PSKs shorter than 8 characters. *out is set
 * whenever something could be read; a broken entry is left out. Returns 0
 * when there were no errors, -EINVAL when there were (see d), -ENOMEM. */
int secrets_load(const char *path, struct secrets **out, struct diag *d);
/* Wipes every secret, then frees. */
void secrets_free(struct secrets *s);

size_t secrets_count(const struct secrets *s);
const struct secret *secrets_at(const struct secrets *s, size_t i);

/* The PSK for a connection between local and remote (remote may be NULL when
 * not known yet), following Libreswan's lsw_find_secret_by_id(): an entry
 * naming both ids beats one naming the local id and %any, which beats an
 * entry with the local id alone, which beats one naming the remote id and
 * %any, which beats %any or no ids at all. Among equally good entries the
 * first in the file wins. An entry naming only the remote id never matches.
 * NULL when nothing matches. */
const struct secret *secrets_find_psk(const struct secrets *s, const struct conn_id *local,
				      const struct conn_id *remote);
/* The static PPK for local/remote, by the same rules. */
const struct secret *secrets_find_ppk(const struct secrets *s, const struct conn_id *local,
				      const struct conn_id *remote);
/* The static PPK whose PPK_ID is id (what a responder receives). */
const struct secret *secrets_find_ppk_by_id(const struct secrets *s, const uint8_t *id,
					    size_t len);
/* The XAUTH password of user ("@user : XAUTH ..." or "user : XAUTH ..."). */
const struct secret *secrets_find_xauth(const struct secrets *s, const char *user);

#endif
