#include "core/evloop.h"

#include <errno.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int evloop_init(struct evloop *l, void *ctx)
{
	*l = (struct evloop){ .ctx = ctx, .now_ms = mono_ms() };
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	return l->epfd < 0 ? -errno : 0;
}

void evloop_free(struct evloop *l)
{
	if (l->epfd >= 0)
		close(l->epfd);
	l->epfd = -1;
	timer_heap_free(&l->timers);
}

int evloop_add(struct evloop *l, struct watch *w, int fd, uint32_t events, watch_fn fn)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };
	w->fd = fd;
	w->fn = fn;
	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

int evloop_mod(struct evloop *l, struct watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };
	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, w->fd, &ev) < 0 ? -errno : 0;
}

void evloop_del(struct evloop *l, struct watch *w)
{
	if (w->fd >= 0)
		epoll_ctl(l->epfd, EPOLL_CTL_DEL, w->fd, NULL);
}

int evloop_after(struct evloop *l, struct timer *t, uint64_t ms, timer_fn fn)
{
	return timer_arm(&l->timers, t, l->now_ms + ms, fn);
}

int evloop_run(struct evloop *l)
{
	struct epoll_event evs[32];

	while (!l->stop) {
		uint64_t next = timer_next(&l->timers);
		int timeout, n;
		struct timer *t;

		l->now_ms = mono_ms();
		while ((t = timer_pop_due(&l->timers, l->now_ms)) != NULL) {
			t->fn(t, l->ctx);
			if (l->stop)
				return 0;
		}
		next = timer_next(&l->timers);
		if (next == UINT64_MAX)
			timeout = -1;
		else if (next <= l->now_ms)
			timeout = 0;
		else
			timeout = next - l->now_ms > 60000 ? 60000 : (int)(next - l->now_ms);
		if (l->idle)
			l->idle(l->ctx);
		n = epoll_wait(l->epfd, evs, 32, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		l->now_ms = mono_ms();
		for (int i = 0; i < n && !l->stop; i++) {
			struct watch *w = evs[i].data.ptr;
			w->fn(w, evs[i].events, l->ctx);
		}
	}
	return 0;
}
