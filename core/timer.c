#include "core/timer.h"

#include <errno.h>
#include <stdlib.h>

static void place(struct timer_heap *h, size_t i, struct timer *t)
{
	h->v[i] = t;
	t->slot = i + 1;
}

static void sift_up(struct timer_heap *h, size_t i)
{
	struct timer *t = h->v[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (h->v[parent]->when <= t->when)
			break;
		place(h, i, h->v[parent]);
		i = parent;
	}
	place(h, i, t);
}

static void sift_down(struct timer_heap *h, size_t i)
{
	struct timer *t = h->v[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1]->when < h->v[c]->when)
			c++;
		if (h->v[c]->when >= t->when)
			break;
		place(h, i, h->v[c]);
		i = c;
	}
	place(h, i, t);
}

static void remove_at(struct timer_heap *h, size_t i)
{
	struct timer *last = h->v[--h->n];
	h->v[i]->slot = 0;
	if (i == h->n)
		return;
	place(h, i, last);
	sift_down(h, i);
	sift_up(h, last->slot - 1);
}

int timer_arm(struct timer_heap *h, struct timer *t, uint64_t when, timer_fn fn)
{
	if (t->slot)
		remove_at(h, t->slot - 1);
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		struct timer **v = realloc(h->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		h->v = v;
		h->cap = cap;
	}
	t->when = when;
	t->fn = fn;
	place(h, h->n++, t);
	sift_up(h, h->n - 1);
	return 0;
}

void timer_cancel(struct timer_heap *h, struct timer *t)
{
	if (t->slot)
		remove_at(h, t->slot - 1);
}

uint64_t timer_next(const struct timer_heap *h)
{
	return h->n ? h->v[0]->when : UINT64_MAX;
}

struct timer *timer_pop_due(struct timer_heap *h, uint64_t now)
{
	struct timer *t;
	if (!h->n || h->v[0]->when > now)
		return NULL;
	t = h->v[0];
	remove_at(h, 0);
	return t;
}

void timer_heap_free(struct timer_heap *h)
{
	for (size_t i = 0; i < h->n; i++)
		h->v[i]->slot = 0;
	free(h->v);
	*h = (struct timer_heap){ 0 };
}
