/*
 * standard_in.c - the records the standard engine (standard.c) reads,
 * by ABI 1.2 slot when the host has them: every field it may read is
 * declared once in create, so that assessing a record builds no path and
 * compares no key; on an older host, by path as before.  The messages
 * are the same either way.  What the engine looks records up against
 * (the rules' indicators) is built here once, at load, too.
 * Part of libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct assess_standard_in {
	const char **indicators; /* the rules' indicators, for did-you-mean */
	int slots;       /* by slot (ABI 1.2); else by path */
	int parent, scores;
	int *score;      /* scores.KEY per criterion */
	char **path;     /* the same paths, for messages */
	int *rule;       /* indicators.NAME per rule */
	size_t ncrit, nrule;
};

void sdk_standard_in_free(assess_standard *s)
{
	struct assess_standard_in *in = s->in;
	size_t i;

	if (!in)
		return;
	for (i = 0; in->path && i < in->ncrit; i++)
		free(in->path[i]);
	free(in->path);
	free(in->indicators);
	free(in->score);
	free(in->rule);
	free(in);
	s->in = NULL;
}

static int declare_any(const assess_host *h, const char *path, int *out)
{
	*out = h->declare(path, ASSESS_TYPE_ANY, ASSESS_FIELD_OPTIONAL);
	return *out < 0 ? *out : ASSESS_OK;
}

int sdk_standard_declare(assess_standard *s)
{
	const assess_host *h = s->h;
	struct assess_standard_in *in;
	char path[SDK_PATH_MAX];
	size_t i;
	int rc;

	if (!(in = s->in = calloc(1, sizeof *in)) ||
	    !(in->indicators = calloc(s->rules.n + 1, sizeof *in->indicators)))
		return ASSESS_ENOMEM;
	for (i = 0; i < s->rules.n; i++)
		in->indicators[i] = s->rules.v[i].indicator;
	if (!(in->slots = ASSESS_HAS(h, declare)))
		return ASSESS_OK; /* an older host: by path */
	in->ncrit = s->criteria.n;
	in->nrule = s->rules.n;
	in->score = calloc(in->ncrit + 1, sizeof *in->score);
	in->path = calloc(in->ncrit + 1, sizeof *in->path);
	in->rule = calloc(in->nrule + 1, sizeof *in->rule);
	if (!in->score || !in->path || !in->rule)
		return ASSESS_ENOMEM;
	/* in the order the path reads first named them */
	if ((rc = declare_any(h, "parent", &in->parent)) ||
	    (rc = declare_any(h, "scores", &in->scores)))
		return rc;
	for (i = 0; i < in->ncrit; i++) {
		snprintf(path, sizeof path, "scores.%s", s->criteria.v[i].key);
		if ((rc = declare_any(h, path, &in->score[i])))
			return rc;
		if (!(in->path[i] = strdup(path)))
			return ASSESS_ENOMEM;
	}
	for (i = 0; i < in->nrule; i++) {
		snprintf(path, sizeof path, "indicators.%s",
		         s->rules.v[i].indicator);
		if ((rc = declare_any(h, path, &in->rule[i])))
			return rc;
	}
	return ASSESS_OK;
}

const char *sdk_standard_parent(const assess_standard *s,
                                const assess_record *rec)
{
	const char *parent = NULL;

	if (s->in->slots)
		s->h->slot_string(rec, s->in->parent, &parent);
	else
		s->h->record_string(rec, "parent", &parent);
	return parent;
}

int sdk_standard_scores_type(const assess_standard *s,
                             const assess_record *rec)
{
	return s->in->slots ? s->h->slot_type(rec, s->in->scores)
	             : s->h->record_type(rec, "scores");
}

int sdk_standard_score(const assess_standard *s, const assess_record *rec,
                       assess_result *res, size_t i, double *out)
{
	char path[SDK_PATH_MAX];

	if (s->in->slots)
		return assess_read_score(s->h, assess_at_value(s->h->slot(rec,
		                         s->in->score[i]), s->in->path[i]), res,
		                         s->criteria.v[i].max, out);
	snprintf(path, sizeof path, "scores.%s", s->criteria.v[i].key);
	return assess_read_score(s->h, assess_at_path(rec, path), res,
	                         s->criteria.v[i].max, out);
}

int sdk_standard_rule(const assess_standard *s, const assess_record *rec,
                      assess_result *res, size_t k, double *out)
{
	const struct assess_standard_in *in = s->in;

	return assess_read_rule(s->h, in->slots ? assess_at_value(s->h->slot(rec,
	                        in->rule[k]), NULL) : assess_at_path(rec, NULL),
	                        res, &s->rules.v[k], out);
}

const char *sdk_standard_score_key(const assess_standard *s,
                                   const assess_record *rec, int i)
{
	const char *key = NULL;

	if (!s->in->slots)
		return s->h->record_key(rec, "scores", i);
	if (s->h->slot_type(rec, s->in->scores) != ASSESS_TYPE_OBJECT)
		return NULL;
	s->h->value_item(s->h->slot(rec, s->in->scores), i, &key);
	return key;
}

const char *const *sdk_standard_indicators(const assess_standard *s)
{
	return s->in->indicators;
}
