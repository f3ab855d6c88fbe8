/*
 * spool.h - the results' spool read back and the output written, for
 * the pass that merges the amendments into the results (amend_merge.c).
 * The spool is read through a window of it mapped read-only: a line is
 * taken where it lies, never copied out of the page cache (read(2) into
 * a block was 70% of the pass at a million results, all of it the
 * kernel's copy).  The output is gathered and handed to its stream a
 * block at a time, with a second core by a thread of the sink's own
 * while the next block is filled (the kernel's copy into the page cache
 * was a third of the pass).
 */
#ifndef ASSESS_SPOOL_H
#define ASSESS_SPOOL_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "jsonw.h"

#define SPOOL_BLOCK 262144   /* bytes handed to the stream at once */
#define SPOOL_WINDOW 4194304 /* the spool's bytes mapped at once */

/* The spool read through a window of SPOOL_WINDOW bytes from a page
 * boundary, moved on when a line runs past its end; a line longer than
 * a window is read aside into big, for that line only. */
struct spool_lines {
	int fd;
	uint64_t size;  /* the spool's bytes */
	uint64_t at;    /* the file offset of map[0] */
	char *map;      /* the window, or NULL when empty */
	size_t len;     /* its bytes */
	size_t pos;     /* map[pos] the first byte not yet taken */
	struct jsonw_buf big;
};

/* Open l on the spool in (a regular file, flushed and read from its
 * start).  0, or -1 with errno; spool_lines_close either way. */
int spool_lines_open(struct spool_lines *l, FILE *in);

/* The next line (its newline excluded; the last may lack one), valid
 * until the next call.  1, 0 at the end, or -1 (a read error, or out of
 * memory). */
int spool_lines_take(struct spool_lines *l, const char **line, size_t *len);

/* The first byte not yet taken, and how many whole lines, at most max,
 * the window holds from it on (their bytes, newlines included, in
 * *bytes); spool_lines_skip(l, bytes) then takes them. */
const char *spool_lines_here(const struct spool_lines *l);
uint64_t spool_lines_whole(const struct spool_lines *l, uint64_t max,
                           size_t *bytes);
void spool_lines_skip(struct spool_lines *l, size_t bytes);

/* Unmap the window and give back a long line's buffer. */
void spool_lines_close(struct spool_lines *l);

/* What is written, gathered to be handed to the stream SPOOL_BLOCK bytes
 * at a time (a stream on a file buffers 4 KB, and a million results are
 * over a gigabyte of output); with a writer thread, one block is written
 * while the next is filled. */
struct spool_sink {
	FILE *out;
	struct jsonw_buf b;    /* being filled */
	int threaded;          /* the writer below runs */
	pthread_t writer;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct jsonw_buf full; /* handed to the writer while busy */
	int busy, done, err;   /* err: the errno of a failed write, or 0 */
};

/* Ready o to write to out; threaded: with a writer thread of its own
 * (when it cannot start, on the caller's).  out is not the caller's to
 * touch until spool_sink_end. */
void spool_sink_start(struct spool_sink *o, FILE *out, int threaded);

/* Write p[0..n), after what was put before.  0, or -1 (errno: of a failed
 * write, the writer's included). */
int spool_sink_put(struct spool_sink *o, const char *p, size_t n);

/* Hand what b holds (filled by the caller, as jsonw_append does) on to
 * the stream or the writer.  0, or -1. */
int spool_sink_drain(struct spool_sink *o);

/* Hand on what is left (when ok: the pass succeeded so far), stop the
 * writer and give back the buffers.  0, or -1 with errno. */
int spool_sink_end(struct spool_sink *o, int ok);

#endif
