/*
 * test_sheetin.c - unit tests of the spreadsheet readers (core/colmap.c,
 * core/sheetin*.c): which path each kind of header gives, and the exact
 * JSON text a CSV row becomes (numbers as written, host fields as
 * strings, lists split and labels turned to keys, history entries, empty
 * cells absent), with the row numbers a spreadsheet shows.
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

#include "colmap.h"
#include "input.h"
#include "sheetin.h"

static const char describe[] =
	"{\"items\":[{\"key\":\"self_building\",\"label\":\"自身建设\"},"
	"{\"key\":\"team\",\"label\":\"班子建设\"}],"
	"\"vetoes\":{\"team_disunity\":\"班子不团结\","
	"\"task_unfinished\":\"未完成上级交办任务\"}}";

static struct colmap *map_new(const char *columns)
{
	cJSON *doc = cJSON_Parse(describe);
	struct colmap *m = NULL;
	char err[256];

	assert_non_null(doc);
	assert_int_equal(colmap_new(&m, doc, columns, err, sizeof err), 0);
	cJSON_Delete(doc);
	return m;
}

static void expect_path(const struct colmap *m, const char *header,
                        const char *path, enum colmap_type type)
{
	char got[256];
	enum colmap_type t;

	if (colmap_resolve(m, header, got, sizeof got, &t) != 0)
		fail_msg("header %s: unknown", header);
	assert_string_equal(got, path);
	assert_int_equal(t, type);
}

static void test_colmap_every_header_rule(void **state)
{
	char cols[] = "/tmp/test_sheetin_XXXXXX";
	int fd = mkstemp(cols);
	struct colmap *m;
	char got[256], why[1024];
	enum colmap_type t;
	static const char ini[] = "[columns]\n日常·自身建设 = checks.daily."
	                          "self_building\n编号 = code\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, ini, sizeof ini - 1), (long)sizeof ini - 1);
	close(fd);
	m = map_new(cols);
	expect_path(m, "日常·自身建设", "checks.daily.self_building",
	            COLMAP_AUTO);
	expect_path(m, "编号", "code", COLMAP_AUTO); /* --columns wins */
	expect_path(m, "ID", "id", COLMAP_STRING);
	expect_path(m, "年度", "period", COLMAP_STRING);
	expect_path(m, "上级", "parent", COLMAP_STRING);
	expect_path(m, "否决项", "vetoes", COLMAP_LIST);
	expect_path(m, "自身建设", "scores.self_building", COLMAP_AUTO);
	expect_path(m, "scores.team", "scores.team", COLMAP_AUTO);
	expect_path(m, "班子建设 (team)", "scores.team", COLMAP_AUTO);
	expect_path(m, "checks.annual.班子建设", "checks.annual.team",
	            COLMAP_AUTO);
	expect_path(m, "history.2024.stars", "history.2024.stars",
	            COLMAP_AUTO);
	expect_path(m, "history.2024.period", "history.2024.period",
	            COLMAP_STRING);
	assert_int_equal(colmap_resolve(m, "班子", got, sizeof got, &t), -1);
	assert_int_equal(colmap_resolve(m, "scores..team", got, sizeof got,
	                                &t), -1);
	colmap_unknown(m, "班子建", why, sizeof why);
	assert_non_null(strstr(why, "did you mean \"班子建设\"?"));
	assert_string_equal(colmap_veto(m, "班子不团结"), "team_disunity");
	assert_string_equal(colmap_veto(m, "task_unfinished"),
	                    "task_unfinished");
	assert_null(colmap_veto(m, "班子"));
	colmap_free(m);
	unlink(cols);
}

/* The records of CSV text, each "LINE TEXT\n", into out. */
static void read_csv(const char *csv, char *out, size_t len)
{
	char path[] = "/tmp/test_sheetin_XXXXXX", err[1024];
	char *paths[1] = { path };
	struct colmap *m = map_new(NULL);
	struct sheetin_opts so = { SHEETIN_CSV, NULL, m };
	struct input *in;
	struct input_rec r;
	int fd = mkstemp(path);
	size_t used = 0;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, strlen(csv)), (long)strlen(csv));
	close(fd);
	assert_int_equal(input_open(&in, paths, 1, err, sizeof err), 0);
	input_set_sheets(in, &so);
	out[0] = '\0';
	while (input_next(in, &r, err, sizeof err) > 0)
		used += (size_t)snprintf(out + used, len - used, "%ld %s\n",
		                         r.line, r.text);
	input_close(in);
	colmap_free(m);
	unlink(path);
}

static void test_sheetin_csv_rows_become_records(void **state)
{
	char got[4096];

	(void)state;
	read_csv("\xef\xbb\xbf" "编号,名称,自身建设,否决项,history.2024.stars,"
	         "checks.annual.班子建设\r\n"
	         "001,\"a,\"\"b\"\"\r\nc\",89.95,\"班子不团结、task_unfinished；"
	         " x \",5,1e2\r\n"
	         ",,,,,\r\n"
	         "2025,n,十九,,,\r\n"
	         "b, n ,-0.50,,,\n", got, sizeof got);
	assert_string_equal(got,
		"2 {\"id\":\"001\",\"name\":\"a,\\\"b\\\"\\r\\nc\","
		"\"scores\":{\"self_building\":89.95},"
		"\"vetoes\":[\"team_disunity\",\"task_unfinished\",\"x\"],"
		"\"history\":[{\"period\":\"2024\",\"stars\":5}],"
		"\"checks\":{\"annual\":{\"team\":1e2}}}\n"
		"4 {\"id\":\"2025\",\"name\":\"n\","
		"\"scores\":{\"self_building\":\"十九\"}}\n"
		"5 {\"id\":\"b\",\"name\":\" n \","
		"\"scores\":{\"self_building\":-0.50}}\n");
}

/* Rows ended by a lone CR (Excel's "CSV (Macintosh)"), a quoted CR kept
 * as text, and a last row with no line end. */
static void test_sheetin_csv_lone_cr_ends_rows(void **state)
{
	char got[4096];

	(void)state;
	read_csv("编号,名称,自身建设\r"
	         "a,\"x\ry\",1\r"
	         "b,n,2\r\r"
	         "c,m,3", got, sizeof got);
	assert_string_equal(got,
		"2 {\"id\":\"a\",\"name\":\"x\\ry\","
		"\"scores\":{\"self_building\":1}}\n"
		"3 {\"id\":\"b\",\"name\":\"n\","
		"\"scores\":{\"self_building\":2}}\n"
		"5 {\"id\":\"c\",\"name\":\"m\","
		"\"scores\":{\"self_building\":3}}\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_colmap_every_header_rule),
		cmocka_unit_test(test_sheetin_csv_rows_become_records),
		cmocka_unit_test(test_sheetin_csv_lone_cr_ends_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
