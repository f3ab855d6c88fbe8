/*
 * pipeline.h - reading and writing a batch beside the plugin's thread.
 *
 * With two or more CPUs, a reader thread reads the input (bytes, SHA-256,
 * records cut out) and parses each record, and a writer thread serialises
 * each result and writes the text into the spool, while the calling
 * thread does the rest: the host's checks, every message and every plugin
 * call.  So the plugin is
 * still called from one thread only, and stderr says what it says without
 * threads, in the same order.  Both queues are bounded, so memory stays
 * flat however many records come.
 *
 * What the reader parses is only a head start: a record whose text is not
 * clean JSON (bad UTF-8, a syntax error, a duplicate key, a number JSON
 * does not write so) comes without a tree, and the caller takes it through
 * the same path as without threads, which words the message.
 */
#ifndef ASSESS_PIPELINE_H
#define ASSESS_PIPELINE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "input.h"
#include "output.h"

struct pipeline;

/* How many threads a batch runs on: 1 (no pipeline) or 3; jobs is what
 * --jobs asked (0: by the CPUs this process may use). */
int pipeline_threads(long jobs);

/* Start reading in from a thread of its own, and writing results to out
 * from another.  in and out stay the caller's, and must not be used until
 * pipeline_end.  0, or -1 when a thread cannot be started (nothing
 * started then). */
int pipeline_start(struct pipeline **p, struct input *in, struct output *out);

/* The next record as input_next gives it (same returns, same borrowing:
 * until the next call), and in *root its tree when the reader found it
 * clean JSON: an object, UTF-8, no duplicate key, lexically strict;
 * borrowed like the text (the caller reads it: it may neither change it,
 * since what it adds would come from the record arena of mem.h and be
 * freed by the reader thread, nor free it).  *root
 * NULL: the caller checks the text itself, inside pipeline_parse_begin
 * and pipeline_parse_end. */
int pipeline_next(struct pipeline *p, struct input_rec *rec, cJSON **root,
                  char *err, size_t errlen);

/* cJSON keeps the position of its last parse error in one global: hold
 * this around a parse whose error position is read (NULL p: nothing). */
void pipeline_parse_begin(struct pipeline *p);
void pipeline_parse_end(struct pipeline *p);

/* Open the next of the record arenas (mem_ring_begin, mem.h) for a
 * record, waiting for the writer to be done with the result it held;
 * mem_arena_end closes it as ever. */
void pipeline_record_begin(struct pipeline *p);

/* Hand result, made since pipeline_record_begin, to the writer, which
 * serialises it, then frees it (or, all of it in the record's arena,
 * leaves it to the arena's next begin).  The caller touches it no more.
 * 0, or -1 when the spool could not be written or memory ran out (errno
 * says why; result is freed then). */
int pipeline_put(struct pipeline *p, cJSON *result);

/* Stop both threads and wait for them: the writer writes what it was
 * given first.  0, or -1 when the spool could not be written (errno says
 * why).  Frees p; accepts NULL. */
int pipeline_end(struct pipeline *p);

#endif
