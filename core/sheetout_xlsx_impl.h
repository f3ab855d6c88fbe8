/*
 * sheetout_xlsx_impl.h - what the workbook writer's two files share:
 * sheetout_xlsx.c (the workbook, its results and rejected sheets, the page
 * set-up) and sheetout_xlsx_sum.c (the summary sheet).
 */
#ifndef ASSESS_SHEETOUT_XLSX_IMPL_H
#define ASSESS_SHEETOUT_XLSX_IMPL_H

#include "sheetout.h"

#include <xlsxwriter.h>

/* An organisation's name by its id, for the summary's pairs. */
struct sheetout_xlsx_name {
	const char *id; /* borrowed from the summary */
	char *name;     /* the result's, owned */
};

struct xw {
	const struct results_doc *doc;
	lxw_workbook *wb;
	lxw_worksheet *res, *sum, *rej;
	lxw_format *head;  /* a header: shaded, wrapped, framed */
	lxw_format *bold;
	lxw_format *wrap;  /* long text, wrapped at the column's width */
	lxw_format *top;   /* a figure or word, at the top of its row */
	lxw_error e;       /* the first libxlsxwriter error */
	char *buf;         /* cleaned text */
	size_t cap;
	struct sheetout_xlsx_name *names; /* sorted by id */
	size_t nnames;
	char *zero;        /* the ratings of the results with no star */
	char title[512];   /* the printed footer's (paper.h) */
};

/* Keep e when it is x's first error. */
void sheetout_xlsx_note(struct xw *x, lxw_error e);

/* Text s into cell (r, c) of ws, cleaned as a cell may hold it.  0, or
 * -1 out of memory. */
int sheetout_xlsx_text(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
                    lxw_col_t c, const char *s, lxw_format *f);

/* A JSON scalar as a cell (a boolean as yes or no), an array of strings
 * joined.  0, or -1 out of memory. */
int sheetout_xlsx_value(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
                     lxw_col_t c, const cJSON *v);

/* The rejected sheet's column keys: a record's id, name, parent, period,
 * file and line, then an error's field (its label), message and path
 * (hidden). */
extern const char *const sheetout_xlsx_rej_keys[9];
#define REJ_COLS 9
/* A line of text, in points, Chinese included. */
#define XLSX_LINE 15
#define REJ_MESSAGE_WIDTH 60

/* How many lines text takes in a wrapped column width wide. */
int sheetout_xlsx_lines(const char *text, double width);

/* The rejected record r's rows of the rejected sheet from *row on: one
 * per error.  0, -1 out of memory, or -2 when the sheet is full. */
int sheetout_xlsx_rejected(struct xw *x, lxw_row_t *row, const cJSON *r);

/* How wide s shows, in the widths of a digit: a Chinese character is
 * two. */
double sheetout_xlsx_width(const char *s);

/* A4 landscape, one page wide, row head repeated on every page (-1:
 * none), the title and "page N of M" in the footer. */
void sheetout_xlsx_page(struct xw *x, lxw_worksheet *ws, int head);

/* The ids whose names the summary sheet shows (its pairs, unpaired),
 * from x->doc.  0, or -1 out of memory. */
int sheetout_xlsx_names_init(struct xw *x);

/* What the summary sheet needs of result r: its name when a pair names
 * it, its rating when it has no star.  0, or -1 out of memory. */
int sheetout_xlsx_take(struct xw *x, const cJSON *r);

/* The name of the organisation id (a pair's), or NULL. */
const char *sheetout_xlsx_name(const struct xw *x, const char *id);

/* Frees the names and ratings taken. */
void sheetout_xlsx_names_free(struct xw *x);

/* The summary sheet: the title, the run's metadata and the summary, each
 * row a label and its value, the keys in the hidden first column.  0, or
 * -1 out of memory. */
int sheetout_xlsx_summary(struct xw *x);

#endif
