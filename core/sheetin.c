/*
 * sheetin.c - spreadsheet rows to JSON records (see sheetin.h).
 *
 * The header row is read once per file (sheetin_head.c) into a plan: a
 * tree of the record's members, each leaf a column, built here.  Every later row is written through the
 * plan as the text of one JSON object, so the host parses and checks it
 * exactly as it would a JSON record.  An empty cell writes nothing (an
 * absent field), an object or history entry with no cell filled is left
 * out, and a number is written as the cell's text, so "89.95" is the JSON
 * number 89.95 as written.
 */
#include "lang.h"
#include "sheetin.h"
#include "sheetin_impl.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	for (i = 0; i < n; i++) {
		if (strcmp(paths[i], "-") == 0) {
			/* peeked, and given back for the reader */
			int c = getc(stdin);
			if (c != EOF && ungetc(c, stdin) == 'P')
				return 1;
		} else if (by_name(paths[i]) != SHEETIN_JSON) {
			return 1;
		}
	}
	return 0;
}

static void free_node(struct sheetin_node *n)
{
	size_t i;

	for (i = 0; i < n->nkids; i++)
		free_node(&n->kids[i]);
	free(n->kids);
	free(n->key);
	free(n->jkey);
	free(n->header);
	free(n->path);
}

void sheetin_plans_free(struct sheetin_node **kept)
{
	struct sheetin_node *n;

	while ((n = *kept)) {
		*kept = n->next;
		free_node(n);
		free(n);
	}
}

int sheetin_rowcopy_set(struct sheetin_rowcopy *c,
                        const struct sheetin_rowstate *from)
{
	if (from->faultlen > c->faultcap) {
		char *f = realloc(c->fault, from->faultlen);
		if (!f)
			return -1;
		c->fault = f;
		c->faultcap = from->faultlen;
	}
	if (from->nhist > c->histcap) {
		const struct sheetin_node **h = realloc(c->hist, from->nhist *
		                                        sizeof *h);
		if (!h)
			return -1;
		c->hist = h;
		c->histcap = from->nhist;
	}
	c->st = *from;
	if (from->faultlen)
		memcpy(c->fault, from->fault, from->faultlen);
	if (from->nhist)
		memcpy(c->hist, from->hist, from->nhist * sizeof *c->hist);
	c->st.fault = c->fault;
	c->st.hist = c->hist;
	return 0;
}

void sheetin_rowcopy_free(struct sheetin_rowcopy *c)
{
	free(c->fault);
	free(c->hist);
	memset(c, 0, sizeof *c);
}

/* k's key as a member's JSON text, after a comma, into k->jkey.  0, or
 * -1 out of memory. */
static int member_text(struct sheetin_node *k)
{
	struct jsonw_buf b = { 0 };

	jsonw_append_raw(&b, ",", 1);
	jsonw_append_string(&b, k->key, strlen(k->key));
	jsonw_append_raw(&b, ":", 1);
	if (b.failed) {
		jsonw_buf_free(&b);
		return -1;
	}
	k->jkey = b.data;
	k->jkeylen = b.len;
	return 0;
}

/* The child of n named key [s, s+len), made when missing; NULL out of
 * memory. */
static struct sheetin_node *child(struct sheetin_node *n, const char *s,
                                  size_t len)
{
	struct sheetin_node *k;
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
	/* room for a year in place of COLMAP_PREV (sheetin_next) */
	if (!(k->key = malloc(len + 16)))
		return NULL;
	memcpy(k->key, s, len);
	k->key[len] = '\0';
	n->nkids++;
	return member_text(k) < 0 ? NULL : k;
}

int sheetin_plan_add(struct sheetin *s, const char *row, long col,
                    const char *header, const char *path,
                    enum colmap_type type, char *err, size_t errlen)
{
	struct sheetin_node *n = s->root;
	const char *p = path;
	char letter[8];
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
	snprintf(err, errlen, _("%s: column %s \"%s\" gives %s, which another "
	         "column gives too (or a part of it): leave one of them out; %s"),
	         s->name, sheetin_letters((size_t)col, letter), header, path, row);
	return -1;
}

int sheetin_skipped(struct sheetin *s, size_t i, const char *header,
                   const char *why)
{
	cJSON *e;
	char letter[8];

	if (!s->o || !s->o->skipped)
		return 0;
	if (!(e = cJSON_CreateObject()) ||
	    !cJSON_AddStringToObject(e, "file", s->name) ||
	    (s->sheet && !cJSON_AddStringToObject(e, "sheet", s->sheet)) ||
	    !cJSON_AddStringToObject(e, "column", sheetin_letters(i, letter)) ||
	    !cJSON_AddStringToObject(e, "header", header) ||
	    !cJSON_AddStringToObject(e, "reason", why) ||
	    !cJSON_AddItemToArray(s->o->skipped, e)) {
		cJSON_Delete(e);
		return -2;
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
	s->w.map = o->map;
	s->o = o;
	s->name = name;
	s->period_col = -1;
	s->limit = limit;
	if (!(s->root = calloc(1, sizeof *s->root)))
		goto fail;
	s->root->col = -1;
	if (kind == SHEETIN_CSV) {
		if (rdbuf_start(rd, fp, sha, encoding) < 0) {
			snprintf(err, errlen, _("--encoding %s: this system cannot "
			         "convert it"), encoding);
			rc = -1;
			goto fail;
		}
		rc = sheetin_csv_open(&s->src, rd, name, limit, err, errlen);
	} else {
		rc = sheetin_xlsx_open(&s->src, fp, name, o->sheet, sha, limit,
		                       err, errlen);
	}
	if (kind == SHEETIN_XLSX && rc == 0)
		sheetin_book_about(s->src.r, &s->sheet, &s->sheets, &s->merged);
	if (rc < 0 || (rc = sheetin_read_header(s, kind == SHEETIN_CSV
	                                        ? encoding : "UTF-8", err,
	                                        errlen)) < 0)
		goto fail;
	if (kind == SHEETIN_XLSX)
		sheetin_book_note(s->src.r);
	*out = s;
	return 0;
fail:
	if (rc == -2)
		snprintf(err, errlen, _("%s: out of memory reading the input"), name);
	sheetin_close(s);
	return rc;
}

/* The period of the history entry of the year before the assessment's
 * (上年星级): the year of row r's period less one ("2025", "2025年" and
 * "2025年度" give "2024"); without one, an empty period, which the host
 * refuses for this row naming the column (history[0].period: must be a
 * period), rather than a stars count filed under no year. */
static void prev_year(struct sheetin *s, const struct sheetin_row *r)
{
	const char *t = NULL;
	size_t len = 0;
	long year;

	if ((size_t)s->period_col < r->ncells &&
	    r->cells[s->period_col].kind != CELL_EMPTY) {
		t = r->cells[s->period_col].text;
		len = r->cells[s->period_col].len;
		sheetin_trim(&t, &len);
	}
	if (len >= 4 && strspn(t, "0123456789") == 4 &&
	    (len == 4 || !strncmp(t + 4, "年", 3)) &&
	    (year = strtol(t, NULL, 10)) > 1000) {
		snprintf(s->w.prevkey, sizeof s->w.prevkey, "%ld", year - 1);
		return;
	}
	s->w.prevkey[0] = '\0';
}

int sheetin_next(struct sheetin *s, struct sheetin_rec *rec, char *err,
                 size_t errlen)
{
	struct sheetin_row *r;
	int got;

	for (;;) {
		if (s->pending) {
			r = s->pending;
			s->pending = NULL;
		} else if ((got = s->src.next(s->src.r, &r, err, errlen)) <= 0) {
			return got;
		}
		if (s->w.prev)
			prev_year(s, r);
		if (!sheetin_row_json(&s->w, s->root, r) && !r->over &&
		    !s->w.t.failed)
			continue; /* an empty row */
		if (s->w.t.failed) {
			snprintf(err, errlen, _("%s:%ld: out of memory reading the "
			         "input"), s->name, r->number);
			return -2;
		}
		break;
	}
	rec->file = s->name;
	rec->line = r->number;
	rec->text = s->w.t.data;
	rec->len = s->w.t.len;
	rec->oversize = r->over || s->w.t.len > s->limit ? s->limit : 0;
	s->state.plan = s->root;
	s->state.prev = s->w.prev;
	memcpy(s->state.prevkey, s->w.prevkey, sizeof s->state.prevkey);
	s->state.fault = s->w.fault;
	s->state.faultlen = s->w.faultlen;
	s->state.hist = s->w.hist;
	s->state.nhist = s->w.nhist;
	rec->row = &s->state;
	return 1;
}

void sheetin_close(struct sheetin *s)
{
	if (!s)
		return;
	if (s->src.close)
		s->src.close(s->src.r);
	if (s->root && s->o && s->o->kept) { /* its records may be named yet */
		s->root->next = *s->o->kept;
		*s->o->kept = s->root;
	} else if (s->root) {
		free_node(s->root);
		free(s->root);
	}
	jsonw_buf_free(&s->w.t);
	free(s->w.hist);
	free(s);
}

/* The key of plan node n in row's record: the entry of the year before
 * the assessment's has its row's. */
static const char *key_in(const struct sheetin_rowstate *row,
                          const struct sheetin_node *n)
{
	return n == row->prev ? row->prevkey : n->key;
}

/* The leaf at path p under node n in row's record, or NULL. */
static const struct sheetin_node *leaf(const struct sheetin_rowstate *row,
                                       const struct sheetin_node *n,
                                       const char *p)
{
	size_t i, len;

	while (n && *p) {
		const struct sheetin_node *next = NULL;
		len = strcspn(p, ".[");
		for (i = 0; i < n->nkids; i++)
			if (strlen(key_in(row, &n->kids[i])) == len &&
			    !memcmp(key_in(row, &n->kids[i]), p, len))
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

const char *sheetin_column(const struct sheetin_rowstate *row,
                           const char *path)
{
	const struct sheetin_node *n;
	unsigned long i;
	char *end;

	if (!row || !path)
		return NULL;
	if (strncmp(path, "history[", 8) == 0) {
		i = strtoul(path + 8, &end, 10);
		if (*end != ']' || i >= row->nhist)
			return NULL;
		n = row->hist[i];
		if (end[1] == '.' && (n = leaf(row, n, end + 2)))
			return n->header;
		return row->hist[i]->nkids ? row->hist[i]->kids[0].header : NULL;
	}
	n = leaf(row, row->plan, path);
	return n ? n->header : NULL;
}

const char *sheetin_fault(const struct sheetin_rowstate *row, size_t i,
                          const char **path)
{
	return row ? sheetin_row_fault(row->fault, row->faultlen, i, path)
	           : NULL;
}

/* A sheet read as rows: the workbook reader's source, whole. */
struct sheetin_rows {
	struct sheetin_src src;
};

int sheetin_rows_open(struct sheetin_rows **out, FILE *fp, const char *path,
                      const char *sheet, size_t limit, char *err,
                      size_t errlen)
{
	struct sheetin_rows *r = calloc(1, sizeof *r);
	struct sha256 sha;
	int rc;

	*out = NULL;
	if (!r)
		return -2;
	sha256_init(&sha); /* the input's hash, which no one asks of these */
	rc = sheetin_xlsx_open(&r->src, fp, path, sheet, &sha, limit, err,
	                       errlen);
	if (rc < 0) {
		sheetin_rows_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

int sheetin_rows_next(struct sheetin_rows *r, struct sheetin_row **row,
                      char *err, size_t errlen)
{
	return r->src.next(r->src.r, row, err, errlen);
}

void sheetin_rows_close(struct sheetin_rows *r)
{
	if (!r)
		return;
	if (r->src.close)
		r->src.close(r->src.r);
	free(r);
}
