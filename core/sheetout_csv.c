/*
 * sheetout_csv.c - --format csv: one row per result under one header row,
 * for a spreadsheet or a script.  UTF-8 with a byte order mark (Excel
 * otherwise reads Chinese as the local code page), CRLF line ends, fields
 * quoted per RFC 4180 when they hold a comma, a quote, CR or LF.  A text
 * cell that a spreadsheet would take for a formula (starting with = + - @,
 * a tab or CR) gets a leading apostrophe, which Excel and LibreOffice show
 * as text; numbers are written bare, as JSON writes them.
 */
#include "jsonw.h"
#include "lang.h"
#include "sheetout.h"

#include <string.h>

/* One text field. */
static void text(FILE *fp, const char *s)
{
	int guard = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		putc('"', fp);
	if (guard)
		putc('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	if (quote)
		putc('"', fp);
}

static void cell(FILE *fp, const struct sheetout_cell *c)
{
	char num[32];

	switch (c->type) {
	case SHEET_NUMBER:
		fwrite(num, 1, (size_t)jsonw_number(num, c->number), fp);
		break;
	case SHEET_BOOL:
		fputs(c->boolean ? "true" : "false", fp);
		break;
	case SHEET_TEXT:
		text(fp, c->text);
		break;
	case SHEET_EMPTY:
		break;
	}
}

int sheetout_write_csv(FILE *fp, const struct results_doc *doc, char *err,
                    size_t errlen)
{
	struct sheetout_cols *cols;
	struct sheetout_cell c;
	cJSON *r = NULL;
	size_t i, n;
	int rc;

	if (sheetout_cols_new(&cols, doc, 0, err, errlen) < 0)
		return -1;
	n = sheetout_cols_count(cols);
	fputs("\xEF\xBB\xBF", fp);
	for (i = 0; i < n; i++) {
		c.type = SHEET_TEXT;
		c.text = sheetout_cols_header(cols, i);
		if (i)
			putc(',', fp);
		cell(fp, &c);
	}
	fputs("\r\n", fp);
	while ((rc = sheetout_next(cols, doc, &r, err, errlen)) == 1) {
		for (i = 0; i < n; i++) {
			if (sheetout_cell(cols, r, i, &c) < 0) {
				snprintf(err, errlen, _("out of memory"));
				rc = -1;
				break;
			}
			if (i)
				putc(',', fp);
			cell(fp, &c);
		}
		cJSON_Delete(r);
		r = NULL;
		if (rc < 0 || fputs("\r\n", fp) == EOF)
			break;
	}
	sheetout_cols_free(cols);
	if (rc < 0)
		return -1;
	return ferror(fp) ? -1 : 0;
}
