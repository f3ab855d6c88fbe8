/*
 * isolate_frame.c - messages over a pipe between assess and a child
 * process (see isolate_frame.h).
 */
#include "isolate_frame.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

long long isolate_frame_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void isolate_frame_set_blocking(int fd, int blocking)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, blocking ? fl & ~O_NONBLOCK : fl | O_NONBLOCK);
}

int isolate_frame_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int isolate_frame_send(int fd, char type, const char *body, size_t n)
{
	uint32_t len = (uint32_t)n + 1;

	if (n >= UINT32_MAX)
		return -1;
	return isolate_frame_write_all(fd, &len, sizeof len) == 0 &&
	       isolate_frame_write_all(fd, &type, 1) == 0 && isolate_frame_write_all(fd, body, n) == 0
	       ? 0 : -1;
}

/* Read exactly n bytes within the deadline (ms since the epoch of
 * CLOCK_MONOTONIC; 0: none).  0, -1 on end or error, -2 on timeout. */
static int isolate_frame_read_all(int fd, void *buf, size_t n, long long deadline)
{
	char *p = buf;

	while (n > 0) {
		ssize_t r;
		if (deadline) {
			struct pollfd pfd = { fd, POLLIN, 0 };
			long long now = isolate_frame_now_ms();
			int pr;
			if (now >= deadline)
				return -2;
			pr = poll(&pfd, 1, (int)(deadline - now));
			if (pr < 0 && errno == EINTR)
				continue;
			if (pr == 0)
				return -2;
			if (pr < 0)
				return -1;
		}
		r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* A message into *body (malloc'd, NUL-terminated; its type first). */
int isolate_frame_recv(int fd, char **body, long long deadline)
{
	uint32_t len;
	int rc;

	*body = NULL;
	if ((rc = isolate_frame_read_all(fd, &len, sizeof len, deadline)) != 0)
		return rc;
	if (len == 0 || !(*body = malloc((size_t)len + 1)))
		return -1;
	if ((rc = isolate_frame_read_all(fd, *body, len, deadline)) != 0) {
		free(*body);
		*body = NULL;
		return rc;
	}
	(*body)[len] = '\0';
	return 0;
}
