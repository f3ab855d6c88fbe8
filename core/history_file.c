/*
 * history_file.c - earlier results read from the files assess wrote
 * (--history FILE): a results document, NDJSON with or without its
 * metadata line, or a workbook (history_xlsx.c).
 */
#include "history_impl.h"
#include "diag.h"
#include "lang.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The member of a result that holds the level. */
#define HISTORY_LEVEL "stars"

/* One result of an earlier run (a parsed line) into the table: rejected
 * results and those without stars give no history.  0 or -1. */
static int add_result(struct history *h, int src, const char *plugin,
                      const cJSON *r, char *err, size_t errlen)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
	const cJSON *period = cJSON_GetObjectItemCaseSensitive(r, "period");
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(r, "status");
	const cJSON *level = cJSON_GetObjectItemCaseSensitive(r, HISTORY_LEVEL);

	if (!cJSON_IsObject(r) || !cJSON_IsString(id) ||
	    !cJSON_IsString(status)) {
		snprintf(err, errlen, _("%s: not the results of an assess run (a "
		         "result without its id and status)"), history_shown(h, src));
		return -1;
	}
	if (strcmp(status->valuestring, "ok") != 0 || !cJSON_IsNumber(level))
		return 0;
	if (!cJSON_IsString(period) || !*period->valuestring) {
		snprintf(err, errlen, _("%s: record %s: the result has no period, "
		         "so it cannot be history"), history_shown(h, src),
		         id->valuestring);
		return -1;
	}
	return history_add(h, src, plugin, id->valuestring,
	                   period->valuestring, (int)level->valuedouble, err,
	                   errlen);
}

/* The plugin that made a run, from its "assess" metadata; NULL. */
static const char *plugin_of(const cJSON *doc)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(doc, "assess");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(m, "plugin");

	return cJSON_IsString(p) ? p->valuestring : NULL;
}

/* The file's whole text (malloc'd, NUL-terminated), or NULL with errno. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL, *v;
	size_t cap = 0, n = 0, got;
	int e;

	if (!fp)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			if (!(v = realloc(buf, cap + 1))) {
				errno = ENOMEM;
				goto fail;
			}
			buf = v;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	if (ferror(fp))
		goto fail;
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	e = errno;
	fclose(fp);
	free(buf);
	errno = e;
	return NULL;
}

/* The results (an array) of a run of plugin (NULL: the file does not
 * say) into h: refused when they are another plugin's, or none.  0 or
 * -1. */
static int take(struct history *h, int src, const char *plugin,
                const cJSON *results, char *err, size_t errlen)
{
	const cJSON *r;

	if (plugin && history_check_plugin(h, src, plugin, err, errlen) < 0)
		return -1;
	/* an empty file, or a --summary file, would give nothing unseen */
	if (!cJSON_GetArraySize(results)) {
		snprintf(err, errlen, _("--history %s: holds no results (a "
		         "--summary file, or empty?): give the results an earlier "
		         "run wrote"), history_shown(h, src));
		return -1;
	}
	cJSON_ArrayForEach(r, results)
		if (add_result(h, src, plugin, r, err, errlen) < 0)
			return -1;
	if (!plugin)
		diag("note: %s names no plugin (its metadata went to --summary): "
		     "taken as results of %s", history_shown(h, src),
		     history_plugin(h));
	return 0;
}

/* NDJSON results: one result a line; a line with "assess" is the
 * metadata (the last line, unless --summary took it).  The plugin is
 * checked once it is known; results of the lines before are held
 * until then.  0 or -1. */
static int load_lines(struct history *h, int src, char *text,
                      char *err, size_t errlen)
{
	char plugin[128] = "";
	cJSON *doc, *held = cJSON_CreateArray();
	char *line = text, *nl;
	long no = 0;
	int rc = -1;

	if (!held)
		goto nomem;
	for (; *line; line = nl ? nl + 1 : line + strlen(line)) {
		nl = strchr(line, '\n');
		no++;
		if (nl)
			*nl = '\0';
		if (!line[strspn(line, " \t\r")])
			continue;
		if (!(doc = cJSON_Parse(line))) {
			snprintf(err, errlen, _("%s:%ld: not the results of an assess "
			         "run: not JSON"), history_shown(h, src), no);
			goto out;
		}
		if (cJSON_GetObjectItemCaseSensitive(doc, "assess")) {
			snprintf(plugin, sizeof plugin, "%s",
			         plugin_of(doc) ? plugin_of(doc) : "");
			cJSON_Delete(doc);
			continue;
		}
		cJSON_AddItemToArray(held, doc);
	}
	rc = take(h, src, plugin[0] ? plugin : NULL, held, err, errlen);
	goto out;
nomem:
	snprintf(err, errlen, _("out of memory"));
out:
	cJSON_Delete(held);
	return rc;
}

/* Whether the file at path starts as a zip archive (a workbook) does. */
static int is_workbook(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char magic[2] = { 0, 0 };
	int yes;

	if (!fp)
		return 0;
	yes = fread(magic, 1, 2, fp) == 2 && magic[0] == 'P' && magic[1] == 'K';
	fclose(fp);
	return yes;
}

int history_load_file(struct history *h, const char *path, char *err,
                      size_t errlen)
{
	const cJSON *results;
	cJSON *doc;
	size_t len;
	char *text;
	int src = history_file_source(h, path), rc = -1;

	if (src < 0) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	if (is_workbook(path))
		return history_load_xlsx(h, src, path, err, errlen);
	if (!(text = slurp(path, &len))) {
		snprintf(err, errlen, _("--history %s: %s"), path, strerror(errno));
		return -1;
	}
	doc = cJSON_ParseWithLength(text, len);
	if (doc && (results = cJSON_GetObjectItemCaseSensitive(doc,
	                                                       "results"))) {
		rc = take(h, src, plugin_of(doc), results, err, errlen);
		cJSON_Delete(doc);
		goto out;
	}
	cJSON_Delete(doc);
	rc = load_lines(h, src, text, err, errlen);
out:
	free(text);
	return rc;
}

