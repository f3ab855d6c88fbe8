/*
 * match.c - matching seekers with helpers that each take up to a
 * capacity (include/assess/batch.h), and the pairs written out once each:
 * into the summary and, one amendment per member, into the results.
 * Positions, pairs and the index of who helps whom are held in 32 bits
 * (a roster's indexes fit): at a million records the matching and the
 * writing of its pairs are the finish step's peak.  A roster's own
 * orders and parents are compared as numbers and addresses, and the
 * pairs' names read in their file's order: the step's time was strcmp,
 * reads of members from all over the roster, and a read call a name.
 * The older entry points (assess_match, assess_pairs_amend of collect.h)
 * are this engine with one place per listing.  Part of libassess_scheme.a.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/scheme.h"
#include "internal.h"

/* Ask for member i's entry, or (once that has come) its id, to be
 * brought into the cache DISTANCE writes before they are written: the
 * pairs and the partners are written in an order of their own, their
 * members from all over the roster, and the wait for memory at each was
 * most of their writing. */
#define DISTANCE 16

static void fetch_member(const assess_roster *r, uint32_t i)
{
	__builtin_prefetch((const assess_member *)r->members.v + i);
}

static void fetch_id(const assess_roster *r, uint32_t i)
{
	__builtin_prefetch(r->pool.s + assess_roster_get(r, i)->id);
}

/* The engine works on positions in the arrays it was given; this maps a
 * position back to the scheme's index for its orders and groups. */
struct side {
	const size_t *idx;
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
		c = strcmp(assess_roster_id(s->idx[a], s->how->ctx),
		           assess_roster_id(s->idx[b], s->how->ctx));
	} else {
		c = s->cmp(s->idx[a], s->idx[b], s->how->ctx);
	}
	return c ? c : (a > b) - (a < b);
}

/* As in assess_dec_cmp (numbers.c): scores below it compare by their
 * millionths, rounded. */
#define KEY_DEC_LIMIT 1e12

/* The roster's own orders (assess_roster_weakest_first, _strongest_
 * first) as one number a position, so that the sort compares two
 * numbers where it called the order, which read two members and two ids
 * from all over the roster: the matching's sorts were half of the finish
 * step at a million records.  The number is the level and the score in
 * millionths, packed, then in the bits left the id's first bytes after
 * the prefix every id of the side shares: equal numbers are equal levels
 * and scores in decimal terms and ids equal so far, and the ids' strcmp
 * decides the rest, as in the orders.  NULL (the order called) for
 * another order, a score that is not below KEY_DEC_LIMIT, levels and
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
		const assess_member *m = assess_roster_get(r, s->idx[i]);
		const char *id = r->pool.s + m->id;
		size_t k;
		int64_t d;
		if (!(fabs(m->score) < KEY_DEC_LIMIT)) {
			free(key);
			return NULL;
		}
		d = (int64_t)nearbyint(m->score * 1e6);
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
		const assess_member *m = assess_roster_get(r, s->idx[i]);
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
	g = s->how->group(s->idx[pos], s->how->ctx);
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
static int distinct_bits(const size_t *a, size_t na, const size_t *b,
                         size_t nb)
{
	size_t max = 0, i, x;
	uint64_t *seen;
	int rc = ASSESS_OK;

	for (i = 0; i < na + nb; i++) {
		x = i < na ? a[i] : b[i - na];
		if (x > max)
			max = x;
	}
	if (max / 64 > na + nb)
		return 1;
	if (!(seen = calloc(max / 64 + 1, sizeof *seen)))
		return ASSESS_ENOMEM;
	for (i = 0; rc == ASSESS_OK && i < na + nb; i++) {
		x = i < na ? a[i] : b[i - na];
		if (seen[x / 64] >> (x % 64) & 1)
			rc = ASSESS_EINVAL;
		seen[x / 64] |= (uint64_t)1 << (x % 64);
	}
	free(seen);
	return rc;
}

/* ASSESS_OK when no index is listed twice in either array nor in both;
 * ASSESS_EINVAL otherwise. */
static int distinct(const size_t *a, size_t na, const size_t *b, size_t nb)
{
	size_t *all, i;
	int rc = distinct_bits(a, na, b, nb);

	if (rc != 1)
		return rc;
	if (!(all = malloc((na + nb + 1) * sizeof *all)))
		return ASSESS_ENOMEM;
	rc = ASSESS_OK;
	if (na)
		memcpy(all, a, na * sizeof *all);
	if (nb)
		memcpy(all + na, b, nb * sizeof *all);
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
	unsigned *left;   /* [position] capacity left */
};

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
	while (k < end && !e->left[e->grouped[k]])
		k++;
	e->cursor[g] = k;
	if (k == end)
		return ASSESS_NO_MATCH;
	e->left[e->grouped[k]]--;
	return e->grouped[k];
}

/* The best free helper of any group, taken; ASSESS_NO_MATCH when none. */
static size_t take_any(struct engine *e)
{
	while (e->any < e->nh && !e->left[e->best[e->any]])
		e->any++;
	if (e->any == e->nh)
		return ASSESS_NO_MATCH;
	e->left[e->best[e->any]]--;
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
 * same (when not NULL) gets whether they are of one group. */
static int engine_run(struct engine *e, const uint32_t *order, size_t ns,
                      uint32_t *sgroup, int mode, assess_pair32 *out,
                      unsigned char *same)
{
	size_t k, h;

	for (k = 0; k < ns; k++) {
		out[k].seeker = order[k];
		if (k + DISTANCE < ns && e->groups.interned) /* from all over */
			fetch_member(e->seek.how->ctx,
			             (uint32_t)e->seek.idx[order[k + DISTANCE]]);
		sgroup[k] = group_find(&e->groups, group_at(&e->seek, order[k]));
		h = take_in_group(e, sgroup[k]);
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

/* Match by positions: seekers and helpers are the scheme's arrays; out
 * (room for ns) gets positions, same (NULL: not asked) whether each pair
 * is of one group.  ASSESS_ENOMEM also for 2^32 - 1 or more of either:
 * positions are held in 32 bits. */
static int match_positions(const size_t *seekers, size_t ns,
                           const size_t *helpers, const unsigned *capacity,
                           size_t nh, const assess_match_how *how,
                           assess_pair32 *out, unsigned char *same)
{
	struct engine e;
	uint32_t *order = NULL, *sgroup = NULL;
	size_t i;
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
	sgroup = malloc((ns + 1) * sizeof *sgroup);
	e.grouped = malloc((nh + 1) * sizeof *e.grouped);
	e.hgroup = malloc((nh + 1) * sizeof *e.hgroup);
	e.left = malloc((nh + 1) * sizeof *e.left);
	if (!sgroup || !e.grouped || !e.hgroup || !e.left)
		goto out;
	for (i = 0; i < nh; i++)
		e.left[i] = capacity ? capacity[i] : 1;
	e.groups.interned = how->group == assess_roster_parent;
	if (engine_group(&e) != ASSESS_OK)
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
	free(e.groups.name);
	free(e.groups.tab);
	return rc;
}

/* What both assess_match_capacity and assess_match_capacity32 refuse:
 * ASSESS_OK or ASSESS_EINVAL (or ASSESS_ENOMEM from distinct). */
static int match_args(const size_t *seekers, size_t nseekers,
                      const size_t *helpers, const unsigned *capacity,
                      size_t nhelpers, const assess_match_how *how,
                      const void *out)
{
	if ((!seekers && nseekers) || (!helpers && nhelpers) ||
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
	assess_pair32 *p = NULL;
	unsigned char *same = NULL;
	size_t k, n = 0;
	int rc;

	if ((rc = match_args(seekers, nseekers, helpers, capacity, nhelpers,
	                     how, out)) != ASSESS_OK)
		return rc;
	p = malloc((nseekers + 1) * sizeof *p);
	same = malloc(nseekers + 1);
	rc = p && same ? match_positions(seekers, nseekers, helpers, capacity,
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
	size_t k, n = 0;
	int rc;

	for (k = 0; seekers && k < nseekers; k++)
		if (seekers[k] >= ASSESS_NO_MATCH32)
			return ASSESS_EINVAL;
	for (k = 0; helpers && k < nhelpers; k++)
		if (helpers[k] >= ASSESS_NO_MATCH32)
			return ASSESS_EINVAL;
	if ((rc = match_args(seekers, nseekers, helpers, capacity, nhelpers,
	                     how, out)) != ASSESS_OK)
		return rc;
	rc = match_positions(seekers, nseekers, helpers, capacity, nhelpers,
	                     how, out, NULL);
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
	size_t k;
	int rc;

	if (!p)
		return ASSESS_ENOMEM;
	rc = match_positions(seekers, nseekers, partners, NULL, npartners, &how,
	                     p, NULL);
	for (k = 0; rc == ASSESS_OK && k < nseekers; k++)
		pick[p[k].seeker] = p[k].helper == ASSESS_NO_MATCH32
		                    ? ASSESS_NO_MATCH : partners[p[k].helper];
	free(p);
	return rc;
}

/* The amend node of member m's result, or NULL (no handle, no service). */
static assess_node *amend_of(const assess_host *h, const assess_member *m)
{
	if (!m->handle || !ASSESS_HAS(h, amend))
		return NULL;
	return h->amend(m->handle);
}

/* One object naming member p, its id and name (keys ik and nk), into
 * the node o. */
static void put_who(const assess_host *h, assess_node *o,
                    const assess_roster *r, size_t p, const char *name,
                    const char *ik, const char *nk)
{
	if (ik)
		h->put_string(o, ik, assess_roster_id(p, (void *)r));
	if (name && nk)
		h->put_string(o, nk, name);
}

#define NO_HELPER UINT32_MAX

/* The words assess_pairs_write and assess_pairs_amend have always
 * written (the star scheme's, SB9), kept for the plugins built on them. */
static const assess_pair_words first_words = {
	"pairs", "helper", "helped", "same_parent", "unpaired",
	"pairing", "helper", "helper_name", "helping", "id", "name"
};

/* Whether members i and j are of one non-empty parent: the roster keeps
 * each parent once, so one offset is one parent. */
static int same_parent(const assess_roster *r, uint32_t i, uint32_t j)
{
	uint32_t p = assess_roster_get(r, i)->parent_at;

	return p != ASSESS_ROSTER_NONE && p == assess_roster_get(r, j)->parent_at
	       && r->parents.s[p];
}

/* The partners a stretch of members' amendments name, in the order they
 * are written, and their names, read from the roster's names file in
 * the file's order before the stretch is written: the partners of
 * members side by side are anywhere in the file, and a read call each
 * was most of the writing's time.  Memory stays the same whatever the
 * batch: at most STRETCH_NAMES partners, their names in STRETCH_ROOM
 * bytes; a name that does not fit (and every name, without a names
 * file) is read when it is written. */
#define STRETCH_NAMES 32768
#define STRETCH_ROOM ((size_t)2 << 20)

struct stretch {
	const assess_roster *r;
	const assess_pair_words *w;
	const uint32_t *helper, *first, *helped; /* amend_pairs' */
	uint32_t *who;               /* [k]: the k-th partner written; NULL:
	                                one stretch, names read alone */
	struct sdk_spill_want *want; /* [k]: its name; NULL: names read
	                                when written */
	uint64_t *scratch;           /* the gather's */
	char *buf;                   /* the names read */
	size_t n, next;              /* partners listed; the next written */
};

static void stretch_open(struct stretch *st)
{
	if (!(st->who = malloc(STRETCH_NAMES * sizeof *st->who)))
		return; /* then each name alone, nothing fetched ahead */
	if (!st->r->names || (!st->w->matched_name && !st->w->helping_name))
		return;
	st->want = malloc(STRETCH_NAMES * sizeof *st->want);
	st->scratch = malloc(2 * STRETCH_NAMES * sizeof *st->scratch);
	st->buf = malloc(STRETCH_ROOM);
	if (!st->want || !st->scratch || !st->buf) {
		free(st->want);
		st->want = NULL;
	}
}

static void stretch_close(struct stretch *st)
{
	free(st->who);
	free(st->want);
	free(st->scratch);
	free(st->buf);
}

/* How many partners member i's amendment names. */
static size_t stretch_count(const struct stretch *st, size_t i)
{
	size_t c = 0;

	if (st->helper[i] != NO_HELPER && st->w->matched)
		c++;
	if (st->w->helping)
		c += st->first[i + 1] - st->first[i];
	return c;
}

/* List partner p, whose name is written when named. */
static void stretch_add(struct stretch *st, uint32_t p, int named)
{
	if (st->n == STRETCH_NAMES)
		return;
	if (st->want)
		st->want[st->n].at = named ? sdk_roster_name_at(st->r, p) : 0;
	st->who[st->n++] = p;
}

/* Fetch ahead what listing member i's partners reads of them when their
 * names are gathered (where each name is, after its id). */
static void stretch_fetch(const struct stretch *st, size_t i, size_t n)
{
	size_t far = i + DISTANCE, near = i + DISTANCE / 2;
	size_t end = st->first[n];

	if (!st->want)
		return;
	if (far < n && st->helper[far] != NO_HELPER)
		fetch_member(st->r, st->helper[far]);
	if (near < n && st->helper[near] != NO_HELPER)
		fetch_id(st->r, st->helper[near]);
	if (st->first[i] + DISTANCE < end)
		fetch_member(st->r, st->helped[st->first[i] + DISTANCE]);
	if (st->first[i] + DISTANCE / 2 < end)
		fetch_id(st->r, st->helped[st->first[i] + DISTANCE / 2]);
}

/* List the partners of the members from i0 on, as many as fit (at least
 * member i0's, those beyond STRETCH_NAMES not listed), and read their
 * names: the end of the stretch. */
static size_t stretch_read(struct stretch *st, size_t i0, size_t n)
{
	const assess_pair_words *w = st->w;
	size_t i, k;

	st->n = st->next = 0;
	if (!st->who)
		return n;
	for (i = i0; i < n; i++) {
		size_t c = stretch_count(st, i);
		if (i > i0 && st->n + c > STRETCH_NAMES)
			break;
		stretch_fetch(st, i, n);
		if (st->helper[i] != NO_HELPER && w->matched)
			stretch_add(st, st->helper[i], w->matched_name != NULL);
		if (w->helping)
			for (k = st->first[i]; k < st->first[i + 1]; k++)
				stretch_add(st, st->helped[k], w->helping_name != NULL);
	}
	if (st->want)
		sdk_spill_gather(st->r->names, st->want, st->n, st->buf,
		                 STRETCH_ROOM, st->scratch);
	return i;
}

/* Partner p, the next the stretch writes: its name when named (NULL
 * when it has none), its id and those after it fetched ahead. */
static const char *stretch_next(struct stretch *st, size_t p, int named)
{
	const struct sdk_spill_want *x;
	size_t k = st->next++;

	if (k + DISTANCE < st->n)
		fetch_member(st->r, st->who[k + DISTANCE]);
	if (k + DISTANCE / 2 < st->n)
		fetch_id(st->r, st->who[k + DISTANCE / 2]);
	if (!named)
		return NULL;
	if (!st->want || k >= st->n)
		return assess_roster_name(p, (void *)st->r);
	x = &st->want[k];
	if (!x->at)
		return NULL;
	return x->got == SDK_SPILL_MISS ? assess_roster_name(p, (void *)st->r)
	                                : st->buf + x->got;
}

/* Every member's amendment, in roster order: its helper when it was
 * helped, everyone it helps (in pair order) when it helps, under w's
 * words (a NULL one: that member left out). */
static int amend_pairs(const assess_host *h, const assess_roster *r,
                       const assess_pair32 *pairs, size_t np,
                       const assess_pair_words *w)
{
	/* roster indexes fit in 32 bits (its pool's offsets do): half the
	 * room of size_t at the run's peak */
	size_t n = r->members.n, i, i0, i1, k;
	uint32_t *helper = malloc((n + 1) * sizeof *helper);
	uint32_t *first = calloc(n + 2, sizeof *first);  /* CSR by helper */
	uint32_t *helped = malloc((np + 1) * sizeof *helped);
	struct stretch st = { r, w, helper, first, helped, NULL, NULL, NULL,
	                      NULL, 0, 0 };
	int rc = ASSESS_ENOMEM;

	if (!helper || !first || !helped)
		goto out;
	for (i = 0; i < n; i++)
		helper[i] = NO_HELPER;
	for (k = 0; k < np; k++)
		if (pairs[k].helper != ASSESS_NO_MATCH32) {
			helper[pairs[k].seeker] = pairs[k].helper;
			first[pairs[k].helper + 2]++;
		}
	for (i = 2; i < n + 2; i++)
		first[i] += first[i - 1];
	for (k = 0; k < np; k++)
		if (pairs[k].helper != ASSESS_NO_MATCH32)
			helped[first[pairs[k].helper + 1]++] = pairs[k].seeker;
	rc = ASSESS_OK;
	stretch_open(&st);
	for (i0 = 0; rc == ASSESS_OK && i0 < n; i0 = i1) {
		i1 = stretch_read(&st, i0, n);
		for (i = i0; rc == ASSESS_OK && i < i1; i++) {
			assess_node *a, *arr, *o;
			const char *name;
			if ((helper[i] == NO_HELPER || !w->matched) &&
			    (first[i] == first[i + 1] || !w->helping))
				continue;
			if (!(a = amend_of(h, assess_roster_get(r, i)))) {
				st.next += stretch_count(&st, i); /* its partners unwritten */
				continue;
			}
			if (helper[i] != NO_HELPER && w->matched) {
				name = stretch_next(&st, helper[i], w->matched_name != NULL);
				if (!(o = h->put_object(a, w->matched)))
					rc = ASSESS_ENOMEM;
				else
					put_who(h, o, r, helper[i], name, w->matched_id,
					        w->matched_name);
			}
			if (first[i] == first[i + 1] || !w->helping)
				continue;
			if (!(arr = h->put_array(a, w->helping))) {
				rc = ASSESS_ENOMEM;
				break;
			}
			for (k = first[i]; k < first[i + 1]; k++) {
				name = stretch_next(&st, helped[k], w->helping_name != NULL);
				if (!(o = h->put_object(arr, NULL))) {
					rc = ASSESS_ENOMEM;
					break;
				}
				put_who(h, o, r, helped[k], name, w->helping_id,
				        w->helping_name);
			}
		}
	}
	stretch_close(&st);
out:
	free(helper);
	free(first);
	free(helped);
	return rc;
}

int assess_pairs_write(const assess_host *h, assess_node *summary,
                       const assess_roster *r, const assess_pair *pairs,
                       size_t npairs)
{
	return assess_pairs_write_as(h, summary, r, pairs, npairs,
	                             &first_words);
}

int assess_pairs_write_as(const assess_host *h, assess_node *summary,
                          const assess_roster *r, const assess_pair *pairs,
                          size_t npairs, const assess_pair_words *w)
{
	size_t n = r->members.n, k;
	assess_pair32 *p;
	int rc;

	if (!w)
		return ASSESS_EINVAL;
	for (k = 0; k < npairs; k++)
		if (pairs[k].seeker >= n ||
		    (pairs[k].helper != ASSESS_NO_MATCH && pairs[k].helper >= n))
			return ASSESS_EINVAL;
	if (!(p = malloc((npairs + 1) * sizeof *p)))
		return ASSESS_ENOMEM;
	for (k = 0; k < npairs; k++) { /* below n: a roster's fit in 32 bits */
		p[k].seeker = (uint32_t)pairs[k].seeker;
		p[k].helper = pairs[k].helper == ASSESS_NO_MATCH
		              ? ASSESS_NO_MATCH32 : (uint32_t)pairs[k].helper;
	}
	rc = assess_pairs_write_as32(h, summary, r, p, npairs, w);
	free(p);
	return rc;
}

int assess_pairs_write_as32(const assess_host *h, assess_node *summary,
                            const assess_roster *r,
                            const assess_pair32 *pairs, size_t npairs,
                            const assess_pair_words *w)
{
	size_t n = r->members.n, k;
	assess_node *list = NULL, *unpaired = NULL;

	if (!w)
		return ASSESS_EINVAL;
	for (k = 0; k < npairs; k++)
		if (pairs[k].seeker >= n ||
		    (pairs[k].helper != ASSESS_NO_MATCH32 && pairs[k].helper >= n))
			return ASSESS_EINVAL;
	if (summary) {
		if ((w->pairs && !(list = assess_put_list(h, summary, w->pairs))) ||
		    (w->unpaired &&
		     !(unpaired = assess_put_list(h, summary, w->unpaired))))
			return ASSESS_ENOMEM;
		for (k = 0; k < npairs; k++) {
			assess_node *o;
			if (k + DISTANCE < npairs) {
				fetch_member(r, pairs[k + DISTANCE].seeker);
				if (pairs[k + DISTANCE].helper != ASSESS_NO_MATCH32)
					fetch_member(r, pairs[k + DISTANCE].helper);
			}
			if (k + DISTANCE / 2 < npairs) {
				fetch_id(r, pairs[k + DISTANCE / 2].seeker);
				if (pairs[k + DISTANCE / 2].helper != ASSESS_NO_MATCH32)
					fetch_id(r, pairs[k + DISTANCE / 2].helper);
			}
			if (pairs[k].helper == ASSESS_NO_MATCH32) {
				if (unpaired)
					h->put_string(unpaired, NULL,
					              assess_roster_id(pairs[k].seeker,
					                               (void *)r));
				continue;
			}
			if (!list)
				continue;
			if (!(o = h->put_object(list, NULL)))
				return ASSESS_ENOMEM;
			if (w->helper)
				h->put_string(o, w->helper,
				              assess_roster_id(pairs[k].helper, (void *)r));
			if (w->helped)
				h->put_string(o, w->helped,
				              assess_roster_id(pairs[k].seeker, (void *)r));
			if (w->same_group)
				h->put_bool(o, w->same_group,
				            same_parent(r, pairs[k].seeker, pairs[k].helper));
		}
	}
	return amend_pairs(h, r, pairs, npairs, w);
}

int assess_pairs_amend(const assess_host *h, const assess_roster *r,
                       const size_t *seekers, size_t nseekers,
                       const size_t *pick)
{
	assess_pair32 *p;
	size_t k, n = r->members.n;
	int rc;

	for (k = 0; k < nseekers; k++)
		if (seekers[k] >= n || (pick[k] != ASSESS_NO_MATCH && pick[k] >= n))
			return ASSESS_EINVAL;
	if (!(p = malloc((nseekers + 1) * sizeof *p)))
		return ASSESS_ENOMEM;
	for (k = 0; k < nseekers; k++) { /* below n: they fit in 32 bits */
		p[k].seeker = (uint32_t)seekers[k];
		p[k].helper = pick[k] == ASSESS_NO_MATCH ? ASSESS_NO_MATCH32
		                                         : (uint32_t)pick[k];
	}
	rc = amend_pairs(h, r, p, nseekers, &first_words);
	free(p);
	return rc;
}

int assess_pairs_put(const assess_host *h, assess_node *summary,
                     const assess_pairing *how, size_t *seekers,
                     size_t nseekers, size_t *partners, size_t npartners)
{
	size_t *pick = malloc((nseekers + 1) * sizeof *pick);
	int rc = pick ? assess_pairs_pick(h, summary, how, seekers, nseekers,
	                                  partners, npartners, pick)
	              : ASSESS_ENOMEM;

	free(pick);
	return rc;
}

int assess_pairs_pick(const assess_host *h, assess_node *summary,
                      const assess_pairing *how, size_t *seekers,
                      size_t nseekers, size_t *partners, size_t npartners,
                      size_t *pick)
{
	size_t i;
	assess_node *pairs, *unpaired;
	int rc = ASSESS_ENOMEM;

	if (assess_sort(seekers, nseekers, how->seeker_cmp, how->ctx) ||
	    assess_sort(partners, npartners, how->partner_cmp, how->ctx) ||
	    assess_match(seekers, nseekers, partners, npartners, how->group,
	                 how->ctx, pick))
		goto out;
	pairs = assess_put_list(h, summary, "pairs");
	unpaired = assess_put_list(h, summary, "unpaired");
	for (i = 0; i < nseekers; i++) {
		const char *p = how->group(seekers[i], how->ctx), *q;
		assess_node *o;

		if (pick[i] == ASSESS_NO_MATCH) {
			h->put_string(unpaired, NULL, how->id(seekers[i], how->ctx));
			continue;
		}
		q = how->group(pick[i], how->ctx);
		o = h->put_object(pairs, NULL);
		h->put_string(o, "helper", how->id(pick[i], how->ctx));
		h->put_string(o, "helped", how->id(seekers[i], how->ctx));
		h->put_bool(o, "same_parent", p && *p && q && strcmp(p, q) == 0);
	}
	rc = ASSESS_OK;
out:
	return rc;
}
