/*
 * loadcrash.c - plugins that crash while being loaded, one way per build
 * flag, for the tests of the load probe:
 *   LOADCRASH_ctor   an ELF constructor raises SIGSEGV, inside dlopen
 *   LOADCRASH_entry  the entry function raises SIGSEGV
 * Otherwise each is a sound plugin that scores every record 1.  The crash
 * is raised, not provoked, so that it is the same signal under every
 * sanitizer.
 */
#include <signal.h>

#include "assess/assess.h"

static int create(const assess_host *h, const assess_config *c, void **s)
{
	(void)h;
	(void)c;
	*s = 0;
	return ASSESS_OK;
}

static int assess(void *s, const assess_record *r, assess_result *res)
{
	(void)s;
	(void)r;
	(void)res;
	return ASSESS_OK;
}

static void destroy(void *s)
{
	(void)s;
}

static const assess_plugin loadcrash = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "loadcrash",
	.version = "0.0.1",
	.description = "a plugin that crashes while it is loaded",
	.create = create,
	.assess = assess,
	.destroy = destroy,
};

#ifdef LOADCRASH_ctor
__attribute__((constructor)) static void crash_on_load(void)
{
	raise(SIGSEGV);
}
#endif

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
#ifdef LOADCRASH_entry
	raise(SIGSEGV);
#endif
	return &loadcrash;
}
