/*
 * sheet_xlsx.c - --format xlsx through libxlsxwriter: a workbook with
 *   结果 (results)   one row per result, the columns of sheet.h, header
 *                    row frozen with the identity beside it, filters on;
 *   汇总 (summary)   the run's metadata, then the scheme's summary laid
 *                    out generically: counts as rows, lists of objects
 *                    (criteria, parents, pairs) as small tables;
 *   被拒绝 (rejected) one row per error of each rejected record.
 * Numbers are number cells, booleans boolean cells, text is never a
 * formula.  The workbook runs in constant-memory mode (rows go to disk as
 * they are written) and its creation time is fixed, so the same run gives
 * the same bytes.  libxlsxwriter writes to a file name, so the workbook
 * is built in an unlinked temporary file (reached again through
 * /proc/self/fd, so an interrupted run leaves nothing behind) and copied
 * into the output stream.
 */
#include "sheet.h"
#include "lang.h"
#include "tmp.h"
#include "xlsx_whole.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

/* 2000-01-01T00:00:00Z: the workbook's creation time, fixed so reruns
 * are byte-identical (0 would mean "now"). */
#define XLSX_CREATED ((time_t)946684800)

/* The longest text an Excel cell holds, in characters (bytes here, which
 * is never more). */
#define XLSX_TEXT_MAX 32767

struct xw {
	lxw_workbook *wb;
	lxw_worksheet *res, *sum, *rej;
	lxw_format *bold;
	lxw_error e;      /* the first libxlsxwriter error */
	char *buf;        /* cleaned text */
	size_t cap;
};

static void note(struct xw *x, lxw_error e)
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

static int text(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                const char *s, lxw_format *f)
{
	const char *t = clean(x, s);

	if (!t)
		return -1;
	note(x, worksheet_write_string(ws, r, c, t, f));
	return 0;
}

static int cell(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                const struct sheet_cell *v)
{
	switch (v->type) {
	case SHEET_NUMBER:
		note(x, worksheet_write_number(ws, r, c, v->number, NULL));
		break;
	case SHEET_BOOL:
		note(x, worksheet_write_boolean(ws, r, c, v->boolean, NULL));
		break;
	case SHEET_TEXT:
		return text(x, ws, r, c, v->text, NULL);
	case SHEET_EMPTY:
		break;
	}
	return 0;
}

/* A JSON scalar as a cell; an array of scalars joined with "; ". */
static int value(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                 const cJSON *v)
{
	struct sheet_cell s = { SHEET_EMPTY, 0, 0, NULL };
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
				n += strlen(e->valuestring) + 2;
		if (!(joined = p = malloc(n)))
			return -1;
		*p = '\0';
		n = 0; /* strings written so far */
		cJSON_ArrayForEach(e, v)
			if (cJSON_IsString(e))
				p += sprintf(p, "%s%s", n++ ? "; " : "",
				             e->valuestring);
		s.type = SHEET_TEXT;
		s.text = joined;
	}
	rc = cell(x, ws, r, c, &s);
	free(joined);
	return rc;
}

static int label(struct xw *x, lxw_row_t r, lxw_col_t c, const char *key,
                 lxw_format *f)
{
	char buf[256];

	return text(x, x->sum, r, c, sheet_label(key, buf, sizeof buf), f);
}

/* A list of objects as a table from row *r on. */
static int table(struct xw *x, lxw_row_t *r, const cJSON *list)
{
	struct sheet_tcol *t;
	const cJSON *e;
	size_t n, i;
	char head[512], buf[256];

	if (sheet_tcols(list, &t, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		sheet_label(t[i].outer, buf, sizeof buf);
		if (t[i].inner)
			snprintf(head, sizeof head, "%s.%s", buf, t[i].inner);
		else
			snprintf(head, sizeof head, "%s", buf);
		if (text(x, x->sum, *r, (lxw_col_t)i, head, x->bold) < 0)
			goto fail;
	}
	++*r;
	cJSON_ArrayForEach(e, list) {
		for (i = 0; i < n; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(
				e, t[i].outer);
			if (t[i].inner)
				v = cJSON_IsObject(v) ?
				    cJSON_GetObjectItemCaseSensitive(v, t[i].inner)
				    : NULL;
			else if (cJSON_IsObject(v))
				v = NULL;
			if (value(x, x->sum, *r, (lxw_col_t)i, v) < 0)
				goto fail;
		}
		++*r;
	}
	free(t);
	return 0;
fail:
	free(t);
	return -1;
}

/* One member of the metadata or the summary from row *r on: a scalar on
 * its row, an object as its members' rows, a list of objects as a table,
 * a list of values one a row.  codes: the describe document's labels of
 * the map m belongs to (vetoes, actions, warnings), or NULL: a code is
 * then shown "label (code)", as in the results. */
static int section(struct xw *x, lxw_row_t *r, const cJSON *m, int depth,
                   const cJSON *codes, const cJSON *describe)
{
	const cJSON *e, *l = codes ? cJSON_GetObjectItemCaseSensitive(codes,
	                                                              m->string)
	                           : NULL;
	char buf[512];

	if (!cJSON_IsObject(m) && !cJSON_IsArray(m)) {
		if (cJSON_IsString(l))
			snprintf(buf, sizeof buf, "%s (%s)", l->valuestring, m->string);
		if ((cJSON_IsString(l) ? text(x, x->sum, *r, 0, buf, NULL)
		                       : label(x, *r, 0, m->string, NULL)) < 0 ||
		    value(x, x->sum, *r, 1, m) < 0)
			return -1;
		++*r;
		return 0;
	}
	if (label(x, *r, 0, m->string, x->bold) < 0)
		return -1;
	++*r;
	if (cJSON_IsObject(m)) {
		l = depth == 0 ? cJSON_GetObjectItemCaseSensitive(describe,
		                                                  m->string) : NULL;
		cJSON_ArrayForEach(e, m)
			if (depth < 4 && section(x, r, e, depth + 1,
			                         cJSON_IsObject(l) ? l : NULL,
			                         describe) < 0)
				return -1;
		return 0;
	}
	if (cJSON_IsObject(m->child))
		return table(x, r, m);
	cJSON_ArrayForEach(e, m) {
		if (value(x, x->sum, *r, 0, e) < 0)
			return -1;
		++*r;
	}
	return 0;
}

static int summary_sheet(struct xw *x, const struct results_doc *doc)
{
	const cJSON *title[2] = { doc->meta, doc->summary }, *m;
	static const char *const key[2] = { "assess", "summary" };
	static const char *const name[2] = { "运行信息", "汇总" };
	lxw_row_t r = 0;
	char buf[128];
	int i;

	note(x, worksheet_set_column(x->sum, 0, 0, 28, NULL));
	note(x, worksheet_set_column(x->sum, 1, 8, 14, NULL));
	for (i = 0; i < 2; i++) {
		snprintf(buf, sizeof buf, "%s (%s)", name[i], key[i]);
		if (text(x, x->sum, r++, 0, buf, x->bold) < 0)
			return -1;
		cJSON_ArrayForEach(m, title[i])
			if (section(x, &r, m, 0, NULL, i ? doc->describe : NULL) < 0)
				return -1;
		r++;
	}
	return 0;
}

static const char *const rej_keys[] = { "id", "name", "parent", "period",
                                        "file", "line", "path", "message" };
#define REJ_COLS (sizeof rej_keys / sizeof rej_keys[0])

/* The rejected record r's rows from *row on: one per error. */
static int rejected_rows(struct xw *x, lxw_row_t *row, const cJSON *r)
{
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(r, "errors");
	const cJSON *e = cJSON_IsArray(errs) ? errs->child : NULL;
	size_t i;

	do {
		if (*row >= LXW_ROW_MAX)
			return -2;
		for (i = 0; i < REJ_COLS; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(
				i < 6 ? r : e, rej_keys[i]);
			if (value(x, x->rej, *row, (lxw_col_t)i, v) < 0)
				return -1;
		}
		++*row;
	} while (e && (e = e->next));
	return 0;
}

/* Headers, frozen and filtered, and the widths of the results sheet. */
static int results_header(struct xw *x, struct sheet_cols *cols)
{
	size_t n = sheet_cols_count(cols), i;

	for (i = 0; i < n; i++)
		if (text(x, x->res, 0, (lxw_col_t)i,
		         sheet_cols_header(cols, i), x->bold) < 0)
			return -1;
	for (i = 0; i < REJ_COLS; i++) {
		char buf[64];
		if (text(x, x->rej, 0, (lxw_col_t)i,
		         sheet_label(rej_keys[i], buf, sizeof buf), x->bold) < 0)
			return -1;
	}
	note(x, worksheet_set_column(x->res, 0, (lxw_col_t)(n - 1), 14, NULL));
	note(x, worksheet_set_column(x->res, 1, 1, 28, NULL));
	note(x, worksheet_set_column(x->rej, 0, REJ_COLS - 1, 14, NULL));
	note(x, worksheet_set_column(x->rej, 1, 1, 28, NULL));
	note(x, worksheet_set_column(x->rej, REJ_COLS - 1, REJ_COLS - 1, 60,
	                             NULL));
	worksheet_freeze_panes(x->res, 1, 2);
	worksheet_freeze_panes(x->rej, 1, 1);
	return 0;
}

/* The workbook at path, from doc.  0, or -1 with the reason in err. */
static int build(const char *path, const struct results_doc *doc,
                 char *err, size_t errlen)
{
	lxw_workbook_options opt = { LXW_TRUE, (char *)tmp_dir(), LXW_FALSE };
	lxw_doc_properties props = { 0 };
	struct xw x = { 0 };
	struct sheet_cols *cols = NULL;
	lxw_row_t row = 1, rrow = 1;
	cJSON *r = NULL;
	size_t n = 0, i;
	lxw_error ce;
	int rc = -1, got;

	props.created = XLSX_CREATED;
	if (!(x.wb = workbook_new_opt(path, &opt)) ||
	    workbook_set_properties(x.wb, &props) != LXW_NO_ERROR ||
	    !(x.res = workbook_add_worksheet(x.wb, "结果")) ||
	    !(x.sum = workbook_add_worksheet(x.wb, "汇总")) ||
	    !(x.rej = workbook_add_worksheet(x.wb, "被拒绝")) ||
	    !(x.bold = workbook_add_format(x.wb))) {
		snprintf(err, errlen, _("cannot start the workbook (out of "
		         "memory, or no room for its temporary files)"));
		goto out;
	}
	format_set_bold(x.bold);
	if (sheet_cols_new(&cols, doc, err, errlen) < 0)
		goto out;
	n = sheet_cols_count(cols);
	if (results_header(&x, cols) < 0)
		goto nomem;
	while ((got = sheet_next(cols, doc, &r, err, errlen)) == 1) {
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(r, "status");
		struct sheet_cell c;
		for (i = 0; i < n; i++)
			if (sheet_cell(cols, r, i, &c) < 0 ||
			    cell(&x, x.res, row, (lxw_col_t)i, &c) < 0)
				goto nomem;
		row++;
		if (cJSON_IsString(st) &&
		    strcmp(st->valuestring, "rejected") == 0 &&
		    (got = rejected_rows(&x, &rrow, r)) < 0) {
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
	note(&x, worksheet_autofilter(x.res, 0, 0, row - 1, (lxw_col_t)(n - 1)));
	note(&x, worksheet_autofilter(x.rej, 0, 0, rrow - 1, REJ_COLS - 1));
	if (summary_sheet(&x, doc) < 0)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	snprintf(err, errlen, _("out of memory"));
out:
	cJSON_Delete(r);
	sheet_cols_free(cols);
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

int sheet_write_xlsx(FILE *fp, const struct results_doc *doc, char *err,
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
