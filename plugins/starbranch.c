/*
 * starbranch.c - 星级党支部: star ratings of Party branches, with the
 * one-vote veto, tiers, downgrade consequences and pairing of strong with
 * weak, as a drilling company runs them (configs/starbranch.ini).
 *
 * SB1  seven items, 100 points            SB6  the previous star and change
 * SB2  daily/half-year/annual weights     SB7  consequences of a downgrade
 * SB3  stars 1-5 from the composite       SB8  item prompts, downgrade warning
 * SB4  one-vote veto                      SB9  pairing tier 3 with 4-5 stars
 * SB5  tiers 1-3                          SB10 the batch summary
 * Beyond the source: a branch below five stars is told the points it lacks
 * for the next star and the items furthest below their maximum.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "assess/scheme.h"

#define MAX_STARS 5

/* SB7 consequences, in the order they are listed. */
enum { A_SECRETARY_ADMONITION, A_TEAM_ADMONITION, A_SECRETARY_HANDLING,
       A_TEAM_HANDLING, A_N };
static const char *const action_code[A_N] = {
	"secretary_admonition", "team_admonition", "secretary_handling",
	"team_handling"
};
static const char *const action_label[A_N] = {
	"书记诫勉谈话", "班子集体诫勉谈话", "书记组织处理", "班子组织处理"
};

enum { C_UP, C_DOWN, C_SAME, C_FIRST, C_N };
static const char *const change_name[C_N] = { "up", "down", "same", "first" };

/* What the finish step keeps of a branch: no record, just this. */
struct branch {
	size_t id, parent;   /* offsets into the string pool */
	double score;
	unsigned char stars, tier;
};

#define BRANCH(s, i) (((const struct branch *)(s)->branches.v)[i])

/* One earlier rating from a record's history. */
struct rating {
	const char *period;
	int stars;
};

struct star {
	const assess_host *h;
	assess_criteria items;
	assess_periods periods;
	assess_bars bars;
	assess_labels vetoes;
	char *rating[MAX_STARS + 1], *unqualified;
	double prompt_share;
	long focus, tier1, tier2, helper_stars;
	/* the batch */
	assess_vec branches; /* struct branch */
	assess_pool pool;
	long per_star[MAX_STARS + 1], per_tier[4], vetoed, *veto_count;
	long actions[A_N], prompts, downgrade_warnings, changes[C_N];
	assess_tally parents; /* per parent: branches, then stars 0..5 */
};

static void destroy(void *state)
{
	struct star *s = state;
	int i;

	if (!s)
		return;
	assess_criteria_free(&s->items);
	assess_periods_free(&s->periods);
	assess_bars_free(&s->bars);
	assess_labels_free(&s->vetoes);
	for (i = 0; i <= MAX_STARS; i++)
		free(s->rating[i]);
	free(s->unqualified);
	free(s->veto_count);
	assess_vec_free(&s->branches);
	assess_pool_free(&s->pool);
	assess_tally_free(&s->parents);
	free(s);
}

static int load(struct star *s, const assess_config *cfg)
{
	const assess_host *h = s->h;
	double total = 100;
	const char *v;
	char key[16];
	int i, rc;

	rc = h->config_number(cfg, "scheme", "total", 0, 1e9, &total);
	if (rc != ASSESS_OK && rc != ASSESS_ENOENT)
		return ASSESS_ECONFIG;
	s->prompt_share = 0.6;
	rc = assess_config_percent(h, cfg, "scheme", "prompt_share",
	                           &s->prompt_share);
	if (rc != ASSESS_OK && rc != ASSESS_ENOENT)
		return rc;
	s->focus = 3;
	rc = h->config_int(cfg, "scheme", "focus_items", 0, 100, &s->focus);
	if (rc != ASSESS_OK && rc != ASSESS_ENOENT)
		return ASSESS_ECONFIG;
	if ((rc = assess_criteria_load(h, cfg, "item", total, -1, &s->items)) ||
	    (rc = assess_periods_load(h, cfg, "periods", &s->periods)) ||
	    (rc = assess_bars_load(h, cfg, "stars", MAX_STARS, 0, total,
	                           &s->bars)) ||
	    (rc = assess_labels_load(h, cfg, "vetoes", &s->vetoes)))
		return rc;
	if (s->items.n > 64)
		return h->config_error(cfg, NULL, NULL, "%zu [item.*] sections: "
		                       "at most 64", s->items.n);
	if (s->vetoes.n > 64)
		return h->config_error(cfg, "vetoes", NULL, "%zu vetoes: at most 64",
		                       s->vetoes.n);
	for (i = 0; i <= MAX_STARS; i++) {
		snprintf(key, sizeof key, "%d", i);
		if (h->config_string(cfg, "ratings", key, &v) != ASSESS_OK || !*v)
			return h->config_error(cfg, "ratings", key, "missing: what "
			                       "a rating of %d stars is called", i);
		if (!(s->rating[i] = strdup(v)))
			return ASSESS_ENOMEM;
	}
	if (h->config_string(cfg, "ratings", "unqualified", &v) != ASSESS_OK ||
	    !*v)
		return h->config_error(cfg, "ratings", "unqualified", "missing: "
		                       "what a vetoed branch is called");
	if (!(s->unqualified = strdup(v)))
		return ASSESS_ENOMEM;
	if ((rc = assess_config_need_int(h, cfg, "tiers", "tier1", 0, MAX_STARS, &s->tier1)) ||
	    (rc = assess_config_need_int(h, cfg, "tiers", "tier2", 0, MAX_STARS, &s->tier2)))
		return rc;
	if (s->tier1 <= s->tier2)
		return h->config_error(cfg, "tiers", "tier1", "%ld is not above "
		                       "tier2 (%ld)", s->tier1, s->tier2);
	if ((rc = assess_config_need_int(h, cfg, "pairing", "helper_stars", 1, MAX_STARS,
	                   &s->helper_stars)))
		return rc;
	s->veto_count = calloc(s->vetoes.n + 1, sizeof *s->veto_count);
	if (!s->veto_count ||
	    assess_tally_init(&s->parents, MAX_STARS + 2) != ASSESS_OK)
		return ASSESS_ENOMEM;
	return ASSESS_OK;
}

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct star *s = calloc(1, sizeof *s);
	int rc;

	if (!s)
		return ASSESS_ENOMEM;
	s->h = h;
	assess_vec_init(&s->branches, sizeof(struct branch));
	rc = load(s, cfg);
	if (rc != ASSESS_OK) {
		destroy(s);
		return rc;
	}
	*out = s;
	return ASSESS_OK;
}

static int later_first(const void *a, const void *b)
{
	return strcmp(((const struct rating *)b)->period,
	              ((const struct rating *)a)->period);
}

/*
 * SB6: the ratings before the current period, latest first, into r (room
 * for n).  Returns how many, or -1 after rejecting a malformed entry.
 */
static int read_history(struct star *s, const assess_record *rec,
                        assess_result *res, struct rating *r, int n)
{
	const assess_host *h = s->h;
	const char *current = NULL;
	char path[64];
	int i, j, k = 0, bad = 0, t = h->record_type(rec, "history");
	int count = h->record_count(rec, "history");

	if (t == ASSESS_TYPE_MISSING || t == ASSESS_TYPE_NULL)
		return 0;
	if (t != ASSESS_TYPE_ARRAY) {
		h->reject(res, "history", "must be an array of { period, stars }");
		return -1;
	}
	h->record_string(rec, "period", &current);
	for (i = 0; i < count && i < n; i++) {
		double stars;
		const char *period;
		snprintf(path, sizeof path, "history[%d].period", i);
		if (h->record_string(rec, path, &period) != ASSESS_OK || !*period) {
			h->reject(res, path, "must be a period such as \"2024\"");
			bad = 1;
			continue;
		}
		snprintf(path, sizeof path, "history[%d].stars", i);
		if (h->record_number(rec, path, &stars) != ASSESS_OK ||
		    stars < 0 || stars > MAX_STARS || stars != (int)stars) {
			h->reject(res, path, "must be a whole number of stars 0..%d "
			          "(0: no star or unqualified)", MAX_STARS);
			bad = 1;
			continue;
		}
		for (j = 0; j < k; j++)
			if (strcmp(r[j].period, period) == 0)
				break;
		if (j < k) {
			snprintf(path, sizeof path, "history[%d].period", i);
			h->reject(res, path, "%s is rated twice in the history",
			          period);
			bad = 1;
			continue;
		}
		/* only what was held before this assessment */
		if (current && strcmp(period, current) >= 0)
			continue;
		r[k].period = period;
		r[k++].stars = (int)stars;
	}
	if (count > n) {
		h->reject(res, "history", "more than %d entries", n);
		bad = 1;
	}
	if (bad)
		return -1;
	qsort(r, (size_t)k, sizeof *r, later_first);
	return k;
}

static void put_action(const assess_host *h, assess_node *arr, int a,
                       const char *reason)
{
	assess_node *o = h->put_object(arr, NULL);

	h->put_string(o, "code", action_code[a]);
	h->put_string(o, "label", action_label[a]);
	h->put_string(o, "rule", "SB7");
	h->put_string(o, "reason", reason);
	if (a == A_TEAM_HANDLING)
		h->put_bool(o, "discretionary", 1);
}

/* SB7: every consequence that applies; prev/prev2 are -1 when unknown. */
static void consequences(struct star *s, assess_node *arr, int stars,
                         int prev, int prev2)
{
	const assess_host *h = s->h;
	char why[160];
	int a;
	int hit[A_N] = { 0 };

	if (prev >= 0 && stars < prev) {
		hit[A_SECRETARY_ADMONITION] = 1;
		snprintf(why, sizeof why, "downgraded from %d to %d stars", prev,
		         stars);
		put_action(h, arr, A_SECRETARY_ADMONITION, why);
	}
	if (prev >= 0 && prev - stars >= 2) {
		hit[A_TEAM_ADMONITION] = 1;
		snprintf(why, sizeof why, "dropped %d levels this year",
		         prev - stars);
		put_action(h, arr, A_TEAM_ADMONITION, why);
	}
	if (prev >= 0 && prev2 >= 0 && stars < prev && prev < prev2) {
		hit[A_SECRETARY_HANDLING] = 1;
		snprintf(why, sizeof why, "downgraded two years running: %d, %d, "
		         "%d stars", prev2, prev, stars);
		put_action(h, arr, A_SECRETARY_HANDLING, why);
	}
	if (prev >= 0 && prev2 >= 0 && stars < 3 && prev < 3 && prev2 < 3) {
		hit[A_TEAM_HANDLING] = 1;
		snprintf(why, sizeof why, "below three stars three years running: "
		         "%d, %d, %d stars", prev2, prev, stars);
		put_action(h, arr, A_TEAM_HANDLING, why);
	}
	for (a = 0; a < A_N; a++)
		s->actions[a] += hit[a];
}

/* The half-year pre-assessment total, when every item has one. */
static int half_year_total(struct star *s, const assess_record *rec,
                           double *out)
{
	char path[160];
	double sum = 0, v;
	size_t i;

	for (i = 0; i < s->items.n; i++) {
		snprintf(path, sizeof path, "checks.half_year.%s",
		         s->items.v[i].key);
		if (s->h->record_number(rec, path, &v) != ASSESS_OK)
			return -1;
		sum += v;
	}
	*out = sum;
	return 0;
}

/* Beyond the source: the points to the next star and where to find them. */
static void next_star(struct star *s, assess_node *r, int stars,
                      double total, const double *score)
{
	const assess_host *h = s->h;
	size_t n = s->items.n, i, j, *order = malloc(n * sizeof *order);
	assess_node *o = h->put_object(r, "next_star"), *focus;
	double bar = s->bars.bar[stars];
	long shown = 0;

	h->put_int(o, "stars", stars + 1);
	h->put_number(o, "bar", bar);
	h->put_number(o, "points_needed", assess_dec_round(bar - total, 2));
	focus = h->put_array(o, "focus");
	if (!order)
		return;
	/* items by how far below their maximum, the item order breaking ties */
	for (i = 0; i < n; i++) {
		double gap = s->items.v[i].max - score[i];
		for (j = i; j > 0; j--) {
			size_t p = order[j - 1];
			if (assess_dec_cmp(s->items.v[p].max - score[p], gap) >= 0)
				break;
			order[j] = p;
		}
		order[j] = i;
	}
	for (i = 0; i < n && shown < s->focus; i++) {
		const assess_criterion *c = &s->items.v[order[i]];
		double gap = c->max - score[order[i]];
		assess_node *f;
		if (assess_dec_cmp(gap, 0) <= 0)
			break;
		f = h->put_object(focus, NULL);
		h->put_string(f, "key", c->key);
		h->put_string(f, "label", c->label);
		h->put_number(f, "score", assess_dec_round(score[order[i]], 2));
		h->put_number(f, "max", c->max);
		h->put_number(f, "room", assess_dec_round(gap, 2));
		shown++;
	}
	free(order);
}

/* Keep what the finish step needs; -1 when out of memory. */
static int keep(struct star *s, const char *id, const char *parent,
                double score, int stars, int tier)
{
	struct branch *b = assess_vec_push(&s->branches);
	size_t idoff, paroff;

	if (!b || assess_pool_add(&s->pool, id, &idoff) != ASSESS_OK ||
	    assess_pool_add(&s->pool, parent, &paroff) != ASSESS_OK) {
		if (b)
			s->branches.n--;
		return -1;
	}
	b->id = idoff;
	b->parent = paroff;
	b->score = score;
	b->stars = (unsigned char)stars;
	b->tier = (unsigned char)tier;
	return 0;
}

/* An item with no score: was it written under its label, or misspelt, in
 * scores or a period's checks?  1 after rejecting that member, else 0. */
static int stand_in(struct star *s, const assess_record *rec,
                    assess_result *res, size_t i)
{
	char obj[160];
	size_t p;

	if (assess_reject_stand_in(s->h, rec, res, "scores", &s->items, i,
	                           "item") == ASSESS_EREJECT)
		return 1;
	for (p = 0; p < s->periods.n; p++) {
		snprintf(obj, sizeof obj, "checks.%s", s->periods.key[p]);
		if (assess_reject_stand_in(s->h, rec, res, obj, &s->items, i,
		                           "item") == ASSESS_EREJECT)
			return 1;
	}
	return 0;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct star *s = state;
	const assess_host *h = s->h;
	size_t n = s->items.n, i;
	double score[64], total = 0, half;
	unsigned char hit[64];
	struct rating hist[64];
	const char *parent = NULL;
	char path[160], why[160];
	assess_node *r = h->result_node(res), *arr, *warn;
	int bad = 0, vetoed = 0, stars, tier, prev, prev2, nhist, rc, prompt;
	long *t;

	/* SB1-SB2: the items, from per-period checks or from scores */
	for (i = 0; i < n; i++) {
		rc = assess_item_score(h, rec, res, &s->periods, s->items.v[i].key,
		                       s->items.v[i].max, &score[i]);
		if (rc == ASSESS_ENOENT && !stand_in(s, rec, res, i)) {
			snprintf(path, sizeof path, "scores.%s", s->items.v[i].key);
			h->reject(res, path, "missing: no score for %s (%s) in scores "
			          "or checks", s->items.v[i].label, s->items.v[i].key);
		}
		bad |= rc != ASSESS_OK;
		total += rc == ASSESS_OK ? score[i] : 0;
	}
	/* SB4 */
	if (assess_keys_read_as(h, rec, res, "vetoes", "veto", &s->vetoes, hit) !=
	    ASSESS_OK)
		bad = 1;
	/* SB6 */
	nhist = read_history(s, rec, res, hist, 64);
	if (bad || nhist < 0)
		return ASSESS_EREJECT;

	for (i = 0; i < s->vetoes.n; i++)
		vetoed |= hit[i];
	stars = vetoed ? 0 : assess_bars_level(&s->bars, total); /* SB3 */
	tier = stars >= s->tier1 ? 1 : stars >= s->tier2 ? 2 : 3; /* SB5 */
	if (vetoed)
		tier = 3;
	prev = nhist > 0 ? hist[0].stars : -1;
	prev2 = nhist > 1 ? hist[1].stars : -1;

	h->put_number(r, "score", assess_dec_round(total, 2));
	h->put_number(r, "max_score", s->items.total);
	h->put_int(r, "stars", stars);
	h->put_string(r, "rating", vetoed ? s->unqualified : s->rating[stars]);
	h->put_bool(r, "qualified", !vetoed);
	h->put_int(r, "tier", tier);
	{
		assess_node *c = h->put_object(r, "change");
		int ch = prev < 0 ? C_FIRST : stars > prev ? C_UP
		         : stars < prev ? C_DOWN : C_SAME;
		if (prev < 0) {
			h->put_null(c, "previous");
			h->put_null(c, "delta");
		} else {
			h->put_int(c, "previous", prev);
			h->put_int(c, "delta", stars - prev);
			h->put_string(c, "previous_period", hist[0].period);
		}
		h->put_string(c, "direction", change_name[ch]);
		s->changes[ch]++;
	}
	arr = h->put_array(r, "vetoes");
	for (i = 0; i < s->vetoes.n; i++) {
		if (!hit[i])
			continue;
		h->put_string(arr, NULL, s->vetoes.key[i]);
		s->veto_count[i]++;
	}
	arr = h->put_array(r, "criteria");
	for (i = 0; i < n; i++) {
		const assess_criterion *c = &s->items.v[i];
		assess_node *o = h->put_object(arr, NULL);
		h->put_string(o, "key", c->key);
		h->put_string(o, "label", c->label);
		h->put_number(o, "score", assess_dec_round(score[i], 2));
		h->put_number(o, "max", c->max);
		/* an item has no bar of its own: it passes unless SB8 prompts */
		prompt = assess_dec_cmp(score[i], c->max * s->prompt_share) < 0;
		h->put_bool(o, "passed", !prompt);
		h->put_bool(o, "prompt", prompt);
	}
	consequences(s, h->put_array(r, "actions"), stars, prev, prev2);
	/* SB8 */
	warn = h->put_array(r, "warnings");
	for (i = 0; i < n; i++) {
		const assess_criterion *c = &s->items.v[i];
		assess_node *o;
		if (assess_dec_cmp(score[i], c->max * s->prompt_share) >= 0)
			continue;
		o = h->put_object(warn, NULL);
		h->put_string(o, "code", "item_prompt");
		h->put_string(o, "label", "提示");
		h->put_string(o, "rule", "SB8");
		h->put_string(o, "item", c->key);
		snprintf(why, sizeof why, "%s scored %g of %g, below %g%% of its "
		         "maximum", c->label, assess_dec_round(score[i], 2), c->max,
		         assess_dec_round(s->prompt_share * 100, 2));
		h->put_string(o, "message", why);
		s->prompts++;
	}
	if (!vetoed && prev > 0 && half_year_total(s, rec, &half) == 0 &&
	    assess_bars_level(&s->bars, half) < prev) {
		assess_node *o = h->put_object(warn, NULL);
		h->put_string(o, "code", "downgrade_warning");
		h->put_string(o, "label", "警示");
		h->put_string(o, "rule", "SB8");
		snprintf(why, sizeof why, "the half-year pre-assessment (%g) points "
		         "to %d stars, below the %d held: warning talk with the "
		         "secretary", assess_dec_round(half, 2),
		         assess_bars_level(&s->bars, half), prev);
		h->put_string(o, "message", why);
		s->downgrade_warnings++;
	}
	if (!vetoed && stars < MAX_STARS)
		next_star(s, r, stars, total, score);

	h->record_string(rec, "parent", &parent);
	s->per_star[stars]++;
	s->per_tier[tier]++;
	s->vetoed += vetoed;
	if (parent && (t = assess_tally_get(&s->parents, parent))) {
		t[0]++;
		t[1 + stars]++;
	}
	if (keep(s, h->record_id(rec), parent, total, stars, tier) < 0)
		return ASSESS_ENOMEM;
	return ASSESS_OK;
}

/* SB9 orders: the weakest helped branch chooses first; the strongest helper
 * is offered first; ids break every tie, so input order never matters. */
static int weakest_first(size_t a, size_t b, void *ctx)
{
	const struct star *s = ctx;
	const struct branch *x = &BRANCH(s, a), *y = &BRANCH(s, b);
	int d = assess_dec_cmp(x->score, y->score);

	if (x->stars != y->stars)
		return x->stars < y->stars ? -1 : 1;
	return d ? d : strcmp(s->pool.s + x->id, s->pool.s + y->id);
}

static int strongest_first(size_t a, size_t b, void *ctx)
{
	const struct star *s = ctx;
	const struct branch *x = &BRANCH(s, a), *y = &BRANCH(s, b);
	int d = assess_dec_cmp(y->score, x->score);

	if (x->stars != y->stars)
		return x->stars > y->stars ? -1 : 1;
	return d ? d : strcmp(s->pool.s + x->id, s->pool.s + y->id);
}

static const char *parent_of(size_t k, void *ctx)
{
	const struct star *s = ctx;

	return assess_pool_str(&s->pool, BRANCH(s, k).parent);
}

/*
 * SB9 in two passes (assess_match), so that no helper leaves its unit
 * while a weak branch there still needs one.  First, within each parent
 * unit, its tier-3 branches (weakest first) take its own free helpers
 * (strongest first); then the branches still unpaired (weakest first)
 * take the free helpers left anywhere (strongest first).  Every unit gets
 * as many same-parent pairs as it has helped or helpers, whichever is
 * fewer, and the batch as many pairs in all.  Pairs and unpaired are
 * listed weakest first.
 */
static int pair(struct star *s, assess_node *summary)
{
	const assess_host *h = s->h;
	size_t nb = s->branches.n, nhelped = 0, nhelper = 0, i;
	size_t *helped = malloc((nb + 1) * sizeof *helped);
	size_t *helper = malloc((nb + 1) * sizeof *helper);
	size_t *pick = malloc((nb + 1) * sizeof *pick);
	assess_node *pairs, *unpaired;
	int rc = ASSESS_ENOMEM;

	if (!helped || !helper || !pick)
		goto out;
	for (i = 0; i < nb; i++) {
		if (BRANCH(s, i).tier == 3)
			helped[nhelped++] = i;
		else if (BRANCH(s, i).stars >= s->helper_stars)
			helper[nhelper++] = i;
	}
	if (assess_sort(helped, nhelped, weakest_first, s) != ASSESS_OK ||
	    assess_sort(helper, nhelper, strongest_first, s) != ASSESS_OK ||
	    assess_match(helped, nhelped, helper, nhelper, parent_of, s,
	                 pick) != ASSESS_OK)
		goto out;
	pairs = h->put_array(summary, "pairs");
	unpaired = h->put_array(summary, "unpaired");
	for (i = 0; i < nhelped; i++) {
		const char *p = parent_of(helped[i], s), *q;
		assess_node *o;

		if (pick[i] == ASSESS_NO_MATCH) {
			h->put_string(unpaired, NULL,
			              s->pool.s + BRANCH(s, helped[i]).id);
			continue;
		}
		q = parent_of(pick[i], s);
		o = h->put_object(pairs, NULL);
		h->put_string(o, "helper", s->pool.s + BRANCH(s, pick[i]).id);
		h->put_string(o, "helped", s->pool.s + BRANCH(s, helped[i]).id);
		h->put_bool(o, "same_parent", p && *p && q && strcmp(p, q) == 0);
	}
	rc = ASSESS_OK;
out:
	free(helped);
	free(helper);
	free(pick);
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
static int finish(void *state, assess_node *summary)
{
	struct star *s = state;
	const assess_host *h = s->h;
	assess_node *o, *arr;
	const char **keys;
	size_t i;
	int k;

	put_star_counts(h, h->put_object(summary, "per_star"), s->per_star);
	o = h->put_object(summary, "per_tier");
	h->put_int(o, "1", s->per_tier[1]);
	h->put_int(o, "2", s->per_tier[2]);
	h->put_int(o, "3", s->per_tier[3]);
	h->put_int(summary, "vetoed", s->vetoed);
	o = h->put_object(summary, "vetoes");
	for (i = 0; i < s->vetoes.n; i++)
		h->put_int(o, s->vetoes.key[i], s->veto_count[i]);
	o = h->put_object(summary, "changes");
	for (k = 0; k < C_N; k++)
		h->put_int(o, change_name[k], s->changes[k]);
	o = h->put_object(summary, "actions");
	for (k = 0; k < A_N; k++)
		h->put_int(o, action_code[k], s->actions[k]);
	o = h->put_object(summary, "warnings");
	h->put_int(o, "item_prompt", s->prompts);
	h->put_int(o, "downgrade_warning", s->downgrade_warnings);
	if (pair(s, summary) != ASSESS_OK)
		return ASSESS_ENOMEM;
	arr = h->put_array(summary, "parents");
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

static int describe(void *state, assess_node *out)
{
	struct star *s = state;
	const assess_host *h = s->h;
	assess_node *arr, *o;
	size_t i;
	int k;

	arr = h->put_array(out, "items");
	for (i = 0; i < s->items.n; i++) {
		o = h->put_object(arr, NULL);
		h->put_string(o, "key", s->items.v[i].key);
		h->put_string(o, "label", s->items.v[i].label);
		h->put_number(o, "max", s->items.v[i].max);
	}
	o = h->put_object(out, "periods");
	for (i = 0; i < s->periods.n; i++)
		h->put_number(o, s->periods.key[i], s->periods.weight[i]);
	arr = h->put_array(out, "stars");
	for (k = MAX_STARS; k >= 1; k--) {
		o = h->put_object(arr, NULL);
		h->put_int(o, "stars", k);
		h->put_number(o, "bar", s->bars.bar[k - 1]);
		h->put_string(o, "rating", s->rating[k]);
	}
	o = h->put_object(out, "vetoes");
	for (i = 0; i < s->vetoes.n; i++)
		h->put_string(o, s->vetoes.key[i], s->vetoes.label[i]);
	o = h->put_object(out, "tiers");
	h->put_int(o, "tier1", s->tier1);
	h->put_int(o, "tier2", s->tier2);
	h->put_number(out, "prompt_share", s->prompt_share);
	h->put_int(out, "helper_stars", s->helper_stars);
	arr = h->put_array(out, "config_keys");
	h->put_string(arr, NULL, "[scheme] total, prompt_share, focus_items");
	h->put_string(arr, NULL, "[item.KEY] label, max");
	h->put_string(arr, NULL, "[periods] PERIOD = weight (adding up to 1)");
	h->put_string(arr, NULL, "[stars] 1..5 = bar (rising)");
	h->put_string(arr, NULL, "[ratings] 0..5, unqualified = label");
	h->put_string(arr, NULL, "[vetoes] KEY = label");
	h->put_string(arr, NULL, "[tiers] tier1, tier2 (stars 0..5)");
	h->put_string(arr, NULL, "[pairing] helper_stars");
	return ASSESS_OK;
}

static const assess_plugin starbranch = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "starbranch",
	.version = "1.0.0",
	.description = "星级党支部 star-rated branches (SB1-SB10)",
	.default_config = "starbranch.ini",
	.create = create,
	.assess = assess,
	.finish = finish,
	.describe = describe,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &starbranch;
}
