/* The control socket's client side, used by whack, auto, addconn and friends. */
#include "core/ctl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int send_all(int fd, const void *buf, size_t len)
{
	const uint8_t *b = buf;
	while (len) {
		ssize_t n = send(fd, b, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Prints one "NNN text" line and folds its code into the exit status the way
 * Libreswan's whack does. */
static void handle_line(const char *line, size_t len, int *status)
{
	char *end;
	unsigned long rc = strtoul(line, &end, 10);

	if (end == line || *end != ' ') {
		fwrite(line, 1, len, stdout);
		fputc('\n', stdout);
		return;
	}
	if (rc == RC_PRINT)
		fwrite(end + 1, 1, len - (size_t)(end + 1 - line), stdout);
	else
		fwrite(line, 1, len, stdout);
	fputc('\n', stdout);
	switch (rc) {
	case RC_COMMENT:
	case RC_PRINT:
	case RC_LOG:
	case RC_LOG_SERIOUS:
	case RC_INFORMATIONAL:
	case RC_INFORMATIONAL_TRAFFIC:
		break;
	case RC_SUCCESS:
		*status = 0;
		break;
	default:
		if (rc < RC_EXIT_FLOOR || rc >= RC_EXIT_ROOF)
			rc = 0;
		*status = (int)rc;
	}
}

int ctl_request(const char *sock_path, int argc, const char *const *argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = 0, off = 4;
	uint8_t *req;
	char buf[8192];
	size_t have = 0;
	int fd, status = 0, err;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (len > CTL_MAX_REQUEST || strlen(sock_path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "whack: request too long\n");
		return RC_WHACK_PROBLEM;
	}
	req = malloc(4 + len);
	if (!req)
		return RC_WHACK_PROBLEM;
	req[0] = (uint8_t)(len >> 24);
	req[1] = (uint8_t)(len >> 16);
	req[2] = (uint8_t)(len >> 8);
	req[3] = (uint8_t)len;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		memcpy(req + off, argv[i], n);
		off += n;
	}
	memcpy(sun.sun_path, sock_path, strlen(sock_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		err = errno;
		fprintf(stderr, "whack:%s connect() for \"%s\" failed (%d %s)\n",
			err == ECONNREFUSED || err == ENOENT ? " is Pluto running? " : "",
			sock_path, err, strerror(err));
		if (fd >= 0)
			close(fd);
		free(req);
		return 1;
	}
	err = send_all(fd, req, 4 + len);
	free(req);
	if (err < 0) {
		fprintf(stderr, "whack: write() failed (%d %s)\n", -err, strerror(-err));
		close(fd);
		return RC_WHACK_PROBLEM;
	}
	for (;;) {
		ssize_t n = recv(fd, buf + have, sizeof(buf) - have, 0);
		char *nl;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		while ((nl = memchr(buf, '\n', have)) != NULL) {
			size_t l = (size_t)(nl - buf);
			*nl = '\0';
			handle_line(buf, l, &status);
			memmove(buf, nl + 1, have - l - 1);
			have -= l + 1;
		}
		if (have == sizeof(buf)) { /* an overlong line: print it as it is */
			handle_line(buf, have, &status);
			have = 0;
		}
	}
	if (have)
		handle_line(buf, have, &status);
	fflush(stdout);
	close(fd);
	return status;
}
