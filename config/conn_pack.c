/* A struct conn (or struct setup) and everything it points to, copied into one
 * allocation, so the daemon can keep it after the configuration is freed. */
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

/* Every pointer in struct conn_end / struct conn: strings, and byte arrays
 * with their lengths. Adding a pointer field means adding it here. */
static const size_t end_strings[] = {
	offsetof(struct conn_end, host_dns), offsetof(struct conn_end, id.text),
	offsetof(struct conn_end, cert),     offsetof(struct conn_end, ca),
	offsetof(struct conn_end, updown),   offsetof(struct conn_end, addresspool),
	offsetof(struct conn_end, groundhog), offsetof(struct conn_end, virt),
	offsetof(struct conn_end, username),
};
static const struct {
	size_t ptr, len;
} end_bytes[] = {
	{ offsetof(struct conn_end, id.value), offsetof(struct conn_end, id.value_len) },
	{ offsetof(struct conn_end, rsasigkey), offsetof(struct conn_end, rsasigkey_len) },
	{ offsetof(struct conn_end, ckaid), offsetof(struct conn_end, ckaid_len) },
	{ offsetof(struct conn_end, pubkey), offsetof(struct conn_end, pubkey_len) },
	{ offsetof(struct conn_end, ecdsakey), offsetof(struct conn_end, ecdsakey_len) },
};
static const size_t conn_strings[] = {
	offsetof(struct conn, name),           offsetof(struct conn, file),
	offsetof(struct conn, ppk_ids),        offsetof(struct conn, policy_label),
	offsetof(struct conn, modecfgdns),     offsetof(struct conn, modecfgdomains),
	offsetof(struct conn, modecfgbanner),  offsetof(struct conn, redirect_to),
	offsetof(struct conn, accept_redirect_to), offsetof(struct conn, connalias),
	offsetof(struct conn, vti_interface),
};

/* Every string of struct setup. Adding a pointer field means adding it here. */
static const size_t setup_strings[] = {
	offsetof(struct setup, logfile),          offsetof(struct setup, listen),
	offsetof(struct setup, virtual_private),  offsetof(struct setup, ipsecdir),
	offsetof(struct setup, secretsfile),      offsetof(struct setup, nssdir),
	offsetof(struct setup, dumpdir),          offsetof(struct setup, rundir),
	offsetof(struct setup, protostack),       offsetof(struct setup, myvendorid),
	offsetof(struct setup, statsbin),         offsetof(struct setup, global_redirect_to),
	offsetof(struct setup, ocsp_uri),         offsetof(struct setup, ocsp_trustname),
	offsetof(struct setup, curl_iface),       offsetof(struct setup, dnssec_rootkey_file),
	offsetof(struct setup, dnssec_anchors),
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char **str_at(void *base, size_t off)
{
	return (const char **)((char *)base + off);
}

static const uint8_t **bytes_at(void *base, size_t off)
{
	return (const uint8_t **)((char *)base + off);
}

static size_t *len_at(void *base, size_t off)
{
	return (size_t *)((char *)base + off);
}

struct packer {
	char *out;   /* NULL while measuring */
	size_t used;
};

static void pack_str(struct packer *pk, const char **field)
{
	size_t n;

	if (!*field)
		return;
	n = strlen(*field) + 1;
	if (pk->out) {
		memcpy(pk->out + pk->used, *field, n);
		*field = pk->out + pk->used;
	}
	pk->used += n;
}

static void pack_bytes(struct packer *pk, const uint8_t **field, size_t len)
{
	if (!*field)
		return;
	if (pk->out) {
		memcpy(pk->out + pk->used, *field, len);
		*field = (const uint8_t *)pk->out + pk->used;
	}
	pk->used += len;
}

/* Walks c's pointers; with pk->out set, c is the copy being fixed up. */
static void walk(struct packer *pk, struct conn *c)
{
	for (size_t i = 0; i < N(conn_strings); i++)
		pack_str(pk, str_at(c, conn_strings[i]));
	for (int e = 0; e < 2; e++) {
		struct conn_end *end = e ? &c->right : &c->left;
		for (size_t i = 0; i < N(end_strings); i++)
			pack_str(pk, str_at(end, end_strings[i]));
		for (size_t i = 0; i < N(end_bytes); i++)
			pack_bytes(pk, bytes_at(end, end_bytes[i].ptr), *len_at(end, end_bytes[i].len));
	}
}

struct conn *conn_clone(const struct conn *c)
{
	struct packer pk = { NULL, sizeof(struct conn) };
	struct conn tmp, *copy;

	if (!c)
		return NULL;
	tmp = *c;
	walk(&pk, &tmp);
	copy = malloc(pk.used);
	if (!copy)
		return NULL;
	*copy = *c;
	pk.out = (char *)copy;
	pk.used = sizeof(struct conn);
	walk(&pk, copy);
	return copy;
}

void conn_free(struct conn *c)
{
	free(c);
}

struct setup *setup_clone(const struct setup *s)
{
	struct packer pk = { NULL, sizeof(struct setup) };
	struct setup tmp = *s, *copy;

	for (size_t i = 0; i < N(setup_strings); i++)
		pack_str(&pk, str_at(&tmp, setup_strings[i]));
	copy = malloc(pk.used);
	if (!copy)
		return NULL;
	*copy = *s;
	pk.out = (char *)copy;
	pk.used = sizeof(struct setup);
	for (size_t i = 0; i < N(setup_strings); i++)
		pack_str(&pk, str_at(copy, setup_strings[i]));
	return copy;
}
