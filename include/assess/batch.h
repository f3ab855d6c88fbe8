/*
 * batch.h - what a scheme decides over the whole batch, written once so
 * that no scheme pairs or caps wrongly by hand: matching seekers with
 * helpers that each have a capacity, a cap (quota) on a level per group
 * or over the batch, the verdicts written into the results (one amendment
 * per member, carrying all it holds), counts per group, and the readers
 * of record values a batch rule needs (a percentage, a fraction, yes/no)
 * and of the labels and messages of a scheme's notes from its INI.
 *
 * Words: a member is what a scheme kept of one record (assess_roster);
 * its group is its parent.  A seeker is matched with at most one helper;
 * a helper takes up to its capacity of seekers.  A level is a rank, the
 * higher the better (stars, or a grade's place in its ladder).
 *
 * Part of the SDK (libassess_scheme.a); "assess/scheme.h" includes it.
 * Every function returns ASSESS_OK or a negative ASSESS_E* code, and
 * never writes past the room its contract names.
 */
#ifndef ASSESS_BATCH_H
#define ASSESS_BATCH_H

#include <stddef.h>

#include "assess.h"
#include "collect.h"
#include "criteria.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- matching with a capacity per helper --- */

/* How matching proceeds (assess_match_how.mode). */
enum {
	/* Seekers in their order; each takes the best free helper of its own
	 * group, else the best free helper of any group, before the next
	 * seeker chooses. */
	ASSESS_MATCH_IN_TURN = 0,
	/* Two passes: every seeker in order takes the best free helper of its
	 * own group; then the seekers still unmatched, in order, take the
	 * best free helper of any group.  No helper leaves its group while a
	 * seeker there still needs one, so each group gets
	 * min(its seekers, its capacity) matches within it. */
	ASSESS_MATCH_GROUP_FIRST = 1
};

/* The orders and groups of a matching, over the indexes the scheme gives
 * (into its roster, or any array of its own); ctx is passed to each. */
typedef struct assess_match_how {
	/* who chooses first (negative when a comes first); NULL: the order
	 * of the seekers array as given */
	int (*seeker_cmp)(size_t a, size_t b, void *ctx);
	/* which helper is best (negative when a is better); NULL: the order
	 * of the helpers array as given */
	int (*helper_cmp)(size_t a, size_t b, void *ctx);
	/* index i's group, NULL or "" for none (a seeker of no group takes
	 * from any group only); NULL: no groups, every match is "any".  The
	 * text must stay as it is until the match returns (the groups are
	 * told apart by it, each read once). */
	const char *(*group)(size_t i, void *ctx);
	void *ctx;
	int mode; /* ASSESS_MATCH_* */
} assess_match_how;

/* One seeker's outcome. */
typedef struct assess_pair {
	size_t seeker;   /* an index from the seekers array */
	size_t helper;   /* an index from the helpers array, or
	                    ASSESS_NO_MATCH when no capacity was left */
	int same_group;  /* both of the same non-empty group */
} assess_pair;

/* One seeker's outcome in 8 bytes instead of 24, for batches of many
 * seekers (assess_match_capacity32): indexes below 2^32 - 1, as a
 * roster's are; the helper ASSESS_NO_MATCH32 when none.  Whether both
 * are of one group is not kept (assess_pairs_write_as32 tells it). */
typedef struct assess_pair32 {
	uint32_t seeker;
	uint32_t helper;
} assess_pair32;

#define ASSESS_NO_MATCH32 UINT32_MAX

/*
 * Match seekers[0..nseekers) with helpers[0..nhelpers), helper k taking up
 * to capacity[k] seekers (0: none).  "Best free helper" is the first in
 * helper_cmp's order (stable: ties keep the array's order) with capacity
 * left, so a helper keeps its place however many it already helps.  The
 * orders and the mode are how's (above).  Guaranteed: the number of
 * matches is min(nseekers, sum of capacity), in either mode.
 *
 * out (room for nseekers) gets one entry per seeker, in the order the
 * seekers chose (seeker_cmp's), the unmatched with helper ASSESS_NO_MATCH;
 * *nmatched (may be NULL) the number matched.  The arrays given are not
 * changed.  ASSESS_OK; ASSESS_EINVAL when an index is listed twice in
 * seekers or in helpers, or is both a seeker and a helper (say "helps 2"
 * with a capacity of 2, never by listing a helper twice), or an array is
 * NULL with its count nonzero; ASSESS_ENOMEM.
 */
int assess_match_capacity(const size_t *seekers, size_t nseekers,
                          const size_t *helpers, const unsigned *capacity,
                          size_t nhelpers, const assess_match_how *how,
                          assess_pair *out, size_t *nmatched);

/* assess_match_capacity, the same matching, with out packed (room for
 * nseekers assess_pair32); also ASSESS_EINVAL for an index of 2^32 - 1
 * or more. */
int assess_match_capacity32(const size_t *seekers, size_t nseekers,
                            const size_t *helpers, const unsigned *capacity,
                            size_t nhelpers, const assess_match_how *how,
                            assess_pair32 *out, size_t *nmatched);

/* assess_match_capacity32 over indexes listed in 32 bits (a roster's
 * fit), each helper taking one seeker (a capacity of 1 each): the same
 * matching, the same out, the same refusals.  At ten million records the
 * lists in size_t and the capacities were 36 MB of the finish step's
 * peak. */
int assess_match_one32(const uint32_t *seekers, size_t nseekers,
                       const uint32_t *helpers, size_t nhelpers,
                       const assess_match_how *how, assess_pair32 *out,
                       size_t *nmatched);

/* The member names a scheme's pairs are written under, its own words
 * (the star scheme's "helper" and "helped" are another scheme's "mentor"
 * and "mentee").  Each is a key; a NULL one leaves its member out. */
typedef struct assess_pair_words {
	/* in the summary */
	const char *pairs;        /* the list of matches */
	const char *helper;       /* in a match: the helper's id */
	const char *helped;       /* the seeker's id */
	const char *same_group;   /* true when both are of one non-empty
	                             group (parent) */
	const char *unpaired;     /* the list of seekers' ids left unmatched */
	/* in the results */
	const char *matched;      /* a matched seeker's object, holding */
	const char *matched_id;   /*   its helper's id */
	const char *matched_name; /*   and its helper's name */
	const char *helping;      /* a helper's list of whom it helps, each */
	const char *helping_id;   /*   an object of the id */
	const char *helping_name; /*   and the name */
} assess_pair_words;

/*
 * The pairs of a roster written out, once each, under w's words:
 *   - into summary (when not NULL) w->pairs: [{ w->helper, w->helped,
 *     w->same_group }] and w->unpaired: [id], in the order of pairs;
 *   - into the results (ABI 1.2 amend, members with a handle): a
 *     matched seeker's w->matched: { w->matched_id, w->matched_name }
 *     and ONE w->helping: [{ w->helping_id, w->helping_name }, ...] per
 *     helper, listing everyone it helps in the order of pairs.  Amended
 *     in roster order.  Nothing is amended when the host has no amend
 *     service (ABI 1.1).
 * Indexes are roster indexes; names are left out when a member has none.
 * ASSESS_OK, ASSESS_EINVAL (an index outside the roster, w NULL),
 * ASSESS_ENOMEM.
 */
int assess_pairs_write_as(const assess_host *h, assess_node *summary,
                          const assess_roster *r, const assess_pair *pairs,
                          size_t npairs, const assess_pair_words *w);

/* assess_pairs_write_as under the words it has always written: "pairs":
 * [{ "helper", "helped", "same_parent" }], "unpaired", and in the results
 * "pairing": { "helper", "helper_name" } and "helping": [{ "id", "name"
 * }].  Kept for the plugins built on it; a new scheme names its own. */
int assess_pairs_write(const assess_host *h, assess_node *summary,
                       const assess_roster *r, const assess_pair *pairs,
                       size_t npairs);

/* assess_pairs_write_as over pairs packed (assess_match_capacity32's),
 * writing the same, byte for byte: a million-record batch need not hold
 * its pairs at 24 bytes each while they are written. */
int assess_pairs_write_as32(const assess_host *h, assess_node *summary,
                            const assess_roster *r,
                            const assess_pair32 *pairs, size_t npairs,
                            const assess_pair_words *w);

/* assess_pairs_write_as32, writing the same, with the pairs given over:
 * pairs (from malloc) is freed here, whatever is returned, once the
 * summary is written and before the results are amended, when the
 * host's amendments grow (at ten million records of 3 million pairs,
 * 24 MB less at the run's peak). */
int assess_pairs_write_given32(const assess_host *h, assess_node *summary,
                               const assess_roster *r, assess_pair32 *pairs,
                               size_t npairs, const assess_pair_words *w);

/* --- a cap on a level: a quota per group or over the batch --- */

enum { ASSESS_CAP_BATCH = 0, ASSESS_CAP_PARENT = 1 };  /* assess_cap.per */
enum {  /* assess_cap.rounding: how share * n becomes a count */
	ASSESS_ROUND_DOWN = 0,   /* 20% of 7 is 1 */
	ASSESS_ROUND_UP = 1,     /* 20% of 7 is 2 */
	ASSESS_ROUND_NEAREST = 2 /* half away from zero: 50% of 3 is 2 */
};
enum {  /* assess_cap.keep: who keeps the level when too many hold it */
	ASSESS_KEEP_HIGHEST = 0, /* the highest score first (decimal terms),
	                            equal scores by the smaller id */
	ASSESS_KEEP_AS_GIVEN = 1 /* roster order: the order records came */
};

typedef struct assess_cap {
	int level;       /* the level capped */
	int to;          /* the level the members beyond the cap move to */
	int per;         /* ASSESS_CAP_BATCH or ASSESS_CAP_PARENT */
	double share;    /* the share (0..1) of a group's members that may
	                    hold level, when count < 0 */
	long count;      /* at most this many per group; < 0: by share */
	int rounding;    /* ASSESS_ROUND_*, for share */
	int keep;        /* ASSESS_KEEP_* */
	const char *key; /* the result member rewritten to the new level
	                    ("stars", "grade"); NULL: none */
	/* NULL: levels are written as numbers; else level_names[L] names
	 * level L (levels 0..nlevel_names-1) wherever a level is written */
	const char *const *level_names;
	int nlevel_names;
	/* the reason written, as is; NULL: the SDK's sentence, saying the
	 * share or count, the group, how many were assessed and kept */
	const char *reason;
	/* the result member that holds the verdict, in the scheme's words
	 * ("quota", "cap"); NULL: "quota", as before it could be named */
	const char *note_key;
	/* ASSESS_CAP_PARENT: how many records group (a parent; "" for the
	 * records with none) counts, ctx being assess_cap_apply's, for a
	 * scheme that keeps in the roster only the members the cap may move
	 * (those at level) and counts every record of a parent itself; it
	 * must count at least the group's members in the roster.  NULL: the
	 * group's members in the roster, as before it could be given. */
	size_t (*group_size)(const char *group, void *ctx);
} assess_cap;

/*
 * Apply cap to the roster's members.  The members of a group (ASSESS_CAP_
 * PARENT: those of one parent, the members with none forming one group of
 * their own; ASSESS_CAP_BATCH: the whole batch) that hold cap->level
 * beyond the allowed number move to cap->to, their tag kept, the last by
 * cap->keep first.  Allowed: cap->count, or share * n rounded, where n is
 * the group's members (ASSESS_CAP_BATCH: every record counted,
 * assess_roster_counted; ASSESS_CAP_PARENT: cap->group_size's count, or
 * without it the members of the parent in the roster, so then keep
 * every record of a capped group in it).
 *
 * Each member moved gets, when it has a handle and the host amends, key:
 * to and note_key: { earned, max_share or max_count, allowed, reason }
 * (and "parent" for ASSESS_CAP_PARENT); then moved(i, node, ctx) (may be
 * NULL) lets the scheme adjust its counts and add to node (NULL without
 * an amendment).  Members are moved group by group (groups in strcmp
 * order of their parent), each group's from the lowest kept order up.
 * *nmoved (may be NULL) gets how many moved.  ASSESS_OK; ASSESS_EINVAL (a
 * share outside 0..1, a rounding or keep unknown, a level outside
 * level_names); ASSESS_ENOMEM.
 */
int assess_cap_apply(const assess_host *h, assess_roster *r,
                     const assess_cap *cap,
                     void (*moved)(size_t i, assess_node *n, void *ctx),
                     void *ctx, size_t *nmoved);

/* --- counts per group (parent) --- */

/* Per group: how many members, and how many at each level 0..nlevels-1. */
typedef struct assess_groups {
	assess_tally t;  /* per key: [0] members, [1 + L] at level L */
	int nlevels;
} assess_groups;

/* Start counting nlevels levels per group.  ASSESS_OK or ASSESS_ENOMEM. */
int assess_groups_init(assess_groups *g, int nlevels);
/* Count one member of group (NULL: not counted, ASSESS_OK) at
 * level (outside 0..nlevels-1: counted as a member only).  ASSESS_OK or
 * ASSESS_ENOMEM. */
int assess_groups_add(assess_groups *g, const char *group, int level);
/* One member of group moved from level from to level to (a cap's
 * verdict).  Nothing for an unknown group or a level outside. */
void assess_groups_move(assess_groups *g, const char *group, int from,
                        int to);
/* The counters of group ([0] members, [1 + L] level L), or NULL when it
 * was never counted; borrowed until the next add. */
const long *assess_groups_get(const assess_groups *g, const char *group);
/*
 * Append to the list key of node n one object per group, in strcmp order
 * of the group: { parent: GROUP, COUNT_KEY: members, LEVELS_KEY: { L: n }
 * }, levels from the highest down, each named by level_names[L] or, when
 * level_names is NULL, by its number.  ASSESS_OK or ASSESS_ENOMEM.
 */
int assess_groups_put(const assess_host *h, assess_node *n, const char *key,
                      const assess_groups *g, const char *count_key,
                      const char *levels_key,
                      const char *const *level_names);
void assess_groups_free(assess_groups *g);

/* --- record values a batch rule reads --- */

/*
 * A share of the value v of the field at path (path names it in
 * messages), into *share (0..1):
 *   assess_percent_value: a string "N%" (0%..100%, as a config's
 *     percentages are written) or a number 0..1 (the share itself, as a
 *     spreadsheet stores a percentage cell: 0.85 is 85%); a bare number
 *     above 1 ("85" meant as 85%) is rejected, saying to write 85% or
 *     0.85, never read as 8500%;
 *   assess_fraction_value: a number 0..1 only.
 * ASSESS_OK; ASSESS_ENOENT when v is absent or null (nothing reported: the
 * scheme decides); ASSESS_EREJECT after rejecting the record at path.
 */
int assess_percent_value(const assess_host *h, const assess_value *v,
                         assess_result *res, const char *path,
                         double *share);
int assess_fraction_value(const assess_host *h, const assess_value *v,
                          assess_result *res, const char *path,
                          double *share);
/*
 * Yes or no: true/false, the strings yes/no, y/n, true/false, 1/0 (any
 * ASCII case) or 是/否, or the numbers 1/0, into *out (1 or 0).  Codes as
 * above.
 */
int assess_yesno_value(const assess_host *h, const assess_value *v,
                       assess_result *res, const char *path, int *out);
/* The same, by path (any ABI): the field at path of rec. */
int assess_percent_read(const assess_host *h, const assess_record *rec,
                        assess_result *res, const char *path,
                        double *share);
int assess_fraction_read(const assess_host *h, const assess_record *rec,
                         assess_result *res, const char *path,
                         double *share);
int assess_yesno_read(const assess_host *h, const assess_record *rec,
                      assess_result *res, const char *path, int *out);

/* --- the labels and messages of a scheme's notes, from its INI --- */

/* The kinds of note of a scheme as its INI names them. */
typedef struct assess_notes {
	assess_note *v;     /* n kinds: code, rule and text as the table's,
	                       label from the INI or the table */
	const char **message; /* [n] a message template, or NULL */
	size_t n;
	char **owned;       /* what was copied from the INI */
} assess_notes;

/*
 * Read, in create, the section of cfg that names the kinds[0..n) of note:
 *     [section]
 *     CODE = label              (default: kinds[k].label)
 *     CODE.message = template   (default: messages[k], may be NULL)
 * A template's {NAME} is replaced by the value given for NAME when the
 * note is said (assess_notes_say); "{{" is a "{", "}}" a "}".  A default
 * template is translated in the plugin's catalog (assess_i18n_text); one from the INI
 * is the user's words, used as written.  An unknown key (with "did you
 * mean") or an empty label is reported through config_error.  ASSESS_OK, ASSESS_ECONFIG (reported),
 * ASSESS_ENOMEM.  Free with assess_notes_free (also after a failure).
 */
int assess_notes_load(const assess_host *h, const assess_config *cfg,
                      const char *section, const assess_note *kinds,
                      const char *const *messages, size_t n,
                      assess_notes *out);
void assess_notes_free(assess_notes *n);
/*
 * Append note k to the array arr, as assess_put_note does with kind k of
 * the table but with the INI's label; the text is fmt (printf-style,
 * translated in the plugin's catalog), left out when fmt is NULL.  The
 * new object, or NULL on misuse or lack of memory.
 */
assess_node *assess_notes_put(const assess_host *h, assess_node *arr,
                              const assess_notes *n, size_t k,
                              const char *item, const char *fmt, ...)
	ASSESS_PRINTF(6, 7);
/*
 * Append note k with its message template filled: vars holds NAME, VALUE
 * pairs ended by a NULL NAME; {NAME} becomes VALUE (an unknown NAME stays
 * as written).  Without a template, no text.  The new object, or NULL.
 */
assess_node *assess_notes_say(const assess_host *h, assess_node *arr,
                              const assess_notes *n, size_t k,
                              const char *item, const char *const *vars);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_BATCH_H */
