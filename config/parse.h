/* ipsec.conf as read from the files: sections of key=value lines, before
 * %default and also= are resolved. Internal to config/. */
#ifndef CONFIG_PARSE_H
#define CONFIG_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/arena.h"
#include "config/diag.h"
#include "config/keywords.h"

/* Limits that keep hostile input bounded. */
#define CONF_MAX_INCLUDE_DEPTH 10     /* Libreswan's MAX_INCLUDE_DEPTH */
#define CONF_MAX_FILE_BYTES (16u << 20)
#define CONF_MAX_LINE 65536
#define CONF_MAX_FILES 10000          /* files opened in one load, includes counted */

#define KW_XCOMMENT KW_COUNT          /* kv.kw of an x- / X- line */

struct kv {
	struct kv *next;
	const char *value;
	const char *file;
	const char *xname;  /* KW_XCOMMENT: the key as written */
	unsigned line;
	uint16_t kw;        /* canonical keyword id (aliases resolved) */
	uint8_t side;       /* 0, 1 left, 2 right */
	bool reported;      /* a problem with this line was already reported */
	bool warned;        /* a warning about this line was already given */
};

struct section {
	struct section *next;  /* file order */
	struct section *hnext; /* name hash chain */
	const char *name, *file;
	unsigned line;
	bool is_default;
	struct kv *kvs, **tail;
	unsigned walk;         /* also= walk generation that last visited it */
};

struct parsed {
	struct arena arena;
	struct kw_index ix;
	struct kv *setup, **setup_tail;
	struct section *sections, **sections_tail;
	size_t n_sections, n_conns;
	struct section **htab;
	size_t hsize;
	unsigned files_opened;
	bool main_read; /* the top file could be read */
};

/* Reads path and everything it includes; problems go to d. Returns 0, or
 * -ENOMEM (everything else is a diagnostic). */
int conf_read(struct parsed *p, const char *path, struct diag *d);
void conf_parsed_free(struct parsed *p);
/* A conn section by name (not %default); NULL if none. */
struct section *conf_find_section(const struct parsed *p, const char *name);
/* FNV-1a, for the name tables */
uint64_t conf_hash(const char *s);
/* Copies s into buf for a message: non-printable bytes as \xNN, at most 80
 * characters. Returns buf. */
char *conf_printable(char *buf, size_t len, const char *s, size_t n);

#endif
