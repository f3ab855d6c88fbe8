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
 * results), report_tables.c (the later sections), report_svg.c (escaping
 * and the charts), report_style.c (style sheet and script), report_text.c
 * (every sentence of the page, in Chinese with the English beside it),
 * report_trend.c (each organisation's ratings over the years, when the
 * run knows earlier ones: results_doc's history).
 */
#ifndef ASSESS_REPORT_H
#define ASSESS_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "writer.h"

/* Results beyond which the results table, and each list of consequences,
 * warnings and held-back organisations, is cut or summarised, unless
 * --report-rows says otherwise (results_doc.report_rows). */
#define REPORT_ROWS_DEFAULT 5000L

/* The --format html writer (writer.h). */
int report_write_html(FILE *fp, const struct results_doc *doc, char *err,
                      size_t errlen);

#endif
