/*
 * batch.c - the record pipeline (see batch.h).
 *
 * For each record: parse it, check the fields every scheme relies on (id,
 * name, parent, period), reject a repeated id, hand it to the plugin, and
 * spool the result.  A rejected record never stops the batch.  With the
 * pipeline (pipeline.h) the input is read and parsed, and the results
 * written, on threads of their own; everything here stays on this one.
 */
#include "batch.h"
#include "amend.h"
#include "archive/archive.h"
#include "colmap.h"
#include "lang.h"
#include "diag.h"
#include "history.h"
#include "host.h"
#include "idset.h"
#include "input.h"
#include "jsonerr.h"
#include "mem.h"
#include "pipeline.h"
#include "status.h"
#include "refs.h"
#include "rowcheck.h"
#include "sheetin.h"
#include "validate.h"
#include "tmp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ASSESS_VERSION
#define ASSESS_VERSION "0.0.0"
#endif

struct run {
	const struct batch_opts *o;
	struct output *out;
	struct idset ids;
	long records, assessed, rejected;
	char fatal[512]; /* why the input stops the run (exit 5), or "" */
	const char **files; /* the inputs' names (borrowed), by index */
	int nfiles;
	struct pipeline *pipe; /* reading and writing beside, or NULL */
	struct rowcheck year; /* one assessment year (rowcheck.h) */
};

/* The index of file among the inputs seen so far (a few: a linear
 * search), for where an id was first seen; -1 out of memory. */
static int file_index(struct run *r, const char *file)
{
	const char **v;
	int i;

	for (i = 0; i < r->nfiles; i++)
		if (r->files[i] == file || strcmp(r->files[i], file) == 0)
			return i;
	if (!(v = realloc(r->files, (size_t)(r->nfiles + 1) * sizeof *v)))
		return -1;
	r->files = v;
	r->files[r->nfiles] = file;
	return r->nfiles++;
}

/* What the host checks before the plugin sees a record: that it is UTF-8,
 * parses as one JSON object without duplicate keys, and has the members
 * every scheme relies on, with an id new to the batch.  Fills res (its
 * line goes back to the record's first once the messages are written) and
 * returns the parsed record in *root (NULL when it did not parse); parsed
 * is its tree when the pipeline found it clean JSON already (taken over),
 * else NULL.  0, or -1 out of memory. */
static int check_record(struct run *r, const struct input_rec *ir,
                        assess_result *res, cJSON **root, cJSON *parsed)
{
	const char *end = NULL, *why;
	char dup[256], msg[512];
	long bad_utf8 = -1, bad_lex;
	size_t toklen;

	*root = parsed;
	if (parsed)
		goto checked;
	if (ir->oversize) {
		host_reject(res, NULL, "larger than the limit of %zu bytes a "
		            "record may have (--max-record); not read",
		            ir->oversize);
		goto checked;
	}
	bad_utf8 = utf8_invalid_at(ir->text, ir->len);
	if (bad_utf8 >= 0 && ir->text[bad_utf8] &&
	    text_is_gb18030(ir->text, ir->len)) {
		snprintf(r->fatal, sizeof r->fatal,
		         _("%s:%ld: the input is not UTF-8: it reads as GB18030 "
		         "(GBK), as Chinese Windows saves text: give --encoding "
		         "gb18030, or save it as UTF-8"), ir->file,
		         ir->line);
		return -3;
	}
	pipeline_parse_begin(r->pipe);
	if (bad_utf8 < 0)
		*root = cJSON_ParseWithLengthOpts(ir->text, ir->len, &end, 0);
	if (bad_utf8 >= 0) {
		pipeline_parse_end(r->pipe);
		for (end = ir->text; end < ir->text + bad_utf8; end++)
			res->line += *end == '\n';
		if (ir->text[bad_utf8])
			host_reject(res, NULL, "not valid UTF-8 (byte %ld of the "
			            "record)", bad_utf8 + 1);
		else
			host_reject(res, NULL, "a NUL byte (byte %ld of the record) "
			            "is not JSON", bad_utf8 + 1);
	} else if (!*root) {
		if (mem_exhausted()) {
			pipeline_parse_end(r->pipe);
			return -1;
		}
		res->line = jsonerr_syntax(ir->text, ir->len, cJSON_GetErrorPtr(),
		                           ir->line, msg, sizeof msg);
		pipeline_parse_end(r->pipe);
		host_reject(res, NULL, "%s", msg);
	} else {
		pipeline_parse_end(r->pipe);
		while (end && end < ir->text + ir->len &&
		       strchr(" \t\r\n", *end))
			end++;
		if (end && end < ir->text + ir->len) {
			host_reject(res, NULL, "unexpected text after the record");
		} else if (!cJSON_IsObject(*root)) {
			host_reject(res, NULL,
			            "a record must be a JSON object, not %s",
			            host_type_name(*root));
		} else if ((bad_lex = json_lexical_check(ir->text, ir->len, &why,
		                                         &toklen)) >= 0) {
			res->line = jsonerr_lexical(ir->text, bad_lex, why, toklen,
			                            ir->line, msg, sizeof msg);
			host_reject(res, NULL, "%s", msg);
		}
		if (res->errors) {
			cJSON_Delete(*root);
			*root = NULL;
		}
	}
checked:
	res->line = ir->line;
	if (*root && json_is_assess_output(*root)) {
		snprintf(r->fatal, sizeof r->fatal, _("%s:%ld: this is the output "
		         "of an assess run (%s), not records: give the records "
		         "it was made from"), ir->file, ir->line,
		         cJSON_GetObjectItemCaseSensitive(*root, "id")
		         ? _("a result, with its status") : _("its metadata and "
		         "results"));
		return -3;
	}
	host_fixed_fields(res, *root);
	if (rowcheck_record(&r->year, ir, *root, res) < 0)
		return -3;
	if (*root && !parsed && json_duplicate_key(*root, dup, sizeof dup) != 0)
		host_reject(res, dup, "the key is given twice: which one is meant "
		            "cannot be known");
	if (res->id && !res->errors) {
		struct idset_where at = { file_index(r, ir->file), ir->line };
		struct idset_where first = { 0, 0 };
		int added = at.file < 0 ? -1 : idset_add(&r->ids, res->id, at, &first);
		if (added < 0)
			return -1;
		if (added == 0 && first.line)
			host_reject(res, "id", "\"%s\" appears more than once in the "
			            "batch: first in %s:%llu", res->id,
			            r->files[first.file],
			            (unsigned long long)first.line);
		else if (added == 0)
			host_reject(res, "id", "\"%s\" appears more than once in the "
			            "batch: first in %s", res->id, r->files[first.file]);
	}
	return mem_exhausted() ? -1 : 0;
}

/* Spool a record's result: a rejected record keeps its identity and its
 * errors only.  Frees res.  0, or -1 when the spool cannot be written. */
static int emit(struct run *r, assess_result *res)
{
	cJSON *status = cJSON_GetObjectItemCaseSensitive(res->root, "status");
	cJSON *c;
	int rc;

	if (res->errors) {
		while ((c = status->next))
			cJSON_Delete(cJSON_DetachItemViaPointer(res->root, c));
		cJSON_SetValuestring(status, "rejected");
		cJSON_AddStringToObject(res->root, "file", res->file);
		cJSON_AddNumberToObject(res->root, "line", (double)res->line);
		cJSON_AddItemToObject(res->root, "errors", res->errors);
		r->rejected++;
	} else {
		r->assessed++;
	}
	if (r->pipe)
		return pipeline_put(r->pipe, res->root); /* it frees the result */
	rc = output_result(r->out, res->root);
	cJSON_Delete(res->root);
	return rc;
}

/* Spool the isolated records whose results are back, in order; with wait,
 * all of them.  0, -1 as emit, -2 when the plugin cannot be brought
 * back. */
static int drain(struct run *r, int wait)
{
	assess_result res;
	int got;

	while ((got = isolate_take(r->o->iso, &res, wait)) > 0)
		if (emit(r, &res) < 0)
			return -1;
	return got < 0 ? -2 : 0;
}

/* The record root with the run's earlier ratings merged in (history.h):
 * a new tree (the caller's), or NULL to use root as it is (no history
 * given, none for this record, or the record rejected on res). */
static cJSON *with_history(struct run *r, const cJSON *root,
                           assess_result *res)
{
	if (!r->o->history || !root || res->errors)
		return NULL;
	return history_merge(r->o->history, root, res);
}

/* One record through the host's checks and the plugin.  0; -1 the spool
 * cannot be written; -2 the isolated plugin cannot be brought back; -3
 * the input stops the run (r->fatal says why); -4 out of memory. */
static int assess_in(struct run *r, const struct input_rec *ir,
                     cJSON *parsed)
{
	assess_result res = { 0 };
	assess_record rec;
	cJSON *root = NULL, *merged = NULL;
	int rc;

	r->records++;
	res.file = ir->file;
	res.line = ir->line;
	res.index = r->records;
	res.root = cJSON_CreateObject();
	if (!res.root)
		return -4;
	if (r->o->iso) {
		/* the messages wait with the record for the results before it */
		char *said;
		size_t n;
		char *text = NULL;
		diag_capture_begin();
		rc = check_record(r, ir, &res, &root, parsed);
		/* the child gets the record with its history merged, as text */
		if (rc == 0 && (merged = with_history(r, root, &res)) &&
		    !(text = cJSON_PrintUnformatted(merged)))
			rc = -4;
		said = diag_capture_end(&n);
		if (root != parsed) /* the pipeline's, borrowed */
			cJSON_Delete(root);
		cJSON_Delete(merged);
		if (rc == 0 && !mem_exhausted() &&
		    isolate_submit(r->o->iso, res.errors ? NULL : text ? text
		                   : ir->text, text ? strlen(text) : ir->len,
		                   &res, said, n) == 0) {
			cJSON_free(text);
			return drain(r, 0);
		}
		cJSON_free(text);
		free(said);
		cJSON_Delete(res.root);
		cJSON_Delete(res.errors);
		return rc == -3 ? -3 : -4;
	}
	rc = check_record(r, ir, &res, &root, parsed);
	if (rc < 0) {
		if (root != parsed) /* the pipeline's, borrowed */
			cJSON_Delete(root);
		cJSON_Delete(res.root);
		cJSON_Delete(res.errors);
		return rc == -3 ? -3 : -4;
	}
	merged = with_history(r, root, &res);
	if (!res.errors && !mem_exhausted()) {
		rec.root = merged ? merged : root;
		rec.id = res.id;
		host_assess(&r->o->plugin->desc, r->o->state, &rec, &res);
	}
	cJSON_Delete(merged);
	if (root != parsed) /* the pipeline's, borrowed */
		cJSON_Delete(root);
	if (mem_exhausted()) {
		cJSON_Delete(res.root);
		cJSON_Delete(res.errors);
		return -4;
	}
	return emit(r, &res);
}

/* The results' spool could not be written (errno says why): said, and
 * the exit status. */
static int spool_failed(void)
{
	if (mem_exhausted() || errno == ENOMEM) { /* not the folder's fault */
		diag("out of memory: nothing written");
		return STATUS_NOMEM;
	}
	diag("cannot write the results' temporary file (in %s): %s; nothing "
	     "written (TMPDIR names another folder)", tmp_dir(), strerror(errno));
	return STATUS_USAGE;
}

/* assess_in, in-process with the record's trees in the arena (mem.h):
 * parsed, assessed and written before it returns. */
static int assess_one(struct run *r, const struct input_rec *ir,
                      cJSON *parsed)
{
	int rc;

	if (r->o->iso)
		return assess_in(r, ir, parsed);
	mem_arena_begin();
	rc = assess_in(r, ir, parsed);
	mem_arena_end();
	return rc;
}

/* The paper's title, subtitle, organisation and year the run was given
 * (--title, --subtitle, the INI's [report]), as the describe document's
 * "report" for the writers (paper.h).  0, or -1 out of memory. */
static int paper_given(cJSON *doc, const struct batch_opts *o)
{
	const char *v[4] = { o->title, o->subtitle, o->organisation, o->year };
	static const char *const k[4] = { "title", "subtitle", "organisation",
	                                   "year" };
	cJSON *p = NULL;
	int i;

	for (i = 0; i < 4; i++) {
		if (!v[i])
			continue;
		if ((!p && !(p = cJSON_AddObjectToObject(doc, "report"))) ||
		    !cJSON_AddStringToObject(p, k[i], v[i]))
			return -1;
	}
	return 0;
}

static cJSON *metadata(const struct run *r, const char *input_sha,
                       cJSON *child_refs)
{
	const assess_plugin *d = &r->o->plugin->desc;
	cJSON *m = cJSON_CreateObject(), *refs;

	if (!m)
		return NULL;
	cJSON_AddStringToObject(m, "version", ASSESS_VERSION);
	cJSON_AddNumberToObject(m, "abi", ASSESS_ABI_VERSION);
	cJSON_AddStringToObject(m, "plugin", d->name);
	cJSON_AddStringToObject(m, "plugin_version", d->version);
	if (r->o->config_sha256[0])
		cJSON_AddStringToObject(m, "config_sha256", r->o->config_sha256);
	else
		cJSON_AddNullToObject(m, "config_sha256");
	cJSON_AddStringToObject(m, "input_sha256", input_sha);
	cJSON_AddStringToObject(m, "lang", lang_code());
	if (r->o->noverrides)
		cJSON_AddItemToObject(m, "config_overrides",
		                      cJSON_CreateStringArray(
		                          (const char *const *)r->o->overrides,
		                          r->o->noverrides));
	if ((refs = child_refs ? child_refs : refs_metadata()))
		cJSON_AddItemToObject(m, "references", refs);
	/* where the history came from, so the run can be reproduced */
	if ((refs = history_metadata(r->o->history)))
		cJSON_AddItemToObject(m, "history", refs);
	return m;
}

int batch_run(const struct batch_opts *o)
{
	struct sheetin_opts so = { 0 };
	struct colmap *map = NULL;
	struct run r = { .o = o, .year = { o->period, r.fatal, sizeof r.fatal } };
	const assess_plugin *d = &o->plugin->desc;
	struct input *in = NULL;
	struct input_rec ir;
	cJSON *meta = NULL, *summary = NULL, *child_refs = NULL, *parsed;
	cJSON *described = NULL;
	FILE *kept = NULL; /* the results, for the archive */
	char err[1024], sha[65];
	int got, rc, status;

	if (input_open(&in, o->inputs, o->ninputs, err, sizeof err) < 0 ||
	    input_protect(in, _("one of the inputs"), err, sizeof err) < 0) {
		diag("%s", err);
		input_close(in);
		return STATUS_INPUT;
	}
	if (output_open(&r.out, o->out, o->stdout_fp, o->format, err,
	                sizeof err) < 0) {
		diag("%s", err);
		input_close(in);
		return STATUS_USAGE;
	}
	input_set_limit(in, o->max_record);
	if (input_set_encoding(in, o->encoding) < 0) {
		diag("--encoding %s: this system cannot convert it", o->encoding);
		input_close(in);
		output_abort(r.out);
		return STATUS_USAGE;
	}
	if ((status = batch_sheet_inputs(o, in, &so, &map)) != 0) {
		input_close(in);
		output_abort(r.out);
		return status;
	}
	/* without threads when the plugin runs in a child (never fork with
	 * threads running), and for spreadsheets, whose column names the
	 * plugin's thread looks up for the row it is on */
	if (!o->iso)
		mem_arena_init(); /* before the pipeline's threads */
	if (!o->iso && !map && pipeline_threads(o->jobs) > 1 &&
	    pipeline_start(&r.pipe, in, r.out) < 0)
		r.pipe = NULL; /* then on this thread alone */
	while ((got = r.pipe ? pipeline_next(r.pipe, &ir, &parsed, err,
	                                     sizeof err)
	              : (parsed = NULL, input_next(in, &ir, err, sizeof err)))
	       > 0) {
		rc = assess_one(&r, &ir, parsed);
		if (rc == -2) { /* cannot be brought back */
			status = isolate_out_of_memory(o->iso) ? STATUS_NOMEM
			                                       : STATUS_PLUGIN;
			goto fail;
		}
		if (rc == -3) {
			if (o->iso) /* what was said of the records before it */
				drain(&r, 1);
			diag("%s", r.fatal);
			status = STATUS_INPUT;
			goto fail;
		}
		if (rc == -4) {
			diag("%s:%ld: out of memory on this record: nothing "
			     "written", ir.file, ir.line);
			status = STATUS_NOMEM;
			goto fail;
		}
		if (rc < 0) {
			status = spool_failed();
			goto fail;
		}
	}
	if (got < 0) {
		if (o->iso) /* what was said of the records before it, first */
			drain(&r, 1);
		diag("%s", err);
		status = got == -2 ? STATUS_NOMEM : STATUS_INPUT;
		goto fail;
	}
	idset_free(&r.ids); /* every id is in: the finish step has its room */
	rc = pipeline_end(r.pipe);
	r.pipe = NULL;
	if (rc < 0) {
		status = spool_failed();
		goto fail;
	}
	if (o->iso && (rc = drain(&r, 1)) < 0) {
		status = rc == -1 ? spool_failed()
		         : isolate_out_of_memory(o->iso) ? STATUS_NOMEM
		                                         : STATUS_PLUGIN;
		goto fail;
	}
	input_sha256(in, sha);

	summary = cJSON_CreateObject();
	if (!summary) {
		diag("out of memory: nothing written");
		status = STATUS_NOMEM;
		goto fail;
	}
	cJSON_AddNumberToObject(summary, "records", (double)r.records);
	cJSON_AddNumberToObject(summary, "assessed", (double)r.assessed);
	cJSON_AddNumberToObject(summary, "rejected", (double)r.rejected);
	if (o->iso && isolate_finish(o->iso, &summary, &child_refs) < 0) {
		status = STATUS_PLUGIN;
		goto fail;
	}
	meta = metadata(&r, sha, child_refs);
	batch_sheet_skipped(meta, &so);
	if (!meta) {
		cJSON_Delete(child_refs);
		diag("out of memory: nothing written");
		status = STATUS_NOMEM;
		goto fail;
	}
	host_lists_as_text(!output_reads_summary(o->format));
	if (!o->iso &&
	    (rc = host_finish(d, o->state, summary)) != ASSESS_OK) {
		if (rc == ASSESS_ENOMEM || mem_exhausted()) {
			diag("out of memory in the finish step of plugin %s: "
			     "nothing written", d->name);
			status = STATUS_NOMEM;
		} else {
			diag("plugin %s failed in its finish step (%s): nothing "
			     "written", d->name, diag_code(rc));
			status = STATUS_PLUGIN;
		}
		goto fail;
	}
	if (mem_exhausted() || amend_failed() == ENOMEM) {
		diag("out of memory while summing up the batch: nothing written");
		status = STATUS_NOMEM;
		goto fail;
	}
	if (amend_failed() == EFBIG) {
		diag("plugin %s added 16 MB or more to one result in its finish "
		     "step: nothing written", d->name);
		status = STATUS_PLUGIN;
		goto fail;
	}
	if (amend_failed()) {
		diag("cannot write the amendments' temporary file (in %s): %s; "
		     "nothing written (TMPDIR names another folder)", tmp_dir(),
		     strerror(amend_failed()));
		status = STATUS_USAGE;
		goto fail;
	}
	if (output_wants_describe(o->format)) {
		if ((status = batch_describe(o->plugin, o->state, o->iso,
		                             o->config_path, &described)) != 0)
			goto fail;
		if (paper_given(described, o) < 0) {
			diag("out of memory");
			status = STATUS_NOMEM;
			goto fail;
		}
		output_set_describe(r.out, described);
	}
	output_set_history(r.out, o->history);
	if (o->archive)
		output_keep_results(r.out, &kept);
	rc = output_commit(r.out, meta, summary, err, sizeof err);
	r.out = NULL;
	if (rc < 0 && (mem_exhausted() || errno == ENOMEM)) {
		diag("out of memory: nothing written"); /* not the output's */
		status = STATUS_NOMEM;
		goto fail;
	}
	if (rc < 0) {
		if (err[0])
			diag("%s", err);
		status = STATUS_USAGE;
		goto fail;
	}
	status = r.rejected ? STATUS_REJECTED : STATUS_OK;
	if (o->archive) {
		struct archive_run ar = { meta, summary, o->config_path,
		                          o->scheme, o->period, kept, status };
		if (!kept) {
			diag("cannot read the results back (in %s): %s; the run "
			     "was NOT archived", tmp_dir(), strerror(errno));
			status = STATUS_USAGE;
		} else if (archive_store(o->archive, o->archive_wait, &ar) < 0) {
			status = STATUS_USAGE;
		}
	}
fail:
	if (kept)
		fclose(kept);
	pipeline_end(r.pipe);
	output_abort(r.out);
	cJSON_Delete(described);
	cJSON_Delete(meta);
	cJSON_Delete(summary);
	input_close(in);
	colmap_free(map);
	batch_sheet_skipped(NULL, &so);
	idset_free(&r.ids);
	mem_arena_free();
	free(r.files);
	return status;
}
