/*
 * fivegood.c - the 五个好 standard for community Party organisations.
 *
 * FG1  five criteria, each with a maximum and a bar (configs/fivegood.ini)
 * FG2  a criterion's score comes from the record (scores.KEY) or from raw
 *      indicators through the INI's rules
 * FG3  五个好 only when every criterion reaches its bar; the result names
 *      each one that fell short and by how much; the summary counts them
 * FG4  missing data is rejected with the fields named, unless the INI says
 *      missing = zero (then 0 with a warning)
 * All of it is the shared standard engine (sdk/standard.c); this file is
 * the scheme's name and defaults.
 */
#include <stdlib.h>

#include "assess/assess.h"
#include "assess/scheme.h"
#define ASSESS_TEXT_DOMAIN "assess-schemes"
#include "assess/i18n.h"

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	assess_standard *s = calloc(1, sizeof *s);
	int rc;

	if (!s)
		return ASSESS_ENOMEM;
	assess_i18n_bind(ASSESS_TEXT_DOMAIN);
	rc = assess_standard_load(h, cfg, "五个好", s);
	if (rc != ASSESS_OK) {
		free(s);
		return rc;
	}
	*out = s;
	return ASSESS_OK;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	return assess_standard_assess(state, rec, res);
}

static int finish(void *state, assess_node *summary)
{
	return assess_standard_finish(state, summary);
}

static int describe(void *state, assess_node *out)
{
	const assess_standard *s = state;

	/* the scheme's name as a reader says it, in the run's language */
	s->h->put_string(out, "title",
	                 ASSESS_TR("Five-good community Party organisations"));
	return assess_standard_describe(state, out);
}

static void destroy(void *state)
{
	assess_standard_free(state);
	free(state);
}

static const assess_plugin fivegood = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "fivegood",
	.version = "1.0.0",
	.description = "五个好 community Party organisations (FG1-FG4)",
	.default_config = "fivegood.ini",
	.create = create,
	.assess = assess,
	.finish = finish,
	.describe = describe,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &fivegood;
}
