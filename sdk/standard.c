/*
 * standard.c - the engine of "good on every criterion" schemes: 五个好
 * (FG1-FG4) and 六个好 (SG1), on top of criteria and indicator rules (see
 * include/assess/scheme.h).  Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "assess/i18n.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void assess_standard_free(assess_standard *s)
{
	if (!s)
		return;
	assess_criteria_free(&s->criteria);
	assess_rules_free(&s->rules);
	assess_tally_free(&s->parents);
	free(s->pass);
	free(s->fail);
	free(s->short_count);
	sdk_standard_in_free(s);
	memset(s, 0, sizeof *s);
}

/* What [scheme] gives, read by spec[] before it goes into the standard. */
struct settings {
	double total, share;
	char *pass, *fail;
	int missing_zero, prefer_computed;
};

#define AT(member) offsetof(struct settings, member)

/* The INI, read and described from this one table; [criterion.KEY] and
 * [rule.NAME] have loaders of their own. */
static const assess_config_key spec[] = {
	{ .section = "scheme", .key = "total", .kind = ASSESS_CONF_NUMBER,
	  .max = 1e9, .def = -1, .offset = AT(total),
	  .doc = SDK_N("what the criteria maxima add up to (unchecked when "
	               "absent)") },
	{ .section = "scheme", .key = "default_bar", .kind = ASSESS_CONF_PERCENT,
	  .def = 0.8, .offset = AT(share),
	  .doc = SDK_N("the bar of a criterion without one, as a share of "
	               "its max") },
	{ .section = "scheme", .key = "pass", .kind = ASSESS_CONF_STRING,
	  .offset = AT(pass),
	  .doc = SDK_N("the rating when every criterion is good") },
	{ .section = "scheme", .key = "fail", .kind = ASSESS_CONF_STRING,
	  .def_str = "未达标", .offset = AT(fail),
	  .doc = SDK_N("the rating otherwise") },
	{ .section = "scheme", .key = "missing", .kind = ASSESS_CONF_CHOICE,
	  .choices = "reject|zero", .offset = AT(missing_zero),
	  .doc = SDK_N("FG4: a record missing data is rejected, or scored 0") },
	{ .section = "scheme", .key = "prefer", .kind = ASSESS_CONF_CHOICE,
	  .choices = "score|computed", .offset = AT(prefer_computed),
	  .doc = SDK_N("FG2: the assessors' score or the computed one wins") },
	{ .section = "criterion.KEY", .key = "label, max, bar",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "rule.NAME", .key = "criterion, indicator, type = "
	  "yesno|bins|linear|count|deduct, points, bins, from, to, per, cap",
	  .kind = ASSESS_CONF_ELSEWHERE }
};
#define NSPEC (sizeof spec / sizeof *spec)

int assess_standard_load(const assess_host *h, const assess_config *cfg,
                         const char *pass_default, assess_standard *s)
{
	struct settings set = { 0 };
	int rc;

	memset(s, 0, sizeof *s);
	s->h = h;
	rc = assess_config_spec_load(h, cfg, spec, NSPEC, &set);
	if (rc != ASSESS_OK || (!set.pass && !(set.pass = strdup(pass_default)))) {
		assess_config_spec_free(spec, NSPEC, &set);
		return rc != ASSESS_OK ? rc : ASSESS_ENOMEM;
	}
	s->pass = set.pass;
	s->fail = set.fail;
	s->missing_zero = set.missing_zero;
	s->prefer_computed = set.prefer_computed;
	if ((rc = assess_criteria_load(h, cfg, "criterion", set.total,
	                               set.share, &s->criteria)) != ASSESS_OK ||
	    (rc = assess_rules_load(h, cfg, &s->criteria, &s->rules)) !=
	    ASSESS_OK)
		goto fail;
	if ((rc = assess_standard_init(s, h, 0)) != ASSESS_OK)
		goto fail;
	return ASSESS_OK;
fail:
	assess_standard_free(s);
	return rc;
}

int assess_standard_init(assess_standard *s, const assess_host *h,
                         int more_counts)
{
	s->h = h;
	s->short_count = calloc(s->criteria.n + 1, sizeof *s->short_count);
	if (!s->short_count || assess_tally_init(&s->parents,
	    ASSESS_STANDARD_NCOUNT + more_counts) != ASSESS_OK)
		return ASSESS_ENOMEM;
	return sdk_standard_declare(s); /* its reads, and its lookups */
}

/* By ASSESS_FROM_*. */
static const char *const source_names[] = {
	"missing", "score", "indicators", "feed"
};

/* What the rules of criterion i make of the record's indicators.
 * ASSESS_OK with *out; ASSESS_ENOENT when the criterion has no rules or an
 * indicator is missing; ASSESS_EREJECT. */
static int from_rules(assess_standard *s, size_t i, const assess_record *rec,
                      assess_result *res, double *out)
{
	double sum = 0, v;
	size_t k;
	int rc, result = ASSESS_OK, any = 0;

	for (k = 0; k < s->rules.n; k++) {
		const assess_rule *r = &s->rules.v[k];
		if (r->criterion != i)
			continue;
		any = 1;
		rc = sdk_standard_rule(s, rec, res, k, &v);
		if (rc == ASSESS_EREJECT)
			result = ASSESS_EREJECT;
		else if (rc != ASSESS_OK && result == ASSESS_OK)
			result = ASSESS_ENOENT;
		else if (rc == ASSESS_OK)
			sum += assess_rule_points(r, v);
	}
	if (!any || result != ASSESS_OK)
		return any ? result : ASSESS_ENOENT;
	/* Rules may add up past the maximum, and deductions below zero. */
	if (sum < 0)
		sum = 0;
	if (assess_dec_cmp(sum, s->criteria.v[i].max) > 0)
		sum = s->criteria.v[i].max;
	*out = sum;
	return ASSESS_OK;
}

static int is_fed(const assess_standard *s, size_t i)
{
	return s->feed.score && s->feed.criterion == i;
}

static int has_rules(const assess_standard *s, size_t i)
{
	size_t k;

	for (k = 0; k < s->rules.n; k++)
		if (s->rules.v[k].criterion == i)
			return 1;
	return 0;
}

/* Call fn for each field criterion i lacks: the missing indicators of its
 * rules when the record gave some of them (it meant to use the rules), and
 * otherwise scores.KEY. */
static void each_missing(const assess_standard *s, size_t i,
                         const assess_record *rec,
                         void (*fn)(const assess_standard *s, size_t i,
                                    const char *path, int some, void *arg),
                         void *arg)
{
	const assess_host *h = s->h;
	char path[SDK_PATH_MAX];
	size_t k;
	int t, given = 0;

	for (k = 0; k < s->rules.n && !is_fed(s, i); k++) {
		if (s->rules.v[k].criterion != i)
			continue;
		snprintf(path, sizeof path, "indicators.%s",
		         s->rules.v[k].indicator);
		t = h->record_type(rec, path);
		given += t != ASSESS_TYPE_MISSING && t != ASSESS_TYPE_NULL;
	}
	if (!given) {
		snprintf(path, sizeof path, "scores.%s", s->criteria.v[i].key);
		fn(s, i, path, 0, arg);
		return;
	}
	for (k = 0; k < s->rules.n; k++) {
		if (s->rules.v[k].criterion != i)
			continue;
		snprintf(path, sizeof path, "indicators.%s",
		         s->rules.v[k].indicator);
		t = h->record_type(rec, path);
		if (t == ASSESS_TYPE_MISSING || t == ASSESS_TYPE_NULL)
			fn(s, i, path, 1, arg);
	}
}

static void reject_missing(const assess_standard *s, size_t i,
                           const char *path, int some, void *arg)
{
	const assess_criterion *c = &s->criteria.v[i];

	if (is_fed(s, i) && s->feed.missing)
		s->h->reject(arg, path, "missing: %s (%s) has no score and %s",
		             c->label, c->key, assess_i18n_text(s->feed.missing));
	else if (is_fed(s, i))
		s->h->reject(arg, path, "missing: %s (%s) has no score and "
		             "nothing to compute it", c->label, c->key);
	else if (some)
		s->h->reject(arg, path, "missing: %s (%s) has no score and its "
		             "rules need this indicator too", c->label, c->key);
	else if (has_rules(s, i))
		s->h->reject(arg, path, "missing: %s (%s) has no score and none "
		             "of the indicators its rules use", c->label, c->key);
	else
		s->h->reject(arg, path, "missing: %s (%s) has no score and no "
		             "indicator rules", c->label, c->key);
}

static void list_missing(const assess_standard *s, size_t i,
                         const char *path, int some, void *arg)
{
	(void)i;
	(void)some;
	s->h->put_string(arg, NULL, path);
}

/* Reject the members of scores that name no criterion, and those of
 * indicators that no rule reads: a typo there would otherwise pass
 * unnoticed when the real key has another source.  The message says when
 * the name is a criterion's label or near its key (or near an
 * indicator's).  A member standing in for a criterion with no data
 * (src[i] ASSESS_FROM_MISSING) has been named by assess_reject_stand_in when the
 * record is rejected for it.  Whether any was rejected. */
static int reject_unknown(const assess_standard *s, const assess_record *rec,
                          assess_result *res, const unsigned char *src)
{
	const assess_host *h = s->h;
	const assess_criteria *c = &s->criteria;
	const assess_criterion *l;
	const char *const *ind = sdk_standard_indicators(s), *near;
	char path[SDK_PATH_MAX], hint[200];
	const char *k;
	size_t j;
	int i, bad = 0, meant;

	for (i = 0; sdk_standard_scores_type(s, rec) == ASSESS_TYPE_OBJECT &&
	            (k = sdk_standard_score_key(s, rec, i)); i++) {
		if (assess_criteria_find(c, k))
			continue;
		l = assess_criteria_find_label(c, k);
		meant = l ? (int)(l - c->v) : assess_criteria_nearest(c, k);
		if (meant >= 0 && src[meant] == ASSESS_FROM_MISSING && !s->missing_zero)
			continue;
		snprintf(path, sizeof path, "scores.%.*s", sdk_clip(k, 140), k);
		h->reject(res, path, "unknown %s \"%.*s\"%s", SDK_TR("criterion"),
		          sdk_clip(k, 60), k, assess_criteria_hint(c, k, hint,
		                                                  sizeof hint));
		bad = 1;
	}
	/* without rules nothing reads indicators: the host refuses the
	 * field itself as one the scheme does not read (or lets it through
	 * where [input] extra_fields says so) */
	if (!s->rules.n || h->record_type(rec, "indicators") !=
	    ASSESS_TYPE_OBJECT)
		return bad;
	for (i = 0; (k = h->record_key(rec, "indicators", i)); i++) {
		for (j = 0; j < s->rules.n && strcmp(ind[j], k); j++)
			;
		if (j < s->rules.n)
			continue;
		snprintf(path, sizeof path, "indicators.%.*s", sdk_clip(k, 140), k);
		if ((near = assess_nearest(k, ind, s->rules.n)))
			h->reject(res, path, "unknown indicator \"%.*s\": no rule of "
			          "the scheme reads it; did you mean %s?",
			          sdk_clip(k, 60), k, near);
		else
			h->reject(res, path, "unknown indicator \"%.*s\": no rule of "
			          "the scheme reads it", sdk_clip(k, 60), k);
		bad = 1;
	}
	return bad;
}

int assess_standard_scores(assess_standard *s, const assess_record *rec,
                           assess_result *res, double *score,
                           unsigned char *source, int *nmiss)
{
	const assess_host *h = s->h;
	const assess_criteria *c = &s->criteria;
	size_t i, n = c->n;
	double comp;
	int rc, crc, bad = 0, ts, unknown;

	*nmiss = 0;
	ts = sdk_standard_scores_type(s, rec);
	if (ts != ASSESS_TYPE_MISSING && ts != ASSESS_TYPE_NULL &&
	    ts != ASSESS_TYPE_OBJECT) {
		h->reject(res, "scores", "must be an object of criterion scores");
		return ASSESS_EREJECT;
	}
	/* Each criterion's source: the assessors' score or what is computed
	 * (rules over indicators, or the feed), as [scheme] prefer says.
	 * Every criterion is tried, so that each bad cell is named at once. */
	for (i = 0; i < n; i++) {
		rc = sdk_standard_score(s, rec, res, i, &score[i]);
		if (rc == ASSESS_EREJECT) {
			bad = 1;
			continue;
		}
		crc = ASSESS_ENOENT;
		if (rc != ASSESS_OK || s->prefer_computed)
			crc = is_fed(s, i)
			      ? s->feed.score(s->feed.arg, i, rec, res, &comp)
			      : from_rules(s, i, rec, res, &comp);
		if (crc == ASSESS_EREJECT) {
			bad = 1;
		} else if (crc == ASSESS_OK) {
			score[i] = comp;
			source[i] = is_fed(s, i) ? ASSESS_FROM_FEED
			                         : ASSESS_FROM_INDICATORS;
		} else if (rc == ASSESS_OK) {
			source[i] = ASSESS_FROM_SCORE;
		} else {
			source[i] = ASSESS_FROM_MISSING;
			score[i] = 0;
			(*nmiss)++;
		}
	}
	/* FG4: missing data rejects the record, naming every missing field,
	 * unless the INI asks for 0 with a warning.  When scores holds the
	 * criterion under its label or a misspelt key, that member is named
	 * instead, with the key to use. */
	unknown = reject_unknown(s, rec, res, source);
	if (!bad && *nmiss && !s->missing_zero) {
		for (i = 0; i < n; i++)
			if (source[i] == ASSESS_FROM_MISSING &&
			    assess_reject_stand_in(h, rec, res, "scores", c, i,
			                           SDK_TR("criterion")) != ASSESS_EREJECT)
				each_missing(s, i, rec, reject_missing, res);
		bad = 1;
	}
	return bad || unknown ? ASSESS_EREJECT : ASSESS_OK;
}

assess_node *assess_standard_put_scores(assess_standard *s,
                                        const assess_record *rec,
                                        assess_node *r, const double *score,
                                        const unsigned char *source,
                                        int nmiss)
{
	const assess_host *h = s->h;
	const assess_criteria *c = &s->criteria;
	assess_node *arr = h->put_array(r, "criteria"),
	            *shortl = h->put_array(r, "short"), *warn, *w, *paths;
	size_t i;

	for (i = 0; i < c->n; i++) {
		assess_node *o = assess_put_criterion(h, arr, &c->v[i], score[i]);
		h->put_string(o, "source", source_names[source[i]]);
		if (source[i] == ASSESS_FROM_FEED && s->feed.annotate)
			s->feed.annotate(s->feed.arg, i, rec, o);
		if (!assess_criterion_passed(&c->v[i], score[i])) {
			h->put_string(shortl, NULL, c->v[i].key);
			s->short_count[i]++;
		}
	}
	if (!nmiss)
		return NULL;
	warn = h->put_array(r, "warnings");
	w = h->put_object(warn, NULL);
	h->put_string(w, "code", "missing_data");
	h->put_string(w, "message", SDK_TR("scored 0 for want of data "
	              "([scheme] missing = zero)"));
	paths = h->put_array(w, "paths");
	for (i = 0; i < c->n; i++)
		if (source[i] == ASSESS_FROM_MISSING)
			each_missing(s, i, rec, list_missing, paths);
	return warn;
}

int assess_standard_assess(assess_standard *s, const assess_record *rec,
                           assess_result *res)
{
	const assess_host *h = s->h;
	const assess_criteria *c = &s->criteria;
	size_t i, n = c->n;
	double *score = calloc(n + 1, sizeof *score), total = 0;
	unsigned char *source = calloc(n + 1, 1);
	assess_node *r = h->result_node(res);
	const char *parent = NULL;
	long *t;
	int nmiss = 0, all_good = 1;

	if (!score || !source) {
		free(score);
		free(source);
		return ASSESS_ENOMEM;
	}
	parent = sdk_standard_parent(s, rec);
	if (assess_standard_scores(s, rec, res, score, source, &nmiss) !=
	    ASSESS_OK) {
		free(score);
		free(source);
		s->rejected++;
		if (parent && (t = assess_tally_get(&s->parents, parent)))
			t[ASSESS_STANDARD_REJECTED]++;
		return ASSESS_EREJECT;
	}

	for (i = 0; i < n; i++) {
		total += score[i];
		all_good &= assess_criterion_passed(&c->v[i], score[i]);
	}
	h->put_number(r, "score", assess_dec_round(total, 2));
	h->put_number(r, "max_score", c->total);
	h->put_bool(r, "qualified", all_good);
	h->put_string(r, "rating", all_good ? s->pass : s->fail);
	assess_standard_put_scores(s, rec, r, score, source, nmiss);
	s->assessed++;
	s->qualified += all_good;
	if (parent && (t = assess_tally_get(&s->parents, parent))) {
		t[ASSESS_STANDARD_ASSESSED]++;
		t[ASSESS_STANDARD_QUALIFIED] += all_good;
	}
	free(score);
	free(source);
	return ASSESS_OK;
}

int assess_standard_put_counts(const assess_standard *s,
                               assess_node *summary)
{
	const assess_host *h = s->h;
	assess_node *arr, *o;
	size_t i;

	h->put_int(summary, "qualified", s->qualified);
	h->put_int(summary, "not_qualified", s->assessed - s->qualified);
	arr = h->put_array(summary, "criteria");
	for (i = 0; i < s->criteria.n; i++) {
		o = h->put_object(arr, NULL);
		h->put_string(o, "key", s->criteria.v[i].key);
		h->put_string(o, "label", s->criteria.v[i].label);
		h->put_int(o, "short", s->short_count[i]);
	}
	return ASSESS_OK;
}

int assess_standard_put_parents(const assess_standard *s,
                                assess_node *summary,
                                void (*more)(assess_node *o,
                                             const long *count, void *ctx),
                                void *ctx)
{
	const assess_host *h = s->h;
	assess_node *arr, *o;
	const char **keys;
	size_t i;
	long *t;

	arr = assess_put_list(h, summary, "parents");
	if (!arr)
		return ASSESS_ENOMEM;
	keys = assess_tally_sorted(&s->parents);
	if (s->parents.n && !keys)
		return ASSESS_ENOMEM;
	for (i = 0; i < s->parents.n; i++) {
		t = sdk_tally_find(&s->parents, keys[i]);
		o = h->put_object(arr, NULL);
		h->put_string(o, "parent", keys[i]);
		h->put_int(o, "assessed", t[ASSESS_STANDARD_ASSESSED]);
		h->put_int(o, "qualified", t[ASSESS_STANDARD_QUALIFIED]);
		h->put_int(o, "rejected", t[ASSESS_STANDARD_REJECTED]);
		if (more)
			more(o, t, ctx);
	}
	free(keys);
	return ASSESS_OK;
}

int assess_standard_finish(assess_standard *s, assess_node *summary)
{
	assess_standard_put_counts(s, summary);
	return assess_standard_put_parents(s, summary, NULL, NULL);
}

int assess_standard_describe(const assess_standard *s, assess_node *out)
{
	const assess_host *h = s->h;
	assess_node *arr, *o, *keys;
	size_t i, k;

	h->put_string(out, "pass", s->pass);
	h->put_string(out, "fail", s->fail);
	h->put_number(out, "total", s->criteria.total);
	h->put_string(out, "missing", s->missing_zero ? "zero" : "reject");
	h->put_string(out, "prefer", s->prefer_computed ? "computed" : "score");
	arr = h->put_array(out, "criteria");
	for (i = 0; i < s->criteria.n; i++) {
		const assess_criterion *c = &s->criteria.v[i];
		o = h->put_object(arr, NULL);
		h->put_string(o, "key", c->key);
		h->put_string(o, "label", c->label);
		h->put_number(o, "max", c->max);
		h->put_number(o, "bar", assess_dec_round(c->bar, 2));
		{
			char sp[160];
			snprintf(sp, sizeof sp, "scores.%s", c->key);
			h->put_string(o, "score_path", sp);
		}
	}
	arr = h->put_array(out, "rules");
	for (i = 0; i < s->rules.n; i++) {
		const assess_rule *r = &s->rules.v[i];
		char ind[160];
		o = h->put_object(arr, NULL);
		h->put_string(o, "name", r->name);
		h->put_string(o, "criterion", s->criteria.v[r->criterion].key);
		snprintf(ind, sizeof ind, "indicators.%s", r->indicator);
		h->put_string(o, "indicator", ind);
		h->put_string(o, "type", assess_rule_type_name(r->type));
		switch (r->type) {
		case ASSESS_RULE_YESNO:
			h->put_number(o, "points", r->points);
			break;
		case ASSESS_RULE_LINEAR:
			h->put_number(o, "from", r->from);
			h->put_number(o, "to", r->to);
			h->put_number(o, "points", r->points);
			break;
		case ASSESS_RULE_BINS:
			keys = h->put_array(o, "bins");
			for (k = 0; k < r->nbins; k++) {
				assess_node *b = h->put_object(keys, NULL);
				h->put_number(b, "from", r->thr[k]);
				h->put_number(b, "points", r->pts[k]);
			}
			break;
		default:
			h->put_number(o, "per", r->per);
			h->put_number(o, "cap", r->cap);
		}
		h->put_number(o, "max_points", assess_rule_max(r));
	}
	return assess_config_spec_describe(h, spec, NSPEC,
	                                   h->put_array(out, "config_keys"));
}
