/*
 * slots12.c - a fixture plugin of ABI 1.2: it declares a required object
 * "scores" and an optional boolean "flag", walks scores with the iterator
 * (keys of any content, '.' and '[' included), and in finish writes each
 * result's rank by sum (equal sums share one) into the results.  It also
 * tries to amend a host member, a handle never given and outside finish,
 * and says in the summary whether the host refused each.  A record's
 * optional "pad" (a number of bytes) has finish amend its result with a
 * string that long, to try the host's limit on one amendment.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"

struct kept {
	uint64_t handle;
	double sum, pad;
};

struct state {
	const assess_host *h;
	int scores_at, flag_at, pad_at;
	struct kept *v;
	size_t n, cap;
	int refused_outside;
};

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct state *s = calloc(1, sizeof *s);

	(void)cfg;
	if (!s)
		return ASSESS_ENOMEM;
	s->h = h;
	if (!ASSESS_HAS(h, declare) ||
	    (s->scores_at = h->declare("scores", ASSESS_TYPE_OBJECT,
	                               ASSESS_FIELD_REQUIRED)) < 0 ||
	    (s->flag_at = h->declare("flag", ASSESS_TYPE_BOOL,
	                             ASSESS_FIELD_OPTIONAL)) < 0 ||
	    (s->pad_at = h->declare("pad", ASSESS_TYPE_NUMBER,
	                            ASSESS_FIELD_OPTIONAL)) < 0) {
		free(s);
		return ASSESS_EPLUGIN;
	}
	*out = s;
	return ASSESS_OK;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct state *s = state;
	const assess_host *h = s->h;
	assess_node *r = h->result_node(res), *keys = h->put_array(r, "keys");
	const assess_value *v;
	const char *key;
	double sum = 0, x;
	int i, flag = 0;

	for (i = 0; (v = h->value_item(h->slot(rec, s->scores_at), i, &key));
	     i++) {
		h->put_string(keys, NULL, key);
		if (h->value_number(v, &x) == ASSESS_OK)
			sum += x;
	}
	h->slot_bool(rec, s->flag_at, &flag);
	h->put_number(r, "sum", sum);
	h->put_bool(r, "flag", flag);
	s->refused_outside = h->amend(h->result_handle(res)) == NULL;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct kept *nv = realloc(s->v, cap * sizeof *nv);
		if (!nv)
			return ASSESS_ENOMEM;
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n].handle = h->result_handle(res);
	s->v[s->n].pad = 0;
	h->slot_number(rec, s->pad_at, &s->v[s->n].pad);
	s->v[s->n++].sum = sum;
	return ASSESS_OK;
}

static int finish(void *state, assess_node *summary)
{
	struct state *s = state;
	const assess_host *h = s->h;
	size_t i, j;
	int host_member = 1;

	for (i = 0; i < s->n; i++) {
		long rank = 1;
		assess_node *a = h->amend(s->v[i].handle);
		for (j = 0; j < s->n; j++)
			rank += s->v[j].sum > s->v[i].sum;
		h->put_int(a, "rank", rank);
		if (s->v[i].pad >= 1 && s->v[i].pad < 1e9) {
			size_t n = (size_t)s->v[i].pad;
			char *pad = malloc(n + 1);
			if (!pad)
				return ASSESS_ENOMEM;
			memset(pad, 'x', n);
			pad[n] = '\0';
			h->put_string(a, "pad", pad);
			free(pad);
		}
		host_member &= h->put_string(a, "status", "x") == ASSESS_EINVAL &&
		               h->put_string(a, "id", "x") == ASSESS_EINVAL;
	}
	h->put_bool(summary, "host_members_refused", host_member);
	h->put_bool(summary, "unknown_handle_refused",
	            h->amend(s->n + 1000) == NULL);
	h->put_bool(summary, "amend_outside_finish_refused", s->refused_outside);
	return ASSESS_OK;
}

static void destroy(void *state)
{
	struct state *s = state;

	free(s->v);
	free(s);
}

static const assess_plugin slots12 = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "slots12",
	.version = "1.2.0",
	.description = "ABI 1.2 fixture: slots, iterators, amendments",
	.create = create,
	.assess = assess,
	.finish = finish,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &slots12;
}
