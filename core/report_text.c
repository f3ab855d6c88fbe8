/*
 * report_text.c - every sentence of the HTML report, in one table: the
 * Chinese that the page shows and the English it means, so a translation
 * (gettext) could take the table over whole; the page is in the language
 * of the run (lang.h), Chinese or English.  Each entry is a complete
 * sentence or label; where a figure goes in, the entry holds the printf
 * conversion and says which.
 */
#include "report_text.h"

#include "lang.h"

static const struct {
	const char *zh, *en;
} text[RT_COUNT] = {
	[RT_SUBTITLE] = { "考评方案：%s", "Scheme: %s" }, /* describe text */
	[RT_NOSCRIPT] = { "脚本已关闭：下表按输入顺序列出全部结果。",
	                  "Scripts are off: the table lists every result in "
	                  "input order." },
	[RT_SEC_HEADLINE] = { "总体情况", "At a glance" },
	[RT_RECORDS] = { "参评组织", "Organisations" },
	[RT_ASSESSED] = { "完成考评", "Assessed" },
	[RT_REJECTED] = { "被退回", "Rejected" },
	[RT_SEC_CHARTS] = { "图表", "Charts" },
	[RT_CH_VERDICT] = { "各评定结果分布", "Organisations per verdict" },
	[RT_CH_STARS] = { "星级分布", "Organisations per star" },
	[RT_CH_TIERS] = { "档次分布", "Organisations per tier" },
	[RT_CH_PARENTS] = { "各上级单位分布", "Per parent unit" },
	[RT_CH_CHANGES] = { "与上年相比", "Against last year" },
	[RT_CH_PASS] = { "各项指标通过率", "Pass rate per criterion" },
	[RT_CH_PROMPT] = { "被提示最多的项目", "Items most often prompted" },
	[RT_CH_SHORT] = { "影响达标的指标", "Criteria that held organisations "
	                  "back" },
	[RT_CH_VETOES] = { "一票否决情况", "Vetoes" },
	[RT_CH_ACTIONS] = { "须落实的处理措施", "Consequences to carry out" },
	[RT_CH_WARNINGS] = { "提示与警示", "Prompts and warnings" },
	[RT_CH_OTHER] = { "统计：%s", "Count: %s" }, /* the summary key */
	[RT_STAR_N] = { "%s星", "%s stars" },       /* the star count */
	[RT_NO_STAR] = { "未评星级", "No star" },
	[RT_TIER_N] = { "第%s档", "Tier %s" },       /* the tier */
	[RT_UP] = { "上升", "Up" },
	[RT_DOWN] = { "下降", "Down" },
	[RT_SAME] = { "持平", "Same" },
	[RT_FIRST] = { "首次评定", "First rating" },
	[RT_QUALIFIED] = { "达标", "Qualified" },
	[RT_NOT_QUALIFIED] = { "未达标", "Not qualified" },
	[RT_REJECTED_ONE] = { "退回", "Rejected" },
	[RT_SEC_ACTIONS] = { "须落实的处理措施", "Consequences to carry out" },
	[RT_SEC_WARNINGS] = { "提示与警示", "Prompts and warnings" },
	[RT_SEC_REFUSED] = { "被退回的记录及原因", "Rejected records and why" },
	[RT_SEC_QUOTA] = { "因名额限制下调的组织", "Moved down by the quota" },
	[RT_COL_EARNED] = { "应得星级", "Stars earned" },
	[RT_COL_EARNED_LEVEL] = { "应得评定", "Rating earned" },
	[RT_SEC_PAIRS] = { "结对帮扶", "Pairing" },
	[RT_SEC_UNPAIRED] = { "未能结对的组织", "Left unpaired" },
	[RT_SEC_HELD] = { "影响达标的指标", "Criteria that held organisations "
	                  "back" },
	[RT_SEC_HELD_BY] = { "拖后腿的下级组织", "Communities that held a street "
	                     "back" },
	[RT_SEC_RESULTS] = { "全部结果", "All results" },
	[RT_SEC_REPRO] = { "可复核信息", "Reproducibility" },
	[RT_COL_NAME] = { "组织名称", "Organisation" },
	[RT_COL_ID] = { "编号", "Id" },
	[RT_COL_PARENT] = { "上级单位", "Parent unit" },
	[RT_COL_VERDICT] = { "评定结果", "Verdict" },
	[RT_COL_SCORE] = { "得分", "Score" },
	[RT_COL_WHAT] = { "事项", "What" },
	[RT_COL_REASON] = { "原因", "Reason" },
	[RT_COL_WHERE] = { "位置（文件:行）", "Where (file:line)" },
	[RT_COL_FIELD] = { "字段", "Field" },
	[RT_LIST_SEP] = { "、", ", " },            /* between list items */
	[RT_COL_HELPER] = { "帮扶方", "Helper" },
	[RT_COL_HELPED] = { "受帮扶方", "Helped" },
	[RT_COL_UNIT] = { "所属单位", "Unit" },
	[RT_COL_SAME_UNIT] = { "同一单位", "Same unit" },
	[RT_COL_STREET] = { "街道", "Street" },
	[RT_COL_COMMUNITY] = { "社区", "Community" },
	[RT_COL_STATUS] = { "情况", "Status" },
	[RT_COL_CRITERION] = { "指标", "Criterion" },
	[RT_COL_COUNT] = { "数量", "Count" },
	[RT_COL_SHORT] = { "未达标组织数", "Organisations short" },
	[RT_COL_NOT_PASSED] = { "未通过的指标", "Criteria not passed" },
	[RT_COL_TOTAL] = { "合计", "Total" },
	[RT_YES] = { "是", "Yes" },
	[RT_NO] = { "否", "No" },
	[RT_NONE] = { "无。", "None." },
	/* shown, total */
	[RT_CUT] = { "共 %ld 条，仅列出前 %ld 条。",
	             "%ld in all; the first %ld are listed." },
	/* results, the limit */
	[RT_SUMMARISED] = { "结果共 %ld 条，超过 %ld 条，下表按上级单位汇总。",
	                    "%ld results, more than %ld: the table below sums "
	                    "them per parent unit." },
	[RT_FILTER] = { "筛选：", "Filter:" },
	[RT_SORT_HINT] = { "点击表头可排序。", "Click a heading to sort." },
	[RT_VERSION] = { "程序版本", "assess version" },
	[RT_PLUGIN] = { "考评插件", "Plugin" },
	[RT_CONFIG_SHA] = { "配置文件 SHA-256", "Config SHA-256" },
	[RT_INPUT_SHA] = { "输入数据 SHA-256", "Input SHA-256" },
	[RT_REFERENCE] = { "引用文件 %s 的 SHA-256", "SHA-256 of reference "
	                   "file %s" }, /* the path */
	[RT_OVERRIDES] = { "配置覆盖", "Config overrides" },
	[RT_PASS_RATE] = { "%s / %s", "%s of %s" }, /* passed, present */
	[RT_NO_PARENT] = { "（无上级单位）", "(no parent unit)" },
	[RT_CHART_EMPTY] = { "暂无数据。", "No data." },
	[RT_PRINT_NOTE] = { "本报告由 assess 生成，不含任何外部资源。",
	                    "Made by assess; it holds no external resource." },
	[RT_OTHER] = { "其他", "Other" },
	[RT_SKIPPED] = { "未读取的列 %s", "Column not read: %s" }, /* its
	                                                             header */
	[RT_COL_STARS] = { "星级", "Stars" },
	[RT_COL_PREVIOUS] = { "上年星级", "Last year" },
	[RT_COL_TIER] = { "档次", "Tier" },
	/* the rows folded away */
	[RT_MORE] = { "另有 %ld 个组织，点击展开", "%ld more organisations: "
	              "click to show them" },
	/* the printed footer: "page N of M" (CSS counters follow) */
	[RT_PAGE] = { "第 \" counter(page) \" 页，共 \" counter(pages) \" 页",
	              "page \" counter(page) \" of \" counter(pages) \"" },
	/* trends, when earlier periods' ratings are known */
	[RT_COL_TREND] = { "历年星级", "Over the years" },
	[RT_CH_TREND] = { "历年星级分布", "Ratings per year" },
	/* one step of an organisation's trend: the period, the stars */
	[RT_TREND_STEP] = { "%s年 %d★", "%s: %d★" },
	[RT_TREND_PERIOD] = { "%s年", "%s" }, /* a period, in the chart */
};

const char *report_text(enum report_msg m)
{
	if (lang_current() == LANG_EN)
		return report_text_en(m);
	return m < RT_COUNT && text[m].zh ? text[m].zh : "";
}

const char *report_text_en(enum report_msg m)
{
	return m < RT_COUNT && text[m].en ? text[m].en : "";
}
