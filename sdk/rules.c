/*
 * rules.c - indicator rules (FG2) and tallies, for scheme plugins (see
 * include/assess/scheme.h).  Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
	NULL, "yesno", "bins", "linear", "count", "deduct"
};

const char *assess_rule_type_name(int type)
{
	return type > 0 && type <= ASSESS_RULE_DEDUCT ? type_names[type] : "?";
}

void assess_rules_free(assess_rules *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].indicator);
		free(r->v[i].thr);
		free(r->v[i].pts);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* bins = 0.8:20, 0.6:12 -> thresholds ascending with their points. */
static int parse_bins(const assess_host *h, const assess_config *cfg,
                      const char *sec, double max, assess_rule *r)
{
	const char *s;
	char item[64];
	size_t cap = 4, i, j;

	if (h->config_string(cfg, sec, "bins", &s) != ASSESS_OK || !*s)
		return h->config_error(cfg, sec, "bins", "missing: write "
		                       "threshold:points pairs, e.g. 0.8:20, 0.6:12");
	r->thr = malloc(cap * sizeof *r->thr);
	r->pts = malloc(cap * sizeof *r->pts);
	if (!r->thr || !r->pts)
		return ASSESS_ENOMEM;
	while (*s) {
		size_t n = strcspn(s, ",");
		char *colon, *end1, *end2;
		double t, p;

		if (n >= sizeof item)
			return h->config_error(cfg, sec, "bins", "an item is too long");
		memcpy(item, s, n);
		item[n] = '\0';
		s += n + (s[n] == ',');
		colon = strchr(item, ':');
		if (!colon)
			return h->config_error(cfg, sec, "bins", "'%s' is not "
			                       "threshold:points", item);
		*colon = '\0';
		t = strtod(item, &end1);
		p = strtod(colon + 1, &end2);
		while (*end1 == ' ' || *end1 == '\t')
			end1++;
		while (*end2 == ' ' || *end2 == '\t')
			end2++;
		if (end1 == item || *end1 || end2 == colon + 1 || *end2 ||
		    !isfinite(t) || !isfinite(p))
			return h->config_error(cfg, sec, "bins", "'%s:%s' is not "
			                       "two numbers", item, colon + 1);
		if (p < 0 || assess_dec_cmp(p, max) > 0)
			return h->config_error(cfg, sec, "bins", "%g points is "
			                       "outside 0..%g, the criterion's maximum",
			                       p, max);
		if (r->nbins == cap) {
			double *a = realloc(r->thr, 2 * cap * sizeof *a);
			double *b = a ? realloc(r->pts, 2 * cap * sizeof *b) : NULL;
			if (a)
				r->thr = a;
			if (!b)
				return ASSESS_ENOMEM;
			r->pts = b;
			cap *= 2;
		}
		r->thr[r->nbins] = t;
		r->pts[r->nbins++] = p;
	}
	/* Sort by threshold (the INI may list them either way), then insist
	 * on distinct thresholds. */
	for (i = 1; i < r->nbins; i++)
		for (j = i; j > 0 && r->thr[j - 1] > r->thr[j]; j--) {
			double t = r->thr[j], p = r->pts[j];
			r->thr[j] = r->thr[j - 1];
			r->pts[j] = r->pts[j - 1];
			r->thr[j - 1] = t;
			r->pts[j - 1] = p;
		}
	for (i = 1; i < r->nbins; i++)
		if (assess_dec_cmp(r->thr[i], r->thr[i - 1]) == 0)
			return h->config_error(cfg, sec, "bins", "threshold %g "
			                       "appears twice", r->thr[i]);
	return ASSESS_OK;
}

static int load_one(const assess_host *h, const assess_config *cfg,
                    const char *sec, const assess_criteria *c,
                    assess_rule *r)
{
	const char *crit, *ind, *type;
	double max;
	int t, rc;

	r->name = strdup(sec + 5);
	if (!r->name)
		return ASSESS_ENOMEM;
	if (h->config_string(cfg, sec, "criterion", &crit) != ASSESS_OK)
		return h->config_error(cfg, sec, "criterion", "missing: which "
		                       "criterion the rule's points go to");
	for (r->criterion = 0; r->criterion < c->n; r->criterion++)
		if (strcmp(c->v[r->criterion].key, crit) == 0)
			break;
	if (r->criterion == c->n)
		return h->config_error(cfg, sec, "criterion", "'%s' is not a "
		                       "criterion of this scheme", crit);
	max = c->v[r->criterion].max;
	if (h->config_string(cfg, sec, "indicator", &ind) != ASSESS_OK || !*ind)
		return h->config_error(cfg, sec, "indicator", "missing: the key "
		                       "under \"indicators\" in a record");
	if ((rc = sdk_key_check(h, cfg, sec, "indicator", ind,
	                        SDK_TR("an indicator"))) != ASSESS_OK)
		return rc;
	r->indicator = strdup(ind);
	if (!r->indicator)
		return ASSESS_ENOMEM;
	if (h->config_string(cfg, sec, "type", &type) != ASSESS_OK)
		return h->config_error(cfg, sec, "type", "missing: yesno, bins, "
		                       "linear, count or deduct");
	for (t = 1; t <= ASSESS_RULE_DEDUCT; t++)
		if (strcmp(type, type_names[t]) == 0)
			break;
	if (t > ASSESS_RULE_DEDUCT)
		return h->config_error(cfg, sec, "type", "unknown rule type '%s' "
		                       "(yesno, bins, linear, count, deduct)", type);
	r->type = t;
	switch (t) {
	case ASSESS_RULE_YESNO:
		return assess_config_need_number(h, cfg, sec, "points", 0, max, &r->points);
	case ASSESS_RULE_BINS:
		return parse_bins(h, cfg, sec, max, r);
	case ASSESS_RULE_LINEAR:
		if ((rc = assess_config_need_number(h, cfg, sec, "from", -1e15, 1e15, &r->from)) ||
		    (rc = assess_config_need_number(h, cfg, sec, "to", -1e15, 1e15, &r->to)) ||
		    (rc = assess_config_need_number(h, cfg, sec, "points", 0, max, &r->points)))
			return rc;
		if (assess_dec_cmp(r->from, r->to) == 0)
			return h->config_error(cfg, sec, "to", "equals from (%g): "
			                       "the range is empty", r->from);
		return ASSESS_OK;
	default: /* count, deduct */
		if ((rc = assess_config_need_number(h, cfg, sec, "per", 0, 1e15, &r->per)) ||
		    (rc = assess_config_need_number(h, cfg, sec, "cap", 0, max, &r->cap)))
			return rc;
		return ASSESS_OK;
	}
}

int assess_rules_load(const assess_host *h, const assess_config *cfg,
                      const assess_criteria *c, assess_rules *out)
{
	int i, nsec = h->config_section_count(cfg), rc;

	memset(out, 0, sizeof *out);
	out->v = calloc(nsec > 0 ? (size_t)nsec : 1, sizeof *out->v);
	if (!out->v)
		return ASSESS_ENOMEM;
	for (i = 0; i < nsec; i++) {
		const char *sec = h->config_section_name(cfg, i);
		if (!sec || strncmp(sec, "rule.", 5) != 0)
			continue;
		rc = load_one(h, cfg, sec, c, &out->v[out->n++]);
		if (rc != ASSESS_OK) {
			assess_rules_free(out);
			return rc;
		}
	}
	return ASSESS_OK;
}

double assess_rule_max(const assess_rule *r)
{
	double m = 0;
	size_t i;

	switch (r->type) {
	case ASSESS_RULE_YESNO:
	case ASSESS_RULE_LINEAR:
		return r->points;
	case ASSESS_RULE_BINS:
		for (i = 0; i < r->nbins; i++)
			m = r->pts[i] > m ? r->pts[i] : m;
		return m;
	case ASSESS_RULE_COUNT:
		return r->cap;
	default:
		return 0;
	}
}

double assess_rule_points(const assess_rule *r, double v)
{
	double p = 0;
	size_t i;

	switch (r->type) {
	case ASSESS_RULE_YESNO:
		return v != 0 ? r->points : 0;
	case ASSESS_RULE_BINS:
		for (i = 0; i < r->nbins; i++)
			if (assess_dec_cmp(v, r->thr[i]) >= 0)
				p = r->pts[i];
		return p;
	case ASSESS_RULE_LINEAR:
		/* the ends exactly, the middle in proportion */
		if (assess_dec_cmp(v, r->from) == 0 ||
		    (assess_dec_cmp(v, r->from) < 0) == (r->from < r->to))
			return 0;
		if (assess_dec_cmp(v, r->to) == 0 ||
		    (assess_dec_cmp(v, r->to) > 0) == (r->from < r->to))
			return r->points;
		return r->points * ((v - r->from) / (r->to - r->from));
	case ASSESS_RULE_COUNT:
		p = v * r->per;
		return assess_dec_cmp(p, r->cap) > 0 ? r->cap : p;
	default:
		p = v * r->per;
		return -(assess_dec_cmp(p, r->cap) > 0 ? r->cap : p);
	}
}

/* Whether r reads its indicator as a share 0..1 (a rate such as the
 * seed's report rate of 0.8): a linear range or bins that lie within
 * 0..1.  Such an indicator given as 30 means 30%, never a share above
 * the whole, and a percentage ("72.8%") is read as its share. */
static int is_share(const assess_rule *r)
{
	if (r->type == ASSESS_RULE_LINEAR)
		return r->from >= 0 && r->from <= 1 && r->to >= 0 && r->to <= 1;
	if (r->type == ASSESS_RULE_BINS)
		return r->nbins && r->thr[0] >= 0 && r->thr[r->nbins - 1] <= 1;
	return 0;
}

/* A percentage as people write it, "72.8%": its share (0.728) into *out.
 * 0, or -1 for any other text. */
static int percentage(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !((*s >= '0' && *s <= '9') || *s == '.' || *s == '-'))
		return -1;
	v = strtod(s, &end);
	if (end == s || strcmp(end, "%") != 0 || !isfinite(v))
		return -1;
	*out = v / 100;
	return 0;
}

/* A rule's indicator as read: by bool (rcb, b; a yes/no rule only), by
 * number (rc, *out) and, when a string, its text (str: a percentage for
 * a share); checked for r, and rejected at path (NULL: indicators.NAME,
 * built only when it is given) when it is not what r counts.  The codes
 * of assess_rule_value. */
static int rule_check(const assess_host *h, assess_result *res,
                      const assess_rule *r, const char *path, int rcb,
                      int b, int rc, const char *str, double *out)
{
	int yesno = r->type == ASSESS_RULE_YESNO;
	int count = r->type == ASSESS_RULE_COUNT ||
	            r->type == ASSESS_RULE_DEDUCT;
	char buf[SDK_PATH_MAX];

	if (yesno && rcb == ASSESS_OK) {
		*out = b;
		return ASSESS_OK;
	}
	if (rc == ASSESS_ENOENT)
		return ASSESS_ENOENT;
	if (!path) {
		snprintf(buf, sizeof buf, "indicators.%s", r->indicator);
		path = buf;
	}
	if (rc == ASSESS_ETYPE && is_share(r) && percentage(str, out) == 0)
		rc = ASSESS_OK;
	else if (rc == ASSESS_ETYPE && percentage(str, out) == 0)
		return h->reject(res, path, "\"%.*s\" is a percentage, and this "
		                 "indicator is not a rate: write the number",
		                 sdk_clip(str, 40), str);
	else if (rc == ASSESS_OK && is_share(r) &&
	         assess_dec_cmp(*out, 1) > 0)
		return h->reject(res, path, "%g is above 1, and this indicator is "
		                 "a rate (a share of 1): write %g%% or %g", *out,
		                 *out, *out / 100);
	if (rc == ASSESS_OK && is_share(r) && (*out < 0 || *out > 1))
		return h->reject(res, path, "%g is outside 0..1, and this "
		                 "indicator is a rate (a share of 1)", *out);
	if (rc == ASSESS_OK && !(yesno && *out != 0 && *out != 1) &&
	    !(count && *out < 0))
		return ASSESS_OK;
	if (rc == ASSESS_ERANGE)
		return h->reject(res, path, "is too large");
	if (rc != ASSESS_OK)
		return yesno ? h->reject(res, path, "must be true or false (or 1 "
		                         "or 0)")
		             : h->reject(res, path, "must be a number");
	if (yesno)
		return h->reject(res, path, "%g is not true or false (1 or 0)",
		                 *out);
	return h->reject(res, path, "%g is negative: a count cannot be", *out);
}

int assess_read_rule(const assess_host *h, assess_source at,
                     assess_result *res, const assess_rule *r, double *out)
{
	char path[SDK_PATH_MAX];
	const char *str = NULL;
	int b = 0, rcb = ASSESS_ENOENT, rc;

	if (at.rec && !at.path) { /* by path: read there */
		snprintf(path, sizeof path, "indicators.%s", r->indicator);
		at.path = path;
	}
	if (r->type == ASSESS_RULE_YESNO)
		rcb = sdk_src_bool(h, &at, &b);
	rc = rcb == ASSESS_OK ? ASSESS_OK : sdk_src_number(h, &at, out);
	if (rc == ASSESS_ETYPE)
		sdk_src_string(h, &at, &str);
	return rule_check(h, res, r, at.path, rcb, b, rc, str, out);
}

int assess_rule_value(const assess_host *h, const assess_record *rec,
                      assess_result *res, const assess_rule *r, double *out)
{
	return assess_read_rule(h, assess_at_path(rec, NULL), res, r, out);
}

int assess_rule_value_of(const assess_host *h, const assess_value *v,
                         assess_result *res, const assess_rule *r,
                         double *out)
{
	return assess_read_rule(h, assess_at_value(v, NULL), res, r, out);
}

/* --- tallies --- */

static size_t hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* The counters are kept densely, a key's at its index, and the hash
 * table holds only that index: at 100,000 parents of seven counters a
 * table of counters at most half full took 14.7 MB, this 8 MB. */
int assess_tally_init(assess_tally *t, int ncount)
{
	memset(t, 0, sizeof *t);
	t->ncount = ncount;
	t->cap = 32;
	t->nslot = 64;
	t->key = calloc(t->cap, sizeof *t->key);
	t->count = calloc(t->cap * (size_t)ncount, sizeof *t->count);
	t->slot = calloc(t->nslot, sizeof *t->slot);
	if (!t->key || !t->count || !t->slot) {
		assess_tally_free(t);
		return ASSESS_ENOMEM;
	}
	return ASSESS_OK;
}

/* The slot of k in t's table: its own, or the empty one it would take. */
static size_t slot_of(const assess_tally *t, const uint32_t *slot,
                      size_t nslot, const char *k)
{
	size_t i = hash(k) & (nslot - 1);

	while (slot[i] && strcmp(t->key[slot[i] - 1], k) != 0)
		i = (i + 1) & (nslot - 1);
	return i;
}

/* A table twice as large.  0, or -1 when out of memory. */
static int grow_slots(assess_tally *t)
{
	size_t nslot = t->nslot * 2, i;
	uint32_t *slot = calloc(nslot, sizeof *slot);

	if (!slot)
		return -1;
	for (i = 0; i < t->n; i++)
		slot[slot_of(t, slot, nslot, t->key[i])] = (uint32_t)(i + 1);
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	return 0;
}

/* Room for twice as many keys, the new room zeroed.  0, or -1 when out
 * of memory (t as it was). */
static int grow_keys(assess_tally *t)
{
	size_t cap = t->cap * 2, nc = (size_t)t->ncount;
	char **key;
	long *count;

	if (cap >= UINT32_MAX || !(key = realloc(t->key, cap * sizeof *key)))
		return -1;
	t->key = key;
	memset(key + t->cap, 0, (cap - t->cap) * sizeof *key);
	if (!(count = realloc(t->count, cap * nc * sizeof *count)))
		return -1; /* key only grew: t stays whole */
	memset(count + t->cap * nc, 0, (cap - t->cap) * nc * sizeof *count);
	t->count = count;
	t->cap = cap;
	return 0;
}

long *assess_tally_get(assess_tally *t, const char *key)
{
	size_t i;

	if ((t->n + 1) * 2 > t->nslot && grow_slots(t) < 0)
		return NULL;
	i = slot_of(t, t->slot, t->nslot, key);
	if (!t->slot[i]) {
		if (t->n == t->cap && grow_keys(t) < 0)
			return NULL;
		if (!(t->key[t->n] = strdup(key)))
			return NULL;
		t->slot[i] = (uint32_t)++t->n;
	}
	return t->count + (t->slot[i] - 1) * (size_t)t->ncount;
}

long *sdk_tally_find(const assess_tally *t, const char *key)
{
	size_t i;

	if (!t->nslot)
		return NULL;
	i = slot_of(t, t->slot, t->nslot, key);
	return t->slot[i] ? t->count + (t->slot[i] - 1) * (size_t)t->ncount
	                  : NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **assess_tally_sorted(const assess_tally *t)
{
	const char **v;

	if (!t->n || !(v = malloc(t->n * sizeof *v)))
		return NULL;
	memcpy(v, t->key, t->n * sizeof *v);
	qsort(v, t->n, sizeof *v, cmp_str);
	return v;
}

void assess_tally_free(assess_tally *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; t->key && i < t->n; i++)
		free(t->key[i]);
	free(t->key);
	free(t->count);
	free(t->slot);
	memset(t, 0, sizeof *t);
}
