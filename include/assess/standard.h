/*
 * standard.h - the "good on every criterion" engine (FG1-FG4, SG1).
 * Part of the SDK (libassess_scheme.a); a plugin includes
 * "assess/scheme.h", which includes every part.
 */
#ifndef ASSESS_STANDARD_H
#define ASSESS_STANDARD_H

#include <stddef.h>

#include "assess.h"
#include "scheme_base.h"
#include "criteria.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- standards: "good on every criterion" schemes (FG1-FG4, SG1) --- */

/*
 * A source of a criterion's score computed outside the record, such as the
 * share of a street's communities that reached 五个好 (SG2).  score returns
 * ASSESS_OK with *out, ASSESS_ENOENT when it has nothing for this record,
 * or ASSESS_EREJECT after rejecting it; annotate may add detail to the
 * criterion's output object when the score was used.
 */
typedef struct assess_feed {
	int (*score)(void *arg, size_t criterion, const assess_record *rec,
	             assess_result *res, double *out);
	void (*annotate)(void *arg, size_t criterion, const assess_record *rec,
	                 assess_node *crit);
	void *arg;
	size_t criterion; /* the criterion it feeds */
	const char *missing; /* says why a record has no feed, for messages */
} assess_feed;

typedef struct assess_standard {
	const assess_host *h;
	assess_criteria criteria;
	assess_rules rules;
	char *pass, *fail;   /* the rating when all are good, and otherwise */
	int missing_zero;    /* FG4: score missing data 0 with a warning */
	int prefer_computed; /* computed scores win over assessors' scores */
	assess_feed feed;    /* feed.score NULL when none */
	/* batch figures */
	long assessed, qualified, rejected;
	long *short_count;   /* per criterion */
	assess_tally parents; /* per parent: assessed, qualified, rejected */
	struct assess_standard_in *in; /* ABI 1.2: the fields by slot, or
	                                  NULL on an older host (by path) */
} assess_standard;

/*
 * Load a standard: [scheme] total (the maxima must add up to it),
 * default_bar (a percentage of each maximum, e.g. 80%), pass and fail (the
 * ratings), missing = reject | zero, prefer = score | computed; then the
 * [criterion.KEY] sections and [rule.NAME] sections.  pass_default names
 * the rating when [scheme] pass is absent.  ASSESS_OK, ASSESS_ECONFIG
 * (reported) or ASSESS_ENOMEM; on error nothing is left to free.
 */
int assess_standard_load(const assess_host *h, const assess_config *cfg,
                         const char *pass_default, assess_standard *s);
/*
 * Assess one record: each criterion's score comes from scores.KEY or from
 * what the rules (or the feed) compute from indicators, as prefer says; a
 * criterion with neither is missing data (FG4).  Writes score, max_score,
 * qualified, rating, criteria (with source and short_by), short and
 * warnings.  ASSESS_OK or ASSESS_EREJECT.
 */
int assess_standard_assess(assess_standard *s, const assess_record *rec,
                           assess_result *res);
/* Summary: qualified, per criterion how many fell short, per parent. */
int assess_standard_finish(assess_standard *s, assess_node *summary);
/* Criteria, rules and policies, for --describe. */
int assess_standard_describe(const assess_standard *s, assess_node *out);
void assess_standard_free(assess_standard *s);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_STANDARD_H */
