/*
 * test_sheetout.c - unit tests of the spreadsheet writers (core/sheetout*.c):
 * the columns a describe document gives, the read-ahead when it lists no
 * criteria, the CSV's bytes (BOM, CRLF, quoting, formula guard, numbers
 * as JSON writes them) and the refusals of the xlsx writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sheetout.h"

/* A results_doc over lines (one result each), with the describe
 * document desc (JSON text, or NULL). */
struct fixture {
	struct results_doc doc;
	cJSON *meta, *summary, *describe;
};

static void setup(struct fixture *f, const char *desc, const char *lines)
{
	const char *p;

	memset(f, 0, sizeof *f);
	f->meta = cJSON_Parse("{\"plugin\":\"t\"}");
	f->summary = cJSON_Parse("{\"records\":2}");
	f->describe = desc ? cJSON_Parse(desc) : NULL;
	assert_non_null(f->meta);
	assert_non_null(f->summary);
	f->doc.meta = f->meta;
	f->doc.summary = f->summary;
	f->doc.describe = f->describe;
	f->doc.results = tmpfile();
	assert_non_null(f->doc.results);
	fputs(lines, f->doc.results);
	for (p = lines; *p; p++)
		f->doc.count += *p == '\n';
	rewind(f->doc.results);
}

static void teardown(struct fixture *f)
{
	fclose(f->doc.results);
	cJSON_Delete(f->meta);
	cJSON_Delete(f->summary);
	cJSON_Delete(f->describe);
}

/* What the CSV writer writes for f, NUL-terminated (the caller frees). */
static char *csv(struct fixture *f)
{
	char err[256] = "", *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(sheetout_write_csv(out, &f->doc, err, sizeof err), 0);
	assert_string_equal(err, "");
	fclose(out);
	return buf;
}

static void test_sheet_columns_follow_the_describe_document(void **state)
{
	struct fixture f;
	struct sheetout_cols *c;
	char err[256];
	size_t i, n;
	char all[2048] = "";

	(void)state;
	setup(&f, "{\"stars\":[],\"tiers\":{},\"vetoes\":{\"v\":\"否\"},"
	          "\"items\":[{\"key\":\"a\",\"label\":\"甲\",\"max\":20},"
	          "{\"key\":\"b\",\"max\":10},{\"key\":\"a\",\"label\":\"x\"}]}",
	      "");
	assert_int_equal(sheetout_cols_new(&c, &f.doc, 0, err, sizeof err), 0);
	n = sheetout_cols_count(c);
	for (i = 0; i < n; i++) {
		strcat(all, sheetout_cols_header(c, i));
		strcat(all, "|");
	}
	/* no bar in the items: no 未达标 column; a key listed twice: one
	 * column; a criterion without a label: its key; last year's stars
	 * added last, where the CSV's readers do not see a column move */
	assert_string_equal(all, "编号 (id)|名称 (name)|上级 (parent)|"
		"期间 (period)|状态 (status)|得分 (score)|满分 (max_score)|"
		"评定 (rating)|合格 (qualified)|星级 (stars)|档次 (tier)|"
		"星级变化 (change.direction)|否决项 (vetoes)|甲 (a)|b|"
		"处理措施 (actions)|提示 (warnings)|错误 (errors)|"
		"上年星级 (change.previous)|");
	sheetout_cols_free(c);
	/* a workbook: the labels, last year's stars beside this year's */
	assert_int_equal(sheetout_cols_new(&c, &f.doc, 1, err, sizeof err), 0);
	all[0] = '\0';
	for (i = 0; i < sheetout_cols_count(c); i++) {
		strcat(all, sheetout_cols_header(c, i));
		strcat(all, "|");
	}
	assert_string_equal(all, "编号|名称|上级|期间|状态|得分|满分|评定|合格|"
		"星级|上年星级|星级变化|档次|否决项|甲|b|处理措施|提示|错误|");
	assert_string_equal(sheetout_cols_key(c, 10), "change.previous");
	sheetout_cols_free(c);
	teardown(&f);
}

/* The columns a scheme declares: after everything else in a CSV, in its
 * type (a yes or no from 1 or 0; a text where a number was declared left
 * empty); in a workbook before the actions, headed by the label. */
static void test_sheet_scheme_declares_its_own_columns(void **state)
{
	struct fixture f;
	struct sheetout_cols *c;
	struct sheetout_cell cell;
	char err[256], *out;
	cJSON *r;

	(void)state;
	setup(&f, "{\"criteria\":[],\"columns\":["
	          "{\"key\":\"rate\",\"label\":\"党员参与率\",\"type\":\"number\"},"
	          "{\"key\":\"grade.letter\",\"label\":\"等级\"},"
	          "{\"key\":\"ok\",\"label\":\"合规\",\"type\":\"yesno\"},"
	          "{\"key\":\"score\",\"label\":\"twice\"}]}",
	      "{\"id\":\"a\",\"status\":\"ok\",\"rate\":0.75,"
	      "\"grade\":{\"letter\":\"A\"},\"ok\":1}\n"
	      "{\"id\":\"b\",\"status\":\"ok\",\"rate\":\"high\",\"ok\":false}\n");
	out = csv(&f);
	assert_string_equal(out, "\xEF\xBB\xBF" "编号 (id),名称 (name),"
		"上级 (parent),期间 (period),状态 (status),得分 (score),"
		"满分 (max_score),评定 (rating),合格 (qualified),"
		"处理措施 (actions),提示 (warnings),错误 (errors),"
		"党员参与率 (rate),等级 (grade.letter),合规 (ok)\r\n"
		"a,,,,ok,,,,,,,,0.75,A,true\r\n"
		"b,,,,ok,,,,,,,,,,false\r\n");
	free(out);
	rewind(f.doc.results);
	assert_int_equal(sheetout_cols_new(&c, &f.doc, 1, err, sizeof err), 0);
	assert_int_equal(sheetout_cols_count(c), 15);
	assert_string_equal(sheetout_cols_header(c, 9), "党员参与率");
	assert_string_equal(sheetout_cols_key(c, 10), "grade.letter");
	assert_string_equal(sheetout_cols_header(c, 12), "处理措施");
	r = cJSON_Parse("{\"ok\":true}");
	assert_int_equal(sheetout_cell(c, r, 11, &cell), 0);
	assert_int_equal(cell.type, SHEET_TEXT);
	assert_string_equal(cell.text, sheetout_word("true"));
	cJSON_Delete(r);
	sheetout_cols_free(c);
	teardown(&f);
}

static void test_sheet_criteria_read_ahead_when_undescribed(void **state)
{
	struct fixture f;
	char *out;

	(void)state;
	setup(&f, "{\"plugin\":\"t\"}",
	      "{\"id\":\"r1\",\"status\":\"rejected\",\"errors\":[]}\n"
	      "{\"id\":\"r2\",\"status\":\"ok\",\"criteria\":["
	      "{\"key\":\"k\",\"label\":\"甲\",\"score\":1.5}]}\n");
	out = csv(&f);
	/* the columns from r2, and r1 still written first */
	assert_string_equal(out, "\xEF\xBB\xBF" "编号 (id),名称 (name),"
		"上级 (parent),期间 (period),状态 (status),得分 (score),"
		"满分 (max_score),评定 (rating),合格 (qualified),甲 (k),"
		"处理措施 (actions),提示 (warnings),错误 (errors)\r\n"
		"r1,,,,rejected,,,,,,,,\r\n"
		"r2,,,,ok,,,,,1.5,,,\r\n");
	free(out);
	teardown(&f);
}

static void test_sheet_csv_quotes_guards_and_keeps_numbers(void **state)
{
	struct fixture f;
	char *out, *row;

	(void)state;
	setup(&f, "{\"criteria\":[{\"key\":\"k\",\"label\":\"甲\",\"bar\":1}]}",
	      "{\"id\":\"=1+2\",\"name\":\"a,\\\"b\\\"\\r\\nc\",\"parent\":\"-x\","
	      "\"period\":\"@p\",\"status\":\"ok\",\"score\":-0.5,"
	      "\"max_score\":100,\"rating\":\"+\",\"qualified\":true,"
	      "\"short\":[\"k\",\"zz\"],\"criteria\":[{\"key\":\"k\","
	      "\"score\":0.1}],\"actions\":[{\"code\":\"c1\",\"label\":\"谈话\"},"
	      "{\"code\":\"c2\"}],\"warnings\":[\"w\"]}\n");
	out = csv(&f);
	row = strstr(out, "\r\n");
	assert_non_null(row);
	assert_string_equal(row + 2, "'=1+2,\"a,\"\"b\"\"\r\nc\",'-x,'@p,ok,"
		"-0.5,100,'+,true,甲 (k); zz,0.1,谈话 (c1); c2,w,\r\n");
	free(out);
	teardown(&f);
}

static void test_sheet_xlsx_refuses_more_rows_than_a_sheet(void **state)
{
	struct fixture f;
	char err[256] = "";
	FILE *out = tmpfile();

	(void)state;
	assert_non_null(out);
	setup(&f, NULL, "");
	f.doc.count = 1048576;
	assert_int_equal(sheetout_write_xlsx(out, &f.doc, err, sizeof err), -1);
	assert_string_equal(err, "1048576 results do not fit an xlsx sheet "
	                    "(at most 1048575): use --format csv");
	assert_int_equal(ftell(out), 0);
	fclose(out);
	teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheet_columns_follow_the_describe_document),
		cmocka_unit_test(test_sheet_criteria_read_ahead_when_undescribed),
		cmocka_unit_test(test_sheet_scheme_declares_its_own_columns),
		cmocka_unit_test(test_sheet_csv_quotes_guards_and_keeps_numbers),
		cmocka_unit_test(test_sheet_xlsx_refuses_more_rows_than_a_sheet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
