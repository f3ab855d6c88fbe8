/*
 * nearest.c - "did you mean ...?": the known name closest to a misspelt one
 * (see include/assess/scheme.h).  Shared by the assess runtime (unknown INI
 * keys, --set targets, record fields) and, through libassess_scheme.a, by
 * plugins (unknown item and veto keys), so every suggestion follows one
 * rule.
 *
 * The distance is the optimal string alignment distance (Levenshtein plus
 * the swap of two neighbours, "vetos"/"vteoes"), counted in characters, not
 * bytes, so a Chinese label is not three times as far as a Latin one.
 * Letters are compared without case, as INI names are.
 */
#include "assess/scheme.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CHARS 64 /* longer names are never suggested, nor matched */

/* Decode s into code points (lower-cased ASCII); the count, or -1 when
 * longer than MAX_CHARS.  Bytes that are not UTF-8 count one each. */
static int decode(const char *s, unsigned long *out)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p) {
		unsigned long c = *p;
		int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		int i;

		if (n == MAX_CHARS)
			return -1;
		p++;
		for (i = 0; i < extra && (*p & 0xC0) == 0x80; i++)
			c = (c << 6) | (*p++ & 0x3F);
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		out[n++] = c;
	}
	return n;
}

/* The optimal string alignment distance between a[0..n) and b[0..m). */
static int distance(const unsigned long *a, int n, const unsigned long *b,
                    int m)
{
	int d[MAX_CHARS + 1][MAX_CHARS + 1];
	int i, j;

	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			int cost = a[i - 1] != b[j - 1];
			int best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

const char *assess_nearest(const char *word, const char *const *names,
                           size_t n)
{
	unsigned long w[MAX_CHARS], c[MAX_CHARS];
	const char *best = NULL;
	int wn, best_d = 0;
	size_t i;

	if (!word || (wn = decode(word, w)) <= 0)
		return NULL;
	for (i = 0; i < n; i++) {
		int cn, d, longer;

		if (!names[i] || (cn = decode(names[i], c)) <= 0)
			continue;
		d = distance(w, wn, c, cn);
		longer = wn > cn ? wn : cn;
		/* close enough: one edit in a short name, a third of a long
		 * one; a name differing only in case is the nearest of all */
		if (strcmp(word, names[i]) == 0 ||
		    d > (longer <= 4 ? 1 : longer / 3))
			continue;
		if (!best || d < best_d) {
			best = names[i];
			best_d = d;
		}
	}
	return best;
}
