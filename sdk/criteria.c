/*
 * criteria.c - criteria (or items): key, label, maximum and bar, read from
 * the INI and scored from a record, and the hints that name the key a
 * record meant (see include/assess/scheme.h).  Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void assess_criteria_free(assess_criteria *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].label);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}

/* A bar: a number 0..max or a share of max written "80%". */
static int read_bar(const assess_host *h, const assess_config *cfg,
                    const char *sec, double max, double *bar)
{
	const char *s;
	double share;
	int rc;

	if (h->config_string(cfg, sec, "bar", &s) != ASSESS_OK)
		return ASSESS_ENOENT;
	if (*s && s[strlen(s) - 1] == '%') {
		if ((rc = assess_config_percent(h, cfg, sec, "bar", &share)) != 0)
			return rc;
		*bar = max * share;
		return ASSESS_OK;
	}
	if (h->config_number(cfg, sec, "bar", -INFINITY, INFINITY, bar) !=
	    ASSESS_OK)
		return ASSESS_ECONFIG;
	if (*bar < 0)
		return h->config_error(cfg, sec, "bar", "%g is negative", *bar);
	if (assess_dec_cmp(*bar, max) > 0)
		return h->config_error(cfg, sec, "bar",
		                       "%g is above the maximum %g", *bar, max);
	/* 0.8 of 20 points is a share written as a number, most likely */
	if (*bar > 0 && *bar <= 1 && max >= 5)
		h->log(ASSESS_LOG_WARN, "[%s] bar = %s is %g points of %g; a share "
		       "of the maximum is written with %%, as 80%%", sec, s, *bar,
		       max);
	return ASSESS_OK;
}

int sdk_key_check(const assess_host *h, const assess_config *cfg,
                  const char *section, const char *key, const char *name,
                  const char *what)
{
	if (strpbrk(name, ".[]"))
		return h->config_error(cfg, section, key, "'%s' may not contain "
		                       "'.', '[' or ']': %s names a record field",
		                       name, what);
	if (strlen(name) > SDK_KEY_MAX)
		return h->config_error(cfg, section, key, "'%.*s...' is longer "
		                       "than %d bytes: %s names a record field",
		                       sdk_clip(name, 40), name, SDK_KEY_MAX, what);
	return ASSESS_OK;
}

int assess_criteria_load(const assess_host *h, const assess_config *cfg,
                         const char *prefix, double total,
                         double default_share, assess_criteria *out)
{
	size_t plen = strlen(prefix);
	int i, nsec = h->config_section_count(cfg), rc;

	memset(out, 0, sizeof *out);
	out->v = calloc(nsec > 0 ? (size_t)nsec : 1, sizeof *out->v);
	if (!out->v)
		return ASSESS_ENOMEM;
	for (i = 0; i < nsec; i++) {
		const char *sec = h->config_section_name(cfg, i), *label;
		assess_criterion *c = &out->v[out->n];

		if (!sec || strncmp(sec, prefix, plen) != 0 || sec[plen] != '.')
			continue;
		if (!sec[plen + 1]) {
			rc = h->config_error(cfg, sec, NULL, "the section needs a "
			                     "key after '%s.'", prefix);
			goto fail;
		}
		if ((rc = sdk_key_check(h, cfg, sec, NULL, sec + plen + 1,
		                        SDK_TR("a criterion's key"))) != ASSESS_OK)
			goto fail;
		if (h->config_string(cfg, sec, "label", &label) != ASSESS_OK ||
		    !*label) {
			rc = h->config_error(cfg, sec, "label", "missing: every "
			                     "criterion needs the label users see");
			goto fail;
		}
		rc = h->config_number(cfg, sec, "max", -INFINITY, INFINITY,
		                      &c->max);
		if (rc == ASSESS_ENOENT) {
			rc = h->config_error(cfg, sec, "max", "missing");
			goto fail;
		}
		if (rc != ASSESS_OK) {
			rc = ASSESS_ECONFIG;
			goto fail;
		}
		if (!(c->max > 0)) {
			rc = h->config_error(cfg, sec, "max", "%g is not above 0",
			                     c->max);
			goto fail;
		}
		rc = read_bar(h, cfg, sec, c->max, &c->bar);
		if (rc == ASSESS_OK) {
			c->has_bar = 1;
		} else if (rc != ASSESS_ENOENT) {
			goto fail;
		} else if (default_share >= 0) {
			c->bar = c->max * default_share;
			c->has_bar = 1;
		}
		c->key = strdup(sec + plen + 1);
		c->label = strdup(label);
		out->n++;
		if (!c->key || !c->label) {
			rc = ASSESS_ENOMEM;
			goto fail;
		}
		out->total += c->max;
	}
	if (out->n == 0) {
		rc = h->config_error(cfg, NULL, NULL, "no [%s.KEY] sections: the "
		                     "scheme needs at least one", prefix);
		goto fail;
	}
	if (total >= 0 && assess_dec_cmp(out->total, total) != 0) {
		rc = h->config_error(cfg, NULL, NULL, "the maxima of the [%s.*] "
		                     "sections add up to %g, not the total %g",
		                     prefix, out->total, total);
		goto fail;
	}
	return ASSESS_OK;
fail:
	assess_criteria_free(out);
	return rc;
}

const assess_criterion *assess_criteria_find(const assess_criteria *c,
                                             const char *key)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return &c->v[i];
	return NULL;
}

int assess_criterion_passed(const assess_criterion *c, double score)
{
	return !c->has_bar || assess_dec_cmp(score, c->bar) >= 0;
}

assess_node *assess_put_criterion(const assess_host *h, assess_node *arr,
                                  const assess_criterion *c, double score)
{
	assess_node *o = h->put_object(arr, NULL);
	int passed = assess_criterion_passed(c, score);

	if (!o)
		return NULL;
	h->put_string(o, "key", c->key);
	h->put_string(o, "label", c->label);
	h->put_number(o, "score", c->has_bar ? assess_dec_show(score, c->bar)
	                                     : assess_dec_round(score, 2));
	h->put_number(o, "max", c->max);
	if (c->has_bar)
		h->put_number(o, "bar", assess_dec_round(c->bar, 2));
	h->put_bool(o, "passed", passed);
	if (!passed)
		h->put_number(o, "short_by", assess_dec_gap(c->bar - score));
	return o;
}

int assess_criteria_nearest(const assess_criteria *c, const char *name)
{
	const char **keys = malloc((c->n ? c->n : 1) * sizeof *keys), *best;
	size_t i;
	int k = -1;

	if (!keys)
		return -1; /* no hint, nothing worse */
	for (i = 0; i < c->n; i++)
		keys[i] = c->v[i].key;
	best = assess_nearest(name, keys, c->n);
	for (i = 0; i < c->n && best; i++)
		if (keys[i] == best)
			k = (int)i;
	free(keys);
	return k;
}

const assess_criterion *assess_criteria_find_label(const assess_criteria *c,
                                                   const char *label)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].label, label) == 0)
			return &c->v[i];
	return NULL;
}

int assess_reject_stand_in(const assess_host *h, const assess_record *rec,
                           assess_result *res, const char *obj,
                           const assess_criteria *c, size_t i,
                           const char *what)
{
	const assess_criterion *want = &c->v[i];
	char path[SDK_PATH_MAX];
	const char *name;
	int k, m, pass;

	if (h->record_type(rec, obj) != ASSESS_TYPE_OBJECT)
		return ASSESS_ENOENT;
	m = h->record_count(rec, obj);
	/* the label first: it says most surely which key was meant */
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < m; k++) {
			if (!(name = h->record_key(rec, obj, k)))
				continue;
			snprintf(path, sizeof path, "%s.%.*s", obj, sdk_clip(name, 140),
			         name);
			if (pass == 0 && strcmp(name, want->label) == 0)
				return h->reject(res, path, "\"%s\" is the label of %s; "
				                 "use the key \"%s\"", want->label,
				                 want->key, want->key);
			if (pass == 1 && !assess_criteria_find(c, name) &&
			    !assess_criteria_find_label(c, name) &&
			    assess_criteria_nearest(c, name) == (int)i)
				return h->reject(res, path, "unknown %s \"%.*s\": did "
				                 "you mean %s?", what, sdk_clip(name, 60), name,
				                 want->key);
		}
	}
	return ASSESS_ENOENT;
}

char *assess_criteria_hint(const assess_criteria *c, const char *name,
                           char *buf, size_t n)
{
	const assess_criterion *l = assess_criteria_find_label(c, name);
	int k;

	if (n)
		buf[0] = '\0';
	if (l)
		snprintf(buf, n, SDK_TR(" (it is the label of %s; use the key \"%s\")"),
		         l->key, l->key);
	else if ((k = assess_criteria_nearest(c, name)) >= 0)
		snprintf(buf, n, SDK_TR(" (did you mean %s?)"), c->v[k].key);
	return buf;
}

int assess_criterion_value(const assess_host *h, const assess_record *rec,
                           assess_result *res, const assess_value *v,
                           const char *holder, const char *path,
                           const assess_criteria *c, size_t i, double *out)
{
	int rc = assess_read_score(h, assess_at_value(v, path), res,
	                           c->v[i].max, out);

	if (rc != ASSESS_ENOENT)
		return rc;
	if (assess_reject_stand_in(h, rec, res, holder, c, i,
	                           SDK_TR("item")) == ASSESS_EREJECT)
		return ASSESS_EREJECT;
	return h->reject(res, path, "missing");
}
