/*
 * idset.h - the set of record ids seen in a batch, for the rule that an id
 * is unique in the batch.  It keeps a 64-bit hash per id, not the id, and
 * where it was first seen (for the message about a second one); two
 * different ids share a hash with a chance near 1 in 10^19 per pair,
 * which the docs state.
 *
 * Its memory is bounded.  The most recent ids (up to limit, 2^21 unless
 * told) are held in memory: 8 bytes of hash per id, in the order added,
 * and a table of 4-byte places at most half full (a million ids cost
 * 17 MB, 2^21 ids 32 MB).  The lines are kept as runs of ids on
 * consecutive lines of one file (a batch is mostly such a run), or 4
 * bytes per id once an input has so many gaps (blank or refused lines)
 * that the runs would cost more.  When limit ids are held, they are
 * sorted by hash and written out, with their files and lines, to an
 * unnamed temporary file (tmp.h), and memory starts empty again; each
 * part written out keeps in memory a Bloom filter (2 bytes an id) and
 * the hash of every 64th id, so that an id not in it is mostly told by
 * one cache line and one that may be costs one read of 1 KB.  Ten
 * million ids so hold about 52 MB, whatever their number past 2^21.
 */
#ifndef ASSESS_IDSET_H
#define ASSESS_IDSET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Ids held in memory before they are written out, unless told. */
#define IDSET_MEMORY ((size_t)1 << 21)

/* Where an id was seen: an index of the caller's (a file) and a line. */
struct idset_where {
	int file;
	uint64_t line; /* 0: not known (a line past 2^32 - 2) */
};

struct idset {
	size_t limit;      /* ids held in memory at most; 0: IDSET_MEMORY */
	uint32_t *slot;    /* open addressing: 1 + the id's index; 0 empty */
	size_t cap;        /* a power of two */
	uint64_t *hash;    /* per id held, in the order added */
	uint32_t *line;    /* per id once the runs would cost more; NULL
	                      while they tell the lines */
	struct idset_run { /* ids from index first on came from file, */
		uint32_t first;
		uint32_t line; /* the first on this line, the next ones on
		                  the lines after it (0: none known); with
		                  line[] only file counts */
		int file;
	} *runs;
	size_t count, room, nruns, rroom; /* count: ids held in memory */
	FILE *fp;          /* the parts written out, or NULL */
	struct idset_part {/* limit ids written out, sorted by hash */
		uint64_t *filter; /* blocked Bloom filter, 8 words a block */
		uint64_t *index;  /* the hash of every 64th id */
		size_t nblocks, n;
		uint64_t at;      /* the offset of its first id in fp */
	} *parts;
	size_t nparts, proom;
	uint64_t end;      /* where the next part goes in fp */
};

/* Add id, seen at where.  Returns 1 when added, 0 when already present
 * (with where it was first seen in *first), -1 with errno set: ENOMEM
 * when out of memory, else the temporary file could not be made, written
 * or read (and the set is then only to be freed).  An idset starts
 * zeroed (limit may then be set) and ends with idset_free. */
int idset_add(struct idset *s, const char *id, struct idset_where where,
              struct idset_where *first);
void idset_free(struct idset *s);

#endif
