/* A hash table of fixed-size records for the "none" kernel: records sit densely
 * in one array (no per-record allocation, no pointers), found through an
 * open-addressing index of 32-bit positions. The key is the first key_size
 * bytes of a record, compared bytewise: callers zero records (padding too)
 * before filling them. */
#ifndef NETLINK_NONE_TABLE_H
#define NETLINK_NONE_TABLE_H
#include <stddef.h>
#include <stdint.h>

struct none_table {
	uint8_t *recs;
	uint32_t *slots;        /* 0 = empty, else record index + 1 */
	size_t rec_size, key_size;
	size_t count, rec_cap;
	size_t slot_mask;       /* slots - 1; slots is a power of two, at least 2 * count */
};

void none_table_init(struct none_table *t, size_t rec_size, size_t key_size);
void none_table_free(struct none_table *t);
void *none_table_find(const struct none_table *t, const void *key);
/* Copies rec in: 0, -EEXIST (same key), -ENOMEM. */
int none_table_insert(struct none_table *t, const void *rec);
/* 0 or -ENOENT. */
int none_table_remove(struct none_table *t, const void *key);
/* Heap bytes in use, for the memory-per-SA benchmark. */
size_t none_table_bytes(const struct none_table *t);

#endif
