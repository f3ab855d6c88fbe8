/*
 * slotread.h - the SDK's record readers over ABI 1.2 slots and values:
 * the same checks and messages as the path readers of criteria.h (items
 * by period, keys, history), with every field declared once in create
 * and read by slot, no path built per read.  Part of the SDK
 * (libassess_scheme.a); "assess/scheme.h" includes it.  Each needs a
 * host with ASSESS_HAS(h, declare).
 */
#ifndef ASSESS_SLOTREAD_H
#define ASSESS_SLOTREAD_H

#include "assess.h"
#include "criteria.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The slots of a scheme's items: "scores.KEY" per item and, with
 * periods, "checks" and "checks.PERIOD.KEY" per period and item, with
 * their paths for messages.  Zero it before assess_items_declare. */
typedef struct assess_item_slots {
	int checks;         /* "checks", or -1 without periods */
	int scores;         /* "scores" */
	int *score;         /* [item] */
	int *check;         /* [period * n + item] */
	char **path;        /* [item] "scores.KEY", then [n + period * n +
	                       item] "checks.PERIOD.KEY" */
	size_t n, np;
} assess_item_slots;

/* In create: declare the items' fields (type any, optional: the readers
 * say what is wrong).  ASSESS_OK, or the code of declare. */
int assess_items_declare(const assess_host *h, const assess_periods *p,
                         const assess_criteria *c, assess_item_slots *s);
void assess_item_slots_free(assess_item_slots *s);

/* assess_score_read on a value (path names it in messages). */
int assess_score_value(const assess_host *h, const assess_value *v,
                       assess_result *res, const char *path, double max,
                       double *out);

/*
 * Criterion i of c by its slot's value v (path "HOLDER.KEY" names it in
 * messages): assess_score_value's checks against the criterion's max,
 * and when v is absent, the record rejected as the shipped schemes do: at
 * the member of holder (e.g. "scores") that stands in for the key, its
 * label or a misspelling (assess_reject_stand_in: "自身建设" is the label
 * of self_building; use the key "self_building"), else at path,
 * "missing".  Declare the field optional for this: a required one is
 * rejected by the host as "missing" before the scheme can say more.
 * ASSESS_OK or ASSESS_EREJECT.
 */
int assess_criterion_value(const assess_host *h, const assess_record *rec,
                           assess_result *res, const assess_value *v,
                           const char *holder, const char *path,
                           const assess_criteria *c, size_t i, double *out);

/* assess_items_read by slot: same scores, totals and messages. */
int assess_items_read_slots(const assess_host *h, const assess_record *rec,
                            assess_result *res, const assess_periods *p,
                            const assess_criteria *c,
                            const assess_item_slots *s, double *score,
                            double *total);

/* assess_period_total by slot, for the period called period. */
int assess_period_total_slots(const assess_host *h, const assess_record *rec,
                              const assess_periods *p,
                              const assess_criteria *c,
                              const assess_item_slots *s, const char *period,
                              double *out);

/* assess_keys_read_as on the value v of the field at path. */
int assess_keys_read_value(const assess_host *h, const assess_value *v,
                           assess_result *res, const char *path,
                           const char *what, const assess_labels *l,
                           unsigned char *hit);

/* assess_history_read on the value v of the field at path; current is
 * the record's period (NULL when none). */
int assess_history_read_value(const assess_host *h, const assess_value *v,
                              const char *current, assess_result *res,
                              const char *path, const char *level_key,
                              int max, const char *zero_means,
                              assess_rating *out, int n);

/* assess_rule_value on the value v of indicators.INDICATOR. */
int assess_rule_value_of(const assess_host *h, const assess_value *v,
                         assess_result *res, const assess_rule *r,
                         double *out);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_SLOTREAD_H */
