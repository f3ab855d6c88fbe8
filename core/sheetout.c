/*
 * sheetout.c - the column model of the spreadsheet writers (see sheetout.h):
 * which columns a scheme's results get and their headers, and the
 * results read back a line at a time; each cell is sheetout_cell.c's.
 * Generic: it reads only the result conventions and the describe
 * document, so a third party's scheme gets it free.
 */
#include "sheetout_impl.h"
#include "lang.h"

#include <errno.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

static int add(struct sheetout_cols *c, enum col_kind kind, const char *key,
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
		label = sheetout_label_only(key);
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

/* Without a describe document: the criteria of the first result that has
 * them, read ahead; the results are put back where they were. */
static int read_ahead(struct sheetout_cols *c, const struct results_doc *doc,
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
	while ((rc = sheetout_next(c, doc, &r, err, errlen)) == 1) {
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

/* The columns the scheme declares in its describe document d:
 * "columns": [{ "key", "label", "type" }], key a result's member or a
 * dotted path into it (participation.rate), type "number", "text" or
 * "yesno" (absent: the value as it comes).  A key that another column
 * shows already is left out. */
static int own_columns(struct sheetout_cols *c, const cJSON *d)
{
	const cJSON *e;
	size_t j;

	cJSON_ArrayForEach(e, member(d, "columns")) {
		const cJSON *k = member(e, "key"), *l = member(e, "label");
		if (!cJSON_IsString(k) || !k->valuestring[0])
			continue;
		for (j = 0; j < c->n; j++)
			if (strcmp(c->col[j].key, k->valuestring) == 0)
				break;
		if (j < c->n)
			continue;
		if (add(c, COL_OWN, k->valuestring,
		        cJSON_IsString(l) ? l->valuestring : NULL, e) < 0)
			return -1;
	}
	return 0;
}

int sheetout_cols_new(struct sheetout_cols **out, const struct results_doc *doc,
                   int book, char *err, size_t errlen)
{
	static const char *const ident[] = { "id", "name", "parent", "period",
		"status", "score", "max_score", "rating", "qualified" };
	struct sheetout_cols *c = calloc(1, sizeof *c);
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
		/* an input field a scheme lists for its label ("field") has
		 * no score: its value is the scheme's own column, if any */
		if (!cJSON_IsString(k) || member(e, "field"))
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
	if (book && own_columns(c, d) < 0) /* beside the scheme's figures */
		goto nomem;
	if (add(c, COL_CODED, "actions", NULL, NULL) < 0 ||
	    add(c, COL_CODED, "warnings", NULL, NULL) < 0 ||
	    add(c, COL_ERRORS, "errors", NULL, NULL) < 0)
		goto nomem;
	if (!book && (all || member(d, "stars")) &&
	    add(c, COL_PREV, "change.previous", NULL, NULL) < 0)
		goto nomem;
	if (!book && own_columns(c, d) < 0) /* after all a CSV had */
		goto nomem;
	*out = c;
	return 0;
nomem:
	snprintf(err, errlen, _("out of memory"));
fail:
	sheetout_cols_free(c);
	return -1;
}

void sheetout_cols_free(struct sheetout_cols *c)
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

size_t sheetout_cols_count(const struct sheetout_cols *c)
{
	return c->n;
}

const char *sheetout_cols_header(const struct sheetout_cols *c, size_t i)
{
	return c->book ? c->col[i].label : c->col[i].header;
}

const char *sheetout_cols_key(const struct sheetout_cols *c, size_t i)
{
	return c->col[i].key;
}

int sheetout_cols_long(const struct sheetout_cols *c, size_t i)
{
	return c->col[i].kind >= COL_LIST && c->col[i].kind != COL_CRIT;
}

int sheetout_next(struct sheetout_cols *c, const struct results_doc *doc,
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

int sheetout_tcols(const cJSON *list, struct sheetout_tcol **out, size_t *n)
{
	const cJSON *e, *m, *in;
	size_t cap = 0, i;
	struct sheetout_tcol *t = NULL, *p;

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
