/*
 * sheetin.c - spreadsheet rows to JSON records (see sheetin.h).
 *
 * The header row is read once per file into a plan: a tree of the record's
 * members, each leaf a column.  Every later row is written through the
 * plan as the text of one JSON object, so the host parses and checks it
 * exactly as it would a JSON record.  An empty cell writes nothing (an
 * absent field), an object or history entry with no cell filled is left
 * out, and a number is written as the cell's text, so "89.95" is the JSON
 * number 89.95 as written.
 */
#include "sheetin.h"
#include "sheetin_impl.h"
#include "validate.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct node {
	char *key;
	char *header;        /* a leaf's column header */
	char *path;          /* a leaf's dotted path */
	long col;            /* a leaf's column, or -1 */
	enum colmap_type type;
	int array;           /* history: the children are its entries */
	struct node *kids;
	size_t nkids;
};

struct sheetin {
	struct sheetin_src src;
	const struct colmap *map;
	const char *name;
	size_t limit;
	struct node root;
	char *buf;           /* the record's text */
	size_t len, cap;
	int nomem;
	const struct node **hist; /* the history entries written, in order */
	size_t nhist, histcap;
};

/* The record last handed on, for sheetin_column. */
static const struct sheetin *current;

int sheetin_kind_by_name(const char *name, int *kind)
{
	if (strcmp(name, "csv") == 0)
		*kind = SHEETIN_CSV;
	else if (strcmp(name, "xlsx") == 0)
		*kind = SHEETIN_XLSX;
	else if (strcmp(name, "json") == 0 || strcmp(name, "ndjson") == 0)
		*kind = SHEETIN_JSON;
	else
		return -1;
	return 0;
}

static int by_name(const char *path)
{
	size_t n = strlen(path);

	if (n > 4 && strcasecmp(path + n - 4, ".csv") == 0)
		return SHEETIN_CSV;
	if (n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0)
		return SHEETIN_XLSX;
	return SHEETIN_JSON;
}

enum sheetin_kind sheetin_kind_of(const struct sheetin_opts *o,
                                  const char *path, FILE *fp)
{
	int c;

	if (!o)
		return SHEETIN_JSON;
	if (o->forced >= 0)
		return (enum sheetin_kind)o->forced;
	if (strcmp(path, "-") != 0)
		return (enum sheetin_kind)by_name(path);
	c = getc(fp);
	if (c == EOF)
		return SHEETIN_JSON;
	ungetc(c, fp);
	return c == 'P' ? SHEETIN_XLSX : SHEETIN_JSON;
}

int sheetin_wanted(char *const *paths, int n, int forced)
{
	int i;

	if (forced == SHEETIN_CSV || forced == SHEETIN_XLSX)
		return 1;
	if (forced == SHEETIN_JSON)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(paths[i], "-") == 0 || by_name(paths[i]) != SHEETIN_JSON)
			return 1;
	return 0;
}

static void free_node(struct node *n)
{
	size_t i;

	for (i = 0; i < n->nkids; i++)
		free_node(&n->kids[i]);
	free(n->kids);
	free(n->key);
	free(n->header);
	free(n->path);
}

/* The child of n named key [s, s+len), made when missing; NULL out of
 * memory. */
static struct node *child(struct node *n, const char *s, size_t len)
{
	struct node *k;
	size_t i;

	for (i = 0; i < n->nkids; i++)
		if (strlen(n->kids[i].key) == len &&
		    memcmp(n->kids[i].key, s, len) == 0)
			return &n->kids[i];
	if (!(k = realloc(n->kids, (n->nkids + 1) * sizeof *k)))
		return NULL;
	n->kids = k;
	k = &n->kids[n->nkids];
	memset(k, 0, sizeof *k);
	k->col = -1;
	if (!(k->key = strndup(s, len)))
		return NULL;
	n->nkids++;
	return k;
}

/* Column col (header, mapped to path) into the plan.  0, -1 with the
 * reason in err, -2 out of memory. */
static int plan_add(struct sheetin *s, long col, const char *header,
                    const char *path, enum colmap_type type, char *err,
                    size_t errlen)
{
	struct node *n = &s->root;
	const char *p = path;
	int depth = 0;

	for (;;) {
		size_t len = strcspn(p, ".");
		if (n->col >= 0)
			goto clash;
		if (!(n = child(n, p, len)))
			return -2;
		if (depth == 0 && len == 7 && memcmp(p, "history", 7) == 0 &&
		    strchr(p, '.') && strchr(strchr(p, '.') + 1, '.'))
			n->array = 1;
		p += len;
		depth++;
		if (!*p++)
			break;
	}
	if (n->col >= 0 || n->nkids)
		goto clash;
	n->col = col;
	n->type = type;
	if (!(n->header = strdup(header)) || !(n->path = strdup(path)))
		return -2;
	return 0;
clash:
	snprintf(err, errlen, "%s: row 1: column \"%s\" gives %s, which "
	         "another column gives too (or a part of it)", s->name, header,
	         path);
	return -1;
}

static void put(struct sheetin *s, const char *p, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t cap = (s->len + n + 1) * 2;
		char *b = realloc(s->buf, cap);
		if (!b) {
			s->nomem = 1;
			return;
		}
		s->buf = b;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

static void put_string(struct sheetin *s, const char *p, size_t n)
{
	size_t i, run = 0;
	char esc[8];

	put(s, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(s, p + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof esc, "\\%c", c);
		else if (c == '\n')
			snprintf(esc, sizeof esc, "\\n");
		else
			snprintf(esc, sizeof esc, "\\u%04x", c);
		put(s, esc, strlen(esc));
	}
	put(s, p + run, n - run);
	put(s, "\"", 1);
}

/* Whether [p, p+n) is a number as JSON writes it. */
static int json_number(const char *p, size_t n)
{
	const char *e = p + n;

	if (p < e && *p == '-')
		p++;
	if (p == e || !isdigit((unsigned char)*p))
		return 0;
	if (*p == '0')
		p++;
	else
		while (p < e && isdigit((unsigned char)*p))
			p++;
	if (p < e && *p == '.') {
		if (++p == e || !isdigit((unsigned char)*p))
			return 0;
		while (p < e && isdigit((unsigned char)*p))
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p == e || !isdigit((unsigned char)*p))
			return 0;
		while (p < e && isdigit((unsigned char)*p))
			p++;
	}
	return p == e;
}

/* The length of a list separator at p (、 ; , ； ，), or 0. */
static size_t separator(const char *p)
{
	if (*p == ';' || *p == ',')
		return 1;
	if (!strncmp(p, "、", 3) || !strncmp(p, "；", 3) || !strncmp(p, "，", 3))
		return 3;
	return 0;
}

static int blank(const char *p, size_t n)
{
	return n >= 3 && !strncmp(p, "　", 3) ? 3
	       : n >= 1 && (*p == ' ' || *p == '\t') ? 1 : 0;
}

static void trim(const char **p, size_t *n)
{
	int k;

	while (*n && (k = blank(*p, *n))) {
		*p += k;
		*n -= (size_t)k;
	}
	while (*n && (*(*p + *n - 1) == ' ' || *(*p + *n - 1) == '\t'))
		(*n)--;
	while (*n >= 3 && !strncmp(*p + *n - 3, "　", 3))
		*n -= 3;
}

/* A list cell: each item, by its key or its label, as a string. */
static void put_list(struct sheetin *s, const struct node *n,
                     const char *p)
{
	int first = 1;

	put(s, "[", 1);
	while (*p) {
		size_t len = 0, k;
		const char *item = p, *key;
		while (p[len] && !separator(p + len))
			len++;
		p += len;
		if ((k = separator(p)))
			p += k;
		trim(&item, &len);
		if (!len)
			continue;
		if (!first)
			put(s, ",", 1);
		first = 0;
		key = NULL;
		if (strcmp(n->path, "vetoes") == 0) {
			char word[256];
			snprintf(word, sizeof word, "%.*s", (int)len, item);
			key = colmap_veto(s->map, word);
		}
		if (key)
			put_string(s, key, strlen(key));
		else
			put_string(s, item, len);
	}
	put(s, "]", 1);
}

static void put_cell(struct sheetin *s, const struct node *n,
                     const struct sheetin_cell *c)
{
	const char *p = c->text;
	size_t len = c->len;

	if (n->type == COLMAP_LIST) {
		put_list(s, n, c->text);
		return;
	}
	if (n->type == COLMAP_STRING) {
		put_string(s, c->text, c->len);
		return;
	}
	if (c->kind == CELL_BOOL) {
		put(s, c->text[0] == '1' ? "true" : "false", c->text[0] == '1'
		    ? 4 : 5);
		return;
	}
	trim(&p, &len);
	if (json_number(p, len))
		put(s, p, len);
	else if ((len == 4 && !strncasecmp(p, "true", 4)) ||
	         (len == 5 && !strncasecmp(p, "false", 5)))
		put(s, len == 4 ? "true" : "false", len);
	else
		put_string(s, c->text, c->len);
}

static const struct sheetin_cell *cell_of(const struct sheetin_row *r,
                                          const struct node *n)
{
	const struct sheetin_cell *c;

	if (n->col < 0 || (size_t)n->col >= r->ncells)
		return NULL;
	c = &r->cells[n->col];
	return c->kind == CELL_EMPTY || c->len == 0 ? NULL : c;
}

/* The members of n filled in row r, each after a comma unless first;
 * whether any was written. */
static int put_members(struct sheetin *s, const struct node *n,
                       const struct sheetin_row *r, int first)
{
	size_t i, mark;
	int any = 0;

	for (i = 0; i < n->nkids; i++) {
		const struct node *k = &n->kids[i];
		const struct sheetin_cell *c = NULL;

		if (k->col >= 0 && !(c = cell_of(r, k)))
			continue;
		mark = s->len;
		if (!first || any)
			put(s, ",", 1);
		put_string(s, k->key, strlen(k->key));
		put(s, ":", 1);
		if (c) {
			put_cell(s, k, c);
		} else if (k->array) {
			size_t j, m2;
			int e = 0;
			put(s, "[", 1);
			for (j = 0; j < k->nkids; j++) {
				m2 = s->len;
				if (e)
					put(s, ",", 1);
				put(s, "{\"period\":", 10);
				put_string(s, k->kids[j].key, strlen(k->kids[j].key));
				if (!put_members(s, &k->kids[j], r, 0)) {
					s->len = m2;
					continue;
				}
				put(s, "}", 1);
				e++;
				if (s->nhist == s->histcap) {
					size_t cap = s->histcap * 2 + 8;
					const struct node **h = realloc(s->hist,
					                                cap * sizeof *h);
					if (!h) {
						s->nomem = 1;
						continue;
					}
					s->hist = h;
					s->histcap = cap;
				}
				s->hist[s->nhist++] = &k->kids[j];
			}
			put(s, "]", 1);
			if (!e) {
				s->len = mark;
				continue;
			}
		} else {
			put(s, "{", 1);
			if (!put_members(s, k, r, 1)) {
				s->len = mark;
				continue;
			}
			put(s, "}", 1);
		}
		any = 1;
	}
	if (s->buf)
		s->buf[s->len] = '\0';
	return any;
}

/* The header row into the plan.  0, -1 (err), -2 out of memory. */
static int read_header(struct sheetin *s, const char *encoding, char *err,
                       size_t errlen)
{
	struct sheetin_row *r;
	char path[512], why[1500];
	enum colmap_type type;
	size_t i;
	int got, rc, any = 0;

	got = s->src.next(s->src.r, &r, err, errlen);
	if (got <= 0) {
		if (got == 0)
			snprintf(err, errlen, "%s: empty: expected a header row "
			         "naming the fields", s->name);
		return got == 0 ? -1 : got;
	}
	for (i = 0; i < r->ncells; i++) {
		const struct sheetin_cell *c = &r->cells[i];
		const char *h = c->text;
		size_t len = c->len;
		char header[512];

		if (c->kind == CELL_EMPTY)
			continue;
		if (utf8_invalid_at(c->text, c->len) >= 0) {
			if (!encoding && text_is_gb18030(c->text, c->len))
				snprintf(err, errlen, "%s: the input is not UTF-8: it "
				         "reads as GB18030 (GBK), as Chinese Windows "
				         "saves text: give --encoding gb18030, or save "
				         "it as UTF-8", s->name);
			else
				snprintf(err, errlen, "%s:%ld: the header of column %zu "
				         "is not UTF-8 text", s->name, r->number, i + 1);
			return -1;
		}
		trim(&h, &len);
		if (!len) /* a merged header cell, or no header: not read */
			continue;
		snprintf(header, sizeof header, "%.*s", (int)len, h);
		if (colmap_resolve(s->map, header, path, sizeof path, &type) < 0) {
			colmap_unknown(s->map, header, why, sizeof why);
			snprintf(err, errlen, "%s:%ld: column \"%s\": no field has "
			         "this header; %s (or map it with --columns FILE)",
			         s->name, r->number, header, why);
			return -1;
		}
		if ((rc = plan_add(s, (long)i, header, path, type, err,
		                   errlen)) < 0)
			return rc;
		any = 1;
	}
	if (!any) {
		snprintf(err, errlen, "%s:%ld: the header row names no field",
		         s->name, r->number);
		return -1;
	}
	return 0;
}

int sheetin_open(struct sheetin **out, const struct sheetin_opts *o,
                 enum sheetin_kind kind, FILE *fp, const char *name,
                 struct rdbuf *rd, struct sha256 *sha, const char *encoding,
                 size_t limit, char *err, size_t errlen)
{
	struct sheetin *s = calloc(1, sizeof *s);
	int rc = -2;

	*out = NULL;
	if (!s)
		goto fail;
	s->map = o->map;
	s->name = name;
	s->limit = limit;
	s->root.col = -1;
	if (kind == SHEETIN_CSV) {
		if (rdbuf_start(rd, fp, sha, encoding) < 0) {
			snprintf(err, errlen, "--encoding %s: this system cannot "
			         "convert it", encoding);
			rc = -1;
			goto fail;
		}
		rc = sheetin_csv_open(&s->src, rd, name, limit, err, errlen);
	} else {
		rc = sheetin_xlsx_open(&s->src, fp, name, o->sheet, sha, limit,
		                       err, errlen);
	}
	if (rc < 0 || (rc = read_header(s, kind == SHEETIN_CSV ? encoding
	                                : "UTF-8", err, errlen)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	if (rc == -2)
		snprintf(err, errlen, "%s: out of memory reading the input", name);
	sheetin_close(s);
	return rc;
}

int sheetin_next(struct sheetin *s, struct sheetin_rec *rec, char *err,
                 size_t errlen)
{
	struct sheetin_row *r;
	int got;

	current = NULL;
	for (;;) {
		if ((got = s->src.next(s->src.r, &r, err, errlen)) <= 0)
			return got;
		s->len = 0;
		s->nhist = 0;
		put(s, "{", 1);
		if (!put_members(s, &s->root, r, 1) && !r->over)
			continue; /* an empty row */
		put(s, "}", 1);
		if (s->nomem) {
			snprintf(err, errlen, "%s:%ld: out of memory reading the "
			         "input", s->name, r->number);
			return -2;
		}
		break;
	}
	rec->file = s->name;
	rec->line = r->number;
	rec->text = s->buf;
	rec->len = s->len;
	rec->oversize = r->over || s->len > s->limit ? s->limit : 0;
	current = s;
	return 1;
}

void sheetin_close(struct sheetin *s)
{
	if (!s)
		return;
	if (current == s)
		current = NULL;
	if (s->src.close)
		s->src.close(s->src.r);
	free_node(&s->root);
	free(s->buf);
	free(s->hist);
	free(s);
}

/* The leaf at path [p, p+n) under node n, or NULL. */
static const struct node *leaf(const struct node *n, const char *p)
{
	size_t i, len;

	while (n && *p) {
		const struct node *next = NULL;
		len = strcspn(p, ".[");
		for (i = 0; i < n->nkids; i++)
			if (strlen(n->kids[i].key) == len &&
			    !memcmp(n->kids[i].key, p, len))
				next = &n->kids[i];
		n = next;
		p += len;
		if (*p == '[') /* a list item: its column */
			return n && n->col >= 0 ? n : NULL;
		if (*p)
			p++;
	}
	return n && n->col >= 0 ? n : NULL;
}

const char *sheetin_column(const char *path)
{
	const struct node *n;
	unsigned long i;
	char *end;

	if (!current || !path)
		return NULL;
	if (strncmp(path, "history[", 8) == 0) {
		i = strtoul(path + 8, &end, 10);
		if (*end != ']' || i >= current->nhist)
			return NULL;
		n = current->hist[i];
		if (end[1] == '.' && (n = leaf(n, end + 2)))
			return n->header;
		return current->hist[i]->nkids ? current->hist[i]->kids[0].header
		                               : NULL;
	}
	n = leaf(&current->root, path);
	return n ? n->header : NULL;
}
