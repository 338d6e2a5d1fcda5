/* The key store: a plain directory in place of Libreswan's NSS database (layout
 * in crypto/keystore.c). dir is --nssdir (default KEYSTORE_DEFAULT_DIR).
 * password: NULL means "read DIR/nsspassword if it exists"; private keys are
 * written encrypted exactly when a password is known. */
#ifndef CRYPTO_KEYSTORE_H
#define CRYPTO_KEYSTORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "crypto/keys.h"
#include "crypto/x509.h"

#define KEYSTORE_DEFAULT_DIR "/etc/ipsec.d"

/* The password from DIR/nsspassword ("token:password", seed section 3.9), or
 * -ENOENT when the file does not exist. *out is malloc'ed; wipe it. */
int keystore_password(const char *dir, char **out);

/* Stores key as DIR/private/<ckaid>.key (mode 0600), atomically. */
int keystore_save_privkey(const char *dir, const char *password, const struct privkey *key);
/* As keystore_load_privkey (keys.h) with an explicit password. -ENOTUNIQ when a
 * CKAID prefix matches several keys, -EACCES when the key is encrypted and the
 * password is missing or wrong. */
int keystore_load_privkey_pw(const char *dir, const char *password, const uint8_t *ckaid,
			     size_t ckaid_len, struct privkey **out);
/* The private key belonging to a public key (e.g. from leftrsasigkey=). */
int keystore_find_privkey(const char *dir, const char *password, const struct pubkey *pub,
			  struct privkey **out);
/* CKAIDs of all stored private keys, sorted; *ckaids is malloc'ed. */
int keystore_list(const char *dir, uint8_t (**ckaids)[CKAID_LEN], size_t *n);

/* Stores a DER certificate as DIR/certs/<nick>.pem, or DIR/cacerts/<nick>.pem
 * for a CA (a trust anchor), replacing one of the same nickname. */
int keystore_save_cert(const char *dir, const char *nick, bool ca, const uint8_t *der,
		       size_t len);
/* A certificate by nickname (certs/ first, then cacerts/). */
int keystore_load_cert(const char *dir, const char *nick, struct cert **out);
/* leftcert=NICK: the certificate and the private key that matches it. */
int keystore_load_cert_key(const char *dir, const char *password, const char *nick,
			   struct cert **cert, struct privkey **key);
/* Every CA certificate in DIR/cacerts; free with keystore_free_certs. */
int keystore_load_cas(const char *dir, struct cert ***cas, size_t *n);
void keystore_free_certs(struct cert **certs, size_t n);
/* Validates a peer's chain (DER, end entity first) against DIR/cacerts at time
 * now. Returns 0 with *ee set (free with cert_free), -EACCES with *why, or an
 * error reading the certificates (-EINVAL: malformed). */
int keystore_verify_chain(const char *dir, const uint8_t *const *ders, const size_t *lens,
			  size_t n, time_t now, struct cert **ee, const char **why);

/* Replaces path with data atomically (temporary file in the same directory,
 * fsync, rename, fsync of the directory). */
int keystore_write_atomic(const char *path, const void *data, size_t len, unsigned mode);

#endif
