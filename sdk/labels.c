/*
 * labels.c - levels with bars (stars), key/label lists (vetoes) and the
 * keys a record lists (see include/assess/scheme.h).  Part of
 * libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

double assess_bars_show(const assess_bars *b, double score, int level)
{
	double two = assess_dec_round(score, 2);

	if (level > 0 && assess_dec_cmp(assess_dec_show(score,
	                                b->bar[level - 1]), two) != 0)
		return assess_dec_round(score, ASSESS_DEC_PLACES);
	return level < b->n ? assess_dec_show(score, b->bar[level]) : two;
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
int sdk_clip(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n <= max)
		return (int)n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* Key i of l as the known list names it: "KEY (LABEL)" in English, the
 * label first where the translation says so ("LABEL（KEY）" in zh_CN,
 * whose users know the label), into buf. */
static void key_and_label(const assess_labels *l, size_t i, char *buf,
                          size_t n)
{
	/* a template, not a printf format: the translation may swap the
	 * two words, which a format could not do portably */
	const char *t = SDK_TR("KEY (LABEL)"), *k = strstr(t, "KEY"),
	           *lb = strstr(t, "LABEL");
	const char *first, *second;
	size_t len1, len2;

	if (!k || !lb) { /* a translation without the words: both, plainly */
		snprintf(buf, n, "%s (%s)", l->key[i], l->label[i]);
		return;
	}
	first = k < lb ? l->key[i] : l->label[i];
	second = k < lb ? l->label[i] : l->key[i];
	len1 = k < lb ? 3 : 5;
	len2 = k < lb ? 5 : 3;
	snprintf(buf, n, "%.*s%s%.*s%s%s", (int)((k < lb ? k : lb) - t), t,
	         first, (int)((k < lb ? lb : k) - (k < lb ? k : lb) - len1),
	         (k < lb ? k : lb) + len1, second, (k < lb ? lb : k) + len2);
}

/* "a (A), b (B), c (C)" into buf (size n), ending ", ..." when they do
 * not fit; "none" for an empty list. */
static void key_list(const assess_labels *l, char *buf, size_t n)
{
	size_t i, len = 0, k;
	char one[256];

	snprintf(buf, n, "%s", l->n ? "" : SDK_TR("none"));
	for (i = 0; i < l->n; i++) {
		key_and_label(l, i, one, sizeof one);
		k = strlen(one) + (i ? 2 : 0);
		if (len + k + 6 > n) {
			snprintf(buf + len, n - len, "%s...", i ? ", " : "");
			return;
		}
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "",
		                        one);
	}
}

/* The key whose label s is near: by the "did you mean" rule over the
 * labels, else a label that s holds or that holds s (领导班子不团结 for
 * 班子不团结), which people add words around.  Its index, or -1. */
static int near_label(const assess_labels *l, const char *s)
{
	const char *near = assess_nearest(s, (const char *const *)l->label,
	                                  l->n);
	size_t i;

	for (i = 0; i < l->n; i++)
		if (near == l->label[i])
			return (int)i;
	for (i = 0; i < l->n && strlen(s) >= 4; i++)
		if (strstr(s, l->label[i]) || strstr(l->label[i], s))
			return (int)i;
	return -1;
}

/* Reject s at el, not a key of l: a label given for its key, a near
 * miss of a key or of a label, or neither, with the known keys.
 * ASSESS_EREJECT. */
static int unknown_key(const assess_host *h, assess_result *res,
                       const char *el, const char *what, const char *s,
                       const assess_labels *l, const char *known)
{
	const char *near;
	int k;

	if ((k = assess_labels_find_label(l, s)) >= 0)
		return h->reject(res, el, "unknown %s \"%.*s\": it is the label "
		                 "of %s; use the key \"%s\" (known: %s)", what,
		                 sdk_clip(s, 60), s, l->key[k], l->key[k], known);
	if ((near = assess_nearest(s, (const char *const *)l->key, l->n)))
		return h->reject(res, el, "unknown %s \"%.*s\": did you mean %s? "
		                 "(known: %s)", what, sdk_clip(s, 60), s, near,
		                 known);
	if ((k = near_label(l, s)) >= 0)
		return h->reject(res, el, "unknown %s \"%.*s\": did you mean %s "
		                 "(%s)? (known: %s)", what, sdk_clip(s, 60), s,
		                 l->label[k], l->key[k], known);
	return h->reject(res, el, "unknown %s \"%.*s\" (known: %s)", what,
	                 sdk_clip(s, 60), s, known);
}

int assess_read_keys(const assess_host *h, assess_source at,
                     assess_result *res, const char *what,
                     const assess_labels *l, unsigned char *hit)
{
	char el[SDK_PATH_MAX], known[512];
	int i, n, t = sdk_src_type(h, &at), rc = ASSESS_OK;

	if (l->n)
		memset(hit, 0, l->n);
	if (t == ASSESS_TYPE_MISSING || t == ASSESS_TYPE_NULL)
		return ASSESS_OK;
	if (t != ASSESS_TYPE_ARRAY)
		return h->reject(res, at.path, "must be an array of keys, not %s",
		                 sdk_type_word(t));
	n = sdk_src_count(h, &at);
	for (i = 0; i < n; i++) {
		const assess_source e = sdk_src_part(h, &at, i, NULL, el,
		                                     sizeof el);
		const char *s;
		int k;

		if (sdk_src_string(h, &e, &s) == ASSESS_OK &&
		    (k = assess_labels_find(l, s)) >= 0) {
			hit[k] = 1;
			continue;
		}
		/* the rare way: what is wrong, with the element's path */
		snprintf(el, sizeof el, "%s[%d]", at.path, i);
		if (sdk_src_string(h, &e, &s) != ASSESS_OK) {
			rc = h->reject(res, el, "must be a string key, not %s",
			               sdk_type_word(sdk_src_type(h, &e)));
			continue;
		}
		key_list(l, known, sizeof known);
		rc = unknown_key(h, res, el, what, s, l, known);
	}
	return rc;
}

int assess_keys_read_as(const assess_host *h, const assess_record *rec,
                        assess_result *res, const char *path,
                        const char *what, const assess_labels *l,
                        unsigned char *hit)
{
	return assess_read_keys(h, assess_at_path(rec, path), res, what, l,
	                        hit);
}

int assess_keys_read(const assess_host *h, const assess_record *rec,
                     assess_result *res, const char *path,
                     const assess_labels *l, unsigned char *hit)
{
	return assess_read_keys(h, assess_at_path(rec, path), res,
	                        SDK_TR("key"), l, hit);
}

int assess_labels_put(const assess_host *h, assess_node *obj,
                      const assess_labels *l, const long *counts)
{
	size_t i;
	int rc;

	for (i = 0; i < l->n; i++) {
		rc = counts ? h->put_int(obj, l->key[i], counts[i])
		            : h->put_string(obj, l->key[i], l->label[i]);
		if (rc != ASSESS_OK)
			return rc;
	}
	return ASSESS_OK;
}

int assess_keys_read_value(const assess_host *h, const assess_value *v,
                           assess_result *res, const char *path,
                           const char *what, const assess_labels *l,
                           unsigned char *hit)
{
	return assess_read_keys(h, assess_at_value(v, path), res, what, l, hit);
}
