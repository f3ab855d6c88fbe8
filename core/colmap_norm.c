/*
 * colmap_norm.c - the normal form spreadsheet headers and the names they
 * are looked up by are compared in (see colmap_impl.h): blanks and line
 * breaks dropped, full-width text made half-width, the dashes and middle
 * dots of Chinese text made one each; and the parts of a header that are
 * not its name: the joiners between a period and an item, a points
 * suffix.
 */
#include "colmap_impl.h"

#include <string.h>

/* --- the normal form --- */

/* The code point at *p (advanced past it); a byte that is not UTF-8 is
 * itself. */
static unsigned long next_cp(const unsigned char **p)
{
	unsigned long c = *(*p)++;
	int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0, i;

	if (!extra)
		return c;
	c &= 0x3F >> extra;
	for (i = 0; i < extra; i++) {
		if ((**p & 0xC0) != 0x80)
			return 0xFFFD;
		c = (c << 6) | (*(*p)++ & 0x3F);
	}
	return c;
}

static size_t put_cp(unsigned long c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* in in normal form into out: blanks and line breaks dropped, full-width
 * ASCII made half-width, 【】〔〕 made (), dashes '-' and middle dots '·'.
 * 0, or -1 when it does not fit. */
int colmap_norm(const char *in, char *out, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t used = 0;

	while (*p) {
		unsigned long c = next_cp(&p);
		char b[4];
		size_t k;

		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0;
		else if (c == 0x3010 || c == 0x3014)
			c = '(';
		else if (c == 0x3011 || c == 0x3015)
			c = ')';
		else if (c == 0x30FB || c == 0xFF65 || c == 0x2022 || c == 0x2027)
			c = 0xB7;
		else if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||
		         c == 0xFE63)
			c = '-';
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == 0x3000 || c == 0xA0)
			continue;
		k = put_cp(c, b);
		if (used + k >= len)
			return -1;
		memcpy(out + used, b, k);
		used += k;
	}
	out[used] = '\0';
	return 0;
}

/* Whether c (a byte of normal form) joins a period to an item. */
int colmap_joiner(const char *s, size_t *k)
{
	if (*s && strchr("-_/:|~().,+", *s)) {
		*k = 1;
		return 1;
	}
	if (!strncmp(s, "·", 2)) {
		*k = 2;
		return 1;
	}
	if (!strncmp(s, "、", 3)) {
		*k = 3;
		return 1;
	}
	return 0;
}

/* [*s, *e) without joiners at either end. */
void colmap_trim_joiners(const char **s, const char **e)
{
	size_t k;

	while (*s < *e && colmap_joiner(*s, &k) && *s + k <= *e)
		*s += k;
	for (;;) {
		if (*e > *s && colmap_joiner(*e - 1, &k) && k == 1)
			(*e)--;
		else if (*e - *s >= 2 && !strncmp(*e - 2, "·", 2))
			*e -= 2;
		else if (*e - *s >= 3 && !strncmp(*e - 3, "、", 3))
			*e -= 3;
		else
			break;
	}
}

/* A points suffix, as committees head a column with its maximum: "(20分)",
 * "(满分20分)", "(20)", "20分".  The header without it into out: 1, else
 * 0. */
int colmap_strip_points(const char *h, char *out, size_t len)
{
	size_t n = strlen(h), end = n, i;
	int bracket = 0;

	if (n && h[n - 1] == ')') {
		bracket = 1;
		end = n - 1;
	}
	if (end >= 3 && !strncmp(h + end - 3, "分", 3))
		end -= 3;
	else if (!bracket)
		return 0;
	i = end;
	while (i > 0 && ((h[i - 1] >= '0' && h[i - 1] <= '9') || h[i - 1] == '.'))
		i--;
	if (i == end)
		return 0;
	if (i >= 6 && !strncmp(h + i - 6, "满分", 6))
		i -= 6;
	if (bracket) {
		if (i == 0 || h[i - 1] != '(')
			return 0;
		i--;
	}
	if (i == 0 || i >= len)
		return 0;
	memcpy(out, h, i);
	out[i] = '\0';
	return 1;
}
