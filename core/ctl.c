/* The control socket's server side. */
#include "core/ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/pluto.h"

static struct ctl_client *find_client(struct pluto *p, uint32_t id)
{
	for (struct ctl_client *c = p->clients; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

bool ctl_client_alive(struct pluto *p, uint32_t id)
{
	struct ctl_client *c = find_client(p, id);
	return c && !c->closing;
}

static void client_free(struct pluto *p, struct ctl_client *c)
{
	struct ctl_client **pp;
	for (pp = &p->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	/* close() takes the descriptor out of the epoll set (it is never dup'ed):
	 * no EPOLL_CTL_DEL needed. */
	close(c->w.fd);
	free(c->in);
	free(c->out);
	free(c);
}

/* A change of what to wait for costs a system call: only when it changes. */
static void watch_for(struct pluto *p, struct ctl_client *c, uint32_t events)
{
	if (c->events != events && evloop_mod(&p->loop, &c->w, events) == 0)
		c->events = events;
}

/* Writes what it can without blocking; frees the client when closing and done. */
static void client_flush(struct pluto *p, struct ctl_client *c)
{
	log_flush(p);
	while (c->out_len) {
		ssize_t n = send(c->w.fd, c->out, c->out_len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				watch_for(p, c, EPOLLOUT);
				return;
			}
			c->out_len = 0; /* the client went away */
			c->closing = true;
			break;
		}
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (size_t)n;
	}
	if (c->closing)
		client_free(p, c);
	else
		watch_for(p, c, EPOLLIN);
}

void ctl_client_line(struct pluto *p, uint32_t id, enum rc rc, const char *line)
{
	struct ctl_client *c = find_client(p, id);
	size_t need;
	char code[8];
	int n;

	if (!c || c->closing)
		return;
	n = snprintf(code, sizeof(code), "%03u ", (unsigned)rc % 1000);
	need = (size_t)n + strlen(line) + 1;
	if (c->out_len + need > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 4096;
		uint8_t *o;
		while (cap < c->out_len + need)
			cap *= 2;
		o = realloc(c->out, cap);
		if (!o)
			return;
		c->out = o;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, code, (size_t)n);
	c->out_len += (size_t)n;
	memcpy(c->out + c->out_len, line, strlen(line));
	c->out_len += strlen(line);
	c->out[c->out_len++] = '\n';
	/* Written before the loop waits (ctl_flush_pending), so a burst of lines is
	 * one write; a client that cannot take it all is finished on EPOLLOUT. */
	p->ctl_pending = true;
}

void ctl_printf(struct pluto *p, uint32_t id, enum rc rc, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ctl_client_line(p, id, rc, line);
}

void ctl_client_done(struct pluto *p, uint32_t id)
{
	struct ctl_client *c = find_client(p, id);
	if (!c || c->closing)
		return;
	c->closing = true;
	c->attached = false;
	p->ctl_pending = true;
}

void ctl_flush_pending(struct pluto *p)
{
	struct ctl_client *c, *next;

	if (!p->ctl_pending)
		return;
	p->ctl_pending = false;
	for (c = p->clients; c; c = next) {
		next = c->next;
		if (!(c->events & EPOLLOUT) && (c->out_len || c->closing))
			client_flush(p, c);
	}
}

/* Splits the request into NUL-terminated strings. */
static int split_args(uint8_t *buf, size_t len, char **argv)
{
	int argc = 0;
	size_t start = 0;
	if (len == 0 || buf[len - 1] != '\0')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '\0')
			continue;
		if (argc == CTL_MAX_ARGS)
			return -1;
		argv[argc++] = (char *)buf + start;
		start = i + 1;
	}
	return argc;
}

static void client_event(struct watch *w, uint32_t events, void *ctx)
{
	struct pluto *p = ctx;
	struct ctl_client *c = container_of(w, struct ctl_client, w);

	if (events & EPOLLOUT) {
		client_flush(p, c);
		return;
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		uint8_t tmp[4096];
		ssize_t n = recv(c->w.fd, tmp, sizeof(tmp), MSG_DONTWAIT);
		size_t want;
		char *argv[CTL_MAX_ARGS];
		int argc;

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			/* The client left; an SA it was watching simply stops telling it. */
			client_free(p, c);
			return;
		}
		if (n < 0 || c->closing || c->attached)
			return;
		if (c->in_len + (size_t)n > CTL_MAX_REQUEST + 4) {
			client_free(p, c);
			return;
		}
		{
			uint8_t *in = realloc(c->in, c->in_len + (size_t)n);
			if (!in) {
				client_free(p, c);
				return;
			}
			c->in = in;
		}
		memcpy(c->in + c->in_len, tmp, (size_t)n);
		c->in_len += (size_t)n;
		if (c->in_len < 4)
			return;
		want = (size_t)c->in[0] << 24 | (size_t)c->in[1] << 16 | (size_t)c->in[2] << 8 |
		       c->in[3];
		if (want > CTL_MAX_REQUEST) {
			client_free(p, c);
			return;
		}
		if (c->in_len < 4 + want)
			return;
		argc = split_args(c->in + 4, want, argv);
		if (argc <= 0) {
			ctl_client_line(p, c->id, RC_BADWHACKMESSAGE, "malformed control request");
			ctl_client_done(p, c->id);
			return;
		}
		whack_dispatch(p, c->id, argc, argv);
	}
}

static void accept_event(struct watch *w, uint32_t events, void *ctx)
{
	struct pluto *p = ctx;
	int fd = accept4(w->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	struct ctl_client *c;

	if (fd < 0)
		return;
	/* The socket's mode already keeps others out; the credentials check is the
	 * second lock, for file systems that ignore socket modes. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 ||
	    (cred.uid != 0 && cred.uid != geteuid())) {
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return;
	}
	c->id = ++p->next_client_id ? p->next_client_id : ++p->next_client_id;
	c->events = EPOLLIN;
	if (evloop_add(&p->loop, &c->w, fd, EPOLLIN, client_event) < 0) {
		free(c);
		close(fd);
		return;
	}
	c->next = p->clients;
	p->clients = c;
}

int ctl_listen(struct pluto *p)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *path = p->opt.ctlsocket;
	int fd, err;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	memcpy(sun.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	mode_t old = umask(0077);
	err = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (err < 0 || chmod(path, 0600) < 0 || listen(fd, 16) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	p->ctl_fd = fd;
	err = evloop_add(&p->loop, &p->ctl_watch, fd, EPOLLIN, accept_event);
	if (err < 0) {
		close(fd);
		p->ctl_fd = -1;
	}
	return err;
}

void ctl_close_all(struct pluto *p)
{
	log_flush(p);
	while (p->clients) {
		struct ctl_client *c = p->clients;
		/* Last chance to deliver queued lines (best effort, never blocks). */
		if (c->out_len)
			(void)!send(c->w.fd, c->out, c->out_len, MSG_DONTWAIT | MSG_NOSIGNAL);
		client_free(p, c);
	}
	if (p->ctl_fd >= 0) {
		evloop_del(&p->loop, &p->ctl_watch);
		close(p->ctl_fd);
		unlink(p->opt.ctlsocket);
		p->ctl_fd = -1;
	}
}
