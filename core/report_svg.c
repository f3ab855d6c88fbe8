/*
 * report_svg.c - HTML escaping and the report's charts, drawn as inline
 * SVG by assess itself (no script, no external file): horizontal bars, one
 * row per bar, the figure printed beside each so the chart reads on paper
 * and to a screen reader.  Every bar is a <rect class="bar"> carrying its
 * label and value, which the browser test reads back.
 */
#include "report_svg.h"
#include "jsonw.h"

#include <string.h>

#define CHART_W 470
#define LABEL_W 140
#define BAR_W 230
#define ROW_H 24
#define TOP_H 8
#define LEGEND_H 20 /* a row of the legend, LEGEND_N series */
#define LEGEND_N 4

static const char *const palette[] = {
	"#2e7d32", "#e6b422", "#e07b39", "#b22222", "#7a5195", "#8c8c8c",
	"#3b6ea5", "#2f4f4f",
};
#define NPALETTE (sizeof palette / sizeof palette[0])

void report_esc(FILE *fp, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: putc(*s, fp);
		}
}

void report_css_string(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == 0x7F)
			fprintf(fp, "\\%x ", c);
		else
			putc(c, fp);
	}
}

void report_num(FILE *fp, double d)
{
	char buf[64];

	jsonw_number(buf, d);
	fputs(buf, fp);
}

void report_section(FILE *fp, const char *id, enum report_msg title,
                    int first)
{
	fprintf(fp, "<section id=\"%s\"%s>\n<h2>%s</h2>\n", id,
	        first ? " class=\"first\"" : "", report_text(title));
}

void report_th(FILE *fp, enum report_msg m, int numeric)
{
	fprintf(fp, "<th%s>%s</th>", numeric ? " class=\"num\"" : "",
	        report_text(m));
}

void report_td(FILE *fp, const char *s, int numeric)
{
	fputs(numeric ? "<td class=\"num\">" : "<td>", fp);
	report_esc(fp, s ? s : "");
	fputs("</td>", fp);
}

/* The figure printed beside a bar: the count, or "passed / present". */
static void figure(FILE *fp, const struct report_bar *b, size_t nseries)
{
	char n[64], t[64];
	size_t i;
	double sum = 0;

	if (b->stack) {
		for (i = 0; i < nseries; i++)
			sum += b->stack[i];
		report_num(fp, sum);
		return;
	}
	if (b->total > 0) {
		jsonw_number(n, b->value);
		jsonw_number(t, b->total);
		fprintf(fp, report_text(RT_PASS_RATE), n, t);
		fprintf(fp, " (%.0f%%)", 100.0 * b->value / b->total);
		return;
	}
	report_num(fp, b->value);
}

static double bar_total(const struct report_bar *b, size_t nseries)
{
	double sum = 0;
	size_t i;

	if (b->total > 0)
		return b->total;
	if (!b->stack)
		return b->value;
	for (i = 0; i < nseries; i++)
		sum += b->stack[i];
	return sum;
}

/* One rect. */
static void rect(FILE *fp, double x, double y, double w, const char *fill,
                 const char *label, double value, double total,
                 const char *series)
{
	fprintf(fp, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	        "height=\"%d\" fill=\"%s\" data-label=\"", x, y, w, ROW_H - 6,
	        fill);
	report_esc(fp, label);
	fputs("\" data-value=\"", fp);
	report_num(fp, value);
	if (total > 0) {
		fputs("\" data-total=\"", fp);
		report_num(fp, total);
	}
	if (series) {
		fputs("\" data-series=\"", fp);
		report_esc(fp, series);
	}
	fputs("\"/>\n", fp);
}

int report_chart(FILE *fp, const char *id, const char *title,
                 const struct report_bar *bars, size_t nbars,
                 const char *const *series, size_t nseries)
{
	double scale = 0, x, y, top;
	size_t i, s;
	int h;

	fputs("<figure class=\"chart\" id=\"chart-", fp);
	report_esc(fp, id);
	fputs("\"><figcaption>", fp);
	report_esc(fp, title);
	fputs("</figcaption>\n", fp);
	if (nbars == 0) {
		fprintf(fp, "<p>%s</p></figure>\n", report_text(RT_CHART_EMPTY));
		return ferror(fp) ? -1 : 0;
	}
	for (i = 0; i < nbars; i++)
		if (bar_total(&bars[i], nseries) > scale)
			scale = bar_total(&bars[i], nseries);
	top = TOP_H + (series ? LEGEND_H * ((double)((nseries + LEGEND_N - 1) /
	                                            LEGEND_N)) : 0);
	h = (int)top + (int)nbars * ROW_H + 4;
	fprintf(fp, "<svg role=\"img\" "
	        "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n<title>",
	        CHART_W, h, CHART_W, h);
	report_esc(fp, title);
	fputs("</title>\n", fp);
	for (s = 0; series && s < nseries; s++) {
		x = 10 + (double)(s % LEGEND_N) * 115;
		y = 2 + (double)(s / LEGEND_N) * LEGEND_H;
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" "
		        "height=\"12\" fill=\"%s\"/><text x=\"%.1f\" "
		        "y=\"%.1f\">", x, y, palette[s % NPALETTE], x + 16, y + 10);
		report_esc(fp, series[s]);
		fputs("</text>\n", fp);
	}
	for (i = 0; i < nbars; i++) {
		const struct report_bar *b = &bars[i];
		y = top + (double)i * ROW_H;
		fprintf(fp, "<text class=\"label\" x=\"%d\" y=\"%.1f\" "
		        "text-anchor=\"end\">", LABEL_W - 8, y + 13);
		report_esc(fp, b->label);
		fputs("</text>\n", fp);
		x = LABEL_W;
		if (b->total > 0)
			fprintf(fp, "<rect class=\"track\" x=\"%d\" y=\"%.1f\" "
			        "width=\"%d\" height=\"%d\" fill=\"#eee\"/>\n",
			        LABEL_W, y, BAR_W, ROW_H - 6);
		if (b->stack) {
			for (s = 0; s < nseries; s++) {
				double w = scale > 0 ? BAR_W * b->stack[s] / scale : 0;
				rect(fp, x, y, w, palette[s % NPALETTE], b->label,
				     b->stack[s], 0, series[s]);
				x += w;
			}
		} else {
			double w = b->total > 0 ? BAR_W * b->value / b->total
			           : scale > 0 ? BAR_W * b->value / scale : 0;
			rect(fp, x, y, w, palette[6], b->label, b->value, b->total,
			     NULL);
			x += b->total > 0 ? BAR_W : w;
		}
		fprintf(fp, "<text class=\"fig\" x=\"%.1f\" y=\"%.1f\">",
		        x + 6, y + 13);
		figure(fp, b, nseries);
		fputs("</text>\n", fp);
	}
	fputs("</svg></figure>\n", fp);
	return ferror(fp) ? -1 : 0;
}
