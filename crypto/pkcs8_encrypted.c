/* PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 section 3): what PKCS#12 shrouded key
 * bags hold, and how the store keeps keys when DIR/nsspassword exists. */
#include <errno.h>
#include <string.h>

#include "crypto/keys.h"
#include "crypto/pbe.h"

/* Our own files are read at every daemon start: fewer rounds than NSS's 600000
 * keep that quick while PBKDF2-HMAC-SHA256 still costs an attacker. */
#define STORE_ITERATIONS 100000

int privkey_from_encrypted_der(const uint8_t *der, size_t len, const char *password,
			       struct privkey **out)
{
	struct der in = DER(der, len), seq, alg, data;
	uint8_t *plain;
	size_t plain_len;
	int err;

	if (der_read(&in, DER_SEQUENCE, &seq) || der_end(&in) ||
	    der_read(&seq, DER_SEQUENCE, &alg) || der_read(&seq, DER_OCTET_STRING, &data) ||
	    der_end(&seq))
		return -EINVAL;
	err = pbe_decrypt(&alg, password, data.ptr, data.len, &plain, &plain_len);
	if (err)
		return err;
	err = privkey_from_der(plain, plain_len, out);
	pbe_free(plain, plain_len);
	/* Padding that happened to look right: a wrong password all the same. */
	return err == -EINVAL ? -EACCES : err;
}

int privkey_to_encrypted_pkcs8(const struct privkey *key, const char *password,
			       uint8_t **der, size_t *len)
{
	struct der_out out = { 0 };
	uint8_t *plain;
	size_t plain_len, seq;
	int err = privkey_to_pkcs8(key, &plain, &plain_len);

	if (err)
		return err;
	seq = der_open(&out, DER_SEQUENCE);
	pbe_encrypt_pbes2(&out, password, plain, plain_len, STORE_ITERATIONS);
	der_close(&out, seq);
	pbe_free(plain, plain_len);
	return der_out_take(&out, der, len);
}
