/*
 * mem.c - out of memory, remembered (see mem.h).
 */
#include "mem.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

/* per thread: a failure on the pipeline's reader or writer (pipeline.h)
 * is theirs to report, not the record the plugin's thread is on */
static _Thread_local int failed;

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
