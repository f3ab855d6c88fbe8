/*
 * rdbuf.h - reading an input file a block at a time, hashing every byte
 * read, by byte or by line with a limit on what a line may keep.  A read
 * error is never taken for the end of the file, and a line longer than
 * the limit is read past without being held, so memory stays near the
 * limit whatever the file holds.
 *
 * The bytes come by read(2), not stdio: a read returns what a pipe holds
 * as soon as it holds anything, where fread would wait for a whole block
 * (so a slow producer's first byte is judged when it comes).  A reader of
 * a pipe, FIFO or terminal can be woken (rdbuf_set_wake): it then stops
 * waiting for a producer that may never write or close.
 */
#ifndef ASSESS_RDBUF_H
#define ASSESS_RDBUF_H

#include <iconv.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "sha256.h"

struct rdbuf {
	FILE *fp;           /* the stream as opened; read through fd */
	int fd;
	int may_wait;       /* not a regular file: a read may wait, so poll */
	int wake;           /* readable: stop waiting (ECANCELED); -1: none */
	int held;           /* a byte taken from the file ahead, or -1 */
	int eof;            /* the end was read: stays the end */
	struct sha256 *sha; /* every byte read goes into it, as read */
	int err;            /* errno of a failed read, or 0 */
	size_t pos, len;
	unsigned char buf[65536];   /* UTF-8 */
	iconv_t cd;         /* from the file's encoding; (iconv_t)-1: none */
	unsigned long long raw_off; /* bytes of the file converted so far */
	size_t raw_len;     /* bytes read but not yet converted */
	char raw[16384];
};

/* A reader with nothing to read, no byte held and no wake-up. */
void rdbuf_init(struct rdbuf *r);

/* Read fp from here on, hashing into sha; its text is in encoding (an
 * iconv name such as "GB18030"), converted to UTF-8, or UTF-8 already
 * when encoding is NULL.  stdio must hold no byte of fp (see
 * rdbuf_hold), since what follows is read from its descriptor.  The
 * held byte and the wake-up stay as they are.  0, or -1 when iconv has no
 * such encoding. */
int rdbuf_start(struct rdbuf *r, FILE *fp, struct sha256 *sha,
                const char *encoding);

/* Stop converting (the end of a file), and drop a held byte; accepts a
 * reader never started. */
void rdbuf_stop(struct rdbuf *r);

/* c, a byte already taken from the next file read (stdio's peek at
 * standard input), comes first, and is hashed then. */
void rdbuf_hold(struct rdbuf *r, int c);

/* While fd (a pipe's read end) has nothing to read, reads of a pipe,
 * FIFO or terminal wait for data; once it becomes readable they fail with
 * ECANCELED instead.  -1: never woken. */
void rdbuf_set_wake(struct rdbuf *r, int fd);

/* Refill the buffer when it is used up.  1 when bytes are there, 0 at the
 * end of the file, -1 on a read error (errno in r->err; EILSEQ: a byte
 * sequence not in the encoding, at file offset r->raw_off; ECANCELED: woken
 * while waiting, see rdbuf_set_wake). */
int rdbuf_fill(struct rdbuf *r);

/* The next byte, or EOF at the end or on an error (r->err tells). */
static inline int rdbuf_getc(struct rdbuf *r)
{
	if (r->pos < r->len || rdbuf_fill(r) > 0)
		return r->buf[r->pos++];
	return EOF;
}

/* The bytes read and not yet taken, at *p: how many (0 when the buffer
 * is used up: rdbuf_getc or rdbuf_fill reads on).  A reader scanning a
 * run of bytes takes them by rdbuf_take rather than one rdbuf_getc each.
 */
static inline size_t rdbuf_peek(const struct rdbuf *r,
                                const unsigned char **p)
{
	*p = r->buf + r->pos;
	return r->len - r->pos;
}

/* Take n (at most what rdbuf_peek gave) of the bytes read. */
static inline void rdbuf_take(struct rdbuf *r, size_t n)
{
	r->pos += n;
}

/* The rest of the current line, its '\n' included, into *line (growing
 * *cap; NUL-terminated), keeping at most limit bytes and setting *over
 * when it was longer.  The bytes kept, 0 at the end of the file, -1 on a
 * read error, -3 out of memory. */
ssize_t rdbuf_line(struct rdbuf *r, char **line, size_t *cap, size_t limit,
                   int *over);

/* Append n bytes at p to *buf (length *len, growing *cap; NUL-terminated),
 * keeping at most limit bytes in all and setting *over past that.  0, or
 * -1 out of memory. */
int rdbuf_append(char **buf, size_t *cap, size_t *len, const void *p,
                 size_t n, size_t limit, int *over);

#endif
