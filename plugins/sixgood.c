/*
 * sixgood.c - the 六个好 standard for street Party working committees.
 *
 * SG1  six criteria with the mechanics of 五个好 (FG1-FG4): the shared
 *      standard engine (sdk/standard.c) over configs/sixgood.ini.
 * SG2  a street leads the communities under it: when [community] results
 *      names the output of a fivegood run, the street's community criterion
 *      is the share of its communities (records whose parent is the
 *      street's id) that reached 五个好, times the criterion's maximum, and
 *      the result names the communities that held it back.
 *
 *     assess --plugin fivegood communities.ndjson -o communities.json
 *     assess --plugin sixgood --set community.results=communities.json \
 *            streets.ndjson
 */
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "assess/scheme.h"
#define ASSESS_TEXT_DOMAIN "assess-schemes"
#include "assess/i18n.h"

/* One community from the five-good results, kept compact. */
struct community {
	char *parent, *id, *name;
	int qualified;    /* reached 五个好 */
	int rejected;     /* its record was rejected: counted as not reached */
	int fed;          /* its street is in the batch */
	long order;       /* position in the results file */
};

struct sixgood {
	assess_standard std;
	const assess_host *h;
	struct community *c; /* sorted by parent, then file order */
	size_t n, cap;
	char *results;       /* [community] results: the file, or "" */
	char *criterion;     /* [community] criterion: the one it feeds */
};

/* SG2's keys, read and described from this one table; the standard
 * engine reads and describes the rest (assess_standard_load). */
static const assess_config_key spec[] = {
	{ .section = "community", .key = "results", .kind = ASSESS_CONF_STRING,
	  .def_str = "", .value = "FILE (fivegood output)",
	  .offset = offsetof(struct sixgood, results),
	  .doc = ASSESS_N("the fivegood results that feed the community "
	                  "criterion") },
	{ .section = "community", .key = "criterion",
	  .kind = ASSESS_CONF_STRING, .def_str = "community",
	  .value = "KEY (default community)",
	  .offset = offsetof(struct sixgood, criterion),
	  .doc = ASSESS_N("the criterion the results feed") }
};
#define NSPEC (sizeof spec / sizeof *spec)

static int keep(void *arg, const assess_record *rec)
{
	struct sixgood *g = arg;
	const assess_host *h = g->h;
	const char *parent, *id, *name = "", *status = "ok";
	struct community *c;
	int q = 0;

	if (h->record_string(rec, "parent", &parent) != ASSESS_OK ||
	    h->record_string(rec, "id", &id) != ASSESS_OK)
		return ASSESS_OK; /* a community without a street feeds none */
	h->record_string(rec, "name", &name);
	h->record_string(rec, "status", &status);
	h->record_bool(rec, "qualified", &q);
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 256;
		struct community *v = realloc(g->c, cap * sizeof *v);
		if (!v)
			return ASSESS_ENOMEM;
		g->c = v;
		g->cap = cap;
	}
	c = &g->c[g->n];
	c->parent = strdup(parent);
	c->id = strdup(id);
	c->name = strdup(name);
	c->rejected = strcmp(status, "rejected") == 0;
	c->fed = 0;
	c->qualified = q && !c->rejected;
	c->order = (long)g->n;
	if (!c->parent || !c->id || !c->name) {
		free(c->parent);
		free(c->id);
		free(c->name);
		return ASSESS_ENOMEM;
	}
	g->n++;
	return ASSESS_OK;
}

static int by_parent(const void *a, const void *b)
{
	const struct community *x = a, *y = b;
	int d = strcmp(x->parent, y->parent);

	return d ? d : (x->order > y->order) - (x->order < y->order);
}

/* The communities of street id: [*first, *first + count). */
static size_t find(const struct sixgood *g, const char *id, size_t *first)
{
	size_t lo = 0, hi = g->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(g->c[mid].parent, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < g->n && strcmp(g->c[end].parent, id) == 0; end++)
		;
	*first = lo;
	return end - lo;
}

/* SG2: the share of the street's communities that reached 五个好. */
static int feed_score(void *arg, size_t i, const assess_record *rec,
                      assess_result *res, double *out)
{
	struct sixgood *g = arg;
	size_t first, n = find(g, g->h->record_id(rec), &first), k;
	long q = 0;

	(void)res;
	if (n == 0)
		return ASSESS_ENOENT;
	for (k = first; k < first + n; k++)
		q += g->c[k].qualified;
	*out = g->std.criteria.v[i].max * (double)q / (double)n;
	return ASSESS_OK;
}

static void feed_annotate(void *arg, size_t i, const assess_record *rec,
                          assess_node *crit)
{
	struct sixgood *g = arg;
	const assess_host *h = g->h;
	size_t first, n = find(g, h->record_id(rec), &first), k;
	assess_node *o = h->put_object(crit, "communities"), *held;
	long q = 0;

	(void)i;
	for (k = first; k < first + n; k++)
		q += g->c[k].qualified;
	h->put_int(o, "total", (long long)n);
	h->put_int(o, "qualified", q);
	h->put_number(o, "share", assess_dec_round((double)q / (double)n, 4));
	held = h->put_array(o, "held_back");
	for (k = first; k < first + n; k++) {
		assess_node *c;
		if (g->c[k].qualified)
			continue;
		c = h->put_object(held, NULL);
		h->put_string(c, "id", g->c[k].id);
		h->put_string(c, "name", g->c[k].name);
		h->put_string(c, "status", g->c[k].rejected ? "rejected"
		                                            : "not_qualified");
	}
}

static void destroy(void *state)
{
	struct sixgood *g = state;
	size_t k;

	if (!g)
		return;
	for (k = 0; k < g->n; k++) {
		free(g->c[k].parent);
		free(g->c[k].id);
		free(g->c[k].name);
	}
	free(g->c);
	assess_config_spec_free(spec, NSPEC, g);
	assess_standard_free(&g->std);
	free(g);
}

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct sixgood *g = calloc(1, sizeof *g);
	const assess_criterion *c;
	int rc;

	if (!g)
		return ASSESS_ENOMEM;
	g->h = h;
	assess_i18n_bind(ASSESS_TEXT_DOMAIN);
	rc = assess_standard_load(h, cfg, "六个好", &g->std);
	if (rc != ASSESS_OK) {
		free(g);
		return rc;
	}
	/* both keys are asked even without a results file: a key no one
	 * reads is an error */
	if ((rc = assess_config_spec_load(h, cfg, spec, NSPEC, g)) !=
	    ASSESS_OK) {
		destroy(g);
		return rc;
	}
	if (*g->results) {
		if (!ASSESS_HAS(h, read_records)) {
			destroy(g);
			return h->config_error(cfg, "community", "results",
			                       ASSESS_TR("this assess is too old to "
			                       "read results files (ABI 1.1 needed)"));
		}
		c = assess_criteria_find(&g->std.criteria, g->criterion);
		if (!c) {
			rc = h->config_error(cfg, "community", "criterion",
			                     ASSESS_TR("'%s' is not a criterion of "
			                     "this scheme"),
			                     g->criterion);
			destroy(g);
			return rc;
		}
		if ((rc = h->read_records(g->results, keep, g)) != ASSESS_OK) {
			destroy(g);
			return rc == ASSESS_ENOMEM ? ASSESS_ENOMEM : ASSESS_ECONFIG;
		}
		qsort(g->c, g->n, sizeof *g->c, by_parent);
		g->std.feed.score = feed_score;
		g->std.feed.annotate = feed_annotate;
		g->std.feed.arg = g;
		g->std.feed.missing = ASSESS_N("no community of this street is "
		                      "in the five-good results ([community] "
		                      "results)");
		g->std.feed.criterion = (size_t)(c - g->std.criteria.v);
		h->log(ASSESS_LOG_INFO, ASSESS_TR("%zu communities read from %s"), g->n,
		       g->results);
	}
	*out = g;
	return ASSESS_OK;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct sixgood *g = state;
	size_t first, n = find(g, g->h->record_id(rec), &first), k;

	for (k = first; k < first + n; k++)
		g->c[k].fed = 1;
	return assess_standard_assess(&g->std, rec, res);
}

/* SG2: communities of the results whose parent is no street of the batch
 * (a parent typed with a space, results of another district) say so. */
static void say_unfed(const struct sixgood *g)
{
	size_t i, n = 0;
	const struct community *c = NULL;

	for (i = 0; i < g->n; i++)
		if (!g->c[i].fed && !n++)
			c = &g->c[i];
	if (!n)
		return;
	if (c->parent[0] == ' ' || (*c->parent &&
	    c->parent[strlen(c->parent) - 1] == ' '))
		g->h->log(ASSESS_LOG_WARN, ASSESS_TR("communities of %s whose "
		          "parent is no street assessed in this batch: %zu of %zu, "
		          "e.g. %s (parent \"%s\", with a space around it)"),
		          g->results, n, g->n, c->id, c->parent);
	else
		g->h->log(ASSESS_LOG_WARN, ASSESS_TR("communities of %s whose "
		          "parent is no street assessed in this batch: %zu of %zu, "
		          "e.g. %s (parent \"%s\")"),
		          g->results, n, g->n, c->id, c->parent);
}

static int finish(void *state, assess_node *summary)
{
	struct sixgood *g = state;

	say_unfed(g);
	return assess_standard_finish(&g->std, summary);
}

static int describe(void *state, assess_node *out)
{
	struct sixgood *g = state;
	assess_node *o;
	int rc;

	/* the scheme's name as a reader says it, in the run's language */
	g->h->put_string(out, "title",
	                 ASSESS_TR("Six-good street Party working committees"));
	rc = assess_standard_describe(&g->std, out);
	o = g->h->put_object(out, "community_feed");

	if (g->std.feed.score) {
		g->h->put_string(o, "results", g->results);
		g->h->put_string(o, "criterion",
		                 g->std.criteria.v[g->std.feed.criterion].key);
		g->h->put_int(o, "communities", (long long)g->n);
	} else {
		g->h->put_null(o, "results");
	}
	if (rc == ASSESS_OK)
		rc = assess_config_spec_describe(g->h, spec, NSPEC,
		                                 g->h->put_array(out,
		                                                 "config_keys_sg2"));
	return rc;
}

static const assess_plugin sixgood = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "sixgood",
	.version = "1.0.0",
	.description = "六个好 street Party working committees (SG1-SG2)",
	.default_config = "sixgood.ini",
	.create = create,
	.assess = assess,
	.finish = finish,
	.describe = describe,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &sixgood;
}
