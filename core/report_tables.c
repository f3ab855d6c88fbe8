/*
 * report_tables.c - the HTML report's later sections (report_tables.h):
 * the pairing (SB9) by names, the unpaired, the criteria and the
 * communities that held organisations back, the full results table (or
 * its summary per parent unit above the row limit) and the
 * reproducibility block.  The pairing's names come from the scan, which
 * kept them only for the ids the summary lists.
 */
#include "report_tables.h"
#include "report_svg.h"

#include <stdlib.h>
#include <string.h>

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Say that a list of total rows shows only the first limit. */
static void cut_note(FILE *fp, long total, long limit)
{
	if (total <= limit)
		return;
	fputs("<p class=\"note\">", fp);
	fprintf(fp, report_text(RT_CUT), total, limit);
	fputs("</p>\n", fp);
}

/* One organisation of the pairing, by name, the id beside it. */
static void org(FILE *fp, const struct report_scan *s, const char *id,
                const char **unit)
{
	const char *name = id ? report_scan_name(s, id, unit) : NULL;

	fputs("<td>", fp);
	report_esc(fp, name ? name : id ? id : "");
	if (name && id) {
		fputs(" <span class=\"note\">", fp);
		report_esc(fp, id);
		fputs("</span>", fp);
	}
	fputs("</td>", fp);
}

static void pairing(FILE *fp, const cJSON *summary,
                    const struct report_scan *s)
{
	const cJSON *pairs = cJSON_GetObjectItemCaseSensitive(summary, "pairs");
	const cJSON *unpaired = cJSON_GetObjectItemCaseSensitive(summary,
	                                                         "unpaired");
	const cJSON *p, *same;
	const char *unit = "", *hunit = "";
	long n = 0;

	if (!cJSON_IsArray(pairs) && !cJSON_IsArray(unpaired))
		return;
	report_section(fp, "pairs", RT_SEC_PAIRS, 0);
	if (!cJSON_GetArraySize(pairs)) {
		fprintf(fp, "<p>%s</p>\n", report_text(RT_NONE));
	} else {
		cut_note(fp, cJSON_GetArraySize(pairs), s->limit);
		fputs("<table id=\"pairs-table\"><thead><tr>", fp);
		report_th(fp, RT_COL_HELPER, 0);
		report_th(fp, RT_COL_HELPED, 0);
		report_th(fp, RT_COL_UNIT, 0);
		report_th(fp, RT_COL_SAME_UNIT, 0);
		fputs("</tr></thead>\n<tbody>\n", fp);
		cJSON_ArrayForEach(p, pairs) {
			if (n++ >= s->limit)
				break;
			same = cJSON_GetObjectItemCaseSensitive(p, "same_parent");
			fputs("<tr>", fp);
			org(fp, s, str(p, "helper"), &hunit);
			org(fp, s, str(p, "helped"), &unit);
			report_td(fp, unit, 0);
			report_td(fp, !cJSON_IsBool(same) ? "" :
			          report_text(cJSON_IsTrue(same) ? RT_YES : RT_NO),
			          0);
			fputs("</tr>\n", fp);
		}
		fputs("</tbody></table>\n", fp);
	}
	fprintf(fp, "<h3>%s</h3>\n", report_text(RT_SEC_UNPAIRED));
	if (!cJSON_GetArraySize(unpaired)) {
		fprintf(fp, "<p>%s</p>\n", report_text(RT_NONE));
	} else {
		cut_note(fp, cJSON_GetArraySize(unpaired), s->limit);
		fputs("<table id=\"unpaired-table\"><thead><tr>", fp);
		report_th(fp, RT_COL_NAME, 0);
		report_th(fp, RT_COL_UNIT, 0);
		fputs("</tr></thead>\n<tbody>\n", fp);
		n = 0;
		cJSON_ArrayForEach(p, unpaired) {
			const char *id = cJSON_IsString(p) ? p->valuestring
			                 : str(p, "id");
			if (n++ >= s->limit)
				break;
			fputs("<tr>", fp);
			org(fp, s, id, &unit);
			report_td(fp, unit, 0);
			fputs("</tr>\n", fp);
		}
		fputs("</tbody></table>\n", fp);
	}
	fputs("</section>\n", fp);
}

/* The criteria that held organisations back (when no prompts are
 * reported: 五个好, 六个好 and their like), and the communities that held
 * a street back. */
static int held_back(FILE *fp, struct report_scan *s)
{
	static const enum report_msg cols[] = { RT_COL_STREET,
		RT_COL_CRITERION, RT_COL_COMMUNITY, RT_COL_ID, RT_COL_STATUS };
	size_t i;
	int any = 0;

	for (i = 0; i < s->ncrit; i++)
		any |= s->crit[i].failed > 0;
	if (s->any_prompt || (!any && !s->held.total))
		return 0;
	report_section(fp, "held", RT_SEC_HELD, 0);
	fputs("<table id=\"held-table\"><thead><tr>", fp);
	report_th(fp, RT_COL_CRITERION, 0);
	report_th(fp, RT_COL_SHORT, 1);
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < s->ncrit; i++) {
		fputs("<tr>", fp);
		report_td(fp, s->crit[i].label, 0);
		fprintf(fp, "<td class=\"num\">%ld</td></tr>\n",
		        s->crit[i].failed);
	}
	fputs("</tbody></table>\n", fp);
	if (s->held.total) {
		fprintf(fp, "<h3>%s</h3>\n", report_text(RT_SEC_HELD_BY));
		cut_note(fp, s->held.total, s->held.written);
		fputs("<table id=\"held-by-table\"><thead><tr>", fp);
		for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
			report_th(fp, cols[i], 0);
		fputs("</tr></thead>\n<tbody>\n", fp);
		if (report_scan_copy(&s->held, fp) < 0)
			return -1;
		fputs("</tbody></table>\n", fp);
	}
	fputs("</section>\n", fp);
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct rs_entry *x = *(const struct rs_entry *const *)a;
	const struct rs_entry *y = *(const struct rs_entry *const *)b;

	return strcmp(x->key, y->key);
}

/* Above the row limit: one row per parent unit, a column per verdict. */
static int per_parent(FILE *fp, struct report_scan *s)
{
	struct rs_entry **e = calloc(s->parents.len + 1, sizeof *e);
	size_t i, n = 0, v, nv = s->verdicts.len;

	if (!e)
		return -1;
	if (nv > RS_MAX_VERDICTS)
		nv = RS_MAX_VERDICTS;
	for (i = 0; i < s->parents.cap; i++)
		if (s->parents.slot[i].key)
			e[n++] = &s->parents.slot[i];
	qsort(e, n, sizeof *e, by_key);
	fputs("<p class=\"note\">", fp);
	fprintf(fp, report_text(RT_SUMMARISED), s->results, s->limit);
	fputs("</p>\n<table id=\"parents-table\"><thead><tr>", fp);
	report_th(fp, RT_COL_PARENT, 0);
	for (v = 0; v < nv; v++) {
		fputs("<th class=\"num\">", fp);
		report_esc(fp, s->verdicts.v[v].label);
		fputs("</th>", fp);
	}
	report_th(fp, RT_REJECTED_ONE, 1);
	report_th(fp, RT_COL_TOTAL, 1);
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < n; i++) {
		long total = 0;
		fputs("<tr>", fp);
		report_td(fp, e[i]->key[0] ? e[i]->key
		          : report_text(RT_NO_PARENT), 0);
		for (v = 0; v < nv; v++) {
			fprintf(fp, "<td class=\"num\">%ld</td>", e[i]->n[v]);
			total += e[i]->n[v];
		}
		total += e[i]->n[RS_MAX_VERDICTS];
		fprintf(fp, "<td class=\"num\">%ld</td><td class=\"num\">%ld</td>"
		        "</tr>\n", e[i]->n[RS_MAX_VERDICTS], total);
	}
	fputs("</tbody></table>\n", fp);
	free(e);
	return 0;
}

static int results(FILE *fp, struct report_scan *s)
{
	static const struct { enum report_msg m; int num; } cols[] = {
		{ RT_COL_NAME, 0 }, { RT_COL_ID, 0 }, { RT_COL_PARENT, 0 },
		{ RT_COL_VERDICT, 0 }, { RT_COL_SCORE, 1 },
		{ RT_COL_STARS, 1 }, { RT_COL_PREVIOUS, 1 }, { RT_COL_TIER, 1 },
		{ RT_COL_NOT_PASSED, 0 },
	};
	size_t i;

	report_section(fp, "results", RT_SEC_RESULTS, 0);
	if (s->summarised) {
		if (per_parent(fp, s) < 0)
			return -1;
		fputs("</section>\n", fp);
		return 0;
	}
	fprintf(fp, "<p id=\"filter-bar\" class=\"noprint\" hidden><label>%s "
	        "<input id=\"filter\" type=\"search\"></label> %s</p>\n",
	        report_text(RT_FILTER), report_text(RT_SORT_HINT));
	fputs("<table id=\"results-table\"><thead><tr>", fp);
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		if (cols[i].m == RT_COL_NOT_PASSED && report_trend_on(&s->trend))
			report_th(fp, RT_COL_TREND, 0);
		if ((cols[i].m != RT_COL_STARS && cols[i].m != RT_COL_PREVIOUS) ||
		    s->stars)
			if (cols[i].m != RT_COL_TIER || s->tiers)
				report_th(fp, cols[i].m, cols[i].num);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	if (report_scan_copy(&s->rows, fp) < 0)
		return -1;
	fputs("</tbody></table>\n</section>\n", fp);
	return 0;
}

/* One line of the reproducibility block. */
static void repro_line(FILE *fp, const char *key, const char *label,
                       const char *value)
{
	fprintf(fp, "<tr data-key=\"%s\"><th>", key);
	report_esc(fp, label);
	fputs("</th><td><code>", fp);
	report_esc(fp, value ? value : "");
	fputs("</code></td></tr>\n", fp);
}

static void repro(FILE *fp, const cJSON *meta)
{
	const cJSON *e;
	char label[512], plugin[512];

	report_section(fp, "repro", RT_SEC_REPRO, 0);
	fputs("<table id=\"repro-table\"><tbody>\n", fp);
	repro_line(fp, "version", report_text(RT_VERSION), str(meta, "version"));
	snprintf(plugin, sizeof plugin, "%s %s",
	         str(meta, "plugin") ? str(meta, "plugin") : "",
	         str(meta, "plugin_version") ? str(meta, "plugin_version") : "");
	repro_line(fp, "plugin", report_text(RT_PLUGIN), plugin);
	repro_line(fp, "config_sha256", report_text(RT_CONFIG_SHA),
	           str(meta, "config_sha256"));
	repro_line(fp, "input_sha256", report_text(RT_INPUT_SHA),
	           str(meta, "input_sha256"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(meta,
	                                                       "config_overrides"))
		if (cJSON_IsString(e))
			repro_line(fp, "override", report_text(RT_OVERRIDES),
			           e->valuestring);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(meta,
	                                                       "references")) {
		snprintf(label, sizeof label, report_text(RT_REFERENCE),
		         str(e, "path") ? str(e, "path") : "");
		repro_line(fp, "reference", label, str(e, "sha256"));
	}
	/* spreadsheet columns the run did not read (序号, 备注, unknown) */
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(meta,
	                                                       "skipped_columns")) {
		snprintf(label, sizeof label, report_text(RT_SKIPPED),
		         str(e, "header") ? str(e, "header") : "");
		snprintf(plugin, sizeof plugin, "%s%s%s %s", str(e, "file") ?
		         str(e, "file") : "", str(e, "sheet") ? " " : "",
		         str(e, "sheet") ? str(e, "sheet") : "",
		         str(e, "column") ? str(e, "column") : "");
		repro_line(fp, "skipped_column", label, plugin);
	}
	fputs("</tbody></table>\n</section>\n", fp);
}

int report_tables(FILE *fp, const cJSON *summary, const cJSON *meta,
                  struct report_scan *s)
{
	pairing(fp, summary, s);
	if (held_back(fp, s) < 0 || results(fp, s) < 0)
		return -1;
	repro(fp, meta);
	return ferror(fp) ? -1 : 0;
}
