/*
 * amends.c - what the SDK does with ABI 1.2's amendments: a roster's
 * members keep their result's handle and name, so that finish can write
 * batch-wide verdicts (SB9's pairs, a quota) into their own results,
 * not only into the summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/collect.h"
#include "assess/scheme_base.h"
#include "internal.h"

int assess_roster_set_result(assess_roster *r, uint64_t handle,
                             const char *name)
{
	assess_member *m;
	size_t off;

	if (!r->members.n)
		return ASSESS_EINVAL;
	if (assess_pool_add(&r->pool, name, &off) != ASSESS_OK)
		return ASSESS_ENOMEM;
	m = &((assess_member *)r->members.v)[r->members.n - 1];
	m->handle = handle;
	m->name = off;
	return ASSESS_OK;
}

void assess_roster_set_level(assess_roster *r, size_t i, int level, int tag)
{
	assess_member *m = &((assess_member *)r->members.v)[i];

	m->level = level;
	m->tag = tag;
}

/* The amend node of member i's result, or NULL (no handle, no service). */
static assess_node *amend_of(const assess_host *h, const assess_member *m)
{
	if (!m->handle || !ASSESS_HAS(h, amend))
		return NULL;
	return h->amend(m->handle);
}

int assess_pairs_amend(const assess_host *h, const assess_roster *r,
                       const size_t *seekers, size_t nseekers,
                       const size_t *pick)
{
	size_t i;

	for (i = 0; i < nseekers; i++) {
		const assess_member *a, *b;
		assess_node *n, *o;

		if (pick[i] == ASSESS_NO_MATCH)
			continue;
		a = assess_roster_get(r, seekers[i]);
		b = assess_roster_get(r, pick[i]);
		if ((n = amend_of(h, a))) {
			if (!(o = h->put_object(n, "pairing")))
				return ASSESS_ENOMEM;
			h->put_string(o, "helper", assess_pool_str(&r->pool, b->id));
			if (b->name != ASSESS_POOL_NONE)
				h->put_string(o, "helper_name",
				              assess_pool_str(&r->pool, b->name));
		}
		if ((n = amend_of(h, b))) {
			if (!(o = h->put_object(h->put_array(n, "helping"), NULL)))
				return ASSESS_ENOMEM;
			h->put_string(o, "id", assess_pool_str(&r->pool, a->id));
			if (a->name != ASSESS_POOL_NONE)
				h->put_string(o, "name",
				              assess_pool_str(&r->pool, a->name));
		}
	}
	return ASSESS_OK;
}

int assess_roster_quota(const assess_roster *r, int level, double share,
                        size_t *surplus, size_t *nsurplus)
{
	size_t n = r->members.n, nat = 0, allowed, i;
	size_t *at = malloc((n + 1) * sizeof *at);

	*nsurplus = 0;
	if (!at)
		return ASSESS_ENOMEM;
	for (i = 0; i < n; i++)
		if (assess_roster_get(r, i)->level == level)
			at[nat++] = i;
	/* floor(share * n) in decimal terms: 10% of 25 is 2 */
	allowed = (size_t)(assess_dec_round(share * (double)n, 6) + 1e-9);
	if (nat > allowed) {
		/* the strongest first, the smaller id first among equals */
		if (assess_sort(at, nat, assess_roster_strongest_first,
		                (void *)r) != ASSESS_OK) {
			free(at);
			return ASSESS_ENOMEM;
		}
		for (i = nat; i > allowed; i--)
			surplus[(*nsurplus)++] = at[i - 1];
	}
	free(at);
	return ASSESS_OK;
}

int assess_quota_amend(const assess_host *h, assess_roster *r, int level,
                       double share, const char *key,
                       void (*moved)(size_t i, assess_node *n, void *ctx),
                       void *ctx)
{
	size_t n = r->members.n, *surplus = malloc((n + 1) * sizeof *surplus);
	size_t ns = 0, i, allowed;
	char reason[160];
	int rc;

	if (!surplus)
		return ASSESS_ENOMEM;
	rc = assess_roster_quota(r, level, share, surplus, &ns);
	allowed = (size_t)(assess_dec_round(share * (double)n, 6) + 1e-9);
	if (allowed)
		snprintf(reason, sizeof reason, SDK_TR("more than %g%% of the "
		         "%zu assessed reached %d: only the %zu highest scores "
		         "keep it"), assess_dec_round(share * 100, 4), n, level,
		         allowed);
	else
		snprintf(reason, sizeof reason, SDK_TR("%g%% of the %zu "
		         "assessed is less than one: none keeps %d"),
		         assess_dec_round(share * 100, 4), n, level);
	for (i = 0; rc == ASSESS_OK && i < ns; i++) {
		const assess_member *m = assess_roster_get(r, surplus[i]);
		assess_node *a = amend_of(h, m), *q;

		assess_roster_set_level(r, surplus[i], level - 1, m->tag);
		if (a) {
			h->put_int(a, key, level - 1);
			if (!(q = h->put_object(a, "quota"))) {
				rc = ASSESS_ENOMEM;
				break;
			}
			h->put_int(q, "earned", level);
			h->put_number(q, "max_share", share);
			h->put_int(q, "allowed", (long long)allowed);
			h->put_string(q, "reason", reason);
		}
		moved(surplus[i], a, ctx);
	}
	free(surplus);
	return rc;
}
