/*
 * report_scan.h - the HTML report's one pass over the results (see
 * report.h): tallies bounded by the number of verdicts, criteria, codes and
 * parent units, the names of the ids the summary mentions, and the table
 * rows spooled to temporary files.
 */
#ifndef ASSESS_REPORT_SCAN_H
#define ASSESS_REPORT_SCAN_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "report_trend.h"

#define RS_MAX_VERDICTS 24 /* more are counted under the last, "other" */
#define RS_MAX_CODES 32    /* of actions, of warnings: likewise */
#define RS_MAX_CRITERIA 64 /* more are left out of the charts */
#define RS_SCREENFUL 15    /* rows of prompts shown before the rest fold */

struct rs_count {
	char *key, *label;
	long n;
};

struct rs_tally {
	struct rs_count *v;
	size_t len, cap;
};

struct rs_crit {
	char *key, *label;
	long present, passed, failed, prompted; /* present: with "passed" */
};

struct rs_entry {
	char *key;
	char *name;  /* the id's name (names map) */
	char *unit;  /* and its parent */
	long *n;     /* per verdict, then rejected (parents map) */
	size_t order;
};

struct rs_map {
	struct rs_entry *slot;
	size_t cap, len;
};

/* A spooled table: its rows as HTML, how many written, how many there
 * were. */
struct rs_spool {
	FILE *fp;
	long written, total;
};

struct report_scan {
	long limit;          /* rows per table */
	int summarised;      /* results table per parent */
	int stars, tiers;    /* the results table's columns of them */
	char *period;        /* the first a result gives, or NULL */
	char *zero;          /* the ratings given with no star, "、" between */
	long results, rejected;
	struct rs_tally verdicts;
	struct rs_crit crit[RS_MAX_CRITERIA];
	size_t ncrit;
	int any_prompt, any_short;
	struct rs_tally action_codes, warning_codes;
	struct rs_map names;   /* ids the summary mentions -> names */
	struct rs_map parents; /* when summarised */
	struct rs_spool rows, actions, warnings, held;
	struct rs_spool more;    /* the warnings' rows beyond a screenful */
	struct rs_spool refused; /* the errors of the rejected results */
	struct rs_spool quota;   /* the results a quota moved down */
	struct report_trend trend; /* set by the caller after init */
};

/* Prepare s: the verdicts the describe document names (describe may be
 * NULL) come first, in its order; the ids in the summary's pairs and
 * unpaired are the only ones whose names are kept; the results table has
 * columns of stars and tiers when the describe document announces them.  0, or -1 (out of
 * memory or no temporary file). */
int report_scan_init(struct report_scan *s, const cJSON *summary,
                     const cJSON *describe, long count, long limit);

/* Read every result from fp, a compact JSON object a line.  0, or -1
 * with the reason in err. */
int report_scan_run(struct report_scan *s, FILE *fp, char *err,
                    size_t errlen);

/* The name of id, or NULL when it was not seen; its parent ("" when it
 * has none) in *unit unless unit is NULL.  Both live as long as s. */
const char *report_scan_name(const struct report_scan *s, const char *id,
                             const char **unit);

/* Copy a spool to out.  0, or -1. */
int report_scan_copy(struct rs_spool *sp, FILE *out);

/* Release everything s holds; s may be partly initialised (zeroed). */
void report_scan_free(struct report_scan *s);

#endif
