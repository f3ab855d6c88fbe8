/*
 * test_report.c - unit tests of what a scheme declares for its paper
 * (core/report*.c, docs/report.md "A third party's scheme"): a ladder of
 * grades orders the verdicts, a summary map is titled by the scheme's own
 * label and its keys by their labels, a quota's earned grade is shown
 * under a heading that does not say stars, and the title comes from the
 * period and the scheme's name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"

/* The HTML report of the results lines under describe desc and summary
 * summ (JSON texts); the caller frees it. */
static char *report(const char *desc, const char *summ, const char *lines)
{
	struct results_doc doc = { 0 };
	cJSON *meta = cJSON_Parse("{\"plugin\":\"quad\",\"version\":\"1\"}");
	cJSON *summary = cJSON_Parse(summ), *describe = cJSON_Parse(desc);
	char err[256] = "", *buf = NULL;
	size_t len = 0;
	const char *p;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(meta);
	assert_non_null(summary);
	assert_non_null(describe);
	assert_non_null(out);
	doc.meta = meta;
	doc.summary = summary;
	doc.describe = describe;
	doc.results = tmpfile();
	assert_non_null(doc.results);
	fputs(lines, doc.results);
	for (p = lines; *p; p++)
		doc.count += *p == '\n';
	rewind(doc.results);
	assert_int_equal(report_write_html(out, &doc, err, sizeof err), 0);
	assert_string_equal(err, "");
	fclose(out);
	fclose(doc.results);
	cJSON_Delete(meta);
	cJSON_Delete(summary);
	cJSON_Delete(describe);
	return buf;
}

/* Where needle first is in hay, as an offset; fails when absent. */
static long at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (!p)
		fail_msg("no %s in the report", needle);
	return p - hay;
}

static void test_report_grades_maps_and_quota_as_declared(void **state)
{
	char *h;

	(void)state; /* in English: the catalogs are not needed */
	h = report("{\"title\":\"四强党支部\",\"rating\":{\"kind\":\"grades\","
	           "\"grades\":[\"A级\",\"B级\",\"C级\"]},"
	           "\"maps\":{\"per_grade\":\"各等级数\"},"
	           "\"per_grade\":{\"A\":\"优秀\",\"C\":\"较差\"},\"quota\":{}}",
	           "{\"records\":3,\"assessed\":3,\"rejected\":0,"
	           "\"per_grade\":{\"A\":1,\"B\":1,\"C\":1}}",
	           "{\"id\":\"v1\",\"name\":\"甲\",\"period\":\"2026\","
	           "\"status\":\"ok\",\"rating\":\"C级\"}\n"
	           "{\"id\":\"v2\",\"name\":\"乙\",\"period\":\"2026\","
	           "\"status\":\"ok\",\"rating\":\"B级\",\"quota\":"
	           "{\"earned\":\"A级\",\"reason\":\"名额已满\"}}\n"
	           "{\"id\":\"v3\",\"name\":\"丙\",\"status\":\"ok\","
	           "\"rating\":\"A级\"}\n");
	/* the ladder's order, not the order met */
	assert_true(at(h, "data-verdict=\"A级\"") < at(h, "data-verdict=\"B级\""));
	assert_true(at(h, "data-verdict=\"B级\"") < at(h, "data-verdict=\"C级\""));
	/* the map by the scheme's title, its keys by their labels */
	at(h, "<figcaption>各等级数</figcaption>");
	assert_null(strstr(h, "统计：per_grade"));
	at(h, ">优秀<");
	at(h, ">较差<");
	/* the grade earned, under a heading that does not say stars */
	at(h, "<th>Rating earned</th>");
	assert_null(strstr(h, "Stars earned"));
	at(h, "<td class=\"num\">A级</td>");
	/* the title from the first period given and the scheme's name */
	at(h, "<h1>四强党支部: results for 2026</h1>");
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_grades_maps_and_quota_as_declared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
