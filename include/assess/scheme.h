/*
 * scheme.h - helpers for writing scheme plugins: what every scheme repeats,
 * written once.  They live in the static library libassess_scheme.a that a
 * plugin links into itself (pkg-config --libs assess), so they are not part
 * of the plugin ABI and may grow freely; they reach the host only through
 * the assess_host table.
 *
 * Decimal terms: assessors' scores are decimals, but doubles are binary, so
 * 0.3 * 90 + 0.7 * 90 may come out a hair under 90.  Every comparison here
 * first rounds both sides to ASSESS_DEC_PLACES decimal places, so exactly
 * 90.00 reaches a bar of 90 however it was summed.
 *
 * Config errors are reported through host->config_error (exit 3) and
 * record errors through host->reject (the record is rejected); each helper
 * says which it uses.  Everything a helper allocates is freed by its _free.
 */
#ifndef ASSESS_SCHEME_H
#define ASSESS_SCHEME_H

#include <stddef.h>

#include "assess.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ASSESS_DEC_PLACES 6

/* -1, 0 or 1 as a is below, equal to or above b in decimal terms. */
int assess_dec_cmp(double a, double b);
/* x rounded half away from zero to places decimals, in decimal terms
 * (2.675 -> 2.68, though 2.675 is 2.67499999... in binary). */
double assess_dec_round(double x, int places);

/* --- criteria (or items): key, label, maximum, bar --- */

typedef struct assess_criterion {
	char *key;   /* ASCII, from the section name */
	char *label; /* UTF-8, users see it */
	double max;  /* > 0 */
	double bar;  /* 0..max; the score that makes it "good" */
	int has_bar;
} assess_criterion;

typedef struct assess_criteria {
	assess_criterion *v;
	size_t n;
	double total; /* sum of maxima */
} assess_criteria;

/*
 * Load the criteria from the sections named "PREFIX.KEY" in file order, each
 * with label (required), max (required, > 0) and bar (a number 0..max, or a
 * percentage of max such as "80%").  When the bar is absent, default_share
 * (0..1) of max is used; a negative default_share means no bar.  When total
 * >= 0 the maxima must add up to it.  At least one criterion is required.
 * ASSESS_OK or ASSESS_ECONFIG (reported); ASSESS_ENOMEM.
 */
int assess_criteria_load(const assess_host *h, const assess_config *cfg,
                         const char *prefix, double total,
                         double default_share, assess_criteria *out);
/* The criterion with that key, or NULL. */
const assess_criterion *assess_criteria_find(const assess_criteria *c,
                                             const char *key);
void assess_criteria_free(assess_criteria *c);

/* Does score reach the criterion's bar (decimal terms)?  1 or 0. */
int assess_criterion_passed(const assess_criterion *c, double score);

/*
 * Read a score at path: a number in 0..max.  ASSESS_OK with *out;
 * ASSESS_ENOENT when absent or null (nothing reported, the caller decides);
 * ASSESS_EREJECT after rejecting the record with the path and what is wrong
 * (not a number, not finite, negative, above max).
 */
int assess_score_read(const assess_host *h, const assess_record *rec,
                      assess_result *res, const char *path, double max,
                      double *out);

/*
 * Add { key, label, score, max, bar, passed[, short_by] } for criterion c to
 * the array node arr; score is rounded to 2 decimals, short_by (the points
 * missing to the bar) appears only when the bar is not reached.  Returns the
 * new object, or NULL.
 */
assess_node *assess_put_criterion(const assess_host *h, assess_node *arr,
                                  const assess_criterion *c, double score);

/* --- bars: levels 1..n from a score, e.g. stars --- */

typedef struct assess_bars {
	double *bar; /* bar[i] is the lowest score of level i + 1 */
	int n;
} assess_bars;

/*
 * Load levels 1..n from keys "1".."n" of section (e.g. [stars] 5 = 90);
 * every level is required and bars must rise strictly with the level.
 * ASSESS_OK or ASSESS_ECONFIG (reported).
 */
int assess_bars_load(const assess_host *h, const assess_config *cfg,
                     const char *section, int n, double min, double max,
                     assess_bars *out);
/* The highest level whose bar score reaches (decimal terms); 0 for none. */
int assess_bars_level(const assess_bars *b, double score);
void assess_bars_free(assess_bars *b);

/* --- labelled keys: vetoes, warnings, any key -> label list --- */

typedef struct assess_labels {
	char **key;
	char **label;
	size_t n;
} assess_labels;

/* Every key of section with its value as label, in file order.  An empty
 * label is a config error.  A missing section gives an empty list.
 * ASSESS_OK, ASSESS_ECONFIG (reported) or ASSESS_ENOMEM. */
int assess_labels_load(const assess_host *h, const assess_config *cfg,
                       const char *section, assess_labels *out);
/* Index of key, or -1. */
int assess_labels_find(const assess_labels *l, const char *key);
void assess_labels_free(assess_labels *l);

/*
 * Read an array of keys at path (e.g. "vetoes") and set hit[i] for each key
 * found in l; hit has l->n entries and is cleared first.  A missing or null
 * field means none.  ASSESS_OK, or ASSESS_EREJECT after rejecting the record
 * for a field that is not an array, an element that is not a string, or a
 * key l does not know (path "vetoes[2]").
 */
int assess_keys_read(const assess_host *h, const assess_record *rec,
                     assess_result *res, const char *path,
                     const assess_labels *l, unsigned char *hit);

/* --- periods: per-period checks combined by weights (SB2) --- */

typedef struct assess_periods {
	char **key;     /* e.g. daily, half_year, annual, in file order */
	double *weight; /* 0..1, adding up to 1 */
	size_t n;
} assess_periods;

/* Every key of section is a period with its weight; the weights must add
 * up to 1 in decimal terms.  ASSESS_OK or ASSESS_ECONFIG (reported). */
int assess_periods_load(const assess_host *h, const assess_config *cfg,
                        const char *section, assess_periods *out);
void assess_periods_free(assess_periods *p);

/*
 * An item's score, from "checks.PERIOD.ITEM" when the record has checks,
 * combining the periods present by their weights renormalised over those
 * present (a record with only an annual check uses it alone); otherwise
 * from "scores.ITEM".  Every value is read with assess_score_read.
 * ASSESS_OK, ASSESS_ENOENT when no value exists for the item (nothing
 * reported), or ASSESS_EREJECT.
 */
int assess_item_score(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_periods *p,
                      const char *item, double max, double *out);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_SCHEME_H */
