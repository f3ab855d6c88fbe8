/*
 * validate.c - UTF-8 and duplicate-key checks (see validate.h).
 */
#include "validate.h"

#include "lang.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long utf8_invalid_at(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c;
		size_t len, k;
		unsigned cp;
		uint64_t v;

		/* eight bytes at a time while they are ASCII and not NUL */
		const uint64_t ones = 0x0101010101010101u, highs = ones << 7;
		while (i + 8 <= n && (memcpy(&v, s + i, 8),
		                      !((v | ((v - ones) & ~v)) & highs)))
			i += 8;
		if (i == n)
			break;
		c = s[i];
		if (c == 0)
			return (long)i; /* never valid in JSON text; cJSON would cut
			                   a string short at it */
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return (long)i;
		}
		if (i + len > n)
			return (long)i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return (long)i;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return (long)i;
		i += len;
	}
	return -1;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A key of obj named twice, or NULL; *err set when out of memory. */
static const char *twice(const cJSON *obj, int *err)
{
	const cJSON *a, *b;
	const char **keys, *found = NULL;
	size_t n = 0, i;

	for (a = obj->child; a; a = a->next)
		n++;
	if (n < 32) { /* small objects: compare pairs */
		for (a = obj->child; a; a = a->next)
			for (b = a->next; b; b = b->next)
				if (a->string[0] == b->string[0] && /* most differ */
				    strcmp(a->string, b->string) == 0)
					return a->string;
		return NULL;
	}
	/* large ones (hostile input) sorted, so the check stays n log n */
	if (!(keys = malloc(n * sizeof *keys))) {
		*err = 1;
		return NULL;
	}
	for (i = 0, a = obj->child; a; a = a->next)
		keys[i++] = a->string;
	qsort(keys, n, sizeof *keys, cmp_key);
	for (i = 1; i < n && !found; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			found = keys[i];
	free(keys);
	return found;
}

/* Search v depth first for an object that names a key twice.  trail[d]
 * is the member taken at depth d on the way down, so that the path is
 * written only for the one found.  Returns the depth of the object found
 * plus one (*dup its key), 0 when there is none, -1 out of memory. */
static int find(const cJSON *v, const cJSON **trail, int depth,
                const char **dup)
{
	const cJSON *c;
	int err = 0, rc;

	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return 0;
	if (cJSON_IsObject(v) && (*dup = twice(v, &err)))
		return depth + 1;
	if (err)
		return -1;
	if (depth >= CJSON_NESTING_LIMIT)
		return 0;
	for (c = v->child; c; c = c->next) {
		trail[depth] = c;
		if ((rc = find(c, trail, depth + 1, dup)) != 0)
			return rc;
	}
	return 0;
}

int json_duplicate_key(const cJSON *v, char *path, size_t len)
{
	const cJSON *trail[CJSON_NESTING_LIMIT + 1], *parent = v, *c;
	const char *dup = NULL;
	size_t at = 0;
	int n, d, w, i;

	if (!len)
		return 0;
	path[0] = '\0';
	if ((n = find(v, trail, 0, &dup)) <= 0)
		return n;
	for (d = 0; d < n; d++) {
		if (d == n - 1)
			w = snprintf(path + at, len - at, "%s%s", at ? "." : "", dup);
		else if (cJSON_IsObject(parent))
			w = snprintf(path + at, len - at, "%s%s", at ? "." : "",
			             trail[d]->string);
		else {
			for (i = 0, c = parent->child; c != trail[d]; c = c->next)
				i++;
			w = snprintf(path + at, len - at, "[%d]", i);
		}
		at += w > 0 ? (size_t)w : 0;
		if (at >= len)
			break;
		if (d < n - 1)
			parent = trail[d];
	}
	return 1;
}

/* Is the number token s[0..n) JSON's: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
 * NULL when it is, else what is wrong. */
static const char *bad_number(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0') {
		i++;
		if (i < n && s[i] >= '0' && s[i] <= '9')
			return _("a number may not start with 0 (leading zeros)");
	} else {
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return _("a number needs a digit first");
	}
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return _("a decimal point needs digits after it");
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return _("an exponent needs digits");
	}
	return i == n ? NULL : "not a JSON number";
}

long json_lexical_check(const char *s, size_t n, const char **why,
                        size_t *toklen)
{
	size_t i = 0;

	/* every record goes through here: a string is passed by memchr, a
	 * number's characters tested without a call (strchr per digit was a
	 * third of the check) */
	while (i < n) {
		char c = s[i];

		if (c == '"') {
			/* to the next quote; an escape before it is looked at,
			 * and the search goes on past the character it escapes */
			for (i++; i < n; i += 2) {
				const char *q = memchr(s + i, '"', n - i);
				const char *e = memchr(s + i, '\\',
				                       (size_t)((q ? q : s + n) - (s + i)));
				if (!e) {
					i = q ? (size_t)(q - s) : n;
					break;
				}
				i = (size_t)(e - s);
				if (i + 5 < n && memcmp(s + i + 1, "u0000", 5) == 0) {
					*why = _("\\u0000 (a NUL character) cannot be "
					       "carried in a string");
					*toklen = 6;
					return (long)i;
				}
			}
			i++;
		} else if (c == '-' || c == '+' || c == '.' ||
		           (c >= '0' && c <= '9')) {
			size_t start = i;
			while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
			                 s[i] == '-' || s[i] == '+' || s[i] == 'e' ||
			                 s[i] == 'E'))
				i++;
			if ((*why = bad_number(s + start, i - start))) {
				*toklen = i - start;
				return (long)start;
			}
		} else {
			i++;
		}
	}
	return -1;
}

long utf8_column(const char *bol, const char *at)
{
	long col = 1;

	for (; bol < at; bol++)
		col += ((unsigned char)*bol & 0xC0) != 0x80;
	return col;
}

int text_is_gb18030(const char *s, size_t n)
{
	iconv_t cd;
	char out[4096];
	char *in = (char *)s;
	size_t left = n, high = 0, breaks = 0;
	int ok = 1;
	size_t i;

	/* Chinese saved as UTF-8 is valid multi-byte sequences but for a
	 * damaged byte or two; text saved as GB18030 (GBK) pairs bytes that
	 * form one only by chance (钻井队 is D7 EA BE AE B6 D3, and EA BE AE
	 * is valid UTF-8), and breaks the rule at many places.  Fewer than
	 * three breaks: damaged UTF-8, not another encoding. */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;
		if (c < 0x80)
			continue;
		high++;
		if (len > 1 && i + len <= n && utf8_invalid_at(s + i, len) < 0)
			i += len - 1;
		else
			breaks++;
	}
	if (breaks < 3)
		return 0;
	/* and a name or two of it: one stray pair is a damaged byte */
	if (high < 4)
		return 0;
	cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return 0;
	while (left > 0 && ok) {
		char *o = out;
		size_t room = sizeof out;
		if (iconv(cd, &in, &left, &o, &room) == (size_t)-1 &&
		    errno != E2BIG)
			ok = 0;
	}
	iconv_close(cd);
	return ok;
}

int json_is_assess_output(const cJSON *o)
{
	static const char *const first[] = { "id", "name", "parent", "period",
	                                     "status" };
	const cJSON *m = cJSON_IsObject(o) ? o->child : NULL;
	size_t i;

	/* a record starts with its id as a result does: a few compares, no
	 * search, for every record */
	if (m && m->string && strcmp(m->string, "id") != 0)
		return cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "assess"))
		       && !cJSON_GetObjectItemCaseSensitive(o, "id") &&
		       (cJSON_GetObjectItemCaseSensitive(o, "results") ||
		        cJSON_GetObjectItemCaseSensitive(o, "summary"));
	for (i = 0; i < 5; i++, m = i < 5 ? m->next : m)
		if (!m || !m->string || strcmp(m->string, first[i]) != 0)
			return 0;
	/* m is the fifth member, status */
	return cJSON_IsString(m) && (strcmp(m->valuestring, "ok") == 0 ||
	                             strcmp(m->valuestring, "rejected") == 0);
}
