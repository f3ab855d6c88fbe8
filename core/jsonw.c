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
 * A number with a few decimals (83.7) whose digits read back as exactly
 * the same double is written from those digits: "%1.15g" prints nothing
 * else for it (DBL_DIG is 15), and printf is most of the writer's time.
 * A value is built in memory and written with one fwrite.
 * tests/unit/test_core.c holds the writer to cJSON's output.
 */
#include "jsonw.h"
#include "keys.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static int same_double(double a, double b)
{
	double big = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= big * DBL_EPSILON;
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

/* d as m / 10^k for the smallest k of 1..8 with m below 10^15, when the
 * division gives d back exactly (then those digits are what "%1.15g"
 * prints, in fixed notation from 1e-4 up).  The length written, or 0. */
static int short_decimal(char *buf, double d)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	                              1e8 };
	double a = fabs(d);
	int k;

	if (!(a >= 1e-4 && a < 1e7))
		return 0;
	for (k = 1; k <= 8; k++) {
		double scaled = a * p10[k];
		unsigned long long m;
		char digits[24];
		int n, len = 0, i;

		if (scaled >= 1e15)
			return 0;
		m = (unsigned long long)(scaled + 0.5);
		if ((double)m / p10[k] != a)
			continue;
		n = put_digits(digits, m);
		if (d < 0)
			buf[len++] = '-';
		if (n <= k) {
			buf[len++] = '0';
			buf[len++] = '.';
			for (i = n; i < k; i++)
				buf[len++] = '0';
			memcpy(buf + len, digits, (size_t)n);
			len += n;
		} else {
			memcpy(buf + len, digits, (size_t)(n - k));
			len += n - k;
			buf[len++] = '.';
			memcpy(buf + len, digits + n - k, (size_t)k);
			len += k;
		}
		buf[len] = '\0';
		return len;
	}
	return 0;
}

int jsonw_number(char *buf, double d)
{
	int len;

	if (isnan(d) || isinf(d)) {
		memcpy(buf, "null", 5);
		return 4;
	}
	if (fabs(d) < 1e15 && d == (double)(long long)d && !(d == 0 && signbit(d))) {
		unsigned long long u = d < 0 ? (unsigned long long)-(long long)d
		                             : (unsigned long long)d;
		len = 0;
		if (d < 0)
			buf[len++] = '-';
		len += put_digits(buf + len, u);
		buf[len] = '\0';
		return len;
	}
	if ((len = short_decimal(buf, d)) > 0)
		return len;
	{
		char *end;
		double back;

		len = snprintf(buf, 32, "%1.15g", d);
		back = strtod(buf, &end);
		if (end == buf || !same_double(back, d))
			len = snprintf(buf, 32, "%1.17g", d);
		return len;
	}
}

int jsonw_reserve(struct jsonw_buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->failed)
		return -1;
	if (b->len + n <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->len + n)
		cap *= 2;
	if (!(p = realloc(b->data, cap))) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

static void put(struct jsonw_buf *b, const char *s, size_t n)
{
	if (b->len + n <= b->cap || jsonw_reserve(b, n) == 0) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
	}
}

static void put_char(struct jsonw_buf *b, char c)
{
	if (b->len < b->cap || jsonw_reserve(b, 1) == 0)
		b->data[b->len++] = c;
}

void jsonw_append_char(struct jsonw_buf *b, char c)
{
	put_char(b, c);
}

/* Whether none of the 8 bytes at p needs an escape: none below 0x20,
 * none '"' or '\\'. */
static int plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, highs = ones << 7;
	uint64_t v, q, bs;

	memcpy(&v, p, 8);
	q = v ^ ones * '"';
	bs = v ^ ones * '\\';
	return ((((v - ones * 0x20) & ~v) | ((q - ones) & ~q) |
	         ((bs - ones) & ~bs)) & highs) == 0;
}

static void put_string_n(struct jsonw_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	const unsigned char *end = p + n;
	char esc[8];

	put_char(b, '"');
	while (p < end) {
		/* the longest run that needs no escape, in one copy */
		run = p;
		while (end - p >= 8 && plain8(p))
			p += 8;
		while (p < end && *p >= 0x20 && *p != '"' && *p != '\\')
			p++;
		if (p > run)
			put(b, (const char *)run, (size_t)(p - run));
		if (p == end)
			break;
		esc[0] = '\\';
		switch (*p) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			snprintf(esc + 1, sizeof esc - 1, "u%04x", *p);
			put(b, esc, 6);
			p++;
			continue;
		}
		put(b, esc, 2);
		p++;
	}
	put_char(b, '"');
}

/* A C string, NULL as "" (as cJSON prints it).  The keys and labels of
 * a result need no escape: the string is measured by strlen, copied
 * into place at once and the copy checked eight bytes at a time (a
 * byte at a time, the three tests of each byte were most of the
 * writer's time).  A copy shorter than eight bytes lands on eight
 * plain bytes written first, so that one word checks it whole.  One
 * with a byte to escape is written again by put_string_n over it. */
static void put_string(struct jsonw_buf *b, const char *s)
{
	static const char filler[8] = "aaaaaaaa";
	const char *p = s ? s : "";
	size_t n = strlen(p), i;
	unsigned char *d;

	if (b->len + n + 9 > b->cap && jsonw_reserve(b, n + 9) < 0)
		return;
	d = (unsigned char *)b->data + b->len;
	memcpy(d + 1, filler, 8);
	memcpy(d + 1, p, n);
	for (i = 0; i + 8 < n; i += 8)
		if (!plain8(d + 1 + i))
			goto escape;
	if (!plain8(n < 8 ? d + 1 : d + 1 + n - 8))
		goto escape;
	d[0] = '"';
	d[n + 1] = '"';
	b->len += n + 2;
	return;
escape:
	put_string_n(b, p, n);
}

/* A member's key the run holds, known plain and n bytes long, with its
 * quotes and colon. */
static void put_key(struct jsonw_buf *b, const char *s, size_t n)
{
	char *d;

	if (b->len + n + 3 > b->cap && jsonw_reserve(b, n + 3) < 0)
		return;
	d = b->data + b->len;
	d[0] = '"';
	memcpy(d + 1, s, n);
	d[n + 1] = '"';
	d[n + 2] = ':';
	b->len += n + 3;
}

void jsonw_append_raw(struct jsonw_buf *b, const char *p, size_t n)
{
	put(b, p, n);
}

void jsonw_append_string(struct jsonw_buf *b, const char *s, size_t n)
{
	put_string_n(b, s, n);
}

int jsonw_append(struct jsonw_buf *b, const cJSON *item)
{
	const cJSON *c;
	char num[32];
	int n;

	switch (item->type & 0xFF) {
	case cJSON_False:
		put(b, "false", 5);
		break;
	case cJSON_True:
		put(b, "true", 4);
		break;
	case cJSON_NULL:
		put(b, "null", 4);
		break;
	case cJSON_Number:
		n = jsonw_number(num, item->valuedouble);
		put(b, num, (size_t)n);
		break;
	case cJSON_Raw:
		if (!item->valuestring)
			return -1;
		put(b, item->valuestring, strlen(item->valuestring));
		break;
	case cJSON_String:
		put_string(b, item->valuestring);
		break;
	case cJSON_Array:
		put_char(b, '[');
		for (c = item->child; c; c = c->next) {
			if (jsonw_append(b, c) < 0)
				return -1;
			if (c->next)
				put_char(b, ',');
		}
		put_char(b, ']');
		break;
	case cJSON_Object:
		put_char(b, '{');
		for (c = item->child; c; c = c->next) {
			if ((c->type & cJSON_StringIsConst) &&
			    (n = (int)keys_plain_len(c->string)) > 0)
				put_key(b, c->string, (size_t)n);
			else {
				put_string(b, c->string);
				put_char(b, ':');
			}
			if (jsonw_append(b, c) < 0)
				return -1;
			if (c->next)
				put_char(b, ',');
		}
		put_char(b, '}');
		break;
	default:
		return -1;
	}
	return b->failed ? -1 : 0;
}

void jsonw_buf_free(struct jsonw_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

int jsonw_write(FILE *fp, const cJSON *item)
{
	struct jsonw_buf b = { 0 };
	int rc = jsonw_append(&b, item);

	if (rc == 0 && b.len && fwrite(b.data, 1, b.len, fp) != b.len)
		rc = -1;
	jsonw_buf_free(&b);
	return rc == 0 && !ferror(fp) ? 0 : -1;
}
