/*
 * sheetin_row.c - one spreadsheet row written as the JSON text of its
 * record through the plan of its file (see sheetin_impl.h): members in
 * the order their columns first appear, an empty cell left out, each
 * filled cell as sheetin_cell.c reads it, a history entry per period.
 * Split from sheetin.c, which reads the header into the plan.
 */
#include "sheetin_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The record's text is written by the JSON writer's own buffer and
 * string escaping (jsonw.h). */
static void put(struct sheetin_json *s, const char *p, size_t n)
{
	sheetin_put(s, p, n);
}

static void put_string(struct sheetin_json *s, const char *p, size_t n)
{
	jsonw_append_string(&s->t, p, n);
}

/* Whether the 3 bytes at p are a full-width space (U+3000, E3 80 80):
 * compared byte by byte, a call to strncmp at each end of every cell
 * cost more than the test. */
static int wide_space(const char *p)
{
	return p[0] == '\xE3' && p[1] == '\x80' && p[2] == '\x80';
}

static int blank(const char *p, size_t n)
{
	return n >= 1 && (*p == ' ' || *p == '\t') ? 1
	       : n >= 3 && wide_space(p) ? 3 : 0;
}

void sheetin_trim(const char **p, size_t *n)
{
	int k;

	while (*n && (k = blank(*p, *n))) {
		*p += k;
		*n -= (size_t)k;
	}
	while (*n) {
		if (*(*p + *n - 1) == ' ' || *(*p + *n - 1) == '\t')
			(*n)--;
		else if (*n >= 3 && wide_space(*p + *n - 3))
			*n -= 3;
		else
			break;
	}
}

static const struct sheetin_cell *cell_of(const struct sheetin_row *r,
                                          const struct sheetin_node *n)
{
	const struct sheetin_cell *c;
	const char *t;
	size_t len;

	if (n->col < 0 || (size_t)n->col >= r->ncells)
		return NULL;
	c = &r->cells[n->col];
	t = c->text;
	len = c->len;
	/* blanks only: an empty cell too; a cell that starts with no blank
	 * (most) is known not to be one without trimming it */
	if (!len || *t == ' ' || *t == '\t' || *t == '\xE3')
		sheetin_trim(&t, &len);
	if (c->kind == CELL_FORMULA)
		return c; /* no text, but not empty: a fault */
	return c->kind == CELL_EMPTY || len == 0 ? NULL : c;
}

/* The members of n filled in row r, each after a comma unless first;
 * whether any was written. */
static int put_members(struct sheetin_json *s, const struct sheetin_node *n,
                       const struct sheetin_row *r, int first)
{
	size_t i, mark;
	int any = 0;

	for (i = 0; i < n->nkids; i++) {
		const struct sheetin_node *k = &n->kids[i];
		const struct sheetin_cell *c = NULL;

		if (k->col >= 0 && !(c = cell_of(r, k)))
			continue;
		mark = s->t.len;
		if (k->jkey) {
			int lead = first && !any; /* no comma before it */
			put(s, k->jkey + lead, k->jkeylen - (size_t)lead);
		} else { /* a key that changes by row: the year's before */
			const char *key = k == s->prev ? s->prevkey : k->key;
			if (!first || any)
				put(s, ",", 1);
			put_string(s, key, strlen(key));
			put(s, ":", 1);
		}
		if (c) {
			size_t faults = s->faultlen;
			sheetin_put_cell(s, k, c, r->number);
			if (s->faultlen != faults) { /* the cell gave no value */
				s->t.len = mark;
				continue;
			}
		} else if (k->array) {
			size_t j, m2;
			const char *key;
			int e = 0;
			put(s, "[", 1);
			for (j = 0; j < k->nkids; j++) {
				m2 = s->t.len;
				if (e)
					put(s, ",", 1);
				put(s, "{\"period\":", 10);
				key = &k->kids[j] == s->prev ? s->prevkey
				                             : k->kids[j].key;
				put_string(s, key, strlen(key));
				if (!put_members(s, &k->kids[j], r, 0)) {
					s->t.len = m2;
					continue;
				}
				put(s, "}", 1);
				e++;
				if (s->nhist == s->histcap) {
					size_t cap = s->histcap * 2 + 8;
					const struct sheetin_node **h = realloc(s->hist,
					                                cap * sizeof *h);
					if (!h) {
						s->t.failed = 1;
						continue;
					}
					s->hist = h;
					s->histcap = cap;
				}
				s->hist[s->nhist++] = &k->kids[j];
			}
			put(s, "]", 1);
			if (!e) {
				s->t.len = mark;
				continue;
			}
		} else {
			put(s, "{", 1);
			if (!put_members(s, k, r, 1)) {
				s->t.len = mark;
				continue;
			}
			put(s, "}", 1);
		}
		any = 1;
	}
	return any;
}

int sheetin_row_json(struct sheetin_json *s, const struct sheetin_node *root,
                     const struct sheetin_row *r)
{
	size_t i;
	int any;

	s->t.len = 0;
	s->nhist = 0;
	s->faultlen = 0;
	put(s, "{", 1);
	any = put_members(s, root, r, 1);
	/* a cell beyond the header (a comma in an unquoted value shifts a
	 * CSV row): a field no scheme reads, so that the unknown-field rule
	 * ([input] extra_fields) rejects, warns of or lets through the row
	 * rather than it being read shifted without a word */
	for (i = s->width; i < r->ncells; i++) {
		const char *t = r->cells[i].text;
		size_t len = r->cells[i].len;
		char key[64];

		sheetin_trim(&t, &len);
		if (r->cells[i].kind == CELL_EMPTY || !len)
			continue;
		snprintf(key, sizeof key, "column %zu (no header)", i + 1);
		if (any)
			put(s, ",", 1);
		put_string(s, key, strlen(key));
		put(s, ":", 1);
		put_string(s, t, len);
		any = 1;
		break;
	}
	put(s, "}\0", 2); /* NUL-terminated, the NUL not counted */
	if (!s->t.failed)
		s->t.len--;
	return any || s->faultlen; /* a row of faults only is not empty */
}

