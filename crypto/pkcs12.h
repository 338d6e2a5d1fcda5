/* PKCS#12 (RFC 7292) reader: what "openssl pkcs12 -export" (OpenSSL 3 defaults and
 * -legacy) and NSS "pk12util -o" write: password-integrity MAC (PKCS#12 KDF with
 * SHA-1/SHA-2), data and encryptedData contents, key, shrouded key and
 * certificate bags, friendlyName and localKeyID attributes. */
#ifndef CRYPTO_PKCS12_H
#define CRYPTO_PKCS12_H
#include <stddef.h>
#include <stdint.h>

#include "crypto/keys.h"

struct pkcs12_bag {
	struct privkey *key;   /* a key bag, or NULL */
	uint8_t *cert;         /* a certificate bag (DER), or NULL */
	size_t cert_len;
	char *friendly_name;   /* UTF-8, or NULL */
	uint8_t *local_key_id;
	size_t local_key_id_len;
};

struct pkcs12 {
	struct pkcs12_bag *bags;
	size_t n_bags;
};

/* Returns 0; -EACCES (wrong password: MAC mismatch or undecryptable contents),
 * -EINVAL (malformed), -ENOTSUP (unsupported algorithm or content type, e.g.
 * public-key privacy mode) or -ENOMEM. Nothing is returned on error. */
int pkcs12_parse(const uint8_t *ber, size_t len, const char *password, struct pkcs12 **out);
/* Wipes keys and frees everything. */
void pkcs12_free(struct pkcs12 *p12);

#endif
