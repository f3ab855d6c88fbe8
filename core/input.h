/*
 * input.h - the records of a batch, read from files or standard input one at
 * a time, so that memory stays flat however many records come.
 *
 * A file holds one JSON object, a JSON array of objects, or newline-delimited
 * JSON (NDJSON, one object a line); several files form one batch.  Each
 * record comes out as its raw text with the file and line where it starts;
 * parsing it is the caller's business.  Every byte read goes into the
 * input_sha256 digest.
 */
#ifndef ASSESS_INPUT_H
#define ASSESS_INPUT_H

#include <stddef.h>

struct input;
struct sheetin_rowstate;

/* One record's text, borrowed until the next input_next call. */
struct input_rec {
	const char *file; /* display name: the path as given, or "<stdin>" */
	long line;        /* 1-based line where the record starts */
	const char *text; /* the record's JSON text, NUL-terminated */
	size_t len;
	size_t oversize;  /* nonzero (the limit) when the record was larger
	                     than the limit: text holds only its start */
	const struct sheetin_rowstate *row; /* a spreadsheet row's state
	                     (sheetin.h), borrowed like text; NULL for JSON */
};

/* The default largest record, in bytes (--max-record). */
#define INPUT_DEFAULT_LIMIT ((size_t)64 << 20)

/* Open every path, each once for the whole run (a "-" means standard
 * input, at most once), to be read in order.  Opening a FIFO waits for its
 * writer, as any reader's open does; standard input is waited for until
 * its first byte (or end) is there.  Returns 0, or -1 with a message
 * naming the file in err.  Free with input_close. */
int input_open(struct input **in, char *const *paths, int npaths,
               char *err, size_t errlen);

/* Let no output replace the inputs not yet read (outfile_protect_fd,
 * with what for the refusal): told by the descriptors they are read
 * from, so that no name can stand for another file.  0, or -1 out of
 * memory (message in err). */
int input_protect(const struct input *in, const char *what, char *err,
                  size_t errlen);

/* While fd (a pipe's read end) has nothing to read, reading an input that
 * is a pipe, FIFO or terminal waits for it; once fd is readable, such a
 * read ends input_next with -1 instead, so a thread reading the batch
 * can be stopped whatever the producer does.  -1: never. */
void input_set_wake(struct input *in, int fd);

/* The inputs are text in encoding (an iconv name: "GB18030"), read
 * converted to UTF-8; NULL: UTF-8.  0, or -1 when iconv knows no such
 * encoding.  Call before the first input_next. */
int input_set_encoding(struct input *in, const char *encoding);

/* The largest record kept, in bytes (0: no limit).  A larger record is
 * still read past, so the batch goes on, and comes out with oversize set.
 * Memory stays at about the largest record kept. */
void input_set_limit(struct input *in, size_t bytes);

struct sheetin_opts;
/* Read the inputs that are spreadsheets (sheetin.h) by o, borrowed until
 * input_close; without it every input is JSON.  Call before the first
 * input_next. */
void input_set_sheets(struct input *in, const struct sheetin_opts *o);

/* The next record: 1 with *rec filled, 0 at the end of the batch, -1 when a
 * file cannot be read or is not JSON as a whole, -2 when out of memory
 * (message in err, naming the file and line).  A read error is never taken
 * for the end of a file. */
int input_next(struct input *in, struct input_rec *rec, char *err,
               size_t errlen);

/* The SHA-256 of all bytes read, as 64 hex digits; valid at the end. */
void input_sha256(struct input *in, char out[65]);

void input_close(struct input *in);

#endif
