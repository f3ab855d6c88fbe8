/*
 * slotread.c - where the SDK's readers find a field (include/assess/
 * slotread.h): a source, by path in the record or by the value of a
 * declared slot, and the few reads every reader makes of it (type,
 * number, string, bool, count, a member's key, a part); the score
 * reader; and the slots of a scheme's items, every "scores.KEY" and
 * "checks.PERIOD.KEY" declared once in create with its path kept for
 * messages (read by items.c).  Each reader is written once over a source,
 * so its checks and messages cannot differ between the two ways.
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

assess_source assess_at_path(const assess_record *rec, const char *path)
{
	assess_source at = { rec, NULL, path };

	return at;
}

assess_source assess_at_value(const assess_value *v, const char *path)
{
	assess_source at = { NULL, v, path };

	return at;
}

int sdk_src_type(const assess_host *h, const assess_source *at)
{
	return at->rec ? h->record_type(at->rec, at->path)
	               : h->value_type(at->value);
}

int sdk_src_number(const assess_host *h, const assess_source *at,
                   double *out)
{
	return at->rec ? h->record_number(at->rec, at->path, out)
	               : h->value_number(at->value, out);
}

int sdk_src_string(const assess_host *h, const assess_source *at,
                   const char **out)
{
	return at->rec ? h->record_string(at->rec, at->path, out)
	               : h->value_string(at->value, out);
}

int sdk_src_bool(const assess_host *h, const assess_source *at, int *out)
{
	return at->rec ? h->record_bool(at->rec, at->path, out)
	               : h->value_bool(at->value, out);
}

int sdk_src_count(const assess_host *h, const assess_source *at)
{
	return at->rec ? h->record_count(at->rec, at->path)
	               : h->value_count(at->value);
}

const char *sdk_src_key(const assess_host *h, const assess_source *at,
                        int i)
{
	const char *key = NULL;

	if (at->rec)
		return h->record_key(at->rec, at->path, i);
	h->value_item(at->value, i, &key);
	return key;
}

assess_source sdk_src_part(const assess_host *h, const assess_source *at,
                           int i, const char *name, char *buf, size_t n)
{
	assess_source part = { at->rec, NULL, NULL };
	const assess_value *v = at->value;

	if (at->rec) {
		if (i >= 0 && name)
			snprintf(buf, n, "%s[%d].%s", at->path, i, name);
		else if (i >= 0)
			snprintf(buf, n, "%s[%d]", at->path, i);
		else
			snprintf(buf, n, "%s.%s", at->path, name);
		part.path = buf;
		return part;
	}
	if (i >= 0)
		v = h->value_item(v, i, NULL);
	if (name)
		v = h->value_member(v, name);
	part.value = v;
	return part;
}

const char *sdk_type_word(int t)
{
	switch (t) {
	case ASSESS_TYPE_NULL: return SDK_TR("null");
	case ASSESS_TYPE_BOOL: return SDK_TR("a boolean");
	case ASSESS_TYPE_NUMBER: return SDK_TR("a number");
	case ASSESS_TYPE_STRING: return SDK_TR("a string");
	case ASSESS_TYPE_ARRAY: return SDK_TR("an array");
	case ASSESS_TYPE_OBJECT: return SDK_TR("an object");
	default: return SDK_TR("missing");
	}
}

int sdk_score_check(const assess_host *h, assess_result *res,
                    const char *path, int rc, double v, int type,
                    const char *str, double max, double *out)
{
	if (rc == ASSESS_ENOENT)
		return ASSESS_ENOENT;
	if (rc == ASSESS_ERANGE)
		return h->reject(res, path, "is too large to be a score");
	if (rc == ASSESS_ETYPE && type == ASSESS_TYPE_STRING && str)
		return h->reject(res, path, "must be a number, not the "
		                 "string \"%.40s\"", str);
	if (rc == ASSESS_ETYPE)
		return h->reject(res, path, "must be a number, not %s",
		                 sdk_type_word(type));
	if (rc != ASSESS_OK)
		return h->reject(res, path, "cannot be read (code %d)", rc);
	if (v < 0)
		return h->reject(res, path, "%g is negative", v);
	if (assess_dec_cmp(v, max) > 0)
		return h->reject(res, path, "%g is above the maximum %g", v, max);
	*out = v;
	return ASSESS_OK;
}

int assess_read_score(const assess_host *h, assess_source at,
                      assess_result *res, double max, double *out)
{
	const char *s = NULL;
	double d = 0;
	int rc = sdk_src_number(h, &at, &d), t = ASSESS_TYPE_NUMBER;

	if (rc == ASSESS_ETYPE &&
	    (t = sdk_src_type(h, &at)) == ASSESS_TYPE_STRING)
		sdk_src_string(h, &at, &s);
	return sdk_score_check(h, res, at.path, rc, d, t, s, max, out);
}

int assess_score_read(const assess_host *h, const assess_record *rec,
                      assess_result *res, const char *path, double max,
                      double *out)
{
	return assess_read_score(h, assess_at_path(rec, path), res, max, out);
}

int assess_score_value(const assess_host *h, const assess_value *v,
                       assess_result *res, const char *path, double max,
                       double *out)
{
	return assess_read_score(h, assess_at_value(v, path), res, max, out);
}
