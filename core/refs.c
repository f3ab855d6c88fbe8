/*
 * refs.c - reading reference files for plugins (see refs.h).
 *
 * The file is read once (it may be a pipe) through the input reader, whose
 * digest covers exactly the bytes parsed.  Its records are kept until the
 * whole file is seen, because NDJSON output puts the metadata line last
 * and nothing reaches the plugin before the file proves to be assess
 * results: the community records themselves, given where their results
 * were meant, would otherwise be taken as results with no status and
 * every community "not qualified".
 */
#include "refs.h"
#include "config.h"
#include "diag.h"
#include "record.h"
#include "input.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ref {
	char *path;
	char sha[65];
};

static struct ref *refs;
static size_t nrefs;
static int failed;

static int remember(const char *path, const char sha[65])
{
	struct ref *grown;
	size_t i;

	for (i = 0; i < nrefs; i++)
		if (strcmp(refs[i].path, path) == 0)
			return 0;
	grown = realloc(refs, (nrefs + 1) * sizeof *refs);
	if (!grown)
		return -1;
	refs = grown;
	memcpy(refs[nrefs].sha, sha, 65);
	if (!(refs[nrefs].path = strdup(path)))
		return -1;
	nrefs++;
	return 0;
}

static int call(const cJSON *obj, int (*fn)(void *, const assess_record *),
                void *arg)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
	assess_record rec;
	int rc;

	rec.root = obj;
	rec.id = cJSON_IsString(id) ? id->valuestring : "";
	record_reading(1); /* a new record: nothing cached from the last */
	rc = fn(arg, &rec);
	record_reading(0);
	return rc;
}

/* What the file holds: its results (an array, borrowed from doc or list),
 * and whether the assess metadata was seen. */
struct content {
	cJSON *list;      /* NDJSON: the result lines, in order */
	cJSON *doc;       /* json: the whole document */
	const cJSON *results;
	int meta;
	long records;     /* objects that are not metadata */
};

static void content_free(struct content *c)
{
	cJSON_Delete(c->list);
	cJSON_Delete(c->doc);
}

/* Read the whole file into c; ASSESS_OK, or an error already reported. */
static int slurp(struct input *in, struct content *c)
{
	struct input_rec ir;
	char err[1024];
	int got;

	while ((got = input_next(in, &ir, err, sizeof err)) > 0) {
		cJSON *v = cJSON_ParseWithLength(ir.text, ir.len);
		const cJSON *meta;

		if (!cJSON_IsObject(v)) {
			diag("%s:%ld: %s", ir.file, ir.line, v ? "a record is not a "
			     "JSON object" : "invalid JSON");
			cJSON_Delete(v);
			return ASSESS_ETYPE;
		}
		meta = cJSON_GetObjectItemCaseSensitive(v, "assess");
		if (!c->doc && !c->list && !cJSON_HasObjectItem(v, "id") &&
		    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(v, "results"))) {
			/* --format json: one document; without its metadata
			 * when --summary took them to a file of their own */
			c->doc = v;
			c->meta = cJSON_IsObject(meta);
			c->results = cJSON_GetObjectItemCaseSensitive(v, "results");
			continue;
		}
		if (cJSON_IsObject(meta) && !cJSON_HasObjectItem(v, "id")) {
			c->meta = 1; /* --format ndjson: the metadata line */
			cJSON_Delete(v);
			continue;
		}
		c->records++;
		if (!c->list && !(c->list = cJSON_CreateArray())) {
			cJSON_Delete(v);
			diag("%s: out of memory", ir.file);
			return ASSESS_ENOMEM;
		}
		cJSON_AddItemToArray(c->list, v);
	}
	if (got < 0) {
		diag("%s", err);
		return ASSESS_ETYPE;
	}
	return ASSESS_OK;
}

/* Is c the output of an assess run: every record has a "status", and the
 * metadata is there?  A JSON document may come without it (--summary
 * writes it to a file of their own): it cannot be cut short unseen, but
 * NDJSON lines can, and the metadata line is what shows them whole.  0,
 * or -1 with what it is instead in why. */
static int is_results(struct content *c, char *why, size_t len)
{
	const cJSON *el, *arr = c->doc ? c->results : c->list;
	long n = 0, bare = 0;

	if (c->doc && c->list) {
		snprintf(why, len, "records besides an assess document");
		return -1;
	}
	cJSON_ArrayForEach(el, arr) {
		n++;
		if (!cJSON_IsObject(el) || !cJSON_IsString(
		        cJSON_GetObjectItemCaseSensitive(el, "status")))
			bare++;
	}
	if (!bare && (c->meta || (c->doc && n > 0)))
		return 0;
	if (bare == n)
		snprintf(why, len, "%ld record%s without \"status\"%s", n,
		         n == 1 ? "" : "s", c->meta ? "" : ", no assess metadata");
	else if (bare)
		snprintf(why, len, "%ld of %ld records without \"status\"%s",
		         bare, n, c->meta ? "" : ", no assess metadata");
	else
		snprintf(why, len, "no assess metadata: NDJSON results need "
		         "their last line; written with --summary, give them as "
		         "--format json");
	return -1;
}

int refs_read(const char *path, int (*fn)(void *arg, const assess_record *r),
              void *arg)
{
	char *paths[1], what[1024], file[PATH_MAX + 2], why[128], sha[65];
	struct content c = { 0 };
	struct input *in;
	const cJSON *el, *arr;
	int rc;

	if (!path || !fn)
		return ASSESS_EINVAL;
	if (config_value_origin(path, what, sizeof what, file + 2,
	                        sizeof file - 2) < 0) {
		diag("%s: the path is too long", path);
		failed = REFS_UNREADABLE;
		return ASSESS_ENOENT;
	}
	paths[0] = file + 2;
	if (strcmp(file + 2, "-") == 0) { /* a file named "-", not stdin */
		memcpy(file, "./-", 4);
		paths[0] = file;
	}
	if (input_open(&in, paths, 1, what, sizeof what) < 0) {
		diag("%s", what);
		failed = REFS_UNREADABLE;
		return ASSESS_ENOENT;
	}
	rc = slurp(in, &c);
	input_sha256(in, sha);
	input_close(in);
	if (rc != ASSESS_OK) {
		failed = REFS_UNREADABLE;
		goto out;
	}
	if (is_results(&c, why, sizeof why) < 0) {
		if (*what)
			diag("%s: %s is not the output of an assess run (%s)", what,
			     paths[0], why);
		else
			diag("%s: not the output of an assess run (%s)", paths[0],
			     why);
		failed = REFS_NOT_RESULTS;
		rc = ASSESS_ETYPE;
		goto out;
	}
	arr = c.doc ? c.results : c.list;
	cJSON_ArrayForEach(el, arr)
		if ((rc = call(el, fn, arg)) != ASSESS_OK)
			goto out;
	if (remember(paths[0], sha) < 0) {
		diag("%s: out of memory", paths[0]);
		rc = ASSESS_ENOMEM;
	}
out:
	content_free(&c);
	return rc;
}

cJSON *refs_metadata(void)
{
	cJSON *arr, *o;
	size_t i;

	if (!nrefs || !(arr = cJSON_CreateArray()))
		return NULL;
	for (i = 0; i < nrefs; i++) {
		o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddStringToObject(o, "path", refs[i].path);
		cJSON_AddStringToObject(o, "sha256", refs[i].sha);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

int refs_failed(void)
{
	return failed;
}

void refs_reset(void)
{
	size_t i;

	for (i = 0; i < nrefs; i++)
		free(refs[i].path);
	free(refs);
	refs = NULL;
	nrefs = 0;
	failed = 0;
}
