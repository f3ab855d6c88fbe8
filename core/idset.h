/*
 * idset.h - the set of record ids seen in a batch, for the rule that an id
 * is unique in the batch.  It keeps a 64-bit hash per id, not the id, and
 * where it was first seen (for the message about a second one): 8 bytes
 * of hash per id, in the order added, and a table of 4-byte places at
 * most half full, so a million ids cost 17 MB; two different ids share a
 * hash with a chance near 1 in 10^19 per pair, which the docs state.  The
 * lines are kept as runs of ids on consecutive lines of one file (a batch
 * is mostly such a run), or 4 bytes per id once an input has so many
 * gaps (blank or refused lines) that the runs would cost more.
 */
#ifndef ASSESS_IDSET_H
#define ASSESS_IDSET_H

#include <stddef.h>
#include <stdint.h>

/* Where an id was seen: an index of the caller's (a file) and a line. */
struct idset_where {
	int file;
	uint64_t line; /* 0: not known (a line past 2^32 - 2) */
};

struct idset {
	uint32_t *slot;    /* open addressing: 1 + the id's index; 0 empty */
	size_t cap;        /* a power of two */
	uint64_t *hash;    /* per id, in the order added */
	uint32_t *line;    /* per id once the runs would cost more; NULL
	                      while they tell the lines */
	struct idset_run { /* ids from index first on came from file, */
		uint32_t first;
		uint32_t line; /* the first on this line, the next ones on
		                  the lines after it (0: none known); with
		                  line[] only file counts */
		int file;
	} *runs;
	size_t count, room, nruns, rroom;
};

/* Add id, seen at where.  Returns 1 when added, 0 when already present
 * (with where it was first seen in *first), -1 when out of memory or
 * past 2^32 - 2 ids.  An idset starts zeroed and ends with idset_free. */
int idset_add(struct idset *s, const char *id, struct idset_where where,
              struct idset_where *first);
void idset_free(struct idset *s);

#endif
