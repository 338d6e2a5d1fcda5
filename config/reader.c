/* Reading ipsec.conf: lines, sections, include. The syntax is Libreswan's
 * (lib/libipsecconf/parser.lex and parser.y in 4.x, read for behaviour):
 * sections start at column 0, their lines are indented, '#' starts a comment
 * at the start of a line or after a value, values are bare words, "quoted"
 * or {braced}, and an x- key takes the rest of its line. */
#include "config/parse.h"
#include "config/pathglob.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct file_id {
	dev_t dev;
	ino_t ino;
};

struct reader {
	struct parsed *p;
	struct diag *d;
	struct file_id stack[CONF_MAX_INCLUDE_DEPTH + 1];
	unsigned depth;
	bool oom;
};

/* What the current line belongs to. */
struct cursor {
	enum { IN_NOTHING, IN_SETUP, IN_CONN } where;
	struct section *sec;
};

uint64_t conf_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	return h;
}

char *conf_printable(char *buf, size_t len, const char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 5 < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (o >= 80) {
			o += (size_t)snprintf(buf + o, len - o, "...");
			break;
		}
		if (c >= 0x20 && c < 0x7f)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
	}
	buf[o < len ? o : len - 1] = '\0';
	return buf;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool add_to_hash(struct parsed *p, struct section *s)
{
	if (p->n_conns * 4 >= p->hsize * 3) {
		size_t size = p->hsize ? p->hsize * 2 : 64;
		struct section **t = calloc(size, sizeof(*t));
		if (!t)
			return false;
		for (size_t i = 0; i < p->hsize; i++)
			for (struct section *x = p->htab[i], *next; x; x = next) {
				next = x->hnext;
				size_t b = conf_hash(x->name) & (size - 1);
				x->hnext = t[b];
				t[b] = x;
			}
		free(p->htab);
		p->htab = t;
		p->hsize = size;
	}
	size_t b = conf_hash(s->name) & (p->hsize - 1);
	s->hnext = p->htab[b];
	p->htab[b] = s;
	p->n_conns++;
	return true;
}

struct section *conf_find_section(const struct parsed *p, const char *name)
{
	if (!p->hsize)
		return NULL;
	for (struct section *s = p->htab[conf_hash(name) & (p->hsize - 1)]; s; s = s->hnext)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/* Reads one token at *pp: "quoted" or a bare word. Returns its length, sets
 * *start; -1 for an unterminated quote. */
static long token(const char **pp, const char **start)
{
	const char *s = *pp;

	if (*s == '"') {
		const char *q = strchr(s + 1, '"');
		if (!q)
			return -1;
		*start = s + 1;
		*pp = q + 1;
		return q - (s + 1);
	}
	*start = s;
	while (*s && !blank(*s) && *s != '"')
		s++;
	*pp = s;
	return s - *start;
}

/* Only blanks or a comment may follow. */
static bool rest_is_empty(const char *s)
{
	while (blank(*s))
		s++;
	return *s == '\0' || *s == '#';
}

static void read_file(struct reader *r, const char *path, const char *from_file,
		      unsigned from_line, struct cursor *cur);

static bool has_glob_chars(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static void include(struct reader *r, const char *file, unsigned line, const char *pattern,
		    struct cursor *cur)
{
	char path[4096];
	struct path_list g;
	int rc;

#ifdef IPSEC_FUZZING
	/* a fuzzer must not glob the whole file system */
	if (pattern[0] == '/' || strstr(pattern, "..")) {
		diag_error(r->d, file, line, "include paths outside the directory are off in fuzzing builds");
		return;
	}
#endif
	if (pattern[0] == '/') {
		snprintf(path, sizeof(path), "%s", pattern);
	} else {
		/* relative to the directory of the including file */
		const char *slash = strrchr(file, '/');
		int dirlen = slash ? (int)(slash - file + 1) : 0;
		if ((size_t)snprintf(path, sizeof(path), "%.*s%s", dirlen, file, pattern) >= sizeof(path)) {
			diag_error(r->d, file, line, "include path too long");
			return;
		}
	}
	if (r->depth >= CONF_MAX_INCLUDE_DEPTH) {
		diag_error(r->d, file, line,
			   "include '%s': nesting too deep (more than %d levels)", pattern,
			   CONF_MAX_INCLUDE_DEPTH);
		return;
	}
	rc = path_glob(path, &g);
	if (rc == -ENOENT) {
		/* Like Libreswan: an unmatched wildcard is fine, a missing file is
		 * not, except the RHEL crypto-policies back-end (warned about). */
		if (has_glob_chars(path))
			;
		else if (strstr(path, "crypto-policies/back-ends/libreswan.config"))
			diag_warning(r->d, file, line,
				     "ignored loading default system-wide crypto-policies file '%s': %s",
				     path, strerror(ENOENT));
		else
			diag_error(r->d, file, line, "cannot open include file '%s': %s", path,
				   strerror(ENOENT));
	} else if (rc < 0) {
		r->oom = true;
	} else {
		for (size_t i = 0; i < g.n && !r->oom; i++) {
			struct cursor inner = { IN_NOTHING, NULL };
			read_file(r, g.v[i], file, line, &inner);
		}
	}
	path_list_free(&g);
	/* an include ends the section it follows (Libreswan's grammar) */
	cur->where = IN_NOTHING;
	cur->sec = NULL;
}

static bool is_comment_key(const char *k, size_t n)
{
	return n >= 2 && (k[0] == 'x' || k[0] == 'X') && (k[1] == '-' || k[1] == '_');
}

static bool needs_value(uint8_t type)
{
	switch (type) {
	case KT_BOOL: case KT_NUMBER: case KT_TIME: case KT_TIME_MS: case KT_PERCENT:
	case KT_BINARY: case KT_BYTES:
		return true;
	default:
		return false;
	}
}

static void add_kv(struct reader *r, struct cursor *cur, struct kv *kv)
{
	if (cur->where == IN_SETUP) {
		*r->p->setup_tail = kv;
		r->p->setup_tail = &kv->next;
	} else {
		*cur->sec->tail = kv;
		cur->sec->tail = &kv->next;
	}
}

/* An indented "key = value" line. */
static void statement(struct reader *r, const char *file, unsigned line, const char *s,
		      struct cursor *cur)
{
	char pk[128], pv[128];
	const char *key, *value;
	size_t klen, vlen;
	int side = 0, id;

	while (blank(*s))
		s++;
	key = s;
	while (*s && !blank(*s) && *s != '=' && *s != '"')
		s++;
	klen = (size_t)(s - key);
	if (cur->where == IN_NOTHING) {
		diag_error(r->d, file, line,
			   "indented line outside any section (start sections with 'conn NAME' or 'config setup' at column 0)");
		return;
	}
	if (klen == 0) {
		diag_error(r->d, file, line, "expected keyword=value");
		return;
	}
	while (blank(*s))
		s++;
	if (*s != '=') {
		diag_error(r->d, file, line, "expected '=' after '%s'",
			   conf_printable(pk, sizeof(pk), key, klen));
		return;
	}
	s++;
	while (blank(*s))
		s++;

	id = kw_lookup(&r->p->ix, key, klen, &side);
	if (id < 0 && is_comment_key(key, klen)) {
		struct kv *kv = arena_alloc(&r->p->arena, sizeof(*kv));
		size_t n = strlen(s);
		while (n && blank(s[n - 1]))
			n--;
		if (!kv || !(kv->xname = arena_strndup(&r->p->arena, key, klen)) ||
		    !(kv->value = arena_strndup(&r->p->arena, s, n))) {
			r->oom = true;
			return;
		}
		kv->kw = KW_XCOMMENT;
		kv->file = file;
		kv->line = line;
		add_kv(r, cur, kv);
		return;
	}
	conf_printable(pk, sizeof(pk), key, klen);
	if (id == -2) {
		diag_error(r->d, file, line,
			   "keyword '%s' needs a left or right prefix (left%s=, right%s=)", pk, pk, pk);
		return;
	}
	if (id < 0) {
		diag_error(r->d, file, line, "unknown keyword '%s'", pk);
		return;
	}
	const struct kwdef *k = &kw_table[id];

	/* the value */
	if (*s == '"' || *s == '{') {
		char close = *s == '"' ? '"' : '}';
		const char *end = strchr(s + 1, close);
		if (!end || (close == '}' && memchr(s + 1, '"', (size_t)(end - s - 1)))) {
			diag_error(r->d, file, line, close == '"' ? "unterminated quoted value for '%s'"
								   : "unterminated '{' list for '%s'", pk);
			return;
		}
		value = s + 1;
		vlen = (size_t)(end - value);
		s = end + 1;
	} else if (*s == '#') {
		value = s;
		vlen = 0;
		s += strlen(s);
	} else {
		value = s;
		while (*s && !blank(*s) && *s != '"')
			s++;
		vlen = (size_t)(s - value);
	}
	if (!rest_is_empty(s)) {
		const char *extra = s + strspn(s, " \t");
		diag_error(r->d, file, line,
			   "unexpected '%s' after the value of '%s' (quote values that contain spaces)",
			   conf_printable(pv, sizeof(pv), extra, strlen(extra)), pk);
		return;
	}
	for (size_t i = 0; i < vlen; i++)
		if ((unsigned char)value[i] < 0x20 && value[i] != '\t') {
			diag_error(r->d, file, line, "control character in the value of '%s'", pk);
			return;
		}

	if (cur->where == IN_SETUP && !(k->flags & KWF_SETUP)) {
		diag_error(r->d, file, line, "keyword '%s' is not valid in config setup", pk);
		return;
	}
	if (cur->where == IN_CONN && !(k->flags & KWF_CONN)) {
		diag_error(r->d, file, line, "keyword '%s' is not valid in a conn (only in config setup)", pk);
		return;
	}
	if (k->flags & KWF_OPTARG) {
		diag_error(r->d, file, line,
			   "'%s' is a command line option (--%s), not an ipsec.conf keyword", pk,
			   k->name);
		return;
	}
	if (k->type == KT_OBSOLETE) {
		if (id == KW_ALSOFLIP)
			diag_warning(r->d, file, line,
				     "alsoflip= is not supported and is ignored (as in Libreswan 4)");
		else
			diag_warning(r->d, file, line, "ignored obsolete keyword '%s'", pk);
		return;
	}
	if (id == KW_ALSO && cur->sec->is_default) {
		diag_error(r->d, file, line, "also= is not valid in conn %%default");
		return;
	}
	if (vlen == 0) {
		if (needs_value(k->type))
			diag_error(r->d, file, line, "missing value for '%s'", pk);
		/* otherwise Libreswan ignores "key=" */
		return;
	}

	struct kv *kv = arena_alloc(&r->p->arena, sizeof(*kv));
	if (!kv || !(kv->value = arena_strndup(&r->p->arena, value, vlen))) {
		r->oom = true;
		return;
	}
	kv->kw = (uint16_t)id;
	kv->side = (uint8_t)side;
	kv->file = file;
	kv->line = line;
	add_kv(r, cur, kv);
}

/* A column-0 line: version, config setup, conn NAME, include FILE. */
static void directive(struct reader *r, const char *file, unsigned line, const char *s,
		      struct cursor *cur)
{
	char pw[128];
	const char *word = s, *arg;
	size_t wlen;
	long alen;

	while (*s && !blank(*s))
		s++;
	wlen = (size_t)(s - word);
	while (blank(*s))
		s++;

	if (wlen == 7 && memcmp(word, "version", 7) == 0) {
		alen = token(&s, &arg);
		if (alen <= 0 || !rest_is_empty(s))
			diag_error(r->d, file, line, "expected 'version 2'");
		else if (r->p->sections || r->p->setup)
			diag_error(r->d, file, line, "'version' must come before any section");
		cur->where = IN_NOTHING;
		return;
	}
	if (wlen == 6 && memcmp(word, "config", 6) == 0) {
		alen = token(&s, &arg);
		if (alen != 5 || memcmp(arg, "setup", 5) != 0 || !rest_is_empty(s)) {
			diag_error(r->d, file, line, "expected 'config setup'");
			cur->where = IN_NOTHING;
			return;
		}
		cur->where = IN_SETUP;
		cur->sec = NULL;
		return;
	}
	if (wlen == 4 && memcmp(word, "conn", 4) == 0) {
		alen = token(&s, &arg);
		cur->where = IN_NOTHING;
		if (alen < 0) {
			diag_error(r->d, file, line, "unterminated quoted conn name");
			return;
		}
		if (alen == 0 || !rest_is_empty(s)) {
			diag_error(r->d, file, line,
				   alen == 0 ? "conn without a name" : "unexpected text after the conn name");
			return;
		}
		for (long i = 0; i < alen; i++)
			if ((unsigned char)arg[i] < 0x20 || arg[i] == 0x7f) {
				diag_error(r->d, file, line, "control character in the conn name");
				return;
			}
		struct section *sec = arena_alloc(&r->p->arena, sizeof(*sec));
		if (!sec || !(sec->name = arena_strndup(&r->p->arena, arg, (size_t)alen))) {
			r->oom = true;
			return;
		}
		sec->file = file;
		sec->line = line;
		sec->tail = &sec->kvs;
		sec->is_default = strcmp(sec->name, "%default") == 0;
		if (!sec->is_default) {
			struct section *old = conf_find_section(r->p, sec->name);
			if (old) {
				diag_error(r->d, file, line, "duplicate conn '%s' (first defined at %s:%u)",
					   sec->name, old->file, old->line);
				/* keep reading its lines into a section nobody uses */
				cur->where = IN_CONN;
				cur->sec = sec;
				return;
			}
			if (!add_to_hash(r->p, sec)) {
				r->oom = true;
				return;
			}
		}
		*r->p->sections_tail = sec;
		r->p->sections_tail = &sec->next;
		r->p->n_sections++;
		cur->where = IN_CONN;
		cur->sec = sec;
		return;
	}
	if (wlen == 7 && memcmp(word, "include", 7) == 0) {
		char *pattern;
		alen = token(&s, &arg);
		if (alen <= 0 || !rest_is_empty(s)) {
			diag_error(r->d, file, line, alen < 0 ? "unterminated quoted include file name"
							      : "expected 'include FILE'");
			return;
		}
		pattern = arena_strndup(&r->p->arena, arg, (size_t)alen);
		if (!pattern) {
			r->oom = true;
			return;
		}
		include(r, file, line, pattern, cur);
		return;
	}
	/* the section goes on: one bad line should not cascade */
	if (memchr(word, '=', wlen))
		diag_error(r->d, file, line,
			   "'%s' is outside any section: lines inside a section must be indented",
			   conf_printable(pw, sizeof(pw), word, wlen));
	else
		diag_error(r->d, file, line,
			   "unexpected '%s' at the start of a line (expected conn, config setup, include or version)",
			   conf_printable(pw, sizeof(pw), word, wlen));
}

static char *slurp(struct reader *r, int fd, const char *file, const char *from_file,
		   unsigned from_line, size_t *len)
{
	struct stat st;
	char *buf;
	size_t n = 0;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_error(r->d, from_file ? from_file : file, from_line,
			   "'%s' is not a regular file", file);
		return NULL;
	}
	if ((uint64_t)st.st_size > CONF_MAX_FILE_BYTES) {
		diag_error(r->d, file, 0, "file too large (%lld bytes, at most %u)",
			   (long long)st.st_size, CONF_MAX_FILE_BYTES);
		return NULL;
	}
	for (unsigned i = 0; i < r->depth; i++)
		if (r->stack[i].dev == st.st_dev && r->stack[i].ino == st.st_ino) {
			diag_error(r->d, from_file, from_line,
				   "include loop: '%s' is already being read", file);
			return NULL;
		}
	r->stack[r->depth].dev = st.st_dev;
	r->stack[r->depth].ino = st.st_ino;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		r->oom = true;
		return NULL;
	}
	while (n < (size_t)st.st_size) {
		ssize_t got = read(fd, buf + n, (size_t)st.st_size - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void read_file(struct reader *r, const char *path, const char *from_file,
		      unsigned from_line, struct cursor *cur)
{
	const char *file;
	char *buf;
	size_t len, pos = 0;
	unsigned line = 0;
	int fd;

	if (++r->p->files_opened > CONF_MAX_FILES) {
		if (r->p->files_opened == CONF_MAX_FILES + 1)
			diag_error(r->d, from_file, from_line,
				   "too many files included (more than %d)", CONF_MAX_FILES);
		return;
	}
	file = arena_strdup(&r->p->arena, path);
	if (!file) {
		r->oom = true;
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (from_file)
			diag_error(r->d, from_file, from_line, "cannot open include file '%s': %s",
				   path, strerror(errno));
		else
			diag_error(r->d, path, 0, "cannot open: %s", strerror(errno));
		return;
	}
	buf = slurp(r, fd, file, from_file, from_line, &len);
	close(fd);
	if (!buf)
		return;
	if (!from_file)
		r->p->main_read = true;
	r->depth++;
	while (pos < len && !r->oom) {
		char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		char *s = buf + pos;
		size_t n = end - pos;

		line++;
		pos = end + 1;
		if (memchr(s, '\0', n)) {
			diag_error(r->d, file, line, "NUL byte in line");
			continue;
		}
		if (n >= CONF_MAX_LINE) {
			diag_error(r->d, file, line, "line too long (%zu bytes, at most %d)", n,
				   CONF_MAX_LINE - 1);
			continue;
		}
		s[n] = '\0';
		if (n && s[n - 1] == '\r')
			s[--n] = '\0';
		size_t lead = strspn(s, " \t");
		if (s[lead] == '\0' || s[lead] == '#')
			continue;
		if (lead)
			statement(r, file, line, s, cur);
		else
			directive(r, file, line, s, cur);
	}
	r->depth--;
	free(buf);
}

int conf_read(struct parsed *p, const char *path, struct diag *d)
{
	struct reader r = { .p = p, .d = d };
	struct cursor cur = { IN_NOTHING, NULL };

	memset(p, 0, sizeof(*p));
	kw_index_init(&p->ix);
	p->setup_tail = &p->setup;
	p->sections_tail = &p->sections;
	read_file(&r, path, NULL, 0, &cur);
	return r.oom ? -ENOMEM : 0;
}

void conf_parsed_free(struct parsed *p)
{
	free(p->htab);
	arena_free(&p->arena);
	memset(p, 0, sizeof(*p));
}
