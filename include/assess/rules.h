/*
 * rules.h - indicator rules (FG2) and tallies.
 * Part of the SDK (libassess_scheme.a); a plugin includes
 * "assess/scheme.h", which includes every part.
 */
#ifndef ASSESS_RULES_H
#define ASSESS_RULES_H

#include <stddef.h>

#include "assess.h"
#include "scheme_base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- indicator rules: raw indicators turned into points (FG2) --- */

enum {
	ASSESS_RULE_YESNO = 1, /* true (or 1) earns points, false (0) none */
	ASSESS_RULE_BINS,      /* the points of the highest threshold reached */
	ASSESS_RULE_LINEAR,    /* 0 at from, points at to, straight between */
	ASSESS_RULE_COUNT,     /* per point for each unit, at most cap */
	ASSESS_RULE_DEDUCT     /* minus per for each unit, at most cap off */
};

typedef struct assess_rule {
	char *name;      /* from the section [rule.NAME] */
	char *indicator; /* key under "indicators" in a record */
	size_t criterion; /* index into the criteria it feeds */
	int type;        /* ASSESS_RULE_* */
	double points;   /* yesno, linear: the most it earns */
	double from, to; /* linear */
	double per, cap; /* count, deduct */
	double *thr, *pts; /* bins: thresholds ascending, their points */
	size_t nbins;
} assess_rule;

typedef struct assess_rules {
	assess_rule *v;
	size_t n;
} assess_rules;

/*
 * Load every [rule.NAME] section:
 *   criterion = KEY      a criterion of c (required)
 *   indicator = KEY      the record's indicators.KEY (required)
 *   type = yesno | bins | linear | count | deduct
 *   yesno:  points       linear: from, to, points (from > to: falling)
 *   bins:   bins = 0.8:20, 0.6:12, 0.4:6   (threshold:points, thresholds
 *           strictly ascending, points not above the criterion's max)
 *   count:  per, cap     deduct: per, cap
 * Every number is checked; points above the criterion's maximum, an unknown
 * type or criterion are config errors.  ASSESS_OK, ASSESS_ECONFIG
 * (reported) or ASSESS_ENOMEM.
 */
int assess_rules_load(const assess_host *h, const assess_config *cfg,
                      const assess_criteria *c, assess_rules *out);
void assess_rules_free(assess_rules *r);
/* The type's name ("bins"), and the most a rule can add (0 for deduct). */
const char *assess_rule_type_name(int type);
double assess_rule_max(const assess_rule *r);
/* The points value v earns (negative for deduct). */
double assess_rule_points(const assess_rule *r, double v);
/*
 * Read indicators.INDICATOR for rule r: a number, or for yesno also a
 * boolean.  ASSESS_OK; ASSESS_ENOENT when absent (not reported);
 * ASSESS_EREJECT after rejecting a wrong type or a negative count.
 */
int assess_rule_value(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_rule *r, double *out);

/* --- tallies: counters per key (per parent unit, per star...) --- */

typedef struct assess_tally {
	char **key;     /* the keys in the order first counted; NULL past n */
	long *count;    /* ncount counters per key, key[i]'s at i * ncount */
	size_t cap, n;  /* room in key (and count), keys counted */
	int ncount;
	uint32_t *slot; /* open addressing by key: 1 + its index; 0 empty */
	size_t nslot;   /* a power of two, at least twice n */
} assess_tally;

/* Start a tally of ncount counters per key.  ASSESS_OK or ASSESS_ENOMEM. */
int assess_tally_init(assess_tally *t, int ncount);
/* The counters of key, created at zero; valid until the next call;
 * NULL when out of memory. */
long *assess_tally_get(assess_tally *t, const char *key);
/* Keys in strcmp order (a malloc'd array of borrowed strings, t->n long:
 * free it, not them), for deterministic output; NULL when out of memory
 * or empty. */
const char **assess_tally_sorted(const assess_tally *t);
void assess_tally_free(assess_tally *t);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_RULES_H */
