/*
 * sheetout_impl.h - what the column model's two files share: sheetout.c (which
 * columns, their headers, reading the results) and sheetout_cell.c (each
 * result's cell in each column, the labels and words shown).  Private to
 * them.
 */
#ifndef ASSESS_SHEETOUT_IMPL_H
#define ASSESS_SHEETOUT_IMPL_H

#include "sheetout.h"

enum col_kind {
	COL_FIELD,  /* a top-level member: text, number or boolean */
	COL_CHANGE, /* change.direction */
	COL_PREV,   /* change.previous */
	COL_OWN,    /* a column the scheme declares (describe "columns"):
	               the member at key, a dotted path */
	COL_LIST,   /* an array of keys, as "label (key)" joined */
	COL_CRIT,   /* the score of criteria[key == crit] */
	COL_CODED,  /* actions, warnings: "label (code)" joined */
	COL_PARTNER, /* pairing {helper, helper_name}, helping [{id, name}]:
	                "name (id)" joined */
	COL_REASON, /* quota: its reason */
	COL_ERRORS  /* errors: "path: message" joined */
};

struct col {
	enum col_kind kind;
	const char *key;     /* the member, or the criterion's key */
	const cJSON *labels; /* COL_LIST: key -> label, or NULL; COL_OWN:
	                        its declaration */
	char *header;
	char *label;         /* the header without its key */
};

struct sheetout_cols {
	struct col *col;
	size_t n, cap;
	cJSON *crit_labels; /* criterion key -> label */
	cJSON *ahead;       /* the criteria read ahead, without describe */
	char *scratch;      /* joined cells */
	size_t slen, scap;
	char *line;         /* sheetout_next's buffer */
	size_t linecap;
	int book;           /* a workbook's columns (sheetout_cols_new) */
};

static inline const cJSON *member(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

#endif
