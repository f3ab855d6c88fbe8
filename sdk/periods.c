/*
 * periods.c - periods and their weights (SB2), read from the config and
 * put into describe (see include/assess/criteria.h); items.c combines an
 * item's score from the periods a record has.  Part of
 * libassess_scheme.a.
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
		if (!k || sdk_key_check(h, cfg, section, k, k,
		                        SDK_TR("a period's key")) != ASSESS_OK ||
		    h->config_number(cfg, section, k, 0, 1, &out->weight[i]) !=
		    ASSESS_OK) {
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
