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
	size_t at, off;

	if (!r->members.n)
		return ASSESS_EINVAL;
	m = &((assess_member *)r->members.v)[r->members.n - 1];
	/* its empty name is the pool's last byte: the name goes there */
	at = m->id + strlen(r->pool.s + m->id) + 1;
	if (m->handle || at + 1 != r->pool.n)
		return ASSESS_EINVAL;
	if (name && *name) {
		if (at + strlen(name) + 1 >= ASSESS_ROSTER_NONE)
			return ASSESS_ENOMEM;
		r->pool.n = at;
		if (assess_pool_add(&r->pool, name, &off) != ASSESS_OK) {
			r->pool.n = at + 1; /* the empty name, as it was */
			return ASSESS_ENOMEM;
		}
	}
	m->handle = handle;
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

/* Member m's result names its partner p: its helper when helped, else
 * whom it helps. */
static int amend_pair(const assess_host *h, const assess_roster *r,
                      size_t m, size_t p, int helped)
{
	assess_node *n = amend_of(h, assess_roster_get(r, m)), *o;
	const char *name = assess_roster_name(p, (void *)r);

	if (!n)
		return ASSESS_OK;
	o = helped ? h->put_object(n, "pairing")
	           : h->put_object(h->put_array(n, "helping"), NULL);
	if (!o)
		return ASSESS_ENOMEM;
	h->put_string(o, helped ? "helper" : "id",
	              assess_roster_id(p, (void *)r));
	if (name)
		h->put_string(o, helped ? "helper_name" : "name", name);
	return ASSESS_OK;
}

#define HELPED 0x80000000u
#define NO_MATE 0xffffffffu

int assess_pairs_amend(const assess_host *h, const assess_roster *r,
                       const size_t *seekers, size_t nseekers,
                       const size_t *pick)
{
	size_t n = r->members.n, i;
	uint32_t *mate;
	int rc = ASSESS_OK;

	/* each member's partner, so that the results are amended in roster
	 * order: the order of their handles, the host's to read in */
	if (n >= HELPED || !(mate = malloc((n + 1) * sizeof *mate)))
		return ASSESS_ENOMEM;
	memset(mate, 0xff, (n + 1) * sizeof *mate);
	for (i = 0; i < nseekers; i++)
		if (pick[i] != ASSESS_NO_MATCH) {
			mate[seekers[i]] = (uint32_t)pick[i] | HELPED;
			mate[pick[i]] = (uint32_t)seekers[i];
		}
	for (i = 0; rc == ASSESS_OK && i < n; i++)
		if (mate[i] != NO_MATE)
			rc = amend_pair(h, r, i, mate[i] & ~HELPED,
			                (mate[i] & HELPED) != 0);
	free(mate);
	return rc;
}

int assess_roster_quota(const assess_roster *r, int level, double share,
                        size_t *surplus, size_t *nsurplus)
{
	size_t n = assess_roster_counted(r), nat = 0, allowed, i;
	size_t *at = malloc((r->members.n + 1) * sizeof *at);

	*nsurplus = 0;
	if (!at)
		return ASSESS_ENOMEM;
	for (i = 0; i < r->members.n; i++)
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
	size_t n = assess_roster_counted(r);
	size_t *surplus = malloc((r->members.n + 1) * sizeof *surplus);
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
