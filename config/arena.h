/* A bump allocator for the configuration reader: everything parsed from the
 * files lives in one arena and goes away with one call. Internal to config/. */
#ifndef CONFIG_ARENA_H
#define CONFIG_ARENA_H
#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t used, size; /* of head */
};

/* Zeroed memory, 16-byte aligned; NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void arena_free(struct arena *a);
/* Zeroes every block before freeing (arenas holding secrets). */
void arena_wipe_free(struct arena *a);

#endif
