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
#include "diag.h"
#include "lang.h"
#include "record.h"
#include "sheetin.h"
#include "sheetin_impl.h"
#include "validate.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sheetin {
	struct sheetin_src src;
	const char *name;
	size_t limit;
	struct sheetin_node root;
	struct sheetin_json w; /* the row's record */
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
	free(n->header);
	free(n->path);
}

/* The child of n named key [s, s+len), made when missing; NULL out of
 * memory. */
static struct sheetin_node *child(struct sheetin_node *n, const char *s, size_t len)
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
	if (!(k->key = strndup(s, len)))
		return NULL;
	n->nkids++;
	return k;
}

/* Column col (header, mapped to path) into the plan.  0, -1 with the
 * reason in err, -2 out of memory. */
static int plan_add(struct sheetin *s, long row, long col,
                    const char *header, const char *path,
                    enum colmap_type type, char *err, size_t errlen)
{
	struct sheetin_node *n = &s->root;
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
	snprintf(err, errlen, _("%s:%ld: column \"%s\" gives %s, which "
	         "another column gives too (or a part of it)"), s->name, row,
	         header, path);
	return -1;
}


/* The header row into the plan.  0, -1 (err), -2 out of memory. */
/* How many cells of r hold more than blanks; the first, trimmed, into
 * buf. */
static int title_text(const struct sheetin_row *r, char *buf, size_t len)
{
	const char *h;
	size_t i, n;
	int filled = 0;

	buf[0] = '\0';
	for (i = 0; i < r->ncells; i++) {
		h = r->cells[i].text;
		n = r->cells[i].len;
		if (r->cells[i].kind == CELL_EMPTY)
			continue;
		sheetin_trim(&h, &n);
		if (n && filled++ == 0)
			snprintf(buf, len, "%.*s", (int)n, h);
	}
	return filled;
}

/* A row above the header: empty, or one cell of UTF-8 text that names no
 * field, as the title a committee puts over its table (often merged
 * across).  Anything else is taken for the header. */
static int is_title_row(const struct sheetin *s, const struct sheetin_row *r)
{
	char header[512], path[512];
	enum colmap_type type;
	int n = title_text(r, header, sizeof header);

	if (n == 0)
		return 1; /* empty */
	if (n > 1 || utf8_invalid_at(header, strlen(header)) >= 0)
		return 0;
	return colmap_resolve(s->w.map, header, path, sizeof path, &type) < 0;
}

/* The most rows skipped above the header as titles or blank. */
enum { TITLE_ROWS = 10 };

static int read_header(struct sheetin *s, const char *encoding, char *err,
                       size_t errlen)
{
	struct sheetin_row *r;
	char path[512], why[1500], title[512] = "";
	enum colmap_type type;
	size_t i;
	long title_row = 0;
	int got, rc, any = 0, skipped = 0, known;

	for (;;) {
		got = s->src.next(s->src.r, &r, err, errlen);
		if (got < 0)
			return got;
		if (got == 0 && !title_row) {
			snprintf(err, errlen, _("%s: empty: expected a header row "
			         "naming the fields"), s->name);
			return -1;
		}
		if (got == 0 || !is_title_row(s, r))
			break;
		if (!title_row && title_text(r, title, sizeof title))
			title_row = r->number;
		if (++skipped == TITLE_ROWS)
			break;
	}
	if (got == 0 || skipped == TITLE_ROWS) {
		/* no row under the titles named fields: the first was the
		 * header, of a column no field has */
		colmap_unknown(s->w.map, title, why, sizeof why);
		snprintf(err, errlen, _("%s:%ld: column \"%s\": no field has "
		         "this header; %s (map it with --columns FILE, or let such "
		         "columns through with [input] extra_fields = warn)"),
		         s->name, title_row, title, why);
		return -1;
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
				snprintf(err, errlen, _("%s: the input is not UTF-8: it "
				         "reads as GB18030 (GBK), as Chinese Windows "
				         "saves text: give --encoding gb18030, or save "
				         "it as UTF-8"), s->name);
			else
				snprintf(err, errlen, _("%s:%ld: the header of column %zu "
				         "is not UTF-8 text"), s->name, r->number, i + 1);
			return -1;
		}
		sheetin_trim(&h, &len);
		if (!len) /* a merged header cell, or no header: not read */
			continue;
		s->w.width = i + 1;
		snprintf(header, sizeof header, "%.*s", (int)len, h);
		known = colmap_resolve(s->w.map, header, path, sizeof path,
		                       &type) >= 0;
		if (!known && record_extra_policy() != RECORD_EXTRA_REJECT) {
			if (record_extra_policy() == RECORD_EXTRA_WARN)
				diag("%s:%ld: column \"%s\": no field has this header; "
				     "not read ([input] extra_fields = warn)", s->name,
				     r->number, header);
			continue;
		}
		if (!known) {
			colmap_unknown(s->w.map, header, why, sizeof why);
			snprintf(err, errlen, _("%s:%ld: column \"%s\": no field has "
			         "this header; %s (map it with --columns FILE, or let such "
			         "columns through with [input] extra_fields = warn)"),
			         s->name, r->number, header, why);
			return -1;
		}
		if ((rc = plan_add(s, r->number, (long)i, header, path, type, err,
		                   errlen)) < 0)
			return rc;
		any = 1;
	}
	if (!any) {
		snprintf(err, errlen, _("%s:%ld: the header row names no field"),
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
	s->w.map = o->map;
	s->name = name;
	s->limit = limit;
	s->root.col = -1;
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
	if (rc < 0 || (rc = read_header(s, kind == SHEETIN_CSV ? encoding
	                                : "UTF-8", err, errlen)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	if (rc == -2)
		snprintf(err, errlen, _("%s: out of memory reading the input"), name);
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
		if (!sheetin_row_json(&s->w, &s->root, r) && !r->over &&
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
	jsonw_buf_free(&s->w.t);
	free(s->w.hist);
	free(s);
}

/* The leaf at path [p, p+n) under node n, or NULL. */
static const struct sheetin_node *leaf(const struct sheetin_node *n, const char *p)
{
	size_t i, len;

	while (n && *p) {
		const struct sheetin_node *next = NULL;
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
	const struct sheetin_node *n;
	unsigned long i;
	char *end;

	if (!current || !path)
		return NULL;
	if (strncmp(path, "history[", 8) == 0) {
		i = strtoul(path + 8, &end, 10);
		if (*end != ']' || i >= current->w.nhist)
			return NULL;
		n = current->w.hist[i];
		if (end[1] == '.' && (n = leaf(n, end + 2)))
			return n->header;
		return current->w.hist[i]->nkids ? current->w.hist[i]->kids[0].header
		                               : NULL;
	}
	n = leaf(&current->root, path);
	return n ? n->header : NULL;
}

const char *sheetin_fault(size_t i, const char **path)
{
	return current ? sheetin_row_fault(&current->w, i, path) : NULL;
}
