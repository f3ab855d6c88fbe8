/*
 * input.c - streaming reader of JSON records (see input.h).
 *
 * Each file is read in one of three modes, chosen from its start:
 *   array     the first character is '[': elements are cut out one by one by
 *             a small scanner that tracks strings and nesting;
 *   lines     the first non-blank line is a whole object ({...} on one line),
 *             or the next non-blank line starts with '{' too (which no
 *             pretty-printed object does, so a broken first record does
 *             not lose the file): NDJSON, one record a line, blank lines
 *             skipped, CRLF accepted; a broken line is one bad record;
 *   document  anything else starting with '{': whole values (usually one)
 *             cut out by the scanner.
 * The scanner only finds where a value ends; cJSON parses it afterwards.
 */
#include "input.h"
#include "sha256.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum mode { MODE_START, MODE_ARRAY, MODE_LINES, MODE_DOCUMENT, MODE_DONE };

struct input {
	char *const *paths;
	int npaths;
	int next_path;   /* index of the next file to open */
	FILE *fp;
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
	int rerr;        /* errno of a failed read, or 0 */
	size_t rpos, rlen;
	unsigned char rbuf[65536]; /* bytes read from the file, hashed */
	struct sha256 sha;
};

static const char *display(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

int input_open(struct input **out, char *const *paths, int npaths,
               char *err, size_t errlen)
{
	struct input *in;
	int i, stdin_seen = 0;

	*out = NULL;
	for (i = 0; i < npaths; i++) {
		struct stat st;
		FILE *fp;

		if (strcmp(paths[i], "-") == 0) {
			if (stdin_seen++) {
				snprintf(err, errlen, "<stdin>: named more than once");
				return -1;
			}
			continue;
		}
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s: is a directory, not an input file",
			         paths[i]);
			return -1;
		}
		fp = fopen(paths[i], "rb");
		if (!fp) {
			snprintf(err, errlen, "%s: cannot read: %s", paths[i],
			         strerror(errno));
			return -1;
		}
		fclose(fp);
	}
	in = calloc(1, sizeof *in);
	if (!in) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	in->paths = paths;
	in->npaths = npaths;
	in->limit = INPUT_DEFAULT_LIMIT;
	in->mode = MODE_DONE;
	in->back = EOF;
	sha256_init(&in->sha);
	*out = in;
	return 0;
}

static void close_file(struct input *in)
{
	if (in->fp && in->fp != stdin)
		fclose(in->fp);
	in->fp = NULL;
	free(in->pend);
	in->pend = NULL;
	in->pend_len = in->pend_pos = in->pend_cap = 0;
	in->rpos = in->rlen = 0;
	in->back = EOF;
	in->mode = MODE_DONE;
}

/* Refill the read buffer from the file, hashing every byte read.  1 when
 * bytes are there, 0 at the end of the file, -1 on a read error (errno in
 * in->rerr).  A failed read is never taken for the end of the input. */
static int fill(struct input *in)
{
	size_t n;

	if (in->rpos < in->rlen)
		return 1;
	n = fread(in->rbuf, 1, sizeof in->rbuf, in->fp);
	if (n == 0) {
		if (ferror(in->fp)) {
			in->rerr = errno ? errno : EIO;
			return -1;
		}
		return 0;
	}
	sha256_update(&in->sha, in->rbuf, n);
	in->rpos = 0;
	in->rlen = n;
	return 1;
}

/* Append n bytes to *buf (growing *cap), keeping at most limit bytes and
 * setting *over past that.  0, or -1 out of memory. */
static int append(char **buf, size_t *cap, size_t *len, const void *p,
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

/* The rest of the current line, its '\n' included, into linebuf (at most
 * limit bytes kept; *over set when it was longer).  Returns the bytes
 * kept, 0 at the end of the file, -1 on a read error, -3 out of memory.
 * Reads only from the file: the read-ahead must be empty. */
static ssize_t read_line(struct input *in, int *over)
{
	size_t len = 0;
	int r;

	*over = 0;
	if (in->linebuf)
		in->linebuf[0] = '\0';
	while ((r = fill(in)) > 0) {
		const unsigned char *p = in->rbuf + in->rpos;
		size_t avail = in->rlen - in->rpos;
		const unsigned char *nl = memchr(p, '\n', avail);
		size_t n = nl ? (size_t)(nl - p) + 1 : avail;

		if (append(&in->linebuf, &in->linecap, &len, p, n, in->limit,
		           over) < 0)
			return -3;
		in->rpos += n;
		if (nl)
			break;
	}
	return r < 0 ? -1 : (ssize_t)len;
}

void input_close(struct input *in)
{
	if (!in)
		return;
	close_file(in);
	free(in->buf);
	free(in->linebuf);
	free(in);
}

void input_set_limit(struct input *in, size_t bytes)
{
	in->limit = bytes ? bytes : SIZE_MAX - 1;
}

void input_sha256(struct input *in, char out[65])
{
	sha256_hex(&in->sha, out);
}

/* The next byte, from the read-ahead first; EOF at the end. */
static int next_byte(struct input *in)
{
	int c;

	if (in->back != EOF) {
		/* already counted and hashed when first read */
		c = in->back;
		in->back = EOF;
		return c;
	}
	if (in->pend_pos < in->pend_len)
		c = (unsigned char)in->pend[in->pend_pos++];
	else if (fill(in) > 0)
		c = in->rbuf[in->rpos++];
	else
		return EOF;
	if (c == '\n')
		in->line++;
	return c;
}

static int push(struct input *in, int c)
{
	if (in->len >= in->limit) {
		in->over = 1; /* keep scanning to the value's end, storing none */
		return 0;
	}
	if (in->len + 2 > in->cap) {
		size_t cap = in->cap ? in->cap * 2 : 4096;
		char *p = realloc(in->buf, cap);
		if (!p)
			return -1;
		in->buf = p;
		in->cap = cap;
	}
	in->buf[in->len++] = (char)c;
	in->buf[in->len] = '\0';
	return 0;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int skip_space(struct input *in)
{
	int c;

	do
		c = next_byte(in);
	while (c != EOF && is_space(c));
	return c;
}

/*
 * Cut out one JSON value whose first byte is c into in->buf.  Returns the
 * byte that follows a scalar (it ends the scalar and must be looked at by
 * the caller), ' ' after a complete object, array or string, EOF after a
 * scalar at the end of the file, or -2 when the file ends inside the value
 * and -3 when out of memory.
 */
static int scan_value(struct input *in, int c)
{
	int depth = 0, in_str = 0, esc = 0;

	in->len = 0;
	in->over = 0;
	if (c != '{' && c != '[' && c != '"') {
		/* a scalar: up to a delimiter */
		while (c != EOF && !is_space(c) && c != ',' && c != ']' &&
		       c != '}') {
			if (push(in, c) < 0)
				return -3;
			c = next_byte(in);
		}
		return c;
	}
	for (;;) {
		if (push(in, c) < 0)
			return -3;
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		}
		if (depth == 0 && !in_str)
			return ' ';
		c = next_byte(in);
		if (c == EOF)
			return -2;
	}
}

/*
 * Read ahead (into pend, after the first line) up to the next non-blank
 * line.  1 when that line starts with '{', 0 when it does not or there is
 * none, -1 on a read error, -3 out of memory, -4 when a line is longer
 * than the record limit.  in->line is left on the first line.
 */
static int next_starts_object(struct input *in)
{
	ssize_t n;
	size_t i;
	int over;

	while ((n = read_line(in, &over)) > 0) {
		if (over)
			return -4;
		if (append(&in->pend, &in->pend_cap, &in->pend_len, in->linebuf,
		           (size_t)n, SIZE_MAX - 1, &over) < 0)
			return -3;
		for (i = 0; i < (size_t)n && is_space(in->linebuf[i]); i++)
			;
		if (i < (size_t)n)
			return in->linebuf[i] == '{';
	}
	return n < 0 ? (int)n : 0;
}

/* How the first byte of a file that is not JSON looks, for the message. */
static void describe_byte(int c, char *buf, size_t len)
{
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, len, "'%c'", c);
	else
		snprintf(buf, len, "the byte 0x%02x%s", (unsigned)c,
		         c == 0 || c == 0x7f || c < 0x20 ? ", binary data" : "");
}

/* Open the next file and choose its mode from its first non-blank byte,
 * which already tells JSON from anything else, so that endless or binary
 * input fails at once.  0 when open, 1 at the end, -1 with a message in
 * err (-2 when out of memory). */
static int open_next(struct input *in, char *err, size_t errlen)
{
	const char *path;
	char what[64];
	ssize_t n;
	int c, over, more;

	if (in->next_path >= in->npaths)
		return 1;
	path = in->paths[in->next_path++];
	in->name = display(path);
	in->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!in->fp) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		         strerror(errno));
		return -1;
	}
	in->line = 1;
	in->array_elems = 0;
	in->first_over = 0;
	in->rerr = 0;
	c = next_byte(in);
	if (c == 0xEF && next_byte(in) == 0xBB && next_byte(in) == 0xBF)
		c = next_byte(in); /* a UTF-8 byte-order mark; else c stays */
	while (c != EOF && is_space(c))
		c = next_byte(in);
	if (in->rerr)
		goto ioerr;
	if (c == EOF) {
		snprintf(err, errlen,
		         "%s: empty input: expected a JSON object, an array "
		         "of objects, or NDJSON", in->name);
		return -1;
	}
	if (c == '[') {
		in->mode = MODE_ARRAY;
		return 0;
	}
	if (c != '{') {
		describe_byte(c, what, sizeof what);
		snprintf(err, errlen,
		         "%s:%ld: expected a JSON object, an array of objects, "
		         "or NDJSON; the input starts with %s", in->name, in->line,
		         what);
		return -1;
	}
	/* Keep the first line, from its '{', for the scanner or as the first
	 * NDJSON record. */
	n = read_line(in, &over);
	if (n == -3)
		return -2;
	if (n < 0)
		goto ioerr;
	in->pend = malloc((size_t)n + 2);
	if (!in->pend)
		return -2;
	in->pend[0] = '{';
	memcpy(in->pend + 1, in->linebuf ? in->linebuf : "", (size_t)n);
	in->pend_len = (size_t)n + 1;
	in->pend[in->pend_len] = '\0';
	in->pend_cap = in->pend_len + 1;
	if (over) {
		/* one line longer than a record may be: NDJSON, whose first
		 * record is rejected for its size */
		in->mode = MODE_LINES;
		in->fresh = 1;
		in->first_over = 1;
		return 0;
	}
	{
		size_t e = in->pend_len;
		while (e > 0 && is_space(in->pend[e - 1]))
			e--;
		more = in->pend[e - 1] == '}' ? 1 : next_starts_object(in);
	}
	if (more == -3)
		return -2;
	if (more == -1)
		goto ioerr;
	if (more == -4) {
		snprintf(err, errlen, "%s: a line after line %ld is longer than "
		         "the record limit of %zu bytes (--max-record)", in->name,
		         in->line, in->limit);
		return -1;
	}
	in->mode = more ? MODE_LINES : MODE_DOCUMENT;
	in->fresh = more;
	return 0;
ioerr:
	snprintf(err, errlen, "%s: read error: %s", in->name,
	         strerror(in->rerr ? in->rerr : errno));
	return -1;
}

/* NDJSON: the next non-blank line, without its line end: first from what
 * was read ahead when the mode was chosen, then from the file.  1 with the
 * line in in->buf (in->over set when it was cut at the limit), 0 at the
 * end, -1 on a read error, -3 out of memory. */
static int next_line(struct input *in, struct input_rec *rec)
{
	for (;;) {
		const char *s;
		size_t n;

		in->over = 0;
		if (in->fresh)
			in->fresh = 0;
		else
			in->line++;
		if (in->pend_pos < in->pend_len) {
			const char *p = in->pend + in->pend_pos;
			const char *nl = memchr(p, '\n', in->pend_len - in->pend_pos);
			n = nl ? (size_t)(nl - p) + 1 : in->pend_len - in->pend_pos;
			s = p;
			in->pend_pos += n;
			if (in->first_over) {
				in->first_over = 0;
				in->over = 1;
			}
		} else {
			ssize_t r = read_line(in, &in->over);
			if (r <= 0)
				return r == 0 ? 0 : (int)r;
			s = in->linebuf;
			n = (size_t)r;
		}
		while (n > 0 && is_space(s[n - 1]))
			n--;
		while (n > 0 && is_space(*s)) {
			s++;
			n--;
		}
		if (n == 0 && !in->over)
			continue;
		in->len = 0;
		if (append(&in->buf, &in->cap, &in->len, s, n, SIZE_MAX - 1,
		           &in->over) < 0)
			return -3;
		rec->line = in->line;
		return 1;
	}
}

int input_next(struct input *in, struct input_rec *rec, char *err,
               size_t errlen)
{
	int c, r;

	for (;;) {
		if (in->mode == MODE_DONE) {
			close_file(in);
			r = open_next(in, err, errlen);
			if (r == -2)
				goto nomem;
			if (r != 0)
				return r > 0 ? 0 : -1;
		}
		rec->file = in->name;
		if (in->mode == MODE_LINES) {
			r = next_line(in, rec);
			if (r == -3)
				goto nomem;
			if (r < 0)
				goto ioerr;
			if (r == 0) {
				in->mode = MODE_DONE;
				continue;
			}
			goto got;
		}
		c = skip_space(in);
		if (in->rerr)
			goto ioerr;
		if (in->mode == MODE_ARRAY) {
			if (c == ']' && in->array_elems == 0) {
				in->mode = MODE_START; /* then only blanks may follow */
				continue;
			}
			if (in->array_elems > 0) {
				if (c == ']') {
					in->mode = MODE_START;
					continue;
				}
				if (c != ',') {
					snprintf(err, errlen,
					         "%s:%ld: expected ',' or ']' after "
					         "element %d of the array", in->name,
					         in->line, in->array_elems);
					return -1;
				}
				c = skip_space(in);
			}
			if (c == EOF || c == ']' || c == ',') {
				if (in->rerr)
					goto ioerr;
				snprintf(err, errlen, "%s:%ld: %s", in->name, in->line,
				         c == EOF ? "unexpected end of file inside "
				                    "the array"
				                  : "expected a value in the array");
				return -1;
			}
		} else if (in->mode == MODE_START) {
			/* after the closing ']' of an array */
			if (c == EOF) {
				in->mode = MODE_DONE;
				continue;
			}
			snprintf(err, errlen,
			         "%s:%ld: unexpected text after the end of the array",
			         in->name, in->line);
			return -1;
		} else if (c == EOF) { /* MODE_DOCUMENT */
			in->mode = MODE_DONE;
			continue;
		} else if (c != '{') {
			snprintf(err, errlen, "%s:%ld: unexpected '%c' after a record",
			         in->name, in->line, c);
			return -1;
		}
		rec->line = in->line;
		r = scan_value(in, c);
		if (r == -3)
			goto nomem;
		if (in->rerr)
			goto ioerr;
		if (r == -2) {
			snprintf(err, errlen,
			         "%s:%ld: unexpected end of file inside the record "
			         "that starts on line %ld", in->name, in->line,
			         rec->line);
			return -1;
		}
		if (in->mode == MODE_ARRAY) {
			in->array_elems++;
			/* a scalar ended on its delimiter: give it back */
			if (r == ',' || r == ']')
				in->back = r;
		}
		goto got;
	}
got:
	rec->text = in->buf ? in->buf : "";
	rec->len = in->len;
	rec->oversize = in->over ? in->limit : 0;
	return 1;
nomem:
	snprintf(err, errlen, "%s:%ld: out of memory reading the input",
	         in->name, in->line);
	return -2;
ioerr:
	snprintf(err, errlen, "%s: read error: %s", in->name,
	         strerror(in->rerr ? in->rerr : EIO));
	return -1;
}
