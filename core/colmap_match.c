/*
 * colmap_match.c - a header against the table of names colmap.c builds
 * (see colmap.h): the normal form both are compared in, the rules that
 * take a header apart (a points suffix, a period joined to an item, a
 * year's stars, "label (key)", a dotted path), whether an unknown header
 * is a near miss, and the names listed in a message.
 */
#include "lang.h"
#include "colmap_impl.h"

#include "assess/scheme_base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- headers --- */

/* A part of a dotted header as a key: a criterion's label becomes its
 * key; anything else stays.  The part is [s, s+n). */
static void part_key(const struct colmap *m, const char *s, size_t n,
                     char *out, size_t len)
{
	char word[256];
	const struct name *f;
	const char *dot;

	snprintf(word, sizeof word, "%.*s", (int)n, s);
	f = colmap_find(m, word);
	if (f && f->crit && (dot = strrchr(f->path, '.')))
		snprintf(out, len, "%s", dot + 1);
	else
		snprintf(out, len, "%s", word);
}

/* A year's stars as a committee heads the column: "2024年星级", "2024
 * 年度星级", "2024年星数" -> history.2024.stars into path; 1, else 0. */
static int history_stars(const char *header, char *path, size_t len)
{
	static const char *const tail[] = { "年星级", "年度星级", "年星数",
	                                    "年度星数" };
	size_t i, n = strspn(header, "0123456789");

	if (n != 4)
		return 0;
	for (i = 0; i < sizeof tail / sizeof *tail; i++)
		if (strcmp(header + n, tail[i]) == 0) {
			snprintf(path, len, "history.%.4s.stars", header);
			return 1;
		}
	return 0;
}

/* The part of h (normal form) that is not the period p, when h starts
 * or ends with p: [*s, *e) without joiners, 1; else 0. */
static int period_rest(const char *h, const struct name *p, const char **s,
                       const char **e)
{
	size_t n, k = strlen(p->name), j;

	while (colmap_joiner(h, &j) && *h != ')')
		h += j; /* 【年度考核】班子建设 */
	n = strlen(h);
	if (n > k && strncasecmp(h, p->name, k) == 0) {
		*s = h + k;
		*e = h + n;
	} else if (n > k && strcasecmp(h + n - k, p->name) == 0) {
		*s = h;
		*e = h + n - k;
	} else if (n > k + 1 && h[n - 1] == ')' &&
	           strncasecmp(h + n - 1 - k, p->name, k) == 0) {
		*s = h; /* 班子建设(年度) */
		*e = h + n - 1 - k;
	} else {
		return 0;
	}
	colmap_trim_joiners(s, e);
	return *e > *s;
}

/* The item a part of a joined header names, or NULL. */
static const struct name *item_of(const struct colmap *m, const char *s,
                                  const char *e)
{
	char part[HEADER_MAX], bare[HEADER_MAX];
	const struct name *f;

	snprintf(part, sizeof part, "%.*s", (int)(e - s), s);
	if (!(f = colmap_find_as(m, part, 0)) && colmap_strip_points(part, bare, sizeof bare))
		f = colmap_find_as(m, bare, 0);
	return f && f->crit ? f : NULL;
}

/* A period joined to an item, in either order (日常考核-班子建设, 班子建设
 * (年度)): checks.PERIOD.ITEM into path; 1, else 0. */
static int joined(const struct colmap *m, const char *h, char *path,
                  size_t len)
{
	const struct name *item;
	const char *s, *e;
	size_t i;

	for (i = 0; m->periods && i < m->n; i++) {
		const struct name *p = &m->v[i];
		if (p->role != ROLE_PERIOD || !period_rest(h, p, &s, &e) ||
		    !(item = item_of(m, s, e)))
			continue;
		snprintf(path, len, "%s.%s", p->path,
		         strrchr(item->path, '.') ? strrchr(item->path, '.') + 1
		                                  : item->path);
		return 1;
	}
	return 0;
}

static int resolve(const struct colmap *m, const char *h, char *path,
                   size_t len, enum colmap_type *type, int depth)
{
	const struct name *f = colmap_find_as(m, h, 0);
	const char *s, *dot, *open;
	char hist[32], bare[HEADER_MAX];
	size_t used = 0;

	if (f && f->role == ROLE_SKIP)
		return 1;
	if (f) {
		snprintf(path, len, "%s", f->path);
		*type = f->type;
		return 0;
	}
	/* "label (key)", as --format csv and xlsx write headers: an ASCII
	 * key, so that 年度考核(自身建设) is a period and an item */
	if ((open = strrchr(h, '(')) && open > h && h[strlen(h) - 1] == ')') {
		char key[256];
		snprintf(key, sizeof key, "%.*s", (int)(strlen(open) - 2),
		         open + 1);
		for (s = key; *s && !(*s & 0x80); s++)
			;
		if (!*s && *key && (f = colmap_find_as(m, key, 0)) &&
		    f->role == ROLE_FIELD) {
			snprintf(path, len, "%s", f->path);
			*type = f->type;
			return 0;
		}
	}
	if (history_stars(h, hist, sizeof hist)) /* 2024年星级 */
		return resolve(m, hist, path, len, type, depth + 1);
	if (depth == 0 && colmap_strip_points(h, bare, sizeof bare) &&
	    resolve(m, bare, path, len, type, depth + 1) == 0)
		return 0;
	if (joined(m, h, path, len)) {
		*type = COLMAP_AUTO;
		return 0;
	}
	if (!strchr(h, '.') || h[0] == '.' || h[strlen(h) - 1] == '.' ||
	    strstr(h, "..") || strpbrk(h, " \t\"\\[]()"))
		return -1;
	path[0] = '\0';
	for (s = h; *s; s = *dot ? dot + 1 : dot) {
		char key[256];
		dot = s + strcspn(s, ".");
		part_key(m, s, (size_t)(dot - s), key, sizeof key);
		used += (size_t)snprintf(path + used, used < len ? len - used : 0,
		                         "%s%s", used ? "." : "", key);
	}
	if (used >= len)
		return -1;
	*type = colmap_type_of(path);
	return 0;
}

int colmap_resolve(const struct colmap *m, const char *header, char *path,
                   size_t len, enum colmap_type *type)
{
	char h[HEADER_MAX];

	if (colmap_norm(header, h, sizeof h) < 0 || !*h)
		return -1;
	return resolve(m, h, path, len, type, 0);
}

/* The number of characters of s. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += (*s & 0xC0) != 0x80;
	return n;
}

/* Of the names of role field and, unless crit, period (crit: the items
 * only), the one near w: a few edits away, or one holding the other (the
 * shorter of at least two characters, the longer of at least three).
 * NULL when none is. */
static const struct name *near_name(const struct colmap *m, const char *w,
                                    int crit)
{
	const char **names = calloc(m->n + 1, sizeof *names), *found;
	const struct name **of = calloc(m->n + 1, sizeof *of), *best = NULL;
	size_t i, k = 0, wn = chars(w), best_n = 0;

	if (!names || !of || wn < 2) /* one character is near too much */
		goto out;
	for (i = 0; i < m->n; i++)
		if (crit ? m->v[i].crit : m->v[i].role != ROLE_SKIP) {
			of[k] = &m->v[i];
			names[k++] = m->v[i].name;
		}
	found = assess_nearest(w, names, k);
	for (i = 0; i < k; i++) {
		size_t nn = chars(names[i]);
		if (found) {
			if (names[i] == found) {
				best = of[i];
				break;
			}
			continue;
		}
		if (((nn >= 3 && wn > nn && strstr(w, names[i])) ||
		     (wn >= 2 && nn >= 3 && nn > wn && strstr(names[i], w))) &&
		    nn > best_n) {
			best_n = nn;
			best = of[i];
		}
	}
out:
	free(names);
	free(of);
	return best;
}

/* The first item shown, for a period heading a column alone. */
static const char *first_item(const struct colmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].crit && m->v[i].shown)
			return m->v[i].name;
	return NULL;
}

int colmap_near(const struct colmap *m, const char *header, char *buf,
                size_t len)
{
	char h[HEADER_MAX], bare[HEADER_MAX];
	const struct name *item;
	const char *s, *e;
	size_t i;

	if (colmap_norm(header, h, sizeof h) < 0 || !*h)
		return 0;
	if (colmap_strip_points(h, bare, sizeof bare))
		snprintf(h, sizeof h, "%s", bare);
	/* an item joined to something near a period (年终考评-监督保障) */
	for (i = 0; m->periods && i < m->n; i++) {
		const struct name *c = &m->v[i], *p;
		char rest[HEADER_MAX];
		if (!c->crit || !c->shown || !(s = strstr(h, c->name)))
			continue;
		snprintf(rest, sizeof rest, "%.*s%s", (int)(s - h), h,
		         s + strlen(c->name));
		s = rest;
		e = rest + strlen(rest);
		colmap_trim_joiners(&s, &e);
		rest[e - rest] = '\0';
		if (s < e && (p = near_name(m, s, 0)) && p->role == ROLE_PERIOD) {
			snprintf(buf, len, "%s-%s", p->name, c->name);
			return 1;
		}
	}
	/* a period joined to something near an item */
	for (i = 0; m->periods && i < m->n; i++) {
		char part[HEADER_MAX];
		if (m->v[i].role != ROLE_PERIOD ||
		    !period_rest(h, &m->v[i], &s, &e))
			continue;
		snprintf(part, sizeof part, "%.*s", (int)(e - s), s);
		if ((item = near_name(m, part, 1))) {
			snprintf(buf, len, "%.*s%s%s", (int)(s - h), h, item->name, e);
			return 1;
		}
	}
	/* a year's stars */
	if (strspn(h, "0123456789") == 4 && (strstr(h, "年") || strstr(h, "星"))) {
		snprintf(buf, len, "%.4s年星级", h);
		return 1;
	}
	/* a period (alone, or near one) heads a column only joined to an
	 * item */
	item = colmap_find_as(m, h, 0) ? NULL : colmap_find_as(m, h, 1);
	if (!item)
		item = near_name(m, h, 0);
	if (item && item->role == ROLE_PERIOD && first_item(m)) {
		snprintf(buf, len, "%s-%s", item->name, first_item(m));
		return 1;
	}
	if (item && item->role == ROLE_FIELD) {
		snprintf(buf, len, "%s", item->name);
		return 1;
	}
	return 0;
}

/* A growing string for colmap_known: 0, or -1 out of memory. */
static int cat(char **buf, size_t *used, size_t *cap, const char *fmt,
               const char *a, const char *b)
{
	int n = snprintf(NULL, 0, fmt, a, b, a, b, a, b, b, a);
	char *nb;

	if (!*buf)
		return -1;
	if (*used + (size_t)n + 1 > *cap) {
		*cap = (*used + (size_t)n + 1) * 2;
		if (!(nb = realloc(*buf, *cap))) {
			free(*buf);
			*buf = NULL;
			return -1;
		}
		*buf = nb;
	}
	snprintf(*buf + *used, *cap - *used, fmt, a, b, a, b, a, b, b, a);
	*used += (size_t)n;
	return 0;
}

char *colmap_known(const struct colmap *m)
{
	const char *item = NULL, *period = NULL;
	size_t i, used = 0, cap = 256;
	char *buf = malloc(cap);

	if (buf)
		buf[0] = '\0';
	for (i = 0; i < m->n; i++) {
		const struct name *v = &m->v[i];
		if (v->role == ROLE_PERIOD && v->shown && !period)
			period = v->name;
		if (v->crit && v->shown && !item)
			item = v->name;
		if (v->shown && v->role == ROLE_FIELD &&
		    cat(&buf, &used, &cap, used ? ", %s" : "%s", v->name, NULL) < 0)
			return NULL;
	}
	if (period && item &&
	    cat(&buf, &used, &cap, _(", a period joined to an item (%s-%s, "
	        "%s·%s, %s(%s), %s(%s))"), period, item) < 0)
		return NULL;
	if (m->history && cat(&buf, &used, &cap, _(", a year's stars "
	        "(2024年星级)"), NULL, NULL) < 0)
		return NULL;
	if (cat(&buf, &used, &cap, _(", or a record path such as scores.KEY"),
	        NULL, NULL) < 0)
		return NULL;
	return buf;
}

