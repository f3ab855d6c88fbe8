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
#include <zip.h>

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
	assert_int_equal(colmap_near(m, "班子建", why, sizeof why), 1);
	assert_string_equal(why, "班子建设");
	assert_string_equal(colmap_veto(m, "班子不团结"), "team_disunity");
	assert_string_equal(colmap_veto(m, "task_unfinished"),
	                    "task_unfinished");
	assert_null(colmap_veto(m, "班子"));
	colmap_free(m);
	unlink(cols);
}

static const char star_describe[] =
	"{\"items\":[{\"key\":\"self_building\",\"label\":\"自身建设\"},"
	"{\"key\":\"team\",\"label\":\"班子建设\"}],"
	"\"periods\":{\"daily\":0.3,\"half_year\":0.3,\"annual\":0.4},"
	"\"stars\":[],\"vetoes\":{\"team_disunity\":\"班子不团结\"},"
	"\"input\":[{\"path\":\"indicators.report_rate\"},"
	"{\"path\":\"indicators.x\",\"label\":\"上报率\"}]}";

/* A department's headers as they come: the host fields' Chinese names,
 * a period and an item in every usual joining, points suffixes,
 * full-width text, the year before's stars, declared fields, and the
 * columns that hold no field. */
static void test_colmap_department_headers(void **state)
{
	cJSON *doc = cJSON_Parse(star_describe);
	struct colmap *m = NULL;
	char err[256], got[256];
	enum colmap_type t;
	static const char *const team[] = {
		"年度考核-班子建设", "年度考核·班子建设", "年度考核（班子建设）",
		"年度考核(班子建设)", "班子建设（年度）", "年度考核—班子建设",
		"年度考核 班子建设", "年度考核班子建设", "年度考核-班子建设（15分）",
		"年度考核・班子建设", "【年度考核】班子建设", "年度考核\n班子建设",
		"年终-team", "annual.班子建设",
	};
	static const char *const skip[] = { "序号", "备注", "说明", "填表人",
	                                    "No.", "ｎｏ．" };
	size_t i;

	(void)state;
	assert_int_equal(colmap_new(&m, doc, NULL, err, sizeof err), 0);
	cJSON_Delete(doc);
	expect_path(m, "支部名称", "name", COLMAP_STRING);
	expect_path(m, "党组织名称", "name", COLMAP_STRING);
	expect_path(m, "单位名称", "name", COLMAP_STRING);
	expect_path(m, "所属党委", "parent", COLMAP_STRING);
	expect_path(m, "上级党组织", "parent", COLMAP_STRING);
	expect_path(m, "所属街道", "parent", COLMAP_STRING);
	expect_path(m, "支部编号", "id", COLMAP_STRING);
	expect_path(m, "组织编码", "id", COLMAP_STRING);
	expect_path(m, "考核年度", "period", COLMAP_STRING);
	expect_path(m, "年份", "period", COLMAP_STRING);
	expect_path(m, "上年星级", "history." COLMAP_PREV ".stars", COLMAP_AUTO);
	expect_path(m, "2024年星级", "history.2024.stars", COLMAP_AUTO);
	expect_path(m, "一票否决事项", "vetoes", COLMAP_LIST);
	expect_path(m, "自身建设（20分）", "scores.self_building", COLMAP_AUTO);
	expect_path(m, "自身建设(满分20分)", "scores.self_building",
	            COLMAP_AUTO);
	expect_path(m, "自身建设 20分", "scores.self_building", COLMAP_AUTO);
	expect_path(m, "日常考核-自身建设", "checks.daily.self_building",
	            COLMAP_AUTO);
	expect_path(m, "半年考核（自身建设）", "checks.half_year.self_building",
	            COLMAP_AUTO);
	for (i = 0; i < sizeof team / sizeof *team; i++)
		expect_path(m, team[i], "checks.annual.team", COLMAP_AUTO);
	expect_path(m, "report_rate", "indicators.report_rate", COLMAP_AUTO);
	expect_path(m, "上报率", "indicators.x", COLMAP_AUTO);
	expect_path(m, "班子建设 (team)", "scores.team", COLMAP_AUTO);
	for (i = 0; i < sizeof skip / sizeof *skip; i++)
		assert_int_equal(colmap_resolve(m, skip[i], got, sizeof got, &t), 1);
	/* a period alone heads no column */
	assert_int_equal(colmap_resolve(m, "日常考核", got, sizeof got, &t), -1);
	assert_int_equal(colmap_resolve(m, "年度考核-总分", got, sizeof got, &t),
	                 -1);
	colmap_free(m);
}

/* A header one character short, or near a known one, is a near miss
 * naming the header meant; 序号 is never one (it is known). */
static void test_colmap_near_misses_name_the_header_meant(void **state)
{
	cJSON *doc = cJSON_Parse(star_describe);
	struct colmap *m = NULL;
	char err[256], near[256];

	(void)state;
	assert_int_equal(colmap_new(&m, doc, NULL, err, sizeof err), 0);
	cJSON_Delete(doc);
	assert_int_equal(colmap_near(m, "年度考核-班子建", near, sizeof near), 1);
	assert_string_equal(near, "年度考核-班子建设");
	assert_int_equal(colmap_near(m, "年终考评-班子建设", near, sizeof near),
	                 1); /* 年终考核 or 年度考评, a period of annual */
	expect_path(m, near, "checks.annual.team", COLMAP_AUTO);
	assert_int_equal(colmap_near(m, "上年星", near, sizeof near), 1);
	assert_string_equal(near, "上年星级");
	assert_int_equal(colmap_near(m, "2024年星", near, sizeof near), 1);
	assert_string_equal(near, "2024年星级");
	assert_int_equal(colmap_near(m, "支部名", near, sizeof near), 1);
	assert_string_equal(near, "支部名称");
	assert_int_equal(colmap_near(m, "自身建设得分", near, sizeof near), 1);
	assert_string_equal(near, "自身建设");
	assert_int_equal(colmap_near(m, "年度考核", near, sizeof near), 1);
	assert_string_equal(near, "年度考核-自身建设");
	assert_int_equal(colmap_near(m, "联系方式", near, sizeof near), 0);
	assert_int_equal(colmap_near(m, "序", near, sizeof near), 0);
	colmap_free(m);
}

/* [input] columns and skip_columns: an explicit name wins over a
 * built-in one; a bad entry names itself. */
static void test_colmap_ini_input_names(void **state)
{
	cJSON *doc = cJSON_Parse(star_describe);
	struct colmap *m = NULL;
	char err[512], got[256];
	enum colmap_type t;

	(void)state;
	assert_int_equal(colmap_new(&m, doc, NULL, err, sizeof err), 0);
	cJSON_Delete(doc);
	assert_int_equal(colmap_add_input(m, "支部全称=name，名称=parent、"
	                                  "年底=checks.annual", "联系电话2, 编号",
	                                  err, sizeof err), 0);
	expect_path(m, "支部全称", "name", COLMAP_STRING);
	expect_path(m, "名称", "parent", COLMAP_STRING);
	expect_path(m, "年底-班子建设", "checks.annual.team", COLMAP_AUTO);
	assert_int_equal(colmap_resolve(m, "编号", got, sizeof got, &t), 1);
	assert_int_equal(colmap_resolve(m, "联系电话2", got, sizeof got, &t), 1);
	assert_int_equal(colmap_add_input(m, "支部全称", NULL, err, sizeof err),
	                 -1);
	assert_non_null(strstr(err, "\"支部全称\": write HEADER=PATH"));
	colmap_free(m);
}

/* The records of CSV text, each "LINE TEXT\n", into out. */
static void read_csv(const char *csv, char *out, size_t len)
{
	char path[] = "/tmp/test_sheetin_XXXXXX", err[1024];
	char *paths[1] = { path };
	struct colmap *m = map_new(NULL);
	struct sheetin_opts so = { SHEETIN_CSV, NULL, m, NULL, NULL, 0 };
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

/* A row copied whole from the read buffer and a row read byte by byte
 * (one cut by the buffer's end, one holding quotes, one after a lone CR)
 * give the same record: 1,100 rows ended by CRLF, so that rows straddle
 * each 64 KB the reader takes at a time. */
static void test_sheetin_csv_rows_whole_or_cut_by_the_buffer(void **state)
{
	static const char head[] = "编号,名称,自身建设,否决项\r\n";
	static const char row[] = "b-0000001,第1钻井队,89.95,班子不团结、"
	                          "task_unfinished,,\r\n";
	static const char odd[] = "b-0000001,\"第1钻井队\",89.95,班子不团结、"
	                          "task_unfinished\r"
	                          "b-0000001,第1钻井队,89.95,\"班子不团结、"
	                          "task_unfinished\"\n"
	                          "b-0000001,第1钻井队,89.95,班子不团结、"
	                          "task_unfinished";
	static const char want[] = "{\"id\":\"b-0000001\",\"name\":\"第1钻井队\","
	                           "\"scores\":{\"self_building\":89.95},"
	                           "\"vetoes\":[\"team_disunity\","
	                           "\"task_unfinished\"]}";
	size_t n = 1100, i, len = sizeof head + n * strlen(row) + sizeof odd;
	char *csv = malloc(len), *got = malloc(n * 256), *at, *line, *end;
	char expect[256];
	long rows = 0;

	(void)state;
	assert_non_null(csv);
	assert_non_null(got);
	at = csv + strlen(strcpy(csv, head));
	for (i = 0; i < n; i++)
		at += strlen(strcpy(at, row));
	strcpy(at, odd);
	read_csv(csv, got, n * 256);
	for (line = got; *line; line = end + 1) {
		end = strchr(line, '\n');
		assert_non_null(end);
		*end = '\0';
		snprintf(expect, sizeof expect, "%ld %s", rows + 2, want);
		assert_string_equal(line, expect);
		rows++;
	}
	assert_int_equal(rows, n + 3);
	free(csv);
	free(got);
}


/* A CSV file of text at a fresh temporary path (path: its room). */
static void temp_csv(char *path, const char *csv)
{
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, strlen(csv)), (long)strlen(csv));
	close(fd);
}

/* A record keeps its row's state after the reader moved on, as the
 * pipeline's reader does: its faults, its history entries, the year its
 * 上年星级 column stands for, and its file's plan past that file's end,
 * so the columns named for it are its own row's. */
static void test_sheetin_row_state_outlives_the_reader(void **state)
{
	char a[] = "/tmp/test_sheetin_XXXXXX", b[] = "/tmp/test_sheetin_XXXXXX";
	char *paths[2] = { a, b }, err[1024], text[4][512];
	struct sheetin_node *plans = NULL;
	struct colmap *m = map_new(NULL);
	struct sheetin_opts so = { SHEETIN_CSV, NULL, m, NULL, &plans, 0 };
	struct sheetin_rowcopy row[4];
	struct input *in;
	struct input_rec r;
	const char *path;
	int n = 0, i;

	(void)state;
	memset(row, 0, sizeof row);
	temp_csv(a, "编号,年度,上年星级,自身建设\r\n"
	            "b-1,2025,5,19\r\n"
	            "b-2,2024,3,18\r\n"
	            "b-3,2025,x,17\r\n");
	temp_csv(b, "id,自身建设\r\nb-4,16\r\n");
	assert_int_equal(input_open(&in, paths, 2, err, sizeof err), 0);
	input_set_sheets(in, &so);
	while (input_next(in, &r, err, sizeof err) > 0) {
		assert_true(n < 4);
		assert_non_null(r.row);
		assert_int_equal(sheetin_rowcopy_set(&row[n], r.row), 0);
		snprintf(text[n++], sizeof text[0], "%s", r.text);
	}
	assert_int_equal(n, 4);
	input_close(in); /* every file closed: the plans are kept */
	assert_non_null(plans);

	assert_non_null(strstr(text[0], "{\"period\":\"2024\",\"stars\":5}"));
	assert_non_null(strstr(text[1], "{\"period\":\"2023\",\"stars\":3}"));
	assert_string_equal(sheetin_column(&row[0].st, "history[0].stars"),
	                    "上年星级");
	assert_string_equal(sheetin_column(&row[0].st, "history.2024.stars"),
	                    "上年星级");
	assert_null(sheetin_column(&row[0].st, "history.2023.stars"));
	assert_string_equal(sheetin_column(&row[1].st, "history.2023.stars"),
	                    "上年星级");
	assert_string_equal(sheetin_column(&row[1].st, "scores.self_building"),
	                    "自身建设");
	for (i = 0; i < 2; i++)
		assert_null(sheetin_fault(&row[i].st, 0, &path));
	/* the third row's star cell cannot be read: its fault, its cell */
	assert_non_null(strstr(sheetin_fault(&row[2].st, 0, &path), "C4"));
	assert_string_equal(path, "history[0].stars");
	assert_null(sheetin_fault(&row[2].st, 1, &path));
	assert_null(sheetin_column(&row[2].st, "history[0].stars"));
	/* the second file's own plan */
	assert_string_equal(sheetin_column(&row[3].st, "id"), "id");
	assert_null(sheetin_column(&row[3].st, "period"));
	assert_string_equal(sheetin_column(&row[0].st, "period"), "年度");
	assert_null(sheetin_column(NULL, "id"));

	for (i = 0; i < 4; i++)
		sheetin_rowcopy_free(&row[i]);
	sheetin_plans_free(&plans);
	assert_null(plans);
	colmap_free(m);
	unlink(a);
	unlink(b);
}

/* A cell is named as a spreadsheet shows it: letters past Z go on as
 * AA, a large row in full, and a short buffer cut as snprintf cuts. */
static void test_sheetin_cell_names(void **state)
{
	char b[32];

	(void)state;
	sheetin_cell_name(0, 1, b, sizeof b);
	assert_string_equal(b, "A1");
	sheetin_cell_name(3, 7, b, sizeof b);
	assert_string_equal(b, "D7");
	sheetin_cell_name(25, 10, b, sizeof b);
	assert_string_equal(b, "Z10");
	sheetin_cell_name(26, 100000, b, sizeof b);
	assert_string_equal(b, "AA100000");
	sheetin_cell_name(16383, 1048576, b, sizeof b);
	assert_string_equal(b, "XFD1048576");
	sheetin_cell_name(701, 9223372036854775807L, b, sizeof b);
	assert_string_equal(b, "ZZ9223372036854775807");
	sheetin_cell_name(27, 12345, b, 5);
	assert_string_equal(b, "AB12");
}

/* An xlsx workbook of the parts given (name, text, ... NULL) written to a
 * temporary file, opened for reading and unlinked. */
static FILE *workbook(const char *const *parts)
{
	char path[] = "/tmp/test_sheetin_XXXXXX";
	int fd = mkstemp(path), err;
	zip_t *z;
	FILE *fp;

	assert_true(fd >= 0);
	close(fd);
	assert_non_null(z = zip_open(path, ZIP_TRUNCATE, &err));
	for (; parts[0]; parts += 2) {
		zip_source_t *src = zip_source_buffer(z, parts[1],
		                                      strlen(parts[1]), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, parts[0], src, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	assert_non_null(fp = fopen(path, "rb"));
	unlink(path);
	return fp;
}

/* A sheet's cells as the workbook reader hands them on, "COL KIND TEXT"
 * each: elements and the attributes t and s with a namespace prefix (as
 * some programs write every name) read as without, but r only without
 * one (a cell with x:r takes the column after the one before); each type
 * of cell, a formula with no value, and a type no one writes as text. */
static void test_sheetin_xlsx_cells_and_prefixed_names(void **state)
{
	static const char *const parts[] = {
		"xl/workbook.xml",
		"<x:workbook xmlns:x=\"m\" xmlns:r=\"r\"><x:sheets>"
		"<x:sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
		"</x:sheets></x:workbook>",
		"xl/_rels/workbook.xml.rels",
		"<Relationships xmlns=\"p\"><Relationship Id=\"rId1\" "
		"Target=\"worksheets/sheet1.xml\"/></Relationships>",
		"xl/sharedStrings.xml",
		"<x:sst xmlns:x=\"m\"><x:si><x:t>共享</x:t></x:si></x:sst>",
		"xl/worksheets/sheet1.xml",
		"<x:worksheet xmlns:x=\"m\"><x:sheetData><x:row r=\"3\">"
		"<x:c r=\"A3\" x:t=\"s\"><x:v>0</x:v></x:c>"
		"<x:c r=\"C3\" t=\"b\"><x:v>1</x:v></x:c>"
		"<x:c r=\"D3\" t=\"e\"><x:v>#N/A</x:v></x:c>"
		"<x:c x:r=\"Z9\" t=\"inlineStr\"><x:is><x:t>内联</x:t>"
		"<x:rPh><x:t>ナイ</x:t></x:rPh></x:is></x:c>"
		"<x:c t=\"str\"><x:f>A3</x:f><x:v>s</x:v></x:c>"
		"<x:c r=\"H3\"><x:f>1+1</x:f></x:c>"
		"<x:c r=\"I3\" t=\"nn\"><x:v>7</x:v></x:c>"
		"<x:c r=\"J3\" t=\"n\" x:s=\"0\"><x:v>2.5</x:v></x:c>"
		"</x:row></x:sheetData></x:worksheet>",
		NULL
	};
	static const char *const kinds[] = { "empty", "text", "number", "bool",
	                                     "percent", "date", "formula",
	                                     "error" };
	FILE *fp = workbook(parts);
	struct sheetin_rows *r;
	struct sheetin_row *row;
	char err[256], got[1024];
	size_t i, n = 0;

	(void)state;
	assert_int_equal(sheetin_rows_open(&r, fp, "t.xlsx", NULL, 65536, err,
	                                   sizeof err), 0);
	assert_int_equal(sheetin_rows_next(r, &row, err, sizeof err), 1);
	assert_int_equal(row->number, 3);
	got[0] = '\0';
	for (i = 0; i < row->ncells; i++)
		if (row->cells[i].kind != CELL_EMPTY)
			n += (size_t)snprintf(got + n, sizeof got - n, "%zu %s %s;",
			                      i, kinds[row->cells[i].kind],
			                      row->cells[i].text);
	assert_string_equal(got, "0 text 共享;2 bool 1;3 error #N/A;"
	                    "4 text 内联;5 text s;7 formula ;8 text 7;"
	                    "9 number 2.5;");
	assert_int_equal(sheetin_rows_next(r, &row, err, sizeof err), 0);
	sheetin_rows_close(r);
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_colmap_every_header_rule),
		cmocka_unit_test(test_colmap_department_headers),
		cmocka_unit_test(test_colmap_near_misses_name_the_header_meant),
		cmocka_unit_test(test_colmap_ini_input_names),
		cmocka_unit_test(test_sheetin_csv_rows_become_records),
		cmocka_unit_test(test_sheetin_csv_lone_cr_ends_rows),
		cmocka_unit_test(test_sheetin_csv_rows_whole_or_cut_by_the_buffer),
		cmocka_unit_test(test_sheetin_row_state_outlives_the_reader),
		cmocka_unit_test(test_sheetin_cell_names),
		cmocka_unit_test(test_sheetin_xlsx_cells_and_prefixed_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
