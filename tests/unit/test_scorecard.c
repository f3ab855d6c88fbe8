/*
 * test_scorecard.c - unit tests of the scorecard plugin on the mock host
 * (mock_host.c), each rule of the 四强党支部 scheme of
 * configs/fourstrong.ini (grades A/B/C, the participation and veto gates,
 * the quota per parent, pairing with a capacity), the expressions'
 * decimal terms, and the configuration errors a scheme's author meets.
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
#include "../../plugins/scorecard.c"

#define FOURSTRONG "configs/fourstrong.ini"

/* Write fourstrong.ini into tmp with each (from, to) line replaced (a
 * to of "+TEXT" adds TEXT after the line instead). */
static void write_edit(const char *const *edit, size_t n, char *tmp)
{
	FILE *in = fopen(FOURSTRONG, "r"), *out;
	char line[512];
	size_t k;
	int fd;

	strcpy(tmp, "/tmp/test_scorecard.XXXXXX");
	assert_non_null(in);
	assert_true((fd = mkstemp(tmp)) >= 0);
	assert_non_null(out = fdopen(fd, "w"));
	while (fgets(line, sizeof line, in)) {
		int done = 0;
		for (k = 0; k < n * 2 && !done; k += 2)
			if (strncmp(line, edit[k], strlen(edit[k])) == 0 &&
			    line[strlen(edit[k])] == '\n') {
				if (edit[k + 1][0] == '+')
					fprintf(out, "%s%s\n", line, edit[k + 1] + 1);
				else
					fprintf(out, "%s\n", edit[k + 1]);
				done = 1;
			}
		if (!done)
			fputs(line, out);
	}
	fclose(in);
	fclose(out);
}

/* A run over fourstrong.ini edited so. */
static void start_edit(mock_run *r, const char *const *edit, size_t n)
{
	char tmp[64];

	write_edit(edit, n, tmp);
	assert_int_equal(mock_run_start(r, ASSESS_ENTRY(), tmp), ASSESS_OK);
	unlink(tmp);
}

static void start(mock_run *r)
{
	assert_int_equal(mock_run_start(r, ASSESS_ENTRY(), FOURSTRONG),
	                 ASSESS_OK);
	assert_null(mock_config_unasked(r->cfg));
}

/* A branch with the four scores, its participation (a share: 0.9 is
 * 90%) and vetoes (a JSON array's inside, or NULL); returns its result's
 * handle. */
static uint64_t feed(mock_run *r, const char *id, const char *parent,
                     double a, double b, double c, double d, double part,
                     const char *vetoes)
{
	char json[512];

	snprintf(json, sizeof json, "{\"id\":\"%s\",\"name\":\"名%s\","
	         "\"parent\":\"%s\",\"scores\":{\"political\":%.10g,"
	         "\"leadership\":%.10g,\"members\":%.10g,\"role\":%.10g},"
	         "\"participation\":%.10g%s%s%s}", id, id, parent, a, b, c, d, part,
	         vetoes ? ",\"vetoes\":[" : "", vetoes ? vetoes : "",
	         vetoes ? "]" : "");
	assert_int_equal(mock_run_feed(r, json), ASSESS_OK);
	return mock_result_handle(r->res);
}

static const char *str(const cJSON *o, const char *path)
{
	const cJSON *v = mock_get(o, path);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *grade(const mock_run *r)
{
	return str(mock_run_got(r, ""), "grade");
}

/* A: a score of 90 exactly with every criterion at 20 or more; a
 * criterion at 19.99 makes it B however high the score; B at 75
 * exactly, C below. */
static void test_fs_ladder_a_b_c_at_their_edges(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	feed(&r, "a", "p", 25, 25, 20, 20, 0.9, NULL);
	assert_string_equal(grade(&r), "A");
	assert_string_equal(str(mock_run_got(&r, ""), "rating"), "四强");
	assert_true(cJSON_IsTrue(mock_run_got(&r, "qualified")));
	feed(&r, "b", "p", 25, 25, 25, 19.99, 0.9, NULL);
	assert_string_equal(grade(&r), "B");
	assert_string_equal(str(mock_run_got(&r, ""), "rating"), "达标");
	feed(&r, "c", "p", 18.75, 18.75, 18.75, 18.75, 0.9, NULL);
	assert_true(mock_run_got(&r, "score")->valuedouble == 75);
	assert_string_equal(grade(&r), "B");
	feed(&r, "d", "p", 18.75, 18.75, 18.75, 18.74, 0.9, NULL);
	assert_string_equal(grade(&r), "C");
	assert_false(cJSON_IsTrue(mock_run_got(&r, "qualified")));
	/* each criterion below its bar is prompted, with its label */
	assert_string_equal(str(mock_run_got(&r, ""), "warnings[0].code"),
	                    "item_prompt");
	assert_string_equal(str(mock_run_got(&r, ""), "warnings[3].item"),
	                    "role");
	assert_string_equal(str(mock_run_got(&r, ""), "warnings[3].message"),
	                    "作用发挥强 18.74 分，低于 20 分");
	/* 20% of 4 rounded down is none: the quota moves "a" to B */
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	assert_int_equal(mock_get(r.summary, "per_grade.A")->valueint, 0);
	assert_int_equal(mock_get(r.summary, "per_grade.B")->valueint, 3);
	assert_int_equal(mock_get(r.summary, "per_grade.C")->valueint, 1);
	mock_run_stop(&r);
}

/* A participation below 80% makes the grade C whatever the scores, and
 * says why; 80% exactly does not. */
static void test_fs_participation_gate(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	feed(&r, "a", "p", 25, 25, 25, 25, 0.7999, NULL);
	assert_string_equal(grade(&r), "C");
	assert_string_equal(str(mock_run_got(&r, ""), "gates[0].gate"),
	                    "participation");
	assert_string_equal(str(mock_run_got(&r, ""), "gates[0].reason"),
	                    "党员参与率 79.99% 低于 80%");
	feed(&r, "b", "p", 25, 25, 25, 25, 0.8, NULL);
	assert_string_equal(grade(&r), "A");
	assert_null(mock_run_got(&r, "gates"));
	mock_run_stop(&r);
}

/* Any veto makes the grade C, naming the vetoes by their labels; an
 * unknown veto rejects the record. */
static void test_fs_veto_gate(void **state)
{
	mock_run r;

	(void)state;
	start(&r);
	feed(&r, "a", "p", 25, 25, 25, 25, 0.95, "\"safety\",\"petitions\"");
	assert_string_equal(grade(&r), "C");
	assert_string_equal(str(mock_run_got(&r, ""), "gates[0].reason"),
	                    "一票否决：重大安全事故、信访突出");
	assert_int_equal(mock_run_feed(&r, "{\"id\":\"x\",\"scores\":{"
	                 "\"political\":1,\"leadership\":1,\"members\":1,"
	                 "\"role\":1},\"participation\":0.9,\"vetoes\":"
	                 "[\"theft\"]}"), ASSESS_EREJECT);
	assert_int_equal(mock_result_errors(r.res), 1);
	mock_run_stop(&r);
}

/* The quota: of 6 branches of parent p, 20% rounded down is 1 branch
 * keeping A: the highest score; equal scores by the smaller id.  The
 * others get B with the quota on their result, and the counts follow. */
static void test_fs_quota_per_parent_highest_first(void **state)
{
	mock_run r;
	uint64_t h1, h2, h3;

	(void)state;
	start(&r);
	h1 = feed(&r, "p-2", "p", 24, 24, 24, 24, 0.9, NULL); /* 96 */
	h2 = feed(&r, "p-1", "p", 24, 24, 24, 24, 0.9, NULL); /* 96, smaller id */
	h3 = feed(&r, "p-3", "p", 23, 23, 23, 23, 0.9, NULL); /* 92 */
	feed(&r, "p-4", "p", 10, 10, 10, 10, 0.9, NULL);
	feed(&r, "p-5", "p", 10, 10, 10, 10, 0.9, NULL);
	feed(&r, "p-6", "p", 10, 10, 10, 10, 0.9, NULL);
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	/* p-1 keeps A: its grade is not amended (it helps p-4 and p-5) */
	assert_null(str(mock_amended(h2), "grade"));
	assert_string_equal(str(mock_amended(h2), "helping[0].id"), "p-4");
	assert_string_equal(str(mock_amended(h1), "grade"), "B");
	assert_string_equal(str(mock_amended(h1), "rating"), "达标");
	assert_string_equal(str(mock_amended(h1), "quota.earned"), "A");
	assert_non_null(str(mock_amended(h1), "quota.reason"));
	assert_string_equal(str(mock_amended(h3), "grade"), "B");
	assert_int_equal(mock_get(r.summary, "per_grade.A")->valueint, 1);
	assert_int_equal(mock_get(r.summary, "per_grade.B")->valueint, 2);
	assert_int_equal(mock_get(r.summary, "quota.moved")->valueint, 2);
	assert_int_equal(mock_get(r.summary, "parents[0].per_grade.A")
	                 ->valueint, 1);
	mock_run_stop(&r);
}

/* Pairing after the quota: C branches, lowest score first, each take
 * the A of their own parent with the highest score that helps fewer
 * than 2; else an A of any parent. */
static void test_fs_pairing_capacity_and_same_parent_first(void **state)
{
	mock_run r;
	int i;
	char id[16];

	(void)state;
	start(&r);
	/* parent p: 10 branches, 2 keep A (20%); 3 C */
	feed(&r, "p-a1", "p", 25, 25, 25, 25, 0.9, NULL);
	feed(&r, "p-a2", "p", 24, 24, 24, 24, 0.9, NULL);
	for (i = 0; i < 5; i++) {
		snprintf(id, sizeof id, "p-b%d", i);
		feed(&r, id, "p", 20, 20, 20, 20, 0.9, NULL);
	}
	feed(&r, "p-c1", "p", 10, 10, 10, 10, 0.9, NULL);
	feed(&r, "p-c2", "p", 11, 11, 11, 11, 0.9, NULL);
	feed(&r, "p-c3", "p", 12, 12, 12, 12, 0.9, NULL);
	/* parent q: 5 branches, one A, four C: two helped at home, the
	 * other two by p's A branch with room left */
	feed(&r, "q-a1", "q", 23, 23, 23, 23, 0.9, NULL);
	feed(&r, "q-c1", "q", 5, 5, 5, 5, 0.9, NULL);
	feed(&r, "q-c2", "q", 6, 6, 6, 6, 0.9, NULL);
	feed(&r, "q-c3", "q", 7, 7, 7, 7, 0.9, NULL);
	feed(&r, "q-c4", "q", 8, 8, 8, 8, 0.9, NULL);
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	/* lowest first across the batch: q-c1 (20), q-c2, q-c3, q-c4, then
	 * p-c1, p-c2, p-c3 */
	assert_string_equal(str(r.summary, "pairs[0].helped"), "q-c1");
	assert_string_equal(str(r.summary, "pairs[0].helper"), "q-a1");
	assert_string_equal(str(r.summary, "pairs[1].helper"), "q-a1");
	/* q-a1 is full: q-c3 goes to the best free A of any parent */
	assert_string_equal(str(r.summary, "pairs[2].helped"), "q-c3");
	assert_string_equal(str(r.summary, "pairs[2].helper"), "p-a1");
	assert_string_equal(str(r.summary, "pairs[3].helper"), "p-a1");
	assert_string_equal(str(r.summary, "pairs[4].helped"), "p-c1");
	assert_string_equal(str(r.summary, "pairs[4].helper"), "p-a2");
	assert_string_equal(str(r.summary, "pairs[5].helper"), "p-a2");
	assert_string_equal(str(r.summary, "unpaired[0]"), "p-c3");
	mock_run_stop(&r);
}

/* Decimal terms: 0.1 + 0.2 is 0.3 exactly, and a bar of 90 is reached
 * by 89.9999995 (the sixth place rounds up) but not by 89.999999. */
static void test_fs_expressions_compare_in_decimal_terms(void **state)
{
	static const char *const edit[] = {
		"expr = sum(criteria)", "expr = sum(criteria) + 0.1 + 0.2 - 0.3"
	};
	mock_run r;

	(void)state;
	start_edit(&r, edit, 1);
	feed(&r, "a", "p", 25, 25, 20, 20, 0.9, NULL);
	assert_string_equal(grade(&r), "A");
	feed(&r, "b", "p", 25, 25, 20, 19.9999995, 0.9, NULL);
	assert_string_equal(grade(&r), "A");
	feed(&r, "c", "p", 25, 25, 20, 19.999999, 0.9, NULL);
	assert_string_equal(grade(&r), "B");
	mock_run_stop(&r);
}

/* The errors a scheme's author meets, each naming section and key:
 * fourstrong.ini with the line from made to, refused with msg. */
static void expect_error(const char *from, const char *to, const char *msg)
{
	const char *edit[2] = { from, to };
	assess_config *cfg;
	void *state = NULL;
	char tmp[64];

	write_edit(edit, 1, tmp);
	assert_non_null(cfg = mock_config_load(tmp));
	unlink(tmp);
	assert_int_equal(ASSESS_ENTRY()->create(&mock_host, cfg, &state),
	                 ASSESS_ECONFIG);
	assert_non_null(mock_config_error(cfg));
	assert_string_equal(mock_config_error(cfg), msg);
	mock_config_free(cfg);
	mock_abi12_reset();
}

static void test_fs_config_errors_name_section_and_key(void **state)
{
	(void)state;
	expect_error("expr = sum(criteria)", "expr = sum(criteria) + bonus",
	             "[value.score] expr: unknown name bonus, at column 17 of: "
	             "sum(criteria) + bonus");
	expect_error("when = participation < 80%", "when = participaton < 80%",
	             "[gate.participation] when: unknown name participaton "
	             "(did you mean participation?), at column 1 of: "
	             "participaton < 80%");
	expect_error("when = participation < 80%", "when = participation < "
	             "count(vetoes)", "[gate.participation] when: cannot "
	             "compare or add a percent and a count: they are of "
	             "different kinds, at column 15 of: participation < "
	             "count(vetoes)");
	expect_error("qualified = no", "+when = score < 75",
	             "[rating.c] when: a record for which no condition holds "
	             "gets no rating: the last rating takes no when (or when = "
	             "true)");
	expect_error("expr = sum(criteria)", "expr = sum(criteria) + half\n"
	             "[value.half]\nexpr = score / 2",
	             "[value.half] expr: uses score, which leads back here "
	             "through [value.score] expr: computed values may not go "
	             "in a circle");
	expect_error("rating = C", "rating = CC", "[gate.participation] "
	             "rating: no rating CC in the ladder (did you mean C?)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fs_ladder_a_b_c_at_their_edges),
		cmocka_unit_test(test_fs_participation_gate),
		cmocka_unit_test(test_fs_veto_gate),
		cmocka_unit_test(test_fs_quota_per_parent_highest_first),
		cmocka_unit_test(test_fs_pairing_capacity_and_same_parent_first),
		cmocka_unit_test(test_fs_expressions_compare_in_decimal_terms),
		cmocka_unit_test(test_fs_config_errors_name_section_and_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
