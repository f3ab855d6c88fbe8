/*
 * amend_merge.c - the pass that merges the amendments into the spooled
 * results (see amend_impl.h), once 28% of a run of a million star
 * records, and the one copy of the spool to the output when nothing was
 * amended.  The spool is read a line at a time where it lies, and the
 * output written a block at a time (spool.h): a stretch of NDJSON lines
 * without amendments is copied at once.  An amended line takes the
 * members spliced in when they only add new ones (decided by walking the
 * amendments' compact text, no parse), else the line is parsed and a
 * member replaced in place.  Whether the line already has a member of
 * an amendment's key is first asked of memmem: a top-level member "k"
 * is written as "k": and no string's text holds that (its quotes are
 * escaped), so most lines are never walked member by member (that walk
 * was most of the pass's own time on results SB9 amends).
 */
#define _GNU_SOURCE /* memmem */
#include "amend_impl.h"
#include "spool.h"

#include <stdlib.h>
#include <string.h>

#define KEYS_MAX 64  /* more new members on a line: merged by a parse */
#define KEY_NEEDLE 64 /* a longer key: the line's members walked */

/* The closing quote of the string whose opening quote is s[i] (one not
 * escaped: an even run of backslashes before it), or len.  Most of a
 * result's bytes are inside strings: memchr crosses them. */
static size_t string_end(const char *s, size_t i, size_t len)
{
	const char *q;
	size_t b;

	for (;;) {
		if (!(q = memchr(s + i + 1, '"', len - i - 1)))
			return len;
		i = (size_t)(q - s);
		for (b = i; s[b - 1] == '\\'; b--)
			; /* stops at the opening quote at the latest */
		if ((i - b) % 2 == 0)
			return i;
	}
}

/* The end of the JSON value at s[i] (compact, as jsonw writes it): just
 * past a container, or at the ',' or '}' after a scalar. */
static size_t skip_value(const char *s, size_t i, size_t len)
{
	int depth = 0;

	for (; i < len; i++) {
		if (s[i] == '"') {
			i = string_end(s, i, len);
			continue;
		}
		if (s[i] == '{' || s[i] == '[') {
			depth++;
		} else if (s[i] == '}' || s[i] == ']') {
			if (depth == 0)
				return i;     /* the end of the enclosing object */
			if (--depth == 0)
				return i + 1; /* just past this container */
		} else if (s[i] == ',' && depth == 0) {
			return i;
		}
	}
	return len;
}

/* The raw text of the top-level member key (klen bytes, no escapes) of
 * the compact object s[0..len), its length in *vlen; NULL when absent. */
static const char *top_member(const char *s, size_t len, const char *key,
                              size_t klen, size_t *vlen)
{
	size_t i = 1, k, e, v;

	while (i < len && s[i] == '"') {
		for (k = e = i + 1; e < len && s[e] != '"'; e++)
			e += s[e] == '\\';
		v = e + 2; /* past '"' and ':' */
		i = skip_value(s, v, len);
		if (e - k == klen && memcmp(s + k, key, klen) == 0) {
			*vlen = i - v;
			return s + v;
		}
		if (i >= len || s[i] != ',')
			break;
		i++;
	}
	return NULL;
}

/* The amendments of one result line: their texts one after another in
 * text, where sp[i] says which bytes are the i-th. */
struct span {
	size_t off, len;
};
struct texts {
	struct jsonw_buf text;
	struct span *sp;
	size_t n, cap;
};

/* The top-level keys of one result line, as their raw text (jsonw's,
 * escapes and all), walked once and only when a key is to be looked
 * for; a line of more than LINE_KEYS members keeps the first ones and
 * says so (its amendments are then merged by a parse). */
#define LINE_KEYS 128
struct members {
	const char *line; /* the line walked, or NULL: not yet */
	const char *key[LINE_KEYS];
	size_t klen[LINE_KEYS], n;
	int more; /* keys past LINE_KEYS not kept */
};

/* Walk the top-level members of the compact object s[0..len) into m. */
static void line_members(const char *s, size_t len, struct members *m)
{
	size_t i = 1, k, e;

	m->line = s;
	m->n = 0;
	m->more = 0;
	while (i < len && s[i] == '"') {
		for (k = e = i + 1; e < len && s[e] != '"'; e++)
			e += s[e] == '\\';
		if (m->n < LINE_KEYS) {
			m->key[m->n] = s + k;
			m->klen[m->n++] = e - k;
		} else {
			m->more = 1;
		}
		i = skip_value(s, e + 2, len); /* past '"' and ':' */
		if (i >= len || s[i] != ',')
			break;
		i++;
	}
}

/* Whether the line s[0..len) (its members m, walked on demand) may have
 * a top-level member of key k[0..kl) (no escapes): 0 only when it has
 * none. */
static int may_have(const char *s, size_t len, struct members *m,
                    const char *k, size_t kl)
{
	char needle[KEY_NEEDLE];
	size_t i;

	if (kl + 3 <= sizeof needle) {
		needle[0] = '"';
		memcpy(needle + 1, k, kl);
		needle[kl + 1] = '"';
		needle[kl + 2] = ':';
		if (!memmem(s, len, needle, kl + 3))
			return 0;
	}
	if (m->line != s)
		line_members(s, len, m);
	if (m->more)
		return 1;
	for (i = 0; i < m->n; i++)
		if (m->klen[i] == kl && memcmp(m->key[i], k, kl) == 0)
			return 1;
	return 0;
}

/* Whether the amendments t only add members the result line lacks, none
 * given twice: then their text is spliced in, the line not re-parsed.
 * Their top-level keys are walked as jsonw wrote them; a key written
 * with an escape, or more than KEYS_MAX of them, says no (the parse
 * decides then). */
static int only_new_members(const char *line, size_t len,
                            const struct texts *t)
{
	const char *key[KEYS_MAX];
	size_t klen[KEYS_MAX], nk = 0, i, j, k, e, tl;
	struct members m;
	const char *s;

	m.line = NULL;
	m.n = 0;
	m.more = 0;
	for (i = 0; i < t->n; i++) {
		s = t->text.data + t->sp[i].off;
		tl = t->sp[i].len;
		if (tl < 2 || s[0] != '{' || s[tl - 1] != '}')
			return 0;
		for (j = 1; j < tl - 1;) {
			if (s[j] != '"' || nk == KEYS_MAX)
				return 0;
			for (k = e = j + 1; e < tl && s[e] != '"'; e++)
				if (s[e] == '\\')
					return 0;
			if (e + 1 >= tl || s[e + 1] != ':' ||
			    may_have(line, len, &m, s + k, e - k))
				return 0;
			key[nk] = s + k;
			klen[nk] = e - k;
			for (k = 0; k < nk; k++)
				if (klen[k] == klen[nk] &&
				    memcmp(key[k], key[nk], klen[k]) == 0)
					return 0;
			nk++;
			j = skip_value(s, e + 2, tl);
			if (j < tl - 1 && s[j] == ',')
				j++;
			else if (j != tl - 1)
				return 0;
		}
	}
	return 1;
}

/* Put the members of the text s[0..len) into result (replacing one of
 * the same name in place).  0, or -1 out of memory. */
static int merge(cJSON *result, const char *s, size_t len)
{
	cJSON *obj = cJSON_ParseWithLength(s, len), *m, *old;

	if (!obj)
		return -1;
	while ((m = obj->child)) {
		cJSON_DetachItemViaPointer(obj, m);
		old = cJSON_GetObjectItemCaseSensitive(result, m->string);
		if (old)
			cJSON_ReplaceItemViaPointer(result, old, m);
		else
			cJSON_AddItemToObject(result, m->string, m);
	}
	cJSON_Delete(obj);
	return 0;
}

/* Write result line (len bytes, its newline excluded) with the
 * amendments t merged.  0, or -1. */
static int write_merged(struct spool_sink *o, const char *line, size_t len,
                        const struct texts *t)
{
	cJSON *res = cJSON_ParseWithLength(line, len);
	size_t i;
	int rc = -1;

	if (!res)
		return -1;
	for (i = 0; i < t->n; i++)
		if (merge(res, t->text.data + t->sp[i].off, t->sp[i].len) < 0)
			goto out;
	if (jsonw_append(&o->b, res) == 0 &&
	    (o->b.len < SPOOL_BLOCK || spool_sink_drain(o) == 0))
		rc = 0;
out:
	cJSON_Delete(res);
	return rc;
}

/* Write result line (len bytes, its newline excluded) with the
 * amendments t merged: spliced in when they only add members, else
 * through a parse (a member replaced in place).  A rejected result is
 * written as it was.  0, or -1. */
static int write_line(struct spool_sink *o, const char *line, size_t len,
                      const struct texts *t)
{
	size_t vlen = 0, i;
	const char *st = top_member(line, len, "status", 6, &vlen), *s;

	if (st && vlen == 10 && memcmp(st, "\"rejected\"", 10) == 0)
		return spool_sink_put(o, line, len); /* as it was */
	if (len < 2 || line[len - 1] != '}' || !only_new_members(line, len, t))
		return write_merged(o, line, len, t);
	if (spool_sink_put(o, line, len - 1) < 0)
		return -1;
	for (i = 0; i < t->n; i++) {
		s = t->text.data + t->sp[i].off;
		if (t->sp[i].len > 2 && (spool_sink_put(o, ",", 1) < 0 ||
		    spool_sink_put(o, s + 1, t->sp[i].len - 2) < 0))
			return -1;
	}
	return spool_sink_put(o, "}", 1);
}

/* Read the amendments e[0..n) into t.  0, or -1. */
static int gather(struct amend_window *w, const struct amend_entry *e, size_t n,
                  struct texts *t)
{
	size_t i;

	t->text.len = 0;
	t->n = 0;
	if (n > t->cap) {
		struct span *sp = realloc(t->sp, n * sizeof *sp);
		if (!sp)
			return -1;
		t->sp = sp;
		t->cap = n;
	}
	for (i = 0; i < n; i++) {
		t->sp[i].off = t->text.len;
		if (amend_fetch(w, &e[i], &t->text) < 0)
			return -1;
		t->sp[i].len = t->text.len - t->sp[i].off;
		t->n++;
	}
	return 0;
}

int amend_merge_lines(FILE *in, FILE *out, int json, int threaded,
                      const struct amend_entry *v, size_t nv,
                      struct amend_window *w)
{
	struct spool_lines l;
	struct spool_sink o;
	struct texts t = { { 0 }, NULL, 0, 0 };
	const char *line;
	size_t len, i = 0, j, bytes;
	uint64_t k = 0, next, n;
	int rc = -1, got;

	spool_sink_start(&o, out, threaded);
	if (spool_lines_open(&l, in) < 0)
		goto out;
	for (;;) {
		while (i < nv && v[i].handle <= k)
			i++; /* no such line: nothing to amend */
		next = i < nv ? v[i].handle : UINT64_MAX;
		/* NDJSON: the lines up to the next amended one at once */
		if (!json && next - k > 1 &&
		    (n = spool_lines_whole(&l, next - k - 1, &bytes)) > 0) {
			if (spool_sink_put(&o, spool_lines_here(&l), bytes) < 0)
				goto out;
			spool_lines_skip(&l, bytes);
			k += n;
			continue;
		}
		if ((got = spool_lines_take(&l, &line, &len)) <= 0) {
			rc = got < 0 ? -1 : 0;
			goto out;
		}
		k++;
		for (j = i; j < nv && v[j].handle == k; j++)
			;
		if (json && (k == 1 ? spool_sink_put(&o, "    ", 4)
		                    : spool_sink_put(&o, ",\n    ", 6)) < 0)
			goto out;
		if (j > i ? gather(w, v + i, j - i, &t) < 0 ||
		            write_line(&o, line, len, &t) < 0
		          : spool_sink_put(&o, line, len) < 0)
			goto out;
		if (!json && spool_sink_put(&o, "\n", 1) < 0)
			goto out;
		i = j;
	}
out:
	rc = spool_sink_end(&o, rc == 0);
	spool_lines_close(&l);
	jsonw_buf_free(&t.text);
	free(t.sp);
	return rc;
}
