/*
 * starbranch_batch.c - the star scheme's finish step (see
 * starbranch_impl.h): what only the whole batch decides.  The optional
 * quota ([quota] max_share.5) moves the lowest five-star branches to four
 * stars; SB9 pairs every tier-3 branch with a helper; SB10 writes the
 * batch's counts.  The quota and the pairs amend the branches' results,
 * which assess (starbranch.c) wrote, through their handles.
 */
#include <stdio.h>
#include <stdlib.h>

#include "starbranch_impl.h"

/* The five-star branch at roster index i (kept in roster order). */
static const struct sb_five *five_of(const struct star *s, size_t i)
{
	const struct sb_five *f = s->fives.v;
	size_t lo = 0, hi = s->fives.n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (f[mid].index < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->fives.n && f[lo].index == i ? &f[lo] : NULL;
}

/* The quota moved branch i from five stars to four: the counts follow,
 * and its change against the rating it held before is said again. */
static void demoted(size_t i, assess_node *n, void *ctx)
{
	struct star *s = ctx;
	const struct sb_five *f = five_of(s, i);
	const assess_member *m = assess_roster_get(&s->branches, i);
	const char *parent = assess_roster_parent(i, &s->branches);
	long *t = parent ? assess_tally_get(&s->parents, parent) : NULL;
	int tier = m->level >= s->tier1 ? 1 : 2; /* tier2 is below five */

	s->per_star[m->level + 1]--;
	s->per_star[m->level]++;
	s->per_tier[m->tag]--;
	s->per_tier[tier]++;
	assess_roster_set_level(&s->branches, i, m->level, tier);
	if (t) {
		t[2 + m->level]--;
		t[1 + m->level]++;
	}
	if (f) { /* the direction counted at five stars, taken back */
		int was = f->prev < 0 ? C_FIRST : MAX_STARS > f->prev ? C_UP
		          : C_SAME;
		sb_put_change(s, n ? s->h->put_object(n, "change") : NULL,
		              MAX_STARS - 1, f->prev,
		              assess_pool_str(&s->held_periods, f->period), was);
	}
	if (n) {
		s->h->put_string(n, "rating", s->rating[MAX_STARS - 1]);
		s->h->put_int(n, "tier", tier);
	}
}

/*
 * SB9 in two passes (assess_match), so that no helper leaves its unit
 * while a weak branch there still needs one.  First, within each parent
 * unit, its tier-3 branches (weakest first) take its own free helpers
 * (strongest first); then the branches still unpaired (weakest first)
 * take the free helpers left anywhere (strongest first).  Every unit gets
 * as many same-parent pairs as it has helped or helpers, whichever is
 * fewer, and the batch as many pairs in all.  Pairs and unpaired are
 * listed weakest first; ids break every tie, so input order never counts.
 */
static int pair(struct star *s, assess_node *summary)
{
	const assess_pairing how = {
		assess_roster_weakest_first, assess_roster_strongest_first,
		assess_roster_parent, assess_roster_id, &s->branches
	};
	size_t nb = s->branches.members.n, nhelped = 0, nhelper = 0, i;
	size_t *helped = malloc((nb + 1) * sizeof *helped);
	size_t *helper = malloc((nb + 1) * sizeof *helper);
	size_t *pick = malloc((nb + 1) * sizeof *pick);
	int rc = ASSESS_ENOMEM;

	if (helped && helper && pick) {
		for (i = 0; i < nb; i++) {
			const assess_member *b = assess_roster_get(&s->branches, i);
			if (b->tag == 3)
				helped[nhelped++] = i;
			else if (b->level >= s->helper_stars)
				helper[nhelper++] = i;
		}
		rc = assess_pairs_pick(s->h, summary, &how, helped, nhelped, helper,
		                       nhelper, pick);
		if (rc == ASSESS_OK)
			rc = assess_pairs_amend(s->h, &s->branches, helped, nhelped,
			                        pick);
	}
	free(pick);
	free(helped);
	free(helper);
	return rc;
}

static void put_star_counts(const assess_host *h, assess_node *o,
                            const long *count)
{
	char key[16];
	int i;

	for (i = MAX_STARS; i >= 0; i--) {
		snprintf(key, sizeof key, "%d", i);
		h->put_int(o, key, count[i]);
	}
}

/* SB10 */
int sb_finish(void *state, assess_node *summary)
{
	struct star *s = state;
	const assess_host *h = s->h;
	assess_node *o, *arr;
	const char **keys;
	size_t i;
	int k;

	if (s->max_share5 < 1 &&
	    assess_quota_amend(h, &s->branches, MAX_STARS, s->max_share5,
	                       "stars", demoted, s) != ASSESS_OK)
		return ASSESS_ENOMEM;
	put_star_counts(h, h->put_object(summary, "per_star"), s->per_star);
	o = h->put_object(summary, "per_tier");
	h->put_int(o, "1", s->per_tier[1]);
	h->put_int(o, "2", s->per_tier[2]);
	h->put_int(o, "3", s->per_tier[3]);
	h->put_int(summary, "vetoed", s->vetoed);
	assess_labels_put(h, h->put_object(summary, "vetoes"), &s->vetoes,
	                  s->veto_count);
	o = h->put_object(summary, "changes");
	for (k = 0; k < C_N; k++)
		h->put_int(o, sb_change_name[k], s->changes[k]);
	assess_put_note_counts(h, h->put_object(summary, "actions"), sb_action,
	                       s->actions, A_N);
	assess_put_note_counts(h, h->put_object(summary, "warnings"), sb_warning,
	                       s->warnings, W_N);
	if (pair(s, summary) != ASSESS_OK)
		return ASSESS_ENOMEM;
	arr = assess_put_list(h, summary, "parents");
	keys = assess_tally_sorted(&s->parents);
	if (s->parents.n && !keys)
		return ASSESS_ENOMEM;
	for (i = 0; i < s->parents.n; i++) {
		long *t = assess_tally_get(&s->parents, keys[i]);
		o = h->put_object(arr, NULL);
		h->put_string(o, "parent", keys[i]);
		h->put_int(o, "branches", t[0]);
		put_star_counts(h, h->put_object(o, "per_star"), t + 1);
	}
	free(keys);
	return ASSESS_OK;
}
