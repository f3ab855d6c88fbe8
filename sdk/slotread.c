/*
 * slotread.c - a scheme's items read by ABI 1.2 slots (see
 * include/assess/slotread.h): every "scores.KEY" and "checks.PERIOD.KEY"
 * declared once in create with its path kept for messages, so that
 * assessing a record builds no path and compares no key.  The checks and
 * messages are those of assess_score_read and assess_items_read.
 * Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void assess_item_slots_free(assess_item_slots *s)
{
	size_t i;

	if (s->path)
		for (i = 0; i < s->n * (1 + s->np); i++)
			free(s->path[i]);
	free(s->path);
	free(s->score);
	free(s->check);
	memset(s, 0, sizeof *s);
}

/* Declare path (made of a, b, c) as slot *out, keeping the path. */
static int declare(const assess_host *h, char **keep, int *out,
                   const char *fmt, const char *a, const char *b)
{
	char path[256];
	int rc;

	snprintf(path, sizeof path, fmt, a, b);
	if ((rc = h->declare(path, ASSESS_TYPE_ANY, ASSESS_FIELD_OPTIONAL)) < 0)
		return rc;
	*out = rc;
	return (*keep = strdup(path)) ? ASSESS_OK : ASSESS_ENOMEM;
}

int assess_items_declare(const assess_host *h, const assess_periods *p,
                         const assess_criteria *c, assess_item_slots *s)
{
	size_t np = p ? p->n : 0, i, k;
	int rc;

	memset(s, 0, sizeof *s);
	s->checks = -1;
	if (!ASSESS_HAS(h, declare))
		return ASSESS_EINVAL;
	s->n = c->n;
	s->np = np;
	s->score = calloc(c->n + 1, sizeof *s->score);
	s->check = calloc(c->n * np + 1, sizeof *s->check);
	s->path = calloc(c->n * (1 + np) + 1, sizeof *s->path);
	if (!s->score || !s->check || !s->path)
		return ASSESS_ENOMEM;
	/* in the order the path readers first name them */
	if (np && (rc = h->declare("checks", ASSESS_TYPE_ANY,
	                           ASSESS_FIELD_OPTIONAL)) < 0)
		return rc;
	s->checks = np ? rc : -1;
	if ((rc = h->declare("scores", ASSESS_TYPE_ANY,
	                     ASSESS_FIELD_OPTIONAL)) < 0)
		return rc;
	s->scores = rc;
	for (i = 0; i < c->n; i++) {
		for (k = 0; k < np; k++)
			if ((rc = declare(h, &s->path[c->n + k * c->n + i],
			                  &s->check[k * c->n + i], "checks.%s.%s",
			                  p->key[k], c->v[i].key)) != ASSESS_OK)
				return rc;
		if ((rc = declare(h, &s->path[i], &s->score[i], "scores.%s",
		                  c->v[i].key, NULL)) != ASSESS_OK)
			return rc;
	}
	return ASSESS_OK;
}

int assess_score_value(const assess_host *h, const assess_value *v,
                       assess_result *res, const char *path, double max,
                       double *out)
{
	const char *s = NULL;
	double d = 0;
	int rc = h->value_number(v, &d), t = ASSESS_TYPE_NUMBER;

	if (rc == ASSESS_ETYPE &&
	    (t = h->value_type(v)) == ASSESS_TYPE_STRING)
		h->value_string(v, &s);
	return sdk_score_check(h, res, path, rc, d, t, s, max, out);
}

/* assess_item_score by slot, for item i. */
static int item_score(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_periods *p,
                      const assess_item_slots *s, size_t i, double max,
                      double *out)
{
	double sum = 0, wsum = 0, v;
	size_t k;
	int rc, bad = 0;

	if (s->np && h->slot_type(rec, s->checks) == ASSESS_TYPE_OBJECT) {
		for (k = 0; k < s->np; k++) {
			size_t at = k * s->n + i;
			rc = assess_score_value(h, h->slot(rec, s->check[at]), res,
			                        s->path[s->n + at], max, &v);
			if (rc == ASSESS_ENOENT)
				continue;
			if (rc != ASSESS_OK) {
				bad = 1;
				continue;
			}
			sum += p->weight[k] * v;
			wsum += p->weight[k];
		}
		if (bad)
			return ASSESS_EREJECT;
		if (wsum > 0) {
			*out = sum / wsum;
			return ASSESS_OK;
		}
	}
	return assess_score_value(h, h->slot(rec, s->score[i]), res, s->path[i],
	                          max, out);
}

static int is_period(const assess_periods *p, const char *key)
{
	size_t k;

	for (k = 0; k < p->n; k++)
		if (strcmp(p->key[k], key) == 0)
			return 1;
	return 0;
}

/* What holds the items: "scores", and "checks" with an object per
 * period, each of the right type and every period one of the scheme's.
 * A value of another type, or a period misspelt, would otherwise be read
 * as absent and the record scored from the rest.  0, or -1 rejected. */
static int holders_bad(const assess_host *h, const assess_record *rec,
                       assess_result *res, const assess_periods *p,
                       const assess_item_slots *s)
{
	const assess_value *checks, *v;
	const char *key, *near;
	char path[256];
	int t, i, bad = 0;

	t = h->slot_type(rec, s->scores);
	if (t > ASSESS_TYPE_NULL && t != ASSESS_TYPE_OBJECT)
		bad = h->reject(res, "scores", "must be an object of item scores, "
		                "not %s", sdk_type_word(t));
	if (s->checks < 0 || (t = h->slot_type(rec, s->checks)) <=
	    ASSESS_TYPE_NULL)
		return bad ? -1 : 0;
	if (t != ASSESS_TYPE_OBJECT) {
		h->reject(res, "checks", "must be an object of periods, not %s",
		          sdk_type_word(t));
		return -1;
	}
	checks = h->slot(rec, s->checks);
	for (i = 0; (v = h->value_item(checks, i, &key)); i++) {
		snprintf(path, sizeof path, "checks.%.*s", sdk_clip(key, 200), key);
		t = h->value_type(v);
		if (!is_period(p, key)) {
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

int assess_items_read_slots(const assess_host *h, const assess_record *rec,
                            assess_result *res, const assess_periods *p,
                            const assess_criteria *c,
                            const assess_item_slots *s, double *score,
                            double *total)
{
	char path[256];
	size_t i, k;
	int rc, bad = 0;

	*total = 0;
	if (holders_bad(h, rec, res, p, s))
		return ASSESS_EREJECT;
	for (i = 0; i < c->n; i++) {
		const assess_criterion *it = &c->v[i];
		rc = item_score(h, rec, res, p, s, i, it->max, &score[i]);
		bad |= rc != ASSESS_OK;
		if (rc == ASSESS_OK)
			*total += score[i];
		/* missing: the rare way, by path, as assess_items_read says it */
		if (rc != ASSESS_ENOENT || assess_reject_stand_in(h, rec, res,
		    "scores", c, i, "item") == ASSESS_EREJECT)
			continue;
		for (k = 0; k < s->np; k++) {
			snprintf(path, sizeof path, "checks.%s", p->key[k]);
			if (assess_reject_stand_in(h, rec, res, path, c, i, "item") ==
			    ASSESS_EREJECT)
				break;
		}
		if (k < s->np)
			continue;
		h->reject(res, s->path[i], "missing: no score for %s (%s) in scores "
		          "or checks", it->label, it->key);
	}
	return bad ? ASSESS_EREJECT : ASSESS_OK;
}

int assess_period_total_slots(const assess_host *h, const assess_record *rec,
                              const assess_periods *p,
                              const assess_criteria *c,
                              const assess_item_slots *s, const char *period,
                              double *out)
{
	double sum = 0, v;
	size_t i, k;

	for (k = 0; k < s->np; k++)
		if (strcmp(p->key[k], period) == 0)
			break;
	if (k == s->np) /* not a period of the config: by path */
		return assess_period_total(h, rec, period, c, out);
	for (i = 0; i < c->n; i++) {
		if (h->value_number(h->slot(rec, s->check[k * s->n + i]), &v) !=
		    ASSESS_OK)
			return ASSESS_ENOENT;
		sum += v;
	}
	*out = sum;
	return ASSESS_OK;
}
