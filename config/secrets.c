/* ipsec.secrets reader and lookups (Libreswan 4.x lib/libswan/secrets.c and
 * lex.c, read for behaviour). */
#include "config/secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/arena.h"
#include "config/encoding.h"
#include "config/id.h"
#include "config/pathglob.h"

#define SECRETS_MAX_DEPTH 10
#define SECRETS_MAX_FILE (16u << 20)
#define SECRETS_MAX_LINE 65536
#define SECRETS_MAX_FILES 1000

struct secrets {
	struct arena arena;
	struct secret *v;
	size_t n, cap;
};

struct token {
	const char *s;
	size_t n;
	bool quoted;
	unsigned line;
};

struct loader {
	struct secrets *out;
	struct diag *d;
	unsigned depth, files;
	struct {
		dev_t dev;
		ino_t ino;
	} stack[SECRETS_MAX_DEPTH + 1]; /* the files being read, for include loops */
	struct token *tok;
	size_t ntok, cap;
	bool broken; /* the record being read had a lexical error */
	bool oom;
};

static void load_pattern(struct loader *l, const char *pattern, const char *from_file,
			 unsigned from_line);

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool push_token(struct loader *l, const char *s, size_t n, bool quoted, unsigned line)
{
	if (l->ntok == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct token *t = realloc(l->tok, cap * sizeof(*t));
		if (!t) {
			l->oom = true;
			return false;
		}
		l->tok = t;
		l->cap = cap;
	}
	l->tok[l->ntok++] = (struct token){ s, n, quoted, line };
	return true;
}

/* Splits one line into tokens (Libreswan's lex.c shift()). */
static bool tokenize(struct loader *l, const char *file, unsigned line, const char *s, size_t n)
{
	size_t i = 0;

	while (n && blank(s[n - 1]))
		n--;
	while (i < n) {
		if (blank(s[i])) {
			i++;
			continue;
		}
		if (s[i] == '#')
			return true;
		if (s[i] == '"' || s[i] == '\'' || s[i] == '`') {
			const char *q = memchr(s + i + 1, s[i], n - i - 1);
			if (!q) {
				diag_error(l->d, file, line, "unterminated string");
				return false;
			}
			if (!push_token(l, s + i + 1, (size_t)(q - (s + i + 1)), true, line))
				return false;
			i = (size_t)(q - s) + 1;
			continue;
		}
		size_t start = i;
		if (s[i] == '0' && i + 1 < n && s[i + 1] == 't') {
			/* 0t... runs to the end of the line */
			i = n;
		} else {
			while (i < n && !blank(s[i]))
				i++;
		}
		size_t len = i - start;
		if (len > 1 && s[start + len - 1] == ':' && !(s[start] == '0' && s[start + 1] == 't')) {
			if (!push_token(l, s + start, len - 1, false, line) ||
			    !push_token(l, ":", 1, false, line))
				return false;
		} else if (!push_token(l, s + start, len, false, line)) {
			return false;
		}
	}
	return true;
}

static bool tok_is(const struct token *t, const char *word)
{
	return !t->quoted && strlen(word) == t->n && strncasecmp(t->s, word, t->n) == 0;
}

static char *tok_dup(struct arena *a, const struct token *t)
{
	return arena_strndup(a, t->s, t->n);
}

/* A secret value: "quoted" bytes, or 0x / 0s / 0t data. */
static bool secret_value(struct loader *l, const char *file, const struct token *t,
			 const char *what, const uint8_t **out, size_t *len)
{
	uint8_t *buf;
	size_t n;
	const char *why;

	if (t->quoted) {
		buf = arena_alloc(&l->out->arena, t->n + 1);
		if (!buf) {
			l->oom = true;
			return false;
		}
		memcpy(buf, t->s, t->n);
		*out = buf;
		*len = t->n;
		return true;
	}
	if (data_decode(t->s, t->n, DATA_AUTO, NULL, 0, &n, &why)) {
		diag_error(l->d, file, t->line, "%s data malformed (%s)", what, why);
		return false;
	}
	buf = arena_alloc(&l->out->arena, n);
	if (!buf) {
		l->oom = true;
		return false;
	}
	data_decode(t->s, t->n, DATA_AUTO, buf, n, &n, &why);
	*out = buf;
	*len = n;
	return true;
}

static bool add_secret(struct loader *l, const struct secret *s)
{
	struct secrets *out = l->out;

	if (out->n == out->cap) {
		size_t cap = out->cap ? 2 * out->cap : 16;
		struct secret *v = realloc(out->v, cap * sizeof(*v));
		if (!v) {
			l->oom = true;
			return false;
		}
		out->v = v;
		out->cap = cap;
	}
	out->v[out->n++] = *s;
	return true;
}

static void include(struct loader *l, const char *file, const struct token *t, size_t ntok)
{
	char path[4096], *pattern;

	if (ntok != 2) {
		diag_error(l->d, file, t[0].line,
			   ntok < 2 ? "unexpected end of include directive"
				    : "ignoring malformed include: expected a record boundary after the file name");
		return;
	}
	pattern = tok_dup(&l->out->arena, &t[1]);
	if (!pattern) {
		l->oom = true;
		return;
	}
#ifdef IPSEC_FUZZING
	/* a fuzzer must not glob the whole file system */
	if (pattern[0] == '/' || strstr(pattern, "..")) {
		diag_error(l->d, file, t[0].line, "include paths outside the directory are off in fuzzing builds");
		return;
	}
#endif
	if (pattern[0] != '/') {
		const char *slash = strrchr(file, '/');
		int dirlen = slash ? (int)(slash - file + 1) : 0;
		if ((size_t)snprintf(path, sizeof(path), "%.*s%s", dirlen, file, pattern) >= sizeof(path)) {
			diag_error(l->d, file, t[0].line, "include pathname too long");
			return;
		}
		pattern = path;
	}
	load_pattern(l, pattern, file, t[0].line);
}

/* One record: "ids : KIND value [more]" or "include FILE". */
static void record(struct loader *l, const char *file)
{
	const struct token *t = l->tok;
	size_t n = l->ntok, i = 0;
	struct secret s = { .file = file, .line = t[0].line };
	struct conn_id *ids;
	const char *why;

	if (tok_is(&t[0], "include")) {
		include(l, file, t, n);
		return;
	}
	ids = arena_alloc(&l->out->arena, n * sizeof(*ids));
	if (!ids) {
		l->oom = true;
		return;
	}
	for (; i < n && !tok_is(&t[i], ":"); i++) {
		char *text = tok_dup(&l->out->arena, &t[i]);
		struct conn_id *id = &ids[s.n_ids];
		if (!text) {
			l->oom = true;
			return;
		}
		if (strcmp(text, "%any6") == 0) {
			*id = (struct conn_id){ ID_ANY, text, NULL, 0 };
		} else {
			int r = id_parse(text, id, &l->out->arena, &why);
			if (r == -ENOMEM) {
				l->oom = true;
				return;
			}
			if (r) {
				diag_error(l->d, file, t[i].line, "index \"%s\" %s", text, why);
				continue;
			}
		}
		s.n_ids++;
	}
	s.ids = ids;
	if (i == n) {
		diag_error(l->d, file, t[n - 1].line, "unexpected end of id list (expected ':' and a secret)");
		return;
	}
	i++; /* ':' */
	if (i == n) {
		diag_error(l->d, file, t[i - 1].line, "unexpected end of record (expected PSK, PPKS or XAUTH)");
		return;
	}
	const struct token *kind = &t[i++];
	if (tok_is(kind, "psk") || tok_is(kind, "xauth")) {
		bool psk = tok_is(kind, "psk");
		s.kind = psk ? SECRET_PSK : SECRET_XAUTH;
		if (i == n) {
			diag_error(l->d, file, kind->line, "unexpected end of record in %s", psk ? "PSK" : "XAUTH");
			return;
		}
		if (!secret_value(l, file, &t[i], psk ? "PSK" : "XAUTH", &s.key, &s.key_len))
			return;
		if (psk && s.key_len < 8)
			diag_warning(l->d, file, t[i].line, "using a weak secret (PSK shorter than 8 characters)");
		i++;
	} else if (tok_is(kind, "ppks")) {
		s.kind = SECRET_PPK;
		if (i == n || !t[i].quoted) {
			diag_error(l->d, file, kind->line,
				   i == n ? "unexpected end of record in static PPK"
					  : "No quotation marks found. PPK ID should be in quotation marks");
			return;
		}
		if (!secret_value(l, file, &t[i], "PPK ID", &s.ppk_id, &s.ppk_id_len))
			return;
		if (++i == n) {
			diag_error(l->d, file, kind->line, "No PPK found. PPK should be specified after PPK ID");
			return;
		}
		if (!secret_value(l, file, &t[i], "PPK", &s.key, &s.key_len))
			return;
		i++;
	} else {
		char what[64];
		snprintf(what, sizeof(what), "%.*s", (int)(kind->n > 40 ? 40 : kind->n), kind->s);
		if (tok_is(kind, "rsa") || tok_is(kind, "ecdsa"))
			diag_warning(l->d, file, kind->line,
				     "ignored %s private key entry (private keys live in the key store: ipsec newhostkey, ipsec import)",
				     what);
		else
			diag_warning(l->d, file, kind->line, "ignored unrecognized keyword: %s", what);
		return;
	}
	if (i != n) {
		diag_error(l->d, file, t[i].line, "expected record boundary in key");
		return;
	}
	add_secret(l, &s);
}

static void check_owner(struct loader *l, const char *file, const struct stat *st)
{
	if (st->st_mode & 077)
		diag_warning(l->d, file, 0,
			     "SECRETS FILE IS READABLE BY %s (mode %04o): anyone there can read the keys; run chmod 600 %s",
			     (st->st_mode & 007) ? "EVERYONE" : "ITS GROUP",
			     (unsigned)(st->st_mode & 07777), file);
	if (st->st_uid != 0)
		diag_warning(l->d, file, 0, "SECRETS FILE IS NOT OWNED BY ROOT (uid %u); run chown root %s",
			     (unsigned)st->st_uid, file);
}

static void load_file(struct loader *l, const char *path)
{
	struct stat st;
	const char *file;
	char *buf = NULL;
	size_t len = 0, pos = 0;
	unsigned line = 0;
	int fd;

	if (++l->files > SECRETS_MAX_FILES) {
		if (l->files == SECRETS_MAX_FILES + 1)
			diag_error(l->d, path, 0, "too many secrets files (more than %d)", SECRETS_MAX_FILES);
		return;
	}
	file = arena_strdup(&l->out->arena, path);
	if (!file) {
		l->oom = true;
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && l->depth == 0) {
		/* Libreswan: "no secrets filename matched"; the daemon runs without */
		diag_warning(l->d, file, 0, "no secrets file: %s", strerror(errno));
		return;
	}
	if (fd < 0) {
		diag_error(l->d, file, 0, "cannot open: %s", strerror(errno));
		return;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > SECRETS_MAX_FILE) {
		diag_error(l->d, file, 0, "not a regular file of at most %u bytes", SECRETS_MAX_FILE);
		close(fd);
		return;
	}
	for (unsigned i = 0; i < l->depth; i++)
		if (l->stack[i].dev == st.st_dev && l->stack[i].ino == st.st_ino) {
			diag_error(l->d, file, 0, "include loop: this file is already being read");
			close(fd);
			return;
		}
	l->stack[l->depth].dev = st.st_dev;
	l->stack[l->depth].ino = st.st_ino;
	check_owner(l, file, &st);
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		l->oom = true;
		close(fd);
		return;
	}
	while (len < (size_t)st.st_size) {
		ssize_t got = read(fd, buf + len, (size_t)st.st_size - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	close(fd);

	l->depth++;
	l->ntok = 0;
	while (pos < len && !l->oom) {
		char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len, n = end - pos;
		char *s = buf + pos;
		pos = end + 1;
		line++;
		if (memchr(s, '\0', n) || n >= SECRETS_MAX_LINE) {
			diag_error(l->d, file, line, n >= SECRETS_MAX_LINE ? "line too long" : "NUL byte in line");
			continue;
		}
		size_t lead = 0;
		while (lead < n && blank(s[lead]))
			lead++;
		if (lead == n || s[lead] == '#')
			continue;
		if (lead == 0) {
			/* a new record: finish the one before */
			if (l->ntok && !l->broken)
				record(l, file);
			l->ntok = 0;
			l->broken = false;
		} else if (l->ntok == 0 && !l->broken) {
			diag_error(l->d, file, line,
				   "indented line without an entry (entries start at column 0)");
			continue;
		}
		if (!tokenize(l, file, line, s, n))
			l->broken = true;
	}
	if (l->ntok && !l->broken && !l->oom)
		record(l, file);
	l->ntok = 0;
	l->broken = false;
	l->depth--;
	explicit_bzero(buf, len);
	free(buf);
}

static void load_pattern(struct loader *l, const char *pattern, const char *from_file,
			 unsigned from_line)
{
	struct path_list g;
	int rc;
	/* the record being read is finished: its tokens point into our caller's buffer */
	struct token *saved = l->tok;
	size_t saved_n = l->ntok, saved_cap = l->cap;

	if (l->depth >= SECRETS_MAX_DEPTH) {
		diag_error(l->d, from_file, from_line, "secrets file \"%s\" nested too deeply", pattern);
		return;
	}
	rc = path_glob(pattern, &g);
	l->tok = NULL;
	l->ntok = l->cap = 0;
	if (rc == -ENOENT) {
		if (!strpbrk(pattern, "*?["))
			diag_warning(l->d, from_file, from_line, "no secrets file matched \"%s\"", pattern);
	} else if (rc < 0) {
		l->oom = true;
	} else {
		for (size_t i = 0; i < g.n && !l->oom; i++)
			load_file(l, g.v[i]);
	}
	path_list_free(&g);
	free(l->tok);
	l->tok = saved;
	l->ntok = saved_n;
	l->cap = saved_cap;
}

int secrets_load(const char *path, struct secrets **out, struct diag *d)
{
	struct loader l = { .d = d };
	unsigned errors = d->errors;

	*out = NULL;
	l.out = calloc(1, sizeof(*l.out));
	if (!l.out)
		return -ENOMEM;
	if (!strpbrk(path, "*?[")) {
		load_file(&l, path);
	} else {
		load_pattern(&l, path, NULL, 0);
	}
	free(l.tok);
	if (l.oom) {
		secrets_free(l.out);
		diag_error(d, path, 0, "out of memory");
		return -ENOMEM;
	}
	*out = l.out;
	return d->errors > errors ? -EINVAL : 0;
}

void secrets_free(struct secrets *s)
{
	if (!s)
		return;
	free(s->v);
	arena_wipe_free(&s->arena);
	free(s);
}

size_t secrets_count(const struct secrets *s)
{
	return s->n;
}

const struct secret *secrets_at(const struct secrets *s, size_t i)
{
	return i < s->n ? &s->v[i] : NULL;
}

enum { MATCH_DEFAULT = 1, MATCH_ANY = 2, MATCH_REMOTE = 4, MATCH_LOCAL = 8 };

/* Libreswan's same_id(): an unset id is a wildcard on either side. */
static bool same(const struct conn_id *a, const struct conn_id *b)
{
	if (a->kind == ID_NONE || b->kind == ID_NONE)
		return true;
	return id_same(a, b);
}

static const struct secret *find(const struct secrets *s, enum secret_kind kind,
				 const struct conn_id *local, const struct conn_id *remote)
{
	const struct secret *best = NULL;
	unsigned best_match = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct secret *e = &s->v[i];
		unsigned match = 0;

		if (e->kind != kind)
			continue;
		if (e->n_ids == 0)
			match = MATCH_ANY; /* Libreswan gives an id-less entry two wildcard ids */
		for (size_t k = 0; k < e->n_ids; k++) {
			if (id_is_any(&e->ids[k])) {
				match |= MATCH_ANY;
				continue;
			}
			if (same(&e->ids[k], local))
				match |= MATCH_LOCAL;
			if (remote && same(&e->ids[k], remote))
				match |= MATCH_REMOTE;
		}
		/* our id alone: a default for any peer */
		if (match == MATCH_LOCAL && e->n_ids == 1)
			match |= MATCH_DEFAULT;
		switch (match) {
		case MATCH_DEFAULT:
		case MATCH_ANY:
		case MATCH_LOCAL | MATCH_DEFAULT:
		case MATCH_LOCAL | MATCH_ANY:
		case MATCH_REMOTE | MATCH_ANY:
		case MATCH_LOCAL | MATCH_REMOTE:
			/* strictly better only: the first of equals wins */
			if (match > best_match) {
				best_match = match;
				best = e;
			}
			break;
		default:
			break;
		}
	}
	return best;
}

const struct secret *secrets_find_psk(const struct secrets *s, const struct conn_id *local,
				      const struct conn_id *remote)
{
	return find(s, SECRET_PSK, local, remote);
}

const struct secret *secrets_find_ppk(const struct secrets *s, const struct conn_id *local,
				      const struct conn_id *remote)
{
	return find(s, SECRET_PPK, local, remote);
}

const struct secret *secrets_find_ppk_by_id(const struct secrets *s, const uint8_t *id,
					    size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == SECRET_PPK && s->v[i].ppk_id_len == len &&
		    memcmp(s->v[i].ppk_id, id, len) == 0)
			return &s->v[i];
	return NULL;
}

const struct secret *secrets_find_xauth(const struct secrets *s, const char *user)
{
	size_t n = strlen(user);

	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].kind != SECRET_XAUTH)
			continue;
		for (size_t k = 0; k < s->v[i].n_ids; k++) {
			const struct conn_id *id = &s->v[i].ids[k];
			if ((id->kind == ID_FQDN || id->kind == ID_RFC822 || id->kind == ID_DNS) &&
			    id->value_len == n && memcmp(id->value, user, n) == 0)
				return &s->v[i];
		}
	}
	return NULL;
}
