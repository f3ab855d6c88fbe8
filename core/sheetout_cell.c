/*
 * sheetout_cell.c - each result's cell in each column of the spreadsheet
 * writers (see sheetout.h, sheetout_impl.h): the value as the CSV keeps it for
 * scripts or as the workbook says it to a reader, lists joined, and the
 * Chinese labels and reader's words of the conventions.
 */
#include "sheetout_impl.h"
#include "lang.h"

#include <stdlib.h>
#include <string.h>

/* The labels a reader sees for the conventional fields, summary counts
 * and metadata; anything else is shown by its key. */
static const struct { const char *key, *label; } labels[] = {
	{ "id", "编号" }, { "name", "名称" }, { "parent", "上级" },
	{ "period", "期间" }, { "status", "状态" }, { "score", "得分" },
	{ "max_score", "满分" }, { "rating", "评定" }, { "qualified", "合格" },
	{ "stars", "星级" }, { "tier", "档次" },
	{ "change.direction", "星级变化" }, { "change.previous", "上年星级" },
	{ "vetoes", "否决项" },
	{ "vetoed", "被否决" }, { "short", "未达标" },
	{ "not_qualified", "不合格" }, { "actions", "处理措施" },
	{ "warnings", "提示" }, { "errors", "错误" }, { "records", "记录数" },
	{ "assessed", "已评定" }, { "rejected", "被拒绝" },
	{ "per_star", "各星级数" }, { "per_tier", "各档次数" },
	{ "criteria", "各项" }, { "parents", "各上级" },
	{ "changes", "星级变化" }, { "pairs", "结对帮扶" },
	{ "unpaired", "未结对" }, { "helper", "帮扶方" },
	{ "helped", "受帮扶方" }, { "same_parent", "同一上级" },
	{ "pairing", "结对帮扶方" }, { "helping", "帮扶对象" },
	{ "quota", "名额限制" },
	{ "branches", "支部数" }, { "key", "键" }, { "label", "名称" },
	{ "file", "文件" }, { "line", "行" }, { "path", "字段" },
	{ "message", "说明" }, { "version", "版本" },
	{ "plugin", "方案插件" }, { "plugin_version", "插件版本" },
	{ "config_sha256", "配置文件 SHA-256" },
	{ "input_sha256", "输入 SHA-256" },
	{ "config_overrides", "配置覆盖" }, { "references", "引用文件" },
	{ "lang", "语言" }, { "abi", "插件接口版本" },
	{ "skipped_columns", "未读取的列" }, { "sheet", "工作表" },
	{ "column", "列" }, { "header", "表头" }, { "reason", "原因" },
	{ "sha256", "SHA-256" },
};

const char *sheetout_label(const char *key, char *buf, size_t len)
{
	const char *l = sheetout_label_only(key);

	if (l)
		snprintf(buf, len, "%s (%s)", l, key);
	else
		snprintf(buf, len, "%s", key);
	return buf;
}

const char *sheetout_label_only(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].key, key) == 0)
			return labels[i].label;
	return NULL;
}

const char *sheetout_word(const char *code)
{
	/* the words a workbook shows for the result conventions' codes
	 * and the metadata's language */
	static const struct { const char *code, *word; } words[] = {
		{ "ok", N_("assessed") }, { "rejected", N_("not assessed") },
		{ "up", N_("up") }, { "down", N_("down") },
		{ "same", N_("same") }, { "first", N_("first rating") },
		{ "true", N_("yes") }, { "false", N_("no") },
		{ "zh_CN", N_("Simplified Chinese") }, { "en", N_("English") },
	};
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i].code, code) == 0)
			return _(words[i].word);
	return code;
}

/* Append s (n bytes) to the scratch buffer, kept NUL-terminated. */
static int put(struct sheetout_cols *c, const char *s, size_t n)
{
	if (c->slen + n + 1 > c->scap) {
		size_t cap = c->scap ? c->scap : 256;
		char *p;
		while (c->slen + n + 1 > cap)
			cap *= 2;
		if (!(p = realloc(c->scratch, cap)))
			return -1;
		c->scratch = p;
		c->scap = cap;
	}
	memcpy(c->scratch + c->slen, s, n);
	c->slen += n;
	c->scratch[c->slen] = '\0';
	return 0;
}

static int puts_(struct sheetout_cols *c, const char *s)
{
	return put(c, s, strlen(s));
}

/* "label (key)", or key alone when there is no label; in a workbook the
 * label alone. */
static int labelled(struct sheetout_cols *c, const char *label, const char *key)
{
	if (!label || strcmp(label, key) == 0)
		return puts_(c, key);
	if (c->book)
		return puts_(c, label);
	return puts_(c, label) || puts_(c, " (") || puts_(c, key) ||
	       puts_(c, ")") ? -1 : 0;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *s = member(o, key);

	return cJSON_IsString(s) ? s->valuestring : NULL;
}

static const char *code_label(const cJSON *e)
{
	const char *l = str(e, "label");

	return l ? l : str(e, "code") ? str(e, "code") : "";
}

/* A workbook's cell of actions or warnings: each label once, with the
 * items it names ("提示：班子建设、队伍建设；警示"), in the order first
 * met. */
static int coded_book(struct sheetout_cols *c, const cJSON *a)
{
	const cJSON *e, *f, *g;
	int first = 1, items;

	cJSON_ArrayForEach(e, a) {
		const char *l = code_label(e);
		for (g = a->child; g != e; g = g->next) /* said already */
			if (strcmp(code_label(g), l) == 0)
				break;
		if (g != e)
			continue;
		if ((!first && puts_(c, "；") < 0) || puts_(c, l) < 0)
			return -1;
		first = 0;
		items = 0;
		for (f = e; f; f = f->next) {
			const char *k = str(f, "item"), *il;
			if (!k || strcmp(code_label(f), l) != 0)
				continue;
			il = str(c->crit_labels, k);
			if (puts_(c, items++ ? "、" : "：") < 0 ||
			    puts_(c, il ? il : k) < 0)
				return -1;
		}
	}
	return 0;
}

/* The joined cell of a list, coded list or error list into c->scratch. */
static int join(struct sheetout_cols *c, const struct col *col, const cJSON *a)
{
	const cJSON *e;
	int first = 1;

	c->slen = 0;
	if (put(c, "", 0) < 0)
		return -1;
	if (c->book && col->kind == COL_CODED && cJSON_IsObject(a->child))
		return coded_book(c, a);
	cJSON_ArrayForEach(e, a) {
		const char *k = NULL, *l = NULL;
		if (!first && puts_(c, c->book ? "；" : "; ") < 0)
			return -1;
		first = 0;
		if (col->kind == COL_LIST) {
			if (!cJSON_IsString(e))
				continue;
			k = e->valuestring;
			l = str(col->labels, k);
		} else if (col->kind == COL_CODED && cJSON_IsString(e)) {
			k = e->valuestring;
		} else if (col->kind == COL_CODED) {
			k = str(e, "code");
			l = str(e, "label");
			if (!k)
				k = l ? l : "";
		} else {
			k = str(e, "message");
			l = c->book ? NULL : str(e, "path");
			if (l && (puts_(c, l) < 0 || puts_(c, ": ") < 0))
				return -1;
			if (k && puts_(c, k) < 0)
				return -1;
			continue;
		}
		if (labelled(c, l, k) < 0)
			return -1;
	}
	return 0;
}

/* One partner, "name (id)" in a CSV and a workbook alike: two branches
 * may share a name. */
static int partner(struct sheetout_cols *c, const char *name, const char *id)
{
	if (!name || strcmp(name, id) == 0)
		return puts_(c, id);
	return puts_(c, name) || puts_(c, " (") || puts_(c, id) ||
	       puts_(c, ")") ? -1 : 0;
}

/* The partners of a pairing object or a helping list, "name (id)"
 * joined, into c->scratch; 0 with nothing there. */
static int partners(struct sheetout_cols *c, const cJSON *v)
{
	const cJSON *e;
	int n = 0;

	c->slen = 0;
	if (put(c, "", 0) < 0)
		return -1;
	if (cJSON_IsObject(v)) /* a helped branch's helper */
		return str(v, "helper") ? (partner(c, str(v, "helper_name"),
		                                   str(v, "helper")) < 0 ? -1 : 1)
		                        : 0;
	if (!cJSON_IsArray(v))
		return 0;
	cJSON_ArrayForEach(e, v) {
		if (!str(e, "id"))
			continue;
		if ((n++ && puts_(c, c->book ? "；" : "; ") < 0) ||
		    partner(c, str(e, "name"), str(e, "id")) < 0)
			return -1;
	}
	return n > 0;
}

/* v's cell; in a workbook a yes or no, and a code of the conventions
 * (word), as the words a reader says (sheetout_word). */
static void scalar(const struct sheetout_cols *c, const cJSON *v, int word,
                   struct sheetout_cell *cell)
{
	if (cJSON_IsNumber(v)) {
		cell->type = SHEET_NUMBER;
		cell->number = v->valuedouble;
	} else if (cJSON_IsBool(v) && c->book) {
		cell->type = SHEET_TEXT;
		cell->text = sheetout_word(cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsBool(v)) {
		cell->type = SHEET_BOOL;
		cell->boolean = cJSON_IsTrue(v);
	} else if (cJSON_IsString(v) && c->book && word) {
		cell->type = SHEET_TEXT;
		cell->text = sheetout_word(v->valuestring);
	} else if (cJSON_IsString(v)) {
		cell->type = SHEET_TEXT;
		cell->text = v->valuestring;
	}
}

/* The member of r at the dotted path key, or NULL. */
static const cJSON *at_path(const cJSON *r, const char *key)
{
	char part[256];
	const char *dot;

	while ((dot = strchr(key, '.')) && r) {
		if ((size_t)(dot - key) >= sizeof part)
			return NULL;
		memcpy(part, key, (size_t)(dot - key));
		part[dot - key] = '\0';
		r = member(r, part);
		key = dot + 1;
	}
	return r ? member(r, key) : NULL;
}

/* A declared column's cell: its type says how (a yes or no from a
 * boolean, or 1 and 0; a number only from a number; text from a text); a
 * list of texts joined. */
static int own_cell(struct sheetout_cols *c, const struct col *col,
                    const cJSON *r, struct sheetout_cell *cell)
{
	const cJSON *v = at_path(r, col->key);
	const char *type = str(col->labels, "type");

	if (type && strcmp(type, "yesno") == 0 && cJSON_IsNumber(v) &&
	    (v->valuedouble == 0 || v->valuedouble == 1)) {
		cell->type = c->book ? SHEET_TEXT : SHEET_BOOL;
		cell->boolean = v->valuedouble == 1;
		cell->text = sheetout_word(cell->boolean ? "true" : "false");
		return 0;
	}
	if (type && ((strcmp(type, "number") == 0 && !cJSON_IsNumber(v)) ||
	             (strcmp(type, "text") == 0 && !cJSON_IsString(v)) ||
	             (strcmp(type, "yesno") == 0 && !cJSON_IsBool(v))))
		return 0; /* not what it was declared: left empty */
	if (cJSON_IsArray(v)) {
		struct col list = { COL_LIST, col->key, NULL, NULL, NULL };
		if (join(c, &list, v) < 0)
			return -1;
		cell->type = SHEET_TEXT;
		cell->text = c->scratch;
		return 0;
	}
	scalar(c, v, 0, cell);
	return 0;
}

int sheetout_cell(struct sheetout_cols *c, const cJSON *r, size_t i,
               struct sheetout_cell *cell)
{
	const struct col *col = &c->col[i];
	const cJSON *v, *e;

	cell->type = SHEET_EMPTY;
	switch (col->kind) {
	case COL_FIELD:
		scalar(c, member(r, col->key), strcmp(col->key, "status") == 0,
		       cell);
		break;
	case COL_CHANGE:
		scalar(c, member(member(r, "change"), "direction"), 1, cell);
		break;
	case COL_PREV:
		scalar(c, member(member(r, "change"), "previous"), 0, cell);
		break;
	case COL_CRIT:
		cJSON_ArrayForEach(e, member(r, "criteria")) {
			const char *k = str(e, "key");
			if (k && strcmp(k, col->key) == 0) {
				v = member(e, "score");
				if (cJSON_IsNumber(v))
					scalar(c, v, 0, cell);
				break;
			}
		}
		break;
	case COL_PARTNER:
		switch (partners(c, member(r, col->key))) {
		case -1:
			return -1;
		case 1:
			cell->type = SHEET_TEXT;
			cell->text = c->scratch;
		}
		break;
	case COL_REASON:
		scalar(c, member(member(r, col->key), "reason"), 0, cell);
		break;
	case COL_OWN:
		return own_cell(c, col, r, cell);
	default:
		v = member(r, col->kind == COL_LIST ? col->key
		              : col->kind == COL_CODED ? col->key : "errors");
		if (!cJSON_IsArray(v))
			break;
		if (join(c, col, v) < 0)
			return -1;
		cell->type = SHEET_TEXT;
		cell->text = c->scratch;
		break;
	}
	return 0;
}
