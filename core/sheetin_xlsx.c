/*
 * sheetin_xlsx.c - an xlsx workbook, one row at a time (see
 * sheetin_impl.h), read with libzip and expat.
 *
 * sheetin_book.c reads the workbook's small parts first (which sheet,
 * where its XML is, the shared strings).  The sheet's XML is then inflated
 * a chunk at a time and fed to expat, which stops at the end of each row
 * and resumes at the next call, so only one row is held however large the
 * sheet.
 */
#include "lang.h"
#include "sheetin_xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_COLS 16384 /* XFD, the last column of a worksheet */

/* --- the sheet --- */

static void XMLCALL sh_start(void *arg, const XML_Char *el,
                             const XML_Char **a)
{
	struct xlsx *x = arg;
	const char *n = xlsx_local(el), *v;

	if (strcmp(n, "row") == 0) {
		v = xlsx_attr(a, "r");
		x->rownum = v ? strtol(v, NULL, 10) : x->rownum + 1;
		if (x->rownum < 1) {
			xlsx_fail(x, "a row number below 1");
			return;
		}
		x->rlen = x->nat = 0;
		x->col = -1;
		x->over = 0;
	} else if (strcmp(n, "c") == 0) {
		long col = 0;
		v = xlsx_attr(a, "r");
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
		v = xlsx_attr(a, "t");
		snprintf(x->ctype, sizeof x->ctype, "%s", v ? v : "n");
		x->tlen = 0;
		if (x->text)
			x->text[0] = '\0';
	} else if (strcmp(n, "v") == 0) {
		x->where = IN_V;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = 1;
	} else if (strcmp(n, "rPh") == 0) {
		x->depth_rph++;
	} else if (strcmp(n, "t") == 0 && x->in_is) {
		x->where = IN_T;
	}
}

/* The current cell into the row. */
static void end_cell(struct xlsx *x)
{
	const char *t = x->text ? x->text : "";
	size_t len = x->tlen;
	int kind = CELL_TEXT;

	if (strcmp(x->ctype, "s") == 0) {
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
	} else if (strcmp(x->ctype, "b") == 0) {
		kind = CELL_BOOL;
	} else if (strcmp(x->ctype, "n") == 0) {
		kind = CELL_NUMBER;
	}
	if (!len)
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

static void XMLCALL sh_end(void *arg, const XML_Char *el)
{
	struct xlsx *x = arg;
	const char *n = xlsx_local(el);

	if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
		x->where = IN_NONE;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = 0;
	} else if (strcmp(n, "rPh") == 0 && x->depth_rph) {
		x->depth_rph--;
	} else if (strcmp(n, "c") == 0) {
		end_cell(x);
	} else if (strcmp(n, "row") == 0 && !x->bad) {
		x->ready = 1;
		XML_StopParser(x->p, XML_TRUE);
	}
}

static int xlsx_next(void *arg, struct sheetin_row **row, char *err,
                     size_t errlen)
{
	struct xlsx *x = arg;
	enum XML_Status st;
	size_t i;

	x->ready = 0;
	while (!x->done) {
		if (x->suspended) {
			st = XML_ResumeParser(x->p);
		} else {
			zip_int64_t n = zip_fread(x->f, x->chunk, sizeof x->chunk);
			if (n < 0) {
				snprintf(err, errlen, _("%s: the sheet cannot be read: %s"),
				         x->name, zip_error_strerror(
				                      zip_file_get_error(x->f)));
				return -1;
			}
			x->final = n == 0;
			st = XML_Parse(x->p, x->chunk, (int)n, x->final);
		}
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
	free(x->ss);
	free(x->ss_off);
	free(x->text);
	free(x->row);
	free(x->at);
	free(x->cells);
	free(x->sheet_rid);
	free(x->sheet_target);
	free(x->names);
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
	if (!(x->f = zip_fopen(x->z, x->sheet_target, 0))) {
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
