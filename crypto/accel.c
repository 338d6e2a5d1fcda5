#include "crypto/accel.h"

#include <cpuid.h>
#include <stdbool.h>

/* What the CPU can do, read once before main() and only read afterwards: CPUID
 * traps to the hypervisor (4 us here), too slow for every message. This is
 * what __builtin_cpu_supports() does too, minus the 5 KiB of libgcc that
 * decodes every feature of every CPU. */
static struct {
	bool aesni;  /* BearSSL's x86ni code also uses SSE4.1 (aes_x86ni.c checks both) */
	bool pclmul;
	bool sha;    /* with SSSE3 and SSE4.1, which sha256_ni.c also uses */
} cpu;

__attribute__((constructor)) static void cpu_probe(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return;
	cpu.aesni = (c & bit_AES) && (c & bit_SSE4_1);
	cpu.pclmul = (c & bit_PCLMUL) != 0;
	cpu.sha = (c & bit_SSSE3) && (c & bit_SSE4_1) && __get_cpuid_count(7, 0, &a, &b, &c, &d) &&
		  (b & bit_SHA);
}

static bool have_aesni(void)
{
	return cpu.aesni;
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

const br_hash_class *accel_sha256(void)
{
	return cpu.sha ? &sha256_ni_vtable : &br_sha256_vtable;
}

br_ghash accel_ghash(void)
{
	return cpu.pclmul ? &br_ghash_pclmul : &br_ghash_ctmul64;
}

/* The product is x86-64, where SSE2 is part of the ABI and 64x64-bit multiplies
 * are native: BearSSL's *_get() for these only ever return these two, so the
 * portable fallbacks would be dead weight in the binary. */
br_chacha20_run accel_chacha20(void)
{
	return &br_chacha20_sse2_run;
}

br_poly1305_run accel_poly1305(void)
{
	return &br_poly1305_ctmulq_run;
}
