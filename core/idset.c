/*
 * idset.c - hashed set of record ids (see idset.h).  The table holds
 * indexes into the per-id arrays, so its slots are 4 bytes and the hash
 * and line of each id are stored once, densely; the files come in runs
 * (a batch reads its files one after another).
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
	if (!(l = realloc(s->line, room * sizeof *l)))
		return -1;
	s->line = l;
	s->room = room;
	return 0;
}

/* The file of the id at index i: the last run starting at or before i. */
static int file_of(const struct idset *s, size_t i)
{
	size_t lo = 0, hi = s->nruns;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->runs[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return s->runs[lo].file;
}

/* Note that ids from the next index on come from file. */
static int note_file(struct idset *s, int file)
{
	struct idset_run *r;

	if (s->nruns && s->runs[s->nruns - 1].file == file)
		return 0;
	if (!(r = realloc(s->runs, (s->nruns + 1) * sizeof *r)))
		return -1;
	s->runs = r;
	r[s->nruns].first = (uint32_t)s->count;
	r[s->nruns++].file = file;
	return 0;
}

int idset_add(struct idset *s, const char *id, struct idset_where where,
              struct idset_where *first)
{
	uint64_t h = hash(id);
	size_t i;

	if (s->count >= UINT32_MAX - 1)
		return -1;
	if ((s->count + 1) * 2 > s->cap && grow_table(s) < 0)
		return -1;
	i = find(s, h);
	if (s->slot[i]) {
		size_t k = s->slot[i] - 1;
		first->file = file_of(s, k);
		first->line = s->line[k];
		return 0;
	}
	if ((s->count == s->room && grow_ids(s) < 0) ||
	    note_file(s, where.file) < 0)
		return -1;
	s->hash[s->count] = h;
	s->line[s->count] = where.line < UINT32_MAX ? (uint32_t)where.line : 0;
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
