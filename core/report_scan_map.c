/*
 * report_scan_map.c - the report scan's setting up and its small
 * structures (see report_scan_impl.h): an ordered tally of codes and a
 * string map of ids, both bounded by what the summary names, never by
 * the results.
 */
#include "report_scan.h"
#include "report_scan_impl.h"
#include "report_text.h"
#include "tmp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *rs_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

/* ---- a small ordered tally ---- */

long rs_tally_at(struct rs_tally *t, const char *key, const char *label,
                     size_t max)
{
	size_t i;

	for (i = 0; i < t->len; i++)
		if (strcmp(t->v[i].key, key) == 0)
			return (long)i;
	if (t->len + 1 >= max) {
		key = report_text(RT_OTHER);
		label = report_text(RT_OTHER);
		if (t->len + 1 > max)
			return (long)t->len - 1;
	}
	if (t->len == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		struct rs_count *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->len].key = rs_dup(key);
	t->v[t->len].label = rs_dup(label ? label : key);
	t->v[t->len].n = 0;
	if (!t->v[t->len].key || !t->v[t->len].label) {
		free(t->v[t->len].key);
		free(t->v[t->len].label);
		return -1;
	}
	return (long)t->len++;
}

void rs_tally_free(struct rs_tally *t)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		free(t->v[i].key);
		free(t->v[i].label);
	}
	free(t->v);
}

/* ---- a string map (open addressing, FNV-1a) ---- */

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct rs_entry *rs_map_find(const struct rs_map *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = hash(key) & (m->cap - 1); m->slot[i].key;
	     i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slot[i].key, key) == 0)
			return &m->slot[i];
	return NULL;
}

struct rs_entry *rs_map_add(struct rs_map *m, const char *key)
{
	struct rs_entry *e = rs_map_find(m, key);
	size_t i;

	if (e)
		return e;
	if ((m->len + 1) * 2 > m->cap) {
		struct rs_map g = { NULL, m->cap ? m->cap * 2 : 64, 0 };
		if (!(g.slot = calloc(g.cap, sizeof *g.slot)))
			return NULL;
		for (i = 0; i < m->cap; i++)
			if (m->slot[i].key) {
				size_t j = hash(m->slot[i].key) & (g.cap - 1);
				while (g.slot[j].key)
					j = (j + 1) & (g.cap - 1);
				g.slot[j] = m->slot[i];
			}
		g.len = m->len;
		free(m->slot);
		*m = g;
	}
	for (i = hash(key) & (m->cap - 1); m->slot[i].key;
	     i = (i + 1) & (m->cap - 1))
		;
	if (!(m->slot[i].key = rs_dup(key)))
		return NULL;
	m->slot[i].order = m->len++;
	return &m->slot[i];
}

void rs_map_free(struct rs_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		free(m->slot[i].key);
		free(m->slot[i].name);
		free(m->slot[i].unit);
		free(m->slot[i].n);
	}
	free(m->slot);
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- setting up ---- */

static int want_id(struct report_scan *s, const cJSON *v)
{
	return !cJSON_IsString(v) || rs_map_add(&s->names, v->valuestring) ? 0
	       : -1;
}

int report_scan_init(struct report_scan *s, const cJSON *summary,
                     const cJSON *describe, long count, long limit)
{
	const cJSON *e;
	long n;

	memset(s, 0, sizeof *s);
	s->limit = limit;
	s->summarised = count > limit;
	s->stars = cJSON_GetObjectItemCaseSensitive(describe, "stars") != NULL;
	s->tiers = cJSON_GetObjectItemCaseSensitive(describe, "tiers") != NULL;
	/* a ladder of grades the scheme declares ("rating": { "kind":
	 * "grades", "grades": [best, ..., worst] }): its order */
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(
	                   cJSON_GetObjectItemCaseSensitive(describe, "rating"),
	                   "grades"))
		if (cJSON_IsString(e) &&
		    rs_tally_at(&s->verdicts, e->valuestring, NULL,
		                RS_MAX_VERDICTS) < 0)
			return -1;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(describe,
	                                                       "stars"))
		if (str(e, "rating") &&
		    rs_tally_at(&s->verdicts, str(e, "rating"), NULL,
	                       RS_MAX_VERDICTS) < 0)
			return -1;
	if (str(describe, "pass") &&
	    rs_tally_at(&s->verdicts, str(describe, "pass"), NULL,
	             RS_MAX_VERDICTS) < 0)
		return -1;
	if (str(describe, "fail") &&
	    rs_tally_at(&s->verdicts, str(describe, "fail"), NULL,
	             RS_MAX_VERDICTS) < 0)
		return -1;
	/* only the pairs and unpaired the page lists (limit of each) */
	n = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(summary,
	                                                       "pairs"))
		if (n++ < limit &&
		    (want_id(s, cJSON_GetObjectItemCaseSensitive(e, "helper")) ||
		     want_id(s, cJSON_GetObjectItemCaseSensitive(e, "helped"))))
			return -1;
	n = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(summary,
	                                                       "unpaired"))
		if (n++ < limit && want_id(s, cJSON_IsObject(e) ?
		            cJSON_GetObjectItemCaseSensitive(e, "id") : e))
			return -1;
	if (!(s->rows.fp = tmp_file()) || !(s->actions.fp = tmp_file()) ||
	    !(s->warnings.fp = tmp_file()) || !(s->held.fp = tmp_file()) ||
	    !(s->refused.fp = tmp_file()) || !(s->quota.fp = tmp_file()) ||
	    !(s->more.fp = tmp_file()))
		return -1;
	return 0;
}
