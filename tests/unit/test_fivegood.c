/*
 * test_fivegood.c - unit tests of the 五个好 scheme (FG2-FG4), run on the
 * plugin compiled in against the mock host (mock_host.c) and the shipped
 * configs/fivegood.ini: indicator rules turned into points, the verdict
 * "good on every criterion" at its decimal edge, and missing data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mock_host.h"
#include "../../plugins/fivegood.c"

static void start(mock_run *r)
{
	assert_int_equal(mock_run_start(r, ASSESS_ENTRY(),
	                                "configs/fivegood.ini"), ASSESS_OK);
	/* the config table and the loaders asked for every key of the INI */
	assert_null(mock_config_unasked(r->cfg));
}

static const cJSON *got(const mock_run *r, const char *path)
{
	return mock_run_got(r, path);
}

/* Scores of the five criteria, in the INI's order. */
static int feed_scores(mock_run *r, const char *id, double a, double b,
                       double c, double d, double e)
{
	char json[512];

	snprintf(json, sizeof json, "{\"id\":\"%s\",\"parent\":\"st\","
	         "\"scores\":{\"leadership\":%g,\"cadres\":%g,\"mechanism\":%g,"
	         "\"performance\":%g,\"feedback\":%g}}", id, a, b, c, d, e);
	return mock_run_feed(r, json);
}

/* FG3: every criterion exactly at its bar (80% of 20 = 16) is good on
 * every criterion; one a hundredth short is not, and is named with what
 * it lacks; the summary counts both. */
static void test_fg3_good_on_every_criterion_at_the_bar(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	assert_int_equal(feed_scores(&r, "a", 16, 16, 16, 16, 16), ASSESS_OK);
	assert_true(cJSON_IsTrue(got(&r, "qualified")));
	assert_string_equal(got(&r, "rating")->valuestring, "五个好");
	assert_int_equal(cJSON_GetArraySize(got(&r, "short")), 0);
	assert_int_equal(feed_scores(&r, "b", 20, 15.99, 20, 20, 20), ASSESS_OK);
	assert_false(cJSON_IsTrue(got(&r, "qualified")));
	assert_string_equal(got(&r, "rating")->valuestring, "未达标");
	assert_int_equal(cJSON_GetArraySize(got(&r, "short")), 1);
	assert_string_equal(got(&r, "short[0]")->valuestring, "cadres");
	assert_true(got(&r, "criteria[1].short_by")->valuedouble == 0.01);
	assert_false(cJSON_IsTrue(got(&r, "criteria[1].passed")));
	assert_null(got(&r, "criteria[0].short_by"));
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	assert_int_equal(mock_get(r.summary, "qualified")->valueint, 1);
	assert_int_equal(mock_get(r.summary, "not_qualified")->valueint, 1);
	assert_int_equal(mock_get(r.summary, "criteria[1].short")->valueint, 1);
	assert_string_equal(mock_get(r.summary, "parents[0].parent")
	                    ->valuestring, "st");
	mock_run_stop(&r);
}

/* FG2: the rules of configs/fivegood.ini over raw indicators, each type:
 * yesno 6 + bins (0.8 reaches 0.75: 6) + count 2 x 3 = 18 for leadership;
 * linear 0.8 is the full 12, count capped at 8: 20 for cadres; bins and
 * count for mechanism; count and linear for performance; linear less a
 * deduction for feedback. */
static void test_fg2_indicator_rules_make_the_points(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	assert_int_equal(mock_run_feed(&r, "{\"id\":\"c\",\"indicators\":{"
	                      "\"team_complete\":true,\"secretary_quality\":0.8,"
	                      "\"democratic_life_meetings\":2,\"report_rate\":0.8,"
	                      "\"training_sessions\":7,\"joint_meetings\":1,"
	                      "\"three_meetings_one_lesson_rate\":0.95,"
	                      "\"service_activities\":4,"
	                      "\"practical_matters_done_rate\":0.75,"
	                      "\"satisfaction_rate\":0.95,"
	                      "\"substantiated_complaints\":1}}"), ASSESS_OK);
	assert_true(got(&r, "criteria[0].score")->valuedouble == 18);
	assert_true(got(&r, "criteria[1].score")->valuedouble == 20);
	assert_true(got(&r, "criteria[2].score")->valuedouble == 14);
	assert_true(got(&r, "criteria[3].score")->valuedouble == 9);
	assert_true(got(&r, "criteria[4].score")->valuedouble == 18);
	assert_string_equal(got(&r, "criteria[0].source")->valuestring,
	                    "indicators");
	/* 14 and 9 fall short of 16 */
	assert_int_equal(cJSON_GetArraySize(got(&r, "short")), 2);
	assert_true(got(&r, "criteria[3].short_by")->valuedouble == 7);
	mock_run_stop(&r);
}

/* FG4: missing data is rejected with each field named. */
static void test_fg4_missing_data_names_the_fields(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	assert_int_equal(mock_run_feed(&r, "{\"id\":\"m\",\"scores\":{\"leadership\":18,"
	                      "\"cadres\":18,\"mechanism\":18,\"performance\":18}}"),
	                 ASSESS_EREJECT);
	assert_int_equal(mock_result_errors(r.res), 1);
	assert_string_equal(mock_result_error(r.res, 0), "scores.feedback: "
	                    "missing: 群众反映好 (feedback) has no score and "
	                    "none of the indicators its rules use");
	mock_run_stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fg3_good_on_every_criterion_at_the_bar),
		cmocka_unit_test(test_fg2_indicator_rules_make_the_points),
		cmocka_unit_test(test_fg4_missing_data_names_the_fields),
	};
	return cmocka_run_group_tests_name("fivegood", tests, NULL, NULL);
}
