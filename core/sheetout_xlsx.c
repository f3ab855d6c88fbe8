/*
 * sheetout_xlsx.c - --format xlsx through libxlsxwriter: a workbook to read
 * and to print as it is, with
 *   结果 (results)   one row per result, the columns of sheetout.h under a
 *                    header row of labels (the keys in a hidden row
 *                    above it, for scripts), frozen with the identity
 *                    beside it, filters on;
 *   汇总 (summary)   the run's metadata, then the scheme's summary
 *                    (sheetout_xlsx_sum.c);
 *   被拒绝 (rejected) one row per error of each rejected record.
 * Every sheet prints on A4 landscape, one page wide, its header row on
 * every page and the title and page numbers in the footer; every column
 * is as wide as its header and its widest cell (long lists wrap).
 * Numbers are number cells, yes and no words, text is never a formula.  The workbook runs in constant-memory mode (rows go to disk as
 * they are written) and its creation time is fixed, so the same run gives
 * the same bytes.  libxlsxwriter writes to a file name, so the workbook
 * is built in an unlinked temporary file (reached again through
 * /proc/self/fd, so an interrupted run leaves nothing behind) and copied
 * into the output stream.
 */
#include "sheetout_xlsx_impl.h"
#include "lang.h"
#include "paper.h"
#include "tmp.h"
#include "xlsx_whole.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* 2000-01-01T00:00:00Z: the workbook's creation time, fixed so reruns
 * are byte-identical (0 would mean "now"). */
#define XLSX_CREATED ((time_t)946684800)

/* The longest text an Excel cell holds, in characters (bytes here, which
 * is never more). */
#define XLSX_TEXT_MAX 32767

/* The widest a column grows for its cells (a wrapped one's lines are
 * this wide), in the widths of a digit: narrow enough that a results
 * sheet of two dozen columns prints one page wide and still legible. */
#define XLSX_WIDE 30

/* The widest any column grows (Excel's limit is 255). */
#define XLSX_WIDEST 80

/* The header row's height, in points: two lines, so that a long label
 * (民主管理与文化建设) wraps whole rather than widening its column. */
#define XLSX_HEAD_HEIGHT 30


void sheetout_xlsx_note(struct xw *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->e == LXW_NO_ERROR)
		x->e = e;
}

/* s as a cell may hold it: control characters other than tab and line
 * feed (which XML 1.0 cannot carry) become U+FFFD, CR LF and a lone CR
 * become LF (XML would fold them so anyway), and the text is cut at a
 * character boundary to Excel's 32767 bytes at most. */
static const char *clean(struct xw *x, const char *s)
{
	size_t n = strlen(s), i, o = 0;

	if (n > XLSX_TEXT_MAX) {
		n = XLSX_TEXT_MAX;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 && ch != '\t' && ch != '\n')
			break;
	}
	if (i == n && s[n] == '\0')
		return s;
	if (x->cap < 3 * n + 1) {
		char *p = realloc(x->buf, 3 * n + 1);
		if (!p)
			return NULL;
		x->buf = p;
		x->cap = 3 * n + 1;
	}
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\r') {
			if (s[i + 1] != '\n')
				x->buf[o++] = '\n';
		} else if (ch < 0x20 && ch != '\t' && ch != '\n') {
			memcpy(x->buf + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			x->buf[o++] = (char)ch;
		}
	}
	x->buf[o] = '\0';
	while (o > XLSX_TEXT_MAX) { /* replacements grew it: cut again */
		o--;
		while (o && ((unsigned char)x->buf[o] & 0xC0) == 0x80)
			o--;
		x->buf[o] = '\0';
	}
	return x->buf;
}

int sheetout_xlsx_text(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
                    lxw_col_t c, const char *s, lxw_format *f)
{
	const char *t = clean(x, s);

	if (!t)
		return -1;
	sheetout_xlsx_note(x, worksheet_write_string(ws, r, c, t, f));
	return 0;
}

static int cell(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                const struct sheetout_cell *v, lxw_format *f)
{
	switch (v->type) {
	case SHEET_NUMBER:
		sheetout_xlsx_note(x, worksheet_write_number(ws, r, c, v->number, f));
		break;
	case SHEET_BOOL:
		return sheetout_xlsx_text(x, ws, r, c,
		                       sheetout_word(v->boolean ? "true" : "false"), f);
	case SHEET_TEXT:
		return sheetout_xlsx_text(x, ws, r, c, v->text, f);
	case SHEET_EMPTY:
		break;
	}
	return 0;
}

int sheetout_xlsx_value(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
                     lxw_col_t c, const cJSON *v)
{
	struct sheetout_cell s = { SHEET_EMPTY, 0, 0, NULL };
	char *joined = NULL, *p;
	const cJSON *e;
	size_t n = 1;
	int rc;

	if (cJSON_IsNumber(v)) {
		s.type = SHEET_NUMBER;
		s.number = v->valuedouble;
	} else if (cJSON_IsBool(v)) {
		s.type = SHEET_BOOL;
		s.boolean = cJSON_IsTrue(v);
	} else if (cJSON_IsString(v)) {
		s.type = SHEET_TEXT;
		s.text = v->valuestring;
	} else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(e, v)
			if (cJSON_IsString(e))
				n += strlen(e->valuestring) + 3;
		if (!(joined = p = malloc(n)))
			return -1;
		*p = '\0';
		n = 0; /* strings written so far */
		cJSON_ArrayForEach(e, v)
			if (cJSON_IsString(e))
				p += sprintf(p, "%s%s", n++ ? "；" : "",
				             e->valuestring);
		s.type = SHEET_TEXT;
		s.text = joined;
	}
	rc = cell(x, ws, r, c, &s, NULL);
	free(joined);
	return rc;
}

/* Row 0, hidden: the keys; row 1: the labels.  For the results (cols)
 * and the rejected sheet. */
static int headers(struct xw *x, struct sheetout_cols *cols, double *width)
{
	lxw_row_col_options hide = { 1, 0, 0 };
	size_t n = sheetout_cols_count(cols), i;

	sheetout_xlsx_note(x, worksheet_set_row_opt(x->res, 0, LXW_DEF_ROW_HEIGHT,
	                                         NULL, &hide));
	sheetout_xlsx_note(x, worksheet_set_row_opt(x->rej, 0, LXW_DEF_ROW_HEIGHT,
	                                         NULL, &hide));
	for (i = 0; i < n; i++) {
		const char *h = sheetout_cols_header(cols, i);
		if (sheetout_xlsx_text(x, x->res, 0, (lxw_col_t)i,
		                    sheetout_cols_key(cols, i), NULL) < 0)
			return -1;
		/* half the label on each of the header's two lines, with room
		 * for the filter's button beside it */
		width[i] = sheetout_xlsx_width(h) / 2 + 4;
	}
	/* a row's height is set before its cells (constant memory) */
	sheetout_xlsx_note(x, worksheet_set_row(x->res, 1, XLSX_HEAD_HEIGHT, NULL));
	for (i = 0; i < n; i++)
		if (sheetout_xlsx_text(x, x->res, 1, (lxw_col_t)i,
		                    sheetout_cols_header(cols, i), x->head) < 0)
			return -1;
	for (i = 0; i < REJ_COLS; i++)
		if (sheetout_xlsx_text(x, x->rej, 0, (lxw_col_t)i, sheetout_xlsx_rej_keys[i],
		                    NULL) < 0)
			return -1;
	sheetout_xlsx_note(x, worksheet_set_row(x->rej, 1, XLSX_HEAD_HEIGHT, NULL));
	for (i = 0; i < REJ_COLS; i++) {
		/* the field as a reader names it, then its path (hidden) */
		static const char *const field[2] = { "字段", "字段路径" };
		const char *l = i == 6 ? field[0] : i == 8 ? field[1]
		                : sheetout_label_only(sheetout_xlsx_rej_keys[i]);
		if (sheetout_xlsx_text(x, x->rej, 1, (lxw_col_t)i,
		                    l ? l : sheetout_xlsx_rej_keys[i], x->head) < 0)
			return -1;
	}
	return 0;
}

/* The widths, frozen panes, filters and page of the results sheet
 * (rows up to row) and the rejected sheet (up to rrow). */
static void finish_sheets(struct xw *x, struct sheetout_cols *cols,
                          const double *width, lxw_row_t row, lxw_row_t rrow)
{
	lxw_row_col_options hide = { 1, 0, 0 };
	size_t n = sheetout_cols_count(cols), i;

	for (i = 0; i < n; i++)
		sheetout_xlsx_note(x, worksheet_set_column(x->res, (lxw_col_t)i,
		                (lxw_col_t)i, width[i],
		                sheetout_cols_long(cols, i) ? x->wrap : NULL));
	worksheet_freeze_panes(x->res, 2, 2);
	sheetout_xlsx_note(x, worksheet_autofilter(x->res, 1, 0, row - 1,
	                                        (lxw_col_t)(n - 1)));
	sheetout_xlsx_page(x, x->res, 1);
	sheetout_xlsx_note(x, worksheet_set_column(x->rej, 0, 5, 12, NULL));
	sheetout_xlsx_note(x, worksheet_set_column(x->rej, 1, 1, 28, NULL));
	sheetout_xlsx_note(x, worksheet_set_column(x->rej, 4, 4, 30, NULL));
	sheetout_xlsx_note(x, worksheet_set_column(x->rej, 6, 6, 16, NULL));
	sheetout_xlsx_note(x, worksheet_set_column(x->rej, 7, 7, REJ_MESSAGE_WIDTH,
	                                        x->wrap));
	sheetout_xlsx_note(x, worksheet_set_column_opt(x->rej, 8, 8, 20, NULL,
	                                            &hide));
	worksheet_freeze_panes(x->rej, 2, 1);
	sheetout_xlsx_note(x, worksheet_autofilter(x->rej, 1, 0, rrow - 1,
	                                        REJ_COLS - 2));
	sheetout_xlsx_page(x, x->rej, 1);
}

/* How wide cell v shows. */
static double cell_width(const struct sheetout_cell *v)
{
	char num[32];

	switch (v->type) {
	case SHEET_NUMBER:
		return snprintf(num, sizeof num, "%.10g", v->number);
	case SHEET_BOOL:
		return sheetout_xlsx_width(sheetout_word(v->boolean ? "true" : "false"));
	case SHEET_TEXT:
		return sheetout_xlsx_width(v->text);
	default:
		return 0;
	}
}

/* The first pass over the results: each column's width, the period,
 * what the summary sheet needs (sheetout_xlsx_take); the results are then
 * put back for the second.  0, -1 with the reason in err, or -2 out of
 * memory. */
static int measure(struct xw *x, struct sheetout_cols *cols, double *width,
                   char **period, char *err, size_t errlen)
{
	long at = ftell(x->doc->results);
	size_t n = sheetout_cols_count(cols), i;
	cJSON *r = NULL;
	int got;

	if (at < 0)
		goto io;
	while ((got = sheetout_next(cols, x->doc, &r, err, errlen)) == 1) {
		const cJSON *pd = cJSON_GetObjectItemCaseSensitive(r, "period");
		struct sheetout_cell c;
		for (i = 0; i < n; i++) {
			double w;
			if (sheetout_cell(cols, r, i, &c) < 0)
				goto nomem;
			w = cell_width(&c) + 2;
			if (w > XLSX_WIDE && sheetout_cols_long(cols, i))
				w = XLSX_WIDE;
			if (w > XLSX_WIDEST)
				w = XLSX_WIDEST;
			if (w > width[i])
				width[i] = w;
		}
		if ((!*period && cJSON_IsString(pd) &&
		     !(*period = strdup(pd->valuestring))) ||
		    sheetout_xlsx_take(x, r) < 0)
			goto nomem;
		cJSON_Delete(r);
	}
	if (got < 0)
		return -1;
	if (fseek(x->doc->results, at, SEEK_SET) == 0)
		return 0;
io:
	snprintf(err, errlen, _("cannot read the results back: %s"),
	         strerror(errno));
	return -1;
nomem:
	cJSON_Delete(r);
	return -2;
}

/* Result r on row row of the results sheet, the row as high as its
 * longest wrapped cell (a spreadsheet program does not grow it when it
 * opens the file).  0, or -1 out of memory. */
static int result_row(struct xw *x, struct sheetout_cols *cols,
                      const double *width, lxw_row_t row, const cJSON *r)
{
	size_t n = sheetout_cols_count(cols), i;
	struct sheetout_cell c;
	int most = 1, k;

	for (i = 0; i < n; i++) {
		if (!sheetout_cols_long(cols, i))
			continue;
		if (sheetout_cell(cols, r, i, &c) < 0)
			return -1;
		if (c.type == SHEET_TEXT && (k = sheetout_xlsx_lines(c.text, width[i])) > most)
			most = k;
	}
	if (most > 1)
		sheetout_xlsx_note(x, worksheet_set_row(x->res, row,
		                                     XLSX_LINE * most, NULL));
	for (i = 0; i < n; i++)
		if (sheetout_cell(cols, r, i, &c) < 0 ||
		    cell(x, x->res, row, (lxw_col_t)i, &c,
		         sheetout_cols_long(cols, i) ? x->wrap : x->top) < 0)
			return -1;
	return 0;
}

/* The formats of headers and long text. */
static int formats(struct xw *x)
{
	if (!(x->head = workbook_add_format(x->wb)) ||
	    !(x->bold = workbook_add_format(x->wb)) ||
	    !(x->wrap = workbook_add_format(x->wb)) ||
	    !(x->top = workbook_add_format(x->wb)))
		return -1;
	/* no bold: a Chinese font without a bold face is printed twice,
	 * offset, which text extraction (and some printers) garble */
	format_set_text_wrap(x->head);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(x->head, 0xF3E9E9);
	format_set_border(x->head, LXW_BORDER_THIN);
	format_set_bold(x->bold);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_align(x->top, LXW_ALIGN_VERTICAL_TOP);
	return 0;
}

/* The workbook at path, from doc.  0, or -1 with the reason in err. */
static int build(const char *path, const struct results_doc *doc,
                 char *err, size_t errlen)
{
	lxw_workbook_options opt = { LXW_TRUE, (char *)tmp_dir(), LXW_FALSE };
	lxw_doc_properties props = { 0 };
	struct xw x = { 0 };
	struct sheetout_cols *cols = NULL;
	lxw_row_t row = 2, rrow = 2;
	cJSON *r = NULL;
	double *width = NULL;
	char *period = NULL;
	size_t n = 0;
	lxw_error ce;
	int rc = -1, got;

	x.doc = doc;
	props.created = XLSX_CREATED;
	if (!(x.wb = workbook_new_opt(path, &opt)) ||
	    workbook_set_properties(x.wb, &props) != LXW_NO_ERROR ||
	    !(x.res = workbook_add_worksheet(x.wb, "结果")) ||
	    !(x.sum = workbook_add_worksheet(x.wb, "汇总")) ||
	    !(x.rej = workbook_add_worksheet(x.wb, "被拒绝")) ||
	    formats(&x) < 0) {
		snprintf(err, errlen, _("cannot start the workbook (out of "
		         "memory, or no room for its temporary files)"));
		goto out;
	}
	if (sheetout_cols_new(&cols, doc, 1, err, errlen) < 0)
		goto out;
	n = sheetout_cols_count(cols);
	if (!(width = calloc(n, sizeof *width)) || sheetout_xlsx_names_init(&x) < 0 ||
	    headers(&x, cols, width) < 0)
		goto nomem;
	if ((got = measure(&x, cols, width, &period, err, errlen)) < 0) {
		if (got == -2)
			goto nomem;
		goto out;
	}
	while ((got = sheetout_next(cols, doc, &r, err, errlen)) == 1) {
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(r, "status");
		if (result_row(&x, cols, width, row++, r) < 0)
			goto nomem;
		if (cJSON_IsString(st) &&
		    strcmp(st->valuestring, "rejected") == 0 &&
		    (got = sheetout_xlsx_rejected(&x, &rrow, r)) < 0) {
			if (got == -1)
				goto nomem;
			snprintf(err, errlen, _("the errors of the rejected "
			         "records do not fit an xlsx sheet (at most "
			         "%d rows): use --format csv"), LXW_ROW_MAX - 1);
			goto out;
		}
		cJSON_Delete(r);
		r = NULL;
	}
	if (got < 0)
		goto out;
	paper_title(doc, period, x.title, sizeof x.title);
	finish_sheets(&x, cols, width, row, rrow);
	if (sheetout_xlsx_summary(&x) < 0)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	snprintf(err, errlen, _("out of memory"));
out:
	cJSON_Delete(r);
	sheetout_cols_free(cols);
	free(width);
	free(period);
	sheetout_xlsx_names_free(&x);
	free(x.buf);
	if (x.wb) {
		ce = workbook_close(x.wb);
		if (rc == 0 && (x.e != LXW_NO_ERROR || ce != LXW_NO_ERROR)) {
			snprintf(err, errlen, _("cannot write the workbook: %s"),
			         lxw_strerror(x.e != LXW_NO_ERROR ? x.e : ce));
			rc = -1;
		}
	}
	return rc;
}

int sheetout_write_xlsx(FILE *fp, const struct results_doc *doc, char *err,
                     size_t errlen)
{
	char path[64], buf[65536];
	FILE *tmp;
	size_t got;
	int rc = -1;

	if (isatty(fileno(fp))) {
		snprintf(err, errlen, _("an xlsx workbook is not for a terminal: "
		         "give -o FILE.xlsx or redirect standard output"));
		return -1;
	}
	if (doc->count >= LXW_ROW_MAX) {
		snprintf(err, errlen, _("%ld results do not fit an xlsx sheet "
		         "(at most %d): use --format csv"), doc->count,
		         LXW_ROW_MAX - 1);
		return -1;
	}
	/* an unlinked file, reopened by libxlsxwriter through its name in
	 * /proc: nothing to remove if the run is cut short */
	if (!(tmp = tmp_file())) {
		snprintf(err, errlen, _("cannot create a temporary file: %s"),
		         strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(tmp));
	if (access(path, W_OK) != 0) {
		snprintf(err, errlen, _("cannot reach a temporary file through "
		         "%s: %s"), path, strerror(errno));
		goto out;
	}
	if (build(path, doc, err, errlen) < 0 || xlsx_whole(path, err, errlen) < 0)
		goto out;
	if (fseek(tmp, 0, SEEK_SET) != 0)
		goto io;
	while ((got = fread(buf, 1, sizeof buf, tmp)) > 0)
		if (fwrite(buf, 1, got, fp) != got)
			goto out; /* the caller reports the write error */
	if (ferror(tmp))
		goto io;
	rc = 0;
	goto out;
io:
	snprintf(err, errlen, _("cannot read the workbook back: %s"),
	         strerror(errno));
out:
	fclose(tmp);
	return rc;
}
