#include "config/pathglob.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* "[:name:]" starting at p: the ':' of its closing ":]", or NULL. */
static const char *class_end(const char *p)
{
	for (p += 2; *p; p++)
		if (p[0] == ':' && p[1] == ']')
			return p;
	return NULL;
}

/* The ']' closing the bracket expression that starts at p, or NULL when there
 * is none and '[' is an ordinary character. A ']' right after '[' or '[!' is a
 * member, not the end. */
static const char *bracket_end(const char *p)
{
	const char *q = p + 1;

	if (*q == '!' || *q == '^')
		q++;
	if (*q == ']')
		q++;
	for (; *q && *q != ']'; q++) {
		if (q[0] == '[' && q[1] == ':') {
			if (!(q = class_end(q)))
				return NULL;
			q++;
		} else if (q[0] == '\\' && q[1]) {
			q++;
		}
	}
	return *q == ']' ? q : NULL;
}

static bool in_class(const char *name, size_t len, unsigned char c)
{
	static const struct {
		char name[7];
		int (*is)(int);
	} classes[] = {
		{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
		{ "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
		{ "lower", islower }, { "print", isprint }, { "punct", ispunct },
		{ "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
	};

	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strlen(classes[i].name) == len && memcmp(classes[i].name, name, len) == 0)
			return classes[i].is(c) != 0;
	return false;
}

/* Is c a member of the bracket expression from p ('[') to end (']')? */
static bool bracket_has(const char *p, const char *end, unsigned char c)
{
	bool neg = false, hit = false;

	p++;
	if (*p == '!' || *p == '^') {
		neg = true;
		p++;
	}
	while (p < end) {
		unsigned char lo, hi;

		if (p[0] == '[' && p[1] == ':') {
			const char *e = class_end(p);
			hit |= in_class(p + 2, (size_t)(e - p - 2), c);
			p = e + 2;
			continue;
		}
		if (*p == '\\' && p + 1 < end)
			p++;
		lo = (unsigned char)*p++;
		hi = lo;
		if (*p == '-' && p + 1 < end) { /* a range; a '-' last is itself */
			p++;
			if (*p == '\\' && p + 1 < end)
				p++;
			hi = (unsigned char)*p++;
		}
		hit |= lo <= c && c <= hi;
	}
	return hit != neg;
}

/* Matches the pattern element at *pp (not '*', not the end) against c and steps
 * past it. */
static bool match_one(const char **pp, unsigned char c)
{
	const char *p = *pp, *end;

	if (*p == '?') {
		*pp = p + 1;
		return true;
	}
	if (*p == '[' && (end = bracket_end(p)) != NULL) {
		*pp = end + 1;
		return bracket_has(p, end, c);
	}
	if (*p == '\\' && p[1])
		p++;
	*pp = p + 1;
	return (unsigned char)*p == c;
}

bool path_match(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	if (*s == '.' && *p != '.' && !(p[0] == '\\' && p[1] == '.'))
		return false;
	while (*s) {
		const char *q = p;
		if (*p == '*') {
			while (*p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		}
		if (*q && match_one(&q, (unsigned char)*s)) {
			p = q;
			s++;
			continue;
		}
		if (!star_p)
			return false;
		/* Let the last '*' take one more character and try again. */
		p = star_p;
		s = ++star_s;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

static bool has_magic(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\\' && i + 1 < len)
			i++;
		else if (p[i] == '*' || p[i] == '?' || p[i] == '[')
			return true;
	}
	return false;
}

struct globber {
	struct path_list *out;
	size_t cap;
	bool oom;
	char path[PATH_MAX];
};

static void add(struct globber *g, size_t len)
{
	char *copy;

	if (g->out->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 8;
		char **v = realloc(g->out->v, cap * sizeof(*v));
		if (!v) {
			g->oom = true;
			return;
		}
		g->out->v = v;
		g->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy) {
		g->oom = true;
		return;
	}
	memcpy(copy, g->path, len);
	copy[len] = '\0';
	g->out->v[g->out->n++] = copy;
}

/* g->path holds len bytes already expanded; pat is the rest of the pattern. */
static void expand(struct globber *g, size_t len, const char *pat)
{
	const char *next;
	size_t clen;
	char *comp;
	DIR *d;
	struct dirent *e;
	struct stat st;

	while (*pat == '/') {
		if (len + 1 >= sizeof(g->path))
			return;
		g->path[len++] = *pat++;
	}
	if (!*pat) {
		g->path[len] = '\0';
		if (len && lstat(g->path, &st) == 0)
			add(g, len);
		return;
	}
	next = strchr(pat, '/');
	clen = next ? (size_t)(next - pat) : strlen(pat);
	if (!has_magic(pat, clen)) {
		for (size_t i = 0; i < clen; i++) {
			if (pat[i] == '\\' && i + 1 < clen)
				i++;
			if (len + 1 >= sizeof(g->path))
				return;
			g->path[len++] = pat[i];
		}
		expand(g, len, pat + clen);
		return;
	}
	comp = malloc(clen + 1);
	if (!comp) {
		g->oom = true;
		return;
	}
	memcpy(comp, pat, clen);
	comp[clen] = '\0';
	g->path[len] = '\0';
	d = opendir(len ? g->path : ".");
	while (d && !g->oom && (e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name);
		if (len + nl >= sizeof(g->path) || !path_match(comp, e->d_name))
			continue;
		memcpy(g->path + len, e->d_name, nl);
		expand(g, len + nl, pat + clen);
	}
	if (d)
		closedir(d);
	free(comp);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int path_glob(const char *pattern, struct path_list *out)
{
	struct globber *g = calloc(1, sizeof(*g));

	*out = (struct path_list){ 0 };
	if (!g)
		return -ENOMEM;
	g->out = out;
	expand(g, 0, pattern);
	if (g->oom) {
		free(g);
		path_list_free(out);
		return -ENOMEM;
	}
	free(g);
	if (!out->n)
		return -ENOENT;
	qsort(out->v, out->n, sizeof(out->v[0]), by_name);
	return 0;
}

void path_list_free(struct path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct path_list){ 0 };
}
