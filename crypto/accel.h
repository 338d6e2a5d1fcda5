/* The fastest constant-time BearSSL implementations this CPU can run (inside
 * crypto/ only). BearSSL's own *_get() probes run CPUID on every call, which
 * costs microseconds under a hypervisor; the feature bits are read once at
 * start-up instead (accel.c). */
#ifndef CRYPTO_ACCEL_H
#define CRYPTO_ACCEL_H
#include <bearssl.h>

const br_block_cbcenc_class *accel_aes_cbcenc(void);
const br_block_cbcdec_class *accel_aes_cbcdec(void);
const br_block_ctr_class *accel_aes_ctr(void);
br_ghash accel_ghash(void);
/* SHA-256 for HMAC and prf+: sha256_ni_vtable (crypto/sha256_ni.c) when the CPU
 * has the SHA extensions, else BearSSL's. */
const br_hash_class *accel_sha256(void);
extern const br_hash_class sha256_ni_vtable;
br_chacha20_run accel_chacha20(void);
br_poly1305_run accel_poly1305(void);

#endif
