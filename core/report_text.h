/*
 * report_text.h - every sentence of the HTML report (report.h), by name:
 * the Chinese the page shows and the English it means (report_text.c).
 */
#ifndef ASSESS_REPORT_TEXT_H
#define ASSESS_REPORT_TEXT_H

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

/* The text of m in the language of the run (lang.h): Chinese, or English
 * under --lang en (a static string; some hold printf conversions,
 * documented in the table). */
const char *report_text(enum report_msg m);

/* The English text of m, for translators. */
const char *report_text_en(enum report_msg m);

#endif
