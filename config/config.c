/* Loading ipsec.conf: %default and also= resolved the way Libreswan 4.x does it
 * (lib/libipsecconf/confread.c, read for behaviour): every conn %default
 * section applies to every conn wherever it appears; a conn's own lines come
 * first, then the sections named by also=, breadth first; a key set twice
 * with different values is an error ("duplicate key"), the same value only a
 * warning; %default values yield to anything the conn sets. */
#include "config/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config/conv.h"
#include "config/parse.h"

#define ALSO_LIMIT 32 /* Libreswan's ALSO_LIMIT */

struct conn_rec {
	struct conn *c;
	struct conf_kv *kv;
	size_t n_kv;
	const char *alsos;
};

struct config {
	struct parsed p;
	struct setup setup;
	struct conf_kv *setup_kv;
	size_t n_setup_kv;
	struct conn_rec *conns;
	size_t n;
	uint32_t *hidx; /* open addressing: conn index + 1 */
	size_t hsize;
};

struct slot {
	struct kv *kv;
	const char *value;
	uint8_t origin;
};

struct qent {
	struct section *s;
	int parent;
};

struct builder {
	struct config *cfg;
	struct diag *d;
	struct slot defaults[KW_SLOTS];
	struct slot slots[KW_SLOTS];
	const char *slot_name[KW_SLOTS];
	struct kv **xc;
	size_t n_xc, cap_xc;
	struct qent queue[ALSO_LIMIT + 1];
	unsigned walk;
	bool failed;
};

static unsigned slot_of(const struct kv *kv)
{
	return 2u * kv->kw + (kv->side == 2);
}

static bool push_comment(struct builder *b, struct kv *kv)
{
	if (b->n_xc == b->cap_xc) {
		size_t cap = b->cap_xc ? 2 * b->cap_xc : 16;
		struct kv **x = realloc(b->xc, cap * sizeof(*x));
		if (!x)
			return false;
		b->xc = x;
		b->cap_xc = cap;
	}
	b->xc[b->n_xc++] = kv;
	return true;
}

/* Sets one key in slots; false on a conflict (reported) or ENOMEM. */
static bool apply(struct builder *b, struct slot *slots, struct kv *kv, uint8_t origin,
		  const char *conn_name)
{
	struct slot *s;
	uint8_t type;
	char key[64];

	if (kv->kw == KW_XCOMMENT) {
		if (origin == ORIGIN_CONN && !push_comment(b, kv))
			b->failed = true;
		return !b->failed;
	}
	s = &slots[slot_of(kv)];
	type = kw_table[kv->kw].type;
	if (type == KT_SUBNETS || type == KT_APPEND) {
		const char *v = kv->value;
		if (s->kv) {
			size_t a = strlen(s->value), n = strlen(kv->value);
			char *joined = arena_alloc(&b->cfg->p.arena, a + n + 2);
			if (!joined)
				return b->failed = true, false;
			memcpy(joined, s->value, a);
			joined[a] = ' ';
			memcpy(joined + a + 1, kv->value, n + 1);
			v = joined;
		}
		*s = (struct slot){ kv, v, origin };
		return true;
	}
	if (s->kv && s->origin == origin) {
		conv_key_name(key, sizeof(key), kv->kw, kv->side);
		if (origin == ORIGIN_DEFAULT) {
			if (strcmp(s->value, kv->value) != 0 && !kv->warned)
				diag_warning(b->d, kv->file, kv->line,
					     "'%s' in conn %%default overrides the value set at %s:%u",
					     key, s->kv->file, s->kv->line);
			kv->warned = true;
			*s = (struct slot){ kv, kv->value, origin };
			return true;
		}
		if (strcmp(s->value, kv->value) == 0) {
			if (!kv->warned)
				diag_warning(b->d, kv->file, kv->line,
					     "duplicate key '%s' in conn '%s' (also set at %s:%u)", key,
					     conn_name, s->kv->file, s->kv->line);
			kv->warned = true;
			return true;
		}
		if (!kv->reported)
			diag_error(b->d, kv->file, kv->line,
				   "duplicate key '%s' in conn '%s' with a different value (first set to '%s' at %s:%u)",
				   key, conn_name, s->value, s->kv->file, s->kv->line);
		kv->reported = true;
		return false;
	}
	*s = (struct slot){ kv, kv->value, origin };
	return true;
}

static bool is_ancestor(const struct builder *b, int qi, const struct section *t)
{
	for (int j = qi; j >= 0; j = b->queue[j].parent)
		if (b->queue[j].s == t)
			return true;
	return false;
}

/* Walks a conn and its also= sections into b->slots; returns the number of
 * sections pulled in (queue entries), or -1 when that failed. *ok is cleared
 * after a reported problem that still leaves something to check. */
static int resolve(struct builder *b, struct section *sec, bool *resolved)
{
	int nq = 1;
	bool ok = true;

	b->walk++;
	memcpy(b->slots, b->defaults, sizeof(b->slots));
	b->n_xc = 0;
	b->queue[0] = (struct qent){ sec, -1 };
	sec->walk = b->walk;
	for (int qi = 0; qi < nq; qi++) {
		for (struct kv *kv = b->queue[qi].s->kvs; kv; kv = kv->next) {
			if (kv->kw != KW_ALSO) {
				ok &= apply(b, b->slots, kv, ORIGIN_CONN, sec->name);
				continue;
			}
			for (const char *p = kv->value; *p;) {
				size_t n = strcspn(p, " \t");
				char name[256];
				struct section *t;
				if (n == 0) {
					p++;
					continue;
				}
				snprintf(name, sizeof(name), "%.*s", (int)n, p);
				p += n;
				t = conf_find_section(&b->cfg->p, name);
				if (!t) {
					if (!kv->reported)
						diag_error(b->d, kv->file, kv->line,
							   "cannot find conn '%s' needed by conn '%s'", name,
							   sec->name);
					kv->reported = true;
					ok = false;
					continue;
				}
				if (t->walk == b->walk) {
					/* a diamond is fine; a cycle is worth a word */
					if (is_ancestor(b, qi, t) && !kv->warned)
						diag_warning(b->d, kv->file, kv->line,
							     "also=%s loops back to conn '%s'; ignored", name,
							     t->name);
					kv->warned = true;
					continue;
				}
				if (nq > ALSO_LIMIT) {
					diag_error(b->d, sec->file, sec->line,
						   "conn '%s': too many also= sections (at most %d)",
						   sec->name, ALSO_LIMIT);
					return -1;
				}
				t->walk = b->walk;
				b->queue[nq++] = (struct qent){ t, qi };
			}
		}
	}
	*resolved = ok;
	return b->failed ? -1 : nq;
}

static void set_bit(uint8_t *bits, unsigned i)
{
	bits[i / 8] |= (uint8_t)(1u << (i % 8));
}

static bool build_conn(struct builder *b, struct section *sec, struct conn_rec *rec)
{
	struct config *cfg = b->cfg;
	struct arena *a = &cfg->p.arena;
	struct conv cv = { .d = b->d, .a = a };
	struct conn tmp;
	size_t n_kv = 0, len = 1;
	bool resolved;
	int nq = resolve(b, sec, &resolved);

	if (nq < 0)
		return false;

	/* the text-level form */
	for (unsigned i = 0; i < KW_SLOTS; i++)
		n_kv += b->slots[i].kv != NULL;
	rec->kv = arena_alloc(a, (n_kv + b->n_xc + 1) * sizeof(*rec->kv));
	if (!rec->kv)
		return false;
	for (unsigned i = 0; i < KW_SLOTS; i++)
		if (b->slots[i].kv)
			rec->kv[rec->n_kv++] = (struct conf_kv){ b->slot_name[i], b->slots[i].value,
								 b->slots[i].kv->file, b->slots[i].kv->line,
								 b->slots[i].origin };
	for (size_t i = 0; i < b->n_xc; i++)
		rec->kv[rec->n_kv++] = (struct conf_kv){ b->xc[i]->xname, b->xc[i]->value,
							 b->xc[i]->file, b->xc[i]->line, ORIGIN_CONN };
	for (int i = 1; i < nq; i++)
		len += strlen(b->queue[i].s->name) + 1;
	char *alsos = arena_alloc(a, len);
	if (!alsos)
		return false;
	for (int i = 1; i < nq; i++) {
		if (i > 1)
			strcat(alsos, " ");
		strcat(alsos, b->queue[i].s->name);
	}
	rec->alsos = alsos;

	/* the typed form */
	conv_conn_defaults(&tmp, &cfg->setup);
	tmp.name = sec->name;
	tmp.file = sec->file;
	tmp.line = sec->line;
	for (unsigned i = 0; i < KW_SLOTS; i++) {
		struct slot *s = &b->slots[i];
		if (!s->kv)
			continue;
		set_bit(s->origin == ORIGIN_CONN ? tmp.key_written : tmp.key_defaulted, i);
		conv_conn_kv(&cv, &tmp, s->kv, s->value);
	}
	/* finish even after an error, to report the other problems too */
	if (!conv_conn_finish(&cv, &tmp) || cv.failed || !resolved)
		return false;
	rec->c = conn_clone(&tmp);
	return rec->c != NULL;
}

static bool build_setup(struct builder *b)
{
	struct config *cfg = b->cfg;
	struct conv cv = { .d = b->d, .a = &cfg->p.arena };
	struct slot *slots = b->slots;
	size_t n = 0;
	char key[64];

	memset(b->slots, 0, sizeof(b->slots));
	conv_setup_defaults(&cfg->setup);
	for (struct kv *kv = cfg->p.setup; kv; kv = kv->next) {
		struct slot *s;
		if (kv->kw == KW_XCOMMENT)
			continue;
		s = &slots[slot_of(kv)];
		if (s->kv && strcmp(s->value, kv->value) != 0)
			diag_warning(b->d, kv->file, kv->line,
				     "duplicate key '%s' in config setup (also set at %s:%u); the last one is used",
				     conv_key_name(key, sizeof(key), kv->kw, 0), s->kv->file, s->kv->line);
		*s = (struct slot){ kv, kv->value, ORIGIN_CONN };
	}
	for (unsigned i = 0; i < KW_SLOTS; i++)
		n += slots[i].kv != NULL;
	cfg->setup_kv = arena_alloc(&cfg->p.arena, (n + 1) * sizeof(*cfg->setup_kv));
	if (!cfg->setup_kv)
		return false;
	for (unsigned i = 0; i < KW_SLOTS; i++) {
		if (!slots[i].kv)
			continue;
		cfg->setup_kv[cfg->n_setup_kv++] = (struct conf_kv){
			b->slot_name[i], slots[i].value, slots[i].kv->file, slots[i].kv->line,
			ORIGIN_CONN };
		conv_setup_kv(&cv, &cfg->setup, slots[i].kv);
	}
	return true;
}

/* All conn %default sections, in file order, then a check of their values. */
static bool build_defaults(struct builder *b)
{
	struct config *cfg = b->cfg;
	struct conv cv = { .d = b->d, .a = &cfg->p.arena };
	struct conn scratch;

	memset(b->defaults, 0, sizeof(b->defaults));
	for (struct section *s = cfg->p.sections; s; s = s->next)
		if (s->is_default)
			for (struct kv *kv = s->kvs; kv; kv = kv->next)
				if (kv->kw != KW_XCOMMENT)
					apply(b, b->defaults, kv, ORIGIN_DEFAULT, "%default");
	conv_conn_defaults(&scratch, &cfg->setup);
	scratch.name = "%default";
	for (unsigned i = 0; i < KW_SLOTS; i++)
		if (b->defaults[i].kv)
			conv_conn_kv(&cv, &scratch, b->defaults[i].kv, b->defaults[i].value);
	return !b->failed;
}

static bool build_index(struct config *cfg)
{
	size_t size = 16;

	while (size < 2 * cfg->n)
		size *= 2;
	cfg->hidx = calloc(size, sizeof(*cfg->hidx));
	if (!cfg->hidx)
		return false;
	cfg->hsize = size;
	for (size_t i = 0; i < cfg->n; i++) {
		size_t h = conf_hash(cfg->conns[i].c->name) & (size - 1);
		while (cfg->hidx[h])
			h = (h + 1) & (size - 1);
		cfg->hidx[h] = (uint32_t)(i + 1);
	}
	return true;
}

int config_load(const char *path, struct config **out, struct diag *d)
{
	struct config *cfg = calloc(1, sizeof(*cfg));
	struct builder *b = calloc(1, sizeof(*b));
	unsigned errors_before = d->errors;
	char key[64];
	int r = -ENOMEM;

	*out = NULL;
	if (!cfg || !b)
		goto out;
	b->cfg = cfg;
	b->d = d;
	if (conf_read(&cfg->p, path, d))
		goto out;
	if (!cfg->p.main_read) {
		r = -EINVAL;
		goto out;
	}
	for (unsigned i = 0; i < KW_SLOTS; i++) {
		b->slot_name[i] = arena_strdup(&cfg->p.arena,
					       conv_key_name(key, sizeof(key), i / 2,
							     kw_table[i / 2].flags & KWF_LR ? 1 + i % 2 : 0));
		if (!b->slot_name[i])
			goto out;
	}
	if (!build_setup(b) || !build_defaults(b))
		goto out;
	cfg->conns = calloc(cfg->p.n_sections + 1, sizeof(*cfg->conns));
	if (!cfg->conns)
		goto out;
	for (struct section *s = cfg->p.sections; s; s = s->next) {
		if (s->is_default)
			continue;
		memset(&cfg->conns[cfg->n], 0, sizeof(cfg->conns[0]));
		if (build_conn(b, s, &cfg->conns[cfg->n]))
			cfg->n++;
		if (b->failed)
			goto out;
	}
	if (!build_index(cfg))
		goto out;
	r = d->errors > errors_before ? -EINVAL : 0;
	*out = cfg;
	cfg = NULL;
out:
	if (r == -ENOMEM)
		diag_error(d, path, 0, "out of memory");
	config_free(cfg);
	if (b)
		free(b->xc);
	free(b);
	return r;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n; i++)
		conn_free(cfg->conns[i].c);
	free(cfg->conns);
	free(cfg->hidx);
	conf_parsed_free(&cfg->p);
	free(cfg);
}

const struct setup *config_setup(const struct config *cfg)
{
	return &cfg->setup;
}

size_t config_conn_count(const struct config *cfg)
{
	return cfg->n;
}

const struct conn *config_conn_at(const struct config *cfg, size_t i)
{
	return i < cfg->n ? cfg->conns[i].c : NULL;
}

const struct conn *config_conn_find(const struct config *cfg, const char *name)
{
	if (!cfg->hsize)
		return NULL;
	for (size_t h = conf_hash(name) & (cfg->hsize - 1); cfg->hidx[h];
	     h = (h + 1) & (cfg->hsize - 1)) {
		const struct conn *c = cfg->conns[cfg->hidx[h] - 1].c;
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

enum conn_origin conn_key_origin(const struct conn *c, const char *key)
{
	int side, id = kw_lookup_slow(key, strlen(key), &side);
	unsigned slot;

	if (id < 0)
		return ORIGIN_BUILTIN;
	slot = 2u * (unsigned)id + (side == 2);
	if (c->key_written[slot / 8] & (1u << (slot % 8)))
		return ORIGIN_CONN;
	if (c->key_defaulted[slot / 8] & (1u << (slot % 8)))
		return ORIGIN_DEFAULT;
	return ORIGIN_BUILTIN;
}

size_t config_setup_keys(const struct config *cfg, const struct conf_kv **kv)
{
	*kv = cfg->setup_kv;
	return cfg->n_setup_kv;
}

size_t config_conn_keys(const struct config *cfg, size_t i, const struct conf_kv **kv)
{
	if (i >= cfg->n) {
		*kv = NULL;
		return 0;
	}
	*kv = cfg->conns[i].kv;
	return cfg->conns[i].n_kv;
}

const char *config_conn_alsos(const struct config *cfg, size_t i)
{
	return i < cfg->n ? cfg->conns[i].alsos : "";
}
