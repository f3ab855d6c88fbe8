/*
 * jsonw.c - the result writer (see jsonw.h).
 *
 * cJSON prints a number with "%1.15g", reads it back, and prints it with
 * "%1.17g" when the reading differs from the value by more than one
 * DBL_EPSILON relative to the larger of the two.  Whole numbers below 1e15
 * come out of "%1.15g" exactly as their digits, so they are written
 * directly; every other number takes cJSON's path, with strtod in place of
 * sscanf.  Strings escape '"', '\\', \b \f \n \r \t by letter and other
 * bytes below 0x20 as \u00xx, and are otherwise written as they are.
 * tests/unit/test_core.c holds the writer to cJSON's output.
 */
#include "jsonw.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int same_double(double a, double b)
{
	double big = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= big * DBL_EPSILON;
}

int jsonw_number(char *buf, double d)
{
	if (isnan(d) || isinf(d)) {
		memcpy(buf, "null", 5);
		return 4;
	}
	if (fabs(d) < 1e15 && d == (double)(long long)d && !(d == 0 && signbit(d))) {
		char digits[24];
		unsigned long long u = d < 0 ? (unsigned long long)-(long long)d
		                             : (unsigned long long)d;
		int n = 0, len = 0;

		do
			digits[n++] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (d < 0)
			buf[len++] = '-';
		while (n)
			buf[len++] = digits[--n];
		buf[len] = '\0';
		return len;
	}
	{
		int len = snprintf(buf, 32, "%1.15g", d);
		char *end;
		double back = strtod(buf, &end);

		if (end == buf || !same_double(back, d))
			len = snprintf(buf, 32, "%1.17g", d);
		return len;
	}
}

static int put_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *run;

	putc_unlocked('"', fp);
	for (;;) {
		/* the longest run that needs no escape, in one write */
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
			;
		if (p > run && fwrite(run, 1, (size_t)(p - run), fp) != (size_t)(p - run))
			return -1;
		if (!*p)
			break;
		putc_unlocked('\\', fp);
		switch (*p) {
		case '"': putc_unlocked('"', fp); break;
		case '\\': putc_unlocked('\\', fp); break;
		case '\b': putc_unlocked('b', fp); break;
		case '\f': putc_unlocked('f', fp); break;
		case '\n': putc_unlocked('n', fp); break;
		case '\r': putc_unlocked('r', fp); break;
		case '\t': putc_unlocked('t', fp); break;
		default: fprintf(fp, "u%04x", *p); break;
		}
		p++;
	}
	return putc_unlocked('"', fp) == EOF ? -1 : 0;
}

int jsonw_write(FILE *fp, const cJSON *item)
{
	const cJSON *c;
	char num[32];
	int n;

	switch (item->type & 0xFF) {
	case cJSON_False:
		fputs("false", fp);
		break;
	case cJSON_True:
		fputs("true", fp);
		break;
	case cJSON_NULL:
		fputs("null", fp);
		break;
	case cJSON_Number:
		n = jsonw_number(num, item->valuedouble);
		fwrite(num, 1, (size_t)n, fp);
		break;
	case cJSON_Raw:
		if (!item->valuestring)
			return -1;
		fputs(item->valuestring, fp);
		break;
	case cJSON_String:
		if (put_string(fp, item->valuestring) < 0)
			return -1;
		break;
	case cJSON_Array:
		putc_unlocked('[', fp);
		for (c = item->child; c; c = c->next) {
			if (jsonw_write(fp, c) < 0)
				return -1;
			if (c->next)
				putc_unlocked(',', fp);
		}
		putc_unlocked(']', fp);
		break;
	case cJSON_Object:
		putc_unlocked('{', fp);
		for (c = item->child; c; c = c->next) {
			if (put_string(fp, c->string) < 0)
				return -1;
			putc_unlocked(':', fp);
			if (jsonw_write(fp, c) < 0)
				return -1;
			if (c->next)
				putc_unlocked(',', fp);
		}
		putc_unlocked('}', fp);
		break;
	default:
		return -1;
	}
	return ferror(fp) ? -1 : 0;
}
