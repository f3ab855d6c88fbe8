/*
 * test_sb_batch.c - unit tests of what the star scheme writes into
 * results from its finish step (ABI 1.2 amendments), on the plugin
 * compiled in against the mock host: SB9's pairs in both branches'
 * results, and the optional five-star quota with its tie rule and its
 * counts.  Also that a declared field the record lacks is rejected before
 * the plugin's assess, as the host does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mock_host.h"
#include "mock_abi12.h"
#include "../../plugins/starbranch.c"

/* Start a run on the shipped INI, with extra appended (a [quota]),
 * create returning want. */
static void start_as(mock_run *r, const char *extra, char *tmp, int want)
{
	FILE *in = fopen("configs/starbranch.ini", "r"), *out;
	char buf[4096];
	size_t n;
	int fd;

	strcpy(tmp, "/tmp/test_sb_batch.XXXXXX");
	assert_non_null(in);
	assert_true((fd = mkstemp(tmp)) >= 0);
	assert_non_null(out = fdopen(fd, "w"));
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, out);
	fputs(extra, out);
	fclose(in);
	fclose(out);
	assert_int_equal(mock_run_start(r, ASSESS_ENTRY(), tmp), want);
}

static void start_with(mock_run *r, const char *extra, char *tmp)
{
	start_as(r, extra, tmp, ASSESS_OK);
}

/* A branch scoring score (each item the same share of its maximum);
 * returns its result's handle. */
static uint64_t feed(mock_run *r, const char *id, const char *parent,
                     double score)
{
	static const double max[7] = { 20, 15, 15, 15, 15, 10, 10 };
	static const char *const key[7] = {
		"self_building", "team", "workforce", "basic_work", "production",
		"supervision", "democracy_culture"
	};
	char json[1024];
	int i, n;

	n = snprintf(json, sizeof json, "{\"id\":\"%s\",\"name\":\"name of %s\","
	             "\"parent\":\"%s\",\"scores\":{", id, id, parent);
	for (i = 0; i < 7; i++)
		n += snprintf(json + n, sizeof json - (size_t)n, "%s\"%s\":%.6f",
		              i ? "," : "", key[i], max[i] * score / 100);
	snprintf(json + n, sizeof json - (size_t)n, "}}");
	assert_int_equal(mock_run_feed(r, json), ASSESS_OK);
	return mock_result_handle(r->res);
}

static const char *str(const cJSON *o, const char *path)
{
	const cJSON *v = mock_get(o, path);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void test_sb9_pairs_written_into_both_results(void **state)
{
	mock_run r;
	char tmp[64];
	uint64_t strong, weak, mid, alone;

	(void)state;
	start_with(&r, "", tmp);
	strong = feed(&r, "s-1", "unit-a", 95);
	weak = feed(&r, "w-1", "unit-a", 40);
	mid = feed(&r, "m-1", "unit-a", 75);
	alone = feed(&r, "w-2", "unit-b", 30);
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	/* the summary's pairs as before */
	assert_non_null(str(r.summary, "pairs[0].helper"));
	assert_string_equal(str(r.summary, "pairs[0].helper"), "s-1");
	assert_string_equal(str(r.summary, "unpaired[0]"), "w-2");
	/* first within the unit: w-1 takes its unit's helper, w-2 is left */
	assert_non_null(str(mock_amended(weak), "pairing.helper"));
	assert_string_equal(str(mock_amended(weak), "pairing.helper"), "s-1");
	assert_string_equal(str(mock_amended(weak), "pairing.helper_name"),
	                    "name of s-1");
	assert_non_null(str(mock_amended(strong), "helping[0].id"));
	assert_string_equal(str(mock_amended(strong), "helping[0].id"), "w-1");
	assert_string_equal(str(mock_amended(strong), "helping[0].name"),
	                    "name of w-1");
	assert_int_equal(cJSON_GetArraySize(mock_get(mock_amended(strong),
	                                             "helping")), 1);
	/* unpaired, or neither helped nor helping: nothing amended */
	assert_null(mock_amended(alone));
	assert_null(mock_amended(mid));
	mock_run_stop(&r);
	unlink(tmp);
}

static void test_quota_lowest_five_stars_get_four(void **state)
{
	mock_run r;
	char tmp[64];
	uint64_t h[6];
	const cJSON *o;

	(void)state;
	/* 40% of 6 is 2.4: two keep five stars */
	start_with(&r, "\n[quota]\nmax_share.5 = 40%\n", tmp);
	h[0] = feed(&r, "b", "u", 92);
	h[1] = feed(&r, "a", "u", 92);
	h[2] = feed(&r, "c", "u", 97);
	h[3] = feed(&r, "d", "u", 91);
	h[4] = feed(&r, "e", "u", 80);
	h[5] = feed(&r, "f", "u", 60);
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	/* c keeps; a and b tie at 92: the smaller id, a, keeps */
	assert_null(mock_get(mock_amended(h[2]), "quota"));
	assert_null(mock_get(mock_amended(h[1]), "quota"));
	o = mock_amended(h[0]);
	assert_int_equal(mock_get(o, "stars")->valueint, 4);
	assert_string_equal(str(o, "rating"), "四星级");
	assert_int_equal(mock_get(o, "quota.earned")->valueint, 5);
	assert_int_equal(mock_get(o, "quota.allowed")->valueint, 2);
	assert_non_null(str(o, "quota.reason"));
	assert_int_equal(mock_get(mock_amended(h[3]), "stars")->valueint, 4);
	/* the summary counts the stars after the quota */
	assert_int_equal(mock_get(r.summary, "per_star.5")->valueint, 2);
	assert_int_equal(mock_get(r.summary, "per_star.4")->valueint, 3);
	assert_int_equal(mock_get(r.summary, "parents[0].per_star.5")->valueint,
	                 2);
	mock_run_stop(&r);
	unlink(tmp);
}

/* The share is of every branch assessed, not of those finish keeps: ten
 * branches, three of them five-star, seven at three stars (kept by no
 * one: neither paired nor moved).  20% of 10 is 2: one moves. */
static void test_quota_share_counts_every_branch(void **state)
{
	mock_run r;
	char tmp[64], id[16];
	uint64_t h[3];
	const cJSON *o;
	int i;

	(void)state;
	start_with(&r, "\n[quota]\nmax_share.5 = 20%\n", tmp);
	h[0] = feed(&r, "x", "u", 95);
	h[1] = feed(&r, "y", "u", 93);
	h[2] = feed(&r, "z", "u", 91);
	for (i = 0; i < 7; i++) {
		snprintf(id, sizeof id, "m-%d", i);
		feed(&r, id, "u", 75);
	}
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	assert_null(mock_get(mock_amended(h[0]), "quota"));
	assert_null(mock_get(mock_amended(h[1]), "quota"));
	o = mock_amended(h[2]);
	assert_int_equal(mock_get(o, "stars")->valueint, 4);
	assert_int_equal(mock_get(o, "quota.allowed")->valueint, 2);
	assert_int_equal(mock_get(r.summary, "per_star.5")->valueint, 2);
	assert_int_equal(mock_get(r.summary, "per_star.3")->valueint, 7);
	mock_run_stop(&r);
	unlink(tmp);
}

static void test_quota_absent_or_not_exceeded_changes_nothing(void **state)
{
	mock_run r;
	char tmp[64];
	uint64_t a, b;

	(void)state;
	start_with(&r, "\n[quota]\nmax_share.5 = 50%\n", tmp);
	a = feed(&r, "a", "u", 95);
	b = feed(&r, "b", "u", 75); /* tier 2: neither helped nor helping */
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	assert_null(mock_amended(a));
	assert_null(mock_amended(b));
	assert_int_equal(mock_get(r.summary, "per_star.5")->valueint, 1);
	mock_run_stop(&r);
	unlink(tmp);
}

static void test_quota_out_of_range_is_a_config_error(void **state)
{
	mock_run r;
	char tmp[64];

	(void)state;
	start_as(&r, "\n[quota]\nmax_share.5 = 140%\n", tmp, ASSESS_ECONFIG);
	unlink(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sb9_pairs_written_into_both_results),
		cmocka_unit_test(test_quota_lowest_five_stars_get_four),
		cmocka_unit_test(test_quota_share_counts_every_branch),
		cmocka_unit_test(test_quota_absent_or_not_exceeded_changes_nothing),
		cmocka_unit_test(test_quota_out_of_range_is_a_config_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
