/*
 * sheet.c - the column model of the spreadsheet writers (see sheet.h):
 * which columns a scheme's results get, their headers, and each result's
 * cell in each column.  Generic: it reads only the result conventions and
 * the describe document, so a third party's scheme gets it free.
 */
#include "sheet.h"
#include "lang.h"

#include <errno.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

enum col_kind {
	COL_FIELD,  /* a top-level member: text, number or boolean */
	COL_CHANGE, /* change.direction */
	COL_PREV,   /* change.previous */
	COL_LIST,   /* an array of keys, as "label (key)" joined */
	COL_CRIT,   /* the score of criteria[key == crit] */
	COL_CODED,  /* actions, warnings: "label (code)" joined */
	COL_PARTNER, /* pairing {helper, helper_name}, helping [{id, name}]:
	                "name (id)" joined */
	COL_REASON, /* quota: its reason */
	COL_ERRORS  /* errors: "path: message" joined */
};

struct col {
	enum col_kind kind;
	const char *key;     /* the member, or the criterion's key */
	const cJSON *labels; /* COL_LIST: key -> label, or NULL */
	char *header;
	char *label;         /* the header without its key */
};

struct sheet_cols {
	struct col *col;
	size_t n, cap;
	cJSON *crit_labels; /* criterion key -> label */
	cJSON *ahead;       /* the criteria read ahead, without describe */
	char *scratch;      /* joined cells */
	size_t slen, scap;
	char *line;         /* sheet_next's buffer */
	size_t linecap;
	int book;           /* a workbook's columns (sheet_cols_new) */
};

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
	{ "sha256", "SHA-256" },
};

const char *sheet_label(const char *key, char *buf, size_t len)
{
	const char *l = sheet_label_only(key);

	if (l)
		snprintf(buf, len, "%s (%s)", l, key);
	else
		snprintf(buf, len, "%s", key);
	return buf;
}

const char *sheet_label_only(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].key, key) == 0)
			return labels[i].label;
	return NULL;
}

const char *sheet_word(const char *code)
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

static int add(struct sheet_cols *c, enum col_kind kind, const char *key,
               const char *label, const cJSON *lab)
{
	char buf[512];
	struct col *col;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 32;
		struct col *p = realloc(c->col, cap * sizeof *p);
		if (!p)
			return -1;
		c->col = p;
		c->cap = cap;
	}
	if (!label)
		label = sheet_label_only(key);
	if (label)
		snprintf(buf, sizeof buf, "%s (%s)", label, key);
	else
		snprintf(buf, sizeof buf, "%s", key);
	col = &c->col[c->n];
	col->kind = kind;
	col->key = key;
	col->labels = lab;
	col->label = NULL;
	if (!(col->header = strdup(buf)) ||
	    !(col->label = strdup(label ? label : key))) {
		free(col->header);
		return -1;
	}
	c->n++;
	return 0;
}

static const cJSON *member(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* Without a describe document: the criteria of the first result that has
 * them, read ahead; the results are put back where they were. */
static int read_ahead(struct sheet_cols *c, const struct results_doc *doc,
                      char *err, size_t errlen)
{
	long at = ftell(doc->results);
	cJSON *r = NULL;
	int rc;

	if (at < 0) {
		snprintf(err, errlen, _("cannot read the results back: %s"),
		         strerror(errno));
		return -1;
	}
	while ((rc = sheet_next(c, doc, &r, err, errlen)) == 1) {
		if (cJSON_IsArray(member(r, "criteria"))) {
			c->ahead = cJSON_DetachItemFromObjectCaseSensitive(
				r, "criteria");
			cJSON_Delete(r);
			break;
		}
		cJSON_Delete(r);
	}
	if (rc < 0)
		return -1;
	if (fseek(doc->results, at, SEEK_SET) != 0) {
		snprintf(err, errlen, _("cannot read the results back: %s"),
		         strerror(errno));
		return -1;
	}
	return 0;
}

int sheet_cols_new(struct sheet_cols **out, const struct results_doc *doc,
                   int book, char *err, size_t errlen)
{
	static const char *const ident[] = { "id", "name", "parent", "period",
		"status", "score", "max_score", "rating", "qualified" };
	struct sheet_cols *c = calloc(1, sizeof *c);
	const cJSON *d = doc->describe, *crit, *e, *bar = NULL;
	size_t i;
	int all = !d;

	*out = NULL;
	if (!c || !(c->crit_labels = cJSON_CreateObject()))
		goto nomem;
	c->book = book;
	crit = writer_criteria(d);
	if (!crit) {
		if (read_ahead(c, doc, err, errlen) < 0)
			goto fail;
		crit = c->ahead;
	}
	cJSON_ArrayForEach(e, crit) {
		const cJSON *k = member(e, "key"), *l = member(e, "label");
		if (cJSON_IsString(k) && cJSON_IsString(l) &&
		    !member(c->crit_labels, k->valuestring) &&
		    !cJSON_AddStringToObject(c->crit_labels, k->valuestring,
		                             l->valuestring))
			goto nomem;
		if (member(e, "bar"))
			bar = e;
	}
	for (i = 0; i < sizeof ident / sizeof ident[0]; i++)
		if (add(c, COL_FIELD, ident[i], NULL, NULL) < 0)
			goto nomem;
	/* the verdict fields the scheme announces (all of them without a
	 * describe document) */
	if ((all || member(d, "stars")) &&
	    add(c, COL_FIELD, "stars", NULL, NULL) < 0)
		goto nomem;
	/* a workbook shows last year's stars beside this year's; a CSV
	 * keeps its columns where its readers found them and adds it last */
	if (book && (all || member(d, "stars")) &&
	    (add(c, COL_PREV, "change.previous", NULL, NULL) < 0 ||
	     add(c, COL_CHANGE, "change.direction", NULL, NULL) < 0))
		goto nomem;
	if ((all || member(d, "tiers")) &&
	    add(c, COL_FIELD, "tier", NULL, NULL) < 0)
		goto nomem;
	if (!book && (all || member(d, "stars")) &&
	    add(c, COL_CHANGE, "change.direction", NULL, NULL) < 0)
		goto nomem;
	if ((all || member(d, "vetoes")) &&
	    add(c, COL_LIST, "vetoes", NULL, member(d, "vetoes")) < 0)
		goto nomem;
	if ((all || bar) && add(c, COL_LIST, "short", NULL, c->crit_labels) < 0)
		goto nomem;
	cJSON_ArrayForEach(e, crit) {
		const cJSON *k = member(e, "key"), *l = member(e, "label");
		size_t j;
		if (!cJSON_IsString(k))
			continue;
		for (j = 0; j < c->n; j++) /* a key listed twice: one column */
			if (c->col[j].kind == COL_CRIT &&
			    strcmp(c->col[j].key, k->valuestring) == 0)
				break;
		if (j == c->n &&
		    add(c, COL_CRIT, k->valuestring,
		        cJSON_IsString(l) ? l->valuestring : NULL, NULL) < 0)
			goto nomem;
	}
	/* what the batch decided (SB9's pairs, a quota), when announced */
	if ((all || member(d, "pairing")) &&
	    (add(c, COL_PARTNER, "pairing", NULL, NULL) < 0 ||
	     add(c, COL_PARTNER, "helping", NULL, NULL) < 0))
		goto nomem;
	if ((all || member(d, "quota")) &&
	    add(c, COL_REASON, "quota", NULL, NULL) < 0)
		goto nomem;
	if (add(c, COL_CODED, "actions", NULL, NULL) < 0 ||
	    add(c, COL_CODED, "warnings", NULL, NULL) < 0 ||
	    add(c, COL_ERRORS, "errors", NULL, NULL) < 0)
		goto nomem;
	if (!book && (all || member(d, "stars")) &&
	    add(c, COL_PREV, "change.previous", NULL, NULL) < 0)
		goto nomem;
	*out = c;
	return 0;
nomem:
	snprintf(err, errlen, _("out of memory"));
fail:
	sheet_cols_free(c);
	return -1;
}

void sheet_cols_free(struct sheet_cols *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->col[i].header);
		free(c->col[i].label);
	}
	free(c->col);
	cJSON_Delete(c->crit_labels);
	cJSON_Delete(c->ahead);
	free(c->scratch);
	free(c->line);
	free(c);
}

size_t sheet_cols_count(const struct sheet_cols *c)
{
	return c->n;
}

const char *sheet_cols_header(const struct sheet_cols *c, size_t i)
{
	return c->book ? c->col[i].label : c->col[i].header;
}

const char *sheet_cols_key(const struct sheet_cols *c, size_t i)
{
	return c->col[i].key;
}

int sheet_cols_long(const struct sheet_cols *c, size_t i)
{
	return c->col[i].kind >= COL_LIST && c->col[i].kind != COL_CRIT;
}

/* Append s (n bytes) to the scratch buffer, kept NUL-terminated. */
static int put(struct sheet_cols *c, const char *s, size_t n)
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

static int puts_(struct sheet_cols *c, const char *s)
{
	return put(c, s, strlen(s));
}

/* "label (key)", or key alone when there is no label; in a workbook the
 * label alone. */
static int labelled(struct sheet_cols *c, const char *label, const char *key)
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
static int coded_book(struct sheet_cols *c, const cJSON *a)
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
static int join(struct sheet_cols *c, const struct col *col, const cJSON *a)
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
static int partner(struct sheet_cols *c, const char *name, const char *id)
{
	if (!name || strcmp(name, id) == 0)
		return puts_(c, id);
	return puts_(c, name) || puts_(c, " (") || puts_(c, id) ||
	       puts_(c, ")") ? -1 : 0;
}

/* The partners of a pairing object or a helping list, "name (id)"
 * joined, into c->scratch; 0 with nothing there. */
static int partners(struct sheet_cols *c, const cJSON *v)
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
 * (word), as the words a reader says (sheet_word). */
static void scalar(const struct sheet_cols *c, const cJSON *v, int word,
                   struct sheet_cell *cell)
{
	if (cJSON_IsNumber(v)) {
		cell->type = SHEET_NUMBER;
		cell->number = v->valuedouble;
	} else if (cJSON_IsBool(v) && c->book) {
		cell->type = SHEET_TEXT;
		cell->text = sheet_word(cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsBool(v)) {
		cell->type = SHEET_BOOL;
		cell->boolean = cJSON_IsTrue(v);
	} else if (cJSON_IsString(v) && c->book && word) {
		cell->type = SHEET_TEXT;
		cell->text = sheet_word(v->valuestring);
	} else if (cJSON_IsString(v)) {
		cell->type = SHEET_TEXT;
		cell->text = v->valuestring;
	}
}

int sheet_cell(struct sheet_cols *c, const cJSON *r, size_t i,
               struct sheet_cell *cell)
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

int sheet_next(struct sheet_cols *c, const struct results_doc *doc,
               cJSON **out, char *err, size_t errlen)
{
	ssize_t n;

	*out = NULL;
	errno = 0;
	n = getline(&c->line, &c->linecap, doc->results);
	if (n < 0) {
		if (ferror(doc->results) || errno == ENOMEM) {
			snprintf(err, errlen, _("cannot read the results back: %s"),
			         strerror(errno ? errno : EIO));
			return -1;
		}
		return 0;
	}
	if (!(*out = cJSON_ParseWithLength(c->line, (size_t)n))) {
		/* the spool holds what jsonw wrote: only memory can fail */
		snprintf(err, errlen, _("out of memory reading the results back"));
		return -1;
	}
	return 1;
}

int sheet_tcols(const cJSON *list, struct sheet_tcol **out, size_t *n)
{
	const cJSON *e, *m, *in;
	size_t cap = 0, i;
	struct sheet_tcol *t = NULL, *p;

	*n = 0;
	cJSON_ArrayForEach(e, list) cJSON_ArrayForEach(m, e) {
		const cJSON *first = cJSON_IsObject(m) ? m->child : m;
		for (in = first; in; in = cJSON_IsObject(m) ? in->next : NULL) {
			const char *inner = cJSON_IsObject(m) ? in->string : NULL;
			for (i = 0; i < *n; i++)
				if (strcmp(t[i].outer, m->string) == 0 &&
				    (inner ? t[i].inner &&
				     strcmp(t[i].inner, inner) == 0 : !t[i].inner))
					break;
			if (i < *n)
				continue;
			if (*n == cap) {
				cap = cap ? 2 * cap : 16;
				if (!(p = realloc(t, cap * sizeof *p))) {
					free(t);
					return -1;
				}
				t = p;
			}
			t[*n].outer = m->string;
			t[*n].inner = inner;
			(*n)++;
		}
	}
	*out = t;
	return 0;
}
