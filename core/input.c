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
#include "input_impl.h"
#include "lang.h"
#include "outfile.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

static const char *display(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Let this process hold n more descriptors than it starts with: the
 * inputs stay open from input_open on, and a batch of a few thousand
 * files must not meet the usual soft limit of 1024 (the hard one is
 * higher).  Failing leaves the limit as it is: an open then says why. */
static void room_for(int n)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)n + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want
	              ? want : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

/* Open path for input i, unbuffered: every byte is read by rdbuf from the
 * descriptor, or by the workbook reader through stdio, never ahead into a
 * buffer the other cannot see.  0, or -1 with the message in err. */
static int open_one(struct input *in, int i, char *err, size_t errlen)
{
	const char *path = in->paths[i];
	struct stat st;
	FILE *fp;
	int c;

	if (strcmp(path, "-") == 0) {
		if (in->stdin_peeked) {
			snprintf(err, errlen, _("<stdin>: named more than once"));
			return -1;
		}
		setvbuf(stdin, NULL, _IONBF, 0);
		/* Take the first byte now, one read(2) of one byte, and give it
		 * back to stdio: whoever peeks at it next (the spreadsheet
		 * check) finds it there, and the reader knows stdio holds it. */
		if ((c = getc(stdin)) != EOF)
			ungetc(c, stdin);
		else if (ferror(stdin)) {
			snprintf(err, errlen, _("%s: read error: %s"), "<stdin>",
			         strerror(errno ? errno : EIO));
			return -1;
		}
		in->stdin_peeked = c != EOF ? 1 : -1;
		in->files[i] = stdin;
		return 0;
	}
	if (!(fp = fopen(path, "rbe"))) {
		snprintf(err, errlen, _("%s: cannot read: %s"), path,
		         strerror(errno));
		return -1;
	}
	in->files[i] = fp;
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, _("%s: is a directory, not an input file"),
		         path);
		return -1;
	}
	setvbuf(fp, NULL, _IONBF, 0);
	return 0;
}

int input_open(struct input **out, char *const *paths, int npaths,
               char *err, size_t errlen)
{
	struct input *in;
	int i;

	*out = NULL;
	in = calloc(1, sizeof *in);
	if (!in || !(in->files = calloc((size_t)npaths + 1, sizeof *in->files))) {
		free(in);
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	in->paths = paths;
	in->npaths = npaths;
	in->limit = INPUT_DEFAULT_LIMIT;
	in->mode = MODE_DONE;
	in->back = EOF;
	rdbuf_init(&in->rd);
	sha256_init(&in->sha);
	room_for(npaths);
	for (i = 0; i < npaths; i++)
		if (open_one(in, i, err, errlen) < 0) {
			input_close(in);
			return -1;
		}
	*out = in;
	return 0;
}

int input_protect(const struct input *in, const char *what, char *err,
                  size_t errlen)
{
	int i;

	for (i = 0; i < in->npaths; i++)
		if (in->files[i] &&
		    outfile_protect_fd(fileno(in->files[i]), what) < 0) {
			snprintf(err, errlen, _("out of memory"));
			return -1;
		}
	return 0;
}

void input_set_wake(struct input *in, int fd)
{
	rdbuf_set_wake(&in->rd, fd);
}

static void close_file(struct input *in)
{
	if (in->fp && in->fp != stdin)
		fclose(in->fp);
	in->fp = NULL;
	rdbuf_stop(&in->rd);
	sheetin_close(in->sheet);
	in->sheet = NULL;
	free(in->pend);
	in->pend = NULL;
	in->pend_len = in->pend_pos = in->pend_cap = 0;
	in->back = EOF;
	in->mode = MODE_DONE;
}

void input_close(struct input *in)
{
	int i;

	if (!in)
		return;
	close_file(in);
	for (i = 0; i < in->npaths; i++)
		if (in->files[i] && in->files[i] != stdin)
			fclose(in->files[i]);
	free(in->files);
	free(in->buf);
	free(in->linebuf);
	free(in);
}

int input_set_encoding(struct input *in, const char *encoding)
{
	iconv_t cd;

	if (!encoding)
		return 0;
	if ((cd = iconv_open("UTF-8", encoding)) == (iconv_t)-1)
		return -1;
	iconv_close(cd);
	in->encoding = encoding;
	return 0;
}

void input_set_limit(struct input *in, size_t bytes)
{
	in->limit = bytes ? bytes : SIZE_MAX - 1;
}

void input_set_sheets(struct input *in, const struct sheetin_opts *o)
{
	in->sheet_opts = o;
}

void input_sha256(struct input *in, char out[65])
{
	sha256_hex(&in->sha, out);
}

/* Why reading the current file failed, into err. */
static void read_error(struct input *in, char *err, size_t errlen)
{
	if (in->rd.err == EILSEQ)
		snprintf(err, errlen, _("%s: byte %llu is not %s text "
		         "(--encoding %s)"), in->name, in->rd.raw_off + 1,
		         in->encoding, in->encoding);
	else
		snprintf(err, errlen, _("%s: read error: %s"), in->name,
		         strerror(in->rd.err ? in->rd.err : EIO));
}

/* How the first byte of a file that is not JSON looks, for the message. */
static void describe_byte(int c, char *buf, size_t len)
{
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, len, "'%c'", c);
	else if (c == 0 || c == 0x7f || c < 0x20)
		snprintf(buf, len, _("the byte 0x%02x, binary data"), (unsigned)c);
	else
		snprintf(buf, len, _("the byte 0x%02x"), (unsigned)c);
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
	int c, over, more, kind;

	if (in->next_path >= in->npaths)
		return 1;
	path = in->paths[in->next_path];
	in->fp = in->files[in->next_path];
	in->files[in->next_path++] = NULL;
	in->name = display(path);
	kind = sheetin_kind_of(in->sheet_opts, path, in->fp);
	/* stdio holds standard input's first byte (open_one): a workbook
	 * reads it through stdio, the others are read from the descriptor */
	if (in->fp == stdin && in->stdin_peeked > 0 && kind != SHEETIN_XLSX)
		rdbuf_hold(&in->rd, getc(stdin));
	if (kind != SHEETIN_JSON) { /* a spreadsheet: its rows are the records */
		in->mode = MODE_SHEET;
		return sheetin_open(&in->sheet, in->sheet_opts, kind, in->fp,
		                    in->name, &in->rd, &in->sha, in->encoding,
		                    in->limit, err, errlen);
	}
	rdbuf_start(&in->rd, in->fp, &in->sha, in->encoding);
	in->line = 1;
	in->array_elems = 0;
	in->first_over = 0;
	c = input_next_byte(in);
	if (c == 0xEF && input_next_byte(in) == 0xBB && input_next_byte(in) == 0xBF)
		c = input_next_byte(in); /* a UTF-8 byte-order mark; else c stays */
	while (c != EOF && input_is_space(c))
		c = input_next_byte(in);
	if (in->rd.err)
		goto ioerr;
	if (c == EOF) {
		snprintf(err, errlen,
		         _("%s: empty input: expected a JSON object, an array "
		         "of objects, or NDJSON"), in->name);
		return -1;
	}
	if (c == '[') {
		in->mode = MODE_ARRAY;
		return 0;
	}
	if ((c == 0xFF || c == 0xFE) && in->line == 1) {
		int c2 = input_next_byte(in);
		if ((c == 0xFF && c2 == 0xFE) || (c == 0xFE && c2 == 0xFF)) {
			snprintf(err, errlen, _("%s: the input is UTF-16 text (what "
			         "Excel saves as \"Unicode text\"); save it as UTF-8"),
			         in->name);
			return -1;
		}
	}
	if (c == 0xD0 && in->line == 1 && input_next_byte(in) == 0xCF) {
		snprintf(err, errlen, _("%s: an old Excel workbook (.xls) or "
		         "another Office file: save it as .xlsx (Excel Workbook) "
		         "and give that"), in->name);
		return -1;
	}
	if (c == 'P' && in->line == 1 && input_next_byte(in) == 'K') {
		snprintf(err, errlen, _("%s: a zip archive, as an .xlsx workbook "
		         "is: name it .xlsx, or give --input-format xlsx"),
		         in->name);
		return -1;
	}
	if (c != '{') {
		describe_byte(c, what, sizeof what);
		snprintf(err, errlen,
		         _("%s:%ld: expected a JSON object, an array of objects, "
		         "or NDJSON; the input starts with %s"), in->name, in->line,
		         what);
		return -1;
	}
	/* Keep the first line, from its '{', for the scanner or as the first
	 * NDJSON record. */
	n = input_line_raw(in, &over);
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
		while (e > 0 && input_is_space(in->pend[e - 1]))
			e--;
		more = in->pend[e - 1] == '}' ? 1 : input_read_ahead(in);
	}
	if (more == -3)
		return -2;
	if (more == -1)
		goto ioerr;
	if (more == -4) {
		snprintf(err, errlen, _("%s: a line after line %ld is longer than "
		         "the record limit of %zu bytes (--max-record)"), in->name,
		         in->line, in->limit);
		return -1;
	}
	in->mode = more ? MODE_LINES : MODE_DOCUMENT;
	in->fresh = more;
	return 0;
ioerr:
	read_error(in, err, errlen);
	return -1;
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
		rec->row = NULL;
		if (in->mode == MODE_SHEET) {
			struct sheetin_rec sr;
			if ((r = sheetin_next(in->sheet, &sr, err, errlen)) == 0) {
				in->mode = MODE_DONE;
				continue;
			}
			rec->line = sr.line;
			rec->text = sr.text;
			rec->len = sr.len;
			rec->oversize = sr.oversize;
			rec->row = sr.row;
			return r;
		}
		if (in->mode == MODE_LINES) {
			r = input_next_line(in, rec);
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
		c = input_skip_space(in);
		if (in->rd.err)
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
					         _("%s:%ld: expected ',' or ']' after "
					         "element %d of the array"), in->name,
					         in->line, in->array_elems);
					return -1;
				}
				c = input_skip_space(in);
			}
			if (c == EOF || c == ']' || c == ',') {
				if (in->rd.err)
					goto ioerr;
				snprintf(err, errlen, "%s:%ld: %s", in->name, in->line,
				         c == EOF ? _("unexpected end of file inside "
				                    "the array")
				         : c == ']' && in->array_elems > 0
				                  ? _("a comma before the closing ']' "
				                    "(JSON allows no trailing comma)")
				                  : _("expected a value in the array"));
				return -1;
			}
		} else if (in->mode == MODE_START) {
			/* after the closing ']' of an array */
			if (c == EOF) {
				in->mode = MODE_DONE;
				continue;
			}
			snprintf(err, errlen,
			         _("%s:%ld: unexpected text after the end of the array"),
			         in->name, in->line);
			return -1;
		} else if (c == EOF) { /* MODE_DOCUMENT */
			in->mode = MODE_DONE;
			continue;
		} else if (c != '{') {
			snprintf(err, errlen, _("%s:%ld: unexpected '%c' after a record"),
			         in->name, in->line, c);
			return -1;
		}
		rec->line = in->line;
		r = input_scan_value(in, c);
		if (r == -3)
			goto nomem;
		if (in->rd.err)
			goto ioerr;
		if (r == -2) {
			snprintf(err, errlen,
			         _("%s:%ld: unexpected end of file inside the record "
			         "that starts on line %ld"), in->name, in->line,
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
	snprintf(err, errlen, _("%s:%ld: out of memory reading the input"),
	         in->name, in->line);
	return -2;
ioerr:
	read_error(in, err, errlen);
	return -1;
}
