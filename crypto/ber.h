/* BER -> DER for PKCS#12: NSS's pk12util writes indefinite lengths and
 * constructed (chunked) OCTET STRINGs. The contents of OCTET STRINGs stay opaque:
 * PKCS#12 nests BER inside them, and its MAC covers those bytes as written. */
#ifndef CRYPTO_BER_H
#define CRYPTO_BER_H
#include <stddef.h>
#include <stdint.h>

/* Re-encodes exactly one BER element as DER (malloc'ed; free with pbe_free when
 * it may hold key material). Returns 0, -EINVAL or -ENOMEM. */
int ber_to_der(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len);

#endif
