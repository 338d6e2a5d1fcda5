/* Timers: a binary min-heap of deadlines (monotonic milliseconds). A timer is
 * embedded in the object it belongs to, so arming one never allocates and
 * cancelling is O(log n). */
#ifndef CORE_TIMER_H
#define CORE_TIMER_H
#include <stddef.h>
#include <stdint.h>

struct timer;
typedef void (*timer_fn)(struct timer *t, void *ctx);

struct timer {
	uint64_t when;  /* monotonic ms */
	size_t slot;    /* position in the heap + 1; 0 when not armed */
	timer_fn fn;
};

struct timer_heap {
	struct timer **v;
	size_t n, cap;
};

/* Arms (or re-arms) t to fire at `when`. Returns 0 or -ENOMEM. */
int timer_arm(struct timer_heap *h, struct timer *t, uint64_t when, timer_fn fn);
void timer_cancel(struct timer_heap *h, struct timer *t);
static inline int timer_armed(const struct timer *t)
{
	return t->slot != 0;
}
/* The earliest deadline, or UINT64_MAX when none. */
uint64_t timer_next(const struct timer_heap *h);
/* Removes and returns the earliest timer due at or before now, or NULL. */
struct timer *timer_pop_due(struct timer_heap *h, uint64_t now);
void timer_heap_free(struct timer_heap *h);

#endif
