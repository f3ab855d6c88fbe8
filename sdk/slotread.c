/*
 * slotread.c - a scheme's items read by ABI 1.2 slots (see
 * include/assess/slotread.h): every "scores.KEY" and "checks.PERIOD.KEY"
 * declared once in create with its path kept for messages, so that
 * assessing a record builds no path and compares no key.  The items are
 * read by items.c, which reads by path too, with the same checks and
 * messages.
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
	char path[SDK_PATH_MAX];
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

int assess_criterion_value(const assess_host *h, const assess_record *rec,
                           assess_result *res, const assess_value *v,
                           const char *holder, const char *path,
                           const assess_criteria *c, size_t i, double *out)
{
	int rc = assess_score_value(h, v, res, path, c->v[i].max, out);

	if (rc != ASSESS_ENOENT)
		return rc;
	if (assess_reject_stand_in(h, rec, res, holder, c, i,
	                           SDK_TR("item")) == ASSESS_EREJECT)
		return ASSESS_EREJECT;
	return h->reject(res, path, "missing");
}
