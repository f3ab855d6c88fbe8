/*
 * criteria.h - criteria and items, bars, labelled keys, the names a record
 * meant, notes in results, history and periods: what a scheme reads and
 * writes per record.
 * Part of the SDK (libassess_scheme.a); a plugin includes
 * "assess/scheme.h", which includes every part.
 */
#ifndef ASSESS_CRITERIA_H
#define ASSESS_CRITERIA_H

#include <stddef.h>

#include "assess.h"
#include "scheme_base.h"

#ifdef __cplusplus
extern "C" {
#endif

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
/* score, which reached level (0: none), as a result shows it: to 2
 * places, unless that would seem to reach the next level's bar or miss
 * its own (79.996 shows as 79.996 below a bar of 80, not as "80"). */
double assess_bars_show(const assess_bars *b, double score, int level);
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
/* Put { KEY: label } for each key of l into the object node obj (for
 * --describe), or { KEY: counts[i] } when counts is not NULL (for a
 * summary).  ASSESS_OK or the host's first error. */
int assess_labels_put(const assess_host *h, assess_node *obj,
                      const assess_labels *l, const long *counts);
void assess_labels_free(assess_labels *l);

/*
 * Read an array of keys at path (e.g. "vetoes") and set hit[i] for each key
 * found in l; hit has l->n entries and is cleared first.  A missing or null
 * field means none.  ASSESS_OK, or ASSESS_EREJECT after rejecting the record
 * for a field that is not an array, an element that is not a string, or a
 * key l does not know (path "vetoes[2]": unknown key "x" (known: a, b)).
 */
int assess_keys_read(const assess_host *h, const assess_record *rec,
                     assess_result *res, const char *path,
                     const assess_labels *l, unsigned char *hit);

/*
 * assess_keys_read with the kind of key named in messages: an unknown
 * element is rejected as 'unknown WHAT "X"', with a hint when X is the
 * label of a key (use the key) or near one (did you mean KEY?), and the
 * known keys listed: vetoes[0]: unknown veto "班子不团结": it is the label
 * of team_disunity; use the key "team_disunity" (known: team_disunity,
 * task_unfinished, member_disciplined).  Same returns as assess_keys_read.
 */
int assess_keys_read_as(const assess_host *h, const assess_record *rec,
                        assess_result *res, const char *path,
                        const char *what, const assess_labels *l,
                        unsigned char *hit);
/* Index of the key whose label is label, or -1. */
int assess_labels_find_label(const assess_labels *l, const char *label);

/* --- names: which key a user meant (see also assess_nearest) --- */

/* assess_nearest over the keys of c: the index of the criterion whose key
 * is near name, or -1 (also when out of memory: no hint is given). */
int assess_criteria_nearest(const assess_criteria *c, const char *name);
/* The criterion whose label is label, or NULL. */
const assess_criterion *assess_criteria_find_label(const assess_criteria *c,
                                                   const char *label);
/*
 * Criterion i of c has no value under the object at path obj (e.g.
 * "scores"): look there for a member that stands in for its key and, if
 * one does, reject the record at obj.MEMBER saying what to write instead.
 * The member is either the criterion's label (scores.自身建设: "自身建设"
 * is the label of self_building; use the key "self_building"), or else a
 * name no criterion has whose nearest key is criterion i's (scores.
 * self_bulding: unknown item "self_bulding": did you mean self_building?;
 * what names the kind of key, e.g. "item", in the run's language, as
 * the message is: ASSESS_TR("item")).  ASSESS_EREJECT after
 * rejecting; ASSESS_ENOENT when no member stands in (nothing reported: the
 * caller reports the criterion missing).
 */
int assess_reject_stand_in(const assess_host *h, const assess_record *rec,
                           assess_result *res, const char *obj,
                           const assess_criteria *c, size_t i,
                           const char *what);
/*
 * A hint for a member name under "scores" (or any object of criterion
 * keys) that is no key of c, written into buf (size n, always
 * terminated): ' (it is the label of KEY; use the key "KEY")', ' (did you
 * mean KEY?)', or "" when it is neither a label nor near a key.  Returns
 * buf.
 */
char *assess_criteria_hint(const assess_criteria *c, const char *name,
                           char *buf, size_t n);

/* --- notes in results: prompts, warnings, actions (SB7, SB8) --- */

/* A kind of note a scheme hands out, declared once in a static table. */
typedef struct assess_note {
	const char *code;  /* for programs: "item_prompt" */
	const char *label; /* for people: "提示" */
	const char *rule;  /* the rule that gives it: "SB8" */
	const char *text;  /* the member its text goes in; NULL: "message" */
} assess_note;

/*
 * Append { code, label, rule[, item][, TEXT] } of kind to the array node
 * arr: item is left out when NULL, the text (printf-style, at most 511
 * bytes) when fmt is NULL.  Returns the new object, for members of the
 * scheme's own, or NULL on misuse or lack of memory.
 */
assess_node *assess_put_note(const assess_host *h, assess_node *arr,
                             const assess_note *kind, const char *item,
                             const char *fmt, ...) ASSESS_PRINTF(5, 6);
/* Put { code: count } for each of kinds[0..n) into the object node obj,
 * in table order: how many of each note the batch was given.  ASSESS_OK
 * or the host's first error. */
int assess_put_note_counts(const assess_host *h, assess_node *obj,
                           const assess_note *kinds, const long *counts,
                           size_t n);

/*
 * Where to find points: append to the array node arr up to limit objects
 * { key, label, score, max, room } for the criteria of c furthest below
 * their maximum (room = max - score, 2 decimals), the criteria order
 * breaking ties; criteria at their maximum are never listed.  score has
 * c->n entries.  ASSESS_OK or ASSESS_ENOMEM.
 */
int assess_put_focus(const assess_host *h, assess_node *arr,
                     const assess_criteria *c, const double *score,
                     long limit);

/* --- history: the ratings a record held before (SB6) --- */

typedef struct assess_rating {
	const char *period; /* borrowed from the record, for the assess call */
	int level;
} assess_rating;

/*
 * The earlier ratings at path (an array of { period, LEVEL_KEY }), each
 * before the record's own period, latest first, into out (room for n).
 * A level is a whole number 0..max; zero_means, when not NULL, says in
 * messages what 0 stands for.  Returns how many; or -1 after rejecting the
 * record for each malformed entry (a missing period, a level out of range,
 * a period given twice, a period not before the record's, more than n
 * entries).  A missing or null field is
 * no history (0).
 */
int assess_history_read(const assess_host *h, const assess_record *rec,
                        assess_result *res, const char *path,
                        const char *level_key, int max,
                        const char *zero_means, assess_rating *out, int n);

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
/* Put { PERIOD: weight } for each period into the object node obj (for
 * --describe).  ASSESS_OK or the host's first error. */
int assess_periods_put(const assess_host *h, assess_node *obj,
                       const assess_periods *p);

/*
 * An item's score, from "checks.PERIOD.ITEM" when the record has checks,
 * combining the periods present by their weights renormalised over those
 * present (a record with only an annual check uses it alone); an item
 * left out of a period that gives other items, while it has a score in
 * another period, is missing data and rejects the record there (unless
 * read by slots whose reweight is set), and so is a "scores.ITEM" given
 * beside the checks that score it (it would not be used); otherwise
 * from "scores.ITEM".  Every value is read with assess_score_read.
 * ASSESS_OK, ASSESS_ENOENT when no value exists for the item (nothing
 * reported), or ASSESS_EREJECT.
 */
int assess_item_score(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_periods *p,
                      const char *item, double max, double *out);

/*
 * Every item of c (SB1-SB2): score[i] (c->n entries) from
 * assess_item_score, their sum in *total.  An item with no value at all
 * is reported: when scores or a period's checks hold it under its label or
 * a misspelt key, at that member (assess_reject_stand_in, "item"), else as
 * "scores.KEY: missing: no score for LABEL (KEY) in scores or checks".
 * A member of scores or of a period's checks that is no item's key is
 * rejected ("unknown item", with assess_criteria_hint's hint).
 * Every item is tried, so each fault is named.  ASSESS_OK or
 * ASSESS_EREJECT.
 */
int assess_items_read(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_periods *p,
                      const assess_criteria *c, double *score,
                      double *total);
/*
 * A scheme whose missing-data policy weights a blank item over the periods
 * it has (assess_item_slots.reweight): put into the array node warnings a
 * { code "missing_data", label 数据缺失, message, paths } naming each
 * checks.PERIOD.KEY left out of a period the record gives while the item
 * has a score in another.  1 when it put one, 0 when the record has no such blank.
 */
int assess_items_gaps(const assess_host *h, const assess_record *rec,
                      const assess_periods *p, const assess_criteria *c,
                      assess_node *warnings);
/* The sum over the items of c of checks.PERIOD.KEY as given (e.g. the
 * half-year pre-assessment), when every item has a number there:
 * ASSESS_OK with *out, else ASSESS_ENOENT (nothing reported). */
int assess_period_total(const assess_host *h, const assess_record *rec,
                        const char *period, const assess_criteria *c,
                        double *out);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_CRITERIA_H */
