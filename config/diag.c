#include "config/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	free(d->is_warning);
	diag_init(d);
}

static void add(struct diag *d, bool warning, const char *file, unsigned line,
		const char *fmt, va_list ap)
{
	char text[1024], prefix[512] = "";
	char *msg;
	size_t len;

	if (warning)
		d->warnings++;
	else
		d->errors++;
	if (d->n >= DIAG_MAX_KEPT)
		return;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		char **m = realloc(d->msgs, cap * sizeof(*m));
		if (!m)
			return;
		d->msgs = m;
		bool *w = realloc(d->is_warning, cap * sizeof(*w));
		if (!w)
			return;
		d->is_warning = w;
		d->cap = cap;
	}
	vsnprintf(text, sizeof(text), fmt, ap);
	if (file && line)
		snprintf(prefix, sizeof(prefix), "%s:%u: ", file, line);
	else if (file)
		snprintf(prefix, sizeof(prefix), "%s: ", file);
	len = strlen(prefix) + strlen(text) + sizeof("warning: ");
	msg = malloc(len);
	if (!msg)
		return;
	snprintf(msg, len, "%s%s%s", prefix, warning ? "warning: " : "", text);
	d->msgs[d->n] = msg;
	d->is_warning[d->n] = warning;
	d->n++;
}

void diag_error(struct diag *d, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, false, file, line, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, true, file, line, fmt, ap);
	va_end(ap);
}

void diag_print(const struct diag *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(out, "%s\n", d->msgs[i]);
	if (d->errors + d->warnings > d->n)
		fprintf(out, "(%zu more messages not shown)\n",
			(size_t)(d->errors + d->warnings) - d->n);
}
