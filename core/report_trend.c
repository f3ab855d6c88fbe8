/*
 * report_trend.c - each organisation's ratings over the years, and their
 * count per period (report_trend.h).  The earlier ratings come from the
 * history the run was given (history_levels), the period's own from the
 * result: its "stars", the level the history holds.
 */
#include "report_trend.h"
#include "report_svg.h"

#include <string.h>

void report_trend_init(struct report_trend *t, const struct history *h)
{
	memset(t, 0, sizeof *t);
	t->h = history_empty(h) ? NULL : h;
}

int report_trend_on(const struct report_trend *t)
{
	return t->h != NULL;
}

/* Count one rating: level in period.  The latest RTR_PERIODS periods
 * are kept: an older one gives way to a newer. */
static void count(struct report_trend *t, const char *period, int level)
{
	size_t i;

	if (level < 0 || level >= RTR_LEVELS || strlen(period) >=
	    sizeof t->year[0].period)
		return;
	for (i = 0; i < t->nyear && strcmp(t->year[i].period, period) < 0; i++)
		;
	if (i == t->nyear || strcmp(t->year[i].period, period) != 0) {
		if (t->nyear == RTR_PERIODS) {
			if (i == 0)
				return; /* older than every period kept */
			memmove(&t->year[0], &t->year[1], --i * sizeof t->year[0]);
			t->nyear--;
		}
		memmove(&t->year[i + 1], &t->year[i],
		        (t->nyear - i) * sizeof t->year[0]);
		memset(&t->year[i], 0, sizeof t->year[i]);
		snprintf(t->year[i].period, sizeof t->year[i].period, "%s",
		         period);
		t->nyear++;
	}
	t->year[i].n[level]++;
}

/* The cell: every step "2023年 3★", the change from the step before
 * marked (↑, ↓); the steps as "period:level" in data-trend. */
static void cell(FILE *fp, const struct history_level *l, int n)
{
	char step[64];
	int i;

	fputs("<td class=\"trend\" data-trend=\"", fp);
	for (i = 0; i < n; i++) {
		fputs(i ? " " : "", fp);
		report_esc(fp, l[i].period);
		fprintf(fp, ":%d", l[i].level);
	}
	fputs("\">", fp);
	for (i = 0; i < n; i++) {
		fputs(i ? " → " : "", fp);
		fputs("<span class=\"step\">", fp);
		snprintf(step, sizeof step, report_text(RT_TREND_STEP),
		         l[i].period, l[i].level);
		report_esc(fp, step); /* the period is the input's text */
		if (i && l[i].level != l[i - 1].level)
			fputs(l[i].level > l[i - 1].level
			      ? "<span class=\"up\">↑</span>"
			      : "<span class=\"down\">↓</span>", fp);
		fputs("</span>", fp);
	}
	fputs("</td>", fp);
}

void report_trend_add(struct report_trend *t, const cJSON *r, FILE *row)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(r, "period");
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(r, "status");
	const cJSON *stars = cJSON_GetObjectItemCaseSensitive(r, "stars");
	const char *period = cJSON_IsString(p) ? p->valuestring : NULL;
	struct history_level l[RTR_STEPS + 1];
	int i, n = 0;

	if (!t->h)
		return;
	if (cJSON_IsString(id) && !(cJSON_IsString(st) &&
	    strcmp(st->valuestring, "rejected") == 0)) {
		n = history_levels(t->h, id->valuestring, period, l, RTR_STEPS);
		if (period && cJSON_IsNumber(stars) &&
		    stars->valuedouble == (int)stars->valuedouble &&
		    strlen(period) < sizeof l[n].period) {
			snprintf(l[n].period, sizeof l[n].period, "%s", period);
			l[n++].level = (int)stars->valuedouble;
		}
	}
	for (i = 0; i < n; i++)
		count(t, l[i].period, l[i].level);
	if (row)
		cell(row, l, n);
}
