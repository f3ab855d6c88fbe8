/*
 * report.h - the HTML report (--format html): one self-contained page in
 * Chinese that a committee reads at a glance and prints on A4.  No network
 * request of any kind: styles, charts (inline SVG) and the little script
 * that sorts and filters the results table are all in the file.
 *
 * The report is generic: it reads the result conventions (writer.h), the
 * summary's maps of counts and the plugin's describe document, so another
 * scheme gets a sensible report with no HTML code of its own.  Results are
 * read once, a line at a time; what the page shows of them is tallied
 * (bounded by the number of verdicts, criteria and codes) or spooled to
 * temporary files, never held.  Above report_rows results the results
 * table is summarised per parent unit, and the page says so.
 *
 * Files: report.c (the page), report_scan.c (the one pass over the
 * results), report_svg.c (escaping and the charts), report_text.c (every
 * sentence of the page, in Chinese with the English beside it).
 */
#ifndef ASSESS_REPORT_H
#define ASSESS_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "writer.h"

/* The default of report_set_rows. */
#define REPORT_ROWS_DEFAULT 5000L

/* Results beyond which the results table, and each list of consequences,
 * warnings and held-back organisations, is cut or summarised (n >= 1).
 * Set once, before the run. */
void report_set_rows(long n);

/* The --format html writer (writer.h). */
int report_write_html(FILE *fp, const struct results_doc *doc, char *err,
                      size_t errlen);

/* ---- the sentences (report_text.c) ---- */

enum report_msg {
	RT_TITLE, RT_SUBTITLE, RT_NOSCRIPT, RT_SEC_HEADLINE, RT_RECORDS,
	RT_ASSESSED, RT_REJECTED, RT_SEC_CHARTS, RT_CH_VERDICT, RT_CH_STARS,
	RT_CH_TIERS, RT_CH_PARENTS, RT_CH_CHANGES, RT_CH_PASS, RT_CH_PROMPT,
	RT_CH_SHORT, RT_CH_VETOES, RT_CH_ACTIONS, RT_CH_WARNINGS, RT_CH_OTHER,
	RT_STAR_N, RT_NO_STAR, RT_TIER_N, RT_UP, RT_DOWN, RT_SAME, RT_FIRST, RT_QUALIFIED,
	RT_NOT_QUALIFIED, RT_REJECTED_ONE, RT_SEC_ACTIONS, RT_SEC_WARNINGS,
	RT_SEC_PAIRS, RT_SEC_UNPAIRED, RT_SEC_HELD, RT_SEC_HELD_BY, RT_SEC_RESULTS,
	RT_SEC_REPRO, RT_COL_NAME, RT_COL_ID, RT_COL_PARENT, RT_COL_VERDICT,
	RT_COL_SCORE, RT_COL_WHAT, RT_COL_RULE, RT_COL_REASON, RT_COL_HELPER,
	RT_COL_HELPED, RT_COL_UNIT, RT_COL_SAME_UNIT, RT_COL_STREET,
	RT_COL_COMMUNITY, RT_COL_STATUS, RT_COL_CRITERION, RT_COL_COUNT,
	RT_COL_SHORT, RT_COL_NOT_PASSED, RT_COL_TOTAL, RT_YES, RT_NO, RT_NONE, RT_CUT, RT_SUMMARISED, RT_FILTER,
	RT_SORT_HINT, RT_VERSION, RT_PLUGIN, RT_CONFIG_SHA, RT_INPUT_SHA,
	RT_REFERENCE, RT_OVERRIDES, RT_PASS_RATE, RT_NO_PARENT, RT_CHART_EMPTY,
	RT_PRINT_NOTE, RT_OTHER, RT_COUNT
};

/* The Chinese text of m (a static string; some hold printf conversions,
 * documented in the table). */
const char *report_text(enum report_msg m);

/* The English text of m, for translators. */
const char *report_text_en(enum report_msg m);

/* ---- HTML and SVG output (report_svg.c) ---- */

/* Write s to fp escaped for HTML text and attribute values. */
void report_esc(FILE *fp, const char *s);

/* Open a <section> with id (a fixed ASCII name) and its heading; first:
 * it may share its printed page with the one before. */
void report_section(FILE *fp, const char *id, enum report_msg title,
                    int first);

/* A table heading cell (class "num" when numeric). */
void report_th(FILE *fp, enum report_msg m, int numeric);

/* A table cell holding s (NULL: empty), escaped. */
void report_td(FILE *fp, const char *s, int numeric);

/* A number as the JSON output prints it. */
void report_num(FILE *fp, double d);

/* One bar of a chart: its label and its value (count) or, for a rate,
 * value of total; stacked bars have one value per series. */
struct report_bar {
	const char *label;
	double value, total; /* total 0: a plain count */
	const double *stack; /* nseries values, or NULL */
};

/* Write a horizontal bar chart, a <figure> with id "chart-" id holding an
 * inline <svg> titled title: one
 * <rect class="bar"> per bar with data-label and data-value (and
 * data-total for a rate), each bar labelled with its figure in text.  For
 * a stacked chart (series != NULL) one rect per series segment with
 * data-series, and a legend.  Returns 0, or -1 when fp fails. */
int report_chart(FILE *fp, const char *id, const char *title,
                 const struct report_bar *bars, size_t nbars,
                 const char *const *series, size_t nseries);

#endif
