/*
 * amend_impl.h - private to the amendments module (amend.h): how an
 * amendment is held and its text read back (amend.c), for the pass that
 * merges the texts into the spooled results (amend_merge.c).
 */
#ifndef ASSESS_AMEND_IMPL_H
#define ASSESS_AMEND_IMPL_H

#include <stdint.h>
#include <stdio.h>

#include "jsonw.h"

/* An amendment as the merge reads it: the handle of the result it
 * amends and where its compact JSON text lies in the text file (offset
 * << AMEND_LEN_BITS | length).  Held more compactly until then (amend.h). */
#define AMEND_LEN_BITS 24
struct amend_entry {
	uint64_t handle;
	uint64_t at;
};

/* The read-ahead window over the text file: bytes [off, off + len). */
struct amend_window {
	int fd;          /* the text file's */
	char *data;
	uint64_t off;
	size_t len;
};

/* Append the text of e to b, through w (zeroed, then given its buffer by
 * amend.c).  0, or -1 (a read error or out of memory). */
int amend_fetch(struct amend_window *w, const struct amend_entry *e,
                struct jsonw_buf *b);

/* Each line of in (a regular file, mapped a window at a time; from its
 * start), merged with the amendments v[0..n)
 * (in handle order, line k amended by those of handle k; a rejected
 * result left as it was), to out: in a JSON document's layout (json:
 * "    " first, ",\n    " between, no newline after the last) or one a
 * line; threaded: out written by a thread of its own while the lines
 * are merged (out is not touched by the caller until the return).  0,
 * or -1 (a read or write error, out of memory, or a line that is not
 * JSON where it had to be parsed). */
int amend_merge_lines(FILE *in, FILE *out, int json, int threaded,
                      const struct amend_entry *v, size_t n,
                      struct amend_window *w);

#endif
