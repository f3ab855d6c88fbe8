/*
 * test_sb_tiers.c - the star scheme's tiers (SB5) and its batch summary
 * (SB10), through the plugin compiled in against the mock host and the
 * shipped config.  SB1-SB4 and SB6-SB9 are held by test_starbranch.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "mock_host.h"

#include "../../plugins/starbranch.c"

/* A branch scoring total in every item's share (shipped maxima). */
static void feed(mock_run *r, const char *id, double total,
                 const char *extra)
{
	char json[512];

	snprintf(json, sizeof json, "{\"id\":\"%s\",\"name\":\"%s\",\"parent\":"
	         "\"u\",\"scores\":{\"self_building\":%g,\"team\":%g,"
	         "\"workforce\":%g,\"basic_work\":%g,\"production\":%g,"
	         "\"supervision\":%g,\"democracy_culture\":%g}%s}", id, id,
	         0.20 * total, 0.15 * total, 0.15 * total, 0.15 * total,
	         0.15 * total, 0.10 * total, 0.10 * total, extra);
	assert_int_equal(mock_run_feed(r, json), ASSESS_OK);
}

static long num(const mock_run *r, const char *path)
{
	const cJSON *v = mock_run_got(r, path);

	assert_non_null(v);
	return (long)v->valuedouble;
}

static long sum(const mock_run *r, const char *path)
{
	const cJSON *v = mock_get(r->summary, path);

	assert_non_null(v);
	return (long)v->valuedouble;
}

/* SB5: 4 stars and above tier 1, 3 stars tier 2, 2 and below, no star
 * and a vetoed branch tier 3. */
static void test_sb5_tiers_from_stars_and_veto(void **state)
{
	static const struct {
		double total;
		const char *extra;
		long stars, tier;
	} want[] = {
		{ 95, "", 5, 1 }, { 80, "", 4, 1 }, { 79.99, "", 3, 2 },
		{ 70, "", 3, 2 }, { 60, "", 2, 3 }, { 40, "", 0, 3 },
		{ 95, ",\"vetoes\":[\"team_disunity\"]", 0, 3 },
	};
	mock_run r;
	size_t i;

	(void)state;
	assert_int_equal(mock_run_start(&r, ASSESS_ENTRY(),
	                                "configs/starbranch.ini"), ASSESS_OK);
	for (i = 0; i < sizeof want / sizeof *want; i++) {
		char id[16];
		snprintf(id, sizeof id, "b-%zu", i);
		feed(&r, id, want[i].total, want[i].extra);
		assert_int_equal(num(&r, "stars"), want[i].stars);
		assert_int_equal(num(&r, "tier"), want[i].tier);
	}
	mock_run_stop(&r);
}

/* SB10: the summary counts per star, per tier and per veto, and the
 * consequences, so a committee reads its year at a glance. */
static void test_sb10_summary_counts_the_year(void **state)
{
	mock_run r;

	(void)state;
	assert_int_equal(mock_run_start(&r, ASSESS_ENTRY(),
	                                "configs/starbranch.ini"), ASSESS_OK);
	feed(&r, "five", 95, "");
	feed(&r, "four", 85, "");
	feed(&r, "three", 72, "");
	feed(&r, "vetoed", 95, ",\"vetoes\":[\"member_disciplined\"]");
	/* held 5 stars last year, 2 now: downgraded two levels (SB7) */
	feed(&r, "fallen", 62, ",\"period\":\"2025\",\"history\":"
	     "[{\"period\":\"2024\",\"stars\":5}]");
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	assert_int_equal(sum(&r, "per_star.5"), 1);
	assert_int_equal(sum(&r, "per_star.4"), 1);
	assert_int_equal(sum(&r, "per_star.3"), 1);
	assert_int_equal(sum(&r, "per_star.2"), 1);
	assert_int_equal(sum(&r, "per_star.0"), 1);
	assert_int_equal(sum(&r, "per_tier.1"), 2);
	assert_int_equal(sum(&r, "per_tier.2"), 1);
	assert_int_equal(sum(&r, "per_tier.3"), 2);
	assert_int_equal(sum(&r, "vetoed"), 1);
	assert_int_equal(sum(&r, "vetoes.member_disciplined"), 1);
	assert_int_equal(sum(&r, "vetoes.team_disunity"), 0);
	assert_int_equal(sum(&r, "actions.secretary_admonition"), 1);
	assert_int_equal(sum(&r, "actions.team_admonition"), 1);
	assert_int_equal(sum(&r, "changes.down"), 1);
	mock_run_stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sb5_tiers_from_stars_and_veto),
		cmocka_unit_test(test_sb10_summary_counts_the_year),
	};
	return cmocka_run_group_tests_name("starbranch SB5 SB10", tests, NULL,
	                                   NULL);
}
