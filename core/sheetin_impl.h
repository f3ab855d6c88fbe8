/*
 * sheetin_impl.h - what the spreadsheet readers (sheetin_csv.c,
 * sheetin_xlsx.c) hand sheetin.c: rows of cells.  Private to them.
 */
#ifndef ASSESS_SHEETIN_IMPL_H
#define ASSESS_SHEETIN_IMPL_H

#include <stddef.h>
#include <stdio.h>

#include "rdbuf.h"
#include "sha256.h"

enum sheetin_cell_kind { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, CELL_BOOL };

struct sheetin_cell {
	enum sheetin_cell_kind kind;
	const char *text;  /* NUL-terminated; for CELL_BOOL "1" or "0" */
	size_t len;
};

/* One row: cells[i] is column i (0 = A); text borrowed until the next
 * row is asked for. */
struct sheetin_row {
	long number;       /* as the spreadsheet shows it, 1-based */
	size_t ncells;
	struct sheetin_cell *cells;
	int over;          /* the row's text was longer than the limit */
};

/* A reader: next gives 1 and the row, 0 at the end, -1 with the reason in
 * err, -2 out of memory; close frees it (accepts NULL). */
struct sheetin_src {
	int (*next)(void *r, struct sheetin_row **row, char *err,
	            size_t errlen);
	void (*close)(void *r);
	void *r;
};

/* A CSV file read through rd (already started on the file). */
int sheetin_csv_open(struct sheetin_src *src, struct rdbuf *rd,
                     const char *name, size_t limit, char *err,
                     size_t errlen);

/* An xlsx workbook on fp: hashed whole into sha, then its sheet (NULL:
 * the first) read a row at a time. */
int sheetin_xlsx_open(struct sheetin_src *src, FILE *fp, const char *name,
                      const char *sheet, struct sha256 *sha, size_t limit,
                      char *err, size_t errlen);

#endif
