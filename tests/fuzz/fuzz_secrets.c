/* ipsec.secrets: the input is written as a file in a private directory and
 * loaded; every entry is looked up by its own ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/secrets.h"

static char dir[64];

/* The fuzzer exits without a hook of its own: tidy up at exit. */
static void cleanup(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/ipsec.secrets", dir);
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[128];
	struct secrets *s;
	struct diag d;
	FILE *f;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/fuzz_secrets.%d", (int)getpid());
		mkdir(dir, 0700);
		atexit(cleanup);
	}
	snprintf(path, sizeof(path), "%s/ipsec.secrets", dir);
	f = fopen(path, "w");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	chmod(path, 0600);

	diag_init(&d);
	secrets_load(path, &s, &d);
	for (size_t i = 0; s && i < secrets_count(s); i++) {
		const struct secret *e = secrets_at(s, i);
		const struct conn_id *a = e->n_ids > 0 ? &e->ids[0] : NULL;
		const struct conn_id *b = e->n_ids > 1 ? &e->ids[1] : NULL;
		if (a) {
			secrets_find_psk(s, a, b);
			secrets_find_ppk(s, a, b);
			if (a->text)
				secrets_find_xauth(s, a->text);
		}
		if (e->ppk_id)
			secrets_find_ppk_by_id(s, e->ppk_id, e->ppk_id_len);
	}
	secrets_free(s);
	diag_free(&d);
	return 0;
}
