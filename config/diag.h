/* Diagnostics from the configuration and secrets readers: each message is
 * "FILE:LINE: message" (errors) or "FILE:LINE: warning: message". */
#ifndef CONFIG_DIAG_H
#define CONFIG_DIAG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* At most this many messages are kept (garbage input can produce millions);
 * the counts stay exact. */
#define DIAG_MAX_KEPT 200

struct diag {
	unsigned errors, warnings;
	size_t n, cap;
	char **msgs;
	bool *is_warning;
};

void diag_init(struct diag *d);
void diag_free(struct diag *d);
/* file may be NULL (no "FILE:LINE: " prefix); line 0 means "FILE: ". */
void diag_error(struct diag *d, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warning(struct diag *d, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Every kept message, one per line, then a note when some were dropped. */
void diag_print(const struct diag *d, FILE *out);

#endif
