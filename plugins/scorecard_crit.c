/*
 * scorecard_crit.c - a scorecard scheme's criteria read from a record by
 * the SDK's standard engine (FG1-FG4, sdk/standard.c), which the scheme
 * holds as s->std: the assessors' scores.KEY or the points of the
 * criterion's indicator rules, as [scheme] prefer says; missing data
 * rejected with every field named, or scored 0 with a warning ([scheme]
 * missing = zero); members of scores that name no criterion, and of
 * indicators that no rule reads, rejected.  Here the scores are only
 * handed on to the scheme's expressions, so scorecard-fivegood.ini rates
 * as fivegood.so does by the same code (e2e case
 * scorecard-fivegood-equals-fivegood).
 */
#include <stdlib.h>

#include "scorecard_impl.h"

int sc_crit_declare(struct scorecard *s, int counts)
{
	const assess_host *h = s->h;
	int rc;

	if ((rc = assess_standard_init(&s->std, h, counts)) != ASSESS_OK)
		return rc;
	/* the engine declared parent already: the same slot again */
	s->parent_at = h->declare("parent", ASSESS_TYPE_ANY,
	                          ASSESS_FIELD_OPTIONAL);
	s->name_at = h->declare("name", ASSESS_TYPE_ANY, ASSESS_FIELD_OPTIONAL);
	if (s->parent_at < 0)
		return s->parent_at;
	return s->name_at < 0 ? s->name_at : ASSESS_OK;
}

int sc_crit_read(struct scorecard *s, const assess_record *rec,
                 assess_result *res, unsigned char *src, int *nmiss)
{
	sc_dec *score = s->vals + s->crit;
	size_t i;

	if (assess_standard_scores(&s->std, rec, res, s->raw, src, nmiss) !=
	    ASSESS_OK)
		return ASSESS_EREJECT;
	for (i = 0; i < s->std.criteria.n; i++)
		sc_dec_from(s->raw[i], &score[i]);
	return ASSESS_OK;
}
