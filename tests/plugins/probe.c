/*
 * probe.c - a test plugin that walks every path of the plugin ABI: typed
 * config reads, record reads by path, result and summary writes, rejection,
 * logging, finish and describe.  Its scheme is deliberately simple: the
 * score is the sum of the numbers in "scores", qualified when it reaches
 * [probe] bar.
 *
 * [probe] keys: bar (number, default 60), label (string), fail_create (bool:
 * create fails with a config error), fail_finish (bool), keep (bool: keep
 * every record's id and score until finish, which then names the best one;
 * the bench uses it to measure what finish-step data costs), misuse (bool:
 * on every record, try to write the host's members and text that is not
 * UTF-8, and fail the record unless each is refused).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"

struct kept {
	char id[48];
	double score;
};

struct probe {
	const assess_host *h;
	double bar;
	const char *label;
	int fail_finish, keep, misuse;
	long qualified, seen, logs;
	struct kept *kept;
	size_t nkept, capkept;
};

/* Counts the records of a reference file, whatever they are. */
static int count_ref(void *arg, const assess_record *rec)
{
	(void)rec;
	++*(long *)arg;
	return ASSESS_OK;
}

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct probe *p;
	const char *refs;
	long nrefs = 0;
	int fail = 0, rc;

	if (!ASSESS_HAS(h, put_array))
		return ASSESS_EPLUGIN;
	p = calloc(1, sizeof *p);
	if (!p)
		return ASSESS_ENOMEM;
	p->h = h;
	p->bar = 60;
	p->label = "probe";
	h->config_string(cfg, "probe", "label", &p->label);
	if ((rc = h->config_number(cfg, "probe", "bar", 0, 1000, &p->bar)) ==
	        ASSESS_ETYPE ||
	    rc == ASSESS_ERANGE ||
	    h->config_bool(cfg, "probe", "fail_create", &fail) == ASSESS_ETYPE ||
	    h->config_bool(cfg, "probe", "fail_finish", &p->fail_finish) ==
	        ASSESS_ETYPE ||
	    h->config_bool(cfg, "probe", "keep", &p->keep) == ASSESS_ETYPE ||
	    h->config_bool(cfg, "probe", "misuse", &p->misuse) == ASSESS_ETYPE) {
		free(p);
		return ASSESS_ECONFIG;
	}
	if (fail) {
		free(p);
		return h->config_error(cfg, "probe", "fail_create",
		                       "asked to fail");
	}
	/* a careless plugin: reads a reference and ignores what the read
	 * returned, so only the host can stop a run on a bad reference */
	if (h->config_string(cfg, "probe", "refs", &refs) == ASSESS_OK &&
	    ASSESS_HAS(h, read_records)) {
		(void)h->read_records(refs, count_ref, &nrefs);
		h->log(ASSESS_LOG_INFO, "%ld reference records", nrefs);
	}
	*out = p;
	return ASSESS_OK;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct probe *p = state;
	const assess_host *h = p->h;
	assess_node *r = h->result_node(res), *crit;
	int i, n = h->record_count(rec, "scores"), urgent = 0;
	double sum = 0;
	char path[128];
	const char *name = "";

	if (h->record_type(rec, "scores") != ASSESS_TYPE_OBJECT)
		return h->reject(res, "scores", "missing: the probe needs scores");
	crit = h->put_array(r, "criteria");
	for (i = 0; i < n; i++) {
		const char *key = h->record_key(rec, "scores", i);
		double v;
		int rc;

		snprintf(path, sizeof path, "scores.%s", key);
		rc = h->record_number(rec, path, &v);
		if (rc == ASSESS_ETYPE)
			return h->reject(res, path, "must be a number");
		if (rc == ASSESS_ERANGE)
			return h->reject(res, path, "is too large to be a score");
		if (rc != ASSESS_OK)
			return h->reject(res, path, "unreadable (code %d)", rc);
		if (v < 0)
			return h->reject(res, path, "%g is negative", v);
		{
			assess_node *c = h->put_object(crit, NULL);
			h->put_string(c, "key", key);
			h->put_number(c, "score", v);
		}
		sum += v;
	}
	if (h->record_type(rec, "fail") != ASSESS_TYPE_MISSING)
		return ASSESS_EPLUGIN; /* the host must reject it for us */
	h->record_string(rec, "name", &name);
	h->record_bool(rec, "flags.urgent", &urgent);
	/* reading history[0].stars exercises index paths */
	{
		double first;
		if (h->record_number(rec, "history[0].stars", &first) == ASSESS_OK)
			h->put_number(r, "first_stars", first);
	}
	/* a plugin cannot overwrite the host's members, write the members of
	 * a rejected result, or write text that is not UTF-8 */
	if (p->misuse && (h->put_string(r, "id", "forged") != ASSESS_EINVAL ||
	    h->put_string(r, "name", "forged") != ASSESS_EINVAL ||
	    h->put_null(r, "parent") != ASSESS_EINVAL ||
	    h->put_string(r, "period", "forged") != ASSESS_EINVAL ||
	    h->put_string(r, "status", "forged") != ASSESS_EINVAL ||
	    h->put_string(r, "errors", "forged") != ASSESS_EINVAL ||
	    h->put_int(r, "line", 7) != ASSESS_EINVAL ||
	    h->put_string(r, "note", "bad \xff byte") != ASSESS_EINVAL ||
	    h->put_int(r, "\xc0\xaf", 1) != ASSESS_EINVAL))
		return ASSESS_EPLUGIN;
	h->put_number(r, "score", sum);
	h->put_int(r, "max_score", 1000);
	h->put_bool(r, "qualified", nearbyint(sum * 1e6) >= nearbyint(p->bar * 1e6));
	h->put_string(r, "rating", p->label);
	h->put_bool(r, "urgent", urgent);
	h->put_null(r, "tier");
	h->put_string(h->put_array(r, "warnings"), NULL, "checked");
	h->put_int(r, "name_bytes", (long long)strlen(name));
	if (p->logs++ == 0)
		h->log(ASSESS_LOG_INFO, "first record is %s", h->record_id(rec));
	p->seen++;
	p->qualified += nearbyint(sum * 1e6) >= nearbyint(p->bar * 1e6);
	if (p->keep) {
		if (p->nkept == p->capkept) {
			size_t cap = p->capkept ? p->capkept * 2 : 1024;
			struct kept *k = realloc(p->kept, cap * sizeof *k);
			if (!k)
				return ASSESS_ENOMEM;
			p->kept = k;
			p->capkept = cap;
		}
		snprintf(p->kept[p->nkept].id, sizeof p->kept[0].id, "%s",
		         h->record_id(rec));
		p->kept[p->nkept++].score = sum;
	}
	return ASSESS_OK;
}

static int finish(void *state, assess_node *summary)
{
	struct probe *p = state;
	const assess_host *h = p->h;
	size_t i, best = 0;

	if (p->fail_finish)
		return ASSESS_EPLUGIN;
	h->put_int(summary, "qualified", p->qualified);
	if (p->keep && p->nkept) {
		for (i = 1; i < p->nkept; i++)
			if (p->kept[i].score > p->kept[best].score)
				best = i;
		h->put_string(summary, "best", p->kept[best].id);
	}
	return ASSESS_OK;
}

static int describe(void *state, assess_node *out)
{
	struct probe *p = state;
	assess_node *keys = p->h->put_array(out, "config_keys");

	p->h->put_string(keys, NULL, "probe.bar");
	p->h->put_string(keys, NULL, "probe.label");
	p->h->put_number(out, "bar", p->bar);
	return ASSESS_OK;
}

static void destroy(void *state)
{
	struct probe *p = state;

	if (p)
		free(p->kept);
	free(p);
}

static const assess_plugin probe = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "probe",
	.version = "1.0.0",
	.description = "test plugin: sums scores",
	.default_config = NULL,
	.create = create,
	.assess = assess,
	.finish = finish,
	.describe = describe,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &probe;
}
