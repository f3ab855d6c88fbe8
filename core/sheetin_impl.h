/*
 * sheetin_impl.h - what the spreadsheet readers (sheetin_csv.c,
 * sheetin_xlsx.c) hand sheetin.c: rows of cells.  Private to them.
 */
#ifndef ASSESS_SHEETIN_IMPL_H
#define ASSESS_SHEETIN_IMPL_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "colmap.h"
#include "sheetin.h"
#include "jsonw.h"
#include "rdbuf.h"
#include "sha256.h"

/* A reader: next gives 1 and the row, 0 at the end, -1 with the reason in
 * err, -2 out of memory; close frees it (accepts NULL). */
struct sheetin_src {
	int (*next)(void *r, struct sheetin_row **row, char *err,
	            size_t errlen);
	void (*close)(void *r);
	void *r;
};

/* The plan of a file's records, from its header row: a tree of members,
 * each leaf one column. */
struct sheetin_node {
	char *key;
	char *jkey;          /* the key as a member's JSON text after a
	                        comma (,"key":), escaped once for every row,
	                        jkey + 1 for a first member; NULL: escape key
	                        each time (a key that changes by row) */
	size_t jkeylen;      /* its length, the comma's included */
	char *header;        /* a leaf's column header */
	char *path;          /* a leaf's dotted path */
	long col;            /* a leaf's column, or -1 */
	enum colmap_type type;
	int array;           /* history: the children are its entries */
	struct sheetin_node *kids;
	size_t nkids;
	struct sheetin_node *next; /* a plan's root: the plan kept before it
	                              (sheetin_opts's kept) */
};

/* A row's record being written (sheetin_row.c). */
struct sheetin_json {
	const struct colmap *map;
	struct jsonw_buf t;  /* the record's text, NUL-terminated (the NUL
	                        not in t.len); t.failed: out of memory */
	size_t width;        /* columns the header row spans: a filled cell
	                        beyond is a field the header does not name */
	const struct sheetin_node **hist; /* history entries written, in
	                                     order, for sheetin_column */
	size_t nhist, histcap;
	const struct sheetin_node *prev; /* the entry of the year before the
	                                    assessment's (上年星级), or NULL */
	char prevkey[24];    /* its period in this row: the plan's key stays
	                        as the header gave it, so that a record of an
	                        earlier row is still named by its own */
	/* the row's cells that cannot be read as their field wants (a
	 * formula with no value, a date for text, ...), each "PATH\0MESSAGE
	 * \0": the record is rejected for each (sheetin_fault); those beyond
	 * the room are dropped, the first always kept */
	char fault[4096];
	size_t faultlen;
};

/* n bytes at p onto w's text: copied in place while it has the room
 * (the pieces of a row's record are a few bytes each, a call apiece cost
 * more than the copy), else through jsonw_append_raw, which grows it. */
static inline void sheetin_put(struct sheetin_json *w, const char *p,
                               size_t n)
{
	if (w->t.len + n <= w->t.cap) {
		memcpy(w->t.data + w->t.len, p, n);
		w->t.len += n;
	} else {
		jsonw_append_raw(&w->t, p, n);
	}
}

/* Fault i of the faults [fault, fault + len) of a row (sheetin_json's):
 * its message, and its field's path into *path; NULL past the last. */
const char *sheetin_row_fault(const char *fault, size_t len, size_t i,
                              const char **path);

/* Cell c of row (1-based), the leaf n's, as the JSON value of its field
 * into s's text; or, when it cannot be read so, a fault of the row naming
 * the cell, and nothing written (sheetin_cell.c). */
void sheetin_put_cell(struct sheetin_json *s, const struct sheetin_node *n,
                      const struct sheetin_cell *c, long row);
/* A file being read (sheetin.h): its source, its plan, the record being
 * written.  The header part is read by sheetin_head.c. */
struct sheetin {
	struct sheetin_src src;
	const struct sheetin_opts *o;
	const char *name;
	const char *sheet;         /* an xlsx workbook's sheet read, or NULL */
	const char *sheets;        /* all its sheets, for messages, or NULL */
	const char *merged;        /* its merged ranges ("A5:A8 ..."), or NULL */
	size_t limit;
	struct sheetin_node *root; /* the plan (kept past the close: the
	                              run's, sheetin_opts's kept) */
	struct sheetin_json w;     /* the row's record */
	struct sheetin_rowstate state; /* the row last handed on */
	struct sheetin_row *pending; /* read after the header, not yet handed
	                                on (borrowed from src) */
	long period_col;           /* the column giving the period, or -1 */
};

/* Read the header row (or rows) of s into its plan, saying on standard
 * error what of it cannot be read, every column at once.  encoding: the
 * CSV's, or NULL.  0, -1 with the reason in err, -2 out of memory. */
int sheetin_read_header(struct sheetin *s, const char *encoding, char *err,
                        size_t errlen);

/* Column col (header, mapped to path) into the plan of s; row names
 * the header row for a message.  0, -1 with the reason in err (another
 * column gives the field or a part of it), -2 out of memory. */
int sheetin_plan_add(struct sheetin *s, const char *row, long col,
                     const char *header, const char *path,
                     enum colmap_type type, char *err, size_t errlen);

/* Column i (header) of s as not read: on the run's list (why: "skip", a
 * column holding no field; "unknown", let through by [input]
 * extra_fields).  0, or -2 out of memory. */
int sheetin_skipped(struct sheetin *s, size_t i, const char *header,
                    const char *why);

/* The column letters of column i (0: A) into buf (8 bytes). */
const char *sheetin_letters(size_t i, char *buf);

/* Row r as the JSON text of its record into w, through the plan under
 * root.  Whether any member was written (0: an empty row). */
int sheetin_row_json(struct sheetin_json *w, const struct sheetin_node *root,
                     const struct sheetin_row *r);

/* Drop blanks (and full-width spaces) around [*p, *p + *n). */
void sheetin_trim(const char **p, size_t *n);

/* A CSV file read through rd (already started on the file). */
int sheetin_csv_open(struct sheetin_src *src, struct rdbuf *rd,
                     const char *name, size_t limit, char *err,
                     size_t errlen);

/* An xlsx workbook on fp: hashed whole into sha, then its sheet (NULL:
 * the first) read a row at a time. */
int sheetin_xlsx_open(struct sheetin_src *src, FILE *fp, const char *name,
                      const char *sheet, struct sha256 *sha, size_t limit,
                      char *err, size_t errlen);

/* The name of the sheet being read and the list of the workbook's
 * sheets ("a, b (hidden)"), for messages, and the sheet's merged ranges
 * ("A5:A8 B1:D1", "" for none); borrowed from the reader r (an xlsx
 * workbook's, sheetin_book.c) while it is open. */
void sheetin_book_about(void *r, const char **sheet, const char **sheets,
                        const char **merged);

/* Without --sheet, when the workbook has other visible sheets holding
 * cells: say on standard error which sheet was read and how to read
 * another. */
void sheetin_book_note(void *r);

#endif
