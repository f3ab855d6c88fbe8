/*
 * periods.c - periods and their weights (SB2), and an item's score
 * combined from the periods a record has (see include/assess/scheme.h).
 * Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void assess_periods_free(assess_periods *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		free(p->key[i]);
	free(p->key);
	free(p->weight);
	memset(p, 0, sizeof *p);
}

int assess_periods_load(const assess_host *h, const assess_config *cfg,
                        const char *section, assess_periods *out)
{
	int i, n = h->config_key_count(cfg, section);
	double sum = 0;

	memset(out, 0, sizeof *out);
	if (n == 0)
		return h->config_error(cfg, section, NULL, "missing: the periods "
		                       "and their weights are needed");
	out->key = calloc((size_t)n, sizeof *out->key);
	out->weight = calloc((size_t)n, sizeof *out->weight);
	if (!out->key || !out->weight) {
		assess_periods_free(out);
		return ASSESS_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		const char *k = h->config_key_name(cfg, section, i);
		if (!k || h->config_number(cfg, section, k, 0, 1,
		                           &out->weight[i]) != ASSESS_OK) {
			assess_periods_free(out);
			return ASSESS_ECONFIG;
		}
		out->key[i] = strdup(k);
		out->n++;
		if (!out->key[i]) {
			assess_periods_free(out);
			return ASSESS_ENOMEM;
		}
		sum += out->weight[i];
	}
	if (assess_dec_cmp(sum, 1) != 0) {
		assess_periods_free(out);
		return h->config_error(cfg, section, NULL, "the weights add up to "
		                       "%g, not 1", sum);
	}
	return ASSESS_OK;
}

int assess_item_score(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_periods *p,
                      const char *item, double max, double *out)
{
	char path[256];
	double sum = 0, wsum = 0, v;
	size_t i;
	int rc, bad = 0;

	if (p && p->n && h->record_type(rec, "checks") == ASSESS_TYPE_OBJECT) {
		for (i = 0; i < p->n; i++) {
			snprintf(path, sizeof path, "checks.%s.%s", p->key[i], item);
			rc = assess_score_read(h, rec, res, path, max, &v);
			if (rc == ASSESS_ENOENT)
				continue;
			if (rc != ASSESS_OK) {
				bad = 1;
				continue;
			}
			sum += p->weight[i] * v;
			wsum += p->weight[i];
		}
		if (bad)
			return ASSESS_EREJECT;
		if (wsum > 0) {
			*out = sum / wsum;
			return ASSESS_OK;
		}
	}
	snprintf(path, sizeof path, "scores.%s", item);
	return assess_score_read(h, rec, res, path, max, out);
}

int assess_items_read(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_periods *p,
                      const assess_criteria *c, double *score, double *total)
{
	char path[256];
	size_t i, k;
	int rc, bad = 0;

	*total = 0;
	for (i = 0; i < c->n; i++) {
		const assess_criterion *it = &c->v[i];
		rc = assess_item_score(h, rec, res, p, it->key, it->max, &score[i]);
		bad |= rc != ASSESS_OK;
		if (rc == ASSESS_OK)
			*total += score[i];
		if (rc != ASSESS_ENOENT || assess_reject_stand_in(h, rec, res,
		    "scores", c, i, "item") == ASSESS_EREJECT)
			continue;
		/* written under its label, or misspelt, in a period's checks? */
		for (k = 0; p && k < p->n; k++) {
			snprintf(path, sizeof path, "checks.%s", p->key[k]);
			if (assess_reject_stand_in(h, rec, res, path, c, i, "item") ==
			    ASSESS_EREJECT)
				break;
		}
		if (p && k < p->n)
			continue;
		snprintf(path, sizeof path, "scores.%s", it->key);
		h->reject(res, path, "missing: no score for %s (%s) in scores or "
		          "checks", it->label, it->key);
	}
	return bad ? ASSESS_EREJECT : ASSESS_OK;
}

int assess_period_total(const assess_host *h, const assess_record *rec,
                        const char *period, const assess_criteria *c,
                        double *out)
{
	char path[256];
	double sum = 0, v;
	size_t i;

	for (i = 0; i < c->n; i++) {
		snprintf(path, sizeof path, "checks.%s.%s", period, c->v[i].key);
		if (h->record_number(rec, path, &v) != ASSESS_OK)
			return ASSESS_ENOENT;
		sum += v;
	}
	*out = sum;
	return ASSESS_OK;
}

int assess_periods_put(const assess_host *h, assess_node *obj,
                       const assess_periods *p)
{
	size_t i;
	int rc;

	for (i = 0; i < p->n; i++)
		if ((rc = h->put_number(obj, p->key[i], p->weight[i])) != ASSESS_OK)
			return rc;
	return ASSESS_OK;
}
