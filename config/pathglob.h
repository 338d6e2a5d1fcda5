/* Shell wildcards for `include` in ipsec.conf and ipsec.secrets, as glob(3) with
 * no flags expands them: '*', '?' and '[...]' (ranges, '!' or '^' to negate,
 * [:alpha:] and the other classes) in any component of the path, '\' quotes the
 * next character, a name's leading '.' only matches a literal '.', and the
 * matches come back sorted (strcmp). A pattern without wildcards names one path,
 * which must exist (lstat). Characters are bytes: a multibyte character in a
 * name is several characters to '?'.
 *
 * Our own rather than musl's glob(), which brings fnmatch(), the wide-character
 * tables and the passwd database (for ~user) into the static binary: 23 KiB for
 * the two includes. */
#ifndef CONFIG_PATHGLOB_H
#define CONFIG_PATHGLOB_H
#include <stdbool.h>
#include <stddef.h>

struct path_list {
	char **v;  /* malloc'ed paths */
	size_t n;
};

/* 0 with at least one path, -ENOENT when nothing matches, -ENOMEM. Unreadable
 * directories are skipped, as glob() without GLOB_ERR does. */
int path_glob(const char *pattern, struct path_list *out);
void path_list_free(struct path_list *l);
/* Does a single name (no '/') match one component of a pattern? */
bool path_match(const char *pattern, const char *name);

#endif
