/*
 * spool.c - the results' spool read back a line at a time through a
 * window of it mapped read-only, and the output written a block at a
 * time, on a thread of its own with a second core (see spool.h).
 */
#define _GNU_SOURCE /* MAP_POPULATE */
#include "spool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The sink's writer: each block handed over, written in turn. */
static void *writer_main(void *arg)
{
	struct spool_sink *o = arg;
	size_t n;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (!o->busy && !o->done)
			pthread_cond_wait(&o->cv, &o->mu);
		if (!o->busy)
			break;
		pthread_mutex_unlock(&o->mu);
		n = fwrite(o->full.data, 1, o->full.len, o->out);
		pthread_mutex_lock(&o->mu);
		if (n != o->full.len && !o->err)
			o->err = errno ? errno : EIO;
		o->busy = 0;
		pthread_cond_broadcast(&o->cv);
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

/* Wait until the writer has written what it was handed.  0, or -1 with
 * the errno of its failed write. */
static int idle(struct spool_sink *o)
{
	int e;

	pthread_mutex_lock(&o->mu);
	while (o->busy)
		pthread_cond_wait(&o->cv, &o->mu);
	e = o->err;
	pthread_mutex_unlock(&o->mu);
	if (e)
		errno = e;
	return e ? -1 : 0;
}

void spool_sink_start(struct spool_sink *o, FILE *out, int threaded)
{
	memset(o, 0, sizeof *o);
	o->out = out;
	if (!threaded || pthread_mutex_init(&o->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&o->cv, NULL) != 0) {
		pthread_mutex_destroy(&o->mu);
		return;
	}
	if (pthread_create(&o->writer, NULL, writer_main, o) != 0) {
		pthread_cond_destroy(&o->cv);
		pthread_mutex_destroy(&o->mu);
		return;
	}
	o->threaded = 1;
}

int spool_sink_drain(struct spool_sink *o)
{
	struct jsonw_buf t;
	size_t n = o->b.len;

	if (!n)
		return 0;
	o->b.len = 0;
	if (!o->threaded)
		return fwrite(o->b.data, 1, n, o->out) != n ? -1 : 0;
	if (idle(o) < 0)
		return -1;
	pthread_mutex_lock(&o->mu);
	t = o->full;
	o->full = o->b;
	o->full.len = n;
	o->b = t;
	o->b.len = 0;
	o->busy = 1;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
	return 0;
}

int spool_sink_end(struct spool_sink *o, int ok)
{
	int rc = ok && spool_sink_drain(o) == 0 ? 0 : -1, e = errno;

	if (o->threaded) {
		if (idle(o) < 0)
			rc = -1, e = errno;
		pthread_mutex_lock(&o->mu);
		o->done = 1;
		pthread_cond_broadcast(&o->cv);
		pthread_mutex_unlock(&o->mu);
		pthread_join(o->writer, NULL);
		pthread_cond_destroy(&o->cv);
		pthread_mutex_destroy(&o->mu);
	}
	jsonw_buf_free(&o->b);
	jsonw_buf_free(&o->full);
	errno = e;
	return rc;
}

int spool_sink_put(struct spool_sink *o, const char *p, size_t n)
{
	if (o->b.len + n > SPOOL_BLOCK && spool_sink_drain(o) < 0)
		return -1;
	if (n >= SPOOL_BLOCK) /* at once, not through b; after what was handed on */
		return (o->threaded && idle(o) < 0) ||
		       fwrite(p, 1, n, o->out) != n ? -1 : 0;
	if (jsonw_reserve(&o->b, n) < 0)
		return -1;
	memcpy(o->b.data + o->b.len, p, n);
	o->b.len += n;
	return 0;
}


const char *spool_lines_here(const struct spool_lines *l)
{
	return l->map ? l->map + l->pos : "";
}

/* Map the window that holds file offset off, from the page it is on.
 * 0, or -1 with errno. */
static int slide(struct spool_lines *l, uint64_t off)
{
	uint64_t base = off - off % (uint64_t)sysconf(_SC_PAGESIZE);
	size_t len = l->size - base < SPOOL_WINDOW ? (size_t)(l->size - base)
	                                     : SPOOL_WINDOW;
	void *m = NULL;

	if (l->map)
		munmap(l->map, l->len);
	l->map = NULL;
	if (len && (m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
	                     l->fd, (off_t)base)) == MAP_FAILED)
		return -1;
	l->map = m;
	l->len = len;
	l->at = base;
	l->pos = (size_t)(off - base);
	return 0;
}

/* The window holds no newline from pos on and cannot grow: read the
 * line from the file into big, up to its newline or the end, and move
 * the window past it.  0, or -1. */
static int long_line(struct spool_lines *l, const char **line, size_t *len)
{
	uint64_t from = l->at + l->pos, off = from;
	const char *nl = NULL;
	ssize_t got;

	l->big.len = 0;
	while (!nl && off < l->size) {
		if (jsonw_reserve(&l->big, SPOOL_BLOCK) < 0)
			return -1;
		do
			got = pread(l->fd, l->big.data + l->big.len, SPOOL_BLOCK,
			            (off_t)off);
		while (got < 0 && errno == EINTR);
		if (got <= 0) {
			errno = got < 0 ? errno : EIO;
			return -1;
		}
		nl = memchr(l->big.data + l->big.len, '\n', (size_t)got);
		l->big.len += (size_t)got;
		off += (uint64_t)got;
	}
	*line = l->big.data;
	*len = nl ? (size_t)(nl - l->big.data) : l->big.len;
	return slide(l, from + *len + (nl != NULL));
}

int spool_lines_take(struct spool_lines *l, const char **line, size_t *len)
{
	const char *p, *nl;

	jsonw_buf_free(&l->big); /* what a long line took, held no longer */
	for (;;) {
		p = spool_lines_here(l);
		nl = l->len > l->pos ? memchr(p, '\n', l->len - l->pos) : NULL;
		if (nl || (l->at + l->len == l->size && l->pos < l->len)) {
			*line = p;
			*len = nl ? (size_t)(nl - p) : l->len - l->pos;
			l->pos += *len + (nl != NULL);
			return 1;
		}
		if (l->at + l->len == l->size)
			return 0;
		if (l->pos < (size_t)sysconf(_SC_PAGESIZE))
			return long_line(l, line, len) < 0 ? -1 : 1;
		if (slide(l, l->at + l->pos) < 0)
			return -1;
	}
}

uint64_t spool_lines_whole(const struct spool_lines *l, uint64_t max,
                            size_t *bytes)
{
	const char *p = spool_lines_here(l), *end = p + (l->len - l->pos), *nl;
	uint64_t n = 0;

	while (n < max && p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		p = nl + 1;
		n++;
	}
	*bytes = (size_t)(p - spool_lines_here(l));
	return n;
}

int spool_lines_open(struct spool_lines *l, FILE *in)
{
	struct stat st;

	memset(l, 0, sizeof *l);
	l->fd = fileno(in);
	if (fflush(in) != 0 || fstat(l->fd, &st) != 0)
		return -1;
	l->size = (uint64_t)st.st_size;
	return slide(l, 0);
}

void spool_lines_skip(struct spool_lines *l, size_t n)
{
	l->pos += n;
}

void spool_lines_close(struct spool_lines *l)
{
	if (l->map)
		munmap(l->map, l->len);
	l->map = NULL;
	jsonw_buf_free(&l->big);
}
