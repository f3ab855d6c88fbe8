/*
 * rdbuf.c - block reads with hashing, by byte or bounded line (see
 * rdbuf.h).
 */
#include "rdbuf.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void rdbuf_init(struct rdbuf *r)
{
	memset(r, 0, offsetof(struct rdbuf, buf));
	r->fd = r->wake = r->held = -1;
	r->cd = (iconv_t)-1;
}

int rdbuf_start(struct rdbuf *r, FILE *fp, struct sha256 *sha,
                const char *encoding)
{
	struct stat st;

	r->fp = fp;
	r->fd = fileno(fp);
	r->may_wait = fstat(r->fd, &st) < 0 || !S_ISREG(st.st_mode);
	r->eof = 0;
	r->sha = sha;
	r->err = 0;
	r->pos = r->len = 0;
	r->raw_off = 0;
	r->raw_len = 0;
	r->cd = encoding ? iconv_open("UTF-8", encoding) : (iconv_t)-1;
	return encoding && r->cd == (iconv_t)-1 ? -1 : 0;
}

void rdbuf_stop(struct rdbuf *r)
{
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	r->cd = (iconv_t)-1;
	r->fp = NULL;
	r->held = -1;
}

void rdbuf_hold(struct rdbuf *r, int c)
{
	r->held = c;
}

void rdbuf_set_wake(struct rdbuf *r, int fd)
{
	r->wake = fd;
}

/* Wait until the file has something to read (or its end), unless the
 * wake-up comes first.  0, or -1 with errno (ECANCELED: woken). */
static int wait_readable(struct rdbuf *r)
{
	struct pollfd pf[2];

	pf[0].fd = r->fd;
	pf[1].fd = r->wake;
	pf[0].events = pf[1].events = POLLIN;
	for (;;) {
		pf[0].revents = pf[1].revents = 0;
		if (poll(pf, 2, -1) >= 0)
			break;
		if (errno != EINTR)
			return -1;
	}
	if (pf[1].revents) {
		errno = ECANCELED;
		return -1;
	}
	return 0;
}

/* Up to want bytes of the file into dst: the held byte, or what one
 * read(2) gives (a pipe's bytes as soon as there are any).  The bytes
 * read, 0 at the end (and from then on), -1 with errno. */
static ssize_t raw_read(struct rdbuf *r, void *dst, size_t want)
{
	ssize_t n;

	if (r->held >= 0) {
		*(unsigned char *)dst = (unsigned char)r->held;
		r->held = -1;
		return 1;
	}
	if (r->eof)
		return 0;
	do {
		if (r->may_wait && r->wake >= 0 && wait_readable(r) < 0)
			return -1;
		n = read(r->fd, dst, want);
	} while (n < 0 && errno == EINTR);
	r->eof = n == 0;
	return n;
}

/* Convert what was read into buf; at the end of the file (eof) a sequence
 * cut short is an error.  1 with bytes in buf, 0 none yet, -1 EILSEQ. */
static int convert(struct rdbuf *r, int eof)
{
	char *in = r->raw, *out = (char *)r->buf;
	size_t inleft = r->raw_len, outleft = sizeof r->buf;

	if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1 &&
	    errno != E2BIG && (errno != EINVAL || eof)) {
		r->raw_off += (size_t)(in - r->raw);
		r->err = EILSEQ;
		return -1;
	}
	r->raw_off += (size_t)(in - r->raw);
	memmove(r->raw, in, inleft); /* a sequence cut by the read, kept */
	r->raw_len = inleft;
	r->pos = 0;
	r->len = sizeof r->buf - outleft;
	return r->len > 0;
}

/* Fill buf from a file in another encoding. */
static int fill_converted(struct rdbuf *r)
{
	for (;;) {
		size_t want = sizeof r->raw - r->raw_len;
		ssize_t n = 0;
		int eof = 0, got;

		if (want) {
			n = raw_read(r, r->raw + r->raw_len, want);
			if (n < 0) {
				r->err = errno ? errno : EIO;
				return -1;
			}
			eof = n == 0;
			sha256_update(r->sha, r->raw + r->raw_len, (size_t)n);
			r->raw_len += (size_t)n;
		}
		if (r->raw_len == 0)
			return 0;
		if ((got = convert(r, eof)) != 0)
			return got;
		if (eof)
			return 0;
	}
}

int rdbuf_fill(struct rdbuf *r)
{
	ssize_t n;

	if (r->pos < r->len)
		return 1;
	if (!r->fp)
		return 0;
	if (r->cd != (iconv_t)-1)
		return fill_converted(r);
	n = raw_read(r, r->buf, sizeof r->buf);
	if (n <= 0) {
		if (n < 0) {
			r->err = errno ? errno : EIO;
			return -1;
		}
		return 0;
	}
	sha256_update(r->sha, r->buf, (size_t)n);
	r->pos = 0;
	r->len = (size_t)n;
	return 1;
}

int rdbuf_append(char **buf, size_t *cap, size_t *len, const void *p,
                 size_t n, size_t limit, int *over)
{
	if (*len + n > limit) {
		*over = 1;
		n = *len < limit ? limit - *len : 0;
	}
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 4096;
		char *q;
		while (c < *len + n + 1)
			c *= 2;
		if (!(q = realloc(*buf, c)))
			return -1;
		*buf = q;
		*cap = c;
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

ssize_t rdbuf_line(struct rdbuf *r, char **line, size_t *cap, size_t limit,
                   int *over)
{
	size_t len = 0;
	int got;

	*over = 0;
	if (*line)
		(*line)[0] = '\0';
	while ((got = rdbuf_fill(r)) > 0) {
		const unsigned char *p = r->buf + r->pos;
		size_t avail = r->len - r->pos;
		const unsigned char *nl = memchr(p, '\n', avail);
		size_t n = nl ? (size_t)(nl - p) + 1 : avail;

		if (rdbuf_append(line, cap, &len, p, n, limit, over) < 0)
			return -3;
		r->pos += n;
		if (nl)
			break;
	}
	return got < 0 ? -1 : (ssize_t)len;
}
