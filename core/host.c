/*
 * host.c - the services of assess_host: the table plugins are handed,
 * rejections, logging, the config readers, and the plugin's create,
 * assess and finish calls as every runner makes them (see assess.h for
 * the contract of each service).  The put_* services that build results
 * and the summary are host_put.c.
 */
#include "host_impl.h"
#include "host_guard.h"
#include "amend.h"
#include "record.h"
#include "slots.h"
#include "config.h"
#include "diag.h"
#include "lang.h"
#include "mem.h"
#include "refs.h"
#include "run.h"
#include "sheetin.h"
#include "status.h"
#include "version.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void host_set_plugin(struct run *run, const char *name, int verbose)
{
	run->plugin_name = name;
	run->verbose = verbose;
}

const char *host_plugin_name(void)
{
	return run_active() ? run_active()->plugin_name : "?";
}

static void host_log(int level, const char *fmt, ...)
{
	const struct run *run = run_active(); /* log carries no handle */
	const char *plugin_name = host_plugin_name();
	char msg[1024];
	va_list ap;

	if (level >= ASSESS_LOG_INFO && !(run && run->verbose))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	if (level == ASSESS_LOG_ERROR)
		diag("plugin %s: error: %s", plugin_name, msg);
	else if (level == ASSESS_LOG_WARN)
		diag("plugin %s: warning: %s", plugin_name, msg);
	else
		diag("plugin %s: %s", plugin_name, msg);
}

/* assess_host.result_node: the result's root, as a token. */
static assess_node *result_node(assess_result *t)
{
	assess_result *res = host_guard_result(t, "result_node");

	return res ? host_guard_give(res->root, NULL) : NULL;
}

int host_reject(assess_result *res, const char *path, const char *fmt, ...)
{
	char msg[1024], where[64], field[640];
	const char *col = path && res->run ? sheetin_column(res->run->sheet, path)
	                                   : NULL;
	cJSON *e;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	/* a spreadsheet's row: the column too */
	if (col)
		snprintf(field, sizeof field, _("%s (column %s)"), path, col);
	else
		snprintf(field, sizeof field, "%s", path ? path : "");
	if (res->id)
		diag("%s:%ld: record %s: %s%s%s", res->file, res->line, res->id,
		     field, path ? ": " : "", msg);
	else {
		snprintf(where, sizeof where, "#%ld", res->index);
		diag("%s:%ld: record %s: %s%s%s", res->file, res->line, where,
		     field, path ? ": " : "", msg);
	}
	if (!res->errors)
		res->errors = cJSON_CreateArray();
	e = cJSON_CreateObject();
	if (res->errors && e) {
		if (path)
			cJSON_AddStringToObject(e, "path", path);
		else
			cJSON_AddNullToObject(e, "path");
		cJSON_AddStringToObject(e, "message", msg);
		cJSON_AddItemToArray(res->errors, e);
	} else {
		cJSON_Delete(e);
	}
	return ASSESS_EREJECT;
}

int host_finish(const assess_plugin *d, void *state, cJSON *summary)
{
	int rc, lc;

	if (!d->finish)
		return ASSESS_OK;
	host_guard_summary(summary);
	amend_finishing(1);
	host_guard_step(HOST_STEP_FINISH);
	rc = d->finish(state, host_guard_give(summary, NULL));
	host_guard_step(HOST_STEP_NONE);
	lc = host_lists_close();
	if (rc == ASSESS_OK)
		rc = lc;
	amend_finishing(0);
	host_guard_summary(NULL);
	return rc;
}

const char *host_type_name(const cJSON *v)
{
	return record_type_said(record_value_type(v));
}

/* assess_host.result_handle: the result's place in the batch. */
static uint64_t result_handle(assess_result *t)
{
	assess_result *res = host_guard_result(t, "result_handle");

	return res ? amend_handle(res->index) : 0;
}

/* Whether a configuration error has been reported through the host
 * (the active run's config_reported): the config readers report a bad
 * value themselves, so create failing after one is a configuration error
 * whatever code it returns. */
static int config_reported(void)
{
	return run_active() && run_active()->config_reported;
}

/* The exit status (status.h) for a plugin's create step that returned rc:
 * STATUS_OK for ASSESS_OK; a reference file that is not assess output is
 * a configuration error, one that cannot be read an input error; a
 * configuration problem that a config reader or config_error reported
 * during create is a configuration error whatever code create returned;
 * then by the plugin's code (ASSESS_ECONFIG, ASSESS_ENOMEM, else
 * STATUS_PLUGIN).  The cause has been reported where it was found, except
 * for STATUS_PLUGIN and STATUS_NOMEM, which the caller reports. */
static int host_create_status(int rc)
{
	if (refs_failed()) /* whatever create returned */
		return refs_failed() == REFS_NOT_RESULTS ? STATUS_CONFIG
		                                         : STATUS_INPUT;
	if (rc == ASSESS_OK)
		return STATUS_OK;
	if (rc == ASSESS_ECONFIG || config_reported())
		return STATUS_CONFIG;
	return rc == ASSESS_ENOMEM ? STATUS_NOMEM : STATUS_PLUGIN;
}

/* Write what create said, held back by host_create. */
static void say(char *said, size_t n)
{
	if (said)
		fwrite(said, 1, n, stderr);
	free(said);
}

int host_create(const assess_plugin *d, assess_config *cfg, void **state)
{
	int rc, status, held = !diag_capturing();
	char *said = NULL;
	size_t n = 0;

	/* what create says is held back: a misspelt section behind a missing
	 * key ([paring] for [pairing]) is the cause, and is said first
	 * (unless the caller captures already, as --check-plugin --sample) */
	if (held)
		diag_capture_begin();
	slots_creating(1);
	host_guard_step(HOST_STEP_CREATE);
	rc = d->create(&host_table, cfg, state);
	host_guard_step(HOST_STEP_NONE);
	slots_creating(0);
	if (held)
		said = diag_capture_end(&n);
	if (rc != ASSESS_OK && host_create_status(rc) == STATUS_CONFIG)
		config_report_near_misses(cfg);
	say(said, n);
	/* a configuration error no one explained leaves the user nothing to
	 * fix: the plugin's bug, said as such */
	if (rc == ASSESS_ECONFIG && !config_reported() && !refs_failed() &&
	    (!held || n == 0))
		diag("plugin %s: create returned ASSESS_ECONFIG without saying "
		     "what is wrong (a plugin calls host->config_error first)",
		     d->name);

	if (rc == ASSESS_OK && (refs_failed() ||
	                        config_check_unused(cfg) != ASSESS_OK)) {
		host_destroy(d, *state); /* a reference or a key, reported */
		*state = NULL;
		return refs_failed() ? host_create_status(rc) : STATUS_CONFIG;
	}
	if (rc == ASSESS_OK)
		return STATUS_OK;
	status = host_create_status(rc);
	if (status == STATUS_PLUGIN || status == STATUS_NOMEM)
		diag("plugin %s failed to start (%s)", d->name, diag_code(rc));
	return status;
}

int host_describe(const assess_plugin *d, void *state, cJSON *doc)
{
	int rc;

	if (!d->describe)
		return ASSESS_OK;
	host_guard_step(HOST_STEP_DESCRIBE);
	rc = d->describe(state, host_guard_give(doc, NULL));
	host_guard_step(HOST_STEP_NONE);
	return rc;
}

void host_destroy(const assess_plugin *d, void *state)
{
	host_guard_step(HOST_STEP_DESTROY);
	d->destroy(state);
	host_guard_step(HOST_STEP_NONE);
}

/* The record and result services, as the plugin calls them: each takes
 * the plugin's token for the record or result and refuses a stale one
 * (host_guard.h) before the host's own service sees it. */
#define REC(t, call) \
	const assess_record *rec = host_guard_record(t, call)

/* A plugin that declares its fields reads by slot what it declared;
 * reading another field by path is a mistake the host would otherwise
 * only show as every record holding it rejected as unknown.  Said once
 * per call and field. */
static void undeclared(const char *call, const char *path)
{
	size_t len = strcspn(path ? path : "", ".[");
	char what[128];

	if (slots_count() == 0 || !path || host_guard_current() !=
	    HOST_STEP_ASSESS || slots_declares(path, len))
		return;
	snprintf(what, sizeof what, _("reads \"%.*s\", a field it never "
	         "declared: declare it in create (host->declare)"),
	         (int)(len > 40 ? 40 : len), path);
	host_guard_misuse(call, what);
}

#define PATH_REC(t, call, path) \
	REC(t, call); \
	undeclared(call, path)

static const char *host_record_id(const assess_record *t)
{
	REC(t, "record_id");
	return rec ? record_id(rec) : "";
}

static int host_record_type(const assess_record *t, const char *path)
{
	PATH_REC(t, "record_type", path);
	return rec ? record_type(rec, path) : ASSESS_TYPE_MISSING;
}

static int host_record_number(const assess_record *t, const char *path,
                              double *out)
{
	PATH_REC(t, "record_number", path);
	return rec ? record_number(rec, path, out) : ASSESS_EINVAL;
}

static int host_record_bool(const assess_record *t, const char *path,
                            int *out)
{
	PATH_REC(t, "record_bool", path);
	return rec ? record_bool(rec, path, out) : ASSESS_EINVAL;
}

static int host_record_string(const assess_record *t, const char *path,
                              const char **out)
{
	PATH_REC(t, "record_string", path);
	return rec ? record_string(rec, path, out) : ASSESS_EINVAL;
}

static int host_record_count(const assess_record *t, const char *path)
{
	PATH_REC(t, "record_count", path);
	return rec ? record_count(rec, path) : 0;
}

static const char *host_record_key(const assess_record *t, const char *path,
                                   int i)
{
	PATH_REC(t, "record_key", path);
	return rec ? record_key(rec, path, i) : NULL;
}

static const assess_value *host_slot(const assess_record *t, int slot)
{
	REC(t, "slot");
	return rec ? slots_slot(rec, slot) : NULL;
}

static int host_slot_type(const assess_record *t, int slot)
{
	REC(t, "slot_type");
	return rec ? slots_type(rec, slot) : ASSESS_TYPE_MISSING;
}

static int host_slot_number(const assess_record *t, int slot, double *out)
{
	REC(t, "slot_number");
	return rec ? slots_number(rec, slot, out) : ASSESS_EINVAL;
}

static int host_slot_bool(const assess_record *t, int slot, int *out)
{
	REC(t, "slot_bool");
	return rec ? slots_bool(rec, slot, out) : ASSESS_EINVAL;
}

static int host_slot_string(const assess_record *t, int slot,
                            const char **out)
{
	REC(t, "slot_string");
	return rec ? slots_string(rec, slot, out) : ASSESS_EINVAL;
}

static int host_slot_count(const assess_record *t, int slot)
{
	REC(t, "slot_count");
	return rec ? slots_count_of(rec, slot) : 0;
}

/* assess_host.reject on the plugin's token. */
static int host_reject_token(assess_result *t, const char *path,
                             const char *fmt, ...) ASSESS_PRINTF(3, 4);
static int host_reject_token(assess_result *t, const char *path,
                             const char *fmt, ...)
{
	assess_result *res = host_guard_result(t, "reject");
	char msg[1024];
	va_list ap;

	if (!res)
		return ASSESS_EINVAL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	return host_reject(res, path, "%s", msg);
}

/* assess_host.declare, saying what it refused. */
static int host_declare(const char *path, int type, int flags)
{
	int rc = slots_declare(path, type, flags);

	if (rc == ASSESS_EINVAL)
		host_guard_refuse("declare", host_guard_current() ==
		                  HOST_STEP_CREATE
		                  ? _("a path, type or flags not of assess.h, or "
		                      "a second type for a path declared before")
		                  : _("outside create"));
	return rc;
}

/* read_records' callback, given the record as a token for the call. */
struct ref_call {
	int (*fn)(void *arg, const assess_record *rec);
	void *arg;
};

static int ref_one(void *arg, const assess_record *rec)
{
	struct ref_call *c = arg;
	int rc = c->fn(c->arg, host_guard_ref(rec));

	host_guard_ref(NULL);
	return rc;
}

static int host_read_records(const char *path,
                             int (*fn)(void *arg, const assess_record *rec),
                             void *arg)
{
	struct ref_call c = { fn, arg };

	return refs_read(path, ref_one, &c);
}

/* Note a configuration problem the config readers reported (rc). */
static int note_config(int rc)
{
	if ((rc == ASSESS_ETYPE || rc == ASSESS_ERANGE ||
	     rc == ASSESS_ECONFIG) && run_active())
		run_active()->config_reported = 1;
	return rc;
}

static int host_config_number(const assess_config *cfg, const char *section,
                              const char *key, double min, double max,
                              double *out)
{
	return note_config(config_number(cfg, section, key, min, max, out));
}

static int host_config_int(const assess_config *cfg, const char *section,
                           const char *key, long min, long max, long *out)
{
	return note_config(config_int(cfg, section, key, min, max, out));
}

static int host_config_bool(const assess_config *cfg, const char *section,
                            const char *key, int *out)
{
	return note_config(config_bool(cfg, section, key, out));
}

static int host_config_error(const assess_config *cfg, const char *section,
                             const char *key, const char *fmt, ...)
	ASSESS_PRINTF(4, 5);
static int host_config_error(const assess_config *cfg, const char *section,
                             const char *key, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	return note_config(config_error(cfg, section, key, "%s", msg));
}

const assess_host host_table = {
	.size = sizeof(assess_host),
	.abi_version = ASSESS_ABI_VERSION,
	.version = ASSESS_VERSION,
	.log = host_log,
	.config_path = config_path,
	.config_section_count = config_section_count,
	.config_section_name = config_section_name,
	.config_key_count = config_key_count,
	.config_key_name = config_key_name,
	.config_string = config_string,
	.config_number = host_config_number,
	.config_int = host_config_int,
	.config_bool = host_config_bool,
	.config_error = host_config_error,
	.record_id = host_record_id,
	.record_type = host_record_type,
	.record_number = host_record_number,
	.record_bool = host_record_bool,
	.record_string = host_record_string,
	.record_count = host_record_count,
	.record_key = host_record_key,
	.result_node = result_node,
	.reject = host_reject_token,
	.put_number = host_put_number,
	.put_int = host_put_int,
	.put_bool = host_put_bool,
	.put_string = host_put_string,
	.put_null = host_put_null,
	.put_object = host_put_object,
	.put_array = host_put_array,
	.read_records = host_read_records,
	.declare = host_declare,
	.slot = host_slot,
	.slot_type = host_slot_type,
	.slot_number = host_slot_number,
	.slot_bool = host_slot_bool,
	.slot_string = host_slot_string,
	.slot_count = host_slot_count,
	.value_type = slots_value_type,
	.value_number = slots_value_number,
	.value_bool = slots_value_bool,
	.value_string = slots_value_string,
	.value_count = slots_value_count,
	.value_item = slots_value_item,
	.value_member = slots_value_member,
	.result_handle = result_handle,
	.amend = host_guard_amend,
	.put_list = host_put_list,
};
