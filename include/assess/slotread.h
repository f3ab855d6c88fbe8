/*
 * slotread.h - the SDK's record readers, one family: each kind of field
 * (a score, keys, a history, an indicator, a percentage, a fraction, yes
 * or no, a scheme's items) read by one function that takes where the
 * field is as an argument: by path in the record (every ABI) or by the
 * value of a slot declared in create (ABI 1.2: no path built per read).
 * The checks and messages are the same whichever source is given.  The
 * older names (assess_score_read/_value, assess_items_read/_slots, ...)
 * are thin wrappers kept for the plugins that use them.  Part of the SDK
 * (libassess_scheme.a); "assess/scheme.h" includes it.
 */
#ifndef ASSESS_SLOTREAD_H
#define ASSESS_SLOTREAD_H

#include "assess.h"
#include "criteria.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- where a field is: its source --- */

/* A field in a record by its path (rec set, value NULL), or a value
 * (rec NULL): h->slot(rec, slot) of a declared field, NULL when absent.
 * path names the field in messages either way, and by path it is what
 * is read.  Make one with assess_at_path or assess_at_value. */
typedef struct assess_source {
	const assess_record *rec;
	const assess_value *value;
	const char *path;
} assess_source;

/* The field at path in rec (both borrowed for the call). */
assess_source assess_at_path(const assess_record *rec, const char *path);
/* The value v (NULL: absent), named path in messages. */
assess_source assess_at_value(const assess_value *v, const char *path);

/* --- the readers --- */

/* A score 0..max at at: ASSESS_OK with *out; ASSESS_ENOENT when absent
 * or null (nothing reported); ASSESS_EREJECT after rejecting it (not a
 * number, not finite, negative, above max). */
int assess_read_score(const assess_host *h, assess_source at,
                      assess_result *res, double max, double *out);
/* The keys of l listed in the array at at: hit[k] set for each key k
 * there (l->n entries); an element that is no string, or no key of l,
 * rejected as 'unknown WHAT "X"' with a hint (the label of a key, a
 * near key or label) and the known keys (see assess_keys_read_as).  A
 * missing or null field lists none.  ASSESS_OK or ASSESS_EREJECT. */
int assess_read_keys(const assess_host *h, assess_source at,
                     assess_result *res, const char *what,
                     const assess_labels *l, unsigned char *hit);
/* The earlier ratings in the array at at, as assess_history_read says
 * (each { period, LEVEL_KEY } and nothing else: a member of another name
 * is rejected, with the near one), each before current (the record's
 * period; NULL when none).  How many, or -1 after rejecting. */
int assess_read_history(const assess_host *h, assess_source at,
                        const char *current, assess_result *res,
                        const char *level_key, int max,
                        const char *zero_means, assess_rating *out, int n);
/* Rule r's indicator at at, as assess_rule_value says; at.path NULL
 * names (and by path reads) indicators.INDICATOR. */
int assess_read_rule(const assess_host *h, assess_source at,
                     assess_result *res, const assess_rule *r, double *out);
/* A percentage, a fraction 0..1, yes or no at at, as batch.h's
 * assess_percent_read, assess_fraction_read, assess_yesno_read say. */
int assess_read_percent(const assess_host *h, assess_source at,
                        assess_result *res, double *share);
int assess_read_fraction(const assess_host *h, assess_source at,
                         assess_result *res, double *share);
int assess_read_yesno(const assess_host *h, assess_source at,
                      assess_result *res, int *out);

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
	int reweight;       /* set after assess_items_declare: an item left
	                       blank in a period is weighted over the periods
	                       it has (assess_items_gaps warns), not rejected */
} assess_item_slots;

/* In create: declare the items' fields (type any, optional: the readers
 * say what is wrong).  ASSESS_OK, or the code of declare. */
int assess_items_declare(const assess_host *h, const assess_periods *p,
                         const assess_criteria *c, assess_item_slots *s);
void assess_item_slots_free(assess_item_slots *s);

/* Every item of c from the slots of s (declared by assess_items_declare),
 * or by path when s is NULL: score[i] and their sum in *total, with the
 * checks and messages assess_items_read gives; by slot, a blank in a
 * period given is weighted over the rest when s->reweight is set.
 * ASSESS_OK or ASSESS_EREJECT. */
int assess_read_items(const assess_host *h, const assess_record *rec,
                      const assess_item_slots *s, assess_result *res,
                      const assess_periods *p, const assess_criteria *c,
                      double *score, double *total);
/* The sum of checks.PERIOD.KEY over the items of c, as
 * assess_period_total says: by the slots of s when period is one of p's
 * (s and p may be NULL: by path).  ASSESS_OK or ASSESS_ENOENT. */
int assess_read_period_total(const assess_host *h, const assess_record *rec,
                             const assess_item_slots *s,
                             const assess_periods *p,
                             const assess_criteria *c, const char *period,
                             double *out);

/*
 * Criterion i of c by its slot's value v (path "HOLDER.KEY" names it in
 * messages): assess_read_score's checks against the criterion's max,
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

/* --- the older names: thin wrappers over the readers above --- */

/* assess_read_score(h, assess_at_value(v, path), ...). */
int assess_score_value(const assess_host *h, const assess_value *v,
                       assess_result *res, const char *path, double max,
                       double *out);
/* assess_read_items with s. */
int assess_items_read_slots(const assess_host *h, const assess_record *rec,
                            assess_result *res, const assess_periods *p,
                            const assess_criteria *c,
                            const assess_item_slots *s, double *score,
                            double *total);
/* assess_read_period_total with s. */
int assess_period_total_slots(const assess_host *h, const assess_record *rec,
                              const assess_periods *p,
                              const assess_criteria *c,
                              const assess_item_slots *s, const char *period,
                              double *out);
/* assess_read_keys on the value v of the field at path. */
int assess_keys_read_value(const assess_host *h, const assess_value *v,
                           assess_result *res, const char *path,
                           const char *what, const assess_labels *l,
                           unsigned char *hit);
/* assess_read_history on the value v of the field at path. */
int assess_history_read_value(const assess_host *h, const assess_value *v,
                              const char *current, assess_result *res,
                              const char *path, const char *level_key,
                              int max, const char *zero_means,
                              assess_rating *out, int n);
/* assess_read_rule on the value v of indicators.INDICATOR. */
int assess_rule_value_of(const assess_host *h, const assess_value *v,
                         assess_result *res, const assess_rule *r,
                         double *out);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_SLOTREAD_H */
