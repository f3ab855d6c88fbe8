/*
 * refs.c - reading reference files for plugins (see refs.h).
 *
 * The file is read once (it may be a pipe) through the input reader, whose
 * digest covers exactly the bytes parsed, and streamed to the plugin a
 * record at a time, so memory stays flat however large it is.  Whether it
 * is assess results is known only at its end (NDJSON output puts the
 * metadata line last): a record without "status" stops the feeding at
 * once, and a file that fails the check is reported then and marks the
 * run failed (refs_failed), which the host checks after create whatever
 * the plugin returned, so records fed before the verdict never reach an
 * output (the community records themselves, given where their results
 * were meant, would be taken as results and every community "not
 * qualified").
 */
#include "refs.h"
#include "lang.h"
#include "config.h"
#include "diag.h"
#include "record.h"
#include "run.h"
#include "input.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A reference file read, for the metadata (the run's refs, run.h). */
struct refs_file {
	char *path;
	char sha[65];
};

/* Note why a reference file failed (REFS_*), for refs_failed. */
static void fail(int why)
{
	if (run_active())
		run_active()->refs_failed = why;
}

static int remember(const char *path, const char sha[65])
{
	struct run *run = run_active(); /* read_records carries no handle */
	struct refs_file *grown;
	size_t i;

	if (!run)
		return 0; /* outside a run: no metadata to give */
	for (i = 0; i < run->nrefs; i++)
		if (strcmp(run->refs[i].path, path) == 0)
			return 0;
	grown = realloc(run->refs, (run->nrefs + 1) * sizeof *grown);
	if (!grown)
		return -1;
	run->refs = grown;
	memcpy(run->refs[run->nrefs].sha, sha, 65);
	if (!(run->refs[run->nrefs].path = strdup(path)))
		return -1;
	run->nrefs++;
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
	/* read_records carries no handle: the active run's */
	rec.run = run_active();
	if (rec.run) /* a new record: nothing cached from the last */
		record_reading(rec.run->record, 1);
	rc = fn(arg, &rec);
	if (rec.run)
		record_reading(rec.run->record, 0);
	return rc;
}

/* What the file has shown so far. */
struct content {
	int doc;          /* a --format json document was seen */
	int meta;         /* the assess metadata was seen */
	long n, bare;     /* records, and those without "status" */
	int mixed;        /* records besides a document */
};

/* One result (or not) of the file: counted, and fed to the plugin while
 * every record so far had a status.  ASSESS_OK or the plugin's code. */
static int one(struct content *c, const cJSON *el,
               int (*fn)(void *, const assess_record *), void *arg)
{
	c->n++;
	if (!cJSON_IsObject(el) ||
	    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(el, "status")))
		c->bare++;
	return c->bare ? ASSESS_OK : call(el, fn, arg);
}

/* Read the file, feeding its results; ASSESS_OK, or an error already
 * reported (ASSESS_ETYPE for what is not JSON records) or the plugin's. */
static int feed(struct input *in, struct content *c,
                int (*fn)(void *, const assess_record *), void *arg)
{
	struct input_rec ir;
	char err[1024];
	int got, rc = ASSESS_OK;

	while (rc == ASSESS_OK &&
	       (got = input_next(in, &ir, err, sizeof err)) > 0) {
		cJSON *v = cJSON_ParseWithLength(ir.text, ir.len);
		const cJSON *meta, *el;

		if (!cJSON_IsObject(v)) {
			diag("%s:%ld: %s", ir.file, ir.line, v ? "a record is not a "
			     "JSON object" : "invalid JSON");
			cJSON_Delete(v);
			return ASSESS_ETYPE;
		}
		meta = cJSON_GetObjectItemCaseSensitive(v, "assess");
		if (!cJSON_HasObjectItem(v, "id") &&
		    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(v, "results"))) {
			/* --format json: one document; without its metadata
			 * when --summary took them to a file of their own */
			c->mixed |= c->doc || c->n;
			c->doc = 1;
			c->meta |= cJSON_IsObject(meta);
			cJSON_ArrayForEach(el, cJSON_GetObjectItemCaseSensitive(
			                           v, "results"))
				if ((rc = one(c, el, fn, arg)) != ASSESS_OK)
					break;
		} else if (cJSON_IsObject(meta) && !cJSON_HasObjectItem(v, "id")) {
			c->meta = 1; /* --format ndjson: the metadata line */
		} else {
			c->mixed |= c->doc;
			rc = one(c, v, fn, arg);
		}
		cJSON_Delete(v);
	}
	if (rc == ASSESS_OK && got < 0) {
		diag("%s", err);
		return ASSESS_ETYPE;
	}
	return rc;
}

/* Is c the output of an assess run: every record has a "status", and the
 * metadata is there?  A JSON document may come without it (--summary
 * writes it to a file of their own): it cannot be cut short unseen, but
 * NDJSON lines can, and the metadata line is what shows them whole.  0,
 * or -1 with what it is instead in why. */
static int is_results(const struct content *c, char *why, size_t len)
{
	if (c->mixed) {
		snprintf(why, len, _("records besides an assess document"));
		return -1;
	}
	if (!c->bare && (c->meta || (c->doc && c->n > 0)))
		return 0;
	if (c->bare == c->n)
		snprintf(why, len, dngettext(LANG_DOMAIN, "%ld record without "
		         "\"status\"%s", "%ld records without \"status\"%s",
		         (unsigned long)c->n), c->n,
		         c->meta ? "" : _(", no assess metadata"));
	else if (c->bare)
		snprintf(why, len, _("%ld of %ld records without \"status\"%s"),
		         c->bare, c->n, c->meta ? "" : _(", no assess metadata"));
	else
		snprintf(why, len, _("no assess metadata: NDJSON results need "
		         "their last line; written with --summary, give them as "
		         "--format json"));
	return -1;
}

int refs_read(const char *path, int (*fn)(void *arg, const assess_record *r),
              void *arg)
{
	char *paths[1], what[1024], file[PATH_MAX + 2], why[128], sha[65];
	struct content c = { 0 };
	struct input *in;
	int rc;

	if (!path || !fn)
		return ASSESS_EINVAL;
	/* read_records carries no handle: the active run's config */
	if (config_value_origin(run_active() ? run_active()->config : NULL,
	                        path, what, sizeof what, file + 2,
	                        sizeof file - 2) < 0) {
		diag("%s: the path is too long", path);
		fail(REFS_UNREADABLE);
		return ASSESS_ENOENT;
	}
	paths[0] = file + 2;
	if (strcmp(file + 2, "-") == 0) { /* a file named "-", not stdin */
		memcpy(file, "./-", 4);
		paths[0] = file;
	}
	if (input_open(&in, paths, 1, what, sizeof what) < 0) {
		diag("%s", what);
		fail(REFS_UNREADABLE);
		return ASSESS_ENOENT;
	}
	rc = feed(in, &c, fn, arg);
	input_sha256(in, sha);
	input_close(in);
	if (rc == ASSESS_ETYPE) {
		fail(REFS_UNREADABLE);
		return rc;
	}
	if (rc != ASSESS_OK) /* the plugin's own code: its to report */
		return rc;
	if (is_results(&c, why, sizeof why) < 0) {
		if (*what)
			diag("%s: %s is not the output of an assess run (%s)", what,
			     paths[0], why);
		else
			diag("%s: not the output of an assess run (%s)", paths[0],
			     why);
		fail(REFS_NOT_RESULTS);
		return ASSESS_ETYPE;
	}
	if (remember(paths[0], sha) < 0) {
		diag("%s: out of memory", paths[0]);
		return ASSESS_ENOMEM;
	}
	return ASSESS_OK;
}

cJSON *refs_metadata(void)
{
	const struct run *run = run_active();
	cJSON *arr, *o;
	size_t i;

	if (!run || !run->nrefs || !(arr = cJSON_CreateArray()))
		return NULL;
	for (i = 0; i < run->nrefs; i++) {
		o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddStringToObject(o, "path", run->refs[i].path);
		cJSON_AddStringToObject(o, "sha256", run->refs[i].sha);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

int refs_failed(void)
{
	return run_active() ? run_active()->refs_failed : REFS_OK;
}

void refs_reset(void)
{
	struct run *run = run_active();
	size_t i;

	if (!run)
		return;
	for (i = 0; i < run->nrefs; i++)
		free(run->refs[i].path);
	free(run->refs);
	run->refs = NULL;
	run->nrefs = 0;
	run->refs_failed = 0;
}
