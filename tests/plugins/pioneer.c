/*
 * pioneer.c - a test plugin written the way a third party writes one, whose
 * records have their own shape: 党员先锋岗 member pioneer points.  A record
 * is a member at a post in a branch (parent), with a month's daily points:
 *
 *     { "id", "name", "parent": "branch", "post": "frontline",
 *       "daily": [ 3, 2.5, ... ] }
 *
 * Points are the sum of daily points times the post's coefficient; finish
 * puts each branch's total in the summary and awards the month's red flag
 * (红旗) to the branch with the most points (the name breaks ties, so input
 * order never matters, which describe claims).
 *
 * INI: [posts] NAME = coefficient (0..5), at least one; [scheme] min_points
 * (number, default 0): members below it are not 先锋; [scheme] tamper
 * (bool): finish also tries to overwrite the host's counts in the summary
 * and says in "tamper_refused" whether each attempt was refused.
 *
 * Built twice: as pioneer.so, and as pioneer_badfinish.so with
 * -DPIONEER_BAD_FINISH, whose finish adds the red flags to an object as if
 * it were an array, a bug that shows only when some record was assessed.
 * create returns the code of a failed config read as it is (ASSESS_ETYPE,
 * ASSESS_ERANGE): the host must still exit 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"

struct branch {
	char name[64];
	double points;
};

struct pioneer {
	const assess_host *h;
	const assess_config *cfg;
	double min_points;
	int tamper;
	struct branch *b;
	size_t nb, cap;
};

static void destroy(void *state)
{
	struct pioneer *s = state;

	if (s)
		free(s->b);
	free(s);
}

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct pioneer *s = calloc(1, sizeof *s);
	double coef;
	int i, n, rc;

	if (!s)
		return ASSESS_ENOMEM;
	s->h = h;
	s->cfg = cfg;
	rc = h->config_number(cfg, "scheme", "min_points", 0, 1000,
	                      &s->min_points);
	if (rc != ASSESS_OK && rc != ASSESS_ENOENT)
		goto fail; /* already reported; the code passed on as it is */
	if (rc == ASSESS_OK || rc == ASSESS_ENOENT)
		rc = h->config_bool(cfg, "scheme", "tamper", &s->tamper);
	if (rc != ASSESS_OK && rc != ASSESS_ENOENT)
		goto fail;
	n = h->config_key_count(cfg, "posts");
	rc = n > 0 ? ASSESS_OK
	           : h->config_error(cfg, "posts", NULL, "no post is named");
	for (i = 0; rc == ASSESS_OK && i < n; i++)
		rc = h->config_number(cfg, "posts",
		                      h->config_key_name(cfg, "posts", i), 0, 5,
		                      &coef);
	if (rc != ASSESS_OK)
		goto fail;
	*out = s;
	return ASSESS_OK;
fail:
	destroy(s);
	return rc;
}

static struct branch *branch_of(struct pioneer *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nb; i++)
		if (strcmp(s->b[i].name, name) == 0)
			return &s->b[i];
	if (s->nb == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct branch *b = realloc(s->b, cap * sizeof *b);
		if (!b)
			return NULL;
		s->b = b;
		s->cap = cap;
	}
	memset(&s->b[s->nb], 0, sizeof s->b[s->nb]);
	snprintf(s->b[s->nb].name, sizeof s->b[s->nb].name, "%s", name);
	return &s->b[s->nb++];
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct pioneer *s = state;
	const assess_host *h = s->h;
	assess_node *r = h->result_node(res);
	const char *post, *parent;
	struct branch *b;
	double sum = 0, v, coef;
	char path[32];
	int i, n, bad = 0;

	if (h->record_string(rec, "post", &post) != ASSESS_OK)
		bad = h->reject(res, "post", "must be the name of a post");
	else if (h->config_number(s->cfg, "posts", post, 0, 5, &coef) !=
	         ASSESS_OK)
		bad = h->reject(res, "post", "'%s' is not a post of [posts]",
		                post);
	if (h->record_type(rec, "daily") != ASSESS_TYPE_ARRAY)
		bad = h->reject(res, "daily", "must be an array of daily points");
	n = h->record_count(rec, "daily");
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "daily[%d]", i);
		if (h->record_number(rec, path, &v) != ASSESS_OK || v < 0 ||
		    v > 100)
			bad = h->reject(res, path, "must be a number 0..100");
		else
			sum += v;
	}
	if (h->record_string(rec, "parent", &parent) != ASSESS_OK)
		bad = h->reject(res, "parent", "the member's branch is needed");
	if (bad)
		return ASSESS_EREJECT;
	if (!(b = branch_of(s, parent)))
		return ASSESS_ENOMEM;
	sum *= coef;
	b->points += sum;
	h->put_number(r, "points", sum);
	h->put_bool(r, "qualified", sum >= s->min_points);
	h->put_string(r, "rating", sum >= s->min_points ? "先锋" : "未达标");
	return ASSESS_OK;
}

static int finish(void *state, assess_node *summary)
{
	struct pioneer *s = state;
	const assess_host *h = s->h;
	assess_node *totals = h->put_object(summary, "branches"), *flags;
	const struct branch *best = NULL;
	size_t i;
	int rc;

	for (i = 0; i < s->nb; i++) {
		const struct branch *b = &s->b[i];
		if ((rc = h->put_number(totals, b->name, b->points)) != ASSESS_OK)
			return rc;
		if (!best || b->points > best->points ||
		    (b->points == best->points && strcmp(b->name, best->name) < 0))
			best = b;
	}
#ifdef PIONEER_BAD_FINISH
	flags = h->put_object(summary, "red_flags"); /* the bug: an object */
#else
	flags = h->put_array(summary, "red_flags");
#endif
	if (best && (rc = h->put_string(flags, NULL, best->name)) != ASSESS_OK)
		return rc;
	if (s->tamper)
		h->put_bool(summary, "tamper_refused",
		            h->put_int(summary, "records", 999) == ASSESS_EINVAL &&
		            h->put_null(summary, "assessed") == ASSESS_EINVAL &&
		            !h->put_object(summary, "rejected"));
	return ASSESS_OK;
}

static int describe(void *state, assess_node *out)
{
	const assess_host *h = ((struct pioneer *)state)->h;

	h->put_bool(out, "order_independent", 1);
	h->put_string(out, "record", "{ id, name, parent, post, daily: [] }");
	return ASSESS_OK;
}

static const assess_plugin pioneer = {
	sizeof(assess_plugin),
	ASSESS_ABI_VERSION,
	"pioneer",
	"0.1.0",
	"test plugin: 党员先锋岗 member pioneer points, records of its own shape",
	"pioneer.ini",
	create,
	assess,
	finish,
	describe,
	destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &pioneer;
}
