/* config/pathglob.c against the C library's own glob(3) with no flags (musl in
 * the static build, glibc in the sanitizer build): both expand the same patterns
 * over the same directory tree to the same sorted list. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/pathglob.h"
#include "tests/unit/check.h"

static const char *const files[] = {
	"a.conf", "b.conf", ".hidden.conf", "c.txt", "d[x].conf", "e*f", "UPPER.conf",
	"1.conf", "-dash.conf", "]br", "a-b", "a b.conf", "sub/x.conf", "sub/y.secrets",
	"sub/.h.conf", "sub2/x.conf", "sub2/deeper/z.conf", "q?.conf", "back\\slash",
};

static const char *const patterns[] = {
	"*.conf", "?.conf", "[ab].conf", "[!ab].conf", "[^ab].conf", "[a-c].conf",
	"[[:upper:]]*", "[[:digit:]]*", "[[:alpha:][:digit:]].conf", "[[:punct:]]*",
	"*/x.conf", "s*/*", "s*/*.conf", "*/*/*.conf", ".*", "*", "d\\[x\\].conf",
	"d[[]x].conf", "e\\*f", "e*", "nomatch*", "sub", "sub/", "sub/*/", "missing",
	"[]]br", "[!]]*", "a[-]b", "a[b-]*", "*[", "[", "a\\ b.conf",
	"a[ ]b.conf", "q\\?.conf", "q?.conf", "?", "**.conf", "*.*", "back\\\\slash",
	"[!.]*", "sub/.*", "sub/*", ".", "./a.conf", "sub//x.conf", "[a]-b",
	"[[:bogus:]]*", "*.[ct]*", "[-a].conf",
};

static void make_tree(void)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char dir[256];
		const char *slash = strrchr(files[i], '/');
		int fd;
		if (slash) {
			/* Parents first: "sub2/deeper" needs "sub2". */
			snprintf(dir, sizeof(dir), "%.*s", (int)(slash - files[i]), files[i]);
			for (char *s = dir; (s = strchr(s, '/')) != NULL; s++) {
				*s = '\0';
				mkdir(dir, 0700);
				*s = '/';
			}
			mkdir(dir, 0700);
		}
		fd = open(files[i], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0)
			close(fd);
	}
}

/* The C library's answer, one path per line ("" for no match). */
static void libc_glob(const char *pattern, char *out, size_t len)
{
	glob_t g;
	size_t used = 0;

	memset(&g, 0, sizeof(g));
	out[0] = '\0';
	if (glob(pattern, 0, NULL, &g) == 0)
		for (size_t i = 0; i < g.gl_pathc; i++)
			used += (size_t)snprintf(out + used, len - used, "%s\n", g.gl_pathv[i]);
	globfree(&g);
}

static void ours(const char *pattern, char *out, size_t len, int *rc)
{
	struct path_list l;
	size_t used = 0;

	out[0] = '\0';
	*rc = path_glob(pattern, &l);
	for (size_t i = 0; i < l.n; i++)
		used += (size_t)snprintf(out + used, len - used, "%s\n", l.v[i]);
	path_list_free(&l);
}

int main(void)
{
	char tmpl[] = "/tmp/test_pathglob.XXXXXX", cwd[4096];
	char want[4096], got[4096], abs_pat[512];
	int rc;

	if (!mkdtemp(tmpl) || !getcwd(cwd, sizeof(cwd)) || chdir(tmpl) < 0) {
		CHECK(0, "a scratch directory");
		return check_done();
	}
	make_tree();
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		libc_glob(patterns[i], want, sizeof(want));
		ours(patterns[i], got, sizeof(got), &rc);
		CHECK(strcmp(got, want) == 0 && (rc == 0) == (want[0] != '\0'),
		      "'%s' (relative): as glob(3)%s%s%s%s", patterns[i],
		      strcmp(got, want) ? "; want:\n" : "", strcmp(got, want) ? want : "",
		      strcmp(got, want) ? "got:\n" : "", strcmp(got, want) ? got : "");
		if (rc != 0)
			CHECK(rc == -ENOENT, "'%s': no match is -ENOENT", patterns[i]);
		snprintf(abs_pat, sizeof(abs_pat), "%s/%s", tmpl, patterns[i]);
		libc_glob(abs_pat, want, sizeof(want));
		ours(abs_pat, got, sizeof(got), &rc);
		CHECK(strcmp(got, want) == 0, "'%s' (absolute): as glob(3)", patterns[i]);
	}
	CHECK(path_match("*.conf", "x.conf") && !path_match("*.conf", ".x.conf") &&
		      path_match(".*", ".x") && !path_match("?", ""),
	      "path_match: a leading '.' needs a literal one; '?' needs a character");
	if (chdir(cwd) < 0)
		CHECK(0, "back to the start directory");
	{
		char cmd[600];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
		CHECK(system(cmd) == 0, "scratch directory removed");
	}
	return check_done();
}
