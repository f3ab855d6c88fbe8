/*
 * numbers.c - decimal terms, and the config numbers every scheme reads
 * (see include/assess/scheme.h).  Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int assess_dec_cmp(double a, double b)
{
	if (fabs(a) < SDK_DEC_LIMIT && fabs(b) < SDK_DEC_LIMIT) {
		double ra = sdk_dec_millionths(a), rb = sdk_dec_millionths(b);
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

	if (!isfinite(x) || fabs(x) * scale >= SDK_DEC_LIMIT)
		return x;
	/* Drop the binary noise below 1e-6 of the last place, then round
	 * half away from zero. */
	t = nearbyint(x * scale * 1e6) / 1e6;
	t = round(t) / scale;
	return t == 0 ? 0 : t; /* no -0 in output */
}

/* The decimal digits of u into buf, most significant first; their count. */
static int put_digits(char *buf, unsigned long long u)
{
	char digits[24];
	int n = 0, len = 0;

	do
		digits[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (n)
		buf[len++] = digits[--n];
	return len;
}

/* v as "%g" prints it, into buf (32 bytes); the length.  When v is
 * m / 10^k for an m of at most six digits (the double nearest that
 * decimal), "%g" rounds it to those very digits and, from 1e-4 up to
 * 1e6, writes them in fixed notation with no trailing zero: the smallest
 * such k gives them without printf.  Any other v takes snprintf. */
static int format_g(char *buf, double v)
{
	double a = fabs(v);
	int k, n, len = 0;

	for (k = 0; a >= 1e-4 && a < 1e6 && k <= 10; k++) {
		double scaled = a * ten_to(k);
		unsigned long long m;
		char digits[24];

		if (scaled >= 1e6)
			break; /* seven digits or more */
		m = (unsigned long long)(scaled + 0.5);
		if ((double)m / ten_to(k) != a)
			continue;
		n = put_digits(digits, m);
		if (v < 0)
			buf[len++] = '-';
		if (n <= k) {
			buf[len++] = '0';
			buf[len++] = '.';
			memset(buf + len, '0', (size_t)(k - n));
			len += k - n;
			memcpy(buf + len, digits, (size_t)n);
			len += n;
		} else {
			memcpy(buf + len, digits, (size_t)(n - k));
			len += n - k;
			if (k) {
				buf[len++] = '.';
				memcpy(buf + len, digits + n - k, (size_t)k);
				len += k;
			}
		}
		buf[len] = '\0';
		return len;
	}
	return snprintf(buf, 32, "%g", v);
}

/* n bytes of s at out[*o], as far as size leaves room for the NUL;
 * *o counts them all, as vsnprintf's result does. */
static void add(char *out, size_t size, size_t *o, const char *s, size_t n)
{
	if (*o + 1 < size) {
		size_t room = size - 1 - *o;
		memcpy(out + *o, s, n < room ? n : room);
	}
	*o += n;
}

int sdk_vformat(char *out, size_t size, const char *fmt, va_list ap)
{
	const char *p, *s;
	char num[32];
	size_t o = 0;
	int d;

	for (p = fmt; (p = strchr(p, '%')) != NULL; p += 2)
		if (!p[1] || !strchr("sdg%", p[1]))
			return vsnprintf(out, size, fmt, ap);
	for (p = fmt; *p; p++) {
		if (*p != '%') {
			s = strchr(p, '%');
			if (!s)
				s = p + strlen(p);
			add(out, size, &o, p, (size_t)(s - p));
			p = s - 1;
			continue;
		}
		switch (*++p) {
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)"; /* as glibc prints it */
			add(out, size, &o, s, strlen(s));
			break;
		case 'd':
			d = va_arg(ap, int);
			num[0] = '-';
			add(out, size, &o, num, (size_t)(d < 0) +
			    (size_t)put_digits(num + (d < 0), d < 0
			                       ? 0ull - (unsigned long long)d
			                       : (unsigned long long)d));
			break;
		case 'g':
			add(out, size, &o, num, (size_t)format_g(num,
			    va_arg(ap, double)));
			break;
		default:
			add(out, size, &o, "%", 1);
		}
	}
	if (size)
		out[o < size ? o : size - 1] = '\0';
	return (int)o;
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
