/*
 * idset.c - hashed set of record ids (see idset.h).  The table holds
 * indexes into the per-id hashes, so its slots are 4 bytes and each hash
 * is stored once, densely.  Where an id was seen is needed only for a
 * repeat, so it is kept as cheaply as the input allows: the files come
 * in runs (a batch reads its files one after another), and within a
 * file the ids mostly stand on consecutive lines, so a run's first line
 * tells the others' (4 MB a million ids less at the reading's peak).
 */
#include "idset.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a, then a final mix so that similar ids spread over the table. */
static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return h;
}

/* The slot holding h, or the empty one where it goes. */
static size_t find(const struct idset *s, uint64_t h)
{
	size_t i = (size_t)h & (s->cap - 1);

	while (s->slot[i] && s->hash[s->slot[i] - 1] != h)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static int grow_table(struct idset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024, i;
	uint32_t *old = s->slot;

	if (!(s->slot = calloc(cap, sizeof *s->slot))) {
		s->slot = old;
		return -1;
	}
	s->cap = cap;
	for (i = 0; i < s->count; i++)
		s->slot[find(s, s->hash[i])] = (uint32_t)(i + 1);
	free(old);
	return 0;
}

static int grow_ids(struct idset *s)
{
	size_t room = s->room ? s->room * 2 : 1024;
	uint64_t *h = realloc(s->hash, room * sizeof *h);
	uint32_t *l;

	if (!h)
		return -1;
	s->hash = h;
	if (s->line) {
		if (!(l = realloc(s->line, room * sizeof *l)))
			return -1;
		s->line = l;
	}
	s->room = room;
	return 0;
}

/* The run of the id at index i: the last starting at or before i. */
static const struct idset_run *run_of(const struct idset *s, size_t i)
{
	size_t lo = 0, hi = s->nruns;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->runs[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return &s->runs[lo];
}

/* The line of the id at index i, 0 when not known. */
static uint32_t line_of(const struct idset *s, size_t i)
{
	const struct idset_run *r = run_of(s, i);

	if (s->line)
		return s->line[i];
	return r->line ? r->line + (uint32_t)(i - r->first) : 0;
}

/* Keep the lines per id from now on: the runs would cost more.  0, or
 * -1 (out of memory, nothing changed). */
static int lines_per_id(struct idset *s)
{
	uint32_t *l = malloc((s->room ? s->room : 1) * sizeof *l);
	size_t i;

	if (!l)
		return -1;
	for (i = 0; i < s->count; i++)
		l[i] = line_of(s, i);
	s->line = l;
	return 0;
}

/* Note that the next id comes from file, at line (0: not known).  0, or
 * -1 (out of memory). */
static int note_where(struct idset *s, int file, uint32_t line)
{
	const struct idset_run *last = s->nruns ? &s->runs[s->nruns - 1] : NULL;
	struct idset_run *r;

	if (last && last->file == file &&
	    (s->line ||
	     (last->line ? line == (uint64_t)last->line + (s->count - last->first)
	                 : !line)))
		return 0; /* the run goes on */
	/* a run costs 12 bytes, a line per id 4: past a third of the ids
	 * starting runs (and a few for the files) the lines go per id */
	if (!s->line && s->nruns >= 64 && s->nruns * 3 > s->count &&
	    lines_per_id(s) < 0)
		return -1;
	if (s->line && last && last->file == file)
		return 0;
	if (s->nruns == s->rroom) {
		size_t room = s->rroom ? 2 * s->rroom : 4;
		if (!(r = realloc(s->runs, room * sizeof *r)))
			return -1;
		s->runs = r;
		s->rroom = room;
	}
	r = &s->runs[s->nruns++];
	r->first = (uint32_t)s->count;
	r->line = line;
	r->file = file;
	return 0;
}

int idset_add(struct idset *s, const char *id, struct idset_where where,
              struct idset_where *first)
{
	uint64_t h = hash(id);
	uint32_t line = where.line < UINT32_MAX ? (uint32_t)where.line : 0;
	size_t i;

	if (s->count >= UINT32_MAX - 1)
		return -1;
	if ((s->count + 1) * 2 > s->cap && grow_table(s) < 0)
		return -1;
	i = find(s, h);
	if (s->slot[i]) {
		size_t k = s->slot[i] - 1;
		first->file = run_of(s, k)->file;
		first->line = line_of(s, k);
		return 0;
	}
	if ((s->count == s->room && grow_ids(s) < 0) ||
	    note_where(s, where.file, line) < 0)
		return -1;
	s->hash[s->count] = h;
	if (s->line)
		s->line[s->count] = line;
	s->slot[i] = (uint32_t)++s->count;
	return 1;
}

void idset_free(struct idset *s)
{
	free(s->slot);
	free(s->hash);
	free(s->line);
	free(s->runs);
	memset(s, 0, sizeof *s);
}
