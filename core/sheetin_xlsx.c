/*
 * sheetin_xlsx.c - an xlsx workbook, one row at a time (see
 * sheetin_impl.h), read with libzip and expat.
 *
 * sheetin_book.c reads the workbook's small parts first (which sheet,
 * where its XML is, the shared strings).  The sheet's XML is then inflated
 * a chunk at a time and fed to expat, which stops at the end of each row
 * and resumes at the next call, so only one row is held however large the
 * sheet.
 *
 * A number's cell format says what it is: a cell formatted as a
 * percentage or as a date is told apart by the workbook's styles
 * (xl/styles.xml, read first), and a formula with no saved value or an
 * error value is marked as such, so that the row's writer never takes
 * any of them for a plain number or an empty cell.
 */
#include "lang.h"
#include "sheetin_xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_COLS 16384 /* XFD, the last column of a worksheet */

/* --- the styles: which cell formats are percentages or dates --- */

enum { XF_NUMBER, XF_PERCENT, XF_DATE };

/* The class of a number format given by its code ("0.0%", "yyyy-mm-dd",
 * "[Red]0.00"): a percent sign, or a date or time part, outside quoted
 * text, escapes and [colour] brackets ([h] elapsed hours is a time). */
static unsigned char code_class(const char *c)
{
	int date = 0;

	for (; *c; c++) {
		if (*c == '"') {
			while (c[1] && c[1] != '"')
				c++;
			if (c[1])
				c++;
		} else if (*c == '\\' || *c == '_' || *c == '*') {
			if (c[1])
				c++;
		} else if (*c == '[') {
			if (strchr("hHmMsS", c[1]))
				date = 1;
			while (c[1] && c[1] != ']')
				c++;
		} else if (*c == '%') {
			return XF_PERCENT;
		} else if (strchr("yYmMdDhHsS", *c)) {
			date = 1;
		}
	}
	return date ? XF_DATE : XF_NUMBER;
}

/* The class of number format id: the workbook's own, else the built-in
 * ones (9, 10 percentages; 14-22, 27-36, 45-47, 50-58 dates and times,
 * the last two runs those of Chinese and other East Asian Excel). */
static unsigned char fmt_class(const struct xlsx *x, long id)
{
	size_t i;

	for (i = 0; i < x->nfmts; i++)
		if (x->fmts[i].id == id)
			return x->fmts[i].cls;
	if (id == 9 || id == 10)
		return XF_PERCENT;
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	    (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
		return XF_DATE;
	return XF_NUMBER;
}

/* At most so many cell formats are kept: a cell of a later one is read
 * as a plain number (a workbook has a few hundred at most). */
#define MAX_XF 65536

static void XMLCALL st_start(void *arg, const XML_Char *el,
                             const XML_Char **a)
{
	struct xlsx *x = arg;
	const char *n = xlsx_local(el), *id, *code;

	if (strcmp(n, "numFmt") == 0 && (id = xlsx_attr(a, "numFmtId")) &&
	    (code = xlsx_attr(a, "formatCode"))) {
		if (x->nfmts == x->fmtcap) {
			size_t cap = x->fmtcap * 2 + 16;
			struct numfmt *f = cap > MAX_XF ? NULL
			                   : realloc(x->fmts, cap * sizeof *f);
			if (!f)
				return; /* unknown formats read as numbers */
			x->fmts = f;
			x->fmtcap = cap;
		}
		x->fmts[x->nfmts].id = strtol(id, NULL, 10);
		x->fmts[x->nfmts++].cls = code_class(code);
	} else if (strcmp(n, "cellXfs") == 0) {
		x->in_xfs = 1;
	} else if (strcmp(n, "xf") == 0 && x->in_xfs && x->nxf < MAX_XF) {
		id = xlsx_attr(a, "numFmtId");
		if (x->nxf == x->xfcap) {
			size_t cap = x->xfcap * 2 + 64;
			unsigned char *v = realloc(x->xf, cap);
			if (!v)
				return;
			x->xf = v;
			x->xfcap = cap;
		}
		x->xf[x->nxf++] = id ? fmt_class(x, strtol(id, NULL, 10))
		                     : XF_NUMBER;
	}
}

static void XMLCALL st_end(void *arg, const XML_Char *el)
{
	struct xlsx *x = arg;

	if (strcmp(xlsx_local(el), "cellXfs") == 0)
		x->in_xfs = 0;
}

/* Read xl/styles.xml, when the workbook has one, into x->xf.  A styles
 * part that cannot be parsed leaves every cell a plain number, as before
 * styles were read: the values themselves are in the sheet.  0, or -2
 * out of memory. */
static int read_styles(struct xlsx *x)
{
	zip_file_t *f = zip_fopen(x->z, "xl/styles.xml", 0);
	XML_Parser p;
	zip_int64_t n;

	if (!f)
		return 0;
	if (!(p = XML_ParserCreate("UTF-8"))) {
		zip_fclose(f);
		return -2;
	}
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, st_start, st_end);
	do {
		n = zip_fread(f, x->chunk, sizeof x->chunk);
		if (n < 0 || XML_Parse(p, x->chunk, (int)n, n == 0) ==
		    XML_STATUS_ERROR) {
			x->nxf = 0;
			break;
		}
	} while (n > 0);
	XML_ParserFree(p);
	zip_fclose(f);
	return 0;
}

/* --- the sheet --- */

/* The elements of a sheet that are read; every other is TAG_OTHER. */
enum tag { TAG_OTHER, TAG_ROW, TAG_C, TAG_V, TAG_F, TAG_IS, TAG_RPH, TAG_T };

/* Element el's tag, by its local name.  Told by its first letters
 * rather than by a string comparison with each name in turn: every
 * element of every cell comes through here. */
static enum tag tag_of(const XML_Char *el)
{
	const char *n = el, *p;

	for (p = el; *p; p++) /* xlsx_local's part, on a name of a few bytes */
		if (*p == ':')
			n = p + 1;

	switch (n[0]) {
	case 'c':
		return n[1] ? TAG_OTHER : TAG_C;
	case 'v':
		return n[1] ? TAG_OTHER : TAG_V;
	case 'f':
		return n[1] ? TAG_OTHER : TAG_F;
	case 't':
		return n[1] ? TAG_OTHER : TAG_T;
	case 'i':
		return strcmp(n, "is") ? TAG_OTHER : TAG_IS;
	case 'r':
		return !strcmp(n, "row") ? TAG_ROW
		       : !strcmp(n, "rPh") ? TAG_RPH : TAG_OTHER;
	default:
		return TAG_OTHER;
	}
}

/* A cell's type (its t="..."): a shared string, a boolean, an error
 * value, a number (t="n" or none), or text of its own (str, inlineStr
 * and any other). */
enum { CT_TEXT, CT_S, CT_B, CT_E, CT_N };

/* A <c>'s attributes r, t and s, in one pass over a, each as xlsx_attr
 * finds it (the first given; t and s also with a namespace prefix, r
 * only without), or NULL. */
static void cell_attrs(const char **a, const char **r, const char **t,
                       const char **s)
{
	*r = *t = *s = NULL;
	for (; a && a[0]; a += 2) {
		const char *k = a[0], *c;
		int prefixed = 0;
		if (k[0] && k[1]) {
			if (!(c = strrchr(k, ':')) || !c[1] || c[2])
				continue;
			k = c + 1;
			prefixed = 1;
		}
		if (k[0] == 'r' && !prefixed && !*r)
			*r = a[1];
		else if (k[0] == 't' && !*t)
			*t = a[1];
		else if (k[0] == 's' && !*s)
			*s = a[1];
	}
}

/* The CT_* of a cell whose t="..." is v (NULL: none given). */
static int cell_type(const char *v)
{
	if (!v || (v[0] == 'n' && !v[1]))
		return CT_N;
	if (v[0] && !v[1])
		return v[0] == 's' ? CT_S : v[0] == 'b' ? CT_B
		       : v[0] == 'e' ? CT_E : CT_TEXT;
	return CT_TEXT;
}

static void XMLCALL sh_start(void *arg, const XML_Char *el,
                             const XML_Char **a)
{
	struct xlsx *x = arg;
	const char *v, *t, *st;
	enum tag tag = tag_of(el);

	if (x->nopen < sizeof x->open)
		x->open[x->nopen] = (unsigned char)tag;
	x->nopen++;
	if (tag == TAG_ROW) {
		v = xlsx_attr(a, "r");
		x->rownum = v ? strtol(v, NULL, 10) : x->rownum + 1;
		if (x->rownum < 1) {
			xlsx_fail(x, "a row number below 1");
			return;
		}
		x->rlen = x->nat = 0;
		x->col = -1;
		x->over = 0;
	} else if (tag == TAG_C) {
		long col = 0;
		cell_attrs(a, &v, &t, &st);
		if (v && *v >= 'A' && *v <= 'Z') {
			for (; *v >= 'A' && *v <= 'Z' && col <= MAX_COLS; v++)
				col = col * 26 + (*v - 'A' + 1);
			col--;
		} else {
			col = x->col + 1;
		}
		if (col < 0 || col >= MAX_COLS) {
			xlsx_fail(x, "a cell beyond column XFD");
			return;
		}
		x->col = col;
		x->ctype = cell_type(t);
		x->cstyle = st ? strtol(st, NULL, 10) : -1;
		x->formula = x->valued = 0;
		x->tlen = 0;
		if (x->text)
			x->text[0] = '\0';
	} else if (tag == TAG_V) {
		x->where = IN_V;
		x->valued = 1;
	} else if (tag == TAG_F) {
		x->formula = 1;
	} else if (tag == TAG_IS) {
		x->in_is = 1;
	} else if (tag == TAG_RPH) {
		x->depth_rph++;
	} else if (tag == TAG_T && x->in_is) {
		x->where = IN_T;
	}
}

/* The current cell into the row. */
static void end_cell(struct xlsx *x)
{
	const char *t = x->text ? x->text : "";
	size_t len = x->tlen;
	int kind = CELL_TEXT;

	if (x->ctype == CT_S) {
		char *end;
		unsigned long i = strtoul(t, &end, 10);
		if (end == t || *end || i >= x->nss)
			{
			xlsx_fail(x, "a cell refers to a shared string the "
			            "workbook does not have");
			return;
		}
		t = x->ss + x->ss_off[i];
		len = strlen(t);
	} else if (x->ctype == CT_B) {
		kind = CELL_BOOL;
	} else if (x->ctype == CT_E) {
		kind = CELL_ERROR;
	} else if (x->ctype == CT_N) {
		kind = CELL_NUMBER;
		if (x->cstyle >= 0 && (size_t)x->cstyle < x->nxf)
			kind = x->xf[x->cstyle] == XF_PERCENT ? CELL_PERCENT
			       : x->xf[x->cstyle] == XF_DATE ? CELL_DATE : CELL_NUMBER;
	}
	if (!len && x->formula && !x->valued)
		kind = CELL_FORMULA; /* never computed: not an empty cell */
	else if (!len)
		return;
	if (x->rlen + len > x->limit) {
		x->over = 1;
		return;
	}
	if (x->nat == x->atcap) {
		size_t cap = x->atcap * 2 + 16;
		struct cell_at *v = realloc(x->at, cap * sizeof *v);
		if (!v) {
			xlsx_fail(x, "out of memory");
			return;
		}
		x->at = v;
		x->atcap = cap;
	}
	if (xlsx_grow(&x->row, &x->rcap, x->rlen + len + 1) < 0) {
		xlsx_fail(x, "out of memory");
		return;
	}
	x->at[x->nat].col = x->col;
	x->at[x->nat].off = x->rlen;
	x->at[x->nat].len = len;
	x->at[x->nat].kind = kind;
	x->nat++;
	memcpy(x->row + x->rlen, t, len);
	x->rlen += len;
	x->row[x->rlen++] = '\0';
}

/* An element's end: its tag as its start found it (expat ends only the
 * element last opened), so that its name is not read a second time. */
static void XMLCALL sh_end(void *arg, const XML_Char *el)
{
	struct xlsx *x = arg;
	enum tag tag = --x->nopen < sizeof x->open ? (enum tag)x->open[x->nopen]
	                                           : tag_of(el);

	if (tag == TAG_V || tag == TAG_T) {
		x->where = IN_NONE;
	} else if (tag == TAG_IS) {
		x->in_is = 0;
	} else if (tag == TAG_RPH && x->depth_rph) {
		x->depth_rph--;
	} else if (tag == TAG_C) {
		end_cell(x);
	} else if (tag == TAG_ROW && !x->bad) {
		x->ready = 1;
		XML_StopParser(x->p, XML_TRUE);
	}
}

/* The next piece of the sheet's XML to the parser, in the pieces
 * zip_fread gives (so that expat sees the same either way): from x->sx
 * when the sheet was inflated whole at open, else inflated straight into
 * expat's buffer.  The parser's status, or -1 with the reason in err when
 * the archive cannot be read. */
static int feed(struct xlsx *x, enum XML_Status *st, char *err,
                size_t errlen)
{
	zip_int64_t n;
	void *buf;

	if (x->sx) {
		n = (zip_int64_t)(x->sx_len - x->sx_fed);
		if (n > (zip_int64_t)sizeof x->chunk)
			n = sizeof x->chunk;
		x->final = n == 0;
		*st = XML_Parse(x->p, x->sx + x->sx_fed, (int)n, x->final);
		x->sx_fed += (size_t)n;
		xlsx_sx_fed(x, x->final);
		return 0;
	}
	if (!(buf = XML_GetBuffer(x->p, sizeof x->chunk))) {
		*st = XML_STATUS_ERROR;
		return 0;
	}
	if ((n = zip_fread(x->f, buf, sizeof x->chunk)) < 0) {
		snprintf(err, errlen, _("%s: the sheet cannot be read: %s"), x->name,
		         zip_error_strerror(zip_file_get_error(x->f)));
		return -1;
	}
	x->final = n == 0;
	*st = XML_ParseBuffer(x->p, (int)n, x->final);
	return 0;
}

static int xlsx_next(void *arg, struct sheetin_row **row, char *err,
                     size_t errlen)
{
	struct xlsx *x = arg;
	enum XML_Status st;
	size_t i;

	x->ready = 0;
	while (!x->done) {
		if (x->suspended)
			st = XML_ResumeParser(x->p);
		else if (feed(x, &st, err, errlen) < 0)
			return -1;
		if (st == XML_STATUS_ERROR) {
			snprintf(err, errlen, _("%s:%ld: the sheet's XML: %s"), x->name,
			         x->rownum, x->bad ? x->why
			         : XML_ErrorString(XML_GetErrorCode(x->p)));
			return strcmp(x->why, "out of memory") ? -1 : -2;
		}
		x->suspended = st == XML_STATUS_SUSPENDED;
		if (!x->suspended && x->final)
			x->done = 1;
		if (x->ready)
			break;
	}
	if (!x->ready)
		return 0;
	x->out.ncells = 0;
	for (i = 0; i < x->nat; i++)
		if ((size_t)x->at[i].col + 1 > x->out.ncells)
			x->out.ncells = (size_t)x->at[i].col + 1;
	if (x->out.ncells > x->ccap) {
		struct sheetin_cell *c = realloc(x->cells,
		                                 x->out.ncells * sizeof *c);
		if (!c)
			return -2;
		x->cells = c;
		x->ccap = x->out.ncells;
	}
	if (x->out.ncells) /* a row of no cells may come before any cell */
		memset(x->cells, 0, x->out.ncells * sizeof *x->cells);
	for (i = 0; i < x->nat; i++) {
		struct sheetin_cell *c = &x->cells[x->at[i].col];
		c->kind = (enum sheetin_cell_kind)x->at[i].kind;
		c->text = x->row + x->at[i].off;
		c->len = x->at[i].len;
	}
	x->out.number = x->rownum;
	x->out.cells = x->cells;
	x->out.over = x->over;
	*row = &x->out;
	return 1;
}

static void xlsx_close(void *arg)
{
	struct xlsx *x = arg;

	if (!x)
		return;
	if (x->p)
		XML_ParserFree(x->p);
	if (x->f)
		zip_fclose(x->f);
	if (x->z)
		zip_discard(x->z);
	if (x->fd >= 0)
		close(x->fd);
	xlsx_sx_fed(x, 1);
	free(x->ss);
	free(x->ss_off);
	free(x->text);
	free(x->row);
	free(x->at);
	free(x->cells);
	free(x->sheet_rid);
	free(x->sheet_target);
	free(x->names);
	free(x->xf);
	free(x->fmts);
	free(x);
}

int sheetin_xlsx_open(struct sheetin_src *src, FILE *fp, const char *name,
                      const char *sheet, struct sha256 *sha, size_t limit,
                      char *err, size_t errlen)
{
	struct xlsx *x = calloc(1, sizeof *x);
	int rc;

	if (!x)
		return -2;
	x->fd = -1;
	x->name = name;
	x->limit = limit;
	x->want = sheet;
	src->next = xlsx_next;
	src->close = xlsx_close;
	src->r = x;
	if ((rc = xlsx_book_open(x, fp, sha, err, errlen)) < 0)
		return rc;
	if (read_styles(x) < 0)
		return -2;
	if (!x->sx && !(x->f = zip_fopen(x->z, x->sheet_target, 0))) {
		snprintf(err, errlen, _("%s: not an xlsx workbook: it has no %s"),
		         name, x->sheet_target);
		return -1;
	}
	if (!(x->p = XML_ParserCreate("UTF-8")))
		return -2;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, sh_start, sh_end);
	XML_SetCharacterDataHandler(x->p, xlsx_on_text);
	x->where = IN_NONE;
	return 0;
}
