/* ipsec.conf: the input is written as a file in a private directory (next to
 * an "inc.conf" it may include) and loaded; everything that loads is walked,
 * cloned and freed. Its first line also goes to the ike=/esp= parsers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"

static char dir[64];

static void cleanup(void);

static void setup_dir(void)
{
	char path[128];
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/fuzz_conf.%d", (int)getpid());
	mkdir(dir, 0700);
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/inc.conf", dir);
	f = fopen(path, "w");
	if (f) {
		fputs("conn %default\n\tikelifetime=1h\nconn inc\n\tleft=192.0.2.1\n\tright=%any\n", f);
		fclose(f);
	}
}

static void proposals(const uint8_t *data, size_t size)
{
	char text[512];
	size_t n = 0;
	struct proposal_list l;
	char err[128], out[4096];

	while (n < size && n < sizeof(text) - 1 && data[n] != '\n' && data[n] != '\0') {
		text[n] = (char)data[n];
		n++;
	}
	text[n] = '\0';
	if (proposal_parse(text, false, &l, err, sizeof(err)) == 0)
		proposal_format(&l, false, out, sizeof(out));
	if (proposal_parse(text, true, &l, err, sizeof(err)) == 0)
		proposal_format(&l, true, out, sizeof(out));
	if (proposal_parse_ikev1(text, false, &l, err, sizeof(err)) == 0)
		proposal_format(&l, false, out, sizeof(out));
	if (proposal_parse_ah(text, &l, err, sizeof(err)) == 0)
		proposal_format(&l, true, out, sizeof(out));
}

/* The fuzzer exits without a hook of its own: tidy up at exit. */
static void cleanup(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/ipsec.conf", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/inc.conf", dir);
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[128];
	struct config *cfg;
	struct diag d;
	FILE *f;

	if (!dir[0])
		setup_dir();
	proposals(data, size);
	snprintf(path, sizeof(path), "%s/ipsec.conf", dir);
	f = fopen(path, "w");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);

	diag_init(&d);
	config_load(path, &cfg, &d);
	for (size_t i = 0; cfg && i < config_conn_count(cfg); i++) {
		const struct conf_kv *kv;
		size_t n = config_conn_keys(cfg, i, &kv);
		const struct conn *c = config_conn_at(cfg, i);
		struct conn *copy = conn_clone(c);
		for (size_t k = 0; k < n; k++)
			conn_key_origin(copy, kv[k].key);
		if (config_conn_find(cfg, c->name) != c)
			abort();
		conn_free(copy);
	}
	config_free(cfg);
	diag_free(&d);
	return 0;
}
