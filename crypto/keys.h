/* Public and private keys (RSA, ECDSA), their IDs, and the key store. The structs
 * are opaque outside crypto/; private key material is wiped by privkey_free. */
#ifndef CRYPTO_KEYS_H
#define CRYPTO_KEYS_H
#include <stddef.h>
#include <stdint.h>

#define CKAID_LEN 20

enum key_type {
	KEY_RSA = 1,
	KEY_ECDSA = 2,
};

struct pubkey;
struct privkey;

/* RFC 3110 blob (the bytes after "0s" in leftrsasigkey=) -> RSA public key.
 * Returns 0, or -EINVAL naming nothing (the caller knows the file and line). */
int pubkey_from_rfc3110(const uint8_t *blob, size_t len, struct pubkey **out);
/* DER SubjectPublicKeyInfo (RSA or EC P-256/384/521) -> public key. */
int pubkey_from_spki(const uint8_t *der, size_t len, struct pubkey **out);
/* Raw ECDSA blob as in leftecdsasigkey / leftpubkey of an EC key. */
enum key_type pubkey_type(const struct pubkey *key);
/* SHA-1 CKAID (REFERENCE.md): RSA over the modulus, ECDSA over 04|X|Y. */
const uint8_t *pubkey_ckaid(const struct pubkey *key);
/* Largest signature this key makes or checks, in bytes. */
size_t pubkey_sig_max(const struct pubkey *key);
/* RSA modulus size in bits, or EC curve size. */
unsigned pubkey_bits(const struct pubkey *key);
void pubkey_free(struct pubkey *key);

const struct pubkey *privkey_pub(const struct privkey *key);
void privkey_free(struct privkey *key);

/* The directory store (default /etc/ipsec.d, Libreswan's --nssdir).
 * Finds the private key whose CKAID starts with the given bytes (prefix allowed,
 * must be unique). Returns 0, -ENOENT, or -EINVAL (unreadable or damaged file). */
int keystore_load_privkey(const char *nssdir, const uint8_t *ckaid, size_t ckaid_len,
			  struct privkey **out);

#endif
