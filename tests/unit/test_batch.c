/*
 * test_batch.c - unit tests of the SDK's batch helpers (batch.h) on the
 * mock host.  Matching with capacity is held against two oracles on
 * thousands of random small batches: a plain restatement of the
 * documented order (the outcome must be the same, pair for pair) and a
 * brute force over every feasible assignment (the number of matches, and
 * for group-first the number within a group, must be the most possible).
 * The cap is held against a restatement on random groups.  Also the two
 * traps of the older entry points, the record readers, the group counts
 * and the note labels of an INI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assess/scheme.h"
#include "mock_host.h"
#include "mock_abi12.h"

#define MAXN 12

/* A random batch: index i has a group and a score; indexes are spread
 * out so an index is never a position. */
struct world {
	const char *group[64];
	int score[64];
};

static const char *grp(size_t i, void *ctx)
{
	return ((struct world *)ctx)->group[i];
}

/* Seekers: the lowest score first, then the smaller index. */
static int low_first(size_t a, size_t b, void *ctx)
{
	const struct world *w = ctx;

	if (w->score[a] != w->score[b])
		return w->score[a] - w->score[b];
	return a < b ? -1 : a > b;
}

/* Helpers: the highest score first; equal scores keep the given order. */
static int high_first(size_t a, size_t b, void *ctx)
{
	const struct world *w = ctx;

	return w->score[b] - w->score[a];
}

static int same(const char *a, const char *b)
{
	return a && b && *a && strcmp(a, b) == 0;
}

/* The documented order, restated plainly: sort, then each seeker scans
 * the helpers best first. */
static void oracle_order(const struct world *w, const size_t *sk, size_t ns,
                         const size_t *hp, const unsigned *cap, size_t nh,
                         int mode, assess_pair *out)
{
	size_t s[MAXN], h[MAXN], i, j, k;
	unsigned left[MAXN];
	int hpos[MAXN];

	memcpy(s, sk, ns * sizeof *s);
	for (i = 0; i < nh; i++)
		hpos[i] = (int)i;
	/* insertion sorts, stable */
	for (i = 1; i < ns; i++)
		for (j = i; j > 0 && low_first(s[j], s[j - 1], (void *)w) < 0; j--) {
			size_t t = s[j];
			s[j] = s[j - 1];
			s[j - 1] = t;
		}
	for (i = 1; i < nh; i++)
		for (j = i; j > 0 && high_first(hp[hpos[j]], hp[hpos[j - 1]],
		                                 (void *)w) < 0; j--) {
			int t = hpos[j];
			hpos[j] = hpos[j - 1];
			hpos[j - 1] = t;
		}
	for (i = 0; i < nh; i++) {
		h[i] = hp[hpos[i]];
		left[i] = cap[hpos[i]];
	}
	for (k = 0; k < ns; k++) {
		out[k].seeker = s[k];
		out[k].helper = ASSESS_NO_MATCH;
		for (i = 0; i < nh; i++)
			if (left[i] && same(w->group[s[k]], w->group[h[i]])) {
				left[i]--;
				out[k].helper = h[i];
				break;
			}
		if (out[k].helper != ASSESS_NO_MATCH || mode != ASSESS_MATCH_IN_TURN)
			continue;
		for (i = 0; i < nh; i++)
			if (left[i]) {
				left[i]--;
				out[k].helper = h[i];
				break;
			}
	}
	for (k = 0; mode == ASSESS_MATCH_GROUP_FIRST && k < ns; k++) {
		if (out[k].helper != ASSESS_NO_MATCH)
			continue;
		for (i = 0; i < nh; i++)
			if (left[i]) {
				left[i]--;
				out[k].helper = h[i];
				break;
			}
	}
	for (k = 0; k < ns; k++)
		out[k].same_group = out[k].helper != ASSESS_NO_MATCH &&
		                    same(w->group[out[k].seeker],
		                         w->group[out[k].helper]);
}

/* Brute force: the most matches, and the most within a group among the
 * assignments with the most matches, over every assignment. */
static void brute(const struct world *w, const size_t *sk, size_t ns,
                  const size_t *hp, unsigned *left, size_t nh, size_t k,
                  int pairs, int within, int *best, int *best_within)
{
	size_t i;

	if (k == ns) {
		if (pairs > *best || (pairs == *best && within > *best_within)) {
			*best = pairs;
			*best_within = within;
		}
		return;
	}
	brute(w, sk, ns, hp, left, nh, k + 1, pairs, within, best, best_within);
	for (i = 0; i < nh; i++) {
		if (!left[i])
			continue;
		left[i]--;
		brute(w, sk, ns, hp, left, nh, k + 1, pairs + 1,
		      within + same(w->group[sk[k]], w->group[hp[i]]), best,
		      best_within);
		left[i]++;
	}
}

static void test_match_capacity_against_oracles(void **state)
{
	static const char *const groups[] = { NULL, "", "a", "b", "c" };
	unsigned seed = 20261207;
	int c, mode;

	(void)state;
	for (c = 0; c < 4000; c++) {
		struct world w;
		size_t sk[MAXN], hp[MAXN], ns, nh, i, nm;
		unsigned cap[MAXN], left[MAXN], total = 0;
		assess_pair got[MAXN], want[MAXN];
		assess_pair32 got32[MAXN];
		int best = -1, best_within = -1, within;
		size_t perm[64];

		memset(&w, 0, sizeof w);
		for (i = 0; i < 64; i++) {
			w.group[i] = groups[rand_r(&seed) % 5];
			w.score[i] = rand_r(&seed) % 4; /* many ties */
			perm[i] = i;
		}
		for (i = 63; i > 0; i--) { /* distinct indexes, shuffled */
			size_t j = (size_t)rand_r(&seed) % (i + 1), t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		ns = (size_t)rand_r(&seed) % 6;
		nh = (size_t)rand_r(&seed) % 5;
		for (i = 0; i < ns; i++)
			sk[i] = perm[i];
		for (i = 0; i < nh; i++) {
			hp[i] = perm[ns + i];
			cap[i] = (unsigned)rand_r(&seed) % 4;
			total += cap[i];
		}
		memcpy(left, cap, sizeof cap);
		brute(&w, sk, ns, hp, left, nh, 0, 0, 0, &best, &best_within);
		for (mode = ASSESS_MATCH_IN_TURN; mode <= ASSESS_MATCH_GROUP_FIRST;
		     mode++) {
			const assess_match_how how = { low_first, high_first, grp, &w,
			                               mode };
			assert_int_equal(assess_match_capacity(sk, ns, hp, cap, nh, &how,
			                                       got, &nm), ASSESS_OK);
			oracle_order(&w, sk, ns, hp, cap, nh, mode, want);
			within = 0;
			for (i = 0; i < ns; i++) {
				assert_int_equal(got[i].seeker, want[i].seeker);
				assert_int_equal(got[i].helper, want[i].helper);
				assert_int_equal(got[i].same_group, want[i].same_group);
				within += got[i].same_group;
			}
			assert_int_equal(nm, ns < total ? ns : total);
			assert_int_equal((int)nm, best);
			if (mode == ASSESS_MATCH_GROUP_FIRST)
				assert_int_equal(within, best_within);
			/* the packed pairs: the same matching */
			nm = 0;
			assert_int_equal(assess_match_capacity32(sk, ns, hp, cap, nh,
			                                         &how, got32, &nm),
			                 ASSESS_OK);
			assert_int_equal(nm, ns < total ? ns : total);
			for (i = 0; i < ns; i++) {
				assert_int_equal(got32[i].seeker, want[i].seeker);
				if (want[i].helper == ASSESS_NO_MATCH)
					assert_int_equal(got32[i].helper, ASSESS_NO_MATCH32);
				else
					assert_int_equal(got32[i].helper, want[i].helper);
			}
		}
	}
}

static void test_match_capacity_refuses_an_index_listed_twice(void **state)
{
	struct world w = { { "a", "a", "a", "a" }, { 0 } };
	const assess_match_how how = { NULL, NULL, grp, &w,
	                               ASSESS_MATCH_IN_TURN };
	const size_t sk[] = { 0, 1 }, twice[] = { 2, 2 }, mixed[] = { 1, 3 };
	const assess_match_how plain = { NULL, NULL, NULL, NULL,
	                                 ASSESS_MATCH_IN_TURN };
	const size_t far[] = { 0, 1 }, far_twice[] = { SIZE_MAX - 1,
		SIZE_MAX - 1 }, far_mixed[] = { 1, SIZE_MAX - 1 },
		far_ok[] = { 2, SIZE_MAX - 1 };
	const unsigned cap[] = { 1, 1 };
	assess_pair out[2];

	(void)state;
	assert_int_equal(assess_match_capacity(sk, 2, twice, cap, 2, &how, out,
	                                       NULL), ASSESS_EINVAL);
	assert_int_equal(assess_match_capacity(sk, 2, mixed, cap, 2, &how, out,
	                                       NULL), ASSESS_EINVAL);
	/* indexes far apart are told apart the same way (by a sort) */
	assert_int_equal(assess_match_capacity(far, 2, far_twice, cap, 2,
	                                       &plain, out, NULL), ASSESS_EINVAL);
	assert_int_equal(assess_match_capacity(far, 2, far_mixed, cap, 2,
	                                       &plain, out, NULL), ASSESS_EINVAL);
	assert_int_equal(assess_match_capacity(far, 2, far_ok, cap, 2, &plain,
	                                       out, NULL), ASSESS_OK);
	assert_int_equal(out[1].helper, SIZE_MAX - 1);
}

/* The packed pairs hold indexes below 2^32 - 1: a larger one is refused,
 * never cut to 32 bits; an index listed twice is refused there too. */
static void test_match_capacity32_refuses_what_does_not_fit(void **state)
{
	struct world w = { { "a", "a", "a", "a" }, { 0 } };
	const assess_match_how how = { NULL, NULL, NULL, &w,
	                               ASSESS_MATCH_IN_TURN };
	const size_t sk[] = { 0, 1 }, big[] = { 2, ASSESS_NO_MATCH32 };
	const size_t twice[] = { 2, 2 }, ok[] = { 2, 3 };
	const unsigned cap[] = { 1, 1 };
	assess_pair32 out[2];
	size_t nm;

	(void)state;
	assert_int_equal(assess_match_capacity32(sk, 2, big, cap, 2, &how, out,
	                                         NULL), ASSESS_EINVAL);
	assert_int_equal(assess_match_capacity32(big, 2, sk, cap, 2, &how, out,
	                                         NULL), ASSESS_EINVAL);
	assert_int_equal(assess_match_capacity32(sk, 2, twice, cap, 2, &how, out,
	                                         NULL), ASSESS_EINVAL);
	assert_int_equal(assess_match_capacity32(sk, 2, ok, cap, 2, &how, out,
	                                         &nm), ASSESS_OK);
	assert_int_equal(nm, 2);
	assert_int_equal(out[0].seeker, 0);
	assert_int_equal(out[0].helper, 2);
	assert_int_equal(out[1].seeker, 1);
	assert_int_equal(out[1].helper, 3);
}

/* The trap of issue 22: a helper listed twice (to help two) left
 * seekers unpaired although min(seekers, places) was promised. */
static void test_match_partner_listed_twice_is_two_places(void **state)
{
	struct world w = { { "u", "u", "u", "v", "u" }, { 0 } };
	const size_t seekers[] = { 0, 1, 2 }, partners[] = { 3, 3, 4 };
	size_t pick[3];

	(void)state;
	assert_int_equal(assess_match(seekers, 3, partners, 3, grp, &w, pick),
	                 ASSESS_OK);
	assert_int_equal(pick[0], 4); /* its own group first */
	assert_int_equal(pick[1], 3);
	assert_int_equal(pick[2], 3);
}

/* n members with results added to the roster r; handles into h. */
static void roster_fill(assess_roster *r, int n, const char *const *parent,
                        const int *score, const int *level, uint64_t *h,
                        assess_record **rec, assess_result **res)
{
	char json[128], id[16];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "m-%02d", i);
		snprintf(json, sizeof json, "{\"id\":\"%s\"}", id);
		rec[i] = mock_record_new(json);
		res[i] = mock_result_new(rec[i]);
		h[i] = mock_result_handle(res[i]);
		assert_int_equal(assess_roster_add(r, id, parent ? parent[i] : NULL,
		                                   score[i], level[i], 0), ASSESS_OK);
		snprintf(json, sizeof json, "name %d", i);
		assert_int_equal(assess_roster_set_result(r, h[i], json), ASSESS_OK);
	}
}

/* A roster of n members with results; handles into h. */
static void roster_of(assess_roster *r, int n, const char *const *parent,
                      const int *score, const int *level, uint64_t *h,
                      assess_record **rec, assess_result **res)
{
	assess_roster_init(r);
	roster_fill(r, n, parent, score, level, h, rec, res);
}

static void roster_done(assess_roster *r, int n, assess_record **rec,
                        assess_result **res)
{
	int i;

	for (i = 0; i < n; i++) {
		mock_result_free(res[i]);
		mock_record_free(rec[i]);
	}
	assess_roster_free(r);
	mock_abi12_reset();
}

/* A roster of n members of which only the first 300 and those from
 * 65,500 to 65,600 have results (handles into h, 0 for none). */
static void roster_sparse(assess_roster *r, int n, uint64_t *h,
                          assess_record **rec, assess_result **res)
{
	char json[128], id[16];
	int i;

	assess_roster_init(r);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "m-%02d", i);
		assert_int_equal(assess_roster_add(r, id, NULL, 0, 0, 0), ASSESS_OK);
		if (i >= 300 && (i < 65500 || i >= 65600))
			continue;
		snprintf(json, sizeof json, "{\"id\":\"%s\"}", id);
		rec[i] = mock_record_new(json);
		res[i] = mock_result_new(rec[i]);
		h[i] = mock_result_handle(res[i]);
		snprintf(json, sizeof json, "name %d", i);
		assert_int_equal(assess_roster_set_result(r, h[i], json), ASSESS_OK);
	}
}

/* Member i's amendments are those of the pairs: "pairing" names the
 * helper of its last pair as a seeker, "helping" every seeker it helps
 * in pair order.  Rosters past 65,536 members (the helpers' blocks are
 * laid out by a sort in two passes of 16 bits), helpers of many, and
 * pairs a scheme may hand over although no matching makes them: a
 * member both helped and helping, helped twice, helping itself. */
static void test_pairs_amend_as_the_pairs_say(void **state)
{
	static const int sizes[] = { 70000, 40, 40, 40, 9 };
	unsigned seed = 424242;
	size_t c;

	(void)state;
	for (c = 0; c < sizeof sizes / sizeof *sizes; c++) {
		int n = sizes[c], i;
		size_t np = c ? (size_t)n / 2 : 300, k, j;
		int *score = calloc((size_t)n, sizeof *score);
		int *level = calloc((size_t)n, sizeof *level);
		uint64_t *h = calloc((size_t)n, sizeof *h);
		assess_record **rec = calloc((size_t)n, sizeof *rec);
		assess_result **res = calloc((size_t)n, sizeof *res);
		size_t *seek = calloc(np, sizeof *seek), *pick = calloc(np,
		                                                        sizeof *pick);
		size_t *last = calloc((size_t)n, sizeof *last);
		size_t *head = calloc((size_t)n, sizeof *head);
		size_t *tail = calloc((size_t)n, sizeof *tail);
		size_t *next = calloc(np, sizeof *next);
		assess_roster r;
		char want[32];

		assert_non_null(score && level && h && rec && res && seek && pick &&
		                last && head && tail && next);
		if (c)
			roster_of(&r, n, NULL, score, level, h, rec, res);
		else
			roster_sparse(&r, n, h, rec, res);
		for (k = 0; k < np; k++) {
			if (c == 0) { /* seekers below, helpers of many at 65,536 */
				seek[k] = k;
				pick[k] = rand_r(&seed) % 5 == 0 ? ASSESS_NO_MATCH
				          : 65516 + (size_t)rand_r(&seed) % 40;
			} else { /* anyone, anything */
				seek[k] = (size_t)rand_r(&seed) % (size_t)n;
				pick[k] = rand_r(&seed) % 6 == 0 ? ASSESS_NO_MATCH
				          : (size_t)rand_r(&seed) % (size_t)n;
			}
		}
		mock_amend_open(1);
		assert_int_equal(assess_pairs_amend(&mock_host, &r, seek, np, pick),
		                 ASSESS_OK);
		mock_amend_open(0);
		/* what each member was told, pair by pair: its last helper, and
		 * the pairs it helps, linked in pair order */
		for (i = 0; i < n; i++)
			last[i] = head[i] = tail[i] = ASSESS_NO_MATCH;
		for (k = 0; k < np; k++) {
			next[k] = ASSESS_NO_MATCH;
			if (pick[k] == ASSESS_NO_MATCH)
				continue;
			last[seek[k]] = pick[k];
			if (head[pick[k]] == ASSESS_NO_MATCH)
				head[pick[k]] = k;
			else
				next[tail[pick[k]]] = k;
			tail[pick[k]] = k;
		}
		for (i = 0; i < n; i++) {
			const cJSON *a, *helping, *x;
			size_t nh = 0;
			if (!h[i])
				continue; /* no result: none amended */
			a = mock_amended(h[i]);
			x = a ? mock_get(a, "pairing.helper") : NULL;
			if (last[i] == ASSESS_NO_MATCH) {
				assert_null(x);
			} else {
				snprintf(want, sizeof want, "m-%02zu", last[i]);
				assert_non_null(x);
				assert_string_equal(x->valuestring, want);
				snprintf(want, sizeof want, "name %zu", last[i]);
				assert_string_equal(mock_get(a, "pairing.helper_name")
				                    ->valuestring, want);
			}
			helping = a ? mock_get(a, "helping") : NULL;
			for (k = head[i], j = 0; k != ASSESS_NO_MATCH; k = next[k]) {
				assert_non_null(helping);
				x = cJSON_GetArrayItem(helping, (int)j++);
				assert_non_null(x);
				snprintf(want, sizeof want, "m-%02zu", seek[k]);
				assert_string_equal(mock_get(x, "id")->valuestring, want);
				nh++;
			}
			if (helping)
				assert_int_equal(cJSON_GetArraySize(helping), (int)nh);
			else
				assert_int_equal(nh, 0);
		}
		roster_done(&r, n, rec, res);
		free(score);
		free(level);
		free(h);
		free(rec);
		free(res);
		free(seek);
		free(pick);
		free(last);
		free(head);
		free(tail);
		free(next);
	}
}

/* The other trap: a helper with two pairs had its helping list written
 * twice, the second replacing the first. */
static void test_pairs_amend_one_helping_list_per_helper(void **state)
{
	static const int score[] = { 90, 50, 40 }, level[] = { 4, 1, 1 };
	assess_roster r;
	assess_record *rec[3];
	assess_result *res[3];
	uint64_t h[3];
	const size_t seekers[] = { 1, 2 }, pick[] = { 0, 0 };
	const cJSON *helping;

	(void)state;
	roster_of(&r, 3, NULL, score, level, h, rec, res);
	mock_amend_open(1);
	assert_int_equal(assess_pairs_amend(&mock_host, &r, seekers, 2, pick),
	                 ASSESS_OK);
	mock_amend_open(0);
	helping = mock_get(mock_amended(h[0]), "helping");
	assert_int_equal(cJSON_GetArraySize(helping), 2);
	assert_string_equal(mock_get(helping, "[0].id")->valuestring, "m-01");
	assert_string_equal(mock_get(helping, "[1].id")->valuestring, "m-02");
	assert_string_equal(mock_get(mock_amended(h[2]),
	                             "pairing.helper")->valuestring, "m-00");
	roster_done(&r, 3, rec, res);
}

/* assess_pairs_write: a helper of capacity 2 names both whom it helps in
 * one list, the summary lists pairs and unpaired in seeker order. */
static void test_pairs_write_summary_and_results(void **state)
{
	static const char *const parent[] = { "p", "p", "p", "q", "q" };
	static const int score[] = { 95, 30, 20, 10, 96 };
	static const int level[] = { 2, 0, 0, 0, 2 };
	assess_roster r;
	assess_record *rec[5];
	assess_result *res[5];
	uint64_t h[5];
	const size_t seekers[] = { 1, 2, 3 }, helpers[] = { 0, 4 };
	const unsigned cap[] = { 2, 0 };
	const assess_match_how how = { assess_roster_weakest_first,
		assess_roster_strongest_first, assess_roster_parent, NULL,
		ASSESS_MATCH_IN_TURN };
	assess_match_how hw = how;
	assess_pair out[3];
	assess_node *sum = mock_node_new();
	const cJSON *s;
	size_t nm;

	(void)state;
	roster_of(&r, 5, parent, score, level, h, rec, res);
	hw.ctx = &r;
	assert_int_equal(assess_match_capacity(seekers, 3, helpers, cap, 2, &hw,
	                                       out, &nm), ASSESS_OK);
	assert_int_equal(nm, 2); /* 3 seekers, capacity 2 + 0 */
	mock_amend_open(1);
	assert_int_equal(assess_pairs_write(&mock_host, sum, &r, out, 3),
	                 ASSESS_OK);
	mock_amend_open(0);
	s = mock_node_json(sum);
	/* weakest first: m-03 (q) takes m-00 across groups, as q's helper
	 * has no capacity; then m-02 takes m-00; m-01 is left */
	assert_string_equal(mock_get(s, "pairs[0].helped")->valuestring, "m-03");
	assert_true(cJSON_IsFalse(mock_get(s, "pairs[0].same_parent")));
	assert_string_equal(mock_get(s, "pairs[1].helped")->valuestring, "m-02");
	assert_true(cJSON_IsTrue(mock_get(s, "pairs[1].same_parent")));
	assert_string_equal(mock_get(s, "unpaired[0]")->valuestring, "m-01");
	assert_int_equal(cJSON_GetArraySize(mock_get(mock_amended(h[0]),
	                                             "helping")), 2);
	assert_string_equal(mock_get(mock_amended(h[0]),
	                             "helping[1].name")->valuestring, "name 2");
	assert_null(mock_amended(h[1]));
	mock_node_free(sum);
	roster_done(&r, 5, rec, res);
}

/* assess_pairs_write_as: the same pairs under a scheme's own words, a
 * NULL word leaving its member out. */
static void test_pairs_written_in_the_scheme_s_own_words(void **state)
{
	static const char *const parent[] = { "p", "p", "p", "q", "q" };
	static const int score[] = { 95, 30, 20, 10, 96 };
	static const int level[] = { 2, 0, 0, 0, 2 };
	static const assess_pair_words words = {
		"matches", "mentor", "mentee", NULL, "alone",
		"mentored_by", "id", NULL, "mentees", "id", "name"
	};
	assess_roster r;
	assess_record *rec[5];
	assess_result *res[5];
	uint64_t h[5];
	const size_t seekers[] = { 1, 2, 3 }, helpers[] = { 0, 4 };
	const unsigned cap[] = { 2, 0 };
	assess_match_how how = { assess_roster_weakest_first,
		assess_roster_strongest_first, assess_roster_parent, NULL,
		ASSESS_MATCH_IN_TURN };
	assess_pair out[3];
	assess_node *sum = mock_node_new();
	const cJSON *s, *a;

	(void)state;
	roster_of(&r, 5, parent, score, level, h, rec, res);
	how.ctx = &r;
	assert_int_equal(assess_match_capacity(seekers, 3, helpers, cap, 2, &how,
	                                       out, NULL), ASSESS_OK);
	mock_amend_open(1);
	assert_int_equal(assess_pairs_write_as(&mock_host, sum, &r, out, 3,
	                                       NULL), ASSESS_EINVAL);
	assert_int_equal(assess_pairs_write_as(&mock_host, sum, &r, out, 3,
	                                       &words), ASSESS_OK);
	mock_amend_open(0);
	s = mock_node_json(sum);
	assert_null(mock_get(s, "pairs"));
	assert_string_equal(mock_get(s, "matches[0].mentor")->valuestring,
	                    "m-00");
	assert_string_equal(mock_get(s, "matches[0].mentee")->valuestring,
	                    "m-03");
	assert_null(mock_get(s, "matches[0].same_parent"));
	assert_string_equal(mock_get(s, "alone[0]")->valuestring, "m-01");
	a = mock_amended(h[3]);
	assert_null(mock_get(a, "pairing"));
	assert_string_equal(mock_get(a, "mentored_by.id")->valuestring, "m-00");
	assert_int_equal(cJSON_GetArraySize(mock_get(a, "mentored_by")), 1);
	a = mock_amended(h[0]);
	assert_null(mock_get(a, "helping"));
	assert_string_equal(mock_get(a, "mentees[1].id")->valuestring, "m-02");
	assert_string_equal(mock_get(a, "mentees[1].name")->valuestring,
	                    "name 2");
	mock_node_free(sum);
	roster_done(&r, 5, rec, res);
}

/* The summary and the amended results of pairs written by
 * assess_pairs_write_as (packed: assess_pairs_write_as32), as text. */
static char *pairs_written(int packed, const assess_pair_words *words)
{
	static const char *const parent[] = { "p", "p", "p", "q", "q", "r" };
	static const int score[] = { 95, 30, 20, 10, 96, 15 };
	static const int level[] = { 2, 0, 0, 0, 2, 0 };
	assess_roster r;
	assess_record *rec[6];
	assess_result *res[6];
	uint64_t h[6];
	const size_t seekers[] = { 1, 2, 3, 5 }, helpers[] = { 0, 4 };
	const unsigned cap[] = { 2, 2 };
	assess_match_how how = { assess_roster_weakest_first,
		assess_roster_strongest_first, assess_roster_parent, NULL,
		ASSESS_MATCH_GROUP_FIRST };
	assess_pair out[4];
	assess_pair32 out32[4];
	assess_node *sum = mock_node_new();
	cJSON *all = cJSON_CreateArray();
	char *text;
	int i;

	roster_of(&r, 6, parent, score, level, h, rec, res);
	how.ctx = &r;
	mock_amend_open(1);
	if (packed) {
		assert_int_equal(assess_match_capacity32(seekers, 4, helpers, cap, 2,
		                                         &how, out32, NULL),
		                 ASSESS_OK);
		if (packed == 2) { /* the pairs given over, freed there */
			assess_pair32 *given = malloc(sizeof out32);
			assert_non_null(given);
			memcpy(given, out32, sizeof out32);
			assert_int_equal(assess_pairs_write_given32(&mock_host, sum, &r,
			                 given, 4, words), ASSESS_OK);
		} else {
			assert_int_equal(assess_pairs_write_as32(&mock_host, sum, &r,
			                 out32, 4, words), ASSESS_OK);
		}
	} else {
		assert_int_equal(assess_match_capacity(seekers, 4, helpers, cap, 2,
		                                       &how, out, NULL), ASSESS_OK);
		assert_int_equal(assess_pairs_write_as(&mock_host, sum, &r, out, 4,
		                                       words), ASSESS_OK);
	}
	mock_amend_open(0);
	cJSON_AddItemToArray(all, cJSON_Duplicate(mock_node_json(sum), 1));
	for (i = 0; i < 6; i++)
		cJSON_AddItemToArray(all, mock_amended(h[i])
		                     ? cJSON_Duplicate(mock_amended(h[i]), 1)
		                     : cJSON_CreateNull());
	text = cJSON_PrintUnformatted(all);
	cJSON_Delete(all);
	mock_node_free(sum);
	roster_done(&r, 6, rec, res);
	return text;
}

/* Pairs handed over packed write what the 24-byte ones write, summary
 * and results alike, in a scheme's words and with words left out; a
 * packed index outside the roster is refused. */
static void test_pairs_written_packed_are_the_same(void **state)
{
	static const assess_pair_words words = {
		"matches", "mentor", "mentee", "same_unit", "alone",
		"mentored_by", "id", "name", "mentees", "id", "name"
	};
	static const assess_pair_words some = {
		"matches", NULL, "mentee", NULL, "alone",
		NULL, "id", NULL, "mentees", "id", NULL
	};
	static const int score[] = { 50, 40 }, level[] = { 1, 1 };
	const assess_pair32 outside[] = { { 0, 2 } };
	assess_pair32 *given;
	assess_roster r;
	assess_record *rec[2];
	assess_result *res[2];
	uint64_t h[2];
	char *a, *b;

	(void)state;
	a = pairs_written(0, &words);
	b = pairs_written(1, &words);
	/* m-05 (r, no helper of its own) took q's m-04 across parents */
	assert_non_null(strstr(a, "{\"mentor\":\"m-04\",\"mentee\":\"m-05\","
	                          "\"same_unit\":false}"));
	assert_non_null(strstr(a, "\"mentees\":[{\"id\":\"m-02\""));
	assert_string_equal(a, b);
	free(b);
	b = pairs_written(2, &words);
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = pairs_written(0, &some);
	b = pairs_written(1, &some);
	assert_string_equal(a, b);
	free(b);
	b = pairs_written(2, &some);
	assert_string_equal(a, b);
	free(a);
	free(b);
	roster_of(&r, 2, NULL, score, level, h, rec, res);
	assert_int_equal(assess_pairs_write_as32(&mock_host, NULL, &r, outside,
	                                         1, &words), ASSESS_EINVAL);
	assert_int_equal(assess_pairs_write_as32(&mock_host, NULL, &r, outside,
	                                         1, NULL), ASSESS_EINVAL);
	/* given over and refused: freed all the same (ASan and valgrind
	 * would see a leak) */
	given = malloc(sizeof outside);
	assert_non_null(given);
	memcpy(given, outside, sizeof outside);
	assert_int_equal(assess_pairs_write_given32(&mock_host, NULL, &r, given,
	                                            1, &words), ASSESS_EINVAL);
	roster_done(&r, 2, rec, res);
}

/* The names of a roster kept in a temporary file come back whole, in
 * any order, whatever their length (empty, none, longer than what is
 * held before a write), with the ids and parents where they were; and
 * they can be spilled only before a member is added. */
static void test_roster_spilled_names_read_back(void **state)
{
	enum { N = 5000 };
	static char big[100000];
	char id[16], name[96];
	assess_roster r;
	const char *got;
	int i, k;

	(void)state;
	memset(big, 'x', sizeof big - 1);
	assess_roster_init(&r);
	assert_int_equal(assess_roster_spill_names(&r, &mock_host), ASSESS_OK);
	for (i = 0; i < N; i++) {
		snprintf(id, sizeof id, "b-%05d", i);
		snprintf(name, sizeof name, "第%d钻井队党支部%.*s", i, i % 40,
		         "0123456789012345678901234567890123456789");
		assert_int_equal(assess_roster_add(&r, id, i % 3 ? "unit" : NULL,
		                                   i, i % 5, 0), ASSESS_OK);
		assert_int_equal(assess_roster_set_result(&r, (uint64_t)i + 1,
		                 i == 7 ? big : i % 11 == 0 ? (i % 2 ? "" : NULL)
		                 : name), ASSESS_OK);
	}
	assert_int_equal(assess_roster_set_result(&r, 9, "again"), ASSESS_EINVAL);
	for (k = 0; k < N; k++) {
		i = (int)((k * 7919L) % N); /* every member, out of order */
		snprintf(id, sizeof id, "b-%05d", i);
		snprintf(name, sizeof name, "第%d钻井队党支部%.*s", i, i % 40,
		         "0123456789012345678901234567890123456789");
		got = assess_roster_name((size_t)i, &r);
		if (i == 7)
			assert_string_equal(got, big);
		else if (i % 11 == 0)
			assert_null(got);
		else
			assert_string_equal(got, name);
		assert_string_equal(assess_roster_id((size_t)i, &r), id);
		if (i % 3)
			assert_string_equal(assess_roster_parent((size_t)i, &r), "unit");
		else
			assert_null(assess_roster_parent((size_t)i, &r));
		assert_int_equal(assess_roster_get(&r, (size_t)i)->handle, i + 1);
	}
	assert_int_equal(assess_roster_names_status(&r), ASSESS_OK);
	assess_roster_free(&r);
	assess_roster_init(&r);
	assert_int_equal(assess_roster_add(&r, "a", NULL, 1, 1, 0), ASSESS_OK);
	assert_int_equal(assess_roster_spill_names(&r, &mock_host),
	                 ASSESS_EINVAL);
	assert_null(assess_roster_name(0, &r));
	assess_roster_free(&r);
}

/* With the names spilled, the pairs name each member in its result as
 * they did with the names held. */
static void test_pairs_write_with_spilled_names(void **state)
{
	static const int score[] = { 95, 30, 20, 10, 96 };
	static const int level[] = { 2, 0, 0, 0, 2 };
	assess_roster r;
	assess_record *rec[5];
	assess_result *res[5];
	uint64_t h[5];
	const assess_pair pairs[] = { { 3, 0, 0 }, { 2, 0, 0 }, { 1, 4, 0 } };

	(void)state;
	assess_roster_init(&r);
	assert_int_equal(assess_roster_spill_names(&r, &mock_host), ASSESS_OK);
	roster_fill(&r, 5, NULL, score, level, h, rec, res);
	mock_amend_open(1);
	assert_int_equal(assess_pairs_write(&mock_host, NULL, &r, pairs, 3),
	                 ASSESS_OK);
	mock_amend_open(0);
	assert_string_equal(mock_get(mock_amended(h[0]),
	                             "helping[0].name")->valuestring, "name 3");
	assert_string_equal(mock_get(mock_amended(h[0]),
	                             "helping[1].name")->valuestring, "name 2");
	assert_string_equal(mock_get(mock_amended(h[1]),
	                             "pairing.helper_name")->valuestring, "name 4");
	assert_string_equal(mock_get(mock_amended(h[1]),
	                             "pairing.helper")->valuestring, "m-04");
	assert_int_equal(assess_roster_names_status(&r), ASSESS_OK);
	roster_done(&r, 5, rec, res);
}

/* What a host was asked to amend, as text: each amendment and every
 * object, array and string put into it, in the order asked. */
static struct { char *s; size_t n, cap; } amend_log;
static char log_node; /* every node the logging host gives */

static void log_add(const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;

	if (amend_log.n + la + lb + 2 > amend_log.cap) {
		amend_log.cap = 2 * (amend_log.n + la + lb + 2);
		amend_log.s = realloc(amend_log.s, amend_log.cap);
		assert_non_null(amend_log.s);
	}
	memcpy(amend_log.s + amend_log.n, a, la);
	if (b)
		memcpy(amend_log.s + amend_log.n + la, b, lb);
	amend_log.n += la + lb;
	amend_log.s[amend_log.n++] = '\n';
	amend_log.s[amend_log.n] = '\0';
}

static assess_node *log_amend(uint64_t handle)
{
	char key[32];

	snprintf(key, sizeof key, "amend %llu", (unsigned long long)handle);
	log_add(key, NULL);
	return (assess_node *)&log_node;
}

static assess_node *log_object(assess_node *n, const char *key)
{
	(void)n;
	log_add("object ", key ? key : "-");
	return (assess_node *)&log_node;
}

static assess_node *log_array(assess_node *n, const char *key)
{
	(void)n;
	log_add("array ", key ? key : "-");
	return (assess_node *)&log_node;
}

static int log_string(assess_node *n, const char *key, const char *v)
{
	(void)n;
	log_add(key, NULL);
	log_add("= ", v);
	return ASSESS_OK;
}

/* The amendments of pairs over a roster of n members whose names are
 * held (spill 0) or in the temporary file (1), as the host was asked
 * for them; the caller frees it. */
static char *amends_logged(int spill, const assess_pair32 *pairs, size_t np,
                           size_t n, const assess_pair_words *w)
{
	static char big[70000];
	assess_host h = mock_host;
	assess_roster r;
	char id[24], name[400];
	size_t i;
	char *out;

	h.amend = log_amend;
	h.put_object = log_object;
	h.put_array = log_array;
	h.put_string = log_string;
	memset(big, 'y', sizeof big - 1);
	assess_roster_init(&r);
	if (spill)
		assert_int_equal(assess_roster_spill_names(&r, &h), ASSESS_OK);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "m-%06zu", i);
		/* lengths from none to longer than a read of the file */
		snprintf(name, sizeof name, "第%zu队%.*s", i,
		         i % 7 == 6 ? 300 : (int)(i % 5 * 10), big);
		assert_int_equal(assess_roster_add(&r, id, "p", 1, 1, 0), ASSESS_OK);
		assert_int_equal(assess_roster_set_result(&r, i + 1,
		                 i % 9973 == 5 ? big : i % 13 == 0 ? NULL : name),
		                 ASSESS_OK);
	}
	amend_log.n = 0;
	log_add("", NULL);
	assert_int_equal(assess_pairs_write_as32(&h, NULL, &r, pairs, np, w),
	                 ASSESS_OK);
	assert_int_equal(assess_roster_names_status(&r), ASSESS_OK);
	assess_roster_free(&r);
	out = strdup(amend_log.s);
	assert_non_null(out);
	return out;
}

/* The roster's orders, as a scheme of its own would call them. */
static int weak_called(size_t a, size_t b, void *r)
{
	return assess_roster_weakest_first(a, b, r);
}

static int strong_called(size_t a, size_t b, void *r)
{
	return assess_roster_strongest_first(a, b, r);
}

static const char *parent_called(size_t i, void *r)
{
	return assess_roster_parent(i, r);
}

/* Matching by the roster's own orders and parents (the orders packed
 * into one number a member, the parents told apart by their place in
 * the roster) pairs as the same called one at a time: scores equal in
 * decimal terms (90, 90.0000001, 89.9999996), negative ones, equal
 * scores with the ids out of order, every level, parents "" and none;
 * and the rosters it cannot pack (a score past 1e12, levels and scores
 * too far apart) the same way. */
static void test_match_by_roster_orders_as_called(void **state)
{
	enum { N = 3000 };
	static const double scores[] = { 90, 90.0000001, 89.9999996, 90.000001,
		-3.5, -3.4999999, 0, 77.25, 77.250001, 12 };
	static const char *const parents[] = { "p", "q", "", NULL, "r" };
	const assess_match_how fast = { assess_roster_weakest_first,
		assess_roster_strongest_first, assess_roster_parent, NULL,
		ASSESS_MATCH_GROUP_FIRST };
	const assess_match_how slow = { weak_called, strong_called,
		parent_called, NULL, ASSESS_MATCH_GROUP_FIRST };
	static size_t seek[N], help[N];
	static unsigned cap[N];
	static assess_pair32 a[N], b[N];
	assess_match_how f, sl;
	unsigned x = 7;
	int round, mode;

	(void)state;
	for (round = 0; round < 3; round++)
		for (mode = 0; mode < 2; mode++) {
			assess_roster r;
			size_t i, ns = 0, nh = 0;
			char id[16];
			assess_roster_init(&r);
			for (i = 0; i < N; i++) {
				double score;
				int level;
				x = x * 1103515245u + 12345u;
				snprintf(id, sizeof id, "m%05u", (x >> 4) % 90000);
				score = scores[(x >> 8) % 10];
				level = (int)((x >> 12) % 4);
				if (round == 1 && i == 17)
					score = 2e12; /* not by millionths */
				if (round == 2 && i == 17)
					level = -2000000000; /* too far apart to pack */
				if (round == 2 && i == 18)
					score = 9e11;
				assert_int_equal(assess_roster_add(&r, id,
				                 parents[(x >> 16) % 5], score, level, 0),
				                 ASSESS_OK);
				if (i % 2)
					seek[ns++] = i;
				else {
					cap[nh] = (x >> 20) % 3;
					help[nh++] = i;
				}
			}
			f = fast;
			sl = slow;
			f.ctx = sl.ctx = &r;
			f.mode = sl.mode = mode;
			assert_int_equal(assess_match_capacity32(seek, ns, help, cap, nh,
			                 &f, a, NULL), ASSESS_OK);
			assert_int_equal(assess_match_capacity32(seek, ns, help, cap, nh,
			                 &sl, b, NULL), ASSESS_OK);
			assert_memory_equal(a, b, ns * sizeof *a);
			assess_roster_free(&r);
		}
}

/* Indexes listed in 32 bits, each helper taking one seeker, pair as
 * assess_match_capacity32 with a capacity of 1 each: small worlds with
 * many ties and groups (none, "", a few), and rosters matched by their
 * own orders and parents (the packed sort and the parents told apart by
 * address); and what it refuses, it refuses the same. */
static void test_match_one32_is_capacity_one(void **state)
{
	enum { N = 4000 };
	static const char *const groups[] = { NULL, "", "a", "b", "c" };
	static const char *const parents[] = { "p", "q", "", NULL, "r", "s" };
	static size_t sz[N], hz[N];
	static uint32_t s32[N], h32[N];
	static unsigned ones[N];
	static assess_pair32 a[N], b[N];
	const uint32_t twice[] = { 2, 2 }, big[] = { 2, ASSESS_NO_MATCH32 };
	const uint32_t two[] = { 0, 1 };
	unsigned seed = 20261208;
	size_t i, na, nb;
	int c, mode;

	(void)state;
	for (i = 0; i < N; i++)
		ones[i] = 1;
	for (c = 0; c < 2000; c++) {
		struct world w;
		size_t perm[64], ns, nh;
		memset(&w, 0, sizeof w);
		for (i = 0; i < 64; i++) {
			w.group[i] = groups[rand_r(&seed) % 5];
			w.score[i] = rand_r(&seed) % 4;
			perm[i] = i;
		}
		for (i = 63; i > 0; i--) {
			size_t j = (size_t)rand_r(&seed) % (i + 1), t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		ns = (size_t)rand_r(&seed) % 30;
		nh = (size_t)rand_r(&seed) % 30;
		for (i = 0; i < ns + nh; i++) {
			if (i < ns)
				s32[i] = (uint32_t)(sz[i] = perm[i]);
			else
				h32[i - ns] = (uint32_t)(hz[i - ns] = perm[i]);
		}
		for (mode = 0; mode < 2; mode++) {
			const assess_match_how how = { low_first, high_first, grp, &w,
			                               mode };
			assert_int_equal(assess_match_capacity32(sz, ns, hz, ones, nh,
			                 &how, a, &na), ASSESS_OK);
			assert_int_equal(assess_match_one32(s32, ns, h32, nh, &how, b,
			                 &nb), ASSESS_OK);
			assert_int_equal(na, nb);
			assert_memory_equal(a, b, ns * sizeof *a);
		}
	}
	for (c = 0; c < 4; c++) {
		assess_roster r;
		const assess_match_how how = { assess_roster_weakest_first,
			assess_roster_strongest_first, assess_roster_parent, &r,
			c % 2 };
		size_t ns = 0, nh = 0;
		char id[16];
		assess_roster_init(&r);
		for (i = 0; i < N; i++) {
			unsigned x = (unsigned)rand_r(&seed);
			snprintf(id, sizeof id, "m%05u", x % 90000);
			assert_int_equal(assess_roster_add(&r, id, parents[x / 7 % 6],
			                 (double)(x / 11 % 40) / 4, (int)(x / 13 % 6), 0),
			                 ASSESS_OK);
			if (x / 17 % (c < 2 ? 2 : 3)) { /* as many, or fewer helpers */
				sz[ns] = i;
				s32[ns++] = (uint32_t)i;
			} else {
				hz[nh] = i;
				h32[nh++] = (uint32_t)i;
			}
		}
		assert_int_equal(assess_match_capacity32(sz, ns, hz, ones, nh, &how,
		                 a, &na), ASSESS_OK);
		assert_int_equal(assess_match_one32(s32, ns, h32, nh, &how, b, &nb),
		                 ASSESS_OK);
		assert_int_equal(na, nb);
		assert_memory_equal(a, b, ns * sizeof *a);
		assess_roster_free(&r);
	}
	{
		const assess_match_how plain = { NULL, NULL, NULL, NULL,
		                                 ASSESS_MATCH_IN_TURN };
		assert_int_equal(assess_match_one32(two, 2, twice, 2, &plain, a,
		                 NULL), ASSESS_EINVAL);
		assert_int_equal(assess_match_one32(two, 2, two, 2, &plain, a,
		                 NULL), ASSESS_EINVAL);
		assert_int_equal(assess_match_one32(two, 2, big, 2, &plain, a,
		                 NULL), ASSESS_EINVAL);
		assert_int_equal(assess_match_one32(NULL, 2, big, 0, &plain, a,
		                 NULL), ASSESS_EINVAL);
	}
}

/* With the names spilled, a batch's pairs are amended with the names, in
 * the order and words of the names held, byte for byte: over many
 * thousands of names (read back a stretch at a time in the file's
 * order), names up to longer than one read of the file, members without
 * names, the names still in memory at the file's end, and a helper of
 * more seekers than a stretch holds names. */
static void test_pairs_spilled_names_read_in_stretches(void **state)
{
	enum { N = 120000 };
	static const assess_pair_words sb9_like = {
		"pairs", "helper", "helped", "same_parent", "unpaired",
		"pairing", "helper", "helper_name", "helping", "id", "name"
	};
	static const assess_pair_words some = {
		"matches", NULL, "mentee", NULL, "alone",
		"mentored_by", "id", NULL, "mentees", "id", "name"
	};
	assess_pair32 *pairs = malloc(N / 2 * sizeof *pairs);
	unsigned x = 24;
	size_t k, np = 0;
	char *a, *b;

	(void)state;
	assert_non_null(pairs);
	for (k = 1; k < N; k += 2) { /* odd members seek, even ones help */
		x = x * 1103515245u + 12345u;
		pairs[np].seeker = (uint32_t)k;
		/* 40,000 seekers for member 0, the others' helpers anywhere in
		 * the file, or none */
		pairs[np].helper = np < 40000 ? 0 : x % 5 == 0 ? ASSESS_NO_MATCH32
		                   : 2 + (uint32_t)(x >> 8) % (N / 2 - 1) * 2;
		np++;
	}
	a = amends_logged(0, pairs, np, N, &sb9_like);
	b = amends_logged(1, pairs, np, N, &sb9_like);
	assert_non_null(strstr(a, "\nhelper_name\n= 第"));
	assert_non_null(strstr(a, "\nname\n= 第"));
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = amends_logged(0, pairs, np, N, &some);
	b = amends_logged(1, pairs, np, N, &some);
	assert_string_equal(a, b);
	free(a);
	free(b);
	free(pairs);
	free(amend_log.s);
	memset(&amend_log, 0, sizeof amend_log);
}

static const char *group_of(const char *parent)
{
	return parent ? parent : "";
}

/* The cap's verdicts restated: within each parent (no parent and "" one
 * group) at most floor(pct% of its members) at level 2 keep it, the
 * highest scores first, then the earlier; the others go to level 1.  The
 * level each of the n members should end at, in want. */
static void cap_oracle(int n, const char *const *parent, const int *score,
                       const int *level, int pct, int *want)
{
	int i, j;

	for (i = 0; i < n; i++) {
		int members = 0, better = 0;
		want[i] = level[i];
		if (level[i] != 2)
			continue;
		for (j = 0; j < n; j++) {
			if (strcmp(group_of(parent[j]), group_of(parent[i])) != 0)
				continue;
			members++;
			if (level[j] == 2 && (score[j] > score[i] ||
			                      (score[j] == score[i] && j < i)))
				better++;
		}
		if (better >= pct * members / 100)
			want[i] = 1;
	}
}

/* The cap per parent against a restatement on random groups: within each
 * parent at most floor(share * members) keep the level, the highest
 * scores first, then the smaller id. */
static void test_cap_per_parent_against_oracle(void **state)
{
	static const char *const parents[] = { "p1", "p2", "p3" };
	static const char *const names[] = { "C", "B", "A" };
	unsigned seed = 7;
	int c;

	(void)state;
	for (c = 0; c < 300; c++) {
		const char *parent[MAXN];
		int score[MAXN], level[MAXN], want[MAXN], n, i, pct;
		assess_roster r;
		assess_record *rec[MAXN];
		assess_result *res[MAXN];
		uint64_t h[MAXN];
		assess_cap cap = { .level = 2, .to = 1, .per = ASSESS_CAP_PARENT,
			.count = -1, .rounding = ASSESS_ROUND_DOWN,
			.keep = ASSESS_KEEP_HIGHEST, .key = "grade",
			.level_names = names, .nlevel_names = 3 };
		size_t moved;

		n = 1 + rand_r(&seed) % MAXN;
		pct = 10 * (rand_r(&seed) % 6); /* 0%..50% */
		cap.share = pct / 100.0;
		for (i = 0; i < n; i++) {
			parent[i] = parents[rand_r(&seed) % 3];
			score[i] = 80 + rand_r(&seed) % 4;
			level[i] = rand_r(&seed) % 3;
		}
		cap_oracle(n, parent, score, level, pct, want);
		roster_of(&r, n, parent, score, level, h, rec, res);
		mock_amend_open(1);
		assert_int_equal(assess_cap_apply(&mock_host, &r, &cap, NULL, NULL,
		                                  &moved), ASSESS_OK);
		mock_amend_open(0);
		for (i = 0; i < n; i++) {
			const cJSON *a = mock_amended(h[i]);
			assert_int_equal(assess_roster_get(&r, (size_t)i)->level,
			                 want[i]);
			assert_int_equal(a != NULL, want[i] != level[i]);
			if (a) {
				assert_string_equal(mock_get(a, "grade")->valuestring, "B");
				assert_string_equal(mock_get(a, "quota.earned")->valuestring,
				                    "A");
				assert_string_equal(mock_get(a, "quota.parent")->valuestring,
				                    parent[i]);
			}
		}
		roster_done(&r, n, rec, res);
	}
}

/* A batch as the cap's group_size sees it: every record's group. */
struct cap_batch {
	const char *const *parent; /* NULL or "" for none */
	int n;
};

static size_t batch_group_size(const char *group, void *ctx)
{
	const struct cap_batch *b = ctx;
	size_t k = 0;
	int i;

	for (i = 0; i < b->n; i++)
		k += strcmp(group_of(b->parent[i]), group) == 0;
	return k;
}

/* The roster holding only the members at the capped level, each group
 * counted by group_size: the same verdicts as the restatement over the
 * whole batch (the records with no parent and with "" one group). */
static void test_cap_group_size_counts_those_not_kept(void **state)
{
	static const char *const parents[] = { "p1", "p2", "", NULL };
	static const char *const names[] = { "C", "B", "A" };
	unsigned seed = 11;
	int c, nmoved_total = 0;

	(void)state;
	for (c = 0; c < 300; c++) {
		const char *parent[MAXN], *kparent[MAXN];
		int score[MAXN], level[MAXN], want[MAXN], kscore[MAXN];
		int klevel[MAXN], at[MAXN], n, nk = 0, i, pct, changed = 0;
		struct cap_batch batch;
		assess_roster r;
		assess_record *rec[MAXN];
		assess_result *res[MAXN];
		uint64_t h[MAXN];
		assess_cap cap = { .level = 2, .to = 1, .per = ASSESS_CAP_PARENT,
			.count = -1, .rounding = ASSESS_ROUND_DOWN,
			.keep = ASSESS_KEEP_HIGHEST, .key = "grade",
			.level_names = names, .nlevel_names = 3,
			.group_size = batch_group_size };
		size_t moved;

		n = 1 + rand_r(&seed) % MAXN;
		pct = 10 * (rand_r(&seed) % 6); /* 0%..50% */
		cap.share = pct / 100.0;
		for (i = 0; i < n; i++) {
			parent[i] = parents[rand_r(&seed) % 4];
			score[i] = 80 + rand_r(&seed) % 4;
			level[i] = rand_r(&seed) % 3;
		}
		cap_oracle(n, parent, score, level, pct, want);
		/* kept in batch order, so the ids keep the batch's order */
		for (i = 0; i < n; i++)
			if (level[i] == 2) {
				kparent[nk] = parent[i];
				kscore[nk] = score[i];
				klevel[nk] = level[i];
				at[nk++] = i;
			}
		batch.parent = parent;
		batch.n = n;
		roster_of(&r, nk, kparent, kscore, klevel, h, rec, res);
		mock_amend_open(1);
		assert_int_equal(assess_cap_apply(&mock_host, &r, &cap, NULL, &batch,
		                                  &moved), ASSESS_OK);
		mock_amend_open(0);
		for (i = 0; i < nk; i++) {
			const cJSON *a = mock_amended(h[i]);
			assert_int_equal(assess_roster_get(&r, (size_t)i)->level,
			                 want[at[i]]);
			assert_int_equal(a != NULL, want[at[i]] != 2);
			changed += want[at[i]] != 2;
			if (a)
				assert_int_equal(mock_get(a, "quota.allowed")->valueint,
				                 (int)(pct * batch_group_size(
				                 group_of(kparent[i]), &batch) / 100));
		}
		assert_int_equal(moved, changed);
		nmoved_total += changed;
		roster_done(&r, nk, rec, res);
	}
	/* the random batches did move members */
	assert_true(nmoved_total > 0);
}

static void test_cap_count_rounding_and_order_given(void **state)
{
	static const int score[] = { 70, 90, 80, 60 }, level[] = { 5, 5, 5, 5 };
	assess_roster r;
	assess_record *rec[4];
	assess_result *res[4];
	uint64_t h[4];
	assess_cap cap = { .level = 5, .to = 3, .per = ASSESS_CAP_BATCH,
		.share = 0.5, .count = -1, .rounding = ASSESS_ROUND_UP,
		.keep = ASSESS_KEEP_AS_GIVEN, .key = "stars" };
	size_t moved;

	(void)state;
	/* 50% of 4 rounded up is 2: the first two given keep it */
	roster_of(&r, 4, NULL, score, level, h, rec, res);
	mock_amend_open(1);
	assert_int_equal(assess_cap_apply(&mock_host, &r, &cap, NULL, NULL,
	                                  &moved), ASSESS_OK);
	mock_amend_open(0);
	assert_int_equal(moved, 2);
	assert_null(mock_amended(h[0]));
	assert_null(mock_amended(h[1]));
	assert_int_equal(mock_get(mock_amended(h[2]), "stars")->valueint, 3);
	assert_string_equal(mock_get(mock_amended(h[3]),
	                             "quota.reason")->valuestring,
	                    "at most 50% of the 4 assessed keep 5 (in the order "
	                    "given): 2 keep it, the others get 3");
	roster_done(&r, 4, rec, res);
	/* a count of 1, the highest score keeping */
	cap.count = 1;
	cap.keep = ASSESS_KEEP_HIGHEST;
	roster_of(&r, 4, NULL, score, level, h, rec, res);
	mock_amend_open(1);
	assert_int_equal(assess_cap_apply(&mock_host, &r, &cap, NULL, NULL,
	                                  &moved), ASSESS_OK);
	mock_amend_open(0);
	assert_int_equal(moved, 3);
	assert_null(mock_amended(h[1]));
	assert_int_equal(mock_get(mock_amended(h[0]), "quota.max_count")->valueint,
	                 1);
	roster_done(&r, 4, rec, res);
	/* the verdict under the scheme's own word */
	cap.note_key = "cap";
	roster_of(&r, 4, NULL, score, level, h, rec, res);
	mock_amend_open(1);
	assert_int_equal(assess_cap_apply(&mock_host, &r, &cap, NULL, NULL,
	                                  &moved), ASSESS_OK);
	mock_amend_open(0);
	assert_null(mock_get(mock_amended(h[0]), "quota"));
	assert_int_equal(mock_get(mock_amended(h[0]), "cap.max_count")->valueint,
	                 1);
	roster_done(&r, 4, rec, res);
	cap.share = 1.5;
	cap.count = -1;
	assess_roster_init(&r);
	assert_int_equal(assess_cap_apply(&mock_host, &r, &cap, NULL, NULL,
	                                  NULL), ASSESS_EINVAL);
	assess_roster_free(&r);
}

/* Read field x of the record json with reader k (0 percent, 1 fraction,
 * 2 yes/no); the rejection, if any, into err. */
static int read_x(int k, const char *json, double *d, char *err, size_t n)
{
	assess_record *rec = mock_record_new(json);
	assess_result *res = mock_result_new(rec);
	int rc, b = -1;

	if (k == 0)
		rc = assess_percent_read(&mock_host, rec, res, "x", d);
	else if (k == 1)
		rc = assess_fraction_read(&mock_host, rec, res, "x", d);
	else {
		rc = assess_yesno_read(&mock_host, rec, res, "x", &b);
		*d = b;
	}
	snprintf(err, n, "%s", mock_result_errors(res)
	         ? mock_result_error(res, 0) : "");
	mock_result_free(res);
	mock_record_free(rec);
	return rc;
}

static void test_percent_fraction_yesno_readers(void **state)
{
	char err[256];
	double d = -1;

	(void)state;
	assert_int_equal(read_x(0, "{\"id\":\"a\",\"x\":\"30%\"}", &d, err, 256),
	                 ASSESS_OK);
	assert_true(d > 0.2999999 && d < 0.3000001);
	assert_int_equal(read_x(0, "{\"id\":\"a\",\"x\":0.3}", &d, err, 256),
	                 ASSESS_OK);
	assert_true(d > 0.2999999 && d < 0.3000001);
	/* a bare 85 meant as 85% is refused, never 8500% */
	assert_int_equal(read_x(0, "{\"id\":\"a\",\"x\":85}", &d, err, 256),
	                 ASSESS_EREJECT);
	assert_string_equal(err, "x: 85 is a number above 1: write \"85%\" for a "
	                    "percentage, or the share 0.85");
	assert_int_equal(read_x(0, "{\"id\":\"a\",\"x\":\"130%\"}", &d, err, 256),
	                 ASSESS_EREJECT);
	assert_string_equal(err, "x: 130% is outside 0%..100%");
	assert_int_equal(read_x(0, "{\"id\":\"a\",\"x\":\"high\"}", &d, err,
	                        256), ASSESS_EREJECT);
	assert_string_equal(err, "x: \"high\" is not a percentage such as 85% "
	                    "or 0.85");
	assert_int_equal(read_x(0, "{\"id\":\"a\"}", &d, err, 256),
	                 ASSESS_ENOENT);
	assert_int_equal(read_x(1, "{\"id\":\"a\",\"x\":1}", &d, err, 256),
	                 ASSESS_OK);
	assert_true(d == 1);
	assert_int_equal(read_x(1, "{\"id\":\"a\",\"x\":30}", &d, err, 256),
	                 ASSESS_EREJECT);
	assert_string_equal(err, "x: 30 is outside 0..1: a fraction such as 0.85 "
	                    "is meant");
	assert_int_equal(read_x(1, "{\"id\":\"a\",\"x\":\"30%\"}", &d, err, 256),
	                 ASSESS_EREJECT);
	assert_int_equal(read_x(2, "{\"id\":\"a\",\"x\":\"是\"}", &d, err, 256),
	                 ASSESS_OK);
	assert_true(d == 1);
	assert_int_equal(read_x(2, "{\"id\":\"a\",\"x\":false}", &d, err, 256),
	                 ASSESS_OK);
	assert_true(d == 0);
	assert_int_equal(read_x(2, "{\"id\":\"a\",\"x\":\"No\"}", &d, err, 256),
	                 ASSESS_OK);
	assert_true(d == 0);
	assert_int_equal(read_x(2, "{\"id\":\"a\",\"x\":2}", &d, err, 256),
	                 ASSESS_EREJECT);
	assert_string_equal(err, "x: 2 is not yes or no (true/false, 是/否, "
	                    "1/0)");
}

static void test_groups_count_and_move(void **state)
{
	static const char *const names[] = { "C", "B", "A" };
	assess_groups g;
	assess_node *n = mock_node_new();
	const cJSON *j;

	(void)state;
	assert_int_equal(assess_groups_init(&g, 3), ASSESS_OK);
	assess_groups_add(&g, "q", 2);
	assess_groups_add(&g, "p", 2);
	assess_groups_add(&g, "p", 0);
	assess_groups_add(&g, NULL, 1);
	assess_groups_move(&g, "p", 2, 1);
	assess_groups_move(&g, "nobody", 2, 1);
	assert_null(assess_groups_get(&g, "nobody"));
	assert_int_equal(assess_groups_put(&mock_host, n, "parents", &g,
	                                   "members", "per_grade", names),
	                 ASSESS_OK);
	j = mock_node_json(n);
	assert_int_equal(cJSON_GetArraySize(mock_get(j, "parents")), 2);
	assert_string_equal(mock_get(j, "parents[0].parent")->valuestring, "p");
	assert_int_equal(mock_get(j, "parents[0].members")->valueint, 2);
	assert_int_equal(mock_get(j, "parents[0].per_grade.A")->valueint, 0);
	assert_int_equal(mock_get(j, "parents[0].per_grade.B")->valueint, 1);
	assert_int_equal(mock_get(j, "parents[0].per_grade.C")->valueint, 1);
	assert_string_equal(mock_get(j, "parents[0].per_grade")->child->string,
	                    "A"); /* the highest level first */
	mock_node_free(n);
	assess_groups_free(&g);
}

static const assess_note kinds[] = {
	{ "rectify", "限期整改", "FS5", NULL },
	{ "low_participation", "参与率低", "FS3", NULL }
};
static const char *const messages[] = {
	NULL, "participation {rate} is below {bar}"
};

static void test_notes_labels_and_messages_from_the_ini(void **state)
{
	assess_config *cfg = mock_config_new("[notes]\nrectify = 整改通知\n"
	                                     "low_participation.message = "
	                                     "参与率 {rate}，低于 {bar}{{注}}\n");
	assess_notes nt;
	assess_node *n = mock_node_new();
	assess_node *arr = mock_host.put_array(n, "notes");
	const char *const vars[] = { "rate", "70%", "bar", "80%", NULL };
	const cJSON *j;

	(void)state;
	assert_int_equal(assess_notes_load(&mock_host, cfg, "notes", kinds,
	                                   messages, 2, &nt), ASSESS_OK);
	assess_notes_say(&mock_host, arr, &nt, 1, NULL, vars);
	assess_notes_put(&mock_host, arr, &nt, 0, "x", "%d days", 30);
	j = mock_node_json(n);
	assert_string_equal(mock_get(j, "notes[0].label")->valuestring,
	                    "参与率低");
	assert_string_equal(mock_get(j, "notes[0].message")->valuestring,
	                    "参与率 70%，低于 80%{注}");
	assert_string_equal(mock_get(j, "notes[1].label")->valuestring,
	                    "整改通知");
	assert_string_equal(mock_get(j, "notes[1].message")->valuestring,
	                    "30 days");
	assess_notes_free(&nt);
	mock_config_free(cfg);
	/* the default template, and a misspelt code named */
	cfg = mock_config_new("[notes]\nrectfy = 整改\n");
	assert_int_equal(assess_notes_load(&mock_host, cfg, "notes", kinds,
	                                   messages, 2, &nt), ASSESS_ECONFIG);
	assert_string_equal(mock_config_error(cfg), "[notes] rectfy: not a note "
	                    "of the scheme; did you mean rectify?");
	assess_notes_free(&nt);
	mock_config_free(cfg);
	cfg = mock_config_new("");
	assert_int_equal(assess_notes_load(&mock_host, cfg, "notes", kinds,
	                                   messages, 2, &nt), ASSESS_OK);
	assert_string_equal(nt.v[0].label, "限期整改");
	assert_string_equal(nt.message[1], "participation {rate} is below {bar}");
	assess_notes_free(&nt);
	mock_config_free(cfg);
	mock_node_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_capacity_against_oracles),
		cmocka_unit_test(test_match_capacity_refuses_an_index_listed_twice),
		cmocka_unit_test(test_match_capacity32_refuses_what_does_not_fit),
		cmocka_unit_test(test_match_partner_listed_twice_is_two_places),
		cmocka_unit_test(test_pairs_amend_one_helping_list_per_helper),
		cmocka_unit_test(test_pairs_amend_as_the_pairs_say),
		cmocka_unit_test(test_pairs_write_summary_and_results),
		cmocka_unit_test(test_pairs_written_in_the_scheme_s_own_words),
		cmocka_unit_test(test_pairs_written_packed_are_the_same),
		cmocka_unit_test(test_roster_spilled_names_read_back),
		cmocka_unit_test(test_pairs_write_with_spilled_names),
		cmocka_unit_test(test_pairs_spilled_names_read_in_stretches),
		cmocka_unit_test(test_match_by_roster_orders_as_called),
		cmocka_unit_test(test_match_one32_is_capacity_one),
		cmocka_unit_test(test_cap_per_parent_against_oracle),
		cmocka_unit_test(test_cap_group_size_counts_those_not_kept),
		cmocka_unit_test(test_cap_count_rounding_and_order_given),
		cmocka_unit_test(test_percent_fraction_yesno_readers),
		cmocka_unit_test(test_groups_count_and_move),
		cmocka_unit_test(test_notes_labels_and_messages_from_the_ini),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
