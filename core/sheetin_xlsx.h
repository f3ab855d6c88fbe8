/*
 * sheetin_xlsx.h - an xlsx workbook being read: the state shared by
 * sheetin_book.c (the archive, the workbook's parts, the shared strings)
 * and sheetin_xlsx.c (the sheet, a row at a time).  Private to them.
 */
#ifndef ASSESS_SHEETIN_XLSX_H
#define ASSESS_SHEETIN_XLSX_H

#include <expat.h>
#include <stdio.h>
#include <zip.h>

#include "sheetin_impl.h"


enum where { IN_NONE, IN_V, IN_T };

struct xlsx {
	zip_t *z;
	zip_file_t *f;
	XML_Parser p;
	const char *name;
	size_t limit;
	int fd;
	/* shared strings */
	char *ss;
	size_t ss_len, ss_cap;
	size_t *ss_off;
	size_t nss, ss_ocap;
	/* the sheet's XML when sheetin_book.c inflated it whole at open (for
	 * its merged ranges): mapped, fed to expat from here rather than
	 * inflated a second time, and unmapped as it is fed */
	char *sx;
	size_t sx_len, sx_fed, sx_gone;
	/* parsing */
	char chunk[65536];
	int suspended, final, done, bad;
	char why[256];
	int depth_rph;      /* inside a phonetic run (not text) */
	int in_is, in_si;
	enum where where;
	unsigned char open[64]; /* the open elements' tags, innermost last */
	size_t nopen;           /* their number (deeper ones only counted) */
	char *text;         /* the current cell's or string's text */
	size_t tlen, tcap;
	/* the row */
	long rownum, col;
	int ctype;          /* the cell's t="...", a CT_* (sheetin_xlsx.c) */
	long cstyle;        /* the cell's s="N": its format, or -1 */
	int formula;        /* the cell has an <f> */
	int valued;         /* the cell has a <v>, if empty (a formula's "") */
	/* styles: each cell format's class (XF_*), by index */
	unsigned char *xf;
	size_t nxf, xfcap;
	int in_xfs;         /* inside <cellXfs> */
	struct numfmt { long id; unsigned char cls; } *fmts;
	size_t nfmts, fmtcap;
	char *row;          /* the row's cell texts, NUL-terminated */
	size_t rlen, rcap;
	struct cell_at { long col; size_t off, len; int kind; } *at;
	size_t nat, atcap;
	struct sheetin_cell *cells;
	size_t ccap;
	struct sheetin_row out;
	int ready, over;
	/* the workbook: the sheet asked for */
	const char *want;
	char *sheet_rid, *sheet_target, *names;
	size_t names_cap;
	int nsheets;
	struct xlsx_sheet { char *name, *rid, *target; int hidden; } *sheet;
	size_t chosen;      /* the sheet read, an index of sheet */
	long active;        /* the workbook's active tab (activeTab) */
};

/* The part of n after its namespace prefix. */
const char *xlsx_local(const char *n);
/* The value of attribute name (or prefix:name, but for "r") in a, or
 * NULL. */
const char *xlsx_attr(const char **a, const char *name);
/* *b holds at least need bytes (growing *cap).  0, or -1 out of memory. */
int xlsx_grow(char **b, size_t *cap, size_t need);
/* Stop the parse for good, saying why (the first reason kept). */
void xlsx_fail(struct xlsx *x, const char *why);
/* Character data into x->text while inside a <v> or <t>. */
void XMLCALL xlsx_on_text(void *arg, const XML_Char *s, int n);

/* Unmap the pages of x->sx fed to the parser (all of them when all):
 * expat holds its own copy of what it has been given. */
void xlsx_sx_fed(struct xlsx *x, int all);

/* Hash fp whole into sha, open it as a zip archive and read its workbook,
 * relationships and shared strings: x->sheet_target is then the part of
 * the sheet named x->want (hidden or not), else of the active sheet (the
 * first visible one when the active one is hidden).  0, -1 with the reason in
 * err, -2 out of memory. */
int xlsx_book_open(struct xlsx *x, FILE *fp, struct sha256 *sha, char *err,
                   size_t errlen);

#endif
