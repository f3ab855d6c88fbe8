/*
 * sheetin_csv.c - a CSV file, one row at a time (see sheetin_impl.h).
 *
 * RFC 4180: fields are separated by commas and rows by LF or CRLF; a field
 * in double quotes may hold commas, doubled quotes and line breaks, which
 * do not start a row (a row is numbered as a spreadsheet shows it, the
 * header being row 1).  A UTF-8 byte order mark at the start is skipped.
 * Lenient where a spreadsheet program is: a quote inside an unquoted field
 * is kept as text, and text after a closing quote is kept too.  The bytes
 * come through rdbuf, which hashes them and converts --encoding.
 */
#include "lang.h"
#include "sheetin_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct csv {
	struct rdbuf *rd;
	const char *name;
	size_t limit;
	long row;            /* rows read */
	char *text;          /* the row's fields, each NUL-terminated */
	size_t len, cap;
	size_t *ends;        /* where each field ends in text */
	size_t nfields, fcap;
	struct sheetin_cell *cells;
	size_t ccap;
	struct sheetin_row out;
	int started;
	int held;            /* 1 + the byte read past a lone CR, or 0 */
};

/* The next byte: the one held back first. */
static int next_byte(struct csv *c)
{
	int ch = c->held - 1;

	if (!c->held)
		return rdbuf_getc(c->rd);
	c->held = 0;
	return ch;
}

static int put(struct csv *c, int ch)
{
	if (c->len + 1 >= c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		char *t = realloc(c->text, cap);
		if (!t)
			return -2;
		c->text = t;
		c->cap = cap;
	}
	c->text[c->len++] = (char)ch;
	return 0;
}

/* After a byte kept: the run of bytes that follow it in the read buffer
 * and are kept as they are (in quotes, up to a quote; else up to a comma,
 * a line break or a quote), copied at once rather than a byte at a time,
 * *over set for those past the limit.  The byte that ends the run is
 * left to the caller.  0 or -2. */
static int put_run(struct csv *c, int in_quotes, int *over)
{
	const unsigned char *p, *q, *e;
	size_t n = rdbuf_peek(c->rd, &p), room;

	e = p + n;
	if (in_quotes) {
		q = memchr(p, '"', n);
		q = q ? q : e;
	} else {
		for (q = p; q < e && *q != ',' && *q != '\n' && *q != '\r' &&
		     *q != '"'; q++)
			;
	}
	n = (size_t)(q - p);
	rdbuf_take(c->rd, n);
	room = c->len < c->limit ? c->limit - c->len : 0;
	if (n > room) {
		*over = 1;
		n = room;
	}
	if (c->len + n + 1 >= c->cap) {
		size_t cap = c->cap ? c->cap : 256;
		char *t;
		while (c->len + n + 1 >= cap)
			cap *= 2;
		if (!(t = realloc(c->text, cap)))
			return -2;
		c->text = t;
		c->cap = cap;
	}
	memcpy(c->text + c->len, p, n);
	c->len += n;
	return 0;
}

/* A field ends at offset at of the text (just past its NUL).  0 or
 * -2. */
static int push_end(struct csv *c, size_t at)
{
	if (c->nfields == c->fcap) {
		size_t cap = c->fcap ? c->fcap * 2 : 16;
		size_t *e = realloc(c->ends, cap * sizeof *e);
		if (!e)
			return -2;
		c->ends = e;
		c->fcap = cap;
	}
	c->ends[c->nfields++] = at;
	return 0;
}

/* End the current field.  0 or -2. */
static int end_field(struct csv *c)
{
	if (put(c, '\0') < 0)
		return -2;
	return push_end(c, c->len);
}

/* The common row: whole in the read buffer, ended by LF or CRLF, holding
 * no quote, no other CR and fewer bytes than the limit.  Its fields are
 * then what the byte-by-byte reading below would give (each comma ends
 * one, nothing is dropped), so the row is copied at once and cut at its
 * commas where it lies: a byte read, tested and copied one at a time
 * cost more than the rest of the row's reading.  1 with the row's fields
 * in text and ends, 0 for any other row (nothing taken), -2. */
static int whole_row(struct csv *c)
{
	const unsigned char *p, *nl;
	size_t n = rdbuf_peek(c->rd, &p), len, i, f;

	if (c->held || !(nl = memchr(p, '\n', n)))
		return 0;
	len = (size_t)(nl - p);
	if (len && p[len - 1] == '\r')
		len--;
	if (len + 1 >= c->limit || memchr(p, '"', len) || memchr(p, '\r', len))
		return 0;
	if (len + 1 > c->cap) {
		char *t = realloc(c->text, len + 1);
		if (!t)
			return -2;
		c->text = t;
		c->cap = len + 1;
	}
	memcpy(c->text, p, len);
	c->text[len] = '\0';
	/* every byte's end noted, kept only past a comma: no branch a byte,
	 * where which bytes are commas is as good as random to the branch
	 * predictor; room made for a block of bytes at a time */
	for (i = 0, f = 0; i < len;) {
		size_t stop = len - i > 64 ? i + 64 : len;
		if (f + 65 > c->fcap) {
			size_t *e = realloc(c->ends, (c->fcap + 65) * 2 * sizeof *e);
			if (!e)
				return -2;
			c->ends = e;
			c->fcap = (c->fcap + 65) * 2;
		}
		for (; i < stop; i++) {
			c->ends[f] = i + 1;
			f += c->text[i] == ',';
		}
	}
	for (i = 0; i < f; i++)
		c->text[c->ends[i] - 1] = '\0';
	c->ends[f++] = len + 1;
	c->nfields = f;
	c->len = len + 1;
	rdbuf_take(c->rd, (size_t)(nl - p) + 1);
	c->row++;
	return 1;
}

static int read_error(struct csv *c, char *err, size_t errlen)
{
	if (c->rd->err == EILSEQ)
		snprintf(err, errlen, _("%s: byte %llu is not GB18030 text "
		         "(--encoding gb18030)"), c->name, c->rd->raw_off + 1);
	else
		snprintf(err, errlen, _("%s: read error: %s"), c->name,
		         strerror(c->rd->err ? c->rd->err : EIO));
	return -1;
}

static int csv_next(void *arg, struct sheetin_row **row, char *err,
                    size_t errlen)
{
	struct csv *c = arg;
	size_t i, start;
	int ch, got, quoted = 0, in_quotes = 0, over = 0;

	c->len = c->nfields = 0;
	if (c->started && (got = whole_row(c)) != 0) {
		if (got < 0)
			return -2;
		goto cells;
	}
	ch = next_byte(c);
	if (!c->started) {
		c->started = 1;
		if (ch == 0xFF || ch == 0xFE) { /* UTF-16's byte order mark */
			int b = rdbuf_getc(c->rd);
			if ((ch == 0xFF && b == 0xFE) || (ch == 0xFE && b == 0xFF)) {
				snprintf(err, errlen, _("%s:1: UTF-16 text (what Excel "
				         "saves as \"Unicode Text\"): save the sheet as "
				         "\"CSV UTF-8\" or as .xlsx"), c->name);
				return -1;
			}
			c->held = b == EOF ? 0 : 1 + b; /* not a mark: read on */
		}
		if (ch == 0xEF) { /* a UTF-8 byte order mark */
			int b = rdbuf_getc(c->rd), d = b == 0xBB ? rdbuf_getc(c->rd)
			                                          : EOF;
			if (b == 0xBB && d == 0xBF)
				ch = rdbuf_getc(c->rd);
			else {
				snprintf(err, errlen, _("%s:1: not UTF-8 text: a broken "
				         "byte order mark"), c->name);
				return -1;
			}
		}
	}
	if (ch == EOF)
		return c->rd->err ? read_error(c, err, errlen) : 0;
	c->row++;
	for (;; ch = next_byte(c)) {
		if (ch == EOF) {
			if (c->rd->err)
				return read_error(c, err, errlen);
			if (in_quotes) {
				snprintf(err, errlen, _("%s:%ld: a quoted field is not "
				         "closed before the end of the file"), c->name,
				         c->row);
				return -1;
			}
			break;
		}
		if (in_quotes) {
			if (ch == '"') {
				int next = rdbuf_getc(c->rd);
				if (next != '"') {
					in_quotes = 0;
					if (next == EOF && !c->rd->err)
						break;
					ch = next;
					goto plain;
				}
			}
			goto keep;
		}
plain:
		if (ch == EOF)
			return read_error(c, err, errlen);
		if (ch == ',') {
			if (end_field(c) < 0)
				return -2;
			quoted = 0;
			continue;
		}
		if (ch == '\n')
			break;
		if (ch == '\r') { /* CRLF, or a lone CR as old Mac files end rows */
			int next = rdbuf_getc(c->rd);
			if (next == EOF && c->rd->err)
				return read_error(c, err, errlen);
			if (next != '\n' && next != EOF)
				c->held = 1 + next; /* the next row's first byte */
			break;
		}
		if (ch == '"' && !quoted &&
		    (c->nfields == 0 ? c->len : c->len - c->ends[c->nfields - 1])
		        == 0) {
			quoted = in_quotes = 1;
			continue;
		}
keep:
		if (c->len >= c->limit) {
			over = 1;
			continue;
		}
		if (put(c, ch) < 0 ||
		    (!c->held && put_run(c, in_quotes, &over) < 0))
			return -2;
	}
	if (end_field(c) < 0)
		return -2;
cells:
	if (c->row == 1 && c->nfields == 1 && memchr(c->text, '\t', c->len)) {
		snprintf(err, errlen, _("%s:1: the header's columns are separated "
		         "by tabs: save the sheet as CSV (comma-separated) or as "
		         ".xlsx"), c->name);
		return -1;
	}
	if (c->nfields > c->ccap) {
		struct sheetin_cell *v = realloc(c->cells, c->nfields * sizeof *v);
		if (!v)
			return -2;
		c->cells = v;
		c->ccap = c->nfields;
	}
	for (i = 0, start = 0; i < c->nfields; start = c->ends[i++]) {
		c->cells[i].text = c->text + start;
		c->cells[i].len = c->ends[i] - start - 1;
		c->cells[i].kind = c->cells[i].len ? CELL_TEXT : CELL_EMPTY;
	}
	c->out.number = c->row;
	c->out.ncells = c->nfields;
	c->out.cells = c->cells;
	c->out.over = over;
	*row = &c->out;
	return 1;
}

static void csv_close(void *arg)
{
	struct csv *c = arg;

	if (!c)
		return;
	free(c->text);
	free(c->ends);
	free(c->cells);
	free(c);
}

int sheetin_csv_open(struct sheetin_src *src, struct rdbuf *rd,
                     const char *name, size_t limit, char *err,
                     size_t errlen)
{
	struct csv *c = calloc(1, sizeof *c);

	(void)err;
	(void)errlen;
	if (!c)
		return -2;
	c->rd = rd;
	c->name = name;
	c->limit = limit;
	src->next = csv_next;
	src->close = csv_close;
	src->r = c;
	return 0;
}
