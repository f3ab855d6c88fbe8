/*
 * scorecard_crit.c - a scorecard scheme's criteria read from a record as
 * the SDK's standard engine reads them (FG1-FG4, sdk/standard.c): the
 * assessors' scores.KEY or the points of the criterion's indicator rules,
 * as [scheme] prefer says; missing data rejected with every field named,
 * or scored 0 with a warning ([scheme] missing = zero); members of
 * scores that name no criterion, and of indicators that no rule reads,
 * rejected.  The engine keeps the scores it finds to
 * itself, and a scorecard's expressions need them, so the reading is
 * restated here, message for message; the e2e case
 * scorecard-fivegood-equals-fivegood holds the two together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scorecard_impl.h"

enum { SRC_MISSING, SRC_SCORE, SRC_INDICATORS };
static const char *const source_names[] = { "missing", "score",
                                            "indicators" };

#define PATH_MAX_SC 600

/* How many bytes of s to show within max, cut on a whole UTF-8
 * character (as the SDK cuts a key in its messages). */
static int clip(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n <= max)
		return (int)n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* Reject the members of scores that name no criterion and those of
 * indicators that no rule reads, in the standard engine's words
 * (sdk/standard.c): a member standing in for a criterion with no data is
 * named by assess_reject_stand_in instead.  Whether any was rejected. */
static int reject_unknown(struct scorecard *s, const assess_record *rec,
                          assess_result *res, const unsigned char *src)
{
	const assess_host *h = s->h;
	const assess_criteria *c = &s->criteria;
	const assess_criterion *l;
	const assess_value *scores = h->slot(rec, s->scores_at);
	const char *k, *near;
	char path[PATH_MAX_SC], hint[200];
	size_t j;
	int i, bad = 0, meant;

	for (i = 0; h->slot_type(rec, s->scores_at) == ASSESS_TYPE_OBJECT &&
	            h->value_item(scores, i, &k); i++) {
		if (assess_criteria_find(c, k))
			continue;
		l = assess_criteria_find_label(c, k);
		meant = l ? (int)(l - c->v) : assess_criteria_nearest(c, k);
		if (meant >= 0 && src[meant] == SRC_MISSING && !s->missing_zero)
			continue;
		snprintf(path, sizeof path, "scores.%.*s", clip(k, 140), k);
		h->reject(res, path, "unknown %s \"%.*s\"%s",
		          SC_SDK_TR("criterion"), clip(k, 60), k,
		          assess_criteria_hint(c, k, hint, sizeof hint));
		bad = 1;
	}
	/* without rules nothing declares indicators: the host refuses the
	 * field itself as one the scheme does not read */
	if (!s->rules.n || h->record_type(rec, "indicators") != ASSESS_TYPE_OBJECT)
		return bad;
	for (i = 0; (k = h->record_key(rec, "indicators", i)); i++) {
		for (j = 0; j < s->rules.n &&
		            strcmp(s->rules.v[j].indicator, k) != 0; j++)
			;
		if (j < s->rules.n)
			continue;
		snprintf(path, sizeof path, "indicators.%.*s", clip(k, 140), k);
		if ((near = assess_nearest(k, s->indicators, s->rules.n)))
			h->reject(res, path, "unknown indicator \"%.*s\": no rule of "
			          "the scheme reads it; did you mean %s?",
			          clip(k, 60), k, near);
		else
			h->reject(res, path, "unknown indicator \"%.*s\": no rule of "
			          "the scheme reads it", clip(k, 60), k);
		bad = 1;
	}
	return bad;
}

static int declare_any(const assess_host *h, const char *path, int *out)
{
	*out = h->declare(path, ASSESS_TYPE_ANY, ASSESS_FIELD_OPTIONAL);
	return *out < 0 ? *out : ASSESS_OK;
}

int sc_crit_declare(struct scorecard *s)
{
	const assess_host *h = s->h;
	char path[PATH_MAX_SC];
	size_t i, n = s->criteria.n;
	int rc;

	s->score_at = calloc(n + 1, sizeof *s->score_at);
	s->score_path = calloc(n + 1, sizeof *s->score_path);
	s->rule_at = calloc(s->rules.n + 1, sizeof *s->rule_at);
	s->indicators = calloc(s->rules.n + 1, sizeof *s->indicators);
	if (!s->score_at || !s->score_path || !s->rule_at || !s->indicators)
		return ASSESS_ENOMEM;
	for (i = 0; i < s->rules.n; i++)
		s->indicators[i] = s->rules.v[i].indicator;
	if ((rc = declare_any(h, "parent", &s->parent_at)) ||
	    (rc = declare_any(h, "scores", &s->scores_at)))
		return rc;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "scores.%s", s->criteria.v[i].key);
		if ((rc = declare_any(h, path, &s->score_at[i])))
			return rc;
		if (!(s->score_path[i] = strdup(path)))
			return ASSESS_ENOMEM;
	}
	for (i = 0; i < s->rules.n; i++) {
		snprintf(path, sizeof path, "indicators.%s",
		         s->rules.v[i].indicator);
		if ((rc = declare_any(h, path, &s->rule_at[i])))
			return rc;
	}
	return declare_any(h, "name", &s->name_at);
}

void sc_crit_free(struct scorecard *s)
{
	size_t i;

	for (i = 0; s->score_path && i < s->criteria.n; i++)
		free(s->score_path[i]);
	free(s->score_path);
	free(s->score_at);
	free(s->rule_at);
	free(s->indicators);
}

static int has_rules(const struct scorecard *s, size_t i)
{
	size_t k;

	for (k = 0; k < s->rules.n; k++)
		if (s->rules.v[k].criterion == i)
			return 1;
	return 0;
}

/* What the rules of criterion i make of the record's indicators:
 * ASSESS_OK, ASSESS_ENOENT (no rules, or an indicator missing) or
 * ASSESS_EREJECT. */
static int from_rules(struct scorecard *s, size_t i, const assess_record *rec,
                      assess_result *res, double *out)
{
	const assess_host *h = s->h;
	double sum = 0, v;
	size_t k;
	int rc, result = ASSESS_OK, any = 0;

	for (k = 0; k < s->rules.n; k++) {
		const assess_rule *r = &s->rules.v[k];
		if (r->criterion != i)
			continue;
		any = 1;
		rc = assess_rule_value_of(h, h->slot(rec, s->rule_at[k]), res, r,
		                          &v);
		if (rc == ASSESS_EREJECT)
			result = ASSESS_EREJECT;
		else if (rc != ASSESS_OK && result == ASSESS_OK)
			result = ASSESS_ENOENT;
		else if (rc == ASSESS_OK)
			sum += assess_rule_points(r, v);
	}
	if (!any || result != ASSESS_OK)
		return any ? result : ASSESS_ENOENT;
	if (sum < 0)
		sum = 0;
	if (assess_dec_cmp(sum, s->criteria.v[i].max) > 0)
		sum = s->criteria.v[i].max;
	*out = sum;
	return ASSESS_OK;
}

static int absent(const assess_host *h, const assess_record *rec, int slot)
{
	int t = h->slot_type(rec, slot);

	return t == ASSESS_TYPE_MISSING || t == ASSESS_TYPE_NULL;
}

/* Each field criterion i lacks: the missing indicators of its rules when
 * the record gave some of them, else scores.KEY; rejected (res) or
 * listed (paths). */
static void each_missing(struct scorecard *s, size_t i,
                         const assess_record *rec, assess_result *res,
                         assess_node *paths)
{
	const assess_host *h = s->h;
	const assess_criterion *c = &s->criteria.v[i];
	char path[PATH_MAX_SC];
	size_t k;
	int given = 0;

	for (k = 0; k < s->rules.n; k++)
		if (s->rules.v[k].criterion == i)
			given += !absent(h, rec, s->rule_at[k]);
	if (!given) {
		if (paths)
			h->put_string(paths, NULL, s->score_path[i]);
		else if (has_rules(s, i))
			h->reject(res, s->score_path[i], "missing: %s (%s) has no "
			          "score and none of the indicators its rules use",
			          c->label, c->key);
		else
			h->reject(res, s->score_path[i], "missing: %s (%s) has no "
			          "score and no indicator rules", c->label, c->key);
		return;
	}
	for (k = 0; k < s->rules.n; k++) {
		if (s->rules.v[k].criterion != i || !absent(h, rec, s->rule_at[k]))
			continue;
		snprintf(path, sizeof path, "indicators.%s",
		         s->rules.v[k].indicator);
		if (paths)
			h->put_string(paths, NULL, path);
		else
			h->reject(res, path, "missing: %s (%s) has no score and its "
			          "rules need this indicator too", c->label, c->key);
	}
}

int sc_crit_read(struct scorecard *s, const assess_record *rec,
                 assess_result *res, unsigned char *src, int *nmiss)
{
	const assess_host *h = s->h;
	const assess_criteria *c = &s->criteria;
	sc_dec *score = s->vals + s->crit;
	size_t i;
	double v = 0, comp = 0;
	int rc, crc, bad = 0, unknown, ts = h->slot_type(rec, s->scores_at);

	*nmiss = 0;
	if (ts != ASSESS_TYPE_MISSING && ts != ASSESS_TYPE_NULL &&
	    ts != ASSESS_TYPE_OBJECT) {
		h->reject(res, "scores", "must be an object of criterion scores");
		return ASSESS_EREJECT;
	}
	for (i = 0; i < c->n; i++) {
		rc = assess_score_value(h, h->slot(rec, s->score_at[i]), res,
		                        s->score_path[i], c->v[i].max, &v);
		if (rc == ASSESS_EREJECT) {
			bad = 1;
			continue;
		}
		crc = ASSESS_ENOENT;
		if (rc != ASSESS_OK || s->prefer_computed)
			crc = from_rules(s, i, rec, res, &comp);
		if (crc == ASSESS_EREJECT) {
			bad = 1;
		} else if (crc == ASSESS_OK) {
			v = comp;
			src[i] = SRC_INDICATORS;
		} else if (rc == ASSESS_OK) {
			src[i] = SRC_SCORE;
		} else {
			src[i] = SRC_MISSING;
			v = 0;
			(*nmiss)++;
		}
		s->raw[i] = v;
		sc_dec_from(v, &score[i]);
	}
	unknown = reject_unknown(s, rec, res, src);
	if (!bad && *nmiss && !s->missing_zero) {
		for (i = 0; i < c->n; i++)
			if (src[i] == SRC_MISSING &&
			    assess_reject_stand_in(h, rec, res, "scores", c, i,
			                           SC_SDK_TR("criterion")) !=
			    ASSESS_EREJECT)
				each_missing(s, i, rec, res, NULL);
		bad = 1;
	}
	return bad || unknown ? ASSESS_EREJECT : ASSESS_OK;
}

void sc_crit_put(struct scorecard *s, const assess_record *rec,
                 assess_node *r, const unsigned char *src, int nmiss,
                 assess_node **warn)
{
	const assess_host *h = s->h;
	const assess_criteria *c = &s->criteria;
	assess_node *arr = h->put_array(r, "criteria"),
	            *shortl = h->put_array(r, "short");
	size_t i;

	for (i = 0; i < c->n; i++) {
		assess_node *o = assess_put_criterion(h, arr, &c->v[i], s->raw[i]);
		h->put_string(o, "source", source_names[src[i]]);
		if (s->vals[s->crit + (int)i] < s->bar[i]) {
			h->put_string(shortl, NULL, c->v[i].key);
			s->short_count[i]++;
		}
	}
	*warn = NULL;
	if (nmiss) {
		assess_node *w, *paths;
		*warn = h->put_array(r, "warnings");
		w = h->put_object(*warn, NULL);
		h->put_string(w, "code", "missing_data");
		h->put_string(w, "message", SC_SDK_TR("scored 0 for want of data "
		              "([scheme] missing = zero)"));
		paths = h->put_array(w, "paths");
		for (i = 0; i < c->n; i++)
			if (src[i] == SRC_MISSING)
				each_missing(s, i, rec, NULL, paths);
	}
}
