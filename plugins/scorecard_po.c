/*
 * scorecard_po.c - a scorecard scheme's own words in the user's
 * language: when a gettext catalog stands beside the INI, named after it
 * and the language assess runs in (fourstrong.ini: fourstrong.en.po,
 * fourstrong.zh_CN.po, or fourstrong.zh.po), the words of the verdict
 * the INI gives (the ratings' labels, the gates' reasons, the notes'
 * labels and messages, the quota's reason) are replaced by their
 * translations there (msgid: the INI's text as written; msgstr: the translation; an
 * empty msgstr keeps the text).  The catalog is read once, in create;
 * the INI is the scheme's, so its words need no build step and no .mo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scorecard_impl.h"

struct po_entry {
	char *id, *str;
};

struct po {
	struct po_entry *v;
	size_t n;
};

/* Append the C string literal at p ("...", escapes \" \\ \n \t) to *buf;
 * 0, or -1 when p holds no literal or memory runs out. */
static int literal(const char *p, char **buf, size_t *len)
{
	const char *q;
	char *b;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '"')
		return -1;
	if (!(b = realloc(*buf, *len + strlen(p) + 1)))
		return -1;
	*buf = b;
	for (q = p; *q && *q != '"'; q++) {
		char c = *q;
		if (c == '\\' && q[1]) {
			c = *++q;
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		b[(*len)++] = c;
	}
	b[*len] = 0;
	return *q == '"' ? 0 : -1;
}

static void po_free(struct po *po)
{
	size_t i;

	for (i = 0; i < po->n; i++) {
		free(po->v[i].id);
		free(po->v[i].str);
	}
	free(po->v);
}

/* Keep the entry id -> str (taken) when both are whole and str is not
 * empty; else free them. */
static int keep(struct po *po, char **id, char **str)
{
	struct po_entry *v;

	if (*id && **id && *str && **str) {
		if (!(v = realloc(po->v, (po->n + 1) * sizeof *v)))
			return -1;
		po->v = v;
		v[po->n].id = *id;
		v[po->n++].str = *str;
	} else {
		free(*id);
		free(*str);
	}
	*id = *str = NULL;
	return 0;
}

/* Read the catalog at path into po: 0 (also when there is none), or -1
 * out of memory.  A line the reader does not know is skipped. */
static int po_read(const char *path, struct po *po)
{
	FILE *f = fopen(path, "r");
	char line[4096], *id = NULL, *str = NULL, **cur = NULL;
	size_t idlen = 0, slen = 0, *curlen = NULL;
	int rc = 0;

	if (!f)
		return 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (strncmp(line, "msgid ", 6) == 0) {
			rc = keep(po, &id, &str);
			idlen = slen = 0;
			cur = &id;
			curlen = &idlen;
			if (rc == 0 && literal(line + 6, cur, curlen))
				cur = NULL;
		} else if (strncmp(line, "msgstr ", 7) == 0 && id) {
			cur = &str;
			curlen = &slen;
			if (literal(line + 7, cur, curlen))
				cur = NULL;
		} else if (line[0] == '"' && cur) {
			if (literal(line, cur, curlen))
				cur = NULL;
		} else if (line[0] != '#') {
			cur = NULL;
		}
	}
	if (rc == 0)
		rc = keep(po, &id, &str);
	free(id);
	free(str);
	fclose(f);
	return rc;
}

/* Replace *text by its translation, when the catalog has one. */
static int tr(const struct po *po, char **text)
{
	size_t i;
	char *t;

	if (!*text)
		return 0;
	for (i = 0; i < po->n; i++)
		if (strcmp(po->v[i].id, *text) == 0) {
			if (!(t = strdup(po->v[i].str)))
				return -1;
			free(*text);
			*text = t;
			return 0;
		}
	return 0;
}

/* The language assess runs in: the first of LANGUAGE, which assess sets
 * when it speaks another than English ("zh_CN"); else "en". */
static void language(char *out, size_t n)
{
	const char *l = getenv("LANGUAGE");

	if (!l || !*l)
		l = "en";
	snprintf(out, n, "%.*s", (int)strcspn(l, ":"), l);
}

int sc_po_apply(struct scorecard *s)
{
	const char *ini = s->h->config_path(s->cfg), *dot;
	struct po po = { NULL, 0 };
	char lang[32], path[4096];
	size_t i, base;
	int rc = 0;

	if (!ini || !(dot = strrchr(ini, '.')) || strchr(dot, '/'))
		return ASSESS_OK;
	base = (size_t)(dot - ini);
	language(lang, sizeof lang);
	snprintf(path, sizeof path, "%.*s.%s.po", (int)base, ini, lang);
	if (po_read(path, &po))
		goto nomem;
	if (!po.n && strchr(lang, '_')) { /* zh_CN: also fourstrong.zh.po */
		snprintf(path, sizeof path, "%.*s.%.*s.po", (int)base, ini,
		         (int)strcspn(lang, "_"), lang);
		if (po_read(path, &po))
			goto nomem;
	}
	/* the labels of criteria, fields and codes stay: a spreadsheet's
	 * headers and cells name them as the INI does */
	for (i = 0; rc == 0 && i < s->nratings; i++)
		rc = tr(&po, &s->ratings[i].label);
	for (i = 0; rc == 0 && i < s->ngates; i++)
		rc = tr(&po, &s->gates[i].reason);
	for (i = 0; rc == 0 && i < s->nnotes; i++) {
		char *label = (char *)s->notes[i].kind.label;
		rc = tr(&po, &label) || tr(&po, &s->notes[i].message);
		s->notes[i].kind.label = label;
	}
	if (rc == 0)
		rc = tr(&po, &s->quota.reason);
	if (rc)
		goto nomem;
	po_free(&po);
	return ASSESS_OK;
nomem:
	po_free(&po);
	return ASSESS_ENOMEM;
}
