/* PKCS#12 files (BER normalisation, MAC, PBES2/PKCS#12 PBE decryption, bags) must
 * give an error or a result, never a crash or leak. Iteration counts are capped
 * in fuzzing builds (PBE_MAX_ITERATIONS) so that slow KDFs are not timeouts. */
#include <stddef.h>
#include <stdint.h>

#include "crypto/pkcs12.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkcs12 *p12 = NULL;

	if (pkcs12_parse(data, size, "foobar", &p12) == 0)
		pkcs12_free(p12);
	return 0;
}
