#include "crypto/accel.h"

#include <stdbool.h>

/* BearSSL's x86ni code also uses SSE4.1 (aes_x86ni.c checks both bits). */
static bool have_aesni(void)
{
	return __builtin_cpu_supports("aes") && __builtin_cpu_supports("sse4.1");
}

const br_block_cbcenc_class *accel_aes_cbcenc(void)
{
	return have_aesni() ? &br_aes_x86ni_cbcenc_vtable : &br_aes_ct64_cbcenc_vtable;
}

const br_block_cbcdec_class *accel_aes_cbcdec(void)
{
	return have_aesni() ? &br_aes_x86ni_cbcdec_vtable : &br_aes_ct64_cbcdec_vtable;
}

const br_block_ctr_class *accel_aes_ctr(void)
{
	return have_aesni() ? &br_aes_x86ni_ctr_vtable : &br_aes_ct64_ctr_vtable;
}

br_ghash accel_ghash(void)
{
	return __builtin_cpu_supports("pclmul") ? &br_ghash_pclmul : &br_ghash_ctmul64;
}

/* On x86-64 these two decide at compile time, without CPUID. */
br_chacha20_run accel_chacha20(void)
{
	br_chacha20_run f = br_chacha20_sse2_get();
	return f ? f : &br_chacha20_ct_run;
}

br_poly1305_run accel_poly1305(void)
{
	br_poly1305_run f = br_poly1305_ctmulq_get();
	return f ? f : &br_poly1305_ctmul_run;
}
