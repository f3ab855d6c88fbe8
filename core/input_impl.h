/*
 * input_impl.h - the reader's state, shared by input.c (files, modes and
 * records) and input_scan.c (bytes, values and lines).  Private to them.
 */
#ifndef ASSESS_INPUT_IMPL_H
#define ASSESS_INPUT_IMPL_H

#include <stdio.h>
#include <sys/types.h>

#include "input.h"
#include "rdbuf.h"
#include "sha256.h"
#include "sheetin.h"

enum mode { MODE_START, MODE_ARRAY, MODE_LINES, MODE_DOCUMENT, MODE_DONE,
            MODE_SHEET };

struct input {
	char *const *paths;
	int npaths;
	FILE **files;    /* each input, opened once by input_open, until it
	                    is read (then fp) or closed */
	int stdin_peeked; /* 1: stdio holds standard input's first byte;
	                     -1: it had none; 0: not an input */
	int next_path;   /* index of the next file to read */
	FILE *fp;        /* also in rd */
	const char *name;
	enum mode mode;
	long line;       /* current line of the reader */
	char *pend;      /* bytes read ahead (already hashed) to scan first */
	size_t pend_len, pend_pos, pend_cap;
	int back;        /* a byte given back by the scanner, or EOF */
	char *buf;       /* the current record's text */
	size_t len, cap;
	char *linebuf;   /* read_line's buffer */
	size_t linecap;
	int array_elems; /* elements seen in the current array */
	int fresh;       /* lines mode: in->line is already the next line's */
	int first_over;  /* lines mode: the first line, in pend, was cut */
	size_t limit;    /* the largest record kept, in bytes */
	int over;        /* the value being cut out is larger than limit */
	struct rdbuf rd; /* the file, read and hashed a block at a time */
	const char *encoding; /* the inputs' encoding for iconv, or NULL */
	struct sha256 sha;
	const struct sheetin_opts *sheet_opts; /* spreadsheets; NULL: none */
	struct sheetin *sheet; /* MODE_SHEET: the file's rows */
};

/* The rest of the current line from the file, into linebuf (see
 * rdbuf_line). */
ssize_t input_line_raw(struct input *in, int *over);
/* The next byte, from the read-ahead first; EOF at the end. */
int input_next_byte(struct input *in);
int input_is_space(int c);
/* The next byte that is not blank, or EOF. */
int input_skip_space(struct input *in);
/* Cut out one JSON value whose first byte is c into in->buf; see
 * input_scan.c for what it returns. */
int input_scan_value(struct input *in, int c);
/* Read ahead to the next non-blank line: does it start with '{'? */
int input_read_ahead(struct input *in);
/* NDJSON: the next non-blank line into in->buf. */
int input_next_line(struct input *in, struct input_rec *rec);

#endif
