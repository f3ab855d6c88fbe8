/*
 * scheme_base.h - decimal terms, the config values every scheme reads and
 * the table of a scheme's config keys.  Part of the SDK; a plugin
 * includes "assess/scheme.h", which includes every part.
 */
#ifndef ASSESS_SCHEME_BASE_H
#define ASSESS_SCHEME_BASE_H

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
/* x as a result shows it beside a bar it was judged against (reached when
 * x >= bar): to 2 decimal places, or to ASSESS_DEC_PLACES when 2 would
 * seem to reach the bar or miss it when x does not (15.996 against a bar
 * of 16 shows 15.996, never a "16" that failed). */
double assess_dec_show(double x, double bar);
/* A shortfall (short_by, points_needed) as a result shows it: to 2
 * places, or more when 2 would show a shortfall of 0 (0.004). */
double assess_dec_gap(double x);

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

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_SCHEME_BASE_H */
