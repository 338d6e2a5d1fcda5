/* Load generator for the benchmark: drives pluto over its control socket the way
 * `ipsec auto --up NAME` does (core/ctl.h protocol), without a process per
 * request, so the daemons' throughput and not fork+exec is measured.
 *
 *   drive up SOCKET CONCURRENCY PREFIX FIRST LAST
 *       "up PREFIXi" for i in FIRST..LAST, CONCURRENCY outstanding at a time (each
 *       request stays open until its Child SA is up, as ipsec auto --up does).
 *       Prints: ok=N failed=N wall_ms=X lat_median_ms=X lat_p90_ms=X
 *   drive wait SOCKET TIMEOUT_MS
 *       Retries "ping" until the daemon answers (it answers only once the
 *       connections of ipsec.conf are loaded). Prints: ready_at_ms=X, wall clock
 *       in milliseconds since the epoch, to compare with `date +%s%3N`. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONC 256

struct req {
	int fd;
	double started_ms;
	char tail[8];  /* last bytes seen, to find "\n004 " across reads */
	size_t tail_len;
	int ok;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int open_request(const char *path, const char *cmd, const char *arg)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	unsigned char buf[512];
	size_t len = strlen(cmd) + 1 + (arg ? strlen(arg) + 1 : 0);
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path) || len + 4 > sizeof(buf))
		return -EINVAL;
	memcpy(sun.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	buf[0] = (unsigned char)(len >> 24);
	buf[1] = (unsigned char)(len >> 16);
	buf[2] = (unsigned char)(len >> 8);
	buf[3] = (unsigned char)len;
	memcpy(buf + 4, cmd, strlen(cmd) + 1);
	if (arg)
		memcpy(buf + 4 + strlen(cmd) + 1, arg, strlen(arg) + 1);
	if (send(fd, buf, len + 4, MSG_NOSIGNAL) != (ssize_t)(len + 4)) {
		close(fd);
		return -EIO;
	}
	return fd;
}

/* Scans reply bytes for a line starting with code 004 (RC_SUCCESS), which ipsec
 * auto --up prints once the Child SA is established. */
static void scan(struct req *r, const char *b, size_t n)
{
	char win[8 + 4096];
	size_t w;

	while (n) {
		size_t chunk = n > 4096 ? 4096 : n;
		memcpy(win, r->tail, r->tail_len);
		memcpy(win + r->tail_len, b, chunk);
		w = r->tail_len + chunk;
		for (size_t i = 0; i + 4 <= w; i++)
			if ((i == 0 ? r->tail_len == 0 : win[i - 1] == '\n') &&
			    memcmp(win + i, "004 ", 4) == 0)
				r->ok = 1;
		r->tail_len = w < 4 ? w : 4;
		memcpy(r->tail, win + w - r->tail_len, r->tail_len);
		b += chunk;
		n -= chunk;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int drive_up(const char *path, int conc, const char *prefix, long first, long last)
{
	struct req reqs[MAX_CONC];
	struct pollfd pfd[MAX_CONC];
	long next = first, total = last - first + 1, done = 0, ok = 0;
	double *lat = calloc((size_t)total, sizeof(double)), t0 = now_ms();
	char name[256], buf[8192];

	if (!lat || conc < 1 || conc > MAX_CONC)
		return 2;
	for (int i = 0; i < conc; i++)
		reqs[i].fd = -1;
	while (done < total) {
		int n = 0;
		for (int i = 0; i < conc; i++) {
			if (reqs[i].fd < 0 && next <= last) {
				snprintf(name, sizeof(name), "%s%ld", prefix, next++);
				reqs[i] = (struct req){ .fd = open_request(path, "up", name),
							.started_ms = now_ms() };
				if (reqs[i].fd < 0) {
					fprintf(stderr, "drive: %s: %s\n", name, strerror(-reqs[i].fd));
					reqs[i].fd = -1;
					done++;
					continue;
				}
			}
			pfd[i] = (struct pollfd){ .fd = reqs[i].fd, .events = POLLIN };
			if (reqs[i].fd >= 0)
				n++;
		}
		if (!n)
			continue;
		if (poll(pfd, (nfds_t)conc, 120000) <= 0) {
			fprintf(stderr, "drive: no progress for 120 s\n");
			break;
		}
		for (int i = 0; i < conc; i++) {
			ssize_t got;
			if (reqs[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			got = recv(reqs[i].fd, buf, sizeof(buf), 0);
			if (got > 0) {
				scan(&reqs[i], buf, (size_t)got);
				continue;
			}
			close(reqs[i].fd);
			reqs[i].fd = -1;
			if (reqs[i].ok)
				lat[ok++] = now_ms() - reqs[i].started_ms;
			done++;
		}
	}
	qsort(lat, (size_t)ok, sizeof(double), cmp_double);
	printf("ok=%ld failed=%ld wall_ms=%.1f lat_median_ms=%.2f lat_p90_ms=%.2f\n", ok,
	       total - ok, now_ms() - t0, ok ? lat[ok / 2] : 0.0,
	       ok ? lat[ok * 9 / 10] : 0.0);
	free(lat);
	return ok == total ? 0 : 1;
}

static int drive_wait(const char *path, long timeout_ms)
{
	double t0 = now_ms();
	struct timespec ts;
	char buf[4096];

	while (now_ms() - t0 < (double)timeout_ms) {
		int fd = open_request(path, "ping", NULL);
		if (fd >= 0) {
			while (recv(fd, buf, sizeof(buf), 0) > 0)
				;
			close(fd);
			clock_gettime(CLOCK_REALTIME, &ts);
			printf("ready_at_ms=%lld\n", (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
			return 0;
		}
		usleep(500);
	}
	fprintf(stderr, "drive: %s did not answer within %ld ms\n", path, timeout_ms);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc == 7 && strcmp(argv[1], "up") == 0)
		return drive_up(argv[2], atoi(argv[3]), argv[4], atol(argv[5]), atol(argv[6]));
	if (argc == 4 && strcmp(argv[1], "wait") == 0)
		return drive_wait(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: drive up SOCKET CONCURRENCY PREFIX FIRST LAST\n"
			"       drive wait SOCKET TIMEOUT_MS\n");
	return 2;
}
