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
	size_t pend_len, pend_pos;
	int back;        /* a byte given back by the scanner, or EOF */
	char *buf;       /* the current record's text */
	size_t len, cap;
	char *linebuf;   /* getline's buffer */
	size_t linecap;
	int array_elems; /* elements seen in the current array */
	int fresh;       /* lines mode: in->line is already the next line's */
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
	in->pend_len = in->pend_pos = 0;
	in->back = EOF;
	in->mode = MODE_DONE;
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
	else {
		c = getc(in->fp);
		if (c == EOF)
			return EOF;
		{
			unsigned char b = (unsigned char)c;
			sha256_update(&in->sha, &b, 1);
		}
	}
	if (c == '\n')
		in->line++;
	return c;
}

static int push(struct input *in, int c)
{
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
 * none, -1 when out of memory.  in->line is left on the first line.
 */
static int next_starts_object(struct input *in)
{
	ssize_t n;
	size_t i;

	while ((n = getline(&in->linebuf, &in->linecap, in->fp)) >= 0) {
		char *p = realloc(in->pend, in->pend_len + (size_t)n + 1);
		if (!p)
			return -1;
		in->pend = p;
		sha256_update(&in->sha, in->linebuf, (size_t)n);
		memcpy(in->pend + in->pend_len, in->linebuf, (size_t)n);
		in->pend_len += (size_t)n;
		in->pend[in->pend_len] = '\0';
		for (i = 0; i < (size_t)n && is_space(in->linebuf[i]); i++)
			;
		if (i < (size_t)n)
			return in->linebuf[i] == '{';
	}
	return 0;
}

/* Open the next file and choose its mode.  0 when open, 1 at the end. */
static int open_next(struct input *in, char *err, size_t errlen)
{
	const char *path;
	ssize_t n;
	size_t i;

	for (;;) {
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
		/* Read the first non-blank line to choose the mode. */
		for (;;) {
			long start = in->line;
			n = getline(&in->linebuf, &in->linecap, in->fp);
			if (n < 0)
				break;
			sha256_update(&in->sha, in->linebuf, (size_t)n);
			i = 0;
			if (start == 1 && n >= 3 &&
			    memcmp(in->linebuf, "\xEF\xBB\xBF", 3) == 0)
				i = 3; /* a UTF-8 byte-order mark */
			while (i < (size_t)n && is_space(in->linebuf[i]))
				i++;
			if (i == (size_t)n) {
				in->line++;
				continue;
			}
			/* Keep the line (from its first non-blank byte) for the
			 * scanner or as the first NDJSON record. */
			in->pend = malloc((size_t)n - i + 1);
			if (!in->pend) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			memcpy(in->pend, in->linebuf + i, (size_t)n - i);
			in->pend_len = (size_t)n - i;
			in->pend[in->pend_len] = '\0';
			break;
		}
		if (ferror(in->fp)) {
			snprintf(err, errlen, "%s: read error: %s", in->name,
			         strerror(errno));
			return -1;
		}
		if (!in->pend) {
			snprintf(err, errlen,
			         "%s: empty input: expected a JSON object, an array "
			         "of objects, or NDJSON", in->name);
			return -1;
		}
		if (in->pend[0] == '[') {
			in->mode = MODE_ARRAY;
			next_byte(in); /* the '[' */
		} else if (in->pend[0] == '{') {
			size_t e = in->pend_len;
			while (e > 0 && is_space(in->pend[e - 1]))
				e--;
			int more = in->pend[e - 1] == '}' ? 1 : next_starts_object(in);
			if (more < 0) {
				snprintf(err, errlen, "%s: out of memory", in->name);
				return -1;
			}
			in->mode = more ? MODE_LINES : MODE_DOCUMENT;
			in->fresh = more;
		} else {
			snprintf(err, errlen,
			         "%s:%ld: expected a JSON object, an array of objects,"
			         " or NDJSON", in->name, in->line);
			return -1;
		}
		return 0;
	}
}

/* NDJSON: the next non-blank line, without its line end: first from what
 * was read ahead when the mode was chosen, then from the file. */
static int next_line(struct input *in, struct input_rec *rec)
{
	for (;;) {
		const char *s;
		size_t n;

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
		} else {
			ssize_t r = getline(&in->linebuf, &in->linecap, in->fp);
			if (r < 0)
				return 0;
			sha256_update(&in->sha, in->linebuf, (size_t)r);
			s = in->linebuf;
			n = (size_t)r;
		}
		while (n > 0 && is_space(s[n - 1]))
			n--;
		while (n > 0 && is_space(*s)) {
			s++;
			n--;
		}
		if (n == 0)
			continue;
		if (n + 1 > in->cap) {
			char *p = realloc(in->buf, n + 1);
			if (!p)
				return -3;
			in->buf = p;
			in->cap = n + 1;
		}
		memcpy(in->buf, s, n);
		in->buf[n] = '\0';
		in->len = n;
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
			if (r != 0)
				return r > 0 ? 0 : -1;
		}
		rec->file = in->name;
		if (in->mode == MODE_LINES) {
			r = next_line(in, rec);
			if (r == -3)
				goto nomem;
			if (r == 0) {
				if (ferror(in->fp))
					goto ioerr;
				in->mode = MODE_DONE;
				continue;
			}
			goto got;
		}
		c = skip_space(in);
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
				snprintf(err, errlen, "%s:%ld: %s", in->name, in->line,
				         c == EOF ? "unexpected end of file inside "
				                    "the array"
				                  : "expected a value in the array");
				return -1;
			}
		} else if (in->mode == MODE_START) {
			/* after the closing ']' of an array */
			if (c == EOF) {
				if (ferror(in->fp))
					goto ioerr;
				in->mode = MODE_DONE;
				continue;
			}
			snprintf(err, errlen,
			         "%s:%ld: unexpected text after the end of the array",
			         in->name, in->line);
			return -1;
		} else if (c == EOF) { /* MODE_DOCUMENT */
			if (ferror(in->fp))
				goto ioerr;
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
	rec->text = in->buf;
	rec->len = in->len;
	return 1;
nomem:
	snprintf(err, errlen, "%s:%ld: out of memory", in->name, in->line);
	return -1;
ioerr:
	snprintf(err, errlen, "%s: read error: %s", in->name, strerror(errno));
	return -1;
}
