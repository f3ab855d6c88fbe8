/*
 * colmap.c - spreadsheet headers to record paths (see colmap.h).
 *
 * The names are gathered once per run into one table (name, path, type):
 * the explicit --columns entries first, so that they win, then the host
 * fields in English and Chinese, then vetoes, then each criterion (or
 * item) of the describe document by key and by label.  A header found
 * there is that path; else a dotted header is taken as a path, each of its
 * parts a key or a criterion's label; else it is unknown.
 */
#include "lang.h"
#include "colmap.h"
#include "ini.h"

#include "assess/scheme_base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct name {
	char *name, *path;
	enum colmap_type type;
	int shown; /* listed in an unknown header's message */
	int crit;  /* a criterion's (or item's) label or key */
};

struct colmap {
	const char *columns; /* the --columns file, while it is read */
	struct name *v;
	size_t n, cap;
	char **vetoes; /* key, label, key, label ... */
	size_t nvetoes;
};

/* The host's own fields: English, then the names a Chinese sheet uses. */
static const char *const host_names[][2] = {
	{ "id", "id" }, { "编号", "id" }, { "代码", "id" },
	{ "name", "name" }, { "名称", "name" }, { "组织名称", "name" },
	{ "parent", "parent" }, { "上级", "parent" }, { "上级单位", "parent" },
	{ "period", "period" }, { "年度", "period" }, { "期间", "period" },
};

static int add(struct colmap *m, const char *name, const char *path,
               enum colmap_type type, int shown)
{
	struct name *v;

	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		if (!(v = realloc(m->v, cap * sizeof *v)))
			return -2;
		m->v = v;
		m->cap = cap;
	}
	v = &m->v[m->n];
	v->name = strdup(name);
	v->path = strdup(path);
	v->type = type;
	v->shown = shown;
	v->crit = 0;
	if (!v->name || !v->path) {
		free(v->name);
		free(v->path);
		return -2;
	}
	m->n++;
	return 0;
}

static const struct name *find(const struct colmap *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcasecmp(m->v[i].name, name) == 0)
			return &m->v[i];
	return NULL;
}

static enum colmap_type type_of(const char *path)
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

static int columns_section(void *arg, const char *name, long line,
                           char *err, size_t errlen)
{
	const struct colmap *m = arg;

	if (strcmp(name, "columns") == 0)
		return 0;
	snprintf(err, errlen, _("%s:%ld: [%s]: a columns file has only a "
	         "[columns] section"), m->columns, line, name);
	return -1;
}

static int columns_value(void *arg, const char *section, const char *key,
                         const char *value, long line, char *err,
                         size_t errlen)
{
	struct colmap *m = arg;

	(void)section;
	if (!*value || strchr(value, ' ') || value[0] == '.' ||
	    value[strlen(value) - 1] == '.' || strstr(value, "..")) {
		snprintf(err, errlen, _("%s:%ld: %s = %s: not a record path such "
		         "as scores.team"), m->columns, line, key, value);
		return -1;
	}
	if (add(m, key, value, type_of(value), 1) < 0) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	return 0;
}

/* The --columns file's [columns] section into m.  0 or -1 (err). */
static int load_columns(struct colmap *m, const char *path, char *err,
                        size_t errlen)
{
	struct ini_handler h = { m, columns_section, columns_value };
	char *buf = NULL, msg[512];
	size_t len = 0, cap = 0, n;
	FILE *fp = fopen(path, "rb");
	int rc = -1;

	if (!fp) {
		snprintf(err, errlen, _("--columns %s: cannot read: %s"), path,
		         strerror(errno));
		return -1;
	}
	do {
		if (len + 4096 > cap) {
			char *b = realloc(buf, cap = cap * 2 + 4096);
			if (!b) {
				snprintf(err, errlen, _("out of memory"));
				goto out;
			}
			buf = b;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0 && len < (1u << 20));
	if (ferror(fp)) {
		snprintf(err, errlen, _("--columns %s: read error"), path);
		goto out;
	}
	m->columns = path;
	if (ini_parse(path, buf, len, &h, msg, sizeof msg) < 0) {
		snprintf(err, errlen, _("--columns: %s"), msg);
		goto out;
	}
	rc = 0;
out:
	free(buf);
	fclose(fp);
	return rc;
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

int colmap_new(struct colmap **out, const cJSON *describe,
               const char *columns, char *err, size_t errlen)
{
	struct colmap *m = calloc(1, sizeof *m);
	const cJSON *crit, *e, *v;
	char path[256];
	size_t i;
	int rc = -2;

	*out = NULL;
	if (!m)
		goto fail;
	if (columns && (rc = load_columns(m, columns, err, errlen)) < 0)
		goto fail;
	rc = -2;
	for (i = 0; i < sizeof host_names / sizeof host_names[0]; i++)
		if (add(m, host_names[i][0], host_names[i][1], COLMAP_STRING,
		        1) < 0)
			goto fail;
	/* listed as known only for a scheme that has vetoes */
	v = cJSON_GetObjectItemCaseSensitive(describe, "vetoes");
	if (add(m, "vetoes", "vetoes", COLMAP_LIST, !describe || v) < 0 ||
	    add(m, "否决项", "vetoes", COLMAP_LIST, !describe || v) < 0)
		goto fail;
	if (cJSON_IsObject(v) && add_vetoes(m, v) < 0)
		goto fail;
	crit = cJSON_GetObjectItemCaseSensitive(describe, "criteria");
	if (!cJSON_IsArray(crit))
		crit = cJSON_GetObjectItemCaseSensitive(describe, "items");
	if (!cJSON_IsArray(crit))
		crit = NULL;
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
		if (cJSON_IsString(l) && !find(m, l->valuestring)) {
			if (add(m, l->valuestring, path, COLMAP_AUTO, 1) < 0)
				goto fail;
			m->v[m->n - 1].crit = 1;
		}
		if (!find(m, path) && add(m, path, path, COLMAP_AUTO, 0) < 0)
			goto fail;
		/* the key alone, as in "label (key)" */
		if (!find(m, k->valuestring)) {
			if (add(m, k->valuestring, path, COLMAP_AUTO, 0) < 0)
				goto fail;
			m->v[m->n - 1].crit = 1;
		}
	}
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

/* A part of a dotted header as a key: a criterion's label becomes its
 * key; anything else stays.  The part is [s, s+n). */
static void part_key(const struct colmap *m, const char *s, size_t n,
                     char *out, size_t len)
{
	char word[256];
	const struct name *f;
	const char *dot;

	snprintf(word, sizeof word, "%.*s", (int)n, s);
	f = find(m, word);
	if (f && f->crit && (dot = strrchr(f->path, '.')))
		snprintf(out, len, "%s", dot + 1);
	else
		snprintf(out, len, "%s", word);
}

/* A year's stars as a committee heads the column: "2024年星级", "2024
 * 年度星级", "2024年星数" -> history.2024.stars into path; 1, else 0. */
static int history_stars(const char *header, char *path, size_t len)
{
	static const char *const tail[] = { "年星级", "年度星级", "年星数",
	                                    "年度星数" };
	size_t i, n = strspn(header, "0123456789");

	if (n != 4)
		return 0;
	for (i = 0; i < sizeof tail / sizeof *tail; i++)
		if (strcmp(header + n, tail[i]) == 0) {
			snprintf(path, len, "history.%.4s.stars", header);
			return 1;
		}
	return 0;
}

int colmap_resolve(const struct colmap *m, const char *header, char *path,
                   size_t len, enum colmap_type *type)
{
	const struct name *f = find(m, header);
	const char *s, *dot, *open;
	char hist[32];
	size_t used = 0;

	if (f) {
		snprintf(path, len, "%s", f->path);
		*type = f->type;
		return 0;
	}
	/* "label (key)", as --format csv and xlsx write headers */
	if ((open = strrchr(header, '(')) && open > header &&
	    header[strlen(header) - 1] == ')') {
		char key[256];
		snprintf(key, sizeof key, "%.*s",
		         (int)(strlen(open) - 2), open + 1);
		if (strchr(key, '(') == NULL && (f = find(m, key))) {
			snprintf(path, len, "%s", f->path);
			*type = f->type;
			return 0;
		}
	}
	if (history_stars(header, hist, sizeof hist)) /* 2024年星级 */
		return colmap_resolve(m, hist, path, len, type);
	if (!strchr(header, '.') || header[0] == '.' ||
	    header[strlen(header) - 1] == '.' || strstr(header, "..") ||
	    strpbrk(header, " \t\"\\[]"))
		return -1;
	path[0] = '\0';
	for (s = header; *s; s = *dot ? dot + 1 : dot) {
		char key[256];
		dot = s + strcspn(s, ".");
		part_key(m, s, (size_t)(dot - s), key, sizeof key);
		used += (size_t)snprintf(path + used, used < len ? len - used : 0,
		                         "%s%s", used ? "." : "", key);
	}
	if (used >= len)
		return -1;
	*type = type_of(path);
	return 0;
}

void colmap_unknown(const struct colmap *m, const char *header, char *buf,
                    size_t len)
{
	const char **names = calloc(m->n + 1, sizeof *names);
	const char *near = NULL;
	size_t i, k = 0, used;

	for (i = 0; names && i < m->n; i++)
		if (m->v[i].shown)
			names[k++] = m->v[i].name;
	if (names)
		near = assess_nearest(header, names, k);
	if (near)
		used = (size_t)snprintf(buf, len, _("did you mean \"%s\"? known: "),
		                        near);
	else
		used = (size_t)snprintf(buf, len, "%s", _("known: "));
	for (i = 0; i < k && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used,
		                         i ? _(", %s") : "%s", names[i]);
	if (used < len)
		snprintf(buf + used, len - used, k ? _(", or a record path such "
		         "as scores.KEY") : _("a record path such as scores.KEY"));
	free(names);
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
