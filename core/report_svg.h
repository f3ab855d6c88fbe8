/*
 * report_svg.h - the HTML report's building blocks (report_svg.c):
 * escaping, numbers, sections, table cells and the inline SVG charts.
 */
#ifndef ASSESS_REPORT_SVG_H
#define ASSESS_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "report_text.h"

/* Write s to fp escaped for HTML text and attribute values. */
void report_esc(FILE *fp, const char *s);

/* s as the inside of a CSS string in a <style> element: quotes,
 * backslashes and control characters escaped, and every < too, so that
 * no text closes the element. */
void report_css_string(FILE *fp, const char *s);

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
