/*
 * pairs.c - the pairs of a matching (match.c) written out once each:
 * into the summary and, one amendment per member, into the results
 * (include/assess/batch.h; the older assess_pairs_write, _amend and
 * _pick of collect.h).  The partners' names are read from the roster's
 * names file in the file's order and their members fetched ahead: the
 * writing's time was a read call a name and waits for members from all
 * over the roster.  Part of libassess_scheme.a.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/scheme.h"
#include "internal.h"

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

/* Who is paired with whom, member by member in roster order: slot[i]
 * is NO_HELPER, the helper of seeker i, or HELPS plus how many member i
 * helps, whose seekers are the next that many in helped (the helpers'
 * blocks in roster order, each in pair order).  One array of the
 * roster's size, not two: at ten million records 24 MB less at the
 * finish step's peak. */
#define HELPS UINT32_C(0x80000000)

struct links {
	uint32_t *slot;   /* [member] */
	uint32_t *helper, *first; /* or, for pairs where one member is both
	                             helped and a helper (or helped twice),
	                             its helper and where its block starts:
	                             [member], [member + 1] */
	uint32_t *helped; /* the seekers, helper by helper */
};

/* Seeker i's helper, or NO_HELPER. */
static uint32_t helper_of(const struct links *l, size_t i)
{
	if (l->helper)
		return l->helper[i];
	return l->slot[i] & HELPS ? NO_HELPER : l->slot[i];
}

/* How many member i helps. */
static uint32_t helps(const struct links *l, size_t i)
{
	if (l->first)
		return l->first[i + 1] - l->first[i];
	return l->slot[i] != NO_HELPER && l->slot[i] & HELPS
	       ? l->slot[i] & ~HELPS : 0;
}

/* The two arrays instead of the slots: each member's helper, and the
 * helped in blocks by helper (counted, then placed).  ASSESS_OK or
 * ASSESS_ENOMEM. */
static int links_csr(struct links *l, const assess_pair32 *pairs,
                     size_t np, size_t n)
{
	size_t i, k;

	free(l->slot);
	l->slot = NULL;
	l->helper = malloc((n + 1) * sizeof *l->helper);
	l->first = calloc(n + 2, sizeof *l->first);
	l->helped = malloc((np + 1) * sizeof *l->helped);
	if (!l->helper || !l->first || !l->helped)
		return ASSESS_ENOMEM;
	for (i = 0; i < n; i++)
		l->helper[i] = NO_HELPER;
	for (k = 0; k < np; k++)
		if (pairs[k].helper != ASSESS_NO_MATCH32) {
			l->helper[pairs[k].seeker] = pairs[k].helper;
			l->first[pairs[k].helper + 2]++;
		}
	for (i = 2; i < n + 2; i++)
		l->first[i] += l->first[i - 1];
	for (k = 0; k < np; k++)
		if (pairs[k].helper != ASSESS_NO_MATCH32)
			l->helped[l->first[pairs[k].helper + 1]++] = pairs[k].seeker;
	return ASSESS_OK;
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
	const struct links *l;       /* amend_pairs' */
	uint32_t *who;               /* [k]: the k-th partner written; NULL:
	                                one stretch, names read alone */
	struct sdk_spill_want *want; /* [k]: its name; NULL: names read
	                                when written */
	uint64_t *scratch;           /* the gather's */
	char *buf;                   /* the names read */
	size_t n, next;              /* partners listed; the next written */
	size_t at;                   /* where in helped the stretch starts */
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

	if (helper_of(st->l, i) != NO_HELPER && st->w->matched)
		c++;
	if (st->w->helping)
		c += helps(st->l, i);
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
static void stretch_fetch(const struct stretch *st, size_t i, size_t n,
                          size_t k, size_t end)
{
	size_t far = i + SDK_FETCH_AHEAD, near = i + SDK_FETCH_AHEAD / 2;

	if (!st->want)
		return;
	if (far < n && helper_of(st->l, far) != NO_HELPER)
		sdk_fetch_member(st->r, helper_of(st->l, far));
	if (near < n && helper_of(st->l, near) != NO_HELPER)
		sdk_fetch_id(st->r, helper_of(st->l, near));
	if (k + SDK_FETCH_AHEAD < end)
		sdk_fetch_member(st->r, st->l->helped[k + SDK_FETCH_AHEAD]);
	if (k + SDK_FETCH_AHEAD / 2 < end)
		sdk_fetch_id(st->r, st->l->helped[k + SDK_FETCH_AHEAD / 2]);
}

/* List the partners of the members from i0 on, as many as fit (at least
 * member i0's, those beyond STRETCH_NAMES not listed), and read their
 * names: the end of the stretch. */
static size_t stretch_read(struct stretch *st, size_t i0, size_t n,
                           size_t nhelped)
{
	const assess_pair_words *w = st->w;
	size_t i, k, at = st->at, end;

	st->n = st->next = 0;
	if (!st->who)
		return n;
	for (i = i0; i < n; i++, at = end) {
		size_t c = stretch_count(st, i);
		end = at + helps(st->l, i);
		if (i > i0 && st->n + c > STRETCH_NAMES)
			break;
		stretch_fetch(st, i, n, at, nhelped);
		if (helper_of(st->l, i) != NO_HELPER && w->matched)
			stretch_add(st, helper_of(st->l, i), w->matched_name != NULL);
		if (w->helping)
			for (k = at; k < end; k++)
				stretch_add(st, st->l->helped[k], w->helping_name != NULL);
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

	if (k + SDK_FETCH_AHEAD < st->n)
		sdk_fetch_member(st->r, st->who[k + SDK_FETCH_AHEAD]);
	if (k + SDK_FETCH_AHEAD / 2 < st->n)
		sdk_fetch_id(st->r, st->who[k + SDK_FETCH_AHEAD / 2]);
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

/* The matched pairs' indexes k in helped (room for m), sorted by their
 * helper, stably (pair order within one helper): two passes of a radix
 * sort by way of tmp, count room for 65536.  Roster indexes are below
 * 2^31, m below 2^32. */
static void by_helper(const assess_pair32 *pairs, size_t np, uint32_t *helped,
                      uint32_t *tmp, size_t m, uint32_t *count)
{
	size_t k, j, pass;
	uint32_t *from = helped, *to = tmp, *t, sum, c;

	for (k = j = 0; k < np; k++)
		if (pairs[k].helper != ASSESS_NO_MATCH32)
			helped[j++] = (uint32_t)k;
	for (pass = 0; pass < 2; pass++) {
		memset(count, 0, 65536 * sizeof *count);
		for (j = 0; j < m; j++)
			count[pairs[from[j]].helper >> (16 * pass) & 0xFFFF]++;
		for (j = sum = 0; j < 65536; j++) {
			c = count[j];
			count[j] = sum;
			sum += c;
		}
		for (j = 0; j < m; j++)
			to[count[pairs[from[j]].helper >> (16 * pass) & 0xFFFF]++] =
				from[j];
		t = from;
		from = to;
		to = t;
	}
	/* helped, tmp, helped: an even number of passes ends in helped */
}

/* Fill l's slots from the pairs: ASSESS_OK; ASSESS_EINVAL when a member
 * is both helped and a helper, or helped twice (then the two arrays of
 * links_csr). */
static int links_slots(struct links *l, const assess_pair32 *pairs,
                       size_t np, size_t n, size_t *m)
{
	size_t i, k;

	if (n >= HELPS)
		return ASSESS_EINVAL;
	for (i = 0; i < n; i++)
		l->slot[i] = NO_HELPER;
	for (k = *m = 0; k < np; k++) {
		uint32_t s = pairs[k].seeker, hp = pairs[k].helper;
		if (hp == ASSESS_NO_MATCH32)
			continue;
		if (l->slot[s] != NO_HELPER ||
		    (l->slot[hp] != NO_HELPER && !(l->slot[hp] & HELPS)))
			return ASSESS_EINVAL;
		l->slot[s] = hp;
		l->slot[hp] = l->slot[hp] == NO_HELPER ? HELPS | 1 : l->slot[hp] + 1;
		++*m;
	}
	return ASSESS_OK;
}

/* The links of the pairs into l: ASSESS_OK or ASSESS_ENOMEM. */
static int links_make(struct links *l, const assess_pair32 *pairs,
                      size_t np, size_t n)
{
	uint32_t *tmp, *count;
	size_t m, j;
	int ok;

	if (!(l->slot = malloc((n + 1) * sizeof *l->slot)))
		return ASSESS_ENOMEM;
	if (links_slots(l, pairs, np, n, &m) != ASSESS_OK)
		return links_csr(l, pairs, np, n);
	l->helped = malloc((m + 1) * sizeof *l->helped);
	tmp = malloc((m + 1) * sizeof *tmp);
	count = malloc(65536 * sizeof *count);
	ok = l->helped && tmp && count;
	if (ok)
		by_helper(pairs, np, l->helped, tmp, m, count);
	free(tmp);
	free(count);
	if (!ok)
		return ASSESS_ENOMEM;
	for (j = 0; j < m; j++)
		l->helped[j] = pairs[l->helped[j]].seeker;
	return ASSESS_OK;
}

static void links_free(struct links *l)
{
	free(l->slot);
	free(l->helper);
	free(l->first);
	free(l->helped);
}

/* Every member's amendment, in roster order: its helper when it was
 * helped, everyone it helps (in pair order) when it helps, under w's
 * words (a NULL one: that member left out). */
static int amend_links(const assess_host *h, const assess_roster *r,
                       const struct links *lp, const assess_pair_words *w)
{
	size_t n = r->members.n, i, i0, i1, k, at, end, nhelped = 0;
	const struct links l = *lp;
	struct stretch st = { r, w, lp, NULL, NULL, NULL, NULL, 0, 0, 0 };
	int rc = ASSESS_OK;

	for (i = 0; i < n; i++)
		nhelped += helps(&l, i);
	stretch_open(&st);
	for (i0 = 0; rc == ASSESS_OK && i0 < n; i0 = i1) {
		i1 = stretch_read(&st, i0, n, nhelped);
		for (i = i0, at = st.at; rc == ASSESS_OK && i < i1; i++, at = end) {
			assess_node *a, *arr, *o;
			const char *name;
			uint32_t hp = helper_of(&l, i);
			end = at + helps(&l, i);
			if ((hp == NO_HELPER || !w->matched) &&
			    (at == end || !w->helping))
				continue;
			if (!(a = amend_of(h, assess_roster_get(r, i)))) {
				st.next += stretch_count(&st, i); /* its partners unwritten */
				continue;
			}
			if (hp != NO_HELPER && w->matched) {
				name = stretch_next(&st, hp, w->matched_name != NULL);
				if (!(o = h->put_object(a, w->matched)))
					rc = ASSESS_ENOMEM;
				else
					put_who(h, o, r, hp, name, w->matched_id,
					        w->matched_name);
			}
			if (at == end || !w->helping)
				continue;
			if (!(arr = h->put_array(a, w->helping))) {
				rc = ASSESS_ENOMEM;
				break;
			}
			for (k = at; k < end; k++) {
				name = stretch_next(&st, l.helped[k],
				                    w->helping_name != NULL);
				if (!(o = h->put_object(arr, NULL))) {
					rc = ASSESS_ENOMEM;
					break;
				}
				put_who(h, o, r, l.helped[k], name, w->helping_id,
				        w->helping_name);
			}
		}
		st.at = at;
	}
	stretch_close(&st);
	return rc;
}

static int amend_pairs(const assess_host *h, const assess_roster *r,
                       const assess_pair32 *pairs, size_t np,
                       const assess_pair_words *w)
{
	struct links l = { NULL, NULL, NULL, NULL };
	int rc = links_make(&l, pairs, np, r->members.n);

	if (rc == ASSESS_OK)
		rc = amend_links(h, r, &l, w);
	links_free(&l);
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

/* What assess_pairs_write_as32 checks and writes into the summary:
 * ASSESS_OK, ASSESS_EINVAL or ASSESS_ENOMEM. */
static int pairs_summary(const assess_host *h, assess_node *summary,
                         const assess_roster *r, const assess_pair32 *pairs,
                         size_t npairs, const assess_pair_words *w)
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
			if (k + SDK_FETCH_AHEAD < npairs) {
				sdk_fetch_member(r, pairs[k + SDK_FETCH_AHEAD].seeker);
				if (pairs[k + SDK_FETCH_AHEAD].helper != ASSESS_NO_MATCH32)
					sdk_fetch_member(r, pairs[k + SDK_FETCH_AHEAD].helper);
			}
			if (k + SDK_FETCH_AHEAD / 2 < npairs) {
				sdk_fetch_id(r, pairs[k + SDK_FETCH_AHEAD / 2].seeker);
				if (pairs[k + SDK_FETCH_AHEAD / 2].helper != ASSESS_NO_MATCH32)
					sdk_fetch_id(r, pairs[k + SDK_FETCH_AHEAD / 2].helper);
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
	return ASSESS_OK;
}

int assess_pairs_write_as32(const assess_host *h, assess_node *summary,
                            const assess_roster *r,
                            const assess_pair32 *pairs, size_t npairs,
                            const assess_pair_words *w)
{
	int rc = pairs_summary(h, summary, r, pairs, npairs, w);

	return rc == ASSESS_OK ? amend_pairs(h, r, pairs, npairs, w) : rc;
}

int assess_pairs_write_given32(const assess_host *h, assess_node *summary,
                               const assess_roster *r, assess_pair32 *pairs,
                               size_t npairs, const assess_pair_words *w)
{
	struct links l = { NULL, NULL, NULL, NULL };
	int rc = pairs_summary(h, summary, r, pairs, npairs, w);

	if (rc == ASSESS_OK)
		rc = links_make(&l, pairs, npairs, r->members.n);
	/* the links say all the amendments need: the pairs are given back
	 * before the host's amendments grow */
	free(pairs);
	if (rc == ASSESS_OK)
		rc = amend_links(h, r, &l, w);
	links_free(&l);
	return rc;
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
