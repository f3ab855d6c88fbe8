/*
 * mem.c - out of memory, remembered (see mem.h).
 */
#include "mem.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>

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

/* The block (made once, before other threads) and how much of it the
 * current record holds; only the thread that opened it cuts from it. */
static struct {
	char *base;
	size_t used;
} arena;
static _Thread_local int arena_open;
/* whether an allocation since the last begin came from malloc: the
 * block was full */
static _Thread_local int arena_spilled;

/* per thread: a failure on the pipeline's reader or writer (pipeline.h)
 * is theirs to report, not the record the plugin's thread is on */
static _Thread_local int failed;

static void *hook_malloc(size_t n)
{
	void *p;

	if (arena_open) {
		size_t need = (n + HEAD + 15) & ~(size_t)15;
		if (need >= n && need <= ARENA_SIZE - arena.used) {
			char *piece = arena.base + arena.used;
			arena.used += need;
#ifdef ARENA_ASAN
			LENT(piece, HEAD);
			*(size_t *)piece = n;
			GONE(piece, HEAD);
#endif
			LENT(piece + HEAD, n);
			return piece + HEAD;
		}
	}
	arena_spilled |= arena_open;
	if (!(p = malloc(n)))
		failed = 1;
	return p;
}

static void hook_free(void *p)
{
	if (arena.base && (uintptr_t)p - (uintptr_t)arena.base < ARENA_SIZE) {
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

void mem_arena_init(void)
{
	if (!arena.base && !RUNNING_ON_VALGRIND &&
	    (arena.base = malloc(ARENA_SIZE)))
		GONE(arena.base, ARENA_SIZE);
	arena.used = 0;
}

int mem_arena_ready(void)
{
	return arena.base != NULL;
}

void mem_arena_begin(void)
{
	if (!arena.base)
		return;
	GONE(arena.base, arena.used);
	arena.used = 0;
	arena_open = 1;
	arena_spilled = 0;
}

int mem_arena_holds_all(void)
{
#ifdef ARENA_ASAN
	return 0; /* each tree deleted, for a piece used after to be caught */
#else
	return arena_open && !arena_spilled;
#endif
}

void mem_arena_end(void)
{
	arena_open = 0;
}

void mem_arena_free(void)
{
	arena_open = 0;
	if (arena.base) {
		LENT(arena.base, ARENA_SIZE);
		free(arena.base);
	}
	arena.base = NULL;
	arena.used = 0;
}
