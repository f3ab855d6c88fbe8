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
	struct assess_standard_in *in; /* the engine's own: what it reads
	                                  records by (slots on ABI 1.2) */
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
/* Summary: qualified, per criterion how many fell short, per parent
 * (assess_standard_put_counts, then assess_standard_put_parents). */
int assess_standard_finish(assess_standard *s, assess_node *summary);

/* --- the engine's steps, for a scheme that rates by more than "good
 * on every criterion" from the same criteria (the scorecard) --- */

/* Where a criterion's score came from (the result's criteria[].source). */
enum {
	ASSESS_FROM_MISSING,    /* no data: scored 0 with missing = zero */
	ASSESS_FROM_SCORE,      /* the assessors' scores.KEY */
	ASSESS_FROM_INDICATORS, /* its rules over the record's indicators */
	ASSESS_FROM_FEED        /* the feed */
};
/* The counters per parent in s->parents, the scheme's own after them. */
enum {
	ASSESS_STANDARD_ASSESSED,
	ASSESS_STANDARD_QUALIFIED,
	ASSESS_STANDARD_REJECTED,
	ASSESS_STANDARD_NCOUNT
};

/*
 * Make a standard of the criteria, rules and policies (missing_zero,
 * prefer_computed, feed) the caller put into s from a config of its own,
 * the rest of s zero: its counts, more_counts counters per parent after
 * the standard's, and its fields declared (ABI 1.2), as
 * assess_standard_load leaves it but pass and fail (NULL; only
 * assess_standard_assess uses them).  ASSESS_OK, ASSESS_ENOMEM or
 * declare's code; either way assess_standard_free frees it all, the
 * criteria and rules included.
 */
int assess_standard_init(assess_standard *s, const assess_host *h,
                         int more_counts);
/*
 * Each criterion's score for rec as assess_standard_assess finds it
 * (scores.KEY, its rules or the feed, as prefer says; FG4's missing
 * data) into score[i] and where it came from into source[i]
 * (ASSESS_FROM_*; both criteria.n long), how many are missing (scored
 * 0) into *nmiss.  Members of scores and indicators that nothing reads
 * are rejected.  ASSESS_OK, or ASSESS_EREJECT with every fault named
 * (nothing counted: the caller counts its rejection).
 */
int assess_standard_scores(assess_standard *s, const assess_record *rec,
                           assess_result *res, double *score,
                           unsigned char *source, int *nmiss);
/* Put criteria (each with its source) and short into the result object
 * r, counting each criterion short, and with nmiss a warnings array
 * naming the missing fields: returned (for more warnings), else NULL. */
assess_node *assess_standard_put_scores(assess_standard *s,
                                        const assess_record *rec,
                                        assess_node *r, const double *score,
                                        const unsigned char *source,
                                        int nmiss);
/* Put qualified and not_qualified (of s->assessed, s->qualified, which
 * the caller counts when it rates) and criteria [{ key, label, short }]
 * into summary.  ASSESS_OK. */
int assess_standard_put_counts(const assess_standard *s,
                               assess_node *summary);
/* Put parents [{ parent, assessed, qualified, rejected }] (s->parents,
 * in key order) into summary, more (when not NULL) adding to each
 * object from its counters.  ASSESS_OK or ASSESS_ENOMEM. */
int assess_standard_put_parents(const assess_standard *s,
                                assess_node *summary,
                                void (*more)(assess_node *o,
                                             const long *count, void *ctx),
                                void *ctx);
/* Criteria, rules and policies, for --describe. */
int assess_standard_describe(const assess_standard *s, assess_node *out);
void assess_standard_free(assess_standard *s);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_STANDARD_H */
