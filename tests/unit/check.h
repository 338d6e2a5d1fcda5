/* A tiny test framework: every check prints "ok - what" or "not ok - what",
 * and check_done() prints "N passed, N failed" and returns the exit status. */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H
#include <stddef.h>
#include <stdint.h>

void check_true(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Compares two byte strings; on mismatch prints both in hex. */
void check_bytes(const void *got, size_t got_len, const void *want, size_t want_len,
		 const char *file, int line, const char *what);
void check_str(const char *got, const char *want, const char *file, int line,
	       const char *what);
int check_done(void);

/* Decodes hex (whitespace ignored) into a freshly malloc'ed buffer; aborts on bad hex. */
uint8_t *check_unhex(const char *hex, size_t *len);

#define CHECK(cond, ...) check_true(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_BYTES(got, glen, want, wlen, what) \
	check_bytes((got), (glen), (want), (wlen), __FILE__, __LINE__, (what))
#define CHECK_STR(got, want, what) check_str((got), (want), __FILE__, __LINE__, (what))

#endif
