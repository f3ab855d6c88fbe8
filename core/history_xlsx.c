/*
 * history_xlsx.c - earlier results from the workbook assess wrote
 * (--format xlsx): its 汇总 sheet names the plugin, its 结果 sheet holds
 * a result a row under a row of keys (hidden above the labels), or, as
 * earlier versions wrote, under headers that end in their key,
 * "星级 (stars)".
 * Read through the spreadsheet input's workbook reader (sheetin.h's
 * sheetin_rows: the tree's one xlsx reader), a row at a time.
 */
#include "history_impl.h"
#include "lang.h"
#include "sheetin.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest row read, in bytes. */
#define ROW_LIMIT (1 << 20)

/* Whether a header names key: "星级 (stars)" or "stars". */
static int header_is(const struct sheetin_cell *c, const char *key)
{
	size_t k = strlen(key);

	if (c->kind != CELL_TEXT)
		return 0;
	if (c->len == k && memcmp(c->text, key, k) == 0)
		return 1;
	return c->len > k + 2 && c->text[c->len - 1] == ')' &&
	       c->text[c->len - k - 2] == '(' &&
	       memcmp(c->text + c->len - k - 1, key, k) == 0;
}

/* Open the workbook's sheet; 0 and *rows, or -1 with the reason. */
static int open_sheet(struct sheetin_rows **rows, FILE **fp,
                      const char *path, const char *sheet, char *err,
                      size_t errlen)
{
	int rc;

	*rows = NULL;
	if (!(*fp = fopen(path, "rb"))) {
		snprintf(err, errlen, _("--history %s: %s"), path, strerror(errno));
		return -1;
	}
	rc = sheetin_rows_open(rows, *fp, path, sheet, ROW_LIMIT, err, errlen);
	if (rc == -2)
		snprintf(err, errlen, _("out of memory"));
	return rc < 0 ? -1 : 0;
}

static void close_sheet(struct sheetin_rows *rows, FILE *fp)
{
	sheetin_rows_close(rows);
	if (fp)
		fclose(fp);
}

/* The plugin the 汇总 sheet names, into buf ("" when none). */
static int workbook_plugin(const char *path, char *buf, size_t len,
                           char *err, size_t errlen)
{
	struct sheetin_rows *rows;
	struct sheetin_row *row;
	FILE *fp;
	int rc;

	buf[0] = '\0';
	if (open_sheet(&rows, &fp, path, "汇总", err, errlen) < 0) {
		close_sheet(rows, fp);
		return -1;
	}
	while ((rc = sheetin_rows_next(rows, &row, err, errlen)) > 0)
		if (row->ncells > 1 && header_is(&row->cells[0], "plugin")) {
			/* key, label, value; or, as written before, "label
			 * (key)", value */
			size_t v = row->ncells > 2 &&
			           strcmp(row->cells[0].text, "plugin") == 0 ?
			           2 : 1;
			snprintf(buf, len, "%s", row->cells[v].text);
			break;
		}
	close_sheet(rows, fp);
	return rc < 0 ? -1 : 0;
}

int history_load_xlsx(struct history *h, int src_no, const char *path,
                      char *err, size_t errlen)
{
	enum { ID, PERIOD, STATUS, STARS, NCOL };
	static const char *const key[NCOL] = { "id", "period", "status",
	                                       "stars" };
	struct sheetin_rows *rows;
	struct sheetin_row *row;
	char plugin[128];
	long col[NCOL] = { -1, -1, -1, -1 };
	size_t i;
	FILE *fp;
	int rc, k;

	if (workbook_plugin(path, plugin, sizeof plugin, err, errlen) < 0 ||
	    (plugin[0] && history_check_plugin(h, src_no, plugin, err,
	                                       errlen) < 0))
		return -1;
	if (open_sheet(&rows, &fp, path, "结果", err, errlen) < 0) {
		close_sheet(rows, fp);
		return -1;
	}
	if ((rc = sheetin_rows_next(rows, &row, err, errlen)) > 0)
		for (i = 0; i < row->ncells; i++)
			for (k = 0; k < NCOL; k++)
				if (header_is(&row->cells[i], key[k]))
					col[k] = (long)i;
	if (rc >= 0 && (col[ID] < 0 || col[PERIOD] < 0 || col[STATUS] < 0)) {
		snprintf(err, errlen, _("%s: not the results of an assess run (a "
		         "result without its id and status)"), path);
		rc = -1;
	}
	/* A rejected result has no stars; the status cell is a word of the
	 * run's language (正常, normal; "ok" before), so the stars decide. */
	while (rc >= 0 && col[STARS] >= 0 &&
	       (rc = sheetin_rows_next(rows, &row, err, errlen)) > 0) {
		const struct sheetin_cell *c = row->cells;
		if ((size_t)col[STARS] >= row->ncells ||
		    (size_t)col[ID] >= row->ncells ||
		    (size_t)col[PERIOD] >= row->ncells ||
		    c[col[STARS]].kind != CELL_NUMBER)
			continue;
		rc = history_add(h, src_no, plugin[0] ? plugin : NULL,
		                 c[col[ID]].text, c[col[PERIOD]].text,
		                 (int)strtol(c[col[STARS]].text, NULL, 10), err,
		                 errlen);
	}
	close_sheet(rows, fp);
	return rc < 0 ? -1 : 0;
}
