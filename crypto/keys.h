/* Public and private keys (RSA, ECDSA), their IDs, and the key store. The structs
 * are opaque outside crypto/; private key material is wiped by privkey_free. */
#ifndef CRYPTO_KEYS_H
#define CRYPTO_KEYS_H
#include <stdbool.h>
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
/* Raw ECDSA blob as in leftecdsakey= (X|Y, or 04|X|Y) -> P-256/384/521 key. */
int pubkey_from_ecdsa_raw(const uint8_t *blob, size_t len, struct pubkey **out);
enum key_type pubkey_type(const struct pubkey *key);
/* SHA-1 CKAID (REFERENCE.md): RSA over the modulus, ECDSA over 04|X|Y. */
const uint8_t *pubkey_ckaid(const struct pubkey *key);
/* Largest signature this key makes or checks, in bytes. */
size_t pubkey_sig_max(const struct pubkey *key);
/* RSA modulus size in bits, or EC curve size. */
unsigned pubkey_bits(const struct pubkey *key);
void pubkey_free(struct pubkey *key);
/* keyid (REFERENCE.md): 9 base64 characters, NUL-terminated. */
const char *pubkey_keyid(const struct pubkey *key);
/* "RSA" or "ECDSA", as showhostkey --list prints them. */
const char *key_type_name(enum key_type type);
bool pubkey_equal(const struct pubkey *a, const struct pubkey *b);
int pubkey_dup(const struct pubkey *key, struct pubkey **out);
/* The "0s" blob: RFC 3110 for RSA, X|Y for ECDSA; malloc'ed. */
int pubkey_blob(const struct pubkey *key, uint8_t **blob, size_t *len);
/* DER SubjectPublicKeyInfo (RSA with NULL parameters, EC with the named curve). */
int pubkey_spki(const struct pubkey *key, uint8_t **der, size_t *len);

const struct pubkey *privkey_pub(const struct privkey *key);
void privkey_free(struct privkey *key);
/* Unencrypted PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey or SEC 1 ECPrivateKey.
 * Returns 0, -EINVAL (damaged, unsupported, or n != p*q) or -ENOMEM. */
int privkey_from_der(const uint8_t *der, size_t len, struct privkey **out);
/* PKCS#8 EncryptedPrivateKeyInfo (PBES2 or a PKCS#12 PBE); -EACCES when the
 * password is wrong. */
int privkey_from_encrypted_der(const uint8_t *der, size_t len, const char *password,
			       struct privkey **out);
/* PKCS#8 PrivateKeyInfo, malloc'ed: wipe before freeing. */
int privkey_to_pkcs8(const struct privkey *key, uint8_t **der, size_t *len);
/* EncryptedPrivateKeyInfo: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC. */
int privkey_to_encrypted_pkcs8(const struct privkey *key, const char *password,
			       uint8_t **der, size_t *len);
/* New key: KEY_RSA with bits 1024..4096 (e = 65537), or KEY_ECDSA with bits
 * 256, 384 or 521. Returns 0, -EINVAL or -ENOMEM. */
int privkey_generate(enum key_type type, unsigned bits, struct privkey **out);

/* The directory store (default /etc/ipsec.d, Libreswan's --nssdir; layout and
 * more functions in crypto/keystore.h). Finds the private key whose CKAID starts
 * with the given bytes (prefix allowed, must be unique), decrypting it with
 * DIR/nsspassword when it is encrypted. Returns 0, -ENOENT, -ENOTUNIQ (prefix
 * matches several), -EACCES (encrypted; password missing or wrong), or -EINVAL
 * (damaged file). */
int keystore_load_privkey(const char *nssdir, const uint8_t *ckaid, size_t ckaid_len,
			  struct privkey **out);

#endif
