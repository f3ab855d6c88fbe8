/*
 * batch.c - the record pipeline (see batch.h).
 *
 * For each record: parse it, check the fields every scheme relies on (id,
 * name, parent, period), reject a repeated id, hand it to the plugin, and
 * spool the result.  A rejected record never stops the batch.
 */
#include "batch.h"
#include "diag.h"
#include "host.h"
#include "idset.h"
#include "input.h"
#include "refs.h"
#include "validate.h"

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
};

static const char *type_name(const cJSON *v)
{
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsArray(v))
		return "an array";
	return "an object";
}

/* Report where in the record's text cJSON stopped, as file line/column. */
static void reject_syntax(assess_result *res, const struct input_rec *ir)
{
	const char *at = cJSON_GetErrorPtr(), *p, *bol = ir->text;
	long line = ir->line, depth = 0;

	if (!at || at < ir->text || at > ir->text + ir->len)
		at = ir->text;
	for (p = ir->text; p < at; p++)
		if (*p == '\n') {
			line++;
			bol = p + 1;
		}
	res->line = line;
	/* cJSON stops at its nesting limit: say so, not just where */
	for (p = ir->text; p < at; p++) {
		if (*p == '"') {
			for (p++; p < at && *p != '"'; p++)
				p += *p == '\\';
		} else if (*p == '[' || *p == '{') {
			depth++;
		} else if (*p == ']' || *p == '}') {
			depth--;
		}
	}
	if (depth >= CJSON_NESTING_LIMIT)
		host_reject(res, NULL, "nested deeper than %d levels (at column "
		            "%ld)", CJSON_NESTING_LIMIT, (long)(at - bol) + 1);
	else
		host_reject(res, NULL, "invalid JSON at column %ld",
		            (long)(at - bol) + 1);
}

/* A string member: required or optional.  Puts it (or null) in the result
 * and returns the result's copy, or NULL. */
static const char *string_field(assess_result *res, const cJSON *root,
                                const char *key, int required)
{
	const cJSON *v = root ? cJSON_GetObjectItemCaseSensitive(root, key)
	                      : NULL;

	if (root && (!v || cJSON_IsNull(v)) && required)
		host_reject(res, key, "missing: every record needs one");
	else if (v && !cJSON_IsNull(v) && !cJSON_IsString(v))
		host_reject(res, key, "must be a string, not %s", type_name(v));
	else if (v && cJSON_IsString(v) && required && !v->valuestring[0])
		host_reject(res, key, "must not be empty");
	else if (v && cJSON_IsString(v)) {
		/* the result's copy, which outlives the parsed record */
		cJSON *copy = cJSON_AddStringToObject(res->root, key,
		                                      v->valuestring);
		return copy ? copy->valuestring : NULL;
	}
	cJSON_AddNullToObject(res->root, key);
	return NULL;
}

const char *batch_fixed_fields(assess_result *res, const cJSON *root)
{
	res->id = string_field(res, root, "id", 1);
	string_field(res, root, "name", 1);
	string_field(res, root, "parent", 0);
	string_field(res, root, "period", 0);
	cJSON_AddStringToObject(res->root, "status", "ok");
	res->nfixed = 5;
	return res->id;
}

/* What the host checks before the plugin sees a record: that it is UTF-8,
 * parses as one JSON object without duplicate keys, and has the members
 * every scheme relies on, with an id new to the batch.  Fills res (its
 * line goes back to the record's first once the messages are written) and
 * returns the parsed record in *root (NULL when it did not parse).  0, or
 * -1 out of memory. */
static int check_record(struct run *r, const struct input_rec *ir,
                        assess_result *res, cJSON **root)
{
	const char *end = NULL;
	char dup[256];
	long bad_utf8;

	bad_utf8 = utf8_invalid_at(ir->text, ir->len);
	*root = bad_utf8 >= 0 ? NULL
	                      : cJSON_ParseWithLengthOpts(ir->text, ir->len, &end, 0);
	if (bad_utf8 >= 0) {
		for (end = ir->text; end < ir->text + bad_utf8; end++)
			res->line += *end == '\n';
		host_reject(res, NULL, ir->text[bad_utf8]
		            ? "not valid UTF-8 (byte %ld of the record)"
		            : "a NUL byte (byte %ld of the record) is not JSON",
		            bad_utf8 + 1);
	} else if (!*root) {
		reject_syntax(res, ir);
	} else {
		while (end && end < ir->text + ir->len &&
		       strchr(" \t\r\n", *end))
			end++;
		if (end && end < ir->text + ir->len) {
			host_reject(res, NULL, "unexpected text after the record");
			cJSON_Delete(*root);
			*root = NULL;
		} else if (!cJSON_IsObject(*root)) {
			host_reject(res, NULL,
			            "a record must be a JSON object, not %s",
			            type_name(*root));
			cJSON_Delete(*root);
			*root = NULL;
		}
	}
	res->line = ir->line;
	batch_fixed_fields(res, *root);
	if (*root && json_duplicate_key(*root, dup, sizeof dup) != 0)
		host_reject(res, dup, "the key is given twice: which one is meant "
		            "cannot be known");
	if (res->id && !res->errors) {
		int added = idset_add(&r->ids, res->id);
		if (added < 0)
			return -1;
		if (added == 0)
			host_reject(res, "id",
			            "'%s' appears more than once in the batch",
			            res->id);
	}
	return 0;
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

/* One record through the host's checks and the plugin.  0, -1 out of
 * memory or spool, -2 the isolated plugin cannot be brought back. */
static int assess_one(struct run *r, const struct input_rec *ir)
{
	const struct plugin *pl = r->o->plugin;
	assess_result res = { 0 };
	assess_record rec;
	cJSON *root = NULL;
	int rc;

	r->records++;
	res.file = ir->file;
	res.line = ir->line;
	res.index = r->records;
	res.root = cJSON_CreateObject();
	if (!res.root)
		return -1;
	if (r->o->iso) {
		/* the messages wait with the record for the results before it */
		char *said;
		size_t n;
		diag_capture_begin();
		rc = check_record(r, ir, &res, &root);
		said = diag_capture_end(&n);
		cJSON_Delete(root);
		if (rc == 0 && isolate_submit(r->o->iso, res.errors ? NULL
		                              : ir->text, ir->len, &res, said,
		                              n) == 0)
			return drain(r, 0);
		free(said);
		cJSON_Delete(res.root);
		cJSON_Delete(res.errors);
		return -1;
	}
	if (check_record(r, ir, &res, &root) < 0) {
		cJSON_Delete(root);
		cJSON_Delete(res.root);
		cJSON_Delete(res.errors);
		return -1;
	}
	if (!res.errors) {
		rec.root = root;
		rec.id = res.id;
		host_set_current(&res);
		rc = pl->desc.assess(r->o->state, &rec, &res);
		host_set_current(NULL);
		if (rc != ASSESS_OK && !res.errors)
			host_reject(&res, NULL, "plugin %s failed on this record "
			            "(%s)", pl->desc.name,
			            diag_code(rc));
	}
	cJSON_Delete(root);
	return emit(r, &res);
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
	if (r->o->noverrides)
		cJSON_AddItemToObject(m, "config_overrides",
		                      cJSON_CreateStringArray(
		                          (const char *const *)r->o->overrides,
		                          r->o->noverrides));
	if ((refs = child_refs ? child_refs : refs_metadata()))
		cJSON_AddItemToObject(m, "references", refs);
	return m;
}

int batch_run(const struct batch_opts *o)
{
	struct run r = { o, NULL, { 0 }, 0, 0, 0 };
	const assess_plugin *d = &o->plugin->desc;
	struct input *in = NULL;
	struct input_rec ir;
	cJSON *meta = NULL, *summary = NULL, *child_refs = NULL;
	char err[1024], sha[65];
	int got, rc, status;

	if (input_open(&in, o->inputs, o->ninputs, err, sizeof err) < 0) {
		diag("%s", err);
		return 5;
	}
	if (output_open(&r.out, o->out, o->stdout_fp, o->format, err,
	                sizeof err) < 0) {
		diag("%s", err);
		input_close(in);
		return 2;
	}
	while ((got = input_next(in, &ir, err, sizeof err)) > 0) {
		rc = assess_one(&r, &ir);
		if (rc == -2) {
			status = 4; /* the plugin could not be brought back */
			goto fail;
		}
		if (rc < 0) {
			diag("%s:%ld: out of memory, or the temporary file cannot "
			     "be written", ir.file, ir.line);
			status = 2;
			goto fail;
		}
	}
	if (got < 0) {
		if (o->iso) /* what was said of the records before it, first */
			drain(&r, 1);
		diag("%s", err);
		status = 5;
		goto fail;
	}
	if (o->iso && (rc = drain(&r, 1)) < 0) {
		if (rc == -1)
			diag("out of memory, or the temporary file cannot be "
			     "written");
		status = rc == -2 ? 4 : 2;
		goto fail;
	}
	input_sha256(in, sha);

	summary = cJSON_CreateObject();
	if (!summary) {
		diag("out of memory");
		status = 2;
		goto fail;
	}
	cJSON_AddNumberToObject(summary, "records", (double)r.records);
	cJSON_AddNumberToObject(summary, "assessed", (double)r.assessed);
	cJSON_AddNumberToObject(summary, "rejected", (double)r.rejected);
	if (o->iso && isolate_finish(o->iso, &summary, &child_refs) < 0) {
		status = 4;
		goto fail;
	}
	meta = metadata(&r, sha, child_refs);
	if (!meta) {
		cJSON_Delete(child_refs);
		diag("out of memory");
		status = 2;
		goto fail;
	}
	if (!o->iso &&
	    (rc = host_finish(d, o->state, summary)) != ASSESS_OK) {
		diag("plugin %s failed in its finish step (%s): nothing "
		     "written", d->name, diag_code(rc));
		status = 4;
		goto fail;
	}
	rc = output_commit(r.out, meta, summary, err, sizeof err);
	r.out = NULL;
	if (rc < 0) {
		diag("%s", err);
		status = 2;
		goto fail;
	}
	status = r.rejected ? 1 : 0;
fail:
	output_abort(r.out);
	cJSON_Delete(meta);
	cJSON_Delete(summary);
	input_close(in);
	idset_free(&r.ids);
	return status;
}
