/*
 * refs.c - reading reference files for plugins (see refs.h).
 */
#include "refs.h"
#include "diag.h"
#include "host.h"
#include "input.h"
#include "sha256.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct ref {
	char *path;
	char sha[65];
};

static struct ref *refs;
static size_t nrefs;
static int failed;

static int remember(const char *path)
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
	if (sha256_file(path, refs[nrefs].sha) < 0)
		return -1;
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
	host_reading(1); /* a new record: nothing cached from the last */
	rc = fn(arg, &rec);
	host_reading(0);
	return rc;
}

int refs_read(const char *path, int (*fn)(void *arg, const assess_record *r),
              void *arg)
{
	char *paths[1];
	struct input *in;
	struct input_rec ir;
	char err[1024];
	int got, rc = ASSESS_OK;

	paths[0] = (char *)path;
	if (!path || !fn)
		return ASSESS_EINVAL;
	if (input_open(&in, paths, 1, err, sizeof err) < 0) {
		diag("%s", err);
		failed = 1;
		return ASSESS_ENOENT;
	}
	while (rc == ASSESS_OK && (got = input_next(in, &ir, err, sizeof err)) > 0) {
		cJSON *v = cJSON_ParseWithLength(ir.text, ir.len);
		const cJSON *results, *el;

		if (!cJSON_IsObject(v)) {
			diag("%s:%ld: %s", ir.file, ir.line, v ? "a record is not a "
			     "JSON object" : "invalid JSON");
			cJSON_Delete(v);
			failed = 1;
			input_close(in);
			return ASSESS_ETYPE;
		}
		results = cJSON_GetObjectItemCaseSensitive(v, "results");
		if (cJSON_IsArray(results)) {
			cJSON_ArrayForEach(el, results) {
				if (!cJSON_IsObject(el))
					continue;
				if ((rc = call(el, fn, arg)) != ASSESS_OK)
					break;
			}
		} else if (!cJSON_HasObjectItem(v, "assess")) {
			rc = call(v, fn, arg);
		}
		cJSON_Delete(v);
	}
	if (rc == ASSESS_OK && got < 0) {
		diag("%s", err);
		failed = 1;
		rc = ASSESS_ETYPE;
	}
	input_close(in);
	if (rc == ASSESS_OK && remember(path) < 0) {
		diag("%s: cannot read: %s", path, strerror(errno));
		failed = 1;
		return ASSESS_ENOENT;
	}
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
