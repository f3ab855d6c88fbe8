/*
 * history.c - the ratings a record held in earlier periods, checked and
 * ordered latest first, for rules that look back (SB6, SB7; see
 * include/assess/criteria.h), read once from either source (by path or
 * by slot: assess_read_history, slotread.h).  Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "assess/i18n.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int later_first(const void *a, const void *b)
{
	return strcmp(((const assess_rating *)b)->period,
	              ((const assess_rating *)a)->period);
}

/* The level's name in a sentence: its key, in the run's language where
 * the catalog knows it (the star scheme's "stars" is 星级). */
static const char *level_word(const char *key)
{
	return strcmp(key, "stars") == 0 ? SDK_TR("stars") : key;
}

/* Reject the level at p, not a whole number 0..max; -1. */
static int bad_level(const assess_host *h, assess_result *res,
                     const char *p, const char *level_key, int max,
                     const char *zero_means)
{
	if (zero_means)
		h->reject(res, p, "must be a whole number of %s 0..%d (0: %s)",
		          level_word(level_key), max,
		          assess_i18n_text(zero_means));
	else
		h->reject(res, p, "must be a whole number of %s 0..%d",
		          level_word(level_key), max);
	return -1;
}

/* Whether period is among out[0..k), then rejected at entry i. */
static int twice(const assess_host *h, assess_result *res, const char *path,
                 int i, const char *period, const assess_rating *out, int k)
{
	char p[160];
	int j;

	for (j = 0; j < k; j++)
		if (strcmp(out[j].period, period) == 0)
			break;
	if (j == k)
		return 0;
	snprintf(p, sizeof p, "%s[%d].period", path, i);
	h->reject(res, p, "%s is rated twice in the history", period);
	return 1;
}

/* Whether entry i's period is not before current (the record's own),
 * then rejected: a rating of this year or a later one in the history
 * means the period or the history is wrong (a sheet whose 年度 was left
 * at last year while its history columns name that year), and every
 * change would be measured against the wrong year. */
static int not_before(const assess_host *h, assess_result *res,
                      const char *path, int i, const char *period,
                      const char *current)
{
	char p[160];

	if (!current || strcmp(period, current) < 0)
		return 0;
	snprintf(p, sizeof p, "%s[%d].period", path, i);
	h->reject(res, p, "%.*s is not before the record's period %.*s: the "
	          "history holds earlier years' ratings (is the period itself "
	          "last year's?)", sdk_clip(period, 60), period,
	          sdk_clip(current, 60), current);
	return 1;
}

/* Reject each member of entry i (e) that is neither period nor
 * level_key: "star" beside "stars" would otherwise be passed over, and a
 * level misspelt where it is missing would be named only as missing.
 * Whether any was rejected. */
static int unknown_members(const assess_host *h, const assess_source *e,
                           assess_result *res, const char *path, int i,
                           const char *level_key)
{
	const char *known[2] = { "period", level_key }, *key, *near;
	char p[SDK_PATH_MAX];
	int j, bad = 0;

	for (j = 0; (key = sdk_src_key(h, e, j)); j++) {
		if (strcmp(key, "period") == 0 || strcmp(key, level_key) == 0)
			continue;
		snprintf(p, sizeof p, "%s[%d].%.*s", path, i, sdk_clip(key, 60),
		         key);
		if ((near = assess_nearest(key, known, 2)))
			h->reject(res, p, "unknown member \"%.*s\" of a history "
			          "entry: did you mean %s?", sdk_clip(key, 60), key,
			          near);
		else
			h->reject(res, p, "unknown member \"%.*s\" of a history "
			          "entry: an entry holds period and %s",
			          sdk_clip(key, 60), key, level_key);
		bad = 1;
	}
	return bad;
}

/* Entry i of the history at at into out[*k]: it must be before current.
 * 0, or -1 after rejecting it. */
static int read_entry(const assess_host *h, const assess_source *at,
                      assess_result *res, const char *level_key, int max,
                      const char *zero_means, const char *current, int i,
                      assess_rating *out, int *k)
{
	char p[SDK_PATH_MAX], pp[SDK_PATH_MAX], pl[SDK_PATH_MAX];
	const assess_source e = sdk_src_part(h, at, i, NULL, p, sizeof p);
	const assess_source ps = sdk_src_part(h, &e, -1, "period", pp,
	                                      sizeof pp);
	const assess_source ls = sdk_src_part(h, &e, -1, level_key, pl,
	                                      sizeof pl);
	const char *period = NULL;
	double level = 0;
	int rp = sdk_src_string(h, &ps, &period);
	int rl = sdk_src_number(h, &ls, &level);
	/* members beyond the two it holds: look for the unknown ones */
	int bad = sdk_src_count(h, &e) > (rp != ASSESS_ENOENT) +
	                                 (rl != ASSESS_ENOENT) &&
	          unknown_members(h, &e, res, at->path, i, level_key);

	if (rp != ASSESS_OK || !*period) {
		snprintf(p, sizeof p, "%s[%d].period", at->path, i);
		h->reject(res, p, "must be a period such as \"2024\"");
		return -1;
	}
	if (rl != ASSESS_OK || level < 0 || level > max ||
	    level != (int)level) {
		snprintf(p, sizeof p, "%s[%d].%s", at->path, i, level_key);
		return bad_level(h, res, p, level_key, max, zero_means);
	}
	if (twice(h, res, at->path, i, period, out, *k) ||
	    not_before(h, res, at->path, i, period, current) || bad)
		return -1;
	out[*k].period = period;
	out[(*k)++].level = (int)level;
	return 0;
}

int assess_read_history(const assess_host *h, assess_source at,
                        const char *current, assess_result *res,
                        const char *level_key, int max,
                        const char *zero_means, assess_rating *out, int n)
{
	int i, k = 0, bad = 0, t = sdk_src_type(h, &at);
	int count = sdk_src_count(h, &at);

	if (t == ASSESS_TYPE_MISSING || t == ASSESS_TYPE_NULL)
		return 0;
	if (t != ASSESS_TYPE_ARRAY) {
		h->reject(res, at.path, "must be an array of { period, %s }",
		          level_key);
		return -1;
	}
	for (i = 0; i < count && i < n; i++)
		bad |= read_entry(h, &at, res, level_key, max, zero_means,
		                  current, i, out, &k) < 0;
	if (count > n) {
		h->reject(res, at.path, "more than %d entries", n);
		bad = 1;
	}
	if (bad)
		return -1;
	qsort(out, (size_t)k, sizeof *out, later_first);
	return k;
}

int assess_history_read(const assess_host *h, const assess_record *rec,
                        assess_result *res, const char *path,
                        const char *level_key, int max,
                        const char *zero_means, assess_rating *out, int n)
{
	const char *current = NULL;

	h->record_string(rec, "period", &current);
	return assess_read_history(h, assess_at_path(rec, path), current, res,
	                           level_key, max, zero_means, out, n);
}

int assess_history_read_value(const assess_host *h, const assess_value *v,
                              const char *current, assess_result *res,
                              const char *path, const char *level_key,
                              int max, const char *zero_means,
                              assess_rating *out, int n)
{
	return assess_read_history(h, assess_at_value(v, path), current, res,
	                           level_key, max, zero_means, out, n);
}
