/*
 * test_archive.c - unit tests of what the archive and the history decide
 * without a database: a target's password masked wherever it is written
 * (core/archive/archive.c), a result line's scalars picked out as a
 * parser would read them (archive_scan.c), and earlier ratings merged
 * into a record, or the record rejected, as history.c decides (SB6's
 * history).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "archive/archive.h"
#include "archive/archive_impl.h"
#include "history.h"
#include "host.h"

static void masked(const char *target, const char *want)
{
	char out[256];

	archive_mask(target, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_mask_hides_url_and_keyword_passwords(void **state)
{
	(void)state;
	masked("postgresql://alice:sekret@db.example:5432/county",
	       "postgresql://alice:***@db.example:5432/county");
	masked("postgres://alice:s%40cret@/county?host=/run/pg",
	       "postgres://alice:***@/county?host=/run/pg");
	masked("postgresql:///county?host=/run/pg&password=sekret&sslmode=off",
	       "postgresql:///county?host=/run/pg&password=***&sslmode=off");
	masked("postgresql://alice@db/county", "postgresql://alice@db/county");
	masked("county.db", "county.db");
	/* a path with a colon and an @ is not a URL's user and password */
	masked("runs/a:b@c.db", "runs/a:b@c.db");
	/* an unescaped '@' in the password: masked up to the last one */
	masked("postgresql://assess:P@ssw0rd@127.0.0.1:55432/county",
	       "postgresql://assess:***@127.0.0.1:55432/county");
	/* the scheme in capitals, or with one slash */
	masked("PostgreSQL://alice:sekret@db/county",
	       "PostgreSQL://alice:***@db/county");
	masked("postgresql:/alice:sekret@db/county",
	       "postgresql:/alice:***@db/county");
}

static void test_malformed_or_keyword_targets_refused_unshown(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(archive_check_target("PostgreSQL://alice:s@db/c",
	                                      "--archive", err, sizeof err), 0);
	assert_int_equal(archive_check_target("runs/county 2025.db",
	                                      "--archive", err, sizeof err), -1);
	assert_int_equal(archive_check_target("postgresql:/alice:sekret@db/c",
	                                      "--archive", err, sizeof err), -1);
	assert_null(strstr(err, "sekret"));
	assert_int_equal(archive_check_target("postgresql://a:P@ss@db/c",
	                                      "--archive", err, sizeof err), -1);
	assert_null(strstr(err, "ss@db"));
	assert_int_equal(archive_check_target("host=db password = sekret",
	                                      "--history-from", err,
	                                      sizeof err), -1);
	assert_null(strstr(err, "sekret"));
	assert_non_null(strstr(err, "--history-from"));
	assert_int_equal(archive_check_target("county.db", "--archive", err,
	                                      sizeof err), 0);
}

static void test_mask_never_overruns_a_short_buffer(void **state)
{
	char out[12];

	(void)state;
	archive_mask("postgresql://alice:sekret@db.example/county", out,
	             sizeof out);
	assert_true(strlen(out) < sizeof out);
	assert_null(strstr(out, "sekret"));
}

static void test_scan_picks_top_level_scalars_only(void **state)
{
	static const char line[] =
		"{\"id\":\"b-1\",\"name\":\"\\u7b2c1\\u961f \\\"\\u4e00\\\"\","
		"\"parent\":null,\"period\":\"2025\",\"status\":\"ok\","
		"\"criteria\":[{\"id\":\"x\",\"score\":1,\"s\":\"}]\"}],"
		"\"change\":{\"stars\":9},\"score\":89.99,\"stars\":4,"
		"\"rating\":\"四星级\"}";
	const char *const keys[] = { "id", "name", "parent", "stars", "score",
	                             "rating", "change", "absent" };
	const char *v[8];
	char scratch[sizeof line + 8];

	(void)state;
	assert_int_equal(archive_scan(line, keys, 8, v, scratch), 0);
	assert_string_equal(v[0], "b-1");
	assert_string_equal(v[1], "第1队 \"一\"");
	assert_null(v[2]);                 /* null */
	assert_string_equal(v[3], "4");    /* not change.stars */
	assert_string_equal(v[4], "89.99");
	assert_string_equal(v[5], "四星级");
	assert_null(v[6]);                 /* an object */
	assert_null(v[7]);
}

/* The scalars of a result come first: once every key is had, the rest
 * of the line (criteria, actions, the bulk of it) is not walked. */
static void test_scan_stops_once_every_key_is_had(void **state)
{
	static const char line[] =
		"{\"id\":\"b-1\",\"stars\":3,\"criteria\":[{\"key\":\"x\"";
	const char *const keys[] = { "stars", "id" };
	const char *v[2];
	char scratch[sizeof line + 2];

	(void)state;
	assert_int_equal(archive_scan(line, keys, 2, v, scratch), 0);
	assert_string_equal(v[0], "3");
	assert_string_equal(v[1], "b-1");
	/* a key still missing walks on, and finds the line cut */
	assert_int_equal(archive_scan(line, (const char *const[]){ "score" }, 1,
	                              v, scratch), -1);
}

static void test_scan_refuses_what_is_not_an_object(void **state)
{
	const char *const keys[] = { "id" };
	const char *v[1];
	char scratch[64];

	(void)state;
	assert_int_equal(archive_scan("[1,2]", keys, 1, v, scratch), -1);
	assert_int_equal(archive_scan("{\"id\":\"open", keys, 1, v, scratch),
	                 -1);
	assert_int_equal(archive_scan("{\"id\" 1}", keys, 1, v, scratch), -1);
}

/* A record's result, as the batch makes it before the plugin. */
static void result_for(assess_result *res, const char *id)
{
	memset(res, 0, sizeof *res);
	res->root = cJSON_CreateObject();
	res->file = "in.ndjson";
	res->line = 1;
	res->index = 1;
	res->id = id;
}

static struct history *two_years(void)
{
	struct history *h = history_new("starbranch", NULL, 0);
	char err[256];
	int src;

	assert_non_null(h);
	src = history_source(h, "x.db");
	assert_int_equal(src, 0);
	assert_int_equal(history_add(h, src, "starbranch", "b-1", "2023", 3, err,
	                             sizeof err), 0);
	assert_int_equal(history_add(h, src, "starbranch", "b-1", "2024", 4, err,
	                             sizeof err), 0);
	assert_int_equal(history_add(h, src, "starbranch", "b-1", "2025", 5, err,
	                             sizeof err), 0);
	return h;
}

static void test_sb6_archive_history_merged_before_the_period(void **state)
{
	struct history *h = two_years();
	cJSON *rec = cJSON_Parse("{\"id\":\"b-1\",\"period\":\"2025\"}"), *m;
	assess_result res;
	char *text;

	(void)state;
	result_for(&res, "b-1");
	m = history_merge(h, rec, &res);
	assert_non_null(m);
	assert_null(res.errors);
	text = cJSON_PrintUnformatted(cJSON_GetObjectItem(m, "history"));
	/* the archive's own period (2025) left out, not rejected */
	assert_true(strstr(text, "{\"period\":\"2024\",\"stars\":4}") != NULL);
	assert_true(strstr(text, "{\"period\":\"2023\",\"stars\":3}") != NULL);
	assert_null(strstr(text, "2025"));
	cJSON_free(text);
	cJSON_Delete(m);
	cJSON_Delete(rec);
	cJSON_Delete(res.root);
	history_free(h);
}

static void test_sb6_typed_history_contradicted_rejects(void **state)
{
	struct history *h = two_years();
	cJSON *rec = cJSON_Parse("{\"id\":\"b-1\",\"period\":\"2025\","
	                         "\"history\":[{\"period\":\"2024\",\"stars\":2}]}");
	assess_result res;
	const cJSON *msg;

	(void)state;
	result_for(&res, "b-1");
	assert_null(history_merge(h, rec, &res));
	assert_non_null(res.errors);
	msg = cJSON_GetObjectItem(cJSON_GetArrayItem(res.errors, 0), "message");
	assert_string_equal(msg->valuestring,
	                    "2024: stars 2 in in.ndjson, but 4 in x.db");
	cJSON_Delete(res.errors);
	cJSON_Delete(rec);
	cJSON_Delete(res.root);
	history_free(h);
}

static void test_sb6_typed_history_agreeing_is_kept_once(void **state)
{
	struct history *h = two_years();
	cJSON *rec = cJSON_Parse("{\"id\":\"b-1\",\"period\":\"2025\","
	                         "\"history\":[{\"period\":\"2024\",\"stars\":4}]}");
	cJSON *m;
	assess_result res;

	(void)state;
	result_for(&res, "b-1");
	m = history_merge(h, rec, &res);
	assert_null(res.errors);
	assert_non_null(m);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(m, "history")),
	                 2);
	cJSON_Delete(m);
	cJSON_Delete(rec);
	cJSON_Delete(res.root);
	history_free(h);
}

static void test_another_plugins_results_refused(void **state)
{
	char *compat[] = { "starbranch-2024" };
	struct history *h = history_new("starbranch", compat, 1);
	char err[256];
	int src = history_source(h, "old.json");

	(void)state;
	assert_int_equal(history_add(h, src, "fivegood", "c-1", "2024", 1, err,
	                             sizeof err), -1);
	assert_string_equal(err, "old.json: results of plugin fivegood, not "
	                    "starbranch: they cannot give its history "
	                    "(--history-plugin fivegood accepts them)");
	assert_int_equal(history_add(h, src, "starbranch-2024", "b-1", "2024", 1,
	                             err, sizeof err), 0);
	assert_false(history_empty(h));
	history_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_hides_url_and_keyword_passwords),
		cmocka_unit_test(test_mask_never_overruns_a_short_buffer),
		cmocka_unit_test(test_scan_picks_top_level_scalars_only),
		cmocka_unit_test(test_scan_stops_once_every_key_is_had),
		cmocka_unit_test(test_scan_refuses_what_is_not_an_object),
		cmocka_unit_test(test_sb6_archive_history_merged_before_the_period),
		cmocka_unit_test(test_malformed_or_keyword_targets_refused_unshown),
		cmocka_unit_test(test_sb6_typed_history_contradicted_rejects),
		cmocka_unit_test(test_sb6_typed_history_agreeing_is_kept_once),
		cmocka_unit_test(test_another_plugins_results_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
