/*
 * cap.c - a cap on a level (a quota) per group or over the batch, and
 * counts per group (include/assess/batch.h).  assess_quota_amend of
 * collect.h is the cap over the batch by share, rounded down, the
 * highest scores keeping.  Part of libassess_scheme.a.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/scheme.h"
#include "internal.h"

/* What the members' order needs: the roster and the cap. */
struct cap_order {
	const assess_roster *r;
	const assess_cap *cap;
};

static const char *parent_of(const assess_roster *r, size_t i)
{
	const char *p = assess_roster_parent(i, (void *)r);

	return p ? p : "";
}

/* Group by group (parents in strcmp order, or one group); within one,
 * the members at the capped level first, in the order that keeps it. */
static int cap_cmp(size_t a, size_t b, void *arg)
{
	const struct cap_order *o = arg;
	int d, la, lb;

	if (o->cap->per == ASSESS_CAP_PARENT &&
	    (d = strcmp(parent_of(o->r, a), parent_of(o->r, b))) != 0)
		return d;
	la = assess_roster_get(o->r, a)->level == o->cap->level;
	lb = assess_roster_get(o->r, b)->level == o->cap->level;
	if (la != lb)
		return lb - la;
	if (!la || o->cap->keep == ASSESS_KEEP_AS_GIVEN)
		return a < b ? -1 : a > b;
	return assess_roster_strongest_first(a, b, (void *)o->r);
}

/* How many of n may keep the level. */
static size_t cap_allowed(const assess_cap *cap, size_t n)
{
	double x;

	if (cap->count >= 0)
		return (size_t)cap->count;
	/* in decimal terms: 10% of 25 is 2, 20% of 5 is 1 */
	x = assess_dec_round(cap->share * (double)n, 6);
	if (cap->rounding == ASSESS_ROUND_UP)
		return (size_t)ceil(x - 1e-9);
	if (cap->rounding == ASSESS_ROUND_NEAREST)
		return (size_t)floor(x + 0.5 + 1e-9);
	return (size_t)(x + 1e-9);
}

/* Level L as a result writes it. */
static void put_level(const assess_host *h, assess_node *n, const char *key,
                      const assess_cap *cap, int level)
{
	if (cap->level_names)
		h->put_string(n, key, cap->level_names[level]);
	else
		h->put_int(n, key, level);
}

static const char *level_text(const assess_cap *cap, int level, char *buf,
                              size_t size)
{
	if (cap->level_names)
		return cap->level_names[level];
	snprintf(buf, size, "%d", level);
	return buf;
}

/* The SDK's reason for a group of n members of which allowed keep. */
static void cap_reason(const assess_cap *cap, const char *group, size_t n,
                       size_t allowed, char *out, size_t size)
{
	char limit[64], in[256] = "", lv[32], to[32];

	if (cap->per == ASSESS_CAP_BATCH && cap->count < 0 &&
	    !cap->level_names && cap->keep == ASSESS_KEEP_HIGHEST &&
	    cap->rounding == ASSESS_ROUND_DOWN) {
		/* the sentences of the batch-wide quota since ABI 1.2 */
		if (allowed)
			snprintf(out, size, SDK_TR("more than %g%% of the %zu "
			         "assessed reached %d: only the %zu highest scores "
			         "keep it"), assess_dec_round(cap->share * 100, 4), n,
			         cap->level, allowed);
		else
			snprintf(out, size, SDK_TR("%g%% of the %zu assessed is less "
			         "than one: none keeps %d"),
			         assess_dec_round(cap->share * 100, 4), n, cap->level);
		return;
	}
	if (cap->count >= 0)
		snprintf(limit, sizeof limit, "%ld", cap->count);
	else
		snprintf(limit, sizeof limit, "%g%%",
		         assess_dec_round(cap->share * 100, 4));
	if (cap->per == ASSESS_CAP_PARENT && *group)
		snprintf(in, sizeof in, SDK_TR(" in %.*s"), sdk_clip(group, 200),
		         group);
	snprintf(out, size, SDK_TR("at most %s of the %zu assessed%s keep %s "
	         "(%s): %zu keep it, the others get %s"), limit, n, in,
	         level_text(cap, cap->level, lv, sizeof lv),
	         cap->keep == ASSESS_KEEP_HIGHEST
	         ? SDK_TR("the highest scores first")
	         : SDK_TR("in the order given"), allowed,
	         level_text(cap, cap->to, to, sizeof to));
}

/* Move member i to cap->to and say why in its result. */
static int move_one(const assess_host *h, assess_roster *r,
                    const assess_cap *cap, size_t i, size_t allowed,
                    const char *reason,
                    void (*moved)(size_t, assess_node *, void *), void *ctx)
{
	const assess_member *m = assess_roster_get(r, i);
	assess_node *a = NULL, *q;

	assess_roster_set_level(r, i, cap->to, m->tag);
	if (m->handle && ASSESS_HAS(h, amend) && (a = h->amend(m->handle))) {
		if (cap->key)
			put_level(h, a, cap->key, cap, cap->to);
		if (!(q = h->put_object(a, cap->note_key ? cap->note_key
		                                         : "quota")))
			return ASSESS_ENOMEM;
		put_level(h, q, "earned", cap, cap->level);
		if (cap->count >= 0)
			h->put_int(q, "max_count", cap->count);
		else
			h->put_number(q, "max_share", cap->share);
		h->put_int(q, "allowed", (long long)allowed);
		if (cap->per == ASSESS_CAP_PARENT)
			h->put_string(q, "parent", parent_of(r, i));
		h->put_string(q, "reason", cap->reason ? cap->reason : reason);
	}
	if (moved)
		moved(i, a, ctx);
	return ASSESS_OK;
}

/* The members the cap sorts, their number in *n: over the batch, only
 * those at the capped level (the others come after them in cap_cmp's
 * order and never move: at ten million records a list of every member
 * and its sort's copy were 16 bytes a member); per group, every member,
 * whose groups are counted.  NULL when out of memory. */
static size_t *cap_listed(const assess_roster *r, const assess_cap *cap,
                          size_t *n)
{
	size_t all = r->members.n, k, m = 0, *v;

	for (k = 0; k < all; k++)
		m += cap->per == ASSESS_CAP_PARENT ||
		     assess_roster_get(r, k)->level == cap->level;
	if (!(v = malloc((m + 1) * sizeof *v)))
		return NULL;
	for (k = m = 0; k < all; k++)
		if (cap->per == ASSESS_CAP_PARENT ||
		    assess_roster_get(r, k)->level == cap->level)
			v[m++] = k;
	*n = m;
	return v;
}

int assess_cap_apply(const assess_host *h, assess_roster *r,
                     const assess_cap *cap,
                     void (*moved)(size_t i, assess_node *n, void *ctx),
                     void *ctx, size_t *nmoved)
{
	struct cap_order o = { r, cap };
	size_t n = r->members.n, *all, start, end, nat, allowed, k, done = 0;
	char reason[512];
	int rc = ASSESS_OK;

	if (nmoved)
		*nmoved = 0;
	if ((cap->count < 0 && !(cap->share >= 0 && cap->share <= 1)) ||
	    cap->rounding < ASSESS_ROUND_DOWN ||
	    cap->rounding > ASSESS_ROUND_NEAREST ||
	    (cap->keep != ASSESS_KEEP_HIGHEST &&
	     cap->keep != ASSESS_KEEP_AS_GIVEN) ||
	    (cap->per != ASSESS_CAP_BATCH && cap->per != ASSESS_CAP_PARENT) ||
	    (cap->level_names &&
	     (cap->level < 0 || cap->level >= cap->nlevel_names ||
	      cap->to < 0 || cap->to >= cap->nlevel_names)))
		return ASSESS_EINVAL;
	if (!(all = cap_listed(r, cap, &n)))
		return ASSESS_ENOMEM;
	if (assess_sort(all, n, cap_cmp, &o) != ASSESS_OK) {
		free(all);
		return ASSESS_ENOMEM;
	}
	for (start = 0; rc == ASSESS_OK && start < n; start = end) {
		const char *g = parent_of(r, all[start]);
		size_t members;
		end = start + 1;
		if (cap->per == ASSESS_CAP_PARENT)
			while (end < n && strcmp(parent_of(r, all[end]), g) == 0)
				end++;
		else
			end = n;
		for (nat = 0; start + nat < end &&
		     assess_roster_get(r, all[start + nat])->level == cap->level;)
			nat++;
		if (cap->per != ASSESS_CAP_PARENT)
			members = assess_roster_counted(r);
		else if (cap->group_size)
			members = cap->group_size(g, ctx);
		else
			members = end - start;
		allowed = cap_allowed(cap, members);
		if (nat <= allowed)
			continue;
		cap_reason(cap, g, members, allowed, reason, sizeof reason);
		/* the last in the keeping order moves first */
		for (k = nat; rc == ASSESS_OK && k > allowed; k--, done++)
			rc = move_one(h, r, cap, all[start + k - 1], allowed, reason,
			              moved, ctx);
	}
	free(all);
	if (nmoved)
		*nmoved = done;
	return rc;
}

int assess_quota_amend(const assess_host *h, assess_roster *r, int level,
                       double share, const char *key,
                       void (*moved)(size_t i, assess_node *n, void *ctx),
                       void *ctx)
{
	const assess_cap cap = { .level = level, .to = level - 1,
		.per = ASSESS_CAP_BATCH, .share = share, .count = -1,
		.rounding = ASSESS_ROUND_DOWN, .keep = ASSESS_KEEP_HIGHEST,
		.key = key };

	return assess_cap_apply(h, r, &cap, moved, ctx, NULL);
}

int assess_groups_init(assess_groups *g, int nlevels)
{
	g->nlevels = nlevels < 0 ? 0 : nlevels;
	return assess_tally_init(&g->t, 1 + g->nlevels);
}

int assess_groups_add(assess_groups *g, const char *group, int level)
{
	long *c;

	if (!group)
		return ASSESS_OK;
	if (!(c = assess_tally_get(&g->t, group)))
		return ASSESS_ENOMEM;
	c[0]++;
	if (level >= 0 && level < g->nlevels)
		c[1 + level]++;
	return ASSESS_OK;
}

const long *assess_groups_get(const assess_groups *g, const char *group)
{
	return group ? sdk_tally_find(&g->t, group) : NULL;
}

void assess_groups_move(assess_groups *g, const char *group, int from,
                        int to)
{
	long *c = group ? sdk_tally_find(&g->t, group) : NULL;

	if (!c || from < 0 || from >= g->nlevels || to < 0 || to >= g->nlevels)
		return;
	c[1 + from]--;
	c[1 + to]++;
}

int assess_groups_put(const assess_host *h, assess_node *n, const char *key,
                      const assess_groups *g, const char *count_key,
                      const char *levels_key,
                      const char *const *level_names)
{
	const char **keys = assess_tally_sorted(&g->t);
	assess_node *arr = assess_put_list(h, n, key), *o, *lv;
	char name[24];
	size_t i;
	int l;

	if ((g->t.n && !keys) || !arr) {
		free(keys);
		return ASSESS_ENOMEM;
	}
	for (i = 0; i < g->t.n; i++) {
		const long *c = assess_groups_get(g, keys[i]);
		if (!(o = h->put_object(arr, NULL)) ||
		    h->put_string(o, "parent", keys[i]) != ASSESS_OK ||
		    h->put_int(o, count_key, c[0]) != ASSESS_OK ||
		    !(lv = h->put_object(o, levels_key))) {
			free(keys);
			return ASSESS_ENOMEM;
		}
		for (l = g->nlevels - 1; l >= 0; l--) {
			snprintf(name, sizeof name, "%d", l);
			h->put_int(lv, level_names ? level_names[l] : name, c[1 + l]);
		}
	}
	free(keys);
	return ASSESS_OK;
}

void assess_groups_free(assess_groups *g)
{
	assess_tally_free(&g->t);
}
