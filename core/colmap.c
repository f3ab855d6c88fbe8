/*
 * colmap.c - spreadsheet headers to record paths (see colmap.h).
 *
 * The names are gathered once per run into one table (name, path, type,
 * role): the explicit --columns and [input] columns entries, which win;
 * the host fields in English and as Chinese sheets head them; vetoes;
 * each criterion (or item) of the describe document by key and by label;
 * the fields the scheme declared, by their last key; the scheme's periods
 * by the names committees give them (日常考核, 年度考核), which only head
 * a column joined to an item; and the columns that hold no field (序号,
 * 备注).  Every name is stored, and every header looked up, in one
 * normal form: blanks dropped, full-width letters, digits and brackets
 * made half-width, the dashes and middle dots of Chinese text made one
 * each, so that 年度考核（自身建设） and 年度考核(自身建设) are one header.
 *
 * A header found there is that path.  Else, in turn: "label (key)" as
 * the output writers head columns; a year's stars (2024年星级); the header
 * without a points suffix (自身建设（20分）); a period joined to an item in
 * either order, by any separator or none (日常考核-班子建设, 班子建设（年
 * 度）); a dotted path, each part a key or a criterion's label.  Anything
 * else is unknown, and colmap_near says whether it is close to a known
 * header, which the reader then never skips.
 */
#include "lang.h"
#include "colmap_impl.h"
#include "ini.h"

#include "assess/scheme_base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The host's own fields: English, then the names Chinese sheets use. */
static const char *const host_names[][2] = {
	{ "id", "id" }, { "编号", "id" }, { "代码", "id" },
	{ "支部编号", "id" }, { "组织编码", "id" }, { "组织代码", "id" },
	{ "党组织编码", "id" }, { "单位编码", "id" },
	{ "name", "name" }, { "名称", "name" }, { "组织名称", "name" },
	{ "支部名称", "name" }, { "党支部名称", "name" },
	{ "党组织名称", "name" }, { "单位名称", "name" },
	{ "parent", "parent" }, { "上级", "parent" }, { "上级单位", "parent" },
	{ "所属党委", "parent" }, { "上级党组织", "parent" },
	{ "上级党委", "parent" }, { "所属党组织", "parent" },
	{ "所属街道", "parent" }, { "所属单位", "parent" },
	{ "period", "period" }, { "年度", "period" }, { "期间", "period" },
	{ "考核年度", "period" }, { "年份", "period" },
	{ "考核期间", "period" }, { "评定年度", "period" },
};

/* Veto columns, and the stars of the year before the assessment's. */
static const char *const veto_names[] = {
	"vetoes", "否决项", "一票否决", "一票否决事项", "否决事项", "否决情形",
};
static const char *const prev_names[] = {
	"上年星级", "上年度星级", "去年星级", "上一年星级", "上年星数",
	"上年度星数",
};

/* The periods' names, for the scheme's period keys that have them. */
static const char *const period_names[][2] = {
	{ "daily", "日常考核" }, { "daily", "日常" }, { "daily", "日常检查" },
	{ "daily", "日常考评" }, { "daily", "平时考核" },
	{ "half_year", "半年考核" }, { "half_year", "半年" },
	{ "half_year", "半年检查" }, { "half_year", "半年考评" },
	{ "half_year", "半年度" }, { "half_year", "年中考核" },
	{ "annual", "年度考核" }, { "annual", "年度" },
	{ "annual", "年度检查" }, { "annual", "年度考评" },
	{ "annual", "年终" }, { "annual", "年终考核" },
};

/* Columns a committee adds that hold no field: row numbers, remarks, who
 * filled the sheet in, a total of its own. */
static const char *const skip_names[] = {
	"序号", "No.", "No", "#", "备注", "说明", "备注说明", "附注", "remark",
	"remarks", "note", "notes", "填表人", "填报人", "审核人", "联系人",
	"联系电话", "填表日期", "填报日期", "总分", "合计", "排名", "名次",
};


/* --- the table --- */

int colmap_add(struct colmap *m, const char *name, const char *path,
               enum colmap_type type, enum role role, int shown)
{
	char h[HEADER_MAX];
	struct name *v;

	if (colmap_norm(name, h, sizeof h) < 0 || !*h)
		return 0; /* no header is that long, or empty */
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		if (!(v = realloc(m->v, cap * sizeof *v)))
			return -2;
		m->v = v;
		m->cap = cap;
	}
	v = &m->v[m->n];
	v->name = strdup(h);
	v->path = strdup(path);
	v->type = type;
	v->role = role;
	v->shown = shown;
	v->crit = 0;
	v->explicit = m->explicit;
	if (!v->name || !v->path) {
		free(v->name);
		free(v->path);
		return -2;
	}
	m->n++;
	return 0;
}

/* The entry of the name h (normal form) in role period or not: an
 * explicit one first. */
const struct name *colmap_find_as(const struct colmap *m, const char *h,
                                  int period)
{
	size_t i;
	int pass;

	for (pass = 1; pass >= 0; pass--)
		for (i = 0; i < m->n; i++)
			if (m->v[i].explicit == pass &&
			    (m->v[i].role == ROLE_PERIOD) == period &&
			    strcasecmp(m->v[i].name, h) == 0)
				return &m->v[i];
	return NULL;
}

const struct name *colmap_find(const struct colmap *m, const char *name)
{
	char h[HEADER_MAX];

	if (colmap_norm(name, h, sizeof h) < 0)
		return NULL;
	return colmap_find_as(m, h, 0);
}

enum colmap_type colmap_type_of(const char *path)
{
	size_t i;

	if (strcmp(path, "vetoes") == 0)
		return COLMAP_LIST;
	for (i = 0; i < sizeof host_names / sizeof host_names[0]; i++)
		if (strcmp(path, host_names[i][1]) == 0)
			return COLMAP_STRING;
	if (strncmp(path, "history.", 8) == 0 &&
	    strcmp(strrchr(path, '.'), ".period") == 0)
		return COLMAP_STRING;
	return COLMAP_AUTO;
}

/* Whether value is a dotted record path ("scores.team", "name"). */
int colmap_is_path(const char *value)
{
	return *value && !strpbrk(value, " \t") && value[0] != '.' &&
	       value[strlen(value) - 1] != '.' && !strstr(value, "..");
}

/* A header = path entry of --columns or [input] columns: a path
 * "checks.PERIOD" of a scheme with periods names that period. */
int colmap_add_explicit(struct colmap *m, const char *header,
                        const char *path)
{
	int period = m->periods && strncmp(path, "checks.", 7) == 0 &&
	             !strchr(path + 7, '.');

	return colmap_add(m, header, path, colmap_type_of(path),
	           period ? ROLE_PERIOD : ROLE_FIELD, 1);
}
static int add_vetoes(struct colmap *m, const cJSON *v)
{
	const cJSON *e;
	size_t n = (size_t)cJSON_GetArraySize(v), k = 0;

	if (!(m->vetoes = calloc(2 * n + 2, sizeof *m->vetoes)))
		return -2;
	m->nvetoes = n;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || !e->string)
			continue;
		if (!(m->vetoes[k++] = strdup(e->string)) ||
		    !(m->vetoes[k++] = strdup(e->valuestring)))
			return -2;
	}
	return 0;
}

/* The scheme's periods (describe "periods": an object of weights, or a
 * list of keys) by their keys and, for the usual keys, the names
 * committees give them. */
static int add_periods(struct colmap *m, const cJSON *periods)
{
	const cJSON *e;
	char path[256];
	size_t i;

	cJSON_ArrayForEach(e, periods) {
		const char *key = cJSON_IsString(e) ? e->valuestring : e->string;
		if (!key)
			continue;
		m->periods = 1;
		snprintf(path, sizeof path, "checks.%s", key);
		if (colmap_add(m, key, path, COLMAP_AUTO, ROLE_PERIOD, 0) < 0)
			return -2;
		for (i = 0; i < sizeof period_names / sizeof *period_names; i++)
			if (strcmp(period_names[i][0], key) == 0 &&
			    colmap_add(m, period_names[i][1], path, COLMAP_AUTO, ROLE_PERIOD,
			        1) < 0)
				return -2;
	}
	return 0;
}

/* Each criterion (or item): its label, its score path, its key alone (as
 * in "label (key)"). */
static int add_criteria(struct colmap *m, const cJSON *crit)
{
	const cJSON *e;
	char path[256];

	cJSON_ArrayForEach(e, crit) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "key");
		const cJSON *l = cJSON_GetObjectItemCaseSensitive(e, "label");
		const cJSON *sp = cJSON_GetObjectItemCaseSensitive(e, "score_path");

		if (!cJSON_IsString(k))
			continue;
		if (cJSON_IsString(sp))
			snprintf(path, sizeof path, "%s", sp->valuestring);
		else
			snprintf(path, sizeof path, "scores.%s", k->valuestring);
		if (cJSON_IsString(l) && !colmap_find(m, l->valuestring)) {
			if (colmap_add(m, l->valuestring, path, COLMAP_AUTO, ROLE_FIELD, 1) < 0)
				return -2;
			m->v[m->n - 1].crit = 1;
		}
		if (!colmap_find(m, path) &&
		    colmap_add(m, path, path, COLMAP_AUTO, ROLE_FIELD, 0) < 0)
			return -2;
		if (!colmap_find(m, k->valuestring)) {
			if (colmap_add(m, k->valuestring, path, COLMAP_AUTO, ROLE_FIELD, 0) < 0)
				return -2;
			m->v[m->n - 1].crit = 1;
		}
	}
	return 0;
}

/* The fields the scheme declared (describe "input", ABI 1.2): each by its
 * label when it has one, and by its last key when no other name is that
 * (indicators.report_rate as report_rate). */
static int add_declared(struct colmap *m, const cJSON *input)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, input) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");
		const cJSON *l = cJSON_GetObjectItemCaseSensitive(e, "label");
		const char *dot;

		if (!cJSON_IsString(p) || !colmap_is_path(p->valuestring))
			continue;
		if (cJSON_IsString(l) && !colmap_find(m, l->valuestring) &&
		    colmap_add(m, l->valuestring, p->valuestring,
		        colmap_type_of(p->valuestring), ROLE_FIELD, 1) < 0)
			return -2;
		if ((dot = strrchr(p->valuestring, '.')) && !colmap_find(m, dot + 1) &&
		    colmap_add(m, dot + 1, p->valuestring, colmap_type_of(p->valuestring),
		        ROLE_FIELD, 0) < 0)
			return -2;
	}
	return 0;
}

int colmap_new(struct colmap **out, const cJSON *describe,
               const char *columns, char *err, size_t errlen)
{
	struct colmap *m = calloc(1, sizeof *m);
	const cJSON *crit, *v;
	char prev[64];
	size_t i;
	int rc = -2;

	*out = NULL;
	if (!m)
		goto fail;
	/* the periods first: a --columns entry may name one */
	m->periods = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
	                 describe, "periods")) > 0;
	m->explicit = 1;
	if (columns && (rc = colmap_load_columns(m, columns, err, errlen)) < 0)
		goto fail;
	m->explicit = 0;
	rc = -2;
	for (i = 0; i < sizeof host_names / sizeof host_names[0]; i++)
		if (colmap_add(m, host_names[i][0], host_names[i][1], COLMAP_STRING,
		        ROLE_FIELD, 1) < 0)
			goto fail;
	/* listed as known only for a scheme that has vetoes */
	v = cJSON_GetObjectItemCaseSensitive(describe, "vetoes");
	for (i = 0; i < sizeof veto_names / sizeof *veto_names; i++)
		if (colmap_add(m, veto_names[i], "vetoes", COLMAP_LIST, ROLE_FIELD,
		        !describe || v) < 0)
			goto fail;
	if (cJSON_IsObject(v) && add_vetoes(m, v) < 0)
		goto fail;
	/* listed as known only for a scheme that rates in stars */
	m->history = !describe ||
	             cJSON_GetObjectItemCaseSensitive(describe, "stars");
	snprintf(prev, sizeof prev, "history.%s.stars", COLMAP_PREV);
	for (i = 0; i < sizeof prev_names / sizeof *prev_names; i++)
		if (colmap_add(m, prev_names[i], prev, COLMAP_AUTO, ROLE_FIELD,
		        i == 0 && m->history) < 0)
			goto fail;
	crit = cJSON_GetObjectItemCaseSensitive(describe, "criteria");
	if (!cJSON_IsArray(crit))
		crit = cJSON_GetObjectItemCaseSensitive(describe, "items");
	if (cJSON_IsArray(crit) && add_criteria(m, crit) < 0)
		goto fail;
	v = cJSON_GetObjectItemCaseSensitive(describe, "periods");
	if ((cJSON_IsObject(v) || cJSON_IsArray(v)) && add_periods(m, v) < 0)
		goto fail;
	v = cJSON_GetObjectItemCaseSensitive(describe, "input");
	if (cJSON_IsArray(v) && add_declared(m, v) < 0)
		goto fail;
	for (i = 0; i < sizeof skip_names / sizeof *skip_names; i++)
		if (!colmap_find(m, skip_names[i]) &&
		    colmap_add(m, skip_names[i], "", COLMAP_AUTO, ROLE_SKIP, 0) < 0)
			goto fail;
	*out = m;
	return 0;
fail:
	if (rc == -2)
		snprintf(err, errlen, _("out of memory"));
	colmap_free(m);
	return rc;
}

void colmap_free(struct colmap *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->v[i].name);
		free(m->v[i].path);
	}
	for (i = 0; m->vetoes && i < 2 * m->nvetoes; i++)
		free(m->vetoes[i]);
	free(m->vetoes);
	free(m->v);
	free(m);
}

const char *colmap_veto(const struct colmap *m, const char *word)
{
	size_t i;

	for (i = 0; i < m->nvetoes && m->vetoes[2 * i + 1]; i++)
		if (strcmp(m->vetoes[2 * i], word) == 0 ||
		    strcmp(m->vetoes[2 * i + 1], word) == 0)
			return m->vetoes[2 * i];
	return NULL;
}
