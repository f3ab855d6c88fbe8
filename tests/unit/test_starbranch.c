/*
 * test_starbranch.c - unit tests of the star scheme's rules, run on the
 * plugin compiled in against the mock host (mock_host.c) and the shipped
 * configs/starbranch.ini, without the assess binary or core/: SB3 decimal
 * edges, SB6 history checks, SB7 consequences, SB9 pairing in its two
 * passes, and the messages a record gets when it writes labels or
 * misspelt names where keys belong.
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
#include "../../plugins/starbranch.c"

/* A batch run through the plugin: create, assess each record, finish. */
static void start(mock_run *r)
{
	assert_int_equal(mock_run_start(r, ASSESS_ENTRY(),
	                                "configs/starbranch.ini"), ASSESS_OK);
	/* the config table and the loaders asked for every key of the INI */
	assert_null(mock_config_unasked(r->cfg));
}

static const cJSON *got(const mock_run *r, const char *path)
{
	return mock_run_got(r, path);
}

/* A branch whose seven items are each the same share of their maximum,
 * so its composite is score (stars from the shipped bars 50..90); extra
 * adds members to the record (",\"period\":\"2025\"").  Returns the
 * plugin's code. */
static int feed_extra(mock_run *r, const char *id, const char *parent,
                      double score, const char *extra)
{
	static const double max[7] = { 20, 15, 15, 15, 15, 10, 10 };
	static const char *const key[7] = {
		"self_building", "team", "workforce", "basic_work", "production",
		"supervision", "democracy_culture"
	};
	char json[1024];
	int i, n;

	n = snprintf(json, sizeof json, "{\"id\":\"%s\",\"name\":\"%s\"%s", id,
	             id, extra);
	if (parent)
		n += snprintf(json + n, sizeof json - (size_t)n,
		              ",\"parent\":\"%s\"", parent);
	n += snprintf(json + n, sizeof json - (size_t)n, ",\"scores\":{");
	for (i = 0; i < 7; i++)
		n += snprintf(json + n, sizeof json - (size_t)n, "%s\"%s\":%.6f",
		              i ? "," : "", key[i], max[i] * score / 100);
	snprintf(json + n, sizeof json - (size_t)n, "}}");
	return mock_run_feed(r, json);
}

static void feed(mock_run *r, const char *id, const char *parent,
                 double score)
{
	assert_int_equal(feed_extra(r, id, parent, score, ""), ASSESS_OK);
}

static void finish_run(mock_run *r)
{
	assert_int_equal(mock_run_finish(r), ASSESS_OK);
}

/* Pair i of the summary is helper -> helped, same_parent as given. */
static void assert_pair(const mock_run *r, int i, const char *helper,
                        const char *helped, int same)
{
	cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItem(r->summary, "pairs"),
	                              i);

	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "helper")->valuestring,
	                    helper);
	assert_string_equal(cJSON_GetObjectItem(o, "helped")->valuestring,
	                    helped);
	assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(o, "same_parent")),
	                 same);
}

static int count(const mock_run *r, const char *name)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(r->summary, name));
}

/* The case of the issue: the weakest branch has no helper in its unit; a
 * later branch of another unit has exactly one.  Taking the strongest
 * helper anywhere first would leave that branch to a stranger. */
static void test_sb9_weak_branch_leaves_another_units_only_helper(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	feed(&r, "w-alone", "unit-x", 40);  /* weakest, no helper in unit-x */
	feed(&r, "w-later", "unit-y", 55);
	feed(&r, "h-y", "unit-y", 95);      /* unit-y's only helper, strongest */
	feed(&r, "h-z", "unit-z", 85);
	finish_run(&r);
	assert_int_equal(count(&r, "pairs"), 2);
	assert_pair(&r, 0, "h-z", "w-alone", 0);
	assert_pair(&r, 1, "h-y", "w-later", 1);
	assert_int_equal(count(&r, "unpaired"), 0);
	mock_run_stop(&r);
}

/* Within a unit the weakest takes the strongest; what is left of the
 * unit's branches goes to the strongest free helpers elsewhere; a helper
 * is kept for its own unit even when a weaker stranger waits. */
static void test_sb9_unit_first_weakest_with_strongest(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	feed(&r, "a-w1", "unit-a", 30);
	feed(&r, "a-w2", "unit-a", 45);
	feed(&r, "a-w3", "unit-a", 62);
	feed(&r, "a-h1", "unit-a", 92);
	feed(&r, "a-h2", "unit-a", 81);
	feed(&r, "b-w1", "unit-b", 20);     /* weakest of all, unit-b has none */
	feed(&r, "c-h1", "unit-c", 88);
	feed(&r, "c-mid", "unit-c", 75);    /* three stars: neither side */
	finish_run(&r);
	assert_int_equal(count(&r, "pairs"), 3);
	/* listed weakest first, whichever pass made the pair */
	assert_pair(&r, 0, "c-h1", "b-w1", 0);
	assert_pair(&r, 1, "a-h1", "a-w1", 1);
	assert_pair(&r, 2, "a-h2", "a-w2", 1);
	assert_int_equal(count(&r, "unpaired"), 1);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(r.summary,
	                    "unpaired"), 0)->valuestring, "a-w3");
	mock_run_stop(&r);
}

/* Equal scores: the smaller id is weaker (helped) or stronger (helper);
 * a branch without a parent is never paired within a unit. */
static void test_sb9_ties_by_id_and_no_parent_pairs_across(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	feed(&r, "w-2", "unit-a", 40);
	feed(&r, "w-1", "unit-a", 40);
	feed(&r, "h-2", "unit-a", 90);
	feed(&r, "h-1", "unit-a", 90);
	feed(&r, "w-0", NULL, 10);
	feed(&r, "h-9", NULL, 80);
	finish_run(&r);
	assert_int_equal(count(&r, "pairs"), 3);
	assert_pair(&r, 0, "h-9", "w-0", 0);
	assert_pair(&r, 1, "h-1", "w-1", 1);
	assert_pair(&r, 2, "h-2", "w-2", 1);
	mock_run_stop(&r);
}

/* A seeded batch of 600 branches in 40 units: every unit gets as many
 * same-parent pairs as it has helped or helpers, whichever is fewer, and
 * the batch as many pairs as it has helped or helpers in all. */
static void test_sb9_pairs_are_the_most_the_batch_allows(void **state)
{
	enum { N = 600, UNITS = 40 };
	long helped[UNITS] = { 0 }, helpers[UNITS] = { 0 };
	long want_same = 0, want_pairs, all_helped = 0, all_helpers = 0;
	unsigned long seed = 20250101;
	char id[32], parent[32];
	int i, same = 0;
	mock_run r;
	cJSON *p;

	(void)state;
	start(&r);
	for (i = 0; i < N; i++) {
		int u;
		double score;
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		u = (int)((seed >> 33) % UNITS);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		score = (double)((seed >> 33) % 1000) / 10; /* 0..99.9 */
		snprintf(id, sizeof id, "b-%04d", i);
		snprintf(parent, sizeof parent, "unit-%02d", u);
		feed(&r, id, parent, score);
		if (assess_dec_cmp(score, 70) < 0)
			helped[u]++;
		else if (assess_dec_cmp(score, 80) >= 0)
			helpers[u]++;
	}
	finish_run(&r);
	for (i = 0; i < UNITS; i++) {
		want_same += helped[i] < helpers[i] ? helped[i] : helpers[i];
		all_helped += helped[i];
		all_helpers += helpers[i];
	}
	want_pairs = all_helped < all_helpers ? all_helped : all_helpers;
	cJSON_ArrayForEach(p, cJSON_GetObjectItem(r.summary, "pairs"))
		same += cJSON_IsTrue(cJSON_GetObjectItem(p, "same_parent"));
	assert_int_equal(count(&r, "pairs"), want_pairs);
	assert_int_equal(count(&r, "unpaired"), all_helped - want_pairs);
	assert_int_equal(same, want_same);
	mock_run_stop(&r);
}

/* Error i of the last record: its path and message. */
static void assert_error(const mock_run *r, int i, const char *path,
                         const char *message)
{
	char want[512];

	snprintf(want, sizeof want, "%s: %s", path, message);
	assert_non_null(mock_result_error(r->res, i));
	assert_string_equal(mock_result_error(r->res, i), want);
}

static void test_sb1_item_under_its_label_names_the_key(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	mock_run_feed(&r, "{\"id\":\"x\",\"name\":\"x\",\"scores\":{\"自身建设\":12,"
	          "\"team\":10,\"workforce\":10,\"basic_work\":10,\"production\":10,"
	          "\"supervision\":8,\"democracy_culture\":8}}");
	assert_int_equal(r.last_rc, ASSESS_EREJECT);
	assert_int_equal(mock_result_errors(r.res), 1);
	assert_error(&r, 0, "scores.自身建设", "\"自身建设\" is the label of "
	             "self_building; use the key \"self_building\"");
	/* in a period's checks too, and a misspelt key is named */
	mock_run_feed(&r, "{\"id\":\"x\",\"name\":\"x\",\"checks\":{\"annual\":{"
	          "\"self_building\":12,\"班子建设\":10,\"workforce\":10,"
	          "\"basic_work\":10,\"production\":10,\"supervision\":8,"
	          "\"democracy_cultre\":8}}}");
	assert_int_equal(r.last_rc, ASSESS_EREJECT);
	assert_int_equal(mock_result_errors(r.res), 2);
	assert_error(&r, 0, "checks.annual.班子建设", "\"班子建设\" is the label "
	             "of team; use the key \"team\"");
	assert_error(&r, 1, "checks.annual.democracy_cultre", "unknown item "
	             "\"democracy_cultre\": did you mean democracy_culture?");
	/* an item simply missing keeps its message */
	mock_run_feed(&r, "{\"id\":\"x\",\"name\":\"x\",\"scores\":{"
	          "\"self_building\":12,\"team\":10,\"workforce\":10,"
	          "\"basic_work\":10,\"production\":10,\"supervision\":8,"
	          "\"culture\":8}}");
	assert_int_equal(mock_result_errors(r.res), 2);
	assert_error(&r, 0, "scores.democracy_culture", "missing: no score for "
	             "民主管理与文化建设 (democracy_culture) in scores or checks");
	/* and a key no item has is not passed over */
	assert_error(&r, 1, "scores.culture", "unknown item \"culture\"");
	finish_run(&r);
	mock_run_stop(&r);
}

/* A label beside the key it stands for would be passed over without a
 * word, the score of the key used: it is rejected, naming the key. */
static void test_sb1_label_beside_its_key_is_rejected(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	mock_run_feed(&r, "{\"id\":\"x\",\"name\":\"x\",\"scores\":{"
	          "\"self_building\":12,\"自身建设\":18,\"team\":10,"
	          "\"workforce\":10,\"basic_work\":10,\"production\":10,"
	          "\"supervision\":8,\"democracy_culture\":8}}");
	assert_int_equal(r.last_rc, ASSESS_EREJECT);
	assert_int_equal(mock_result_errors(r.res), 1);
	assert_error(&r, 0, "scores.自身建设", "unknown item \"自身建设\" (it is "
	             "the label of self_building; use the key \"self_building\")");
	finish_run(&r);
	mock_run_stop(&r);
}

/* SB2: an item left out of a period that gives the other items (a blank
 * cell) is missing data, rejected under the shipped missing = reject;
 * a period not given at all is still weighted away. */
static void test_sb2_blank_item_in_a_given_period_is_rejected(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	mock_run_feed(&r, "{\"id\":\"x\",\"name\":\"x\",\"checks\":{"
	          "\"daily\":{\"self_building\":12,\"workforce\":10,"
	          "\"basic_work\":10,\"production\":10,\"supervision\":8,"
	          "\"democracy_culture\":8},\"annual\":{\"self_building\":12,"
	          "\"team\":10,\"workforce\":10,\"basic_work\":10,"
	          "\"production\":10,\"supervision\":8,"
	          "\"democracy_culture\":8}}}");
	assert_int_equal(r.last_rc, ASSESS_EREJECT);
	assert_int_equal(mock_result_errors(r.res), 1);
	assert_error(&r, 0, "checks.daily.team", "missing: no score for 班子建设 "
	             "(team) in a period that has the other items: fill it in "
	             "(a blank is not a score; the scheme's missing-data policy "
	             "is reject)");
	mock_run_feed(&r, "{\"id\":\"y\",\"name\":\"y\",\"checks\":{"
	          "\"annual\":{\"self_building\":12,\"team\":10,"
	          "\"workforce\":10,\"basic_work\":10,\"production\":10,"
	          "\"supervision\":8,\"democracy_culture\":8}}}");
	assert_int_equal(r.last_rc, ASSESS_OK);
	finish_run(&r);
	mock_run_stop(&r);
}

static void test_sb4_veto_under_its_label_names_the_key(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	mock_run_feed(&r, "{\"id\":\"x\",\"name\":\"x\",\"scores\":{"
	          "\"self_building\":12,\"team\":10,\"workforce\":10,"
	          "\"basic_work\":10,\"production\":10,\"supervision\":8,"
	          "\"democracy_culture\":8},\"vetoes\":[\"班子不团结\","
	          "\"task_unfinshed\",\"late\",\"member_disciplined\"]}");
	assert_int_equal(r.last_rc, ASSESS_EREJECT);
	assert_int_equal(mock_result_errors(r.res), 3);
	assert_error(&r, 0, "vetoes[0]", "unknown veto \"班子不团结\": it is the "
	             "label of team_disunity; use the key \"team_disunity\" "
	             "(known: team_disunity (班子不团结), task_unfinished "
	             "(未完成上级交办任务), member_disciplined (党员受到党纪政务处分))");
	assert_error(&r, 1, "vetoes[1]", "unknown veto \"task_unfinshed\": did "
	             "you mean task_unfinished? (known: team_disunity (班子不团结), "
	             "task_unfinished (未完成上级交办任务), member_disciplined "
	             "(党员受到党纪政务处分))");
	assert_error(&r, 2, "vetoes[2]", "unknown veto \"late\" (known: "
	             "team_disunity (班子不团结), task_unfinished (未完成上级交办任务), "
	             "member_disciplined (党员受到党纪政务处分))");
	finish_run(&r);
	mock_run_stop(&r);
}

/* SB3: the items add up to exactly 90.00 in decimals, though not in
 * binary doubles; that is five stars, and 89.99 is four. */
static void test_sb3_exactly_90_earns_five_stars(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	mock_run_feed(&r, "{\"id\":\"b\",\"scores\":{\"self_building\":18.1,"
	          "\"team\":13.2,\"workforce\":14.7,\"basic_work\":13.9,"
	          "\"production\":14.2,\"supervision\":8.8,"
	          "\"democracy_culture\":7.1}}");
	assert_int_equal(r.last_rc, ASSESS_OK);
	/* summed in item order, as the plugin does, it falls short in binary */
	assert_true(18.1 + 13.2 + 14.7 + 13.9 + 14.2 + 8.8 + 7.1 < 90.0);
	assert_true(got(&r, "score")->valuedouble == 90);
	assert_int_equal(got(&r, "stars")->valueint, 5);
	assert_string_equal(got(&r, "rating")->valuestring, "五星级");
	assert_null(got(&r, "next_star"));
	mock_run_feed(&r, "{\"id\":\"c\",\"scores\":{\"self_building\":18.09,"
	          "\"team\":13.2,\"workforce\":14.7,\"basic_work\":13.9,"
	          "\"production\":14.2,\"supervision\":8.8,"
	          "\"democracy_culture\":7.1}}");
	assert_int_equal(got(&r, "stars")->valueint, 4);
	assert_true(got(&r, "next_star.points_needed")->valuedouble == 0.01);
	mock_run_stop(&r);
}

/* SB3 through SB2: every period at 90% of each maximum, weighed 0.3, 0.3
 * and 0.4, is 90.00 too. */
static void test_sb3_weighed_periods_reach_90(void **state)
{
	const char *items = "{\"self_building\":18,\"team\":13.5,"
	                    "\"workforce\":13.5,\"basic_work\":13.5,"
	                    "\"production\":13.5,\"supervision\":9,"
	                    "\"democracy_culture\":9}";
	char json[1024];
	mock_run r;

	(void)state;
	start(&r);
	snprintf(json, sizeof json, "{\"id\":\"p\",\"checks\":{\"daily\":%s,"
	         "\"half_year\":%s,\"annual\":%s}}", items, items, items);
	mock_run_feed(&r, json);
	assert_int_equal(r.last_rc, ASSESS_OK);
	assert_true(got(&r, "score")->valuedouble == 90);
	assert_int_equal(got(&r, "stars")->valueint, 5);
	mock_run_stop(&r);
}

/* The actions of the last record, as "code: reason" lines. */
static void assert_actions(const mock_run *r, const char *const *want,
                           int n)
{
	const cJSON *arr = got(r, "actions");
	char line[256];
	int i;

	assert_int_equal(cJSON_GetArraySize(arr), n);
	for (i = 0; i < n; i++) {
		const cJSON *a = cJSON_GetArrayItem(arr, i);
		snprintf(line, sizeof line, "%s: %s",
		         mock_get(a, "code")->valuestring,
		         mock_get(a, "reason")->valuestring);
		assert_string_equal(line, want[i]);
		assert_string_equal(mock_get(a, "rule")->valuestring, "SB7");
	}
}

#define HISTORY(a, b) ",\"period\":\"2025\",\"history\":[{\"period\":" \
	"\"2023\",\"stars\":" #a "},{\"period\":\"2024\",\"stars\":" #b "}]"

static void test_sb7_one_level_down_admonishes_secretary(void **state)
{
	static const char *const want[] = {
		"secretary_admonition: downgraded from 4 to 3 stars"
	};
	mock_run r;

	(void)state;
	start(&r);
	assert_int_equal(feed_extra(&r, "b", NULL, 75, HISTORY(3, 4)),
	                 ASSESS_OK);
	assert_actions(&r, want, 1);
	assert_string_equal(got(&r, "change.direction")->valuestring, "down");
	assert_string_equal(got(&r, "change.previous_period")->valuestring,
	                    "2024");
	mock_run_stop(&r);
}

static void test_sb7_two_level_drop_admonishes_team(void **state)
{
	static const char *const want[] = {
		"secretary_admonition: downgraded from 5 to 3 stars",
		"team_admonition: dropped 2 levels this year"
	};
	mock_run r;

	(void)state;
	start(&r);
	assert_int_equal(feed_extra(&r, "b", NULL, 75, HISTORY(5, 5)),
	                 ASSESS_OK);
	assert_actions(&r, want, 2);
	finish_run(&r);
	assert_int_equal(mock_get(r.summary, "actions.team_admonition")
	                 ->valueint, 1);
	assert_int_equal(mock_get(r.summary, "actions.secretary_handling")
	                 ->valueint, 0);
	mock_run_stop(&r);
}

static void test_sb7_two_years_down_hands_secretary_over(void **state)
{
	static const char *const want[] = {
		"secretary_admonition: downgraded from 4 to 3 stars",
		"secretary_handling: downgraded two years running: 5, 4, 3 stars"
	};
	mock_run r;

	(void)state;
	start(&r);
	assert_int_equal(feed_extra(&r, "b", NULL, 75, HISTORY(5, 4)),
	                 ASSESS_OK);
	assert_actions(&r, want, 2);
	mock_run_stop(&r);
}

/* Three years below three stars: the team may be handled (discretionary);
 * no downgrade, so no admonition.  A history entry of this period or later
 * is not "before". */
static void test_sb7_three_years_below_3_stars_may_handle_team(void **state)
{
	static const char *const want[] = {
		"team_handling: below three stars three years running: 2, 2, 2 stars"
	};
	mock_run r;

	(void)state;
	start(&r);
	assert_int_equal(feed_extra(&r, "b", NULL, 65, HISTORY(2, 2)),
	                 ASSESS_OK);
	assert_actions(&r, want, 1);
	assert_true(cJSON_IsTrue(got(&r, "actions[0].discretionary")));
	/* 3 stars held once breaks the run */
	assert_int_equal(feed_extra(&r, "c", NULL, 65, HISTORY(3, 2)),
	                 ASSESS_OK);
	assert_actions(&r, NULL, 0);
	/* SB6: a rating of the record's own period is no earlier one: the
	 * period or the history is wrong, and the record is rejected */
	assert_int_equal(feed_extra(&r, "d", NULL, 65, ",\"period\":\"2024\","
	                            "\"history\":[{\"period\":\"2024\","
	                            "\"stars\":5}]"), ASSESS_EREJECT);
	assert_error(&r, 0, "history[0].period", "2024 is not before the "
	             "record's period 2024: the history holds earlier years' "
	             "ratings (is the period itself last year's?)");
	mock_run_stop(&r);
}

/* SB6: a malformed history rejects the record, each entry named. */
static void test_sb6_history_entries_checked(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	assert_int_equal(feed_extra(&r, "b", NULL, 65, ",\"history\":[{"
	                            "\"period\":\"2023\",\"stars\":6},{"
	                            "\"stars\":2},{\"period\":\"2023\","
	                            "\"stars\":1}]"), ASSESS_EREJECT);
	assert_int_equal(mock_result_errors(r.res), 2);
	assert_error(&r, 0, "history[0].stars", "must be a whole number of "
	             "stars 0..5 (0: no star or unqualified)");
	assert_error(&r, 1, "history[1].period", "must be a period such as "
	             "\"2024\"");
	mock_run_stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sb9_weak_branch_leaves_another_units_only_helper),
		cmocka_unit_test(test_sb9_unit_first_weakest_with_strongest),
		cmocka_unit_test(test_sb9_ties_by_id_and_no_parent_pairs_across),
		cmocka_unit_test(test_sb9_pairs_are_the_most_the_batch_allows),
		cmocka_unit_test(test_sb1_item_under_its_label_names_the_key),
		cmocka_unit_test(test_sb1_label_beside_its_key_is_rejected),
		cmocka_unit_test(test_sb2_blank_item_in_a_given_period_is_rejected),
		cmocka_unit_test(test_sb4_veto_under_its_label_names_the_key),
		cmocka_unit_test(test_sb3_exactly_90_earns_five_stars),
		cmocka_unit_test(test_sb3_weighed_periods_reach_90),
		cmocka_unit_test(test_sb6_history_entries_checked),
		cmocka_unit_test(test_sb7_one_level_down_admonishes_secretary),
		cmocka_unit_test(test_sb7_two_level_drop_admonishes_team),
		cmocka_unit_test(test_sb7_two_years_down_hands_secretary_over),
		cmocka_unit_test(test_sb7_three_years_below_3_stars_may_handle_team),
	};
	return cmocka_run_group_tests_name("starbranch", tests, NULL, NULL);
}
