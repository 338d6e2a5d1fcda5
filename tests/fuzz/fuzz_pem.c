/* PEM text: every block is decoded and handed to the key and certificate
 * readers, as the key store does with its files. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto/keys.h"
#include "crypto/pem.h"
#include "crypto/x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pem_block b;
	size_t pos = 0;

	while (pem_next((const char *)data, size, &pos, &b) == 0) {
		struct privkey *key;
		struct cert *cert;
		if (strcmp(b.label, "ENCRYPTED PRIVATE KEY") == 0) {
			if (privkey_from_encrypted_der(b.der, b.len, "foobar", &key) == 0)
				privkey_free(key);
		} else if (strcmp(b.label, "CERTIFICATE") == 0) {
			if (cert_from_der(b.der, b.len, &cert) == 0)
				cert_free(cert);
		} else if (privkey_from_der(b.der, b.len, &key) == 0) {
			privkey_free(key);
		}
		pem_block_free(&b);
	}
	return 0;
}
