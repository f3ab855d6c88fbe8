/*
 * mem.h - running out of memory, noticed wherever it happens.
 *
 * A failed allocation must never pass for something else: cJSON returns
 * NULL both for text that is not JSON and for a malloc that failed, and a
 * result member that could not be added simply goes missing.  Every cJSON
 * allocation goes through hooks that remember a failure, and the batch
 * asks after each record; once memory has run out the run stops with
 * exit 6 and writes nothing, rather than reject good records or write
 * shortened results.
 */
#ifndef ASSESS_MEM_H
#define ASSESS_MEM_H

/* Route cJSON's allocations through the failure-noticing hooks.  Call once
 * at start, before any cJSON call. */
void mem_init(void);

/* Nonzero once any allocation has failed (or mem_fail was called). */
int mem_exhausted(void);

/* Record a failure noticed outside cJSON (a plugin's ASSESS_ENOMEM, a
 * reader's realloc). */
void mem_fail(void);

/*
 * The record arena.  A record's parse tree and its result are a few
 * hundred small cJSON allocations, all freed when the result has been
 * written: malloc and free were a sixth of a run.  Between
 * mem_arena_begin and mem_arena_end, cJSON's allocations on the calling
 * thread are cut from one block (4 MB; past it, from malloc), and
 * freeing one of them does nothing; the next begin takes the whole
 * block back.  So everything cJSON allocates in that span must be gone
 * (written out, deleted) by the next begin: the batch opens it around
 * one record, whose trees never outlive it.  Under AddressSanitizer a
 * piece freed is marked unusable at once and the whole block at each
 * begin, so a tree kept too long is caught; under valgrind there is no
 * block (every node is malloc'd, for memcheck to follow).
 * mem_arena_init makes the block (before any other thread starts; none
 * made: begin and end do nothing), with pipeline the pipeline's arenas
 * below instead of this one; mem_arena_free drops it (after the
 * pipeline's threads have ended).
 */
void mem_arena_init(int pipeline);
/* Whether mem_arena_init made the block (not under valgrind). */
int mem_arena_ready(void);
void mem_arena_begin(void);
void mem_arena_end(void);
/* Whether the arena is open on this thread and everything cJSON
 * allocated since its begin was cut from the block: a tree made in that
 * span then needs no cJSON_Delete (walking it was 4% of a run), the next
 * begin takes it back.  Always 0 under AddressSanitizer and valgrind. */
int mem_arena_holds_all(void);
void mem_arena_free(void);

/*
 * The pipeline's record arenas (pipeline.h): with a writer thread that
 * serialises each result from its tree, a record's tree outlives the next
 * record's begin, so the plugin's thread takes its records' arenas in
 * turn from MEM_RINGS of 128 KB each (past it, from malloc), and opens
 * arena i with mem_ring_begin(i) instead of mem_arena_begin: the same
 * span, closed by mem_arena_end, and mem_arena_holds_all tells of it.
 * Begin takes back all arena i held: its tree must be done with.
 */
#define MEM_RINGS 32
void mem_ring_begin(unsigned i);

/*
 * The slots' arenas: one per slot of the pipeline's reader (pipeline.h),
 * which parses each record on its own thread into its slot's arena, so
 * that the tree lies in one run of memory for the plugin's thread to read
 * and is given back whole when the slot is filled again (malloc'd node by
 * node, the reader spent a third of its time freeing them).  Between
 * mem_slot_begin(i) and mem_slot_end, cJSON's allocations on the calling
 * thread are cut from slot i's 32 KB (past it, from malloc; such nodes
 * are freed by cJSON_Delete as ever, the others not at all).  Begin takes
 * back all slot i held: its tree must be done with.  The block is made by
 * mem_arena_init; none made, these do nothing.
 */
#define MEM_SLOTS 64
void mem_slot_begin(unsigned i);
void mem_slot_end(void);
/* Whether all slot i's allocations since its begin were cut from its
 * arena: a tree made there then needs no cJSON_Delete.  Always 0 under
 * AddressSanitizer and valgrind. */
int mem_slot_holds_all(unsigned i);

#endif
