/*
 * verdict.c - a record's verdict, decided in one place (see verdict.h):
 * the JSON it must be, the host's members, the declared and unknown
 * fields, the plugin's call and how a failure of it is said.
 */
#include "verdict.h"
#include "diag.h"
#include "host_guard.h"
#include "keys.h"
#include "lang.h"
#include "mem.h"
#include "record.h"
#include "run.h"
#include "slots.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

enum verdict_flaw verdict_shape(const char *text, size_t len,
                                const cJSON *root, const char *end,
                                struct verdict_lex *lex)
{
	while (end && end < text + len && strchr(" \t\r\n", *end))
		end++;
	if (end && end < text + len)
		return VERDICT_TRAILING;
	if (!cJSON_IsObject(root))
		return VERDICT_NOT_OBJECT;
	if ((lex->at = json_lexical_check(text, len, &lex->why,
	                                  &lex->toklen)) >= 0)
		return VERDICT_LEXICAL;
	return VERDICT_CLEAN;
}

int verdict_clean(const char *text, size_t len, const cJSON *root,
                  const char *end)
{
	struct verdict_lex lex;
	char dup[256];

	return verdict_shape(text, len, root, end, &lex) == VERDICT_CLEAN &&
	       json_duplicate_key(root, dup, sizeof dup) == 0;
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
		host_reject(res, key, "must be a string, not %s", host_type_name(v));
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

const char *verdict_fixed(assess_result *res, const cJSON *root)
{
	res->id = string_field(res, root, "id", 1);
	string_field(res, root, "name", 1);
	string_field(res, root, "parent", 0);
	string_field(res, root, "period", 0);
	cJSON_AddStringToObject(res->root, "status", "ok");
	res->nfixed = 5;
	/* the plugin's puts then say which keys the root holds: the host's
	 * five are refused them before a namesake is looked for */
	keys_track(res->root);
	return res->id;
}

/* Reject (or warn of, once per name) the top-level fields of rec that
 * neither the host nor plugin d ever asked for. */
static void check_fields(const assess_plugin *d, const assess_record *rec,
                         assess_result *res)
{
	struct record_state *st = rec->run ? rec->run->record : NULL;
	const cJSON *c = NULL;
	char known[512];

	/* none without a run: no field was noted as asked for */
	while ((c = record_next_unknown(rec, c))) {
		const char *near = record_nearest_field(st, c->string);

		if (record_extra_policy(st) == RECORD_EXTRA_WARN) {
			if (record_first_warning(st, c->string))
				diag("%s:%ld: record %s: %s: not a field of plugin "
				     "%s; ignored here and in every record after it",
				     res->file, res->line, res->id ? res->id : "?",
				     c->string, d->name);
		} else if (near) {
			host_reject(res, c->string, "unknown field; did you mean "
			            "\"%s\"?", near);
		} else if (slots_count() > 0) {
			/* the plugin said what it reads: a field it reads and
			 * forgot to declare is its mistake, not the data's */
			record_known_fields(st, known, sizeof known);
			host_reject(res, c->string, "unknown field; plugin %s "
			            "declares id, name, parent, period%s (a field "
			            "it reads must be declared in create; [input] "
			            "extra_fields = ignore lets others through)",
			            d->name, known);
		} else {
			record_known_fields(st, known, sizeof known);
			host_reject(res, c->string, "unknown field; plugin %s reads "
			            "id, name, parent, period%s ([input] "
			            "extra_fields = ignore lets others through)",
			            d->name, known);
		}
	}
}

/* A declared field found wrong by slots_check: res rejected. */
static void reject_declared(void *res, const char *path, const char *msg)
{
	host_reject(res, path, "%s", msg);
}

int verdict_call(const assess_plugin *d, void *state,
                 const assess_record *rec, assess_result *res)
{
	const assess_record *rec_token;
	assess_result *res_token;
	int rc;

	host_set_current(res);
	/* A plugin that declared its fields (ABI 1.2) named every top-level
	 * field it reads: a record with another is refused before the plugin
	 * sees it, so that it never counts in the plugin's batch figures. */
	rc = ASSESS_OK;
	if (slots_count() > 0) {
		check_fields(d, rec, res);
		if (res->errors)
			rc = ASSESS_EREJECT;
	}
	if (rc == ASSESS_OK)
		rc = slots_check(rec, reject_declared, res);
	if (rc == ASSESS_OK) {
		/* the plugin holds tokens, dead when the call returns */
		host_guard_open(rec, res, &rec_token, &res_token);
		host_guard_step(HOST_STEP_ASSESS);
		rc = d->assess(state, rec_token, res_token);
		host_guard_step(HOST_STEP_NONE);
		host_guard_open(NULL, NULL, NULL, NULL);
	}
	host_set_current(NULL);
	return rc;
}

/* With --verbose, the result's warnings ({code, message, path|paths|item})
 * as lines on stderr too: a warning that only the JSON holds is one a
 * person at the terminal never sees. */
static void say_warnings(const assess_result *res)
{
	const cJSON *w, *list;

	if (!res->run || !res->run->verbose || res->errors ||
	    !cJSON_IsArray(list = cJSON_GetObjectItemCaseSensitive(res->root,
	                                                           "warnings")))
		return;
	cJSON_ArrayForEach(w, list) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(w, "code");
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(w, "message");
		const cJSON *path = cJSON_GetObjectItemCaseSensitive(w, "path");

		if (!cJSON_IsObject(w) || !cJSON_IsString(msg))
			continue; /* not of the convention: nothing to say */
		if (!cJSON_IsString(path))
			path = cJSON_GetArrayItem(
			        cJSON_GetObjectItemCaseSensitive(w, "paths"), 0);
		if (!cJSON_IsString(path))
			path = cJSON_GetObjectItemCaseSensitive(w, "item");
		diag("%s:%ld: record %s: %s%swarning %s: %s", res->file, res->line,
		     res->id ? res->id : "?",
		     cJSON_IsString(path) ? path->valuestring : "",
		     cJSON_IsString(path) ? ": " : "",
		     cJSON_IsString(code) ? code->valuestring : "?",
		     msg->valuestring);
	}
}

void verdict_settle(const assess_plugin *d, const assess_record *rec,
                    assess_result *res, int rc)
{
	if (rc == ASSESS_ENOMEM) {
		mem_fail();
		return;
	}
	if (rc != ASSESS_OK && !res->errors)
		host_reject(res, NULL, "plugin %s failed on this record (%s)",
		            d->name, diag_code(rc));
	if (slots_count() == 0) /* else checked before the call */
		check_fields(d, rec, res);
	say_warnings(res);
}

int verdict_assess(const assess_plugin *d, void *state,
                   const assess_record *rec, assess_result *res)
{
	int rc = verdict_call(d, state, rec, res);

	verdict_settle(d, rec, res, rc);
	return rc;
}

char *verdict_fixed_text(const assess_result *res)
{
	return cJSON_PrintUnformatted(res->root);
}

int verdict_fixed_given(assess_result *res, const char *text)
{
	cJSON *root = cJSON_Parse(text);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");

	if (!cJSON_IsObject(root) || !cJSON_IsString(id)) {
		cJSON_Delete(root);
		return -1;
	}
	cJSON_Delete(res->root);
	res->root = root;
	res->id = id->valuestring;
	res->nfixed = cJSON_GetArraySize(root);
	return 0;
}
