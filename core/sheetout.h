/*
 * sheetout.h - the spreadsheet writers (--format csv, --format xlsx) and the
 * column model they share.
 *
 * A spreadsheet needs its columns before its first row, and the results
 * come one a line, once.  So the columns are taken from the plugin's
 * describe document and the result conventions (docs/spreadsheets.md):
 * the identity, the status, the score, the verdict fields
 * the scheme announces, one column per criterion score, the columns the
 * scheme declares of its own ("columns": key, label, type), then the
 * actions, warnings and errors joined into one cell each.  A field only some results
 * have still has its column; a result without it leaves the cell empty.
 * A CSV header reads "label (key)": the label for a reader, the key in
 * brackets for a script; its columns only ever grow at the end, so its
 * readers keep working.  A workbook is for reading and printing: its
 * headers are the labels (the keys in a hidden row above them), its
 * codes the words a reader says (sheetout_word), its lists the labels.
 */
#ifndef ASSESS_SHEETOUT_H
#define ASSESS_SHEETOUT_H

#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "writer.h"

enum sheetout_cell_type { SHEET_EMPTY, SHEET_NUMBER, SHEET_BOOL, SHEET_TEXT };

/* One cell: text points into the result or into the columns' scratch
 * buffer, valid until the next sheetout_cell call. */
struct sheetout_cell {
	enum sheetout_cell_type type;
	double number;
	int boolean;
	const char *text;
};

struct sheetout_cols;

/* The columns for doc (its describe document, or, without one, the first
 * result that has criteria, read ahead and the stream put back), for a
 * workbook when book is nonzero, else for a CSV.  0 and *out, or -1 with
 * the reason in err.  Free with sheetout_cols_free. */
int sheetout_cols_new(struct sheetout_cols **out, const struct results_doc *doc,
                   int book, char *err, size_t errlen);

/* Frees cols; accepts NULL. */
void sheetout_cols_free(struct sheetout_cols *cols);

/* How many columns there are. */
size_t sheetout_cols_count(const struct sheetout_cols *cols);

/* The header of column i, "label (key)" (a workbook's: the label),
 * borrowed from cols. */
const char *sheetout_cols_header(const struct sheetout_cols *cols, size_t i);

/* The key of column i ("score", "change.direction", a criterion's key),
 * borrowed from cols. */
const char *sheetout_cols_key(const struct sheetout_cols *cols, size_t i);

/* Whether column i holds a list joined into one cell or a sentence (a
 * workbook wraps it), not a single figure or word. */
int sheetout_cols_long(const struct sheetout_cols *cols, size_t i);

/* The cell of column i for result into *cell.  0, or -1 when out of
 * memory. */
int sheetout_cell(struct sheetout_cols *cols, const cJSON *result, size_t i,
               struct sheetout_cell *cell);

/* The next result of doc->results into *out (the caller deletes it): 1,
 * 0 at the end, or -1 with the reason in err (unreadable, not JSON, out
 * of memory).  The line is read into a buffer cols keeps. */
int sheetout_next(struct sheetout_cols *cols, const struct results_doc *doc,
               cJSON **out, char *err, size_t errlen);

/* "label (key)" for a key the spreadsheets know a Chinese label for
 * (summary counts, metadata fields), else key itself, into buf. */
const char *sheetout_label(const char *key, char *buf, size_t len);

/* The Chinese label of key as sheetout_label knows it, or NULL. */
const char *sheetout_label_only(const char *key);

/* The word a workbook shows for a code of the result conventions (ok,
 * rejected, up, down, same, first, true, false) or a language (zh_CN,
 * en), in the language of the run; any other code as it is.  A static
 * string. */
const char *sheetout_word(const char *code);

/* The writers (writer.h): CSV (UTF-8 with BOM, CRLF, RFC 4180) and XLSX
 * (results, summary and rejected sheets). */
int sheetout_write_csv(FILE *fp, const struct results_doc *doc, char *err,
                    size_t errlen);
int sheetout_write_xlsx(FILE *fp, const struct results_doc *doc, char *err,
                     size_t errlen);

/* The columns of a list of objects (a summary's pairs, parents): each
 * scalar member, and each member of a nested object as "outer.inner",
 * in the order first seen; borrowed from list.  0 with *out (free it)
 * and *n, or -1 out of memory. */
struct sheetout_tcol {
	const char *outer, *inner;
};
int sheetout_tcols(const cJSON *list, struct sheetout_tcol **out, size_t *n);

#endif
