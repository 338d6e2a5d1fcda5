/* ipsec pluto --selftest: the FIPS status lines, the algorithm tables in
 * Libreswan's layout, and known-answer tests of the primitives in use. */
#ifndef CORE_SELFTEST_H
#define CORE_SELFTEST_H

/* Prints everything to stderr (as Libreswan does); returns the exit status. */
int pluto_selftest(void);
/* 1 when the kernel runs in FIPS mode (/proc/sys/crypto/fips_enabled). */
int fips_kernel_enabled(void);

#endif
