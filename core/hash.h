/* An intrusive chained hash table keyed by 64-bit values (SPIs, serials, string
 * hashes). Nodes live inside the objects; the table only holds bucket heads and
 * doubles when it gets full, so lookups stay O(1) at 10,000s of SAs. */
#ifndef CORE_HASH_H
#define CORE_HASH_H
#include <stddef.h>
#include <stdint.h>

struct hnode {
	struct hnode *next;
	uint64_t key;
};

struct htable {
	struct hnode **b;
	size_t mask; /* buckets - 1 */
	size_t n;
};

int htable_insert(struct htable *t, struct hnode *node, uint64_t key);
void htable_remove(struct htable *t, struct hnode *node);
/* First node with the key; walk on with htable_next for duplicates. */
struct hnode *htable_find(const struct htable *t, uint64_t key);
struct hnode *htable_next(const struct hnode *node);
void htable_free(struct htable *t);

/* FNV-1a, for names and addresses. */
uint64_t hash_bytes(const void *p, size_t len, uint64_t seed);

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif
