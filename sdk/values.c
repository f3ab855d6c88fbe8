/*
 * values.c - the record values a batch rule reads (include/assess/batch.h):
 * a percentage, a fraction, yes or no.  A percentage is read as a config's
 * is ("85%") or as the share itself (0.85, as a spreadsheet keeps a
 * percentage cell); a bare number above 1 is refused, never read as a
 * share of 8500%.  Each reader is one function over a source, by path
 * or by value (assess_read_percent, ... in slotread.h); the older names
 * are wrappers.  Part of libassess_scheme.a.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assess/scheme.h"
#include "internal.h"

/* What was read at a source: the code of the number read, its value, and
 * for a value of another type its type and, for a string, its text. */
struct got {
	int rc, type;
	double d;
	const char *s;
};

static void from_src(const assess_host *h, const assess_source *at,
                     struct got *g)
{
	g->s = NULL;
	g->d = 0;
	g->type = ASSESS_TYPE_NUMBER;
	g->rc = sdk_src_number(h, at, &g->d);
	if (g->rc == ASSESS_ETYPE &&
	    (g->type = sdk_src_type(h, at)) == ASSESS_TYPE_STRING)
		sdk_src_string(h, at, &g->s);
	if (g->rc == ASSESS_ETYPE && g->type == ASSESS_TYPE_BOOL) {
		int b = 0;
		sdk_src_bool(h, at, &b);
		g->d = b;
	}
}

/* "85%" (spaces allowed before the sign) as 0.85 in *share: 1, or 0 when
 * s is not a number followed by '%'. */
static int percent_text(const char *s, double *share)
{
	char *end;
	double pct = strtod(s, &end);

	if (end == s)
		return 0;
	while (*end == ' ' || *end == '\t')
		end++;
	if (strcmp(end, "%") != 0 || !isfinite(pct))
		return 0;
	*share = pct / 100;
	return 1;
}

static int percent_got(const assess_host *h, const struct got *g,
                       assess_result *res, const char *path, double *share)
{
	double x;

	if (g->rc == ASSESS_ENOENT)
		return ASSESS_ENOENT;
	if (g->rc == ASSESS_OK) {
		if (g->d > 1 && g->d <= 100)
			return h->reject(res, path, "%g is a number above 1: write "
			                 "\"%g%%\" for a percentage, or the share %g",
			                 g->d, g->d, assess_dec_round(g->d / 100, 6));
		if (g->d < 0 || g->d > 1)
			return h->reject(res, path, "%g is outside 0..1 (0%%..100%%)",
			                 g->d);
		*share = g->d;
		return ASSESS_OK;
	}
	if (g->rc == ASSESS_ERANGE)
		return h->reject(res, path, "is too large to be a percentage");
	if (g->type == ASSESS_TYPE_STRING && g->s) {
		if (!percent_text(g->s, &x))
			return h->reject(res, path, "\"%.*s\" is not a percentage "
			                 "such as 85%% or 0.85", sdk_clip(g->s, 64),
			                 g->s);
		if (x < 0 || x > 1)
			return h->reject(res, path, "%.*s is outside 0%%..100%%",
			                 sdk_clip(g->s, 64), g->s);
		*share = x;
		return ASSESS_OK;
	}
	return h->reject(res, path, "must be a percentage such as \"85%%\" or "
	                 "0.85, not %s", sdk_type_word(g->type));
}

static int fraction_got(const assess_host *h, const struct got *g,
                        assess_result *res, const char *path, double *share)
{
	if (g->rc == ASSESS_ENOENT)
		return ASSESS_ENOENT;
	if (g->rc == ASSESS_OK) {
		if (g->d < 0 || g->d > 1)
			return h->reject(res, path, "%g is outside 0..1: a fraction "
			                 "such as 0.85 is meant", g->d);
		*share = g->d;
		return ASSESS_OK;
	}
	if (g->rc == ASSESS_ERANGE)
		return h->reject(res, path, "is too large to be a fraction");
	if (g->type == ASSESS_TYPE_STRING && g->s)
		return h->reject(res, path, "must be a fraction 0..1 such as 0.85, "
		                 "not the string \"%.*s\"", sdk_clip(g->s, 64),
		                 g->s);
	return h->reject(res, path, "must be a fraction 0..1 such as 0.85, "
	                 "not %s", sdk_type_word(g->type));
}

static int yesno_got(const assess_host *h, const struct got *g,
                     assess_result *res, const char *path, int *out)
{
	static const char *const yes[] = { "yes", "true", "是", "y", "1" };
	static const char *const no[] = { "no", "false", "否", "n", "0" };
	size_t i;

	if (g->rc == ASSESS_ENOENT)
		return ASSESS_ENOENT;
	if (g->type == ASSESS_TYPE_BOOL) {
		*out = g->d != 0;
		return ASSESS_OK;
	}
	if (g->rc == ASSESS_OK && (g->d == 0 || g->d == 1)) {
		*out = g->d == 1;
		return ASSESS_OK;
	}
	if (g->type == ASSESS_TYPE_STRING && g->s) {
		for (i = 0; i < sizeof yes / sizeof *yes; i++) {
			if (strcasecmp(g->s, yes[i]) == 0) {
				*out = 1;
				return ASSESS_OK;
			}
			if (strcasecmp(g->s, no[i]) == 0) {
				*out = 0;
				return ASSESS_OK;
			}
		}
		return h->reject(res, path, "\"%.*s\" is not yes or no "
		                 "(true/false, 是/否, 1/0)", sdk_clip(g->s, 64),
		                 g->s);
	}
	if (g->rc == ASSESS_OK)
		return h->reject(res, path, "%g is not yes or no "
		                 "(true/false, 是/否, 1/0)", g->d);
	return h->reject(res, path, "must be yes or no (true/false, 是/否, "
	                 "1/0), not %s", sdk_type_word(g->type));
}

int assess_read_percent(const assess_host *h, assess_source at,
                        assess_result *res, double *share)
{
	struct got g;

	from_src(h, &at, &g);
	return percent_got(h, &g, res, at.path, share);
}

int assess_read_fraction(const assess_host *h, assess_source at,
                         assess_result *res, double *share)
{
	struct got g;

	from_src(h, &at, &g);
	return fraction_got(h, &g, res, at.path, share);
}

int assess_read_yesno(const assess_host *h, assess_source at,
                      assess_result *res, int *out)
{
	struct got g;

	from_src(h, &at, &g);
	return yesno_got(h, &g, res, at.path, out);
}

int assess_percent_value(const assess_host *h, const assess_value *v,
                         assess_result *res, const char *path,
                         double *share)
{
	return assess_read_percent(h, assess_at_value(v, path), res, share);
}

int assess_fraction_value(const assess_host *h, const assess_value *v,
                          assess_result *res, const char *path,
                          double *share)
{
	return assess_read_fraction(h, assess_at_value(v, path), res, share);
}

int assess_yesno_value(const assess_host *h, const assess_value *v,
                       assess_result *res, const char *path, int *out)
{
	return assess_read_yesno(h, assess_at_value(v, path), res, out);
}

int assess_percent_read(const assess_host *h, const assess_record *rec,
                        assess_result *res, const char *path,
                        double *share)
{
	return assess_read_percent(h, assess_at_path(rec, path), res, share);
}

int assess_fraction_read(const assess_host *h, const assess_record *rec,
                         assess_result *res, const char *path,
                         double *share)
{
	return assess_read_fraction(h, assess_at_path(rec, path), res, share);
}

int assess_yesno_read(const assess_host *h, const assess_record *rec,
                      assess_result *res, const char *path, int *out)
{
	return assess_read_yesno(h, assess_at_path(rec, path), res, out);
}
