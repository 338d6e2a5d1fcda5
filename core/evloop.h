/* The daemon's single-threaded event loop: epoll for descriptors, the timer heap
 * for deadlines, signalfd for signals. No threads: every handler runs to
 * completion, so SA state is never shared between threads. */
#ifndef CORE_EVLOOP_H
#define CORE_EVLOOP_H
#include <stdbool.h>
#include <stdint.h>

#include "core/timer.h"

struct watch;
typedef void (*watch_fn)(struct watch *w, uint32_t events, void *ctx);

struct watch {
	int fd;
	watch_fn fn;
};

struct evloop {
	int epfd;
	struct timer_heap timers;
	uint64_t now_ms;  /* monotonic, refreshed before each batch of handlers */
	bool stop;
	void *ctx;        /* passed to every handler (the daemon) */
	void (*idle)(void *ctx); /* before each wait: work batched over one turn */
};

int evloop_init(struct evloop *l, void *ctx);
void evloop_free(struct evloop *l);
/* events: EPOLLIN and/or EPOLLOUT. */
int evloop_add(struct evloop *l, struct watch *w, int fd, uint32_t events, watch_fn fn);
int evloop_mod(struct evloop *l, struct watch *w, uint32_t events);
void evloop_del(struct evloop *l, struct watch *w);
/* Runs until evloop_stop(); returns 0 or -errno. */
int evloop_run(struct evloop *l);
static inline void evloop_stop(struct evloop *l)
{
	l->stop = true;
}

/* Arms a timer `ms` from now. */
int evloop_after(struct evloop *l, struct timer *t, uint64_t ms, timer_fn fn);
uint64_t mono_ms(void);

#endif
