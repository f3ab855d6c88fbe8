/*
 * mem.c - out of memory, remembered (see mem.h).
 */
#include "mem.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

static int failed;

static void *hook_malloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		failed = 1;
	return p;
}

void mem_init(void)
{
	cJSON_Hooks hooks = { hook_malloc, free };

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
