/*
 * sheetin.h - spreadsheet input: a CSV file or an xlsx workbook read one
 * row at a time, each row handed on as the JSON text of one record, with
 * the row number (as the spreadsheet shows it) in place of the line.
 * Every check after that (strictness, ids, the plugin) is the one JSON
 * records get.  input.c reads a file through here when its name ends in
 * .csv or .xlsx, when --input-format says so, or (standard input) when it
 * starts as a zip archive does.
 */
#ifndef ASSESS_SHEETIN_H
#define ASSESS_SHEETIN_H

#include <stddef.h>
#include <stdio.h>

#include "colmap.h"
#include "rdbuf.h"
#include "sha256.h"

enum sheetin_kind { SHEETIN_JSON, SHEETIN_CSV, SHEETIN_XLSX };

/* What a run says of its spreadsheets (all borrowed for the run). */
struct sheetin_opts {
	int forced;              /* an enum sheetin_kind, or -1: by name */
	const char *sheet;       /* --sheet NAME, or NULL: the first */
	const struct colmap *map;
	cJSON *skipped;          /* each column not read is added here (see
	                            docs/output.schema.json, skipped_columns),
	                            or NULL */
	struct sheetin_node **kept; /* each file's plan, kept here to the end
	                            of the run when its file closes (a record
	                            of it may still be named: sheetin_column),
	                            freed by sheetin_plans_free; or NULL:
	                            freed at its close */
	int extra_fields;        /* a column no field has: record.h's
	                            RECORD_EXTRA_* ([input] extra_fields) */
};

/* What a cell holds.  An xlsx workbook says more of a number than its
 * digits: a cell formatted as a percentage or a date, a formula whose
 * value was never saved (a workbook written by a program and not opened
 * since), a formula's error value. */
enum sheetin_cell_kind { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, CELL_BOOL,
	CELL_PERCENT,  /* a number shown as a percentage: 0.728 is 72.8% */
	CELL_DATE,     /* a number shown as a date or time (a serial day) */
	CELL_FORMULA,  /* a formula with no saved value: text "" */
	CELL_ERROR     /* a formula's error value: "#DIV/0!" */
};

struct sheetin_cell {
	enum sheetin_cell_kind kind;
	const char *text;  /* NUL-terminated; for CELL_BOOL "1" or "0" */
	size_t len;
};

/* The name of the cell in column col (0 = A) of row (1-based), as a
 * spreadsheet shows it ("D7"), into buf (at least 24 bytes). */
void sheetin_cell_name(long col, long row, char *buf, size_t len);

/* One row: cells[i] is column i (0 = A); text borrowed until the next
 * row is asked for. */
struct sheetin_row {
	long number;       /* as the spreadsheet shows it, 1-based */
	size_t ncells;
	struct sheetin_cell *cells;
	int over;          /* the row's text was longer than the limit */
};

/* A workbook's sheet read a row at a time, as cells (earlier results
 * read back, history_xlsx.c): the same reader the inputs go through. */
struct sheetin_rows;

/* Start reading the sheet (NULL: the first) of the xlsx workbook on fp
 * (path as displayed; fp stays the caller's, open while *out is); rows
 * longer than limit bytes come out over.  0 and *out (sheetin_rows_close);
 * -1 with the reason in err; -2 out of memory. */
int sheetin_rows_open(struct sheetin_rows **out, FILE *fp, const char *path,
                      const char *sheet, size_t limit, char *err,
                      size_t errlen);

/* The next row into *row (borrowed until the next call): 1, 0 at the
 * end, -1 with the reason in err, -2 out of memory. */
int sheetin_rows_next(struct sheetin_rows *r, struct sheetin_row **row,
                      char *err, size_t errlen);

/* Accepts NULL. */
void sheetin_rows_close(struct sheetin_rows *r);

struct sheetin;
struct sheetin_node;

/* What a record knows of the row it was written from, for the host's
 * checks and messages (sheetin_fault, sheetin_column): so that a record
 * can be checked after the reader moved on (the pipeline, pipeline.h),
 * it holds all the row's own state, and its file's plan, which lives to
 * the end of the run (sheetin_opts's kept). */
struct sheetin_rowstate {
	const struct sheetin_node *plan; /* its file's plan */
	const struct sheetin_node *prev; /* the plan's entry of the year
	                                    before the assessment's, or NULL */
	char prevkey[24];                /* that entry's period in this row */
	const char *fault;               /* the row's faults (sheetin_json's) */
	size_t faultlen;
	const struct sheetin_node *const *hist; /* its history entries */
	size_t nhist;
};

/* A row's state held apart from its reader, its own copy. */
struct sheetin_rowcopy {
	struct sheetin_rowstate st;
	char *fault;
	size_t faultcap;
	const struct sheetin_node **hist;
	size_t histcap;
};

/* Copy from into c (c's buffers reused; c starts zeroed).  0, or -1 out
 * of memory. */
int sheetin_rowcopy_set(struct sheetin_rowcopy *c,
                        const struct sheetin_rowstate *from);
void sheetin_rowcopy_free(struct sheetin_rowcopy *c);

/* Free the plans kept in *kept (sheetin_opts), leaving it NULL. */
void sheetin_plans_free(struct sheetin_node **kept);

/* One row's record, as input.h's struct input_rec has it: the row number
 * as the line, the JSON text borrowed until the next sheetin_next. */
struct sheetin_rec {
	const char *file;
	long line;
	const char *text;
	size_t len;
	size_t oversize; /* the limit, when the row was larger */
	const struct sheetin_rowstate *row; /* borrowed like the text */
};

/* --input-format NAME: csv, xlsx, json or ndjson into *kind.  0, or -1
 * for another name. */
int sheetin_kind_by_name(const char *name, int *kind);

/* How the input at path (fp open on it) is read: by o->forced, else its
 * name's ending, else (standard input) a first byte 'P' (a zip archive)
 * is an xlsx workbook.  o may be NULL: JSON. */
enum sheetin_kind sheetin_kind_of(const struct sheetin_opts *o,
                                  const char *path, FILE *fp);

/* Whether any of the paths is read as a spreadsheet: by the forced kind,
 * by its name, or (standard input, whose first byte is peeked at and
 * given back) by starting as a zip archive does. */
int sheetin_wanted(char *const *paths, int n, int forced);

/* Start reading fp (name as displayed) as kind, through rd for a CSV
 * (started here, hashing into sha, converting from encoding), or whole
 * into sha for a workbook; read its header row.  Records longer than
 * limit bytes come out oversize.  0 and *out; -1 with the reason in err
 * (unreadable, not a workbook, no such sheet, an unknown header); -2 out
 * of memory. */
int sheetin_open(struct sheetin **out, const struct sheetin_opts *o,
                 enum sheetin_kind kind, FILE *fp, const char *name,
                 struct rdbuf *rd, struct sha256 *sha, const char *encoding,
                 size_t limit, char *err, size_t errlen);

/* The next row's record into *rec (text borrowed until the next call):
 * 1, 0 at the end, -1 with the reason in err, -2 out of memory. */
int sheetin_next(struct sheetin *s, struct sheetin_rec *rec, char *err,
                 size_t errlen);

/* Accepts NULL. */
void sheetin_close(struct sheetin *s);

/* Fault i of the row a record was written from (row NULL: the record
 * was not a row): a cell that could not be read as its field wants (a
 * formula never computed, an error value, a date for text, a period that
 * is no year), the message naming the cell, its field's path into *path;
 * NULL past the last.  Borrowed like row.  The host rejects the record
 * for each. */
const char *sheetin_fault(const struct sheetin_rowstate *row, size_t i,
                          const char **path);

/* The header of the column that gave the field at path ("scores.team",
 * "vetoes[1]", "history[0].stars") in the record written from row, or
 * NULL when row is NULL (that record was not a row) or no one column
 * gave it.  Borrowed until the run's plans are freed. */
const char *sheetin_column(const struct sheetin_rowstate *row,
                           const char *path);

#endif
