/*
 * fixture.c - plugins that assess must refuse, one per build flag:
 *   FIXTURE_noentry   exports no entry symbol at all
 *   FIXTURE_wrongabi  built for a future ABI: exports assess_plugin_v2
 *   FIXTURE_descabi   exports assess_plugin_v1 but its descriptor says ABI 2
 */
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

static const assess_plugin fixture = {
	.size = sizeof(assess_plugin),
#ifdef FIXTURE_descabi
	.abi_version = 2,
#else
	.abi_version = ASSESS_ABI_VERSION,
#endif
	.name = "fixture",
	.version = "0.0.1",
	.description = "a plugin assess must refuse",
	.create = create,
	.assess = assess,
	.destroy = destroy,
};

#if defined(FIXTURE_wrongabi)
ASSESS_EXPORT const assess_plugin *assess_plugin_v2(void);
ASSESS_EXPORT const assess_plugin *assess_plugin_v2(void)
{
	return &fixture;
}
#elif defined(FIXTURE_descabi)
ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &fixture;
}
#else
const assess_plugin *fixture_entry(void);
const assess_plugin *fixture_entry(void)
{
	return &fixture;
}
#endif
