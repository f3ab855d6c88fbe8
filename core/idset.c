/*
 * idset.c - hashed set of record ids (see idset.h).
 */
#include "idset.h"

#include <stdlib.h>

/* FNV-1a, then a final mix so that similar ids spread over the table. */
static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return h ? h : 1;
}

/* Put h (seen at where) into the table; 0 and *first when there. */
static int insert(uint64_t *slot, uint64_t *wh, size_t cap, uint64_t h,
                  uint64_t where, uint64_t *first)
{
	size_t i = (size_t)h & (cap - 1);

	while (slot[i]) {
		if (slot[i] == h) {
			*first = wh[i];
			return 0;
		}
		i = (i + 1) & (cap - 1);
	}
	slot[i] = h;
	wh[i] = where;
	return 1;
}

static int grow(struct idset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024, i;
	uint64_t *slot = calloc(cap, sizeof *slot);
	uint64_t *wh = calloc(cap, sizeof *wh), dummy;

	if (!slot || !wh) {
		free(slot);
		free(wh);
		return -1;
	}
	for (i = 0; i < s->cap; i++)
		if (s->slot[i])
			insert(slot, wh, cap, s->slot[i], s->where[i], &dummy);
	free(s->slot);
	free(s->where);
	s->slot = slot;
	s->where = wh;
	s->cap = cap;
	return 0;
}

int idset_add(struct idset *s, const char *id, uint64_t where,
              uint64_t *first)
{
	int added;

	if ((s->count + 1) * 2 > s->cap && grow(s) < 0)
		return -1;
	added = insert(s->slot, s->where, s->cap, hash(id), where, first);
	s->count += (size_t)added;
	return added;
}

void idset_free(struct idset *s)
{
	free(s->slot);
	free(s->where);
	s->slot = s->where = NULL;
	s->cap = s->count = 0;
}
