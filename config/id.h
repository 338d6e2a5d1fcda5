/* IKE identities as written in ipsec.conf (leftid=) and ipsec.secrets:
 * Libreswan's atoid() forms. */
#ifndef CONFIG_ID_H
#define CONFIG_ID_H
#include <stdbool.h>

#include "config/arena.h"
#include "config/conn.h"

/* Parses text into *out; text and value are copied into a (NULL: out->text
 * points at text, value into a static-free arena is required for binary forms,
 * so pass one). Returns 0, or -EINVAL with *why set, or -ENOMEM. */
int id_parse(const char *text, struct conn_id *out, struct arena *a, const char **why);
/* Libreswan's same_id(): equal kind and value; FQDN and user@FQDN ignore case
 * and trailing dots; DNs compare attribute by attribute, ignoring the spaces
 * around separators and the case of attribute names. */
bool id_same(const struct conn_id *x, const struct conn_id *y);
/* True for the wildcards %any / 0.0.0.0 / ::, and unset ids. */
bool id_is_any(const struct conn_id *id);

#endif
