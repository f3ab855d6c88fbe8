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
#include "version.h"
#include "refs.h"
#include "rowcheck.h"
#include "sheetin.h"
#include "validate.h"
#include "verdict.h"
#include "tmp.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* What a step of the batch returns: each function below says which of
 * these it can; batch_run turns them into exit statuses. */
enum batch_step {
	BATCH_OK = 0,
	BATCH_SPOOL = -1, /* the results' spool cannot be written (errno) */
	BATCH_LOST = -2,  /* the isolated plugin cannot be brought back */
	BATCH_STOP = -3,  /* the input stops the run (r->fatal says why) */
	BATCH_NOMEM = -4, /* out of memory */
	BATCH_IDS = -5,   /* the id set's temporary file failed (ids_errno) */
};

struct run {
	const struct batch_opts *o;
	struct output *out;
	struct idset ids;
	int ids_errno;   /* why its temporary file failed (BATCH_IDS) */
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
 * else NULL.  BATCH_OK, BATCH_STOP, BATCH_NOMEM or BATCH_IDS. */
static int check_record(struct run *r, const struct input_rec *ir,
                        assess_result *res, cJSON **root, cJSON *parsed)
{
	const char *end = NULL;
	char dup[256], msg[512];
	long bad_utf8 = -1;
	struct verdict_lex lex;

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
		return BATCH_STOP;
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
			return BATCH_NOMEM;
		}
		res->line = jsonerr_syntax(ir->text, ir->len, cJSON_GetErrorPtr(),
		                           ir->line, msg, sizeof msg);
		pipeline_parse_end(r->pipe);
		host_reject(res, NULL, "%s", msg);
	} else {
		pipeline_parse_end(r->pipe);
		switch (verdict_shape(ir->text, ir->len, *root, end, &lex)) {
		case VERDICT_TRAILING:
			host_reject(res, NULL, "unexpected text after the record");
			break;
		case VERDICT_NOT_OBJECT:
			host_reject(res, NULL,
			            "a record must be a JSON object, not %s",
			            host_type_name(*root));
			break;
		case VERDICT_LEXICAL:
			res->line = jsonerr_lexical(ir->text, lex.at, lex.why,
			                            lex.toklen, ir->line, msg,
			                            sizeof msg);
			host_reject(res, NULL, "%s", msg);
			break;
		case VERDICT_CLEAN:
			break;
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
		return BATCH_STOP;
	}
	verdict_fixed(res, *root);
	if (rowcheck_record(&r->year, ir, *root, res) < 0)
		return BATCH_STOP;
	if (*root && !parsed && json_duplicate_key(*root, dup, sizeof dup) != 0)
		host_reject(res, dup, "the key is given twice: which one is meant "
		            "cannot be known");
	if (res->id && !res->errors) {
		struct idset_where at = { file_index(r, ir->file), ir->line };
		struct idset_where first = { 0, 0 };
		int added = at.file < 0 ? -1 : idset_add(&r->ids, res->id, at, &first);
		if (added < 0 && (at.file < 0 || errno == ENOMEM))
			return BATCH_NOMEM;
		if (added < 0) { /* the id set's temporary file */
			r->ids_errno = errno;
			return BATCH_IDS;
		}
		if (added == 0 && first.line)
			host_reject(res, "id", "\"%s\" appears more than once in the "
			            "batch: first in %s:%llu", res->id,
			            r->files[first.file],
			            (unsigned long long)first.line);
		else if (added == 0)
			host_reject(res, "id", "\"%s\" appears more than once in the "
			            "batch: first in %s", res->id, r->files[first.file]);
	}
	return mem_exhausted() ? BATCH_NOMEM : BATCH_OK;
}

/* Spool a record's result: a rejected record keeps its identity and its
 * errors only.  Frees res.  BATCH_OK or BATCH_SPOOL. */
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
	if (r->pipe) /* it frees the result */
		return pipeline_put(r->pipe, res->root) < 0 ? BATCH_SPOOL
		                                            : BATCH_OK;
	rc = output_result(r->out, res->root);
	if (!mem_arena_holds_all())
		cJSON_Delete(res->root);
	return rc < 0 ? BATCH_SPOOL : BATCH_OK;
}

/* Spool the isolated records whose results are back, in order; with wait,
 * all of them.  BATCH_OK, BATCH_SPOOL or BATCH_LOST. */
static int drain(struct run *r, int wait)
{
	assess_result res;
	int got;

	while ((got = isolate_take(r->o->iso, &res, wait)) > 0)
		if (emit(r, &res) != BATCH_OK)
			return BATCH_SPOOL;
	return got < 0 ? BATCH_LOST : BATCH_OK;
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

/* One record through the host's checks and the plugin, its result
 * spooled (or, isolated, handed to the child).  A enum batch_step. */
static int assess_in(struct run *r, const struct input_rec *ir,
                     cJSON *parsed)
{
	assess_result res = { 0 };
	assess_record rec;
	cJSON *root = NULL, *merged = NULL;
	char *text = NULL, *said = NULL;
	size_t n = 0;
	int rc;

	r->records++;
	rowcheck_row(r->o->run, ir->row); /* for the host's messages */
	res.file = ir->file;
	res.line = ir->line;
	res.index = r->records;
	res.run = r->o->run;
	res.root = cJSON_CreateObject();
	if (!res.root)
		return BATCH_NOMEM;
	/* isolated, the messages wait with the record for the results
	 * before it */
	if (r->o->iso)
		diag_capture_begin();
	rc = check_record(r, ir, &res, &root, parsed);
	if (rc == BATCH_OK)
		merged = with_history(r, root, &res);
	if (r->o->iso) {
		/* the child gets the record with its history merged, as text */
		if (rc == BATCH_OK && merged &&
		    !(text = cJSON_PrintUnformatted(merged)))
			rc = BATCH_NOMEM;
		said = diag_capture_end(&n);
	} else if (rc == BATCH_OK && !res.errors && !mem_exhausted()) {
		rec.root = merged ? merged : root;
		rec.id = res.id;
		rec.run = r->o->run;
		verdict_assess(&r->o->plugin->desc, r->o->state, &rec, &res);
	}
	if (rc == BATCH_OK && mem_exhausted())
		rc = BATCH_NOMEM;
	/* on success the child's queue takes res and said */
	if (rc == BATCH_OK && r->o->iso &&
	    isolate_submit(r->o->iso, res.errors ? NULL : text ? text
	                   : ir->text, text ? strlen(text) : ir->len, &res,
	                   said, n) != 0)
		rc = BATCH_NOMEM;
	cJSON_free(text);
	if (!mem_arena_holds_all()) {
		cJSON_Delete(merged);
		if (root != parsed) /* the pipeline's, borrowed */
			cJSON_Delete(root);
	}
	if (rc != BATCH_OK) {
		free(said);
		cJSON_Delete(res.root);
		cJSON_Delete(res.errors);
		return rc;
	}
	return r->o->iso ? drain(r, 0) : emit(r, &res);
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
	if (r->pipe)
		pipeline_record_begin(r->pipe);
	else
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

/* The archive's side of a run: its row, and the job storing it while
 * the output is written (archive_start at output_on_results). */
struct batch_archive {
	const struct batch_opts *o;
	struct archive_run run;
	struct archive_job *job;
	int failed; /* the job did not start (said, or errno) */
	int err;    /* errno when the results could not be opened */
};

/* output_on_results: start storing the run from results. */
static void archive_results(void *arg, FILE *results)
{
	struct batch_archive *ba = arg;

	if (!results) {
		ba->err = errno;
		ba->failed = 1;
		return;
	}
	ba->run.results = results;
	if (archive_start(&ba->job, ba->o->archive, ba->o->archive_wait,
	                  &ba->run) < 0) {
		fclose(results);
		ba->failed = 1;
	}
}

/* Keep malloc from holding memory a batch has given back.  glibc serves
 * a block of 128 KB or more from mmap and returns it on free, but after
 * freeing one it raises that bar to the block's size, so the large lists
 * a finish step makes later come from the heap, where what is freed
 * between them stays with the process: at a million records 11 MB of the
 * peak.  A fixed bar keeps every large list in its own mapping, given
 * back on free (a few more mmap calls, none per record). */
static void batch_malloc_returns_large(void)
{
#ifdef M_MMAP_THRESHOLD
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

int batch_run(const struct batch_opts *o)
{
	struct sheetin_node *plans = NULL;
	struct sheetin_opts so = { .kept = &plans };
	struct colmap *map = NULL;
	struct run r = { .o = o, .year = { o->period, r.fatal, sizeof r.fatal } };
	const assess_plugin *d = &o->plugin->desc;
	struct input *in = NULL;
	struct input_rec ir;
	cJSON *meta = NULL, *summary = NULL, *child_refs = NULL, *parsed;
	cJSON *described = NULL;
	struct batch_archive ba = { .o = o };
	char err[1024], sha[65];
	int got, rc, status, tmp_err, threads;

	batch_malloc_returns_large();
	if (input_open(&in, o->inputs, o->ninputs, err, sizeof err) < 0 ||
	    input_protect(in, _("one of the inputs"), err, sizeof err) < 0) {
		diag("%s", err);
		status = STATUS_INPUT;
		goto fail;
	}
	if (output_open(&r.out, o->out, o->summary, o->stdout_fp, o->format,
	                err, sizeof err) < 0) {
		diag("%s", err);
		status = STATUS_USAGE;
		goto fail;
	}
	input_set_limit(in, o->max_record);
	if (input_set_encoding(in, o->encoding) < 0) {
		diag("--encoding %s: this system cannot convert it", o->encoding);
		status = STATUS_USAGE;
		goto fail;
	}
	if ((status = batch_sheet_inputs(o, in, &so, &map)) != 0)
		goto fail;
	/* without threads when the plugin runs in a child (never fork with
	 * threads running); a spreadsheet's record carries its row's state
	 * (input_rec's row), so the reader may be rows ahead */
	threads = !o->iso && pipeline_threads(o->jobs) > 1;
	output_set_threads(r.out, !o->iso ? pipeline_threads(o->jobs) : 1);
	if (!o->iso)
		mem_arena_init(threads); /* before the pipeline's threads */
	if (threads && pipeline_start(&r.pipe, in, r.out) < 0)
		r.pipe = NULL; /* then on this thread alone */
	while ((got = r.pipe ? pipeline_next(r.pipe, &ir, &parsed, err,
	                                     sizeof err)
	              : (parsed = NULL, input_next(in, &ir, err, sizeof err)))
	       > 0) {
		rc = assess_one(&r, &ir, parsed);
		if (rc == BATCH_OK)
			continue;
		if (rc == BATCH_LOST) {
			status = isolate_out_of_memory(o->iso) ? STATUS_NOMEM
			                                       : STATUS_PLUGIN;
		} else if (rc == BATCH_STOP) {
			if (o->iso) /* what was said of the records before it */
				drain(&r, 1);
			diag("%s", r.fatal);
			status = STATUS_INPUT;
		} else if (rc == BATCH_NOMEM) {
			diag("%s:%ld: out of memory on this record: nothing "
			     "written", ir.file, ir.line);
			status = STATUS_NOMEM;
		} else if (rc == BATCH_IDS) {
			diag("cannot write or read the record ids' temporary file "
			     "(in %s): %s; nothing written (TMPDIR names another "
			     "folder)", tmp_dir(), strerror(r.ids_errno));
			status = STATUS_USAGE;
		} else {
			status = spool_failed();
		}
		goto fail;
	}
	if (got < 0) {
		if (o->iso) /* what was said of the records before it, first */
			drain(&r, 1);
		diag("%s", err);
		status = got == -2 ? STATUS_NOMEM : STATUS_INPUT;
		goto fail;
	}
	rowcheck_row(o->run, NULL); /* no record is being checked */
	idset_free(&r.ids); /* every id is in: the finish step has its room */
	rc = pipeline_end(r.pipe);
	r.pipe = NULL;
	if (rc < 0) {
		status = spool_failed();
		goto fail;
	}
	if (o->iso && (rc = drain(&r, 1)) != BATCH_OK) {
		status = rc == BATCH_SPOOL ? spool_failed()
		         : isolate_out_of_memory(o->iso) ? STATUS_NOMEM
		                                         : STATUS_PLUGIN;
		goto fail;
	}
	/* after the records' own messages, isolated or not */
	history_note_missed(o->history);
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
	/* the lists' text spooled where only the output reads the summary:
	 * an archive prints it whole */
	host_lists_as_text(output_reads_summary(o->format) ? HOST_LISTS_TREE
	                   : o->archive ? HOST_LISTS_TEXT : HOST_LISTS_SPOOLED);
	if (!o->iso &&
	    (rc = host_finish(d, o->state, summary)) != ASSESS_OK &&
	    !host_lists_failed()) {
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
	/* a temporary file of the finish step not written (the amendments'
	 * running out of memory or too long are told below), named */
	tmp_err = host_lists_failed();
	if (!tmp_err && amend_failed() != ENOMEM && amend_failed() != EFBIG)
		tmp_err = amend_failed();
	if (tmp_err) {
		diag(host_lists_failed()
		     ? N_("cannot write the summary's temporary file (in %s): %s; "
		          "nothing written (TMPDIR names another folder)")
		     : N_("cannot write the amendments' temporary file (in %s): "
		          "%s; nothing written (TMPDIR names another folder)"),
		     tmp_dir(), strerror(tmp_err));
		status = STATUS_USAGE;
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
	output_set_report_rows(r.out, o->report_rows);
	if (o->archive) {
		ba.run = (struct archive_run){ meta, summary, o->config_path,
		                               o->scheme, o->period, NULL,
		                               r.rejected ? STATUS_REJECTED
		                                          : STATUS_OK };
		output_on_results(r.out, archive_results, &ba);
	}
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
		if (ba.failed && ba.err)
			diag("cannot read the results back (in %s): %s; the run "
			     "was NOT archived", tmp_dir(), strerror(ba.err));
		if (ba.failed || archive_finish(ba.job, 1) < 0)
			status = STATUS_USAGE;
		ba.job = NULL;
	}
fail:
	rowcheck_row(o->run, NULL); /* its row goes with the pipeline */
	archive_finish(ba.job, 0); /* the output failed: rolled back */
	pipeline_end(r.pipe);
	output_abort(r.out);
	host_lists_free();
	cJSON_Delete(described);
	cJSON_Delete(meta);
	cJSON_Delete(summary);
	input_close(in);
	sheetin_plans_free(&plans); /* after the input's last file closed */
	colmap_free(map);
	batch_sheet_skipped(NULL, &so);
	idset_free(&r.ids);
	mem_arena_free();
	free(r.files);
	return status;
}
