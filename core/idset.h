/*
 * idset.h - the set of record ids seen in a batch, for the rule that an id
 * is unique in the batch.  It keeps a 64-bit hash per id, not the id, and
 * where it was first seen (an opaque 64-bit value, for the message about a
 * second one), so a million records cost 32 MB at most; two different ids
 * share a hash with a chance near 1 in 10^19 per pair, which the docs
 * state.
 */
#ifndef ASSESS_IDSET_H
#define ASSESS_IDSET_H

#include <stddef.h>
#include <stdint.h>

struct idset {
	uint64_t *slot; /* open addressing; 0 marks an empty slot */
	uint64_t *where; /* beside each slot: where its id was first seen */
	size_t cap;     /* a power of two */
	size_t count;
};

/* Add id, seen at where.  Returns 1 when added, 0 when already present
 * (with where it was first seen in *first), -1 when out of memory.  An
 * idset starts zeroed and ends with idset_free. */
int idset_add(struct idset *s, const char *id, uint64_t where,
              uint64_t *first);
void idset_free(struct idset *s);

#endif
