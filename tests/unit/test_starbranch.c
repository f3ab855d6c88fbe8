/*
 * test_starbranch.c - unit tests of the star scheme's batch rules, run on
 * the plugin compiled in (as the fuzz harness does) against the real host
 * table and the shipped configs/starbranch.ini: SB9 pairing in its two
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

#include "config.h"
#include "host.h"
#include "../../plugins/starbranch.c"

/* A batch run through the plugin: create, assess each record, finish. */
struct run {
	const assess_plugin *p;
	assess_config *cfg;
	void *state;
	cJSON *summary;
	cJSON *errors; /* the last record's errors */
	int last_rc;
};

static void start(struct run *r)
{
	char err[512];

	memset(r, 0, sizeof *r);
	r->p = ASSESS_ENTRY();
	assert_int_equal(config_load("configs/starbranch.ini", &r->cfg, err,
	                             sizeof err), 0);
	assert_int_equal(r->p->create(&host_table, r->cfg, &r->state),
	                 ASSESS_OK);
}

/* Assess one record given as JSON text; its errors stay in r->errors. */
static void feed_json(struct run *r, const char *json)
{
	cJSON *root = cJSON_Parse(json);
	assess_record rec;
	assess_result res = { 0 };

	assert_non_null(root);
	rec.root = root;
	rec.id = cJSON_GetObjectItem(root, "id")->valuestring;
	res.root = cJSON_CreateObject();
	res.file = "test";
	res.line = 1;
	res.id = rec.id;
	host_set_current(&res);
	r->last_rc = r->p->assess(r->state, &rec, &res);
	host_set_current(NULL);
	cJSON_Delete(r->errors);
	r->errors = res.errors;
	cJSON_Delete(res.root);
	cJSON_Delete(root);
}

/* A branch whose seven items are each the same share of their maximum,
 * so its composite is score (stars from the shipped bars 50..90). */
static void feed(struct run *r, const char *id, const char *parent,
                 double score)
{
	static const double max[7] = { 20, 15, 15, 15, 15, 10, 10 };
	static const char *const key[7] = {
		"self_building", "team", "workforce", "basic_work", "production",
		"supervision", "democracy_culture"
	};
	char json[1024];
	int i, n;

	n = snprintf(json, sizeof json, "{\"id\":\"%s\",\"name\":\"%s\"", id, id);
	if (parent)
		n += snprintf(json + n, sizeof json - (size_t)n,
		              ",\"parent\":\"%s\"", parent);
	n += snprintf(json + n, sizeof json - (size_t)n, ",\"scores\":{");
	for (i = 0; i < 7; i++)
		n += snprintf(json + n, sizeof json - (size_t)n, "%s\"%s\":%.6f",
		              i ? "," : "", key[i], max[i] * score / 100);
	snprintf(json + n, sizeof json - (size_t)n, "}}");
	feed_json(r, json);
	assert_int_equal(r->last_rc, ASSESS_OK);
}

static void finish_run(struct run *r)
{
	r->summary = cJSON_CreateObject();
	assert_int_equal(r->p->finish(r->state, (assess_node *)r->summary),
	                 ASSESS_OK);
}

static void stop(struct run *r)
{
	r->p->destroy(r->state);
	config_free(r->cfg);
	cJSON_Delete(r->summary);
	cJSON_Delete(r->errors);
}

/* Pair i of the summary is helper -> helped, same_parent as given. */
static void assert_pair(const struct run *r, int i, const char *helper,
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

static int count(const struct run *r, const char *name)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(r->summary, name));
}

/* The case of the issue: the weakest branch has no helper in its unit; a
 * later branch of another unit has exactly one.  Taking the strongest
 * helper anywhere first would leave that branch to a stranger. */
static void test_sb9_weak_branch_leaves_another_units_only_helper(void **state)
{
	struct run r;

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
	stop(&r);
}

/* Within a unit the weakest takes the strongest; what is left of the
 * unit's branches goes to the strongest free helpers elsewhere; a helper
 * is kept for its own unit even when a weaker stranger waits. */
static void test_sb9_unit_first_weakest_with_strongest(void **state)
{
	struct run r;

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
	stop(&r);
}

/* Equal scores: the smaller id is weaker (helped) or stronger (helper);
 * a branch without a parent is never paired within a unit. */
static void test_sb9_ties_by_id_and_no_parent_pairs_across(void **state)
{
	struct run r;

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
	stop(&r);
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
	struct run r;
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
	stop(&r);
}

/* The first error of the last record: its path and message. */
static void assert_error(const struct run *r, int i, const char *path,
                         const char *message)
{
	cJSON *e = cJSON_GetArrayItem(r->errors, i);

	assert_non_null(e);
	assert_string_equal(cJSON_GetObjectItem(e, "path")->valuestring, path);
	assert_string_equal(cJSON_GetObjectItem(e, "message")->valuestring,
	                    message);
}

static void test_sb1_item_under_its_label_names_the_key(void **state)
{
	struct run r;

	(void)state;
	start(&r);
	feed_json(&r, "{\"id\":\"x\",\"name\":\"x\",\"scores\":{\"自身建设\":12,"
	          "\"team\":10,\"workforce\":10,\"basic_work\":10,\"production\":10,"
	          "\"supervision\":8,\"democracy_culture\":8}}");
	assert_int_equal(r.last_rc, ASSESS_EREJECT);
	assert_int_equal(cJSON_GetArraySize(r.errors), 1);
	assert_error(&r, 0, "scores.自身建设", "\"自身建设\" is the label of "
	             "self_building; use the key \"self_building\"");
	/* in a period's checks too, and a misspelt key is named */
	feed_json(&r, "{\"id\":\"x\",\"name\":\"x\",\"checks\":{\"annual\":{"
	          "\"self_building\":12,\"班子建设\":10,\"workforce\":10,"
	          "\"basic_work\":10,\"production\":10,\"supervision\":8,"
	          "\"democracy_cultre\":8}}}");
	assert_int_equal(r.last_rc, ASSESS_EREJECT);
	assert_int_equal(cJSON_GetArraySize(r.errors), 2);
	assert_error(&r, 0, "checks.annual.班子建设", "\"班子建设\" is the label "
	             "of team; use the key \"team\"");
	assert_error(&r, 1, "checks.annual.democracy_cultre", "unknown item "
	             "\"democracy_cultre\": did you mean democracy_culture?");
	/* an item simply missing keeps its message */
	feed_json(&r, "{\"id\":\"x\",\"name\":\"x\",\"scores\":{"
	          "\"self_building\":12,\"team\":10,\"workforce\":10,"
	          "\"basic_work\":10,\"production\":10,\"supervision\":8,"
	          "\"culture\":8}}");
	assert_int_equal(cJSON_GetArraySize(r.errors), 1);
	assert_error(&r, 0, "scores.democracy_culture", "missing: no score for "
	             "民主管理与文化建设 (democracy_culture) in scores or checks");
	finish_run(&r);
	stop(&r);
}

static void test_sb4_veto_under_its_label_names_the_key(void **state)
{
	struct run r;

	(void)state;
	start(&r);
	feed_json(&r, "{\"id\":\"x\",\"name\":\"x\",\"scores\":{"
	          "\"self_building\":12,\"team\":10,\"workforce\":10,"
	          "\"basic_work\":10,\"production\":10,\"supervision\":8,"
	          "\"democracy_culture\":8},\"vetoes\":[\"班子不团结\","
	          "\"task_unfinshed\",\"late\",\"member_disciplined\"]}");
	assert_int_equal(r.last_rc, ASSESS_EREJECT);
	assert_int_equal(cJSON_GetArraySize(r.errors), 3);
	assert_error(&r, 0, "vetoes[0]", "unknown veto \"班子不团结\": it is the "
	             "label of team_disunity; use the key \"team_disunity\" "
	             "(known: team_disunity, task_unfinished, member_disciplined)");
	assert_error(&r, 1, "vetoes[1]", "unknown veto \"task_unfinshed\": did "
	             "you mean task_unfinished? (known: team_disunity, "
	             "task_unfinished, member_disciplined)");
	assert_error(&r, 2, "vetoes[2]", "unknown veto \"late\" (known: "
	             "team_disunity, task_unfinished, member_disciplined)");
	finish_run(&r);
	stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sb9_weak_branch_leaves_another_units_only_helper),
		cmocka_unit_test(test_sb9_unit_first_weakest_with_strongest),
		cmocka_unit_test(test_sb9_ties_by_id_and_no_parent_pairs_across),
		cmocka_unit_test(test_sb9_pairs_are_the_most_the_batch_allows),
		cmocka_unit_test(test_sb1_item_under_its_label_names_the_key),
		cmocka_unit_test(test_sb4_veto_under_its_label_names_the_key),
	};
	return cmocka_run_group_tests_name("starbranch", tests, NULL, NULL);
}
