/*
 * sheetout_xlsx_sum.c - the workbook's 汇总 (summary) and 被拒绝 (rejected)
 * rows, and what every sheet of it shares in print (see
 * sheetout_xlsx.c).  The summary sheet shows the title, then the run's metadata and the scheme's summary laid
 * out generically: a figure on a row with its label, a map of counts as
 * a row per key under its label, a list of objects (criteria, parents,
 * pairs) as a small table.  Every row's key, and every table's column
 * keys, stand in the hidden first column and a hidden row above the
 * table, for scripts; the reader sees the labels: the describe
 * document's for codes, the ratings for star counts, the names beside
 * the ids of pairs.
 */
#include "sheetout_xlsx_impl.h"
#include "lang.h"
#include "paper.h"

#include <stdlib.h>
#include <string.h>

double sheetout_xlsx_width(const char *s)
{
	double w = 0;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '\n')
			return w; /* a cell's first line */
		if (ch < 0x80)
			w += 1;
		else if (ch >= 0xC0) /* the lead byte of a wide character */
			w += 2;
	}
	return w;
}

/* s with each & doubled (a footer's codes start with &), into out (len
 * bytes), cut short at a character boundary when it does not fit. */
static void footer_text(const char *s, char *out, size_t len)
{
	size_t o = 0, n;

	while (*s) {
		unsigned char c = (unsigned char)*s;
		n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (strnlen(s, n) < n || o + n + 2 > len)
			break; /* a character cut in s, or no room for it */
		if (c == '&')
			out[o++] = '&';
		memcpy(out + o, s, n);
		o += n;
		s += n;
	}
	out[o] = '\0';
}

void sheetout_xlsx_page(struct xw *x, lxw_worksheet *ws, int head)
{
	char title[200], foot[255];

	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.6);
	worksheet_gridlines(ws, LXW_SHOW_PRINT_GRIDLINES);
	if (head >= 0)
		sheetout_xlsx_note(x, worksheet_repeat_rows(ws, (lxw_row_t)head,
		                                         (lxw_row_t)head));
	footer_text(x->title, title, sizeof title);
	snprintf(foot, sizeof foot, "&L%s&R%s", title,
	         _("page &P of &N"));
	sheetout_xlsx_note(x, worksheet_set_footer(ws, foot));
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct sheetout_xlsx_name *)a)->id,
	              ((const struct sheetout_xlsx_name *)b)->id);
}

/* The ids whose names the summary's pairs and unpaired show. */
int sheetout_xlsx_names_init(struct xw *x)
{
	const cJSON *pairs = cJSON_GetObjectItemCaseSensitive(x->doc->summary,
	                                                      "pairs");
	const cJSON *un = cJSON_GetObjectItemCaseSensitive(x->doc->summary,
	                                                   "unpaired");
	size_t cap = (size_t)cJSON_GetArraySize(pairs) * 2 +
	             (size_t)cJSON_GetArraySize(un), n = 0, i;
	static const char *const side[] = { "helper", "helped" };
	const cJSON *e, *v;

	if (!cap)
		return 0;
	if (!(x->names = calloc(cap, sizeof *x->names)))
		return -1;
	cJSON_ArrayForEach(e, pairs)
		for (i = 0; i < 2; i++)
			if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(
			                   e, side[i])))
				x->names[n++].id = v->valuestring;
	cJSON_ArrayForEach(e, un)
		if (cJSON_IsString(e))
			x->names[n++].id = e->valuestring;
	qsort(x->names, n, sizeof *x->names, by_id);
	x->nnames = n;
	return 0;
}

static struct sheetout_xlsx_name *name_slot(const struct xw *x, const char *id)
{
	struct sheetout_xlsx_name k = { id, NULL }, *p;

	if (!x->nnames || !id)
		return NULL;
	p = bsearch(&k, x->names, x->nnames, sizeof k, by_id);
	/* an id listed twice: its first slot holds the name */
	while (p && p > x->names && strcmp(p[-1].id, id) == 0)
		p--;
	return p;
}

const char *sheetout_xlsx_name(const struct xw *x, const char *id)
{
	const struct sheetout_xlsx_name *p = name_slot(x, id);

	return p ? p->name : NULL;
}

int sheetout_xlsx_take(struct xw *x, const cJSON *r)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
	const cJSON *nm = cJSON_GetObjectItemCaseSensitive(r, "name");
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(r, "stars");
	const cJSON *ra = cJSON_GetObjectItemCaseSensitive(r, "rating");
	struct sheetout_xlsx_name *p;

	if (cJSON_IsNumber(st) && st->valuedouble == 0 &&
	    cJSON_IsString(ra) && paper_add_once(&x->zero, ra->valuestring) < 0)
		return -1;
	if (!cJSON_IsString(id) || !cJSON_IsString(nm) ||
	    !(p = name_slot(x, id->valuestring)) || p->name)
		return 0;
	return (p->name = strdup(nm->valuestring)) ? 0 : -1;
}

void sheetout_xlsx_names_free(struct xw *x)
{
	size_t i;

	for (i = 0; i < x->nnames; i++)
		free(x->names[i].name);
	free(x->names);
	free(x->zero);
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The label of key in the summary's map called map (NULL: none), into
 * buf. */
static const char *key_label(const struct xw *x, const char *map,
                             const char *key, char *buf, size_t len)
{
	const cJSON *d = x->doc->describe, *e;
	const char *l;

	if (map && strcmp(map, "per_star") == 0) {
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(d, "stars"))
			if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e,
			                   "stars")) && str(e, "rating") &&
			    cJSON_GetObjectItemCaseSensitive(e, "stars")
			    ->valuedouble == atof(key))
				return str(e, "rating");
		if (strcmp(key, "0") == 0)
			return x->zero ? x->zero : _("no star");
		snprintf(buf, len, _("%s stars"), key);
		return buf;
	}
	if (map && strcmp(map, "per_tier") == 0) {
		snprintf(buf, len, _("tier %s"), key);
		return buf;
	}
	if (map && strcmp(map, "changes") == 0)
		return sheetout_word(key);
	if (map && (l = str(cJSON_GetObjectItemCaseSensitive(d, map), key)))
		return l;
	/* a map's own label, as the scheme declares it */
	if (!map && (l = str(cJSON_GetObjectItemCaseSensitive(d, "maps"), key)))
		return l;
	l = sheetout_label_only(key);
	return l ? l : key;
}

/* One row: the key hidden in column A, the label in B, the value in C. */
static int row_of(struct xw *x, lxw_row_t *r, const char *key,
                  const char *label, const cJSON *v, lxw_format *f)
{
	if (sheetout_xlsx_text(x, x->sum, *r, 0, key, NULL) < 0 ||
	    sheetout_xlsx_text(x, x->sum, *r, 1, label, f) < 0)
		return -1;
	if (v && cJSON_IsString(v) && strcmp(key, "lang") == 0) {
		if (sheetout_xlsx_text(x, x->sum, *r, 2,
		                    sheetout_word(v->valuestring), NULL) < 0)
			return -1;
	} else if (v && sheetout_xlsx_value(x, x->sum, *r, 2, v) < 0) {
		return -1;
	}
	++*r;
	return 0;
}

/* A table column: the member (outer, inner), or the name beside the id
 * in member outer (name set). */
struct tcol {
	const char *outer, *inner;
	int name;
};

/* The header of table column t into buf. */
static const char *theader(const struct xw *x, const struct tcol *t,
                           char *buf, size_t len)
{
	char ob[128], ib[128];
	const char *o = key_label(x, NULL, t->outer, ob, sizeof ob);

	if (t->name)
		snprintf(buf, len, _("%s name"), o);
	else if (!t->inner)
		snprintf(buf, len, "%s", o);
	else if (strcmp(t->outer, "per_star") == 0 ||
	         strcmp(t->outer, "per_tier") == 0 ||
	         strcmp(t->outer, "changes") == 0)
		snprintf(buf, len, "%s",
		         key_label(x, t->outer, t->inner, ib, sizeof ib));
	else
		snprintf(buf, len, "%s：%s", o,
		         key_label(x, t->outer, t->inner, ib, sizeof ib));
	return buf;
}

/* A list of objects as a table from row *r on, in columns B on: a hidden
 * row of its column keys, a row of labels, a row per object (its "key"
 * member, when it has one, in hidden column A instead). */
static int table(struct xw *x, lxw_row_t *r, const cJSON *list)
{
	lxw_row_col_options hide = { 1, 0, 0 };
	struct sheetout_tcol *tc;
	struct tcol *t = NULL;
	const cJSON *e;
	size_t n, m = 0, i;
	char head[512], key[256];
	int rc = -1;

	if (sheetout_tcols(list, &tc, &n) < 0)
		return -1;
	if (!(t = calloc(2 * n + 1, sizeof *t)))
		goto out;
	for (i = 0; i < n; i++) {
		if (!tc[i].inner && strcmp(tc[i].outer, "key") == 0)
			continue;
		t[m++] = (struct tcol){ tc[i].outer, tc[i].inner, 0 };
		if (!tc[i].inner && (strcmp(tc[i].outer, "helper") == 0 ||
		                     strcmp(tc[i].outer, "helped") == 0))
			t[m++] = (struct tcol){ tc[i].outer, NULL, 1 };
	}
	sheetout_xlsx_note(x, worksheet_set_row_opt(x->sum, *r, LXW_DEF_ROW_HEIGHT,
	                                         NULL, &hide));
	for (i = 0; i < m; i++) {
		snprintf(key, sizeof key, "%s%s%s%s", t[i].outer,
		         t[i].inner ? "." : "", t[i].inner ? t[i].inner : "",
		         t[i].name ? "#name" : "");
		if (sheetout_xlsx_text(x, x->sum, *r, (lxw_col_t)(i + 1), key,
		                    NULL) < 0)
			goto out;
	}
	++*r;
	for (i = 0; i < m; i++)
		if (sheetout_xlsx_text(x, x->sum, *r, (lxw_col_t)(i + 1),
		                    theader(x, &t[i], head, sizeof head),
		                    x->head) < 0)
			goto out;
	++*r;
	cJSON_ArrayForEach(e, list) {
		const char *k = str(e, "key");
		if (k && sheetout_xlsx_text(x, x->sum, *r, 0, k, NULL) < 0)
			goto out;
		for (i = 0; i < m; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(
				e, t[i].outer);
			if (t[i].inner)
				v = cJSON_IsObject(v) ?
				    cJSON_GetObjectItemCaseSensitive(v, t[i].inner)
				    : NULL;
			else if (cJSON_IsObject(v))
				v = NULL;
			if (t[i].name) {
				const char *nm = cJSON_IsString(v) ?
				                 sheetout_xlsx_name(x, v->valuestring)
				                 : NULL;
				if (nm && sheetout_xlsx_text(x, x->sum, *r,
				                          (lxw_col_t)(i + 1), nm,
				                          NULL) < 0)
					goto out;
			} else if (sheetout_xlsx_value(x, x->sum, *r,
			                            (lxw_col_t)(i + 1), v) < 0) {
				goto out;
			}
		}
		++*r;
	}
	rc = 0;
out:
	free(t);
	free(tc);
	return rc;
}

/* One member m of the metadata or the summary from row *r on: a scalar
 * on its row, an object as its members' rows, a list of objects as a
 * table, a list of values one a row (an id with its name beside).  map:
 * the name of the map m is a member of, or NULL. */
static int section(struct xw *x, lxw_row_t *r, const cJSON *m, int depth,
                   const char *map)
{
	const cJSON *e;
	char buf[256];
	const char *l = key_label(x, map, m->string, buf, sizeof buf);

	if (!cJSON_IsObject(m) && !cJSON_IsArray(m))
		return row_of(x, r, m->string, l, m, NULL);
	if (row_of(x, r, m->string, l, NULL, x->bold) < 0)
		return -1;
	if (cJSON_IsObject(m)) {
		cJSON_ArrayForEach(e, m)
			if (depth < 4 && section(x, r, e, depth + 1,
			                         m->string) < 0)
				return -1;
		return 0;
	}
	if (cJSON_IsObject(m->child))
		return table(x, r, m);
	cJSON_ArrayForEach(e, m) {
		const char *nm = cJSON_IsString(e) ?
		                 sheetout_xlsx_name(x, e->valuestring) : NULL;
		if (sheetout_xlsx_value(x, x->sum, *r, 1, e) < 0 ||
		    (nm && sheetout_xlsx_text(x, x->sum, *r, 2, nm, NULL) < 0))
			return -1;
		++*r;
	}
	return 0;
}

int sheetout_xlsx_summary(struct xw *x)
{
	const cJSON *part[2] = { x->doc->meta, x->doc->summary }, *m;
	static const char *const key[2] = { "assess", "summary" };
	static const char *const name[2] = { "运行信息", "汇总" };
	lxw_row_col_options hide = { 1, 0, 0 };
	lxw_row_t r = 0;
	int i;

	sheetout_xlsx_note(x, worksheet_set_column_opt(x->sum, 0, 0, 20, NULL,
	                                            &hide));
	sheetout_xlsx_note(x, worksheet_set_column(x->sum, 1, 1, 24, NULL));
	sheetout_xlsx_note(x, worksheet_set_column(x->sum, 2, 9, 20, NULL));
	if (sheetout_xlsx_text(x, x->sum, r++, 1, x->title, x->bold) < 0)
		return -1;
	r++;
	for (i = 0; i < 2; i++) {
		if (row_of(x, &r, key[i], name[i], NULL, x->bold) < 0)
			return -1;
		cJSON_ArrayForEach(m, part[i])
			if (section(x, &r, m, 0, NULL) < 0)
				return -1;
		r++;
	}
	sheetout_xlsx_page(x, x->sum, -1);
	return 0;
}

int sheetout_xlsx_lines(const char *text, double width)
{
	double w = 0, room = width > 3 ? width - 2 : 1;
	int n = 1;

	for (; *text; text++) {
		unsigned char ch = (unsigned char)*text;
		double cw = ch < 0x80 ? 1 : ch >= 0xC0 ? 2 : 0;
		if (ch == '\n' || w + cw > room) {
			n++;
			w = ch == '\n' ? 0 : cw;
		} else {
			w += cw;
		}
	}
	return n;
}

const char *const sheetout_xlsx_rej_keys[] = { "id", "name", "parent", "period",
                                        "file", "line", "field", "message",
                                        "path" };

/* The criteria's labels by key, from the describe document. */
static const char *crit_label(const struct xw *x, const char *key)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, writer_criteria(x->doc->describe)) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "key");
		const cJSON *l = cJSON_GetObjectItemCaseSensitive(e, "label");
		if (cJSON_IsString(k) && cJSON_IsString(l) &&
		    strcmp(k->valuestring, key) == 0)
			return l->valuestring;
	}
	return NULL;
}

/* The rejected record r's rows from *row on: one per error; the field
 * by its criterion's label where it is a criterion's score, the path
 * itself in the hidden last column. */
int sheetout_xlsx_rejected(struct xw *x, lxw_row_t *row, const cJSON *r)
{
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(r, "errors");
	const cJSON *e = cJSON_IsArray(errs) ? errs->child : NULL;
	size_t i;

	do {
		const cJSON *path = cJSON_GetObjectItemCaseSensitive(e, "path");
		const char *dot = cJSON_IsString(path) ?
		                  strrchr(path->valuestring, '.') : NULL;
		const char *l = dot ? crit_label(x, dot + 1) : NULL;
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "message");
		int k = cJSON_IsString(msg) ? sheetout_xlsx_lines(msg->valuestring,
		                                    REJ_MESSAGE_WIDTH) : 1;
		if (*row >= LXW_ROW_MAX)
			return -2;
		if (k > 1)
			sheetout_xlsx_note(x, worksheet_set_row(x->rej, *row,
			                                     XLSX_LINE * k, NULL));
		for (i = 0; i < REJ_COLS; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(
				i < 6 ? r : e, i == 6 ? "path" : sheetout_xlsx_rej_keys[i]);
			if (i == 6 && l) {
				if (sheetout_xlsx_text(x, x->rej, *row, 6, l, NULL) < 0)
					return -1;
			} else if (sheetout_xlsx_value(x, x->rej, *row, (lxw_col_t)i,
			                            v) < 0)
				return -1;
		}
		++*row;
	} while (e && (e = e->next));
	return 0;
}
