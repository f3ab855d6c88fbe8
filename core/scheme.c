/*
 * scheme.c - helpers shared by scheme plugins (see include/assess/scheme.h).
 * Built into libassess_scheme.a with -fPIC and linked into each plugin.
 */
#include "assess/scheme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Scaled integers beyond this lose exactness; compare such values as is. */
#define DEC_LIMIT 1e12

int assess_dec_cmp(double a, double b)
{
	if (fabs(a) < DEC_LIMIT && fabs(b) < DEC_LIMIT) {
		double ra = nearbyint(a * 1e6), rb = nearbyint(b * 1e6);
		return (ra > rb) - (ra < rb);
	}
	return (a > b) - (a < b);
}

double assess_dec_round(double x, int places)
{
	double scale = pow(10, places), t;

	if (!isfinite(x) || fabs(x) * scale >= DEC_LIMIT)
		return x;
	/* Drop the binary noise below 1e-6 of the last place, then round
	 * half away from zero. */
	t = nearbyint(x * scale * 1e6) / 1e6;
	t = round(t) / scale;
	return t == 0 ? 0 : t; /* no -0 in output */
}

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

int assess_config_need_number(const assess_host *h, const assess_config *cfg,
                              const char *section, const char *key,
                              double min, double max, double *out)
{
	int rc = h->config_number(cfg, section, key, min, max, out);

	if (rc == ASSESS_ENOENT)
		return h->config_error(cfg, section, key, "missing");
	return rc == ASSESS_OK ? ASSESS_OK : ASSESS_ECONFIG;
}

int assess_config_need_int(const assess_host *h, const assess_config *cfg,
                           const char *section, const char *key, long min,
                           long max, long *out)
{
	int rc = h->config_int(cfg, section, key, min, max, out);

	if (rc == ASSESS_ENOENT)
		return h->config_error(cfg, section, key, "missing");
	return rc == ASSESS_OK ? ASSESS_OK : ASSESS_ECONFIG;
}

int assess_config_percent(const assess_host *h, const assess_config *cfg,
                          const char *section, const char *key,
                          double *share)
{
	const char *s;
	char *end;
	double pct;

	if (h->config_string(cfg, section, key, &s) != ASSESS_OK)
		return ASSESS_ENOENT;
	pct = strtod(s, &end);
	if (end == s || strcmp(end, "%") != 0 || !isfinite(pct))
		return h->config_error(cfg, section, key, "'%s' is not a "
		                       "percentage such as 80%%", s);
	if (pct < 0 || pct > 100)
		return h->config_error(cfg, section, key, "%s is outside "
		                       "0%%..100%%", s);
	*share = pct / 100;
	return ASSESS_OK;
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

static const char *type_word(int t)
{
	switch (t) {
	case ASSESS_TYPE_NULL: return "null";
	case ASSESS_TYPE_BOOL: return "a boolean";
	case ASSESS_TYPE_NUMBER: return "a number";
	case ASSESS_TYPE_STRING: return "a string";
	case ASSESS_TYPE_ARRAY: return "an array";
	case ASSESS_TYPE_OBJECT: return "an object";
	default: return "missing";
	}
}

int assess_score_read(const assess_host *h, const assess_record *rec,
                      assess_result *res, const char *path, double max,
                      double *out)
{
	const char *s;
	double v;
	int rc = h->record_number(rec, path, &v);

	if (rc == ASSESS_ENOENT)
		return ASSESS_ENOENT;
	if (rc == ASSESS_ERANGE)
		return h->reject(res, path, "is too large to be a score");
	if (rc == ASSESS_ETYPE) {
		int t = h->record_type(rec, path);
		if (t == ASSESS_TYPE_STRING &&
		    h->record_string(rec, path, &s) == ASSESS_OK)
			return h->reject(res, path, "must be a number, not the "
			                 "string \"%.40s\"", s);
		return h->reject(res, path, "must be a number, not %s",
		                 type_word(t));
	}
	if (rc != ASSESS_OK)
		return h->reject(res, path, "cannot be read (code %d)", rc);
	if (v < 0)
		return h->reject(res, path, "%g is negative", v);
	if (assess_dec_cmp(v, max) > 0)
		return h->reject(res, path, "%g is above the maximum %g", v, max);
	*out = v;
	return ASSESS_OK;
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
	h->put_number(o, "score", assess_dec_round(score, 2));
	h->put_number(o, "max", c->max);
	if (c->has_bar)
		h->put_number(o, "bar", assess_dec_round(c->bar, 2));
	h->put_bool(o, "passed", passed);
	if (!passed)
		h->put_number(o, "short_by", assess_dec_round(c->bar - score, 2));
	return o;
}

int assess_bars_load(const assess_host *h, const assess_config *cfg,
                     const char *section, int n, double min, double max,
                     assess_bars *out)
{
	char key[16];
	int i, rc;

	memset(out, 0, sizeof *out);
	out->bar = calloc((size_t)n, sizeof *out->bar);
	if (!out->bar)
		return ASSESS_ENOMEM;
	out->n = n;
	for (i = 1; i <= n; i++) {
		snprintf(key, sizeof key, "%d", i);
		rc = h->config_number(cfg, section, key, min, max, &out->bar[i - 1]);
		if (rc == ASSESS_ENOENT)
			rc = h->config_error(cfg, section, key, "missing: levels "
			                     "1..%d each need a bar", n);
		if (rc != ASSESS_OK)
			goto fail;
		if (i > 1 && assess_dec_cmp(out->bar[i - 1], out->bar[i - 2]) <= 0) {
			rc = h->config_error(cfg, section, key, "%g is not above the "
			                     "bar of level %d (%g): bars must rise "
			                     "strictly with the level",
			                     out->bar[i - 1], i - 1, out->bar[i - 2]);
			goto fail;
		}
	}
	return ASSESS_OK;
fail:
	assess_bars_free(out);
	return ASSESS_ECONFIG;
}

int assess_bars_level(const assess_bars *b, double score)
{
	int i;

	for (i = b->n; i > 0; i--)
		if (assess_dec_cmp(score, b->bar[i - 1]) >= 0)
			return i;
	return 0;
}

void assess_bars_free(assess_bars *b)
{
	if (!b)
		return;
	free(b->bar);
	memset(b, 0, sizeof *b);
}

void assess_labels_free(assess_labels *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->key[i]);
		free(l->label[i]);
	}
	free(l->key);
	free(l->label);
	memset(l, 0, sizeof *l);
}

int assess_labels_load(const assess_host *h, const assess_config *cfg,
                       const char *section, assess_labels *out)
{
	int i, n = h->config_key_count(cfg, section);

	memset(out, 0, sizeof *out);
	if (n == 0)
		return ASSESS_OK;
	out->key = calloc((size_t)n, sizeof *out->key);
	out->label = calloc((size_t)n, sizeof *out->label);
	if (!out->key || !out->label)
		goto nomem;
	for (i = 0; i < n; i++) {
		const char *k = h->config_key_name(cfg, section, i), *v = NULL;
		if (!k || h->config_string(cfg, section, k, &v) != ASSESS_OK ||
		    !*v) {
			h->config_error(cfg, section, k ? k : "?", "needs a label");
			assess_labels_free(out);
			return ASSESS_ECONFIG;
		}
		out->key[i] = strdup(k);
		out->label[i] = strdup(v);
		out->n++;
		if (!out->key[i] || !out->label[i])
			goto nomem;
	}
	return ASSESS_OK;
nomem:
	assess_labels_free(out);
	return ASSESS_ENOMEM;
}

int assess_labels_find(const assess_labels *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->key[i], key) == 0)
			return (int)i;
	return -1;
}

int assess_labels_find_label(const assess_labels *l, const char *label)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->label[i], label) == 0)
			return (int)i;
	return -1;
}

/* How many bytes of s, at most max, end on a whole UTF-8 character: a
 * record's name is quoted in messages cut there, never mid-character. */
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

/* "a, b, c" into buf (size n), ending ", ..." when they do not fit;
 * "none" for an empty list. */
static void key_list(const assess_labels *l, char *buf, size_t n)
{
	size_t i, len = 0, k;

	snprintf(buf, n, "%s", l->n ? "" : "none");
	for (i = 0; i < l->n; i++) {
		k = strlen(l->key[i]) + (i ? 2 : 0);
		if (len + k + 6 > n) {
			snprintf(buf + len, n - len, "%s...", i ? ", " : "");
			return;
		}
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "",
		                        l->key[i]);
	}
}

int assess_keys_read_as(const assess_host *h, const assess_record *rec,
                        assess_result *res, const char *path,
                        const char *what, const assess_labels *l,
                        unsigned char *hit)
{
	char el[128], known[512];
	int i, n, t = h->record_type(rec, path), rc = ASSESS_OK;

	if (l->n)
		memset(hit, 0, l->n);
	if (t == ASSESS_TYPE_MISSING || t == ASSESS_TYPE_NULL)
		return ASSESS_OK;
	if (t != ASSESS_TYPE_ARRAY)
		return h->reject(res, path, "must be an array of keys, not %s",
		                 type_word(t));
	key_list(l, known, sizeof known);
	n = h->record_count(rec, path);
	for (i = 0; i < n; i++) {
		const char *s, *near;
		int k;
		snprintf(el, sizeof el, "%s[%d]", path, i);
		if (h->record_string(rec, el, &s) != ASSESS_OK) {
			rc = h->reject(res, el, "must be a string key, not %s",
			               type_word(h->record_type(rec, el)));
			continue;
		}
		k = assess_labels_find(l, s);
		if (k >= 0) {
			hit[k] = 1;
			continue;
		}
		if ((k = assess_labels_find_label(l, s)) >= 0)
			rc = h->reject(res, el, "unknown %s \"%.*s\": it is the "
			               "label of %s; use the key \"%s\" (known: %s)",
			               what, clip(s, 60), s, l->key[k], l->key[k],
			               known);
		else if ((near = assess_nearest(s, (const char *const *)l->key,
		                                l->n)))
			rc = h->reject(res, el, "unknown %s \"%.*s\": did you mean "
			               "%s? (known: %s)", what, clip(s, 60), s, near,
			               known);
		else
			rc = h->reject(res, el, "unknown %s \"%.*s\" (known: %s)",
			               what, clip(s, 60), s, known);
	}
	return rc;
}

int assess_keys_read(const assess_host *h, const assess_record *rec,
                     assess_result *res, const char *path,
                     const assess_labels *l, unsigned char *hit)
{
	return assess_keys_read_as(h, rec, res, path, "key", l, hit);
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
	char path[256];
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
			snprintf(path, sizeof path, "%s.%.*s", obj, clip(name, 140),
			         name);
			if (pass == 0 && strcmp(name, want->label) == 0)
				return h->reject(res, path, "\"%s\" is the label of %s; "
				                 "use the key \"%s\"", want->label,
				                 want->key, want->key);
			if (pass == 1 && !assess_criteria_find(c, name) &&
			    !assess_criteria_find_label(c, name) &&
			    assess_criteria_nearest(c, name) == (int)i)
				return h->reject(res, path, "unknown %s \"%.*s\": did "
				                 "you mean %s?", what, clip(name, 60), name,
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
		snprintf(buf, n, " (it is the label of %s; use the key \"%s\")",
		         l->key, l->key);
	else if ((k = assess_criteria_nearest(c, name)) >= 0)
		snprintf(buf, n, " (did you mean %s?)", c->v[k].key);
	return buf;
}

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
