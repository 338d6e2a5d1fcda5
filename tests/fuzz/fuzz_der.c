/* DER structures from files and peers: X.509 certificates (with DN text and
 * subjectAltNames), SubjectPublicKeyInfo, RFC 3110 and raw ECDSA blobs, PKCS#8
 * (plain and encrypted), and BER normalisation. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "crypto/ber.h"
#include "crypto/keys.h"
#include "crypto/x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cert *cert;
	struct pubkey *pub;
	struct privkey *key;
	uint8_t *der;
	size_t len;
	char text[256];

	if (cert_from_der(data, size, &cert) == 0) {
		enum san_type type;
		const uint8_t *val;
		const uint8_t *dn = cert_subject(cert, &len);
		dn_to_text(dn, len, text, sizeof(text));
		dn = cert_issuer(cert, &len);
		dn_to_text(dn, len, text, sizeof(text));
		for (size_t i = 0; cert_san(cert, i, &type, &val, &len) == 0; i++)
			;
		cert_free(cert);
	}
	dn_to_text(data, size, text, sizeof(text));
	if (pubkey_from_spki(data, size, &pub) == 0) {
		if (pubkey_spki(pub, &der, &len) == 0)
			free(der);
		pubkey_free(pub);
	}
	if (pubkey_from_rfc3110(data, size, &pub) == 0)
		pubkey_free(pub);
	if (pubkey_from_ecdsa_raw(data, size, &pub) == 0)
		pubkey_free(pub);
	if (privkey_from_der(data, size, &key) == 0)
		privkey_free(key);
	if (privkey_from_encrypted_der(data, size, "foobar", &key) == 0)
		privkey_free(key);
	if (ber_to_der(data, size, &der, &len) == 0)
		free(der);
	return 0;
}
