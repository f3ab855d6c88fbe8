/*
 * careless.c - a plugin written carelessly, one mistake per build flag, for
 * the tests of the host's guards and of --check-plugin.  Where rude.c
 * misbehaves on a trigger in the record, careless.c misuses the plugin
 * interface itself, as a first scheme often does:
 *   CARELESS_nullstate  create returns ASSESS_OK with a NULL state, which
 *                       assess and finish then use
 *   CARELESS_hosttable  create writes into the host's services table
 *   CARELESS_stale      keeps the record, result and a result node of the
 *                       first record and uses them again: writes into the
 *                       old node during later records, reads the old
 *                       record and rejects the old result in finish, puts
 *                       into the summary and the old node in destroy
 *   CARELESS_exit       calls exit(0) on the second record
 *   CARELESS__exit      calls _exit(0) on the second record
 *   CARELESS_econfig    create returns ASSESS_ECONFIG without config_error
 *   CARELESS_code42     assess returns 42, no code of the interface
 *   CARELESS_undeclared declares "scores" and reads "flags" too
 *   CARELESS_leak       keeps 2 KB more on every record, never freed
 *   CARELESS_badput     puts NaN, a string that is not UTF-8, and "id"
 *   CARELESS_hog        in finish, takes all the memory there is (a step
 *                       that keeps too much) and returns ASSESS_OK, so
 *                       that the host runs out writing the output
 * Otherwise each record scores 1 and finish counts them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess/assess.h"

struct careless {
	const assess_host *h;
	long seen;
	const assess_record *old_rec; /* kept past its call: the mistake */
	assess_result *old_res;
	assess_node *old_node;
	assess_node *old_summary;
	void **kept;                  /* CARELESS_leak: never freed */
};

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct careless *c;

	(void)cfg;
#if defined(CARELESS_econfig)
	(void)h;
	*out = NULL;
	return ASSESS_ECONFIG; /* no config_error: the user learns nothing */
#endif
	c = calloc(1, sizeof *c);
	if (!c)
		return ASSESS_ENOMEM;
	c->h = h;
#if defined(CARELESS_nullstate)
	free(c);
	c = NULL;
#elif defined(CARELESS_hosttable)
	((assess_host *)h)->log = NULL; /* the table is the host's */
#elif defined(CARELESS_undeclared)
	if (h->declare("scores", ASSESS_TYPE_ANY, ASSESS_FIELD_OPTIONAL) < 0) {
		free(c);
		return ASSESS_EPLUGIN;
	}
#endif
	*out = c;
	return ASSESS_OK;
}

/* The NULL state is used as a careless plugin would, not caught before
 * the crash by UBSan's check (under make check-asan). */
#if defined(CARELESS_nullstate) && defined(__GNUC__)
#define CARELESS_UNCHECKED __attribute__((no_sanitize_undefined))
#else
#define CARELESS_UNCHECKED
#endif

CARELESS_UNCHECKED
static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct careless *c = state;
	const assess_host *h = c->h;
	assess_node *node = h->result_node(res);

	(void)h->record_type(rec, "scores");
#if !defined(CARELESS_undeclared)
	(void)h->record_type(rec, "flags"); /* a field it knows */
#endif
#if defined(CARELESS_stale)
	if (c->old_node)
		h->put_int(c->old_node, "written_later", c->seen);
	else {
		c->old_rec = rec;
		c->old_res = res;
		c->old_node = h->put_object(node, "detail");
	}
#elif defined(CARELESS_exit)
	if (c->seen == 1)
		exit(0);
#elif defined(CARELESS__exit)
	if (c->seen == 1)
		_exit(0);
#elif defined(CARELESS_code42)
	if (c->seen == 1)
		return 42;
#elif defined(CARELESS_undeclared)
	(void)h->record_type(rec, "flags");
#elif defined(CARELESS_leak)
	{
		void **more = realloc(c->kept, (size_t)(c->seen + 1) * sizeof *more);
		if (!more)
			return ASSESS_ENOMEM;
		c->kept = more;
		if (!(more[c->seen] = malloc(2048)))
			return ASSESS_ENOMEM;
		memset(more[c->seen], 1, 2048);
	}
#elif defined(CARELESS_badput)
	h->put_number(node, "ratio", nan(""));
	h->put_string(node, "note", "\xff\xfe not UTF-8");
	h->put_string(node, "id", "mine");
#endif
	c->seen++;
	h->put_number(node, "score", 1);
	return ASSESS_OK;
}

CARELESS_UNCHECKED
static int finish(void *state, assess_node *summary)
{
	struct careless *c = state;
	const assess_host *h = c->h;

	h->put_int(summary, "seen_by_plugin", c->seen);
#if defined(CARELESS_hog)
	{
		size_t size = (size_t)1 << 20;
		void *p;
		/* every block kept, the smaller ones too, until none is left */
		while (size >= 64)
			if ((p = malloc(size)))
				memset(p, 1, size);
			else
				size /= 2;
	}
#endif
#if defined(CARELESS_stale)
	{
		double v;
		h->put_int(c->old_node, "in_finish", 1);
		(void)h->record_number(c->old_rec, "scores.a", &v);
		h->reject(c->old_res, NULL, "rejected in finish");
		c->old_summary = summary;
	}
#endif
	return ASSESS_OK;
}

static void destroy(void *state)
{
	struct careless *c = state;

	if (!c)
		return;
#if defined(CARELESS_stale)
	if (c->old_summary)
		c->h->put_int(c->old_summary, "in_destroy", 1);
	if (c->old_node)
		c->h->put_int(c->old_node, "in_destroy", 1);
#endif
#if defined(CARELESS_leak)
	(void)c->kept; /* the leak: neither the blocks nor the list freed */
#endif
	free(c);
}

static const assess_plugin careless = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "careless",
	.version = "0.0.1",
	.description = "a plugin that misuses the interface, for tests",
	.create = create,
	.assess = assess,
	.finish = finish,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &careless;
}
