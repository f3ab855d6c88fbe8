/*
 * test_report.c - unit tests of what a scheme declares for its paper
 * (core/report*.c, docs/report.md "A third party's scheme"): a ladder of
 * grades orders the verdicts, a summary map is titled by the scheme's own
 * label and its keys by their labels, a quota's earned grade is shown
 * under a heading that does not say stars, and the title comes from the
 * period and the scheme's name; the trends, when earlier ratings are
 * known (history.h), and none, byte for byte, when not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "history.h"
#include "report.h"

/* The HTML report of the results lines under describe desc and summary
 * summ (JSON texts), the run given the earlier ratings in hist (NULL:
 * none); the caller frees it. */
static char *report_with(const char *desc, const char *summ,
                         const char *lines, const struct history *hist)
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
	doc.history = hist;
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

static char *report(const char *desc, const char *summ, const char *lines)
{
	return report_with(desc, summ, lines, NULL);
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

/* The scorecard's gates and notes are lists of its describe document,
 * not maps of labels: their codes are named by a note's label, a gate's
 * reason without its placeholders, never shown raw. */
static void test_report_gate_and_note_codes_by_their_labels(void **state)
{
	char *h;

	(void)state;
	h = report("{\"title\":\"四强党支部\",\"gates\":[{\"name\":"
	           "\"participation\",\"reason\":\"党员参与率 {participation} "
	           "低于 80%\"},{\"name\":\"veto\",\"reason\":\"一票否决："
	           "{vetoes}\"}],\"notes\":[{\"code\":\"item_prompt\","
	           "\"label\":\"提示\"}]}",
	           "{\"records\":1,\"assessed\":1,\"rejected\":0,"
	           "\"gates\":{\"participation\":1,\"veto\":0},"
	           "\"notes\":{\"item_prompt\":2}}",
	           "{\"id\":\"v1\",\"name\":\"甲\",\"status\":\"ok\","
	           "\"rating\":\"C\"}\n");
	at(h, "data-label=\"党员参与率 低于 80%\" data-value=\"1\"");
	at(h, "data-label=\"一票否决\" data-value=\"0\"");
	at(h, "data-label=\"提示\" data-value=\"2\"");
	assert_null(strstr(h, "data-label=\"participation\""));
	assert_null(strstr(h, "data-label=\"veto\""));
	assert_null(strstr(h, "data-label=\"item_prompt\""));
	free(h);
}

/* Three star results: b1 rose, b2 fell, b3 is new (no history). */
static const char star_desc[] =
	"{\"title\":\"Star\",\"stars\":[{\"stars\":3,\"rating\":\"三星级\"},"
	"{\"stars\":2,\"rating\":\"二星级\"},{\"stars\":1,"
	"\"rating\":\"一星级\"}]}";
static const char star_summ[] =
	"{\"records\":3,\"assessed\":3,\"rejected\":0,"
	"\"per_star\":{\"3\":1,\"2\":1,\"1\":1}}";
static const char star_lines[] =
	"{\"id\":\"b1\",\"name\":\"甲\",\"period\":\"2025\",\"status\":\"ok\","
	"\"stars\":3,\"rating\":\"三星级\"}\n"
	"{\"id\":\"b2\",\"name\":\"乙\",\"period\":\"2025\",\"status\":\"ok\","
	"\"stars\":1,\"rating\":\"一星级\"}\n"
	"{\"id\":\"b3\",\"name\":\"丙\",\"period\":\"2025\",\"status\":\"ok\","
	"\"stars\":2,\"rating\":\"二星级\"}\n";

static void add(struct history *h, int src, const char *id,
                const char *period, int level)
{
	char err[256];

	assert_int_equal(history_add(h, src, "starbranch", id, period, level,
	                             err, sizeof err), 0);
}

static void test_report_trends_each_organisation_and_each_year(void **state)
{
	struct history *h = history_new("starbranch", NULL, 0);
	int src;
	char *out;

	(void)state;
	assert_non_null(h);
	assert_true((src = history_source(h, "x.db")) >= 0);
	add(h, src, "b1", "2023", 1);
	add(h, src, "b1", "2024", 2);
	add(h, src, "b2", "2024", 2);
	add(h, src, "b2", "2025", 3); /* the archive's own period: not earlier */
	out = report_with(star_desc, star_summ, star_lines, h);
	/* the column, before the criteria not passed */
	assert_true(at(out, "<th>Over the years</th>") <
	            at(out, "<th>Criteria not passed</th>"));
	/* each organisation's ratings in order of period, the change marked */
	at(out, "<td class=\"trend\" data-trend=\"2023:1 2024:2 2025:3\">"
	   "<span class=\"step\">2023: 1★</span> → <span class=\"step\">"
	   "2024: 2★<span class=\"up\">↑</span></span> → <span class=\"step\">"
	   "2025: 3★<span class=\"up\">↑</span></span></td>");
	at(out, "data-trend=\"2024:2 2025:1\"");
	at(out, "2025: 1★<span class=\"down\">↓</span>");
	at(out, "<td class=\"trend\" data-trend=\"2025:2\">");
	/* the chart: a bar a period, a series a rating, named as the scheme
	 * names it */
	at(out, "<figure class=\"chart\" id=\"chart-trend\">");
	at(out, "data-label=\"2023\" data-value=\"1\" data-series=\"一星级\"");
	at(out, "data-label=\"2024\" data-value=\"2\" data-series=\"二星级\"");
	at(out, "data-label=\"2025\" data-value=\"1\" data-series=\"三星级\"");
	at(out, "data-label=\"2025\" data-value=\"1\" data-series=\"一星级\"");
	assert_true(at(out, "data-label=\"2023\"") <
	            at(out, "data-label=\"2024\""));
	free(out);
	history_free(h);
}

static void test_report_without_history_is_as_before(void **state)
{
	struct history *h = history_new("starbranch", NULL, 0);
	char *none, *empty;

	(void)state;
	assert_non_null(h);
	assert_int_equal(history_keep_typed(h), 0);
	none = report(star_desc, star_summ, star_lines);
	empty = report_with(star_desc, star_summ, star_lines, h);
	assert_null(strstr(none, "trend"));
	assert_string_equal(empty, none);
	free(none);
	free(empty);
	history_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_grades_maps_and_quota_as_declared),
		cmocka_unit_test(test_report_trends_each_organisation_and_each_year),
		cmocka_unit_test(test_report_without_history_is_as_before),
		cmocka_unit_test(test_report_gate_and_note_codes_by_their_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
