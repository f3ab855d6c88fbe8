/*
 * input_scan.c - cutting records out of an input (see input_impl.h): the
 * bytes after the read-ahead, the scanner that finds where a JSON value
 * ends (cJSON parses it afterwards), and NDJSON lines.
 */
#include "input_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The rest of the current line from the file, into linebuf (see
 * rdbuf_line). */
ssize_t input_line_raw(struct input *in, int *over)
{
	return rdbuf_line(&in->rd, &in->linebuf, &in->linecap, in->limit, over);
}

/* The next byte, from the read-ahead first; EOF at the end. */
int input_next_byte(struct input *in)
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
	else if ((c = rdbuf_getc(&in->rd)) == EOF)
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

int input_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int input_skip_space(struct input *in)
{
	int c;

	do
		c = input_next_byte(in);
	while (c != EOF && input_is_space(c));
	return c;
}

/*
 * Cut out one JSON value whose first byte is c into in->buf.  Returns the
 * byte that follows a scalar (it ends the scalar and must be looked at by
 * the caller), ' ' after a complete object, array or string, EOF after a
 * scalar at the end of the file, or -2 when the file ends inside the value
 * and -3 when out of memory.
 */
int input_scan_value(struct input *in, int c)
{
	int depth = 0, in_str = 0, esc = 0;

	in->len = 0;
	in->over = 0;
	if (c != '{' && c != '[' && c != '"') {
		/* a scalar: up to a delimiter */
		while (c != EOF && !input_is_space(c) && c != ',' && c != ']' &&
		       c != '}') {
			if (push(in, c) < 0)
				return -3;
			c = input_next_byte(in);
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
		c = input_next_byte(in);
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
int input_read_ahead(struct input *in)
{
	ssize_t n;
	size_t i;
	int over;

	while ((n = input_line_raw(in, &over)) > 0) {
		if (over)
			return -4;
		if (rdbuf_append(&in->pend, &in->pend_cap, &in->pend_len, in->linebuf,
		           (size_t)n, SIZE_MAX - 1, &over) < 0)
			return -3;
		for (i = 0; i < (size_t)n && input_is_space(in->linebuf[i]); i++)
			;
		if (i < (size_t)n)
			return in->linebuf[i] == '{';
	}
	return n < 0 ? (int)n : 0;
}

/* NDJSON: the next non-blank line, without its line end: first from what
 * was read ahead when the mode was chosen, then from the file.  1 with the
 * line in in->buf (in->over set when it was cut at the limit), 0 at the
 * end, -1 on a read error, -3 out of memory. */
int input_next_line(struct input *in, struct input_rec *rec)
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
			ssize_t r = input_line_raw(in, &in->over);
			if (r <= 0)
				return r == 0 ? 0 : (int)r;
			s = in->linebuf;
			n = (size_t)r;
		}
		while (n > 0 && input_is_space(s[n - 1]))
			n--;
		while (n > 0 && input_is_space(*s)) {
			s++;
			n--;
		}
		if (n == 0 && !in->over)
			continue;
		in->len = 0;
		if (rdbuf_append(&in->buf, &in->cap, &in->len, s, n, SIZE_MAX - 1,
		           &in->over) < 0)
			return -3;
		rec->line = in->line;
		return 1;
	}
}
