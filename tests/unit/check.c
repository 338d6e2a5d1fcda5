#include "tests/unit/check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned passed, failed;

void check_true(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	printf(cond ? "ok - " : "not ok - ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!cond)
		printf(" (%s:%d)", file, line);
	printf("\n");
	if (cond)
		passed++;
	else
		failed++;
}

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
	printf("#   %s (%zu):", label, n);
	for (size_t i = 0; i < n; i++)
		printf("%s%02x", i % 32 ? "" : "\n#     ", p[i]);
	printf("\n");
}

void check_bytes(const void *got, size_t got_len, const void *want, size_t want_len,
		 const char *file, int line, const char *what)
{
	int same = got_len == want_len && (want_len == 0 || memcmp(got, want, want_len) == 0);
	check_true(same, file, line, "%s", what);
	if (!same) {
		print_hex("got", got, got_len);
		print_hex("want", want, want_len);
	}
}

void check_str(const char *got, const char *want, const char *file, int line,
	       const char *what)
{
	int same = got && want && strcmp(got, want) == 0;
	check_true(same, file, line, "%s", what);
	if (!same)
		printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)", want ? want : "(null)");
}

int check_done(void)
{
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

uint8_t *check_unhex(const char *hex, size_t *len)
{
	size_t cap = strlen(hex) / 2 + 1, n = 0;
	uint8_t *out = malloc(cap);
	int hi = -1;
	if (!out)
		abort();
	for (const char *p = hex; *p; p++) {
		int v;
		if (isspace((unsigned char)*p))
			continue;
		if (*p >= '0' && *p <= '9')
			v = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			v = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			v = *p - 'A' + 10;
		else
			abort();
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		abort();
	*len = n;
	return out;
}
