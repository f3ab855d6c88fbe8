/*
 * numbers.c - decimal terms, and the config numbers every scheme reads
 * (see include/assess/scheme.h).  Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "internal.h"

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

/* 10^places: exact from a table for the places a scheme shows (pow was
 * a fiftieth of a run). */
static double ten_to(int places)
{
	static const double ten[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	                              1e8, 1e9, 1e10 };

	return places >= 0 && places <= 10 ? ten[places] : pow(10, places);
}

double assess_dec_round(double x, int places)
{
	double scale = ten_to(places), t;

	if (!isfinite(x) || fabs(x) * scale >= DEC_LIMIT)
		return x;
	/* Drop the binary noise below 1e-6 of the last place, then round
	 * half away from zero. */
	t = nearbyint(x * scale * 1e6) / 1e6;
	t = round(t) / scale;
	return t == 0 ? 0 : t; /* no -0 in output */
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
	while (*end == ' ' || *end == '\t') /* "10 %" is meant as 10% */
		end++;
	if (end != s && !*end && isfinite(pct) && pct >= 0 && pct <= 1)
		return h->config_error(cfg, section, key, "'%s' is a number, not "
		                       "a percentage: write %g%%", s,
		                       assess_dec_round(pct * 100, 6));
	if (end == s || strcmp(end, "%") != 0 || !isfinite(pct))
		return h->config_error(cfg, section, key, "'%s' is not a "
		                       "percentage such as 80%%%s", s,
		                       /* xgettext:no-c-format */
		                       strstr(s, "\xEF\xBC") ? SDK_TR(" (write the % "
		                       "and the digits in ASCII, not full-width)")
		                       : "");
	if (pct < 0 || pct > 100)
		return h->config_error(cfg, section, key, "%s is outside "
		                       "0%%..100%%", s);
	*share = pct / 100;
	return ASSESS_OK;
}

/* A bar: a number 0..max or a share of max written "80%". */

double assess_dec_show(double x, double bar)
{
	double two = assess_dec_round(x, 2);

	return (assess_dec_cmp(two, bar) >= 0) == (assess_dec_cmp(x, bar) >= 0)
	       ? two : assess_dec_round(x, ASSESS_DEC_PLACES);
}

double assess_dec_gap(double x)
{
	double two = assess_dec_round(x, 2);

	return assess_dec_cmp(x, 0) > 0 && assess_dec_cmp(two, 0) <= 0
	       ? assess_dec_round(x, ASSESS_DEC_PLACES) : two;
}
