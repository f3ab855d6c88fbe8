/*
 * starbranch_batch.c - the star scheme's finish step (see
 * starbranch_impl.h): what only the whole batch decides.  The optional
 * quota ([quota] max_share.5) moves the lowest five-star branches to four
 * stars; SB9 pairs every tier-3 branch with a helper; SB10 writes the
 * batch's counts.  The quota and the pairs amend the branches' results,
 * which assess (starbranch.c) wrote, through their handles.
 */
#include <stdint.h>
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
	int tier = m->level >= s->tier1 ? 1 : 2; /* tier2 is below five */

	s->per_star[m->level + 1]--;
	s->per_star[m->level]++;
	s->per_tier[m->tag]--;
	s->per_tier[tier]++;
	assess_roster_set_level(&s->branches, i, m->level, tier);
	assess_groups_move(&s->parents, parent, m->level + 1, m->level);
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

/* SB9's words, as the star scheme's users and dashboards read them:
 * "pairs": [{ helper, helped, same_parent }], "unpaired",
 * and in the results "pairing" and "helping". */
static const assess_pair_words sb9_words = {
	"pairs", "helper", "helped", "same_parent", "unpaired",
	"pairing", "helper", "helper_name", "helping", "id", "name"
};

/*
 * SB9, matched group first (ASSESS_MATCH_GROUP_FIRST), so that no helper
 * leaves its unit while a weak branch there still needs one: first,
 * within each parent unit, its tier-3 branches (weakest first) take its
 * own helpers (strongest first, one branch each); then the branches
 * still unpaired (weakest first) take the free helpers left anywhere.
 * Every unit gets as many same-parent pairs as it has helped or helpers,
 * whichever is fewer, and the batch as many pairs in all.  Pairs and
 * unpaired are listed weakest first; ids break every tie, so input order
 * never counts.
 */
static int pair(struct star *s, assess_node *summary)
{
	const assess_match_how how = {
		assess_roster_weakest_first, assess_roster_strongest_first,
		assess_roster_parent, &s->branches, ASSESS_MATCH_GROUP_FIRST
	};
	size_t nb = s->branches.members.n, nhelped = 0, nhelper = 0, i, a, b;
	uint32_t *helped, *helper; /* roster indexes fit in 32 bits */
	assess_pair32 *pairs; /* 8 bytes a pair: 300,000 at a million records */
	int rc = ASSESS_ENOMEM;

	/* counted first: at a million branches each list sized to the whole
	 * roster cost tens of megabytes at the run's peak */
	for (i = 0; i < nb; i++) {
		const assess_member *m = assess_roster_get(&s->branches, i);
		if (m->tag == 3)
			nhelped++;
		else if (m->level >= s->helper_stars)
			nhelper++;
	}
	helped = malloc((nhelped + 1) * sizeof *helped);
	helper = malloc((nhelper + 1) * sizeof *helper);
	pairs = malloc((nhelped + 1) * sizeof *pairs);
	if (helped && helper && pairs) {
		for (i = a = b = 0; i < nb; i++) {
			const assess_member *m = assess_roster_get(&s->branches, i);
			if (m->tag == 3)
				helped[a++] = (uint32_t)i;
			else if (m->level >= s->helper_stars)
				helper[b++] = (uint32_t)i;
		}
		rc = assess_match_one32(helped, nhelped, helper, nhelper, &how,
		                        pairs, NULL);
	}
	/* the lists are given back before the pairs are written out */
	free(helped);
	free(helper);
	if (rc != ASSESS_OK) {
		free(pairs);
		return rc;
	}
	/* the pairs given over: freed before the results are amended */
	return assess_pairs_write_given32(s->h, summary, &s->branches, pairs,
	                                  nhelped, &sb9_words);
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
	assess_node *o;
	const assess_cap quota = { .level = MAX_STARS, .to = MAX_STARS - 1,
		.per = ASSESS_CAP_BATCH, .share = s->max_share5, .count = -1,
		.rounding = ASSESS_ROUND_DOWN, .keep = ASSESS_KEEP_HIGHEST,
		.key = "stars", .note_key = "quota" };
	int k;

	if (s->max_share5 < 1 &&
	    assess_cap_apply(h, &s->branches, &quota, demoted, s, NULL)
	    != ASSESS_OK)
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
	assess_put_note_counts(h, h->put_object(summary, "actions"),
	                       s->actions.v, s->action_count, A_N);
	assess_put_note_counts(h, h->put_object(summary, "warnings"),
	                       s->warn.v, s->warnings, W_N);
	if (pair(s, summary) != ASSESS_OK)
		return ASSESS_ENOMEM;
	if (assess_roster_names_status(&s->branches) != ASSESS_OK)
		return ASSESS_EPLUGIN; /* a name not read back: said in the log */
	/* finish runs once: what only it needed is given back before the
	 * results are written out (at a million records, tens of MB) */
	assess_roster_free(&s->branches);
	assess_vec_free(&s->fives);
	assess_pool_free(&s->held_periods);
	return assess_groups_put(h, summary, "parents", &s->parents, "branches",
	                         "per_star", NULL) != ASSESS_OK
	       ? ASSESS_ENOMEM : ASSESS_OK;
}
