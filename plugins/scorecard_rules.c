/*
 * scorecard_rules.c - a scorecard scheme's batch rules, [quota] and
 * [pairing], read from its INI and applied on the SDK's batch helpers
 * (include/assess/batch.h): [quota] is assess_cap_apply over the roster
 * of the records it may move, each parent's records counted apart,
 * [pairing] assess_match_capacity and
 * assess_pairs_write_as.  A rating is a level there: the ladder's first
 * rating the highest (level = nratings - 1 - rating).  What the scheme
 * adds: its counts follow a record the quota moves, and the moved
 * record's result says its new rating, qualified and stars.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scorecard_impl.h"

/* The rating list of key (comma-separated codes) into set[]. */
static int rating_list(struct scorecard *s, const char *section,
                       const char *key, unsigned char *set)
{
	const char *v;
	char *copy, *tok, *save = NULL;
	int rc, r;

	if ((rc = sc_ini_need(s, section, key, &v)))
		return rc;
	if (!(copy = strdup(v)))
		return ASSESS_ENOMEM;
	for (tok = strtok_r(copy, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		if ((r = sc_rating_of(s, tok)) < 0) {
			rc = sc_bad_rating(s, section, key, tok);
			free(copy);
			return rc;
		}
		set[r] = 1;
	}
	free(copy);
	return ASSESS_OK;
}

/* by = NAME: the value that orders a batch step (highest first). */
static int order_by(struct scorecard *s, const char *section, int *by)
{
	const char *v = sc_ini_str(s, section, "by");
	sc_sym sym;
	int rc;

	if (!v)
		v = "score";
	rc = sc_name_lookup(s, section, "by", v, &sym);
	if (rc == -2)
		return ASSESS_ECONFIG;
	if (rc || sym.kind != SC_SYM_VALUE || sym.unit == SC_CODES ||
	    sym.unit == SC_BOOL) {
		const char *near = sc_nearest_name(s, v);
		char hint[128] = "";
		if (near)
			snprintf(hint, sizeof hint, ASSESS_TR(" (did you mean %s?)"),
			         near);
		return s->h->config_error(s->cfg, section, "by", ASSESS_TR("%s is "
		                          "no number of the record%s"), v, hint);
	}
	*by = sym.slot;
	return ASSESS_OK;
}

static int load_quota(struct scorecard *s)
{
	struct sc_quota *q = &s->quota;
	const char *v, *group, *round;
	long count;
	int rc;

	if (!(v = sc_ini_str(s, "quota", "rating")))
		return ASSESS_OK;
	q->on = 1;
	if ((q->rating = sc_rating_of(s, v)) < 0)
		return sc_bad_rating(s, "quota", "rating", v);
	if ((rc = sc_ini_need(s, "quota", "to", &v)))
		return rc;
	if ((q->to = sc_rating_of(s, v)) < 0)
		return sc_bad_rating(s, "quota", "to", v);
	group = sc_ini_str(s, "quota", "group");
	if (group && strcmp(group, "parent") && strcmp(group, "all"))
		return s->h->config_error(s->cfg, "quota", "group",
		                          ASSESS_TR("parent or all"));
	q->per_parent = !group || !strcmp(group, "parent");
	q->share = -1;
	rc = assess_config_percent(s->h, s->cfg, "quota", "share", &q->share);
	if (rc == ASSESS_ECONFIG)
		return rc;
	rc = s->h->config_int(s->cfg, "quota", "count", 0, 1000000000, &count);
	if (rc != ASSESS_OK && rc != ASSESS_ENOENT)
		return ASSESS_ECONFIG;
	q->count = rc == ASSESS_OK ? count : -1;
	if ((q->share < 0) == (q->count < 0))
		return s->h->config_error(s->cfg, "quota", NULL, ASSESS_TR("give "
		                          "either share (a percentage) or count"));
	round = sc_ini_str(s, "quota", "rounding");
	if (round && strcmp(round, "down") && strcmp(round, "up"))
		return s->h->config_error(s->cfg, "quota", "rounding",
		                          ASSESS_TR("down or up"));
	q->round_up = round && !strcmp(round, "up");
	if ((rc = order_by(s, "quota", &q->by)) ||
	    (rc = sc_ini_need(s, "quota", "reason", &v)))
		return rc;
	return sc_dup(&q->reason, v);
}

static int load_pairing(struct scorecard *s)
{
	struct sc_pairing *p = &s->pairing;
	const char *v;
	long cap = 1;
	size_t i;
	int rc, by;

	if (!sc_ini_str(s, "pairing", "seek"))
		return ASSESS_OK;
	p->on = 1;
	p->seeks = calloc(s->nratings, 1);
	p->helps = calloc(s->nratings, 1);
	if (!p->seeks || !p->helps)
		return ASSESS_ENOMEM;
	if ((rc = rating_list(s, "pairing", "seek", p->seeks)) ||
	    (rc = rating_list(s, "pairing", "help", p->helps)))
		return rc;
	for (i = 0; i < s->nratings; i++)
		if (p->seeks[i] && p->helps[i])
			return s->h->config_error(s->cfg, "pairing", "help",
			                          ASSESS_TR("%s both seeks and helps"),
			                          s->ratings[i].code);
	rc = s->h->config_int(s->cfg, "pairing", "capacity", 1, 1000000, &cap);
	if (rc != ASSESS_OK && rc != ASSESS_ENOENT)
		return ASSESS_ECONFIG;
	p->capacity = cap;
	v = sc_ini_str(s, "pairing", "same_parent");
	if (!v || !strcmp(v, "first"))
		p->mode = SC_PAIR_IN_TURN;
	else if (!strcmp(v, "group_first"))
		p->mode = SC_PAIR_GROUP_FIRST;
	else if (!strcmp(v, "no"))
		p->mode = SC_PAIR_ANY;
	else
		return s->h->config_error(s->cfg, "pairing", "same_parent",
		                          ASSESS_TR("first, group_first or no"));
	/* both steps order the one roster: by its score */
	if ((rc = order_by(s, "pairing", &by)))
		return rc;
	if (s->quota.on && by != s->quota.by)
		return s->h->config_error(s->cfg, "pairing", "by", ASSESS_TR("the "
		                          "same as [quota] by: both order the "
		                          "same records"));
	if (!s->quota.on)
		s->quota.by = by;
	return ASSESS_OK;
}

int sc_rules_load(struct scorecard *s)
{
	int rc = load_quota(s);

	return rc != ASSESS_OK ? rc : load_pairing(s);
}

void sc_rules_describe(const struct scorecard *s, assess_node *out)
{
	const assess_host *h = s->h;
	assess_node *o, *codes;
	size_t i;

	if (s->quota.on) {
		o = h->put_object(out, "quota");
		h->put_string(o, "rating", s->ratings[s->quota.rating].code);
		h->put_string(o, "to", s->ratings[s->quota.to].code);
		h->put_string(o, "group", s->quota.per_parent ? "parent" : "all");
		if (s->quota.share >= 0)
			h->put_number(o, "share", s->quota.share);
		else
			h->put_int(o, "count", s->quota.count);
		h->put_string(o, "rounding", s->quota.round_up ? "up" : "down");
		h->put_string(o, "reason", s->quota.reason);
	}
	if (s->pairing.on) {
		o = h->put_object(out, "pairing");
		codes = h->put_array(o, "seek");
		for (i = 0; i < s->nratings; i++)
			if (s->pairing.seeks[i])
				h->put_string(codes, NULL, s->ratings[i].code);
		codes = h->put_array(o, "help");
		for (i = 0; i < s->nratings; i++)
			if (s->pairing.helps[i])
				h->put_string(codes, NULL, s->ratings[i].code);
		h->put_int(o, "capacity", s->pairing.capacity);
		h->put_string(o, "same_parent", s->pairing.mode == SC_PAIR_IN_TURN
		              ? "first" : s->pairing.mode == SC_PAIR_GROUP_FIRST
		              ? "group_first" : "no");
	}
}


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
	long *t = parent ? assess_tally_get(&s->std.parents, parent) : NULL;

	s->per_rating_count[s->quota.rating]--;
	s->per_rating_count[s->quota.to]++;
	s->std.qualified += to->qualified - from->qualified;
	if (t) {
		t[SC_T_RATING + s->quota.rating]--;
		t[SC_T_RATING + s->quota.to]++;
		t[ASSESS_STANDARD_QUALIFIED] += to->qualified - from->qualified;
	}
	s->quota.moved++;
	if (!n)
		return;
	h->put_bool(n, "qualified", to->qualified);
	h->put_string(n, "rating", to->label);
	if (s->numeric)
		h->put_int(n, "stars", to->stars);
}

/* How many records group (a parent, or "" for those with none)
 * counts for [quota] group = parent: every record assessed, where the
 * roster keeps only those at the rating capped. */
static size_t group_size(const char *group, void *ctx)
{
	struct scorecard *s = ctx;
	const long *t;

	if (!*group)
		return s->quota.unparented;
	/* counted in assess, so found, never added */
	t = assess_tally_get(&s->std.parents, group);
	return t ? (size_t)t[ASSESS_STANDARD_ASSESSED] : 0;
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
		.nlevel_names = (int)s->nratings, .reason = q->reason,
		.note_key = "quota", .group_size = group_size
	};

	if (!names)
		return ASSESS_ENOMEM;
	cap.level_names = names;
	rc = assess_cap_apply(s->h, &s->members, &cap, moved, s, NULL);
	free(names);
	return rc;
}

/* [pairing]'s words in the results and the summary, as
 * docs/scorecard.md gives them. */
static const assess_pair_words pair_words = {
	"pairs", "helper", "helped", "same_parent", "unpaired",
	"pairing", "helper", "helper_name", "helping", "id", "name"
};

/* Whether member i seeks a helper (1), helps (2) or neither (0). */
static int pair_side(const struct scorecard *s, size_t i)
{
	const struct sc_pairing *p = &s->pairing;
	int r = (int)s->nratings - 1 - assess_roster_get(&s->members, i)->level;

	return p->seeks[r] ? 1 : p->helps[r] ? 2 : 0;
}

int sc_pairs_apply(struct scorecard *s, assess_node *summary)
{
	const struct sc_pairing *p = &s->pairing;
	size_t n = s->members.members.n, ns = 0, nh = 0, i;
	size_t *seekers, *helpers;
	unsigned *cap;
	assess_pair32 *pairs;
	assess_match_how how = {
		assess_roster_weakest_first, assess_roster_strongest_first,
		p->mode == SC_PAIR_ANY ? NULL : assess_roster_parent,
		&s->members,
		p->mode == SC_PAIR_GROUP_FIRST ? ASSESS_MATCH_GROUP_FIRST
		                               : ASSESS_MATCH_IN_TURN
	};
	int rc = ASSESS_ENOMEM;

	/* the lists sized to their counts, the pairs packed: at a million
	 * members, sized to the whole roster they took 44 MB */
	for (i = 0; i < n; i++) {
		int side = pair_side(s, i);
		ns += side == 1;
		nh += side == 2;
	}
	seekers = malloc((ns + 1) * sizeof *seekers);
	helpers = malloc((nh + 1) * sizeof *helpers);
	cap = malloc((nh + 1) * sizeof *cap);
	pairs = malloc((ns + 1) * sizeof *pairs);
	if (seekers && helpers && cap && pairs) {
		ns = nh = 0;
		for (i = 0; i < n; i++) {
			int side = pair_side(s, i);
			if (side == 1)
				seekers[ns++] = i;
			else if (side == 2) {
				cap[nh] = (unsigned)p->capacity;
				helpers[nh++] = i;
			}
		}
		rc = assess_match_capacity32(seekers, ns, helpers, cap, nh,
		                             &how, pairs, NULL);
	}
	/* the lists are given back before the pairs are written out */
	free(seekers);
	free(helpers);
	free(cap);
	if (rc == ASSESS_OK)
		rc = assess_pairs_write_as32(s->h, summary, &s->members, pairs,
		                             ns, &pair_words);
	free(pairs);
	return rc;
}
