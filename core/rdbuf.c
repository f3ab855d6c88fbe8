/*
 * rdbuf.c - block reads with hashing, by byte or bounded line (see
 * rdbuf.h).
 */
#include "rdbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int rdbuf_start(struct rdbuf *r, FILE *fp, struct sha256 *sha,
                const char *encoding)
{
	r->fp = fp;
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
		size_t want = sizeof r->raw - r->raw_len, n = 0;
		int eof = 0, got;

		if (want) {
			n = fread(r->raw + r->raw_len, 1, want, r->fp);
			if (n == 0 && ferror(r->fp)) {
				r->err = errno ? errno : EIO;
				return -1;
			}
			eof = n == 0;
			sha256_update(r->sha, r->raw + r->raw_len, n);
			r->raw_len += n;
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
	size_t n;

	if (r->pos < r->len)
		return 1;
	if (!r->fp)
		return 0;
	if (r->cd != (iconv_t)-1)
		return fill_converted(r);
	n = fread(r->buf, 1, sizeof r->buf, r->fp);
	if (n == 0) {
		if (ferror(r->fp)) {
			r->err = errno ? errno : EIO;
			return -1;
		}
		return 0;
	}
	sha256_update(r->sha, r->buf, n);
	r->pos = 0;
	r->len = n;
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
