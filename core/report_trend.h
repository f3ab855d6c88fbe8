/*
 * report_trend.h - the HTML report's trends (report.h), when the run
 * knows earlier periods' ratings (--history, --history-from, or history
 * typed in the input: history.h): each organisation's ratings over the
 * years in a cell of the results table ("2023年 3★ → 2024年 4★↑ →
 * 2025年 4★"), and the count of each rating per period for a chart.
 * What is kept is bounded by the periods and the levels, never by the
 * results.
 */
#ifndef ASSESS_REPORT_TREND_H
#define ASSESS_REPORT_TREND_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "history.h"

#define RTR_LEVELS 11   /* stars 0..10; others are left out of the chart */
#define RTR_PERIODS 32  /* the latest periods counted; older are left out */
#define RTR_STEPS 16    /* the steps of one organisation's cell */

/* The count of each level in one period, among the run's organisations. */
struct rtr_period {
	char period[16];
	long n[RTR_LEVELS];
};

struct report_trend {
	const struct history *h; /* NULL: the report shows no trends */
	struct rtr_period year[RTR_PERIODS];
	size_t nyear; /* in order of period */
};

/* Prepare t for the history h (NULL, or holding no rating: no trends,
 * and the page is as it was without history). */
void report_trend_init(struct report_trend *t, const struct history *h);

/* Whether the report shows trends. */
int report_trend_on(const struct report_trend *t);

/* Count result r's ratings (its earlier ones and its own stars) by
 * period and level, and when row is given write its cell of the results
 * table there (a rejected result's is empty).  Nothing when trends are
 * off. */
void report_trend_add(struct report_trend *t, const cJSON *r, FILE *row);

#endif
