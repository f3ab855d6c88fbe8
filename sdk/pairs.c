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
	size_t far = i + SDK_FETCH_AHEAD, near = i + SDK_FETCH_AHEAD / 2;
	size_t end = st->first[n];

	if (!st->want)
		return;
	if (far < n && st->helper[far] != NO_HELPER)
		sdk_fetch_member(st->r, st->helper[far]);
	if (near < n && st->helper[near] != NO_HELPER)
		sdk_fetch_id(st->r, st->helper[near]);
	if (st->first[i] + SDK_FETCH_AHEAD < end)
		sdk_fetch_member(st->r, st->helped[st->first[i] + SDK_FETCH_AHEAD]);
	if (st->first[i] + SDK_FETCH_AHEAD / 2 < end)
		sdk_fetch_id(st->r, st->helped[st->first[i] + SDK_FETCH_AHEAD / 2]);
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
