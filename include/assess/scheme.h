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

/* "Did you mean ...?": of names[0..n), the one nearest to word, a name
 * that was not found (a misspelt key), or NULL when none is close enough.
 * Near means at most one edit (a character added, dropped, changed, or two
 * neighbours swapped) in names up to 4 characters, and at most a third of
 * the characters in longer ones, compared without ASCII case; an exact
 * match is not a suggestion.  The pointer returned is one of names. */
const char *assess_nearest(const char *word, const char *const *names,
                           size_t n);

/* --- config values every scheme reads --- */

/* A number of section that must be there: ASSESS_OK, or ASSESS_ECONFIG
 * after reporting it missing, not a number or outside min..max. */
int assess_config_need_number(const assess_host *h, const assess_config *cfg,
                              const char *section, const char *key,
                              double min, double max, double *out);
/* The same for a whole number. */
int assess_config_need_int(const assess_host *h, const assess_config *cfg,
                           const char *section, const char *key, long min,
                           long max, long *out);
/* A percentage written "80%", as a share 0..1 in *share.  ASSESS_OK;
 * ASSESS_ENOENT when absent (*share untouched, nothing reported);
 * ASSESS_ECONFIG after reporting one that is not "N%" or outside 0..100%. */
int assess_config_percent(const assess_host *h, const assess_config *cfg,
                          const char *section, const char *key,
                          double *share);

/* --- one table of a scheme's config keys: loads the INI and describes it --- */

/* What a key holds, and the type at its offset in the plugin's settings. */
enum {
	ASSESS_CONF_NUMBER = 1, /* double, in min..max */
	ASSESS_CONF_INT,        /* long, in min..max */
	ASSESS_CONF_PERCENT,    /* double: "80%" as the share 0.8 */
	ASSESS_CONF_BOOL,       /* int, 0 or 1 (true/false, yes/no, on/off) */
	ASSESS_CONF_STRING,     /* char *, malloc'd, may be empty */
	ASSESS_CONF_LABEL,      /* char *, malloc'd, never empty: users see it */
	ASSESS_CONF_CHOICE,     /* int: the index of the value in choices */
	ASSESS_CONF_ELSEWHERE   /* read by another loader (criteria, bars...):
	                           only described, key shown as written */
};

/*
 * One key of a scheme's INI.  A plugin declares its keys once, in a static
 * array, and both loads ([scheme] total...) and describes them from it, so
 * that --describe's config_keys cannot drift from what is read:
 *
 *     static const assess_config_key spec[] = {
 *         { .section = "tiers", .key = "tier1", .kind = ASSESS_CONF_INT,
 *           .min = 0, .max = 5, .required = 1, .unit = "stars",
 *           .offset = offsetof(struct settings, tier1) },
 *         ...
 *     };
 */
typedef struct assess_config_key {
	const char *section; /* lower case, as iniparser gives it */
	const char *key;     /* ELSEWHERE: the text shown, "label, max" */
	int kind;            /* ASSESS_CONF_* */
	double min, max;     /* NUMBER, INT: the range allowed */
	double def;          /* NUMBER, INT, BOOL, CHOICE (an index): default;
	                        PERCENT: the default share (0.6 for 60%) */
	const char *def_str; /* STRING, LABEL: the default (NULL: none) */
	const char *choices; /* CHOICE: the words, "reject|zero" */
	int required;        /* absent is a config error ("missing") */
	size_t offset;       /* where the value goes in the settings */
	const char *unit;    /* shown as "(UNIT MIN..MAX)" by describe */
	const char *value;   /* what to write, shown as "key = VALUE" by
	                        describe ("FILE (fivegood output)") */
	const char *doc;     /* one line, what the key holds; a required key
	                        that is absent is reported "missing: DOC" */
} assess_config_key;

/*
 * Read every key of spec[0..n) into settings (ELSEWHERE rows are skipped),
 * looking each one up, so the host knows every key the scheme reads.
 * Absent keys get their default, or are reported missing when required.
 * Errors are reported as the host's config services report them ("FILE:
 * [section] key: ..."), and the reading stops at the first.  ASSESS_OK,
 * ASSESS_ECONFIG (reported) or ASSESS_ENOMEM; strings copied before an
 * error are left for assess_config_spec_free.
 */
int assess_config_spec_load(const assess_host *h, const assess_config *cfg,
                            const assess_config_key *spec, size_t n,
                            void *settings);
/* Free the strings the STRING and LABEL keys of spec hold in settings and
 * set them to NULL.  Safe on settings that were never loaded if zeroed. */
void assess_config_spec_free(const assess_config_key *spec, size_t n,
                             void *settings);
/*
 * Append the config_keys lines of spec to the array node arr, one string
 * per run of rows of one section: "[tiers] tier1, tier2 (stars 0..5)".
 * Keys of one kind side by side are listed together ("0..5" for whole
 * numbers in a row), LABEL keys end "= label", CHOICE keys "= a|b", and
 * a key with a value hint stands alone as "key = VALUE".
 * ASSESS_OK, or the first error of the host's put_string.
 */
int assess_config_spec_describe(const assess_host *h,
                                const assess_config_key *spec, size_t n,
                                assess_node *arr);

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
 * what names the kind of key, e.g. "item").  ASSESS_EREJECT after
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
 * The earlier ratings at path (an array of { period, LEVEL_KEY }), those
 * before the record's own period, latest first, into out (room for n).
 * A level is a whole number 0..max; zero_means, when not NULL, says in
 * messages what 0 stands for.  Returns how many; or -1 after rejecting the
 * record for each malformed entry (a missing period, a level out of range,
 * a period given twice, more than n entries).  A missing or null field is
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
 * present (a record with only an annual check uses it alone); otherwise
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
 * Every item is tried, so each fault is named.  ASSESS_OK or
 * ASSESS_EREJECT.
 */
int assess_items_read(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_periods *p,
                      const assess_criteria *c, double *score,
                      double *total);
/* The sum over the items of c of checks.PERIOD.KEY as given (e.g. the
 * half-year pre-assessment), when every item has a number there:
 * ASSESS_OK with *out, else ASSESS_ENOENT (nothing reported). */
int assess_period_total(const assess_host *h, const assess_record *rec,
                        const char *period, const assess_criteria *c,
                        double *out);

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
	char **key;     /* open addressing; NULL marks an empty slot */
	long *count;    /* ncount counters per slot */
	size_t cap, n;
	int ncount;
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

/* --- what a scheme keeps of the batch for its finish step --- */

/* A growable array of fixed-size entries.  Zero it with assess_vec_init. */
typedef struct assess_vec {
	void *v;           /* n entries of size bytes */
	size_t n, cap, size;
} assess_vec;

void assess_vec_init(assess_vec *a, size_t size);
/* A new zeroed entry at the end, valid until the next push; NULL when out
 * of memory (the array is left as it was). */
void *assess_vec_push(assess_vec *a);
void assess_vec_free(assess_vec *a);

/* Strings side by side in one allocation, referred to by offset, which
 * stays valid as the pool grows.  Zero-initialise it. */
typedef struct assess_pool {
	char *s;
	size_t n, cap;
} assess_pool;

#define ASSESS_POOL_NONE ((size_t)-1)

/* Copy s into the pool; its offset in *off (ASSESS_POOL_NONE for a NULL
 * s).  ASSESS_OK or ASSESS_ENOMEM. */
int assess_pool_add(assess_pool *p, const char *s, size_t *off);
/* The string at off (borrowed until the pool grows or is freed), or NULL
 * for ASSESS_POOL_NONE. */
const char *assess_pool_str(const assess_pool *p, size_t off);
void assess_pool_free(assess_pool *p);

/* Sort the indexes v[0..n) by cmp(a, b, ctx) (negative when a comes
 * first), stably, so equal entries keep their order; ctx carries what cmp
 * needs, so no global is.  ASSESS_OK or ASSESS_ENOMEM (v untouched). */
int assess_sort(size_t *v, size_t n, int (*cmp)(size_t, size_t, void *),
                void *ctx);

#define ASSESS_NO_MATCH ((size_t)-1)

/*
 * One-to-one matching that prefers a partner of the same group (SB9's
 * mechanism: the scheme decides who seeks, who helps, in what order and
 * what the group is).  seekers and partners are indexes, each list in its
 * order of preference (the first seeker chooses first; the first partner
 * is offered first).  group(i, ctx) is index i's group, NULL or "" for
 * none.  Two passes: first every seeker with a group takes the first free
 * partner of its own group; then the seekers still without one take the
 * first free partners of any group.  So no partner leaves its group while
 * a seeker there still needs one, and the number of matches is
 * min(nseekers, npartners).  pick[i] gets seeker i's partner, or
 * ASSESS_NO_MATCH.  ASSESS_OK or ASSESS_ENOMEM.
 */
int assess_match(const size_t *seekers, size_t nseekers,
                 const size_t *partners, size_t npartners,
                 const char *(*group)(size_t, void *), void *ctx,
                 size_t *pick);

/* A roster: what the finish step keeps of each record, compactly (one
 * array, the strings in one pool), to rank and pair them at the end. */
typedef struct assess_member {
	size_t id, parent; /* offsets into the pool; parent ASSESS_POOL_NONE */
	double score;
	int level;         /* stars, or any rank */
	int tag;           /* the scheme's own (SB5: the tier) */
} assess_member;

typedef struct assess_roster {
	assess_vec members; /* assess_member */
	assess_pool pool;
} assess_roster;

void assess_roster_init(assess_roster *r);
/* Keep one record (id and parent are copied; parent may be NULL).
 * ASSESS_OK or ASSESS_ENOMEM (the roster left as it was). */
int assess_roster_add(assess_roster *r, const char *id, const char *parent,
                      double score, int level, int tag);
/* Member i (borrowed until the next add). */
const assess_member *assess_roster_get(const assess_roster *r, size_t i);
/* Member i's id and parent (NULL when none), borrowed until the next add;
 * roster is the assess_roster, as an assess_pairing's ctx. */
const char *assess_roster_id(size_t i, void *roster);
const char *assess_roster_parent(size_t i, void *roster);
/* Orders for assess_sort and assess_pairing over a roster: the weakest
 * first (lower level, then lower score in decimal terms), or the strongest
 * first; the smaller id first among equals, so input order never counts. */
int assess_roster_weakest_first(size_t a, size_t b, void *roster);
int assess_roster_strongest_first(size_t a, size_t b, void *roster);
void assess_roster_free(assess_roster *r);

/* How a scheme pairs: its orders, groups and names, over indexes i of
 * what it kept of the batch; ctx is passed to each. */
typedef struct assess_pairing {
	int (*seeker_cmp)(size_t a, size_t b, void *ctx);  /* who chooses first */
	int (*partner_cmp)(size_t a, size_t b, void *ctx); /* who is offered first */
	const char *(*group)(size_t i, void *ctx); /* NULL or "" for none */
	const char *(*id)(size_t i, void *ctx);    /* for the output */
	void *ctx;
} assess_pairing;

/*
 * SB9's step whole: sort seekers and partners (their indexes, sorted in
 * place) by the orders of how, match them (assess_match), and add to the
 * summary "pairs": [{ helper, helped, same_parent }] and "unpaired":
 * [id], both in seeker order; same_parent says both have the same
 * non-empty group.  ASSESS_OK or ASSESS_ENOMEM.
 */
int assess_pairs_put(const assess_host *h, assess_node *summary,
                     const assess_pairing *how, size_t *seekers,
                     size_t nseekers, size_t *partners, size_t npartners);

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

#endif /* ASSESS_SCHEME_H */
