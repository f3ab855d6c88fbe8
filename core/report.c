/*
 * report.c - the HTML report's page (report.h): the headline figures, the
 * charts, the consequences, warnings and pairing, the organisations held
 * back, the full results table and the reproducibility block, in that
 * order, each a <section> that prints on its own A4 pages.  What a section
 * shows comes from the summary's maps of counts, the plugin's describe
 * document and the one pass over the results (report_scan.c); nothing
 * here knows a particular scheme beyond the names the shipped ones share.
 */
#include "report.h"
#include "lang.h"
#include "paper.h"
#include "report_scan.h"
#include "report_style.h"
#include "report_svg.h"
#include "report_tables.h"

#include <stdlib.h>
#include <string.h>

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Whether o is a non-empty object of numbers (a summary's map of counts). */
static int is_counts(const cJSON *o)
{
	const cJSON *e;

	if (!cJSON_IsObject(o) || !o->child)
		return 0;
	cJSON_ArrayForEach(e, o)
		if (!cJSON_IsNumber(e))
			return 0;
	return 1;
}

/* ---- the labels of a map's keys ---- */

static const char *code_label(const struct rs_tally *t, const char *key)
{
	size_t i;

	for (i = 0; t && i < t->len; i++)
		if (strcmp(t->v[i].key, key) == 0)
			return t->v[i].label;
	return key;
}

/* A reason written for a sentence ("党员参与率 {participation} 低于 80%")
 * as a label: its placeholders left out, and the spaces and
 * punctuation they leave at its ends or doubled ("党员参与率 低于 80%";
 * "一票否决：{vetoes}" gives "一票否决").  Into buf; NULL when nothing is
 * left. */
static const char *reason_label(const char *reason, char *buf, size_t len)
{
	static const char *const trail[] = { "：", "，", ":", ",", " " };
	size_t n = 0, t, k;
	int skip = 0;

	for (; *reason; reason++) {
		if (*reason == '{' || *reason == '}') {
			skip = *reason == '{';
			continue;
		}
		if (skip || (*reason == ' ' && (n == 0 || buf[n - 1] == ' ')))
			continue;
		/* a character is kept whole or not at all */
		if (n + 1 >= len || ((*reason & 0xC0) != 0x80 && n + 4 >= len))
			break;
		buf[n++] = *reason;
	}
	buf[n] = '\0';
	do { /* what a left-out placeholder leaves at the end */
		k = n;
		for (t = 0; t < sizeof trail / sizeof *trail; t++) {
			size_t l = strlen(trail[t]);
			if (n >= l && strcmp(buf + n - l, trail[t]) == 0)
				buf[n -= l] = '\0';
		}
	} while (n < k);
	return n ? buf : NULL;
}

/* The label of code key in a list of the describe document's (the
 * scorecard's gates and notes, [{ "name" or "code": key, "label",
 * "reason" }]): its label, else its reason as a label; NULL when none
 * is listed. */
static const char *listed_label(const cJSON *list, const char *key,
                                char *buf, size_t len)
{
	const cJSON *e;

	if (!cJSON_IsArray(list))
		return NULL;
	cJSON_ArrayForEach(e, list) {
		const char *code = str(e, "code") ? str(e, "code") : str(e, "name");
		if (!code || strcmp(code, key) != 0)
			continue;
		if (str(e, "label"))
			return str(e, "label");
		return str(e, "reason") ? reason_label(str(e, "reason"), buf, len)
		       : NULL;
	}
	return NULL;
}

/* The label of key in the summary map called map, into buf. */
static const char *key_label(const char *map, const char *key,
                             const cJSON *describe,
                             const struct report_scan *s, char *buf,
                             size_t len)
{
	static const struct { const char *key; enum report_msg m; } dir[] = {
		{ "up", RT_UP }, { "down", RT_DOWN }, { "same", RT_SAME },
		{ "first", RT_FIRST },
	};
	const cJSON *e;
	const char *l;
	size_t i;

	if (strcmp(map, "per_star") == 0) {
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(describe,
		                                                       "stars"))
			if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e,
			                   "stars")) &&
			    num(e, "stars") == atof(key) && str(e, "rating"))
				return str(e, "rating");
		if (strcmp(key, "0") == 0) /* as the results name it */
			return s->zero ? s->zero : report_text(RT_NO_STAR);
		snprintf(buf, len, report_text(RT_STAR_N), key);
		return buf;
	}
	if (strcmp(map, "per_tier") == 0) {
		snprintf(buf, len, report_text(RT_TIER_N), key);
		return buf;
	}
	if (strcmp(map, "changes") == 0)
		for (i = 0; i < sizeof dir / sizeof dir[0]; i++)
			if (strcmp(dir[i].key, key) == 0)
				return report_text(dir[i].m);
	/* the describe document's map of the same name, code -> label
	 * (vetoes, actions, warnings): labels for codes no result carried */
	if (str(cJSON_GetObjectItemCaseSensitive(describe, map), key))
		return str(cJSON_GetObjectItemCaseSensitive(describe, map), key);
	if ((l = listed_label(cJSON_GetObjectItemCaseSensitive(describe, map),
	                      key, buf, len)))
		return l;
	if (strcmp(map, "actions") == 0)
		return code_label(&s->action_codes, key);
	if (strcmp(map, "warnings") == 0)
		return code_label(&s->warning_codes, key);
	return key;
}

/* ---- the sections ---- */

static void headline(FILE *fp, const cJSON *summary,
                     const struct report_scan *s)
{
	static const struct { const char *key; enum report_msg m; } figs[] = {
		{ "records", RT_RECORDS }, { "assessed", RT_ASSESSED },
		{ "rejected", RT_REJECTED },
	};
	size_t i;

	report_section(fp, "headline", RT_SEC_HEADLINE, 1);
	fputs("<ul class=\"figs\">\n", fp);
	for (i = 0; i < sizeof figs / sizeof figs[0]; i++) {
		fprintf(fp, "<li class=\"fig\" data-key=\"%s\"><span class=\"n\">",
		        figs[i].key);
		report_num(fp, num(summary, figs[i].key));
		fprintf(fp, "</span><span class=\"k\">%s</span></li>\n",
		        report_text(figs[i].m));
	}
	for (i = 0; i < s->verdicts.len; i++) {
		if (!s->verdicts.v[i].n)
			continue;
		fputs("<li class=\"fig\" data-verdict=\"", fp);
		report_esc(fp, s->verdicts.v[i].key);
		fprintf(fp, "\"><span class=\"n\">%ld</span><span class=\"k\">",
		        s->verdicts.v[i].n);
		report_esc(fp, s->verdicts.v[i].label);
		fputs("</span></li>\n", fp);
	}
	fputs("</ul>\n</section>\n", fp);
}

/* A chart of one of the summary's maps of counts. */
static int map_chart(FILE *fp, const char *name, const cJSON *map,
                     const cJSON *describe, const struct report_scan *s)
{
	static const struct { const char *key; enum report_msg m; } titles[] = {
		{ "per_star", RT_CH_STARS }, { "per_tier", RT_CH_TIERS },
		{ "changes", RT_CH_CHANGES }, { "vetoes", RT_CH_VETOES },
		{ "actions", RT_CH_ACTIONS }, { "warnings", RT_CH_WARNINGS },
	};
	int n = cJSON_GetArraySize(map), i = 0, rc;
	struct report_bar *bars = calloc((size_t)n, sizeof *bars);
	char (*buf)[256] = calloc((size_t)n, sizeof *buf);
	char title[256];
	const cJSON *e;
	size_t t;

	if (!bars || !buf) {
		free(bars);
		free(buf);
		return -1;
	}
	snprintf(title, sizeof title, report_text(RT_CH_OTHER), name);
	for (t = 0; t < sizeof titles / sizeof titles[0]; t++)
		if (strcmp(titles[t].key, name) == 0)
			snprintf(title, sizeof title, "%s",
			         report_text(titles[t].m));
	/* the scheme's own title for its map ("maps": { key: label }) */
	if (str(cJSON_GetObjectItemCaseSensitive(describe, "maps"), name))
		snprintf(title, sizeof title, "%s", str(
		         cJSON_GetObjectItemCaseSensitive(describe, "maps"), name));
	cJSON_ArrayForEach(e, map) {
		bars[i].label = key_label(name, e->string, describe, s, buf[i],
		                          sizeof buf[i]);
		bars[i].value = e->valuedouble;
		i++;
	}
	rc = report_chart(fp, name, title, bars, (size_t)n, NULL, 0);
	free(bars);
	free(buf);
	return rc;
}

/* The parent units, stacked: by a map of counts in each entry (the star
 * scheme's per_star), else qualified / not qualified / rejected. */
static int parents_chart(FILE *fp, const cJSON *parents,
                         const cJSON *describe, const struct report_scan *s)
{
	int n = cJSON_GetArraySize(parents), i = 0, rc = -1;
	const cJSON *p, *e, *first = NULL;
	const char *mapname = NULL;
	size_t ns = 3, k;
	struct report_bar *bars = calloc((size_t)n + 1, sizeof *bars);
	double *vals = NULL;
	const char **series = NULL;
	char (*buf)[256] = NULL;

	if (!bars)
		return -1;
	cJSON_ArrayForEach(e, cJSON_GetArrayItem(parents, 0))
		if (is_counts(e)) {
			first = e;
			mapname = e->string;
			break;
		}
	if (first)
		ns = (size_t)cJSON_GetArraySize(first);
	vals = calloc(((size_t)n + 1) * ns, sizeof *vals);
	series = calloc(ns, sizeof *series);
	buf = calloc(ns, sizeof *buf);
	if (!vals || !series || !buf)
		goto out;
	k = 0;
	if (first) {
		cJSON_ArrayForEach(e, first) {
			series[k] = key_label(mapname, e->string, describe, s,
			                      buf[k], sizeof buf[k]);
			k++;
		}
	} else {
		series[0] = report_text(RT_QUALIFIED);
		series[1] = report_text(RT_NOT_QUALIFIED);
		series[2] = report_text(RT_REJECTED_ONE);
	}
	cJSON_ArrayForEach(p, parents) {
		double *v = vals + (size_t)i * ns;
		bars[i].label = str(p, "parent") ? str(p, "parent")
		                : report_text(RT_NO_PARENT);
		bars[i].stack = v;
		if (first) {
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(p, mapname);
			k = 0;
			cJSON_ArrayForEach(e, first)
				v[k++] = num(m, e->string);
		} else {
			v[0] = num(p, "qualified");
			v[1] = num(p, "assessed") - v[0];
			v[2] = num(p, "rejected");
		}
		i++;
	}
	rc = report_chart(fp, "parents", report_text(RT_CH_PARENTS), bars,
	                  (size_t)n, series, ns);
out:
	free(bars);
	free(vals);
	free(series);
	free(buf);
	return rc;
}

/* Criteria: pass rates, then the most prompted (or most often short). */
static int criteria_charts(FILE *fp, const struct report_scan *s)
{
	struct report_bar bars[RS_MAX_CRITERIA];
	size_t i, j, n = 0;

	for (i = 0; i < s->ncrit; i++)
		if (s->crit[i].present) {
			bars[n].label = s->crit[i].label;
			bars[n].value = (double)s->crit[i].passed;
			bars[n].total = (double)s->crit[i].present;
			bars[n++].stack = NULL;
		}
	if (!n)
		return 0; /* no criterion says whether it passed */
	if (report_chart(fp, "pass", report_text(RT_CH_PASS), bars, n,
	                 NULL, 0) < 0)
		return -1;
	n = 0;
	/* most first; ties in the criteria's order */
	for (i = 0; i < s->ncrit; i++) {
		long v = s->any_prompt ? s->crit[i].prompted : s->crit[i].failed;
		struct report_bar b = { s->crit[i].label, (double)v, 0, NULL };
		if (!v)
			continue;
		for (j = n; j > 0 && bars[j - 1].value < b.value; j--)
			bars[j] = bars[j - 1];
		bars[j] = b;
		n++;
	}
	return report_chart(fp, s->any_prompt ? "prompted" : "short",
	                    report_text(s->any_prompt ? RT_CH_PROMPT
	                                : RT_CH_SHORT), bars, n, NULL, 0);
}

/* The ratings per period, stacked (report_trend.h): a bar a period, in
 * order, a series a level held in any, the highest first, named as the
 * per-star chart names them. */
static int trend_chart(FILE *fp, const cJSON *describe,
                       const struct report_scan *s)
{
	const struct report_trend *t = &s->trend;
	struct report_bar bars[RTR_PERIODS];
	char period[RTR_PERIODS][64], label[RTR_LEVELS][64], key[16];
	const char *series[RTR_LEVELS];
	double vals[RTR_PERIODS][RTR_LEVELS];
	int level[RTR_LEVELS];
	size_t i, k, ns = 0;
	int l;

	for (l = RTR_LEVELS - 1; l >= 0; l--)
		for (i = 0; i < t->nyear; i++)
			if (t->year[i].n[l]) {
				snprintf(key, sizeof key, "%d", l);
				series[ns] = key_label("per_star", key, describe, s,
				                       label[ns], sizeof label[ns]);
				/* a label from describe is borrowed; RT_STAR_N's
				 * is in label[ns] already */
				level[ns++] = l;
				break;
			}
	for (i = 0; i < t->nyear; i++) {
		snprintf(period[i], sizeof period[i], report_text(RT_TREND_PERIOD),
		         t->year[i].period);
		for (k = 0; k < ns; k++)
			vals[i][k] = (double)t->year[i].n[level[k]];
		bars[i].label = period[i];
		bars[i].value = bars[i].total = 0;
		bars[i].stack = vals[i];
	}
	return report_chart(fp, "trend", report_text(RT_CH_TREND), bars,
	                    t->nyear, series, ns);
}

static int charts(FILE *fp, const cJSON *summary, const cJSON *describe,
                  const struct report_scan *s)
{
	const cJSON *e, *parents;
	struct report_bar bars[RS_MAX_VERDICTS];
	size_t i, n = 0;

	report_section(fp, "charts", RT_SEC_CHARTS, 1);
	fputs("<div class=\"charts\">\n", fp);
	if (!is_counts(cJSON_GetObjectItemCaseSensitive(summary, "per_star"))) {
		for (i = 0; i < s->verdicts.len && n < RS_MAX_VERDICTS; i++)
			if (s->verdicts.v[i].n) {
				bars[n].label = s->verdicts.v[i].label;
				bars[n].value = (double)s->verdicts.v[i].n;
				bars[n].total = 0;
				bars[n++].stack = NULL;
			}
		if (report_chart(fp, "verdicts", report_text(RT_CH_VERDICT), bars,
		                 n, NULL, 0) < 0)
			return -1;
	}
	cJSON_ArrayForEach(e, summary)
		if (is_counts(e) && map_chart(fp, e->string, e, describe, s) < 0)
			return -1;
	parents = cJSON_GetObjectItemCaseSensitive(summary, "parents");
	if (cJSON_GetArraySize(parents) > 0 &&
	    parents_chart(fp, parents, describe, s) < 0)
		return -1;
	if (s->ncrit && criteria_charts(fp, s) < 0)
		return -1;
	if (report_trend_on(&s->trend) && trend_chart(fp, describe, s) < 0)
		return -1;
	fputs("</div>\n</section>\n", fp);
	return ferror(fp) ? -1 : 0;
}

static void thead(FILE *fp, const char *id, const enum report_msg *cols,
                  size_t ncols)
{
	size_t i;

	fprintf(fp, "<table id=\"%s\"><thead><tr>", id);
	for (i = 0; i < ncols; i++)
		report_th(fp, cols[i], 0);
	fputs("</tr></thead>\n<tbody>\n", fp);
}

/* A spooled table, with its heading, or "none"; the rows of more (when
 * given) folded under a line that counts them, in a table of their
 * own with the same heading (id-more). */
static int spooled(FILE *fp, struct rs_spool *sp, struct rs_spool *more,
                   const enum report_msg *cols, size_t ncols, const char *id)
{
	long written = sp->written + (more ? more->written : 0);
	char more_id[64];

	if (!sp->total) {
		fprintf(fp, "<p>%s</p>\n", report_text(RT_NONE));
		return 0;
	}
	if (written < sp->total) {
		fputs("<p class=\"note\">", fp);
		fprintf(fp, report_text(RT_CUT), sp->total, written);
		fputs("</p>\n", fp);
	}
	thead(fp, id, cols, ncols);
	if (report_scan_copy(sp, fp) < 0)
		return -1;
	fputs("</tbody></table>\n", fp);
	if (!more || !more->written)
		return 0;
	fputs("<details><summary>", fp);
	fprintf(fp, report_text(RT_MORE), more->written);
	fputs("</summary>\n", fp);
	snprintf(more_id, sizeof more_id, "%s-more", id);
	thead(fp, more_id, cols, ncols);
	if (report_scan_copy(more, fp) < 0)
		return -1;
	fputs("</tbody></table>\n</details>\n", fp);
	return 0;
}

static int consequences(FILE *fp, struct report_scan *s)
{
	static const enum report_msg a[] = { RT_COL_NAME, RT_COL_ID,
		RT_COL_PARENT, RT_COL_WHAT, RT_COL_REASON };
	static const enum report_msg r[] = { RT_COL_NAME, RT_COL_ID,
		RT_COL_PARENT, RT_COL_WHERE, RT_COL_FIELD, RT_COL_REASON };

	enum report_msg q[] = { RT_COL_NAME, RT_COL_ID, RT_COL_PARENT,
		RT_COL_SCORE, RT_COL_EARNED, RT_COL_VERDICT, RT_COL_REASON };

	if (!s->stars) /* what was earned is a grade, not stars */
		q[4] = RT_COL_EARNED_LEVEL;

	if (s->quota.total) { /* a rating the committee must explain */
		report_section(fp, "quota", RT_SEC_QUOTA, 0);
		if (spooled(fp, &s->quota, NULL, q, 7, "quota-table") < 0)
			return -1;
		fputs("</section>\n", fp);
	}
	report_section(fp, "actions", RT_SEC_ACTIONS, 0);
	if (spooled(fp, &s->actions, NULL, a, 5, "actions-table") < 0)
		return -1;
	fputs("</section>\n", fp);
	report_section(fp, "warnings", RT_SEC_WARNINGS, 0);
	if (spooled(fp, &s->warnings, &s->more, a, 5, "warnings-table") < 0)
		return -1;
	fputs("</section>\n", fp);
	if (!s->rejected)
		return 0;
	report_section(fp, "rejected", RT_SEC_REFUSED, 0);
	if (spooled(fp, &s->refused, NULL, r, 6, "rejected-table") < 0)
		return -1;
	fputs("</section>\n", fp);
	return 0;
}

int report_write_html(FILE *fp, const struct results_doc *doc, char *err,
                      size_t errlen)
{
	struct report_scan s;
	const char *what = paper_scheme(doc), *given = paper_subtitle(doc);
	char sub[512], title[512];
	int rc = -1;

	if (report_scan_init(&s, doc->summary, doc->describe, doc->count,
	                     doc->report_rows > 0 ? doc->report_rows
	                                          : REPORT_ROWS_DEFAULT) < 0) {
		snprintf(err, errlen, _("html report: out of memory or no "
		         "temporary file"));
		goto out;
	}
	report_trend_init(&s.trend, doc->history);
	if (report_scan_run(&s, doc->results, err, errlen) < 0)
		goto out;
	paper_title(doc, s.period, title, sizeof title);
	snprintf(sub, sizeof sub, report_text(RT_SUBTITLE), what);
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n",
	        lang_current() == LANG_EN ? "en" : "zh-CN");
	fputs("<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width\">\n<title>", fp);
	report_esc(fp, title);
	fprintf(fp, "</title>\n<style>\n%s", report_css);
	if (report_trend_on(&s.trend)) /* the marks of a change */
		fputs(".trend{white-space:nowrap}.trend .up{color:#2e7d32}"
		      ".trend .down{color:#b22222}\n", fp);
	/* the printed footer: the title, and page N of M */
	fputs("@page{@bottom-left{content:\"", fp);
	report_css_string(fp, title);
	fprintf(fp, "\";font-size:9pt;color:#555}@bottom-right{content:\"%s\";"
	        "font-size:9pt;color:#555}}\n", report_text(RT_PAGE));
	fputs("</style>\n</head>\n<body>\n<header><h1>", fp);
	report_esc(fp, title);
	fputs("</h1>\n<p class=\"sub\">", fp);
	report_esc(fp, given ? given : sub);
	fputs("</p></header>\n", fp);
	headline(fp, doc->summary, &s);
	if (charts(fp, doc->summary, doc->describe, &s) < 0 ||
	    consequences(fp, &s) < 0 ||
	    report_tables(fp, doc->summary, doc->meta, &s) < 0)
		goto out;
	fprintf(fp, "<footer class=\"note\">%s</footer>\n<script>\n%s"
	        "</script>\n</body>\n</html>\n", report_text(RT_PRINT_NOTE),
	        report_js);
	rc = ferror(fp) ? -1 : 0;
out:
	report_scan_free(&s);
	return rc;
}
