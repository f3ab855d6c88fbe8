/*
 * history_file.c - earlier results read from the files assess wrote
 * (--history FILE): a results document, NDJSON with or without its
 * metadata line, or a workbook (history_xlsx.c).  A document in the
 * layout assess writes (one result a line) and NDJSON are read a line at
 * a time, so that memory follows the table, not the file: a million
 * earlier results are an ordinary history.  Any other layout (a document
 * re-indented by hand or by a tool) is read whole.
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

/* The refusal of a file that holds no results: an empty file, or a
 * --summary file, would give no history unseen.  Into err. */
static void no_results(const struct history *h, int src, char *err,
                       size_t errlen)
{
	snprintf(err, errlen, _("--history %s: holds no results (a --summary "
	         "file, or empty?): give the results an earlier run wrote"),
	         history_shown(h, src));
}

/* The note for results whose metadata went to --summary. */
static void note_no_plugin(const struct history *h, int src)
{
	diag("note: %s names no plugin (its metadata went to --summary): "
	     "taken as results of %s", history_shown(h, src), history_plugin(h));
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
		no_results(h, src, err, errlen);
		return -1;
	}
	cJSON_ArrayForEach(r, results)
		if (add_result(h, src, plugin, r, err, errlen) < 0)
			return -1;
	if (!plugin)
		note_no_plugin(h, src);
	return 0;
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

/* One line of fp into *line (its newline and a '\r' before it cut off).
 * 1, 0 at the end, -1 on a read error (errno). */
static int next_line(FILE *fp, char **line, size_t *cap)
{
	ssize_t n = getline(line, cap, fp);

	if (n < 0)
		return ferror(fp) ? -1 : 0;
	while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
		(*line)[--n] = '\0';
	return 1;
}

/* s without a trailing ',' (cut in place). */
static char *no_comma(char *s)
{
	size_t n = strlen(s);

	if (n && s[n - 1] == ',')
		s[n - 1] = '\0';
	return s;
}

/* An earlier result held until the file names its plugin (NDJSON's
 * metadata comes last): only what the table keeps of it. */
struct held {
	char *id, *period;
	int level;
};

/* One parsed result r into h now (plugin known: hv NULL) or into hv
 * (to be added once it is): the same checks as add_result.  0 or -1. */
static int hold_result(struct history *h, int src, const cJSON *r,
                       struct held **hv, size_t *n, size_t *cap, char *err,
                       size_t errlen)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
	const cJSON *period = cJSON_GetObjectItemCaseSensitive(r, "period");
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(r, "status");
	const cJSON *level = cJSON_GetObjectItemCaseSensitive(r, HISTORY_LEVEL);
	struct held *v;

	/* add_result words every refusal; a result it keeps is held here */
	if (!cJSON_IsObject(r) || !cJSON_IsString(id) ||
	    !cJSON_IsString(status) || strcmp(status->valuestring, "ok") != 0 ||
	    !cJSON_IsNumber(level) || !cJSON_IsString(period) ||
	    !*period->valuestring)
		return add_result(h, src, NULL, r, err, errlen) < 0 ? -1 : 0;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		if (!(v = realloc(*hv, c * sizeof *v)))
			goto nomem;
		*hv = v;
		*cap = c;
	}
	v = &(*hv)[*n];
	v->level = (int)level->valuedouble;
	if (!(v->id = strdup(id->valuestring)))
		goto nomem;
	if (!(v->period = strdup(period->valuestring))) {
		free(v->id);
		goto nomem;
	}
	(*n)++;
	return 0;
nomem:
	snprintf(err, errlen, _("out of memory"));
	return -1;
}

/* NDJSON results read a line at a time: the results held as the table
 * keeps them until the metadata line (the last, unless --summary took
 * it) names the plugin, then checked and added.  0 or -1. */
static int stream_lines(struct history *h, int src, FILE *fp, char *err,
                        size_t errlen)
{
	char plugin[128] = "", *line = NULL;
	size_t cap = 0, n = 0, hcap = 0, i;
	struct held *hv = NULL;
	long no = 0, results = 0;
	int rc = -1, got;
	cJSON *doc;

	while ((got = next_line(fp, &line, &cap)) > 0) {
		no++;
		if (!line[strspn(line, " \t")])
			continue;
		if (!(doc = cJSON_Parse(line))) {
			snprintf(err, errlen, _("%s:%ld: not the results of an assess "
			         "run: not JSON"), history_shown(h, src), no);
			goto out;
		}
		if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc,
		                                                    "results"))) {
			/* a whole document on one line (as jq -c writes it) */
			rc = take(h, src, plugin_of(doc),
			          cJSON_GetObjectItemCaseSensitive(doc, "results"),
			          err, errlen);
			cJSON_Delete(doc);
			goto out;
		}
		if (cJSON_GetObjectItemCaseSensitive(doc, "assess"))
			snprintf(plugin, sizeof plugin, "%s",
			         plugin_of(doc) ? plugin_of(doc) : "");
		else if (results++, hold_result(h, src, doc, &hv, &n, &hcap, err,
		                     errlen) < 0) {
			cJSON_Delete(doc);
			goto out;
		}
		cJSON_Delete(doc);
	}
	if (got < 0) {
		snprintf(err, errlen, _("--history %s: %s"), history_shown(h, src),
		         strerror(errno));
		goto out;
	}
	if (!results) {
		no_results(h, src, err, errlen);
		goto out;
	}
	if (plugin[0] && history_check_plugin(h, src, plugin, err, errlen) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if (history_add(h, src, NULL, hv[i].id, hv[i].period, hv[i].level,
		                err, errlen) < 0)
			goto out;
	if (!plugin[0])
		note_no_plugin(h, src);
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		free(hv[i].id);
		free(hv[i].period);
	}
	free(hv);
	free(line);
	return rc;
}

/* A results document in the layout assess writes it: "{", the "assess"
 * metadata on one line (absent when --summary took it), "  \"results\":
 * [", one result a line, "  ]" and the summary.  Read a line at a time.
 * 1 when the file has that layout (the outcome, 0 or -1, in *rc), 0 when
 * it has another (nothing added: the caller reads it whole). */
static int stream_document(struct history *h, int src, FILE *fp, int *rc,
                           char *err, size_t errlen)
{
	static const char meta_key[] = "  \"assess\": ";
	static const char results_key[] = "  \"results\": [";
	char plugin[128] = "", *line = NULL;
	size_t cap = 0;
	long no = 2, count = 0;
	cJSON *doc;
	int got;

	*rc = -1;
	if (next_line(fp, &line, &cap) <= 0 || strcmp(line, "{") != 0 ||
	    next_line(fp, &line, &cap) <= 0)
		goto other;
	if (strncmp(line, meta_key, sizeof meta_key - 1) == 0) {
		if (!(doc = cJSON_Parse(no_comma(line + sizeof meta_key - 1))))
			goto other;
		snprintf(plugin, sizeof plugin, "%s",
		         cJSON_IsString(cJSON_GetObjectItemCaseSensitive(doc,
		                                                         "plugin"))
		         ? cJSON_GetObjectItemCaseSensitive(doc, "plugin")->valuestring
		         : "");
		cJSON_Delete(doc);
		no++;
		if (next_line(fp, &line, &cap) <= 0)
			goto other;
	}
	if (strcmp(line, results_key) != 0)
		goto other;
	/* from here on the layout is assess's: what breaks it is an error */
	if (plugin[0] && history_check_plugin(h, src, plugin, err, errlen) < 0)
		goto out;
	while ((got = next_line(fp, &line, &cap)) > 0) {
		no++;
		if (strncmp(line, "  ]", 3) == 0)
			break;
		if (strncmp(line, "    {", 5) != 0 ||
		    !(doc = cJSON_Parse(no_comma(line + 4)))) {
			snprintf(err, errlen, _("%s:%ld: not the results of an assess "
			         "run: not JSON"), history_shown(h, src), no);
			goto out;
		}
		got = add_result(h, src, NULL, doc, err, errlen);
		cJSON_Delete(doc);
		if (got < 0)
			goto out;
		count++;
	}
	if (got < 0) {
		snprintf(err, errlen, _("--history %s: %s"), history_shown(h, src),
		         strerror(errno));
		goto out;
	}
	if (!count) {
		no_results(h, src, err, errlen);
		goto out;
	}
	if (!plugin[0])
		note_no_plugin(h, src);
	*rc = 0;
out:
	free(line);
	return 1;
other:
	free(line);
	return 0;
}

/* The file at path streamed when its layout allows (a document as assess
 * writes it, or NDJSON): 1 with the outcome in *rc, 0 when it must be
 * read whole. */
static int load_streamed(struct history *h, int src, const char *path,
                         int *rc, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	int c, done = 0;

	if (!fp)
		return 0; /* the whole read says why */
	while ((c = getc(fp)) == ' ' || c == '\t' || c == '\r' || c == '\n')
		;
	if (c == '{' && (c = getc(fp)) != '\n' && c != '\r') {
		rewind(fp);
		*rc = stream_lines(h, src, fp, err, errlen);
		done = 1;
	} else if (c != EOF) {
		rewind(fp);
		done = stream_document(h, src, fp, rc, err, errlen);
	}
	fclose(fp);
	return done;
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
	if (load_streamed(h, src, path, &rc, err, errlen))
		return rc;
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
	/* not a document of results: lines, each judged on its own */
	{
		FILE *fp = fopen(path, "rb");

		if (!fp) {
			snprintf(err, errlen, _("--history %s: %s"), path,
			         strerror(errno));
			goto out;
		}
		rc = stream_lines(h, src, fp, err, errlen);
		fclose(fp);
	}
out:
	free(text);
	return rc;
}

