/*
 * scorecard_rules.c - a scorecard scheme's batch rules on the SDK's batch
 * helpers (include/assess/batch.h): [quota] is assess_cap_apply over the
 * roster of every assessed record, [pairing] assess_match_capacity and
 * assess_pairs_write.  A rating is a level there: the ladder's first
 * rating the highest (level = nratings - 1 - rating).  What the scheme
 * adds: its counts follow a record the quota moves, and the moved
 * record's result says its new rating, qualified and stars.
 */
#include <stdlib.h>

#include "scorecard_impl.h"

/* The ladder's codes by level, for the helpers' output. */
static const char **level_names(const struct scorecard *s)
{
	const char **v = malloc((s->nratings + 1) * sizeof *v);
	size_t i;

	for (i = 0; v && i < s->nratings; i++)
		v[i] = s->ratings[s->nratings - 1 - i].code;
	return v;
}

/* The quota moved member i from its rating to [quota] to. */
static void moved(size_t i, assess_node *n, void *ctx)
{
	struct scorecard *s = ctx;
	const assess_host *h = s->h;
	const struct sc_rating *from = &s->ratings[s->quota.rating],
	                       *to = &s->ratings[s->quota.to];
	const char *parent = assess_roster_parent(i, &s->members);
	long *t = parent ? assess_tally_get(&s->parents, parent) : NULL;

	s->per_rating_count[s->quota.rating]--;
	s->per_rating_count[s->quota.to]++;
	s->qualified += to->qualified - from->qualified;
	if (t) {
		t[SC_T_RATING + s->quota.rating]--;
		t[SC_T_RATING + s->quota.to]++;
		t[SC_T_QUALIFIED] += to->qualified - from->qualified;
	}
	s->quota.moved++;
	if (!n)
		return;
	h->put_bool(n, "qualified", to->qualified);
	h->put_string(n, "rating", to->label);
	if (s->numeric)
		h->put_int(n, "stars", to->stars);
}

int sc_quota_apply(struct scorecard *s)
{
	const struct sc_quota *q = &s->quota;
	const char **names = level_names(s);
	int top = (int)s->nratings - 1, rc;
	assess_cap cap = {
		.level = top - q->rating, .to = top - q->to,
		.per = q->per_parent ? ASSESS_CAP_PARENT : ASSESS_CAP_BATCH,
		.share = q->share, .count = q->count,
		.rounding = q->round_up ? ASSESS_ROUND_UP : ASSESS_ROUND_DOWN,
		.keep = ASSESS_KEEP_HIGHEST, .key = s->code_key,
		.nlevel_names = (int)s->nratings, .reason = q->reason
	};

	if (!names)
		return ASSESS_ENOMEM;
	cap.level_names = names;
	rc = assess_cap_apply(s->h, &s->members, &cap, moved, s, NULL);
	free(names);
	return rc;
}

int sc_pairs_apply(struct scorecard *s, assess_node *summary)
{
	const struct sc_pairing *p = &s->pairing;
	size_t n = s->members.members.n, ns = 0, nh = 0, i;
	size_t *seekers = malloc((n + 1) * sizeof *seekers);
	size_t *helpers = malloc((n + 1) * sizeof *helpers);
	unsigned *cap = malloc((n + 1) * sizeof *cap);
	assess_pair *pairs = malloc((n + 1) * sizeof *pairs);
	assess_match_how how = {
		assess_roster_weakest_first, assess_roster_strongest_first,
		p->mode == SC_PAIR_ANY ? NULL : assess_roster_parent,
		&s->members,
		p->mode == SC_PAIR_GROUP_FIRST ? ASSESS_MATCH_GROUP_FIRST
		                               : ASSESS_MATCH_IN_TURN
	};
	int rc = ASSESS_ENOMEM;

	if (seekers && helpers && cap && pairs) {
		for (i = 0; i < n; i++) {
			int r = (int)s->nratings - 1 -
			        assess_roster_get(&s->members, i)->level;
			if (p->seeks[r])
				seekers[ns++] = i;
			else if (p->helps[r]) {
				cap[nh] = (unsigned)p->capacity;
				helpers[nh++] = i;
			}
		}
		rc = assess_match_capacity(seekers, ns, helpers, cap, nh, &how,
		                           pairs, NULL);
		if (rc == ASSESS_OK)
			rc = assess_pairs_write(s->h, summary, &s->members, pairs, ns);
	}
	free(seekers);
	free(helpers);
	free(cap);
	free(pairs);
	return rc;
}
