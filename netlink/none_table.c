#include "netlink/none_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a, then a final avalanche so the low bits used as index are mixed. */
static uint32_t hash_key(const struct none_table *t, const void *key)
{
	const uint8_t *p = key;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < t->key_size; i++)
		h = (h ^ p[i]) * 16777619u;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

static uint8_t *rec_at(const struct none_table *t, uint32_t slot)
{
	return t->recs + (size_t)(slot - 1) * t->rec_size;
}

void none_table_init(struct none_table *t, size_t rec_size, size_t key_size)
{
	memset(t, 0, sizeof(*t));
	t->rec_size = rec_size;
	t->key_size = key_size;
}

void none_table_free(struct none_table *t)
{
	free(t->recs);
	free(t->slots);
	none_table_init(t, t->rec_size, t->key_size);
}

/* The slot holding key, or the empty slot that ends its probe sequence. */
static size_t probe(const struct none_table *t, const void *key)
{
	size_t i = hash_key(t, key) & t->slot_mask;
	while (t->slots[i] && memcmp(rec_at(t, t->slots[i]), key, t->key_size) != 0)
		i = (i + 1) & t->slot_mask;
	return i;
}

void *none_table_find(const struct none_table *t, const void *key)
{
	size_t i;
	if (!t->slots)
		return NULL;
	i = probe(t, key);
	return t->slots[i] ? rec_at(t, t->slots[i]) : NULL;
}

static int grow_slots(struct none_table *t, size_t want)
{
	size_t n = t->slots ? (t->slot_mask + 1) * 2 : 16;
	uint32_t *slots;

	while (n < want * 2)
		n *= 2;
	if (n > (size_t)UINT32_MAX)
		return -ENOMEM;
	slots = calloc(n, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	free(t->slots);
	t->slots = slots;
	t->slot_mask = n - 1;
	for (uint32_t r = 1; r <= t->count; r++)
		t->slots[probe(t, rec_at(t, r))] = r;
	return 0;
}

int none_table_insert(struct none_table *t, const void *rec)
{
	size_t i;

	if (none_table_find(t, rec))
		return -EEXIST;
	if (t->count == t->rec_cap) {
		/* 1.5x: the benchmark counts bytes per record. */
		size_t cap = t->rec_cap ? t->rec_cap + t->rec_cap / 2 : 16;
		uint8_t *recs = cap < SIZE_MAX / t->rec_size ? realloc(t->recs, cap * t->rec_size)
							      : NULL;
		if (!recs)
			return -ENOMEM;
		t->recs = recs;
		t->rec_cap = cap;
	}
	if (!t->slots || (t->count + 1) * 2 > t->slot_mask + 1) {
		int ret = grow_slots(t, t->count + 1);
		if (ret < 0)
			return ret;
	}
	memcpy(t->recs + t->count * t->rec_size, rec, t->rec_size);
	t->count++;
	i = probe(t, rec);
	t->slots[i] = (uint32_t)t->count;
	return 0;
}

/* Is home outside the cyclic range (hole, j]? Then the entry at j may move
 * back into the hole without becoming unreachable. */
static int may_fill(size_t hole, size_t j, size_t home)
{
	return hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
}

int none_table_remove(struct none_table *t, const void *key)
{
	size_t hole, j;
	uint32_t gone, last;

	if (!t->slots)
		return -ENOENT;
	hole = probe(t, key);
	gone = t->slots[hole];
	if (!gone)
		return -ENOENT;
	/* Backward-shift deletion keeps every probe sequence unbroken. */
	for (j = (hole + 1) & t->slot_mask; t->slots[j]; j = (j + 1) & t->slot_mask) {
		size_t home = hash_key(t, rec_at(t, t->slots[j])) & t->slot_mask;
		if (may_fill(hole, j, home)) {
			t->slots[hole] = t->slots[j];
			hole = j;
		}
	}
	t->slots[hole] = 0;
	/* Keep the records dense: the last one moves into the gap. */
	last = (uint32_t)t->count;
	if (gone != last) {
		t->slots[probe(t, rec_at(t, last))] = gone;
		memcpy(rec_at(t, gone), rec_at(t, last), t->rec_size);
	}
	t->count--;
	return 0;
}

size_t none_table_bytes(const struct none_table *t)
{
	return t->rec_cap * t->rec_size + (t->slots ? (t->slot_mask + 1) * sizeof(uint32_t) : 0);
}
