#include "core/hash.h"

#include <errno.h>
#include <stdlib.h>

static size_t bucket(const struct htable *t, uint64_t key)
{
	/* Mix so that SPIs differing only in high bits still spread. */
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & t->mask;
}

static int grow(struct htable *t)
{
	size_t nb = t->b ? (t->mask + 1) * 2 : 64;
	struct hnode **b = calloc(nb, sizeof(*b));
	struct htable nt = { .b = b, .mask = nb - 1, .n = t->n };

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; t->b && i <= t->mask; i++) {
		struct hnode *n = t->b[i];
		while (n) {
			struct hnode *next = n->next;
			size_t k = bucket(&nt, n->key);
			n->next = b[k];
			b[k] = n;
			n = next;
		}
	}
	free(t->b);
	*t = nt;
	return 0;
}

int htable_insert(struct htable *t, struct hnode *node, uint64_t key)
{
	size_t k;
	if ((!t->b || t->n >= t->mask + 1) && grow(t) < 0)
		return -ENOMEM;
	node->key = key;
	k = bucket(t, key);
	node->next = t->b[k];
	t->b[k] = node;
	t->n++;
	return 0;
}

void htable_remove(struct htable *t, struct hnode *node)
{
	struct hnode **pp;
	if (!t->b)
		return;
	for (pp = &t->b[bucket(t, node->key)]; *pp; pp = &(*pp)->next) {
		if (*pp == node) {
			*pp = node->next;
			node->next = NULL;
			t->n--;
			return;
		}
	}
}

struct hnode *htable_find(const struct htable *t, uint64_t key)
{
	struct hnode *n;
	if (!t->b)
		return NULL;
	for (n = t->b[bucket(t, key)]; n; n = n->next)
		if (n->key == key)
			return n;
	return NULL;
}

struct hnode *htable_next(const struct hnode *node)
{
	struct hnode *n;
	for (n = node->next; n; n = n->next)
		if (n->key == node->key)
			return n;
	return NULL;
}

void htable_free(struct htable *t)
{
	free(t->b);
	*t = (struct htable){ 0 };
}

uint64_t hash_bytes(const void *p, size_t len, uint64_t seed)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	for (size_t i = 0; i < len; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
