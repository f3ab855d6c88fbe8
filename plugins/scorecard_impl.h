/*
 * scorecard_impl.h - what the files of the scorecard plugin share: the
 * scheme as loaded from its INI (scorecard_load.c), the record step
 * (scorecard.c), the criteria's scores (scorecard_crit.c, on the SDK's
 * standard engine) and the batch step (scorecard_batch.c).  Not a
 * public header.
 */
#ifndef SCORECARD_IMPL_H
#define SCORECARD_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "assess/assess.h"
#include "assess/scheme.h"
#define ASSESS_TEXT_DOMAIN "assess-schemes"
#include "assess/i18n.h"

#include "scorecard_expr.h"

#define SC_MAX_CODES 63 /* a list of codes is a bit set */

/* A typed input field ([field.KEY]). */
struct sc_field {
	char *key, *label, *section;
	int unit;         /* SC_* */
	int required;
	int has_min, has_max;
	sc_dec min, max;  /* the range, for numbers */
	sc_dec def;       /* the value when absent (not required) */
	int slot;         /* the host's declaration */
	int val;          /* its place in the record's values */
	assess_labels codes; /* SC_CODES */
};

/* A computed value ([value.NAME]). */
struct sc_value {
	char *name, *section, *text;
	sc_prog prog;
	int val;
	int show;  /* written into the result under its name */
	int state; /* while loading: 0 not compiled, 1 compiling, 2 done */
};

/* A rating of the ladder ([rating.CODE]), first that holds wins. */
struct sc_rating {
	char *code, *label, *section, *text;
	sc_prog when;
	int always;    /* no condition: the ladder's last */
	int qualified;
	int stars;     /* the code as a number, when every code is one */
};

/* A gate ([gate.NAME]): when it holds, the rating is set, or capped. */
struct sc_gate {
	char *name, *section, *reason, *text;
	sc_prog when;
	int rating; /* index into the ladder */
	int cap;    /* 1: at most that rating; 0: that rating */
};

/* A note ([note.NAME]): a prompt or warning in the result. */
struct sc_note {
	char *name, *section, *text;
	assess_note kind; /* code, label, rule, NULL */
	char *message;    /* a template: {name}, {name.label}... */
	sc_prog when;
	int each;         /* once for each criterion (item.*) */
};

/* [quota]: at most a share (or count) of each group keep a rating. */
struct sc_quota {
	int on;
	int rating, to;     /* ladder indexes */
	int per_parent;     /* group = parent (else all) */
	double share;       /* 0..1, or -1 with count */
	long count;
	int round_up;       /* rounding = up (else down) */
	int by;             /* the value ordering who keeps it (vals index) */
	char *reason;
	long moved;         /* in finish: how many it moved */
	size_t unparented;  /* records assessed with no parent or "" (the
	                       cap's group ""; a parent's own count is its
	                       ASSESS_STANDARD_ASSESSED) */
};

/* [pairing] same_parent: each seeker in turn takes a helper of its own
 * parent first (first); all seekers do so before any goes elsewhere
 * (group_first); or parents do not count (no). */
enum { SC_PAIR_IN_TURN, SC_PAIR_GROUP_FIRST, SC_PAIR_ANY };

/* [pairing]: who seeks help, who helps, how many each. */
struct sc_pairing {
	int on;
	unsigned char *seeks, *helps; /* per rating */
	long capacity;
	int mode;          /* SC_PAIR_* */
};

struct scorecard {
	const assess_host *h;
	const assess_config *cfg;
	assess_standard std; /* the criteria, their rules and policies, read
	                        and counted by the SDK's standard engine */
	struct sc_field *fields;
	size_t nfields;
	struct sc_value *values;
	size_t nvalues;
	size_t *order;      /* values in the order they are computed */
	size_t norder;
	struct sc_rating *ratings;
	size_t nratings;
	int numeric;        /* every rating code is a whole number: stars */
	char *code_key;     /* [ladder] key: the result member of the code */
	char *title;        /* [scheme] title: the scheme's name, or NULL */
	struct sc_gate *gates;
	size_t ngates;
	struct sc_note *notes;
	size_t nnotes;
	struct sc_quota quota;
	struct sc_pairing pairing;
	int per_rating;     /* [summary] per_rating */
	sc_strings strs;
	/* the record's values: fields, criteria scores, values */
	int nvals, crit;
	sc_dec *vals, *stack, *bar, *max;
	double *raw;        /* the criteria's scores as read, for output */
	const char **texts;
	int depth;
	/* slots */
	int parent_at, name_at;
	/* the batch (the standard counts assessed, qualified, criteria
	 * short and, per parent, its counters then one per rating) */
	long *per_rating_count, *gate_count, *note_count;
	unsigned char *gate_hit; /* the record's gates that held */
	assess_roster members; /* with quota or pairing, the records at
	                          [quota] rating or one [pairing] names
	                          (the others only counted): level =
	                          nratings - 1 - rating */
};

/* scorecard_load.c: the INI's value at section:key, or NULL (nothing
 * reported; borrowed until destroy); sc_ini_need the same, reporting a
 * missing or empty one (ASSESS_ECONFIG).  sc_dup copies src (NULL: "")
 * into *dst: ASSESS_OK or ASSESS_ENOMEM. */
const char *sc_ini_str(const struct scorecard *s, const char *section,
                       const char *key);
int sc_ini_need(const struct scorecard *s, const char *section,
                const char *key, const char **out);
int sc_dup(char **dst, const char *src);
/* The ladder's rating whose code is code (without case), or -1; and the
 * config error for one that is none, with "did you mean". */
int sc_rating_of(const struct scorecard *s, const char *code);
int sc_bad_rating(const struct scorecard *s, const char *section,
                  const char *key, const char *code);
/* What name stands for in an expression at section:key: 0 with *out,
 * -1 unknown, -2 a fault already reported (a circle of values). */
int sc_name_lookup(struct scorecard *s, const char *section,
                   const char *key, const char *name, sc_sym *out);
/* The name an expression may use nearest to word, or NULL. */
const char *sc_nearest_name(const struct scorecard *s, const char *word);

/* scorecard_load.c: read and check the whole scheme; ASSESS_OK,
 * ASSESS_ECONFIG (reported) or ASSESS_ENOMEM.  sc_scheme_free frees what
 * it holds (safe on a partly loaded one). */
int sc_scheme_load(struct scorecard *s);
void sc_scheme_free(struct scorecard *s);
/* Describe the scheme into out, for --describe. */
int sc_scheme_describe(const struct scorecard *s, assess_node *out);

/* scorecard_crit.c: each criterion's score into s->raw and s->vals, as
 * the standard engine finds it (assess_standard_scores: scores.KEY or its
 * rules, [scheme] prefer and missing), the sources into src (one byte a
 * criterion) and how many were missing into *nmiss.  ASSESS_OK or
 * ASSESS_EREJECT (every fault named). */
int sc_crit_read(struct scorecard *s, const assess_record *rec,
                 assess_result *res, unsigned char *src, int *nmiss);
/* Make s->std of the criteria and rules loaded, with counts counters per
 * parent of the scheme's own, its fields declared (ABI 1.2), and parent
 * and name.  ASSESS_OK, ASSESS_ENOMEM or declare's code. */
int sc_crit_declare(struct scorecard *s, int counts);

/* scorecard.c: a message template ({name}, {name.label}, with each =
 * criteria {label}, {key}, {score}, {bar}, {max}) filled from the record
 * into buf.  0, or -1 with the unknown name in bad (size 64). */
int sc_template(const struct scorecard *s, const char *tpl, int item,
                char *buf, size_t n, char *bad);

/* scorecard_batch.c: keep what finish needs of an assessed record. */
int sc_batch_keep(struct scorecard *s, const assess_record *rec,
                  assess_result *res, const char *parent, int rating);
/* The finish step: quota, pairing, summary. */
int sc_batch_finish(struct scorecard *s, assess_node *summary);
void sc_batch_free(struct scorecard *s);

/* scorecard_rules.c: read [quota] and [pairing] (after the ladder);
 * ASSESS_OK, ASSESS_ECONFIG (reported) or ASSESS_ENOMEM.  Describe them
 * into out.  Apply [quota] (before the counts are written: it moves them)
 * and [pairing] (its pairs and unpaired into the summary): ASSESS_OK or
 * ASSESS_ENOMEM. */
int sc_rules_load(struct scorecard *s);
void sc_rules_describe(const struct scorecard *s, assess_node *out);
int sc_quota_apply(struct scorecard *s);
int sc_pairs_apply(struct scorecard *s, assess_node *summary);

/* scorecard_po.c: the INI's words of the verdict (ratings, reasons,
 * notes) replaced by their translations in the catalog beside the INI for the run's
 * language (NAME.LANG.po), when there is one.  ASSESS_OK or
 * ASSESS_ENOMEM. */
int sc_po_apply(struct scorecard *s);

/* The tally columns per parent. */
/* A parent's counters: the standard's, then one per rating. */
enum { SC_T_RATING = ASSESS_STANDARD_NCOUNT };

#endif
