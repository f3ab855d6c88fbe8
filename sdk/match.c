/*
 * match.c - matching seekers with helpers that each take up to a
 * capacity (include/assess/batch.h); pairs.c writes the pairs out.
 * Positions and the index of who helps whom are held in 32 bits (a
 * roster's indexes fit): at a million records the matching is part of
 * the finish step's peak.  A roster's own orders and parents are
 * compared as numbers and addresses: the sorts' time was strcmp and
 * reads of members from all over the roster.  The older entry point
 * (assess_match of collect.h) is this engine with one place per
 * listing.  Part of libassess_scheme.a.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/scheme.h"
#include "internal.h"

/* Indexes as the scheme listed them: in size_t, or (u not NULL) in 32
 * bits, half the room at ten million records. */
struct list {
	const size_t *z;
	const uint32_t *u;
};

static size_t list_at(const struct list *l, size_t i)
{
	return l->u ? l->u[i] : l->z[i];
}

/* The engine works on positions in the arrays it was given; this maps a
 * position back to the scheme's index for its orders and groups. */
struct side {
	struct list idx;
	const assess_match_how *how;
	int (*cmp)(size_t a, size_t b, void *ctx); /* how's, of this side */
	const uint64_t *key; /* [position]: cmp's order but for the ids, or
	                        NULL (roster_keys) */
};

/* Positions ordered by their side's cmp, stable: the ties keep the
 * array's order, as assess_sort's do. */
static int pos_cmp(const void *pa, const void *pb, void *arg)
{
	const struct side *s = arg;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int c;

	if (s->key) {
		if (s->key[a] != s->key[b])
			return s->key[a] < s->key[b] ? -1 : 1;
		c = strcmp(assess_roster_id(list_at(&s->idx, a), s->how->ctx),
		           assess_roster_id(list_at(&s->idx, b), s->how->ctx));
	} else {
		c = s->cmp(list_at(&s->idx, a), list_at(&s->idx, b), s->how->ctx);
	}
	return c ? c : (a > b) - (a < b);
}

/* The roster's own orders (assess_roster_weakest_first, _strongest_
 * first) as one number a position, so that the sort compares two
 * numbers where it called the order, which read two members and two ids
 * from all over the roster: the matching's sorts were half of the finish
 * step at a million records.  The number is the level and the score in
 * millionths, packed, then in the bits left the id's first bytes after
 * the prefix every id of the side shares: equal numbers are equal levels
 * and scores in decimal terms and ids equal so far, and the ids' strcmp
 * decides the rest, as in the orders.  NULL (the order called) for
 * another order, a score that is not below SDK_DEC_LIMIT, levels and
 * scores too far apart for 64 bits, or no memory. */
static uint64_t *roster_keys(const struct side *s, size_t n)
{
	const assess_roster *r = s->how->ctx;
	int weak = s->cmp == assess_roster_weakest_first;
	int64_t lo = 0, hi = 0, llo = 0, lhi = 0;
	unsigned bits = 0, lbits = 0, left, b;
	const char *first = NULL;
	size_t i, shared = SIZE_MAX;
	uint64_t *key;

	if ((!weak && s->cmp != assess_roster_strongest_first) || n < 2 ||
	    !(key = malloc(n * sizeof *key)))
		return NULL;
	for (i = 0; i < n; i++) { /* the millionths first, then the ranges */
		const assess_member *m = assess_roster_get(r, list_at(&s->idx, i));
		const char *id = r->pool.s + m->id;
		size_t k;
		int64_t d;
		if (!(fabs(m->score) < SDK_DEC_LIMIT)) {
			free(key);
			return NULL;
		}
		d = (int64_t)sdk_dec_millionths(m->score);
		key[i] = (uint64_t)d;
		if (!i || d < lo)
			lo = d;
		if (!i || d > hi)
			hi = d;
		if (!i || m->level < llo)
			llo = m->level;
		if (!i || m->level > lhi)
			lhi = m->level;
		if (!first)
			first = id;
		for (k = 0; k < shared && id[k] && id[k] == first[k]; k++)
			;
		shared = k;
	}
	while (bits < 64 && (uint64_t)(hi - lo) >> bits)
		bits++;
	while (lbits < 64 && (uint64_t)(lhi - llo) >> lbits)
		lbits++;
	if (bits + lbits > 64) {
		free(key);
		return NULL;
	}
	left = 64 - bits - lbits;
	for (i = 0; i < n; i++) {
		const assess_member *m = assess_roster_get(r, list_at(&s->idx, i));
		const unsigned char *id =
			(const unsigned char *)r->pool.s + m->id + shared;
		uint64_t d = (uint64_t)((int64_t)key[i] - lo);
		uint64_t l = (uint64_t)((int64_t)m->level - llo), c = 0;
		if (!weak) { /* the higher level, then the higher score, first */
			d = (uint64_t)(hi - lo) - d;
			l = (uint64_t)(lhi - llo) - l;
		}
		/* the id's bytes, each after the one before, while they last */
		for (b = 0; b + 8 <= left && *id; b += 8)
			c = c << 8 | *id++;
		key[i] = (left < 64 ? ((lbits ? l << bits : 0) | d) << left : 0) |
		         (b ? c << (left - b) : 0);
	}
	return key;
}

static const char *group_at(const struct side *s, size_t pos)
{
	const char *g;

	if (!s->how->group)
		return "";
	g = s->how->group(list_at(&s->idx, pos), s->how->ctx);
	return g ? g : "";
}

/* Sort the positions v[0..n) by pos_cmp, stably (merge sort; tmp: room
 * for n). */
static void pos_sort(uint32_t *v, uint32_t *tmp, size_t n,
                     const struct side *s)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	pos_sort(v, tmp, mid, s);
	pos_sort(v + mid, tmp, n - mid, s);
	if (pos_cmp(&v[mid - 1], &v[mid], (void *)s) <= 0)
		return; /* already in order: a sorted batch costs one pass */
	while (i < mid && j < n)
		tmp[k++] = pos_cmp(&v[j], &v[i], (void *)s) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

/* Positions 0..n) in the order of s's cmp (as given when it has none).
 * NULL when out of memory. */
static uint32_t *positions(size_t n, const struct side *s)
{
	uint32_t *v = malloc((n + 1) * sizeof *v), *tmp;
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < n; i++)
		v[i] = (uint32_t)i;
	if (s->cmp && n > 1) {
		struct side keyed = *s;
		if (!(tmp = malloc(n * sizeof *tmp))) {
			free(v);
			return NULL;
		}
		keyed.key = roster_keys(s, n);
		pos_sort(v, tmp, n, &keyed);
		free((void *)keyed.key);
		free(tmp);
	}
	return v;
}

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* distinct by a bit an index, when the largest index listed is below 64
 * times their number: a pass instead of a sort (which was a sixth of
 * the matching at a million records), in at most the room the sort's
 * copy takes.  1 when the indexes are too far apart for it. */
static int distinct_bits(const struct list *a, size_t na,
                         const struct list *b, size_t nb)
{
	size_t max = 0, i, x;
	uint64_t *seen;
	int rc = ASSESS_OK;

	for (i = 0; i < na + nb; i++) {
		x = i < na ? list_at(a, i) : list_at(b, i - na);
		if (x > max)
			max = x;
	}
	if (max / 64 > na + nb)
		return 1;
	if (!(seen = calloc(max / 64 + 1, sizeof *seen)))
		return ASSESS_ENOMEM;
	for (i = 0; rc == ASSESS_OK && i < na + nb; i++) {
		x = i < na ? list_at(a, i) : list_at(b, i - na);
		if (seen[x / 64] >> (x % 64) & 1)
			rc = ASSESS_EINVAL;
		seen[x / 64] |= (uint64_t)1 << (x % 64);
	}
	free(seen);
	return rc;
}

/* ASSESS_OK when no index is listed twice in either array nor in both;
 * ASSESS_EINVAL otherwise. */
static int distinct(const struct list *a, size_t na, const struct list *b,
                    size_t nb)
{
	size_t *all, i;
	int rc = distinct_bits(a, na, b, nb);

	if (rc != 1)
		return rc;
	if (!(all = malloc((na + nb + 1) * sizeof *all)))
		return ASSESS_ENOMEM;
	rc = ASSESS_OK;
	for (i = 0; i < na + nb; i++)
		all[i] = i < na ? list_at(a, i) : list_at(b, i - na);
	qsort(all, na + nb, sizeof *all, size_cmp);
	for (i = 1; i < na + nb; i++)
		if (all[i] == all[i - 1])
			rc = ASSESS_EINVAL;
	free(all);
	return rc;
}

/* Groups as numbers: each distinct group of the helpers gets one, found
 * by a hash of its text, so that matching compares numbers, not strings,
 * and the helpers are grouped in one pass instead of a sort by name. */
#define NO_GROUP UINT32_MAX

struct groups {
	const char **name; /* [number]: the group's text (borrowed) */
	uint32_t *tab;     /* by hash: 1 + number, 0 empty */
	size_t cap, n;     /* cap: a power of two, at least twice n */
	int interned;      /* the groups are a roster's parents, each kept
	                      once: one text is one place, told apart by
	                      its address, not read */
};

static uint64_t group_hash(const char *g)
{
	uint64_t x = 14695981039346656037u; /* FNV-1a */

	for (; *g; g++)
		x = (x ^ (unsigned char)*g) * 1099511628211u;
	return x;
}

/* The table place of group g: its own, or the empty one it would take. */
static size_t group_place(const struct groups *t, const char *g)
{
	size_t i;

	if (t->interned) {
		/* the address, mixed (Fibonacci hashing): parents lie side by
		 * side in the roster's pool */
		i = (size_t)(((uint64_t)(uintptr_t)g * 0x9E3779B97F4A7C15u) >> 32) &
		    (t->cap - 1);
		while (t->tab[i] && t->name[t->tab[i] - 1] != g)
			i = (i + 1) & (t->cap - 1);
		return i;
	}
	i = (size_t)group_hash(g) & (t->cap - 1);
	while (t->tab[i] && strcmp(t->name[t->tab[i] - 1], g) != 0)
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* The number of group g, or NO_GROUP when no helper is of it. */
static uint32_t group_find(const struct groups *t, const char *g)
{
	size_t i;

	if (!*g || !t->n)
		return NO_GROUP;
	i = group_place(t, g);
	return t->tab[i] ? t->tab[i] - 1 : NO_GROUP;
}

/* The number of group g, given a new one the first time; NO_GROUP for
 * the empty group; *err set when out of memory. */
static uint32_t group_add(struct groups *t, const char *g, int *err)
{
	size_t i, k;

	if (!*g)
		return NO_GROUP;
	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		uint32_t *tab = calloc(cap, sizeof *tab), *old = t->tab;
		const char **name = realloc(t->name, cap / 2 * sizeof *name);
		if (name)
			t->name = name;
		if (!tab || !name) {
			free(tab);
			*err = ASSESS_ENOMEM;
			return NO_GROUP;
		}
		t->tab = tab;
		k = t->cap;
		t->cap = cap;
		for (i = 0; i < k; i++)
			if (old[i])
				t->tab[group_place(t, t->name[old[i] - 1])] = old[i];
		free(old);
	}
	i = group_place(t, g);
	if (!t->tab[i]) {
		t->name[t->n] = g;
		t->tab[i] = (uint32_t)++t->n;
	}
	return t->tab[i] - 1;
}

/* The matching state: helpers' positions in best order, grouped (each
 * group's best first, a block per group number) with a cursor per group,
 * and the capacity left. */
struct engine {
	struct side seek, help;
	size_t nh;
	struct groups groups;
	uint32_t *best;   /* helper positions, best first */
	uint32_t *grouped; /* the same, by group number (stable) */
	size_t *start;    /* [group number]: its block in grouped; [n]: end */
	size_t *cursor;   /* [group number]: next maybe free in its block */
	uint32_t *hgroup; /* [helper position]: its group number */
	size_t any;       /* next maybe free in best */
	unsigned *left;   /* [position] capacity left; NULL: one each, */
	uint64_t *taken;  /* and then a bit a position, set once taken (at
	                     ten million records, 12 MB less at the peak) */
};

/* Whether helper position p can take one more seeker. */
static int has_room(const struct engine *e, uint32_t p)
{
	return e->left ? e->left[p] != 0 : !(e->taken[p / 64] >> (p % 64) & 1);
}

/* Helper position p takes one more seeker. */
static void take(struct engine *e, uint32_t p)
{
	if (e->left)
		e->left[p]--;
	else
		e->taken[p / 64] |= (uint64_t)1 << (p % 64);
}

/* The best free helper of group number g, taken; ASSESS_NO_MATCH when
 * none. */
static size_t take_in_group(struct engine *e, uint32_t g)
{
	size_t k, end;

	if (g == NO_GROUP)
		return ASSESS_NO_MATCH;
	/* capacity only falls, so the cursor only moves on */
	k = e->cursor[g];
	end = e->start[g + 1];
	while (k < end && !has_room(e, e->grouped[k]))
		k++;
	e->cursor[g] = k;
	if (k == end)
		return ASSESS_NO_MATCH;
	take(e, e->grouped[k]);
	return e->grouped[k];
}

/* The best free helper of any group, taken; ASSESS_NO_MATCH when none. */
static size_t take_any(struct engine *e)
{
	while (e->any < e->nh && !has_room(e, e->best[e->any]))
		e->any++;
	if (e->any == e->nh)
		return ASSESS_NO_MATCH;
	take(e, e->best[e->any]);
	return e->best[e->any];
}

/* Number the helpers' groups and lay their blocks out in grouped, each in
 * best order.  ASSESS_OK or ASSESS_ENOMEM. */
static int engine_group(struct engine *e)
{
	size_t i, g, n;
	int err = ASSESS_OK;

	for (i = 0; i < e->nh; i++) {
		e->hgroup[i] = group_add(&e->groups, group_at(&e->help, i), &err);
		if (err != ASSESS_OK)
			return err;
	}
	n = e->groups.n;
	e->start = calloc(n + 2, sizeof *e->start);
	e->cursor = malloc((n + 1) * sizeof *e->cursor);
	if (!e->start || !e->cursor)
		return ASSESS_ENOMEM;
	for (i = 0; i < e->nh; i++)
		if (e->hgroup[i] != NO_GROUP)
			e->start[e->hgroup[i] + 2]++;
	for (g = 2; g < n + 2; g++)
		e->start[g] += e->start[g - 1];
	/* in best order, so each block keeps the helpers' best-first order */
	for (i = 0; i < e->nh; i++) {
		uint32_t hg = e->hgroup[e->best[i]];
		if (hg != NO_GROUP)
			e->grouped[e->start[hg + 1]++] = e->best[i];
	}
	for (g = 0; g < n; g++)
		e->cursor[g] = e->start[g];
	return ASSESS_OK;
}

/* The engine over positions: out[k] pairs seeker position order[k];
 * same (when not NULL) gets whether they are of one group, from the
 * seekers' groups kept in sgroup (room for ns; only then). */
static int engine_run(struct engine *e, const uint32_t *order, size_t ns,
                      uint32_t *sgroup, int mode, assess_pair32 *out,
                      unsigned char *same)
{
	size_t k, h;
	uint32_t g;

	for (k = 0; k < ns; k++) {
		out[k].seeker = order[k];
		if (k + SDK_FETCH_AHEAD < ns && e->groups.interned) /* from all over */
			sdk_fetch_member(e->seek.how->ctx,
			             (uint32_t)list_at(&e->seek.idx,
			                             order[k + SDK_FETCH_AHEAD]));
		g = group_find(&e->groups, group_at(&e->seek, order[k]));
		if (sgroup)
			sgroup[k] = g;
		h = take_in_group(e, g);
		if (h == ASSESS_NO_MATCH && mode == ASSESS_MATCH_IN_TURN)
			h = take_any(e);
		out[k].helper = h == ASSESS_NO_MATCH ? ASSESS_NO_MATCH32
		                                     : (uint32_t)h;
	}
	for (k = 0; mode == ASSESS_MATCH_GROUP_FIRST && k < ns; k++)
		if (out[k].helper == ASSESS_NO_MATCH32) {
			h = take_any(e);
			out[k].helper = h == ASSESS_NO_MATCH ? ASSESS_NO_MATCH32
			                                     : (uint32_t)h;
		}
	for (k = 0; same && k < ns; k++) {
		h = out[k].helper;
		same[k] = h != ASSESS_NO_MATCH32 && sgroup[k] != NO_GROUP &&
		          sgroup[k] == e->hgroup[h];
	}
	return ASSESS_OK;
}

/* The helpers' room: a count each when any takes other than one, else
 * a bit each.  ASSESS_OK or ASSESS_ENOMEM. */
static int engine_room(struct engine *e, const unsigned *capacity)
{
	size_t i;
	int ones = 1;

	for (i = 0; capacity && ones && i < e->nh; i++)
		ones = capacity[i] == 1;
	if (ones)
		return (e->taken = calloc(e->nh / 64 + 1, sizeof *e->taken))
		       ? ASSESS_OK : ASSESS_ENOMEM;
	if (!(e->left = malloc((e->nh + 1) * sizeof *e->left)))
		return ASSESS_ENOMEM;
	for (i = 0; i < e->nh; i++)
		e->left[i] = capacity[i];
	return ASSESS_OK;
}

/* Match by positions: seekers and helpers are the scheme's arrays; out
 * (room for ns) gets positions, same (NULL: not asked) whether each pair
 * is of one group.  ASSESS_ENOMEM also for 2^32 - 1 or more of either:
 * positions are held in 32 bits. */
static int match_positions(struct list seekers, size_t ns,
                           struct list helpers, const unsigned *capacity,
                           size_t nh, const assess_match_how *how,
                           assess_pair32 *out, unsigned char *same)
{
	struct engine e;
	uint32_t *order = NULL, *sgroup = NULL;
	int rc = ASSESS_ENOMEM;

	memset(&e, 0, sizeof e);
	e.seek.idx = seekers;
	e.seek.how = how;
	e.seek.cmp = how->seeker_cmp;
	e.help.idx = helpers;
	e.help.how = how;
	e.help.cmp = how->helper_cmp;
	e.nh = nh;
	if (ns >= ASSESS_NO_MATCH32 || nh >= ASSESS_NO_MATCH32)
		return ASSESS_ENOMEM;
	/* sorted one after the other, so that the sorts' room is not held
	 * together with the engine's */
	if (!(order = positions(ns, &e.seek)) ||
	    !(e.best = positions(nh, &e.help)))
		goto out;
	e.grouped = malloc((nh + 1) * sizeof *e.grouped);
	e.hgroup = malloc((nh + 1) * sizeof *e.hgroup);
	if (!e.grouped || !e.hgroup)
		goto out;
	e.groups.interned = how->group == assess_roster_parent;
	if (engine_group(&e) != ASSESS_OK)
		goto out;
	/* the helpers' groups are needed again only to tell same: given
	 * back before the rest is taken, they are not held at the peak */
	if (!same) {
		free(e.hgroup);
		e.hgroup = NULL;
	} else if (!(sgroup = malloc((ns + 1) * sizeof *sgroup))) {
		goto out;
	}
	if (engine_room(&e, capacity) != ASSESS_OK)
		goto out;
	rc = engine_run(&e, order, ns, sgroup, how->mode, out, same);
out:
	free(order);
	free(sgroup);
	free(e.best);
	free(e.grouped);
	free(e.start);
	free(e.cursor);
	free(e.hgroup);
	free(e.left);
	free(e.taken);
	free(e.groups.name);
	free(e.groups.tab);
	return rc;
}

/* What both assess_match_capacity and assess_match_capacity32 refuse:
 * ASSESS_OK or ASSESS_EINVAL (or ASSESS_ENOMEM from distinct). */
static int match_args(const struct list *seekers, size_t nseekers,
                      const struct list *helpers, int capacity,
                      size_t nhelpers, const assess_match_how *how,
                      const void *out)
{
	if ((!seekers->z && !seekers->u && nseekers) ||
	    (!helpers->z && !helpers->u && nhelpers) ||
	    (!capacity && nhelpers) || !how || (!out && nseekers) ||
	    (how->mode != ASSESS_MATCH_IN_TURN &&
	     how->mode != ASSESS_MATCH_GROUP_FIRST))
		return ASSESS_EINVAL;
	return distinct(seekers, nseekers, helpers, nhelpers);
}

int assess_match_capacity(const size_t *seekers, size_t nseekers,
                          const size_t *helpers, const unsigned *capacity,
                          size_t nhelpers, const assess_match_how *how,
                          assess_pair *out, size_t *nmatched)
{
	const struct list sl = { seekers, NULL }, hl = { helpers, NULL };
	assess_pair32 *p = NULL;
	unsigned char *same = NULL;
	size_t k, n = 0;
	int rc;

	if ((rc = match_args(&sl, nseekers, &hl, capacity != NULL, nhelpers,
	                     how, out)) != ASSESS_OK)
		return rc;
	p = malloc((nseekers + 1) * sizeof *p);
	same = malloc(nseekers + 1);
	rc = p && same ? match_positions(sl, nseekers, hl, capacity,
	                                 nhelpers, how, p, same)
	               : ASSESS_ENOMEM;
	for (k = 0; rc == ASSESS_OK && k < nseekers; k++) {
		out[k].seeker = seekers[p[k].seeker];
		out[k].helper = ASSESS_NO_MATCH;
		out[k].same_group = same[k];
		if (p[k].helper != ASSESS_NO_MATCH32) {
			out[k].helper = helpers[p[k].helper];
			n++;
		}
	}
	free(p);
	free(same);
	if (nmatched)
		*nmatched = n;
	return rc;
}

int assess_match_capacity32(const size_t *seekers, size_t nseekers,
                            const size_t *helpers, const unsigned *capacity,
                            size_t nhelpers, const assess_match_how *how,
                            assess_pair32 *out, size_t *nmatched)
{
	const struct list sl = { seekers, NULL }, hl = { helpers, NULL };
	size_t k, n = 0;
	int rc;

	for (k = 0; seekers && k < nseekers; k++)
		if (seekers[k] >= ASSESS_NO_MATCH32)
			return ASSESS_EINVAL;
	for (k = 0; helpers && k < nhelpers; k++)
		if (helpers[k] >= ASSESS_NO_MATCH32)
			return ASSESS_EINVAL;
	if ((rc = match_args(&sl, nseekers, &hl, capacity != NULL, nhelpers,
	                     how, out)) != ASSESS_OK)
		return rc;
	rc = match_positions(sl, nseekers, hl, capacity, nhelpers, how, out,
	                     NULL);
	for (k = 0; rc == ASSESS_OK && k < nseekers; k++) {
		out[k].seeker = (uint32_t)seekers[out[k].seeker];
		if (out[k].helper != ASSESS_NO_MATCH32) {
			out[k].helper = (uint32_t)helpers[out[k].helper];
			n++;
		}
	}
	if (nmatched)
		*nmatched = n;
	return rc;
}

int assess_match(const size_t *seekers, size_t nseekers,
                 const size_t *partners, size_t npartners,
                 const char *(*group)(size_t, void *), void *ctx,
                 size_t *pick)
{
	/* each listing of a partner is one place, so a partner listed twice
	 * takes two seekers and min(nseekers, npartners) holds */
	const assess_match_how how = { NULL, NULL, group, ctx,
	                               ASSESS_MATCH_GROUP_FIRST };
	assess_pair32 *p = malloc((nseekers + 1) * sizeof *p);
	const struct list sl = { seekers, NULL }, pl = { partners, NULL };
	size_t k;
	int rc;

	if (!p)
		return ASSESS_ENOMEM;
	rc = match_positions(sl, nseekers, pl, NULL, npartners, &how, p, NULL);
	for (k = 0; rc == ASSESS_OK && k < nseekers; k++)
		pick[p[k].seeker] = p[k].helper == ASSESS_NO_MATCH32
		                    ? ASSESS_NO_MATCH : partners[p[k].helper];
	free(p);
	return rc;
}

int assess_match_one32(const uint32_t *seekers, size_t nseekers,
                       const uint32_t *helpers, size_t nhelpers,
                       const assess_match_how *how, assess_pair32 *out,
                       size_t *nmatched)
{
	const struct list sl = { NULL, seekers }, hl = { NULL, helpers };
	size_t k, n = 0;
	int rc;

	for (k = 0; seekers && k < nseekers; k++)
		if (seekers[k] == ASSESS_NO_MATCH32)
			return ASSESS_EINVAL;
	for (k = 0; helpers && k < nhelpers; k++)
		if (helpers[k] == ASSESS_NO_MATCH32)
			return ASSESS_EINVAL;
	if ((rc = match_args(&sl, nseekers, &hl, 1, nhelpers, how, out))
	    != ASSESS_OK)
		return rc;
	rc = match_positions(sl, nseekers, hl, NULL, nhelpers, how, out, NULL);
	for (k = 0; rc == ASSESS_OK && k < nseekers; k++) {
		out[k].seeker = seekers[out[k].seeker];
		if (out[k].helper != ASSESS_NO_MATCH32) {
			out[k].helper = helpers[out[k].helper];
			n++;
		}
	}
	if (nmatched)
		*nmatched = n;
	return rc;
}
