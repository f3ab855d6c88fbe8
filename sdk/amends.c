/*
 * amends.c - what the SDK does with ABI 1.2's amendments: a roster's
 * members keep their result's handle and name, so that finish can write
 * batch-wide verdicts (SB9's pairs, a quota) into their own results,
 * not only into the summary.  The pairs and the quota are written by
 * match.c and cap.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/collect.h"
#include "assess/scheme_base.h"
#include "internal.h"

/* assess_roster_set_result with the names spilled: the name goes to
 * their file, where it is to the 4 bytes after the id (at). */
static int spilled_name(assess_roster *r, assess_member *m, size_t at,
                        uint64_t handle, const char *name)
{
	uint32_t where = 0;
	int rc;

	memcpy(&where, r->pool.s + at, sizeof where);
	if (m->handle || where || at + sizeof where != r->pool.n)
		return ASSESS_EINVAL;
	if (name && *name &&
	    (rc = sdk_spill_put(r->names, name, &where)) != ASSESS_OK)
		return rc;
	memcpy(r->pool.s + at, &where, sizeof where);
	m->handle = handle;
	return ASSESS_OK;
}

int assess_roster_set_result(assess_roster *r, uint64_t handle,
                             const char *name)
{
	assess_member *m;
	size_t at, off;

	if (!r->members.n)
		return ASSESS_EINVAL;
	m = &((assess_member *)r->members.v)[r->members.n - 1];
	at = m->id + strlen(r->pool.s + m->id) + 1;
	if (r->names)
		return spilled_name(r, m, at, handle, name);
	/* its empty name is the pool's last byte: the name goes there */
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
