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
 * for the next star and the items furthest below their maximum; SB9's
 * pairs are also written into both branches' results, and an optional
 * quota ([quota] max_share.5) caps the share of five-star branches.
 *
 * Here: the config, each branch (SB1-SB8) and describe; the finish step
 * (the quota, SB9, SB10) is starbranch_batch.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "starbranch_impl.h"

/* SB7 consequences, in the order they are listed. */
const assess_note sb_action[A_N] = {
	{ "secretary_admonition", "书记诫勉谈话", "SB7", "reason" },
	{ "team_admonition", "班子集体诫勉谈话", "SB7", "reason" },
	{ "secretary_handling", "书记组织处理", "SB7", "reason" },
	{ "team_handling", "班子组织处理", "SB7", "reason" }
};

/* SB8 prompts and warnings. */
const assess_note sb_warning[W_N] = {
	{ "item_prompt", "提示", "SB8", NULL },
	{ "downgrade_warning", "警示", "SB8", NULL }
};

const char *const sb_change_name[C_N] = { "up", "down", "same", "first" };

#define AT(member) offsetof(struct star, member)
#define RATING(n) { .section = "ratings", .key = #n, \
	.kind = ASSESS_CONF_LABEL, .required = 1, .offset = AT(rating[n]), \
	.doc = "what a rating of " #n " stars is called" }

/* The INI, read and described from this one table; the [item.KEY],
 * [periods], [stars] and [vetoes] sections have loaders of their own. */
static const assess_config_key spec[] = {
	{ .section = "scheme", .key = "total", .kind = ASSESS_CONF_NUMBER,
	  .max = 1e9, .def = 100, .offset = AT(total),
	  .doc = ASSESS_N("what the item maxima add up to") },
	{ .section = "scheme", .key = "prompt_share",
	  .kind = ASSESS_CONF_PERCENT, .def = 0.6, .offset = AT(prompt_share),
	  .doc = ASSESS_N("SB8: an item below this share of its maximum is "
	                  "prompted") },
	{ .section = "scheme", .key = "missing", .kind = ASSESS_CONF_CHOICE,
	  .choices = "reject|reweight", .offset = AT(missing_reweight),
	  .doc = ASSESS_N("SB2: an item left blank in a period that gives the "
	                  "other items: the record is rejected, or the item "
	                  "weighted over its other periods with a warning") },
	{ .section = "scheme", .key = "focus_items", .kind = ASSESS_CONF_INT,
	  .max = 100, .def = 3, .offset = AT(focus),
	  .doc = ASSESS_N("how many items next_star names") },
	{ .section = "item.KEY", .key = "label, max",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "periods", .key = "PERIOD = weight (adding up to 1)",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "stars", .key = "1..5 = bar (rising)",
	  .kind = ASSESS_CONF_ELSEWHERE },
	RATING(0), RATING(1), RATING(2), RATING(3), RATING(4), RATING(5),
	{ .section = "ratings", .key = "unqualified", .kind = ASSESS_CONF_LABEL,
	  .required = 1, .offset = AT(unqualified),
	  .doc = ASSESS_N("what a vetoed branch is called") },
	{ .section = "vetoes", .key = "KEY = label",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "actions", .key = "CODE = label (SB7)",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "warnings", .key = "CODE = label (SB8)",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "tiers", .key = "tier1", .kind = ASSESS_CONF_INT,
	  .max = MAX_STARS, .required = 1, .unit = "stars",
	  .offset = AT(tier1) },
	{ .section = "tiers", .key = "tier2", .kind = ASSESS_CONF_INT,
	  .max = MAX_STARS, .required = 1, .unit = "stars",
	  .offset = AT(tier2) },
	{ .section = "pairing", .key = "helper_stars", .kind = ASSESS_CONF_INT,
	  .min = 1, .max = MAX_STARS, .required = 1, .offset = AT(helper_stars),
	  .doc = ASSESS_N("SB9: the fewest stars of a branch that helps") },
	{ .section = "quota", .key = "max_share.5", .kind = ASSESS_CONF_PERCENT,
	  .def = 1, .offset = AT(max_share5),
	  .doc = ASSESS_N("the most branches with five stars, as a share of "
	                  "those assessed; the lowest scores beyond it get four") }
};
#define NSPEC (sizeof spec / sizeof *spec)

static void destroy(void *state)
{
	struct star *s = state;

	if (!s)
		return;
	assess_item_slots_free(&s->in);
	assess_criteria_free(&s->items);
	assess_periods_free(&s->periods);
	assess_bars_free(&s->bars);
	assess_labels_free(&s->vetoes);
	assess_config_spec_free(spec, NSPEC, s);
	free(s->veto_count);
	assess_roster_free(&s->branches);
	assess_vec_free(&s->fives);
	assess_pool_free(&s->held_periods);
	assess_groups_free(&s->parents);
	assess_notes_free(&s->actions);
	assess_notes_free(&s->warn);
	free(s);
}

/* The record fields read, declared in the order first read (ABI 1.2). */
static int declare(struct star *s)
{
	const assess_host *h = s->h;
	int *at[] = { &s->vetoes_at, &s->history_at, &s->period_at,
	              &s->parent_at, &s->name_at };
	static const char *const path[] = { "vetoes", "history", "period",
	                                    "parent", "name" };
	size_t i;
	int rc;

	if (!ASSESS_HAS(h, declare)) {
		h->log(ASSESS_LOG_ERROR, "needs a host of ABI 1.2 or later");
		return ASSESS_EPLUGIN;
	}
	if ((rc = assess_items_declare(h, &s->periods, &s->items, &s->in)))
		return rc;
	s->in.reweight = s->missing_reweight; /* SB2's missing-data policy */
	for (i = 0; i < sizeof path / sizeof *path; i++)
		if ((*at[i] = h->declare(path[i], ASSESS_TYPE_ANY,
		                         ASSESS_FIELD_OPTIONAL)) < 0)
			return *at[i];
	return ASSESS_OK;
}

static int load(struct star *s, const assess_config *cfg)
{
	const assess_host *h = s->h;
	int rc;

	if ((rc = assess_config_spec_load(h, cfg, spec, NSPEC, s)) ||
	    (rc = assess_criteria_load(h, cfg, "item", s->total, -1,
	                               &s->items)) ||
	    (rc = assess_periods_load(h, cfg, "periods", &s->periods)) ||
	    (rc = assess_bars_load(h, cfg, "stars", MAX_STARS, 0, s->total,
	                           &s->bars)) ||
	    (rc = assess_labels_load(h, cfg, "vetoes", &s->vetoes)) ||
	    (rc = assess_notes_load(h, cfg, "actions", sb_action, NULL, A_N,
	                            &s->actions)) ||
	    (rc = assess_notes_load(h, cfg, "warnings", sb_warning, NULL, W_N,
	                            &s->warn)))
		return rc;
	if (s->items.n > 64)
		return h->config_error(cfg, NULL, NULL, ASSESS_TR("%zu [item.*] "
		                       "sections: at most 64"), s->items.n);
	if (s->vetoes.n > 64)
		return h->config_error(cfg, "vetoes", NULL,
		                       ASSESS_TR("%zu vetoes: at most 64"),
		                       s->vetoes.n);
	if (s->tier1 <= s->tier2)
		return h->config_error(cfg, "tiers", "tier1", ASSESS_TR("%ld is "
		                       "not above tier2 (%ld)"), s->tier1, s->tier2);
	if ((rc = declare(s)) != ASSESS_OK)
		return rc;
	s->veto_count = calloc(s->vetoes.n + 1, sizeof *s->veto_count);
	if (!s->veto_count ||
	    assess_groups_init(&s->parents, MAX_STARS + 1) != ASSESS_OK)
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
	assess_i18n_bind(ASSESS_TEXT_DOMAIN);
	s->veto_word = ASSESS_TR("veto"); /* looked up once, not per record */
	assess_roster_init(&s->branches);
	assess_vec_init(&s->fives, sizeof(struct sb_five));
	/* the names are read back only for the pairs written */
	rc = assess_roster_spill_names(&s->branches, h);
	if (rc == ASSESS_OK)
		rc = load(s, cfg);
	if (rc != ASSESS_OK) {
		destroy(s);
		return rc;
	}
	*out = s;
	return ASSESS_OK;
}

/* SB7: every consequence that applies; prev/prev2 are -1 when unknown. */
static void consequences(struct star *s, assess_node *arr, int stars,
                         int prev, int prev2)
{
	const assess_host *h = s->h;
	int hit[A_N], a, low3 = stars < 3 && prev < 3 && prev2 < 3;

	hit[A_SECRETARY_ADMONITION] = prev >= 0 && stars < prev;
	hit[A_TEAM_ADMONITION] = prev >= 0 && prev - stars >= 2;
	hit[A_SECRETARY_HANDLING] = prev2 >= 0 && stars < prev && prev < prev2;
	hit[A_TEAM_HANDLING] = prev >= 0 && prev2 >= 0 && low3;
	if (hit[A_SECRETARY_ADMONITION])
		assess_notes_put(h, arr, &s->actions, A_SECRETARY_ADMONITION, NULL,
		                "downgraded from %d to %d stars", prev, stars);
	if (hit[A_TEAM_ADMONITION])
		assess_notes_put(h, arr, &s->actions, A_TEAM_ADMONITION, NULL,
		                "dropped %d levels this year", prev - stars);
	if (hit[A_SECRETARY_HANDLING])
		assess_notes_put(h, arr, &s->actions, A_SECRETARY_HANDLING, NULL,
		                "downgraded two years running: %d, %d, %d stars",
		                prev2, prev, stars);
	if (hit[A_TEAM_HANDLING])
		h->put_bool(assess_notes_put(h, arr, &s->actions, A_TEAM_HANDLING,
		                            NULL, "below three stars three years "
		                            "running: %d, %d, %d stars", prev2,
		                            prev, stars), "discretionary", 1);
	for (a = 0; a < A_N; a++)
		s->action_count[a] += hit[a];
}

/* Beyond the source: the points to the next star and where to find them. */
static int next_star(struct star *s, assess_node *r, int stars,
                     double total, const double *score)
{
	const assess_host *h = s->h;
	assess_node *o = h->put_object(r, "next_star");
	double bar = s->bars.bar[stars];

	h->put_int(o, "stars", stars + 1);
	h->put_number(o, "bar", bar);
	h->put_number(o, "points_needed", assess_dec_gap(bar - total));
	return assess_put_focus(h, h->put_array(o, "focus"), &s->items, score,
	                        s->focus);
}

int sb_put_change(struct star *s, assess_node *c, int stars, int prev,
                  const char *period, int undo)
{
	const assess_host *h = s->h;
	int ch = prev < 0 ? C_FIRST : stars > prev ? C_UP
	         : stars < prev ? C_DOWN : C_SAME;

	if (prev < 0) {
		h->put_null(c, "previous");
		h->put_null(c, "delta");
	} else {
		h->put_int(c, "previous", prev);
		h->put_int(c, "delta", stars - prev);
		h->put_string(c, "previous_period", period);
	}
	h->put_string(c, "direction", sb_change_name[ch]);
	if (undo >= 0)
		s->changes[undo]--;
	s->changes[ch]++;
	return ch;
}

/* A five-star branch, when a quota may move it: what it held before. */
static int keep_five(struct star *s, const assess_rating *hist, int nhist)
{
	struct sb_five *f = assess_vec_push(&s->fives);

	if (!f)
		return ASSESS_ENOMEM;
	f->index = s->branches.members.n - 1;
	f->prev = nhist > 0 ? hist[0].level : -1;
	f->period = ASSESS_POOL_NONE;
	return nhist > 0 ? assess_pool_add(&s->held_periods, hist[0].period,
	                                   &f->period)
	                 : ASSESS_OK;
}

/* SB8: is item i prompted, below prompt_share of its maximum? */
static int prompted(const struct star *s, size_t i, double score)
{
	return assess_dec_cmp(score, s->items.v[i].max * s->prompt_share) < 0;
}

/* The items, each passed unless prompted: an item has no bar of its own. */
static void put_items(struct star *s, assess_node *r, const double *score)
{
	const assess_host *h = s->h;
	assess_node *arr = h->put_array(r, "criteria");
	size_t i;

	for (i = 0; i < s->items.n; i++) {
		const assess_criterion *c = &s->items.v[i];
		assess_node *o = h->put_object(arr, NULL);
		int weak = prompted(s, i, score[i]);
		h->put_string(o, "key", c->key);
		h->put_string(o, "label", c->label);
		h->put_number(o, "score", assess_dec_show(score[i],
		              c->max * s->prompt_share));
		h->put_number(o, "max", c->max);
		h->put_bool(o, "passed", !weak);
		h->put_bool(o, "prompt", weak);
	}
}

/* SB8: a prompt per weak item; a warning when the half-year check points
 * below the stars held (prev, -1 when unknown). */
static void put_warnings(struct star *s, const assess_record *rec,
                         assess_node *r, const double *score, int prev)
{
	const assess_host *h = s->h;
	assess_node *warn = h->put_array(r, "warnings");
	double half;
	size_t i;

	if (s->missing_reweight) /* SB2: what was weighted for want of data */
		assess_items_gaps(h, rec, &s->periods, &s->items, warn);
	for (i = 0; i < s->items.n; i++) {
		const assess_criterion *c = &s->items.v[i];
		if (!prompted(s, i, score[i]))
			continue;
		assess_notes_put(h, warn, &s->warn, W_ITEM_PROMPT, c->key,
		                "%s scored %g of %g, below %g%% of its maximum",
		                c->label, assess_dec_show(score[i],
		                c->max * s->prompt_share), c->max,
		                assess_dec_round(s->prompt_share * 100, 2));
		s->warnings[W_ITEM_PROMPT]++;
	}
	if (prev > 0 && assess_period_total_slots(h, rec, &s->periods, &s->items,
	                                          &s->in, "half_year",
	                                          &half) == ASSESS_OK &&
	    assess_bars_level(&s->bars, half) < prev) {
		assess_notes_put(h, warn, &s->warn, W_DOWNGRADE, NULL,
		                "the half-year pre-assessment (%g) points to a "
		                "%d-star rating, below the %d stars held: warning "
		                "talk with the secretary", assess_dec_round(half, 2),
		                assess_bars_level(&s->bars, half), prev);
		s->warnings[W_DOWNGRADE]++;
	}
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct star *s = state;
	const assess_host *h = s->h;
	size_t i;
	double score[64], total;
	unsigned char hit[64];
	assess_rating hist[64];
	const char *parent = NULL, *name = NULL, *period = NULL;
	assess_node *r = h->result_node(res), *arr;
	int bad, vetoed = 0, stars, tier, prev, nhist;

	/* SB1-SB2: the items, from per-period checks or from scores */
	bad = assess_items_read_slots(h, rec, res, &s->periods, &s->items,
	                              &s->in, score, &total) != ASSESS_OK;
	/* SB4 */
	if (assess_keys_read_value(h, h->slot(rec, s->vetoes_at), res, "vetoes",
	                           s->veto_word, &s->vetoes, hit) !=
	    ASSESS_OK)
		bad = 1;
	/* SB6 */
	h->slot_string(rec, s->period_at, &period);
	nhist = assess_history_read_value(h, h->slot(rec, s->history_at), period,
	                                  res, "history", "stars", MAX_STARS,
	                                  ASSESS_N("no star or unqualified"),
	                                  hist, 64);
	if (bad || nhist < 0)
		return ASSESS_EREJECT;

	for (i = 0; i < s->vetoes.n; i++)
		vetoed |= hit[i];
	stars = vetoed ? 0 : assess_bars_level(&s->bars, total); /* SB3 */
	tier = stars >= s->tier1 ? 1 : stars >= s->tier2 ? 2 : 3; /* SB5 */
	if (vetoed)
		tier = 3;
	prev = nhist > 0 ? hist[0].level : -1;

	h->put_number(r, "score", vetoed ? assess_dec_round(total, 2)
	                          : assess_bars_show(&s->bars, total, stars));
	h->put_number(r, "max_score", s->items.total);
	h->put_int(r, "stars", stars);
	h->put_string(r, "rating", vetoed ? s->unqualified : s->rating[stars]);
	h->put_bool(r, "qualified", !vetoed);
	h->put_int(r, "tier", tier);
	sb_put_change(s, h->put_object(r, "change"), stars, prev,
	              nhist > 0 ? hist[0].period : NULL, -1);
	arr = h->put_array(r, "vetoes");
	for (i = 0; i < s->vetoes.n; i++) {
		if (!hit[i])
			continue;
		h->put_string(arr, NULL, s->vetoes.key[i]);
		s->veto_count[i]++;
	}
	put_items(s, r, score);
	consequences(s, h->put_array(r, "actions"), stars, prev,
	             nhist > 1 ? hist[1].level : -1);
	put_warnings(s, rec, r, score, vetoed ? -1 : prev);
	if (!vetoed && stars < MAX_STARS &&
	    next_star(s, r, stars, total, score) != ASSESS_OK)
		return ASSESS_ENOMEM;

	h->slot_string(rec, s->parent_at, &parent);
	s->per_star[stars]++;
	s->per_tier[tier]++;
	s->vetoed += vetoed;
	if (assess_groups_add(&s->parents, parent, stars) != ASSESS_OK)
		return ASSESS_ENOMEM;
	/* finish needs only the branches SB9 pairs and the quota moves */
	if (tier != 3 && stars < s->helper_stars &&
	    !(stars == MAX_STARS && s->max_share5 < 1)) {
		assess_roster_pass(&s->branches);
		return ASSESS_OK;
	}
	h->slot_string(rec, s->name_at, &name);
	if (assess_roster_add(&s->branches, h->record_id(rec), parent, total,
	                      stars, tier) != ASSESS_OK ||
	    (stars == MAX_STARS && s->max_share5 < 1 &&
	     keep_five(s, hist, nhist) != ASSESS_OK))
		return ASSESS_ENOMEM;
	/* ABI 1.2: finish writes the pairs and the quota into results too */
	return ASSESS_HAS(h, result_handle)
	       ? assess_roster_set_result(&s->branches, h->result_handle(res), name)
	       : ASSESS_OK;
}

static int describe(void *state, assess_node *out)
{
	struct star *s = state;
	const assess_host *h = s->h;
	assess_node *arr, *o;
	size_t i;
	int k;

	/* the scheme's name as a reader says it, in the run's language */
	h->put_string(out, "title", ASSESS_TR("Star-rated Party branches"));
	arr = h->put_array(out, "items");
	for (i = 0; i < s->items.n; i++) {
		o = h->put_object(arr, NULL);
		h->put_string(o, "key", s->items.v[i].key);
		h->put_string(o, "label", s->items.v[i].label);
		h->put_number(o, "max", s->items.v[i].max);
	}
	assess_periods_put(h, h->put_object(out, "periods"), &s->periods);
	arr = h->put_array(out, "stars");
	for (k = MAX_STARS; k >= 1; k--) {
		o = h->put_object(arr, NULL);
		h->put_int(o, "stars", k);
		h->put_number(o, "bar", s->bars.bar[k - 1]);
		h->put_string(o, "rating", s->rating[k]);
	}
	assess_labels_put(h, h->put_object(out, "vetoes"), &s->vetoes, NULL);
	/* the labels of the codes the summary counts, as vetoes have */
	o = h->put_object(out, "actions");
	for (k = 0; k < A_N; k++)
		h->put_string(o, s->actions.v[k].code, s->actions.v[k].label);
	o = h->put_object(out, "warnings");
	for (k = 0; k < W_N; k++)
		h->put_string(o, s->warn.v[k].code, s->warn.v[k].label);
	h->put_string(o, "missing_data", "数据缺失"); /* SB2, missing = reweight */
	o = h->put_object(out, "tiers");
	h->put_int(o, "tier1", s->tier1);
	h->put_int(o, "tier2", s->tier2);
	h->put_number(out, "prompt_share", s->prompt_share);
	h->put_string(out, "missing", s->missing_reweight ? "reweight"
	                                                  : "reject");
	h->put_int(out, "helper_stars", s->helper_stars);
	/* announced, so that a spreadsheet has their columns (SB9, quota) */
	h->put_int(h->put_object(out, "pairing"), "helper_stars",
	           s->helper_stars);
	if (s->max_share5 < 1)
		h->put_number(h->put_object(out, "quota"), "5", s->max_share5);
	return assess_config_spec_describe(h, spec, NSPEC,
	                                   h->put_array(out, "config_keys"));
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
	.finish = sb_finish,
	.describe = describe,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &starbranch;
}
