/*
 * mem.c - out of memory, remembered (see mem.h).
 */
#include "mem.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define GONE(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define LENT(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#elif defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define GONE(p, n) VALGRIND_MAKE_MEM_NOACCESS(p, n)
#define LENT(p, n) VALGRIND_MAKE_MEM_UNDEFINED(p, n)
#endif
#endif
#ifndef GONE
#define GONE(p, n) ((void)(p), (void)(n))
#define LENT(p, n) ((void)(p), (void)(n))
#endif

#define ARENA_SIZE ((size_t)4 << 20)

/* The block (made once, before other threads) and how much of it the
 * current record holds; only the thread that opened it cuts from it. */
static struct {
	char *base;
	size_t used;
} arena;
static _Thread_local int arena_open;

/* per thread: a failure on the pipeline's reader or writer (pipeline.h)
 * is theirs to report, not the record the plugin's thread is on */
static _Thread_local int failed;

static void *hook_malloc(size_t n)
{
	void *p;

	if (arena_open) {
		size_t need = (n + 15) & ~(size_t)15;
		if (need >= n && need <= ARENA_SIZE - arena.used) {
			p = arena.base + arena.used;
			arena.used += need;
			LENT(p, n);
			return p;
		}
	}
	if (!(p = malloc(n)))
		failed = 1;
	return p;
}

static void hook_free(void *p)
{
	if (arena.base && (uintptr_t)p - (uintptr_t)arena.base < ARENA_SIZE)
		return; /* taken back whole by the next begin */
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
	if (!arena.base && (arena.base = malloc(ARENA_SIZE)))
		GONE(arena.base, ARENA_SIZE);
	arena.used = 0;
}

void mem_arena_begin(void)
{
	if (!arena.base)
		return;
	GONE(arena.base, arena.used);
	arena.used = 0;
	arena_open = 1;
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
