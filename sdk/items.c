/*
 * items.c - a scheme's item scores read from a record (SB1-SB2, FG1),
 * one reader for both ways a host offers: by path (every ABI) and by the
 * slots assess_items_declare gave (ABI 1.2): assess_read_items and
 * assess_read_period_total take the slots, NULL for by path; the older
 * names (assess_items_read, _slots, ...) are wrappers.  Only where
 * a value comes from differs, so the checks, the weighting of periods
 * and every message are the same whichever way a plugin reads.
 * Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where one record's items are read: by path when s is NULL. */
struct src {
	const assess_host *h;
	const assess_record *rec;
	const assess_periods *p; /* may be NULL: no periods */
	const assess_item_slots *s;
	int reweight; /* a blank in a period given: weighted over the rest */
};

static size_t periods_of(const struct src *x)
{
	return x->s ? x->s->np : x->p ? x->p->n : 0;
}

/* The type of "scores" (checks 0) or "checks" (checks 1). */
static int holder_type(const struct src *x, int checks)
{
	if (!x->s)
		return x->h->record_type(x->rec, checks ? "checks" : "scores");
	if (checks && x->s->checks < 0)
		return ASSESS_TYPE_MISSING;
	return x->h->slot_type(x->rec, checks ? x->s->checks : x->s->scores);
}

/* Item i's (key) value in period k, or in scores when k is the number of
 * periods, read with assess_score_read's checks. */
static int read_score(const struct src *x, assess_result *res, size_t k,
                      size_t i, const char *key, double max, double *v)
{
	char path[SDK_PATH_MAX];

	if (x->s) {
		const assess_item_slots *s = x->s;
		int in_check = k < s->np;
		return assess_read_score(x->h, assess_at_value(x->h->slot(x->rec,
		                         in_check ? s->check[k * s->n + i]
		                                  : s->score[i]),
		                         s->path[in_check ? s->n + k * s->n + i
		                                          : i]), res, max, v);
	}
	if (k < periods_of(x))
		snprintf(path, sizeof path, "checks.%s.%s", x->p->key[k], key);
	else
		snprintf(path, sizeof path, "scores.%s", key);
	return assess_read_score(x->h, assess_at_path(x->rec, path), res, max,
	                         v);
}

/* The path of item i's (key) score in scores, into buf. */
static void score_path(const struct src *x, size_t i, const char *key,
                       char *buf, size_t n)
{
	if (x->s)
		snprintf(buf, n, "%s", x->s->path[i]);
	else
		snprintf(buf, n, "scores.%s", key);
}

/* Whether scores holds item i (key): a value other than null. */
static int score_given(const struct src *x, size_t i, const char *key)
{
	char path[SDK_PATH_MAX];

	if (x->s)
		return x->h->slot_type(x->rec, x->s->score[i]) > ASSESS_TYPE_NULL;
	snprintf(path, sizeof path, "scores.%s", key);
	return x->h->record_type(x->rec, path) > ASSESS_TYPE_NULL;
}

/* Whether the record gives period k: checks.PERIOD is an object with a
 * member.  A period not given at all is SB2's "only an annual check"; a
 * blank item in a period given is missing data. */
static int period_given(const assess_host *h, const assess_record *rec,
                        const assess_periods *p, size_t k)
{
	char path[SDK_PATH_MAX];

	snprintf(path, sizeof path, "checks.%s", p->key[k]);
	return h->record_type(rec, path) == ASSESS_TYPE_OBJECT &&
	       h->record_count(rec, path) > 0;
}

/* Item i's score: its periods' checks by their weights renormalised over
 * those present, else scores.KEY (see assess_item_score).  An item that
 * has a score in one period but is left out of another period the record
 * gives is missing data: rejected there (label names it), unless the
 * scheme weights it over the periods it has (x->reweight; the result's
 * warning is assess_items_gaps').  A score in scores beside checks that
 * score the item is refused: it would not be used. */
static int item_score(const struct src *x, assess_result *res, size_t i,
                      const char *key, const char *label, double max,
                      double *out)
{
	size_t np = periods_of(x), k, gaps = 0;
	double sum = 0, wsum = 0, v;
	char path[SDK_PATH_MAX];
	int rc, bad = 0;

	if (np && holder_type(x, 1) == ASSESS_TYPE_OBJECT) {
		for (k = 0; k < np; k++) {
			rc = read_score(x, res, k, i, key, max, &v);
			if (rc == ASSESS_ENOENT) {
				gaps += period_given(x->h, x->rec, x->p, k);
				continue;
			}
			if (rc != ASSESS_OK) {
				bad = 1;
				continue;
			}
			sum += x->p->weight[k] * v;
			wsum += x->p->weight[k];
		}
		for (k = 0; gaps && wsum > 0 && !x->reweight && label && k < np;
		     k++) {
			if (read_score(x, res, k, i, key, max, &v) != ASSESS_ENOENT ||
			    !period_given(x->h, x->rec, x->p, k))
				continue;
			snprintf(path, sizeof path, "checks.%s.%s", x->p->key[k], key);
			x->h->reject(res, path, "missing: no score for %s (%s) in a "
			             "period that has the other items: fill it in (a "
			             "blank is not a score; the scheme's missing-data "
			             "policy is reject)", label, key);
			bad = 1;
		}
		if (wsum > 0 && score_given(x, i, key)) {
			/* its periods score it: a score beside them would be
			 * passed over without a word */
			score_path(x, i, key, path, sizeof path);
			x->h->reject(res, path, "is given beside checks, whose "
			             "periods score this item: keep one of the two "
			             "(with checks, a score in scores is not used)");
			bad = 1;
		}
		if (bad)
			return ASSESS_EREJECT;
		if (wsum > 0) {
			*out = sum / wsum;
			return ASSESS_OK;
		}
	}
	return read_score(x, res, np, i, key, max, out);
}

static int is_period(const assess_periods *p, const char *key)
{
	size_t k;

	for (k = 0; p && k < p->n; k++)
		if (strcmp(p->key[k], key) == 0)
			return 1;
	return 0;
}

/* Member i of checks: its key and type; 0 past the last. */
static int check_member(const struct src *x, int i, const char **key,
                        int *type)
{
	char path[SDK_PATH_MAX];

	if (x->s) {
		const assess_value *v = x->h->value_item(x->h->slot(x->rec,
		                                         x->s->checks), i, key);
		*type = v ? x->h->value_type(v) : ASSESS_TYPE_MISSING;
		return v != NULL;
	}
	if (!(*key = x->h->record_key(x->rec, "checks", i)))
		return 0;
	/* only a period's key is used in a path, and none holds '.' or '[' */
	snprintf(path, sizeof path, "checks.%s", *key);
	*type = is_period(x->p, *key) ? x->h->record_type(x->rec, path)
	                              : ASSESS_TYPE_OBJECT;
	return 1;
}

/* What holds the items: "scores", and "checks" with an object per
 * period, each of the right type and every period one of the scheme's.
 * A value of another type, or a period misspelt, would otherwise be read
 * as absent and the record scored from the rest.  0, or -1 rejected. */
static int holders_bad(const struct src *x, assess_result *res)
{
	const assess_host *h = x->h;
	const assess_periods *p = x->p;
	const char *key, *near;
	char path[SDK_PATH_MAX];
	int t = holder_type(x, 0), i, bad = 0;

	if (t > ASSESS_TYPE_NULL && t != ASSESS_TYPE_OBJECT)
		bad = h->reject(res, "scores", "must be an object of item scores, "
		                "not %s", sdk_type_word(t));
	if (!periods_of(x) || (t = holder_type(x, 1)) <= ASSESS_TYPE_NULL)
		return bad ? -1 : 0;
	if (t != ASSESS_TYPE_OBJECT) {
		h->reject(res, "checks", "must be an object of periods, not %s",
		          sdk_type_word(t));
		return -1;
	}
	for (i = 0; check_member(x, i, &key, &t); i++) {
		int period = is_period(p, key);
		if (period && (t <= ASSESS_TYPE_NULL || t == ASSESS_TYPE_OBJECT))
			continue; /* as it should be: no path to write */
		snprintf(path, sizeof path, "checks.%.*s", sdk_clip(key, 200), key);
		if (!period) {
			near = assess_nearest(key, (const char *const *)p->key, p->n);
			bad = near ? h->reject(res, path, "not a period of the scheme; "
			                       "did you mean %s?", near)
			           : h->reject(res, path, "not a period of the scheme");
		} else if (t > ASSESS_TYPE_NULL && t != ASSESS_TYPE_OBJECT) {
			bad = h->reject(res, path, "must be an object of item "
			                "scores, not %s", sdk_type_word(t));
		}
	}
	return bad ? -1 : 0;
}

/* Whether the object that holds the items of period k (scores when k is
 * the number of periods) has no member but the items, told by slot: as
 * many members as items found there.  Slot and member lookups both take
 * the first member of a key, so each item found is a member of its own,
 * and a count that matches leaves none over; a duplicate key or any other
 * member makes the count differ and the members are read one by one.
 * This is every record of a well-formed batch, where the walk by path
 * was the largest cost of reading the items. */
static int only_items(const struct src *x, size_t k)
{
	const assess_host *h = x->h;
	const assess_item_slots *s = x->s;
	const assess_value *v;
	size_t i;
	int found = 0;

	if (!s || !ASSESS_HAS(h, value_member))
		return 0;
	v = h->slot(x->rec, s->scores);
	if (k < s->np)
		v = h->value_member(h->slot(x->rec, s->checks), x->p->key[k]);
	if (h->value_type(v) != ASSESS_TYPE_OBJECT)
		return 1; /* none to check: unknown_members passes it over */
	for (i = 0; i < s->n; i++)
		found += h->slot_type(x->rec, k < s->np ? s->check[k * s->n + i]
		                                         : s->score[i]) !=
		         ASSESS_TYPE_MISSING;
	return found == h->value_count(v);
}

/* Reject each member of the object at obj that is no item of c, saying
 * which item it looks meant for: a key there that no item has would
 * otherwise be passed over without a word (scores.自身建设 beside
 * scores.self_building).  A member that stands in for an item missing
 * everywhere (missing[i]) was named by assess_reject_stand_in already.
 * Whether any was rejected. */
static int unknown_members(const struct src *x, assess_result *res,
                           const char *obj, const assess_criteria *c,
                           const unsigned char *missing)
{
	const assess_host *h = x->h;
	const assess_criterion *l;
	char path[SDK_PATH_MAX], hint[200];
	const char *name;
	int k, bad = 0, near;

	if (h->record_type(x->rec, obj) != ASSESS_TYPE_OBJECT)
		return 0;
	for (k = 0; (name = h->record_key(x->rec, obj, k)); k++) {
		if (assess_criteria_find(c, name))
			continue;
		l = assess_criteria_find_label(c, name);
		near = l ? (int)(l - c->v) : assess_criteria_nearest(c, name);
		if (near >= 0 && missing && missing[near])
			continue;
		snprintf(path, sizeof path, "%s.%.*s", obj, sdk_clip(name, 140),
		         name);
		h->reject(res, path, "unknown %s \"%.*s\"%s", SDK_TR("item"),
		          sdk_clip(name, 60), name,
		          assess_criteria_hint(c, name, hint, sizeof hint));
		bad = 1;
	}
	return bad;
}

/* Every item of c (see assess_items_read). */
static int items_read(const struct src *x, assess_result *res,
                      const assess_criteria *c, double *score, double *total)
{
	size_t np = periods_of(x), i, k;
	char path[SDK_PATH_MAX];
	unsigned char some[64], *missing = some; /* allocated only beyond */
	int rc, bad = 0;

	*total = 0;
	if (holders_bad(x, res))
		return ASSESS_EREJECT;
	if (c->n >= sizeof some && !(missing = calloc(c->n + 1, 1)))
		return ASSESS_ENOMEM;
	for (i = 0; i < c->n; i++) {
		const assess_criterion *it = &c->v[i];
		rc = item_score(x, res, i, it->key, it->label, it->max,
		                &score[i]);
		bad |= rc != ASSESS_OK;
		if (rc == ASSESS_OK)
			*total += score[i];
		missing[i] = rc == ASSESS_ENOENT;
		if (rc != ASSESS_ENOENT || assess_reject_stand_in(x->h, x->rec, res,
		    "scores", c, i, SDK_TR("item")) == ASSESS_EREJECT)
			continue;
		/* written under its label, or misspelt, in a period's checks? */
		for (k = 0; k < np; k++) {
			snprintf(path, sizeof path, "checks.%s", x->p->key[k]);
			if (assess_reject_stand_in(x->h, x->rec, res, path, c, i,
			                           SDK_TR("item")) == ASSESS_EREJECT)
				break;
		}
		if (k < np)
			continue;
		snprintf(path, sizeof path, "scores.%s", it->key);
		x->h->reject(res, path, "missing: no score for %s (%s) in scores "
		             "or checks", it->label, it->key);
	}
	if (!only_items(x, np))
		bad |= unknown_members(x, res, "scores", c, missing);
	for (k = 0; k < np; k++) {
		if (only_items(x, k))
			continue;
		snprintf(path, sizeof path, "checks.%s", x->p->key[k]);
		bad |= unknown_members(x, res, path, c, missing);
	}
	if (missing != some)
		free(missing);
	return bad ? ASSESS_EREJECT : ASSESS_OK;
}

/* The sum of period k's values of c's items (see assess_period_total). */
static int period_total(const struct src *x, size_t k, const char *period,
                        const assess_criteria *c, double *out)
{
	char path[SDK_PATH_MAX];
	double sum = 0, v;
	size_t i;
	int rc;

	for (i = 0; i < c->n; i++) {
		if (x->s) {
			rc = x->h->value_number(x->h->slot(x->rec,
			                        x->s->check[k * x->s->n + i]), &v);
		} else {
			snprintf(path, sizeof path, "checks.%s.%s", period,
			         c->v[i].key);
			rc = x->h->record_number(x->rec, path, &v);
		}
		if (rc != ASSESS_OK)
			return ASSESS_ENOENT;
		sum += v;
	}
	*out = sum;
	return ASSESS_OK;
}

int assess_item_score(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_periods *p,
                      const char *item, double max, double *out)
{
	const struct src x = { h, rec, p, NULL, 0 };

	return item_score(&x, res, 0, item, NULL, max, out);
}

int assess_read_items(const assess_host *h, const assess_record *rec,
                      const assess_item_slots *s, assess_result *res,
                      const assess_periods *p, const assess_criteria *c,
                      double *score, double *total)
{
	const struct src x = { h, rec, p, s, s ? s->reweight : 0 };

	return items_read(&x, res, c, score, total);
}

int assess_items_read(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_periods *p,
                      const assess_criteria *c, double *score,
                      double *total)
{
	return assess_read_items(h, rec, NULL, res, p, c, score, total);
}

int assess_items_read_slots(const assess_host *h, const assess_record *rec,
                            assess_result *res, const assess_periods *p,
                            const assess_criteria *c,
                            const assess_item_slots *s, double *score,
                            double *total)
{
	return assess_read_items(h, rec, s, res, p, c, score, total);
}

int assess_read_period_total(const assess_host *h, const assess_record *rec,
                             const assess_item_slots *s,
                             const assess_periods *p,
                             const assess_criteria *c, const char *period,
                             double *out)
{
	const struct src by_path = { h, rec, NULL, NULL, 0 };
	const struct src x = { h, rec, p, s, s ? s->reweight : 0 };
	size_t k;

	for (k = 0; s && p && k < s->np; k++)
		if (strcmp(p->key[k], period) == 0)
			return period_total(&x, k, period, c, out);
	/* no slots, or not a period of the config: by path */
	return period_total(&by_path, 0, period, c, out);
}

int assess_period_total(const assess_host *h, const assess_record *rec,
                        const char *period, const assess_criteria *c,
                        double *out)
{
	return assess_read_period_total(h, rec, NULL, NULL, c, period, out);
}

int assess_period_total_slots(const assess_host *h, const assess_record *rec,
                              const assess_periods *p,
                              const assess_criteria *c,
                              const assess_item_slots *s, const char *period,
                              double *out)
{
	return assess_read_period_total(h, rec, s, p, c, period, out);
}

int assess_items_gaps(const assess_host *h, const assess_record *rec,
                      const assess_periods *p, const assess_criteria *c,
                      assess_node *warnings)
{
	char path[SDK_PATH_MAX];
	assess_node *w = NULL, *paths = NULL;
	size_t i, k, j;

	if (h->record_type(rec, "checks") != ASSESS_TYPE_OBJECT)
		return ASSESS_OK;
	for (i = 0; i < c->n; i++) {
		int any = 0;
		for (j = 0; j < p->n && !any; j++) {
			snprintf(path, sizeof path, "checks.%s.%s", p->key[j],
			         c->v[i].key);
			any = h->record_type(rec, path) > ASSESS_TYPE_NULL;
		}
		for (k = 0; any && k < p->n; k++) {
			snprintf(path, sizeof path, "checks.%s.%s", p->key[k],
			         c->v[i].key);
			if (h->record_type(rec, path) > ASSESS_TYPE_NULL ||
			    !period_given(h, rec, p, k))
				continue;
			if (!w) {
				w = h->put_object(warnings, NULL);
				h->put_string(w, "code", "missing_data");
				h->put_string(w, "label", "数据缺失");
				h->put_string(w, "message", SDK_TR("an item left blank in "
				              "a period is weighted over the periods it "
				              "has (the scheme's missing-data policy is "
				              "reweight)"));
				paths = h->put_array(w, "paths");
			}
			h->put_string(paths, NULL, path);
		}
	}
	return w != NULL;
}
