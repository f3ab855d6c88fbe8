/*
 * mem.c - out of memory, remembered (see mem.h).
 */
#include "mem.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Under AddressSanitizer (gcc says so with __SANITIZE_ADDRESS__, clang
 * with __has_feature) each piece of the arena carries its size before it,
 * so that freeing it marks it unusable at once, as free would: a node used
 * after it was replaced is caught within its record, not only after. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define GONE(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define LENT(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#define HEAD 16
#else
#define GONE(p, n) ((void)(p), (void)(n))
#define LENT(p, n) ((void)(p), (void)(n))
#define HEAD 0
#endif
/* Under valgrind there is no arena (mem_arena_init makes none): every
 * node is malloc'd and freed, and memcheck sees each as before. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#define ARENA_SIZE ((size_t)4 << 20)
#define SLOT_SIZE ((size_t)32 << 10)
#define RING_SIZE ((size_t)128 << 10)

/* An arena: a piece of the block, and how much of it is cut.  Each on a
 * cache line of its own: the reader's thread cut from a slot's while the
 * plugin's thread cut from the record's, and sharing a line with the
 * record's count made every free on the reader's side a miss on the
 * other's. */
struct arena {
	_Alignas(64) char *base;
	size_t size, used;
	int spilled; /* an allocation since the last begin came from malloc */
};

/* The block (made once, before other threads) and its arenas: the
 * record's, or with the pipeline its record arenas and one per slot of
 * its reader (6 MB; the address space a run under ulimit -v may take is
 * the input's).  Freeing anything inside the block does nothing; only the
 * thread that opened an arena cuts from it. */
static struct {
	char *base;
	size_t size;
	struct arena record, ring[MEM_RINGS], slot[MEM_SLOTS];
} arenas;
static _Thread_local struct arena *open_arena;

/* per thread: a failure on the pipeline's reader or writer (pipeline.h)
 * is theirs to report, not the record the plugin's thread is on */
static _Thread_local int failed;

static void *hook_malloc(size_t n)
{
	struct arena *a = open_arena;
	void *p;

	if (a) {
		size_t need = (n + HEAD + 15) & ~(size_t)15;
		if (need >= n && need <= a->size - a->used) {
			char *piece = a->base + a->used;
			a->used += need;
#ifdef ARENA_ASAN
			LENT(piece, HEAD);
			*(size_t *)piece = n;
			GONE(piece, HEAD);
#endif
			LENT(piece + HEAD, n);
			return piece + HEAD;
		}
		a->spilled = 1;
	}
	if (!(p = malloc(n)))
		failed = 1;
	return p;
}

static void hook_free(void *p)
{
	if ((uintptr_t)p - (uintptr_t)arenas.base < arenas.size) {
#ifdef ARENA_ASAN
		char *piece = (char *)p - HEAD;
		size_t n;
		LENT(piece, HEAD);
		n = *(size_t *)piece;
		GONE(piece, HEAD);
		GONE(p, n);
#endif
		return; /* taken back whole by the next begin */
	}
	free(p);
}

void mem_init(void)
{
	cJSON_Hooks hooks = { hook_malloc, hook_free };

	cJSON_InitHooks(&hooks);
}

int mem_exhausted(void)
{
	return failed;
}

void mem_fail(void)
{
	failed = 1;
}

/* Take arena a back whole and open it on this thread. */
static void arena_take(struct arena *a)
{
	GONE(a->base, a->used);
	a->used = 0;
	a->spilled = 0;
	open_arena = a;
}

void mem_arena_init(int pipeline)
{
	char *next;
	size_t i;

	if (arenas.base || RUNNING_ON_VALGRIND)
		return;
	arenas.size = pipeline ? MEM_RINGS * RING_SIZE + MEM_SLOTS * SLOT_SIZE
	                       : ARENA_SIZE;
	if (!(arenas.base = malloc(arenas.size))) {
		arenas.size = 0;
		return;
	}
	GONE(arenas.base, arenas.size);
	next = arenas.base;
	if (!pipeline) {
		arenas.record = (struct arena){ next, ARENA_SIZE, 0, 0 };
		return;
	}
	for (i = 0; i < MEM_RINGS; i++, next += RING_SIZE)
		arenas.ring[i] = (struct arena){ next, RING_SIZE, 0, 0 };
	for (i = 0; i < MEM_SLOTS; i++, next += SLOT_SIZE)
		arenas.slot[i] = (struct arena){ next, SLOT_SIZE, 0, 0 };
}

int mem_arena_ready(void)
{
	return arenas.base != NULL;
}

void mem_arena_begin(void)
{
	if (arenas.record.base)
		arena_take(&arenas.record);
}

int mem_arena_holds_all(void)
{
#ifdef ARENA_ASAN
	return 0; /* each tree deleted, for a piece used after to be caught */
#else
	return open_arena && !open_arena->spilled;
#endif
}

void mem_arena_end(void)
{
	open_arena = NULL;
}

void mem_ring_begin(unsigned i)
{
	if (i < MEM_RINGS && arenas.ring[i].base)
		arena_take(&arenas.ring[i]);
}

void mem_slot_begin(unsigned i)
{
	if (i < MEM_SLOTS && arenas.slot[i].base)
		arena_take(&arenas.slot[i]);
}

void mem_slot_end(void)
{
	open_arena = NULL;
}

int mem_slot_holds_all(unsigned i)
{
#ifdef ARENA_ASAN
	(void)i;
	return 0;
#else
	return i < MEM_SLOTS && arenas.slot[i].base && !arenas.slot[i].spilled;
#endif
}

void mem_arena_free(void)
{
	open_arena = NULL;
	if (arenas.base) {
		LENT(arenas.base, arenas.size);
		free(arenas.base);
	}
	memset(&arenas, 0, sizeof arenas);
}
