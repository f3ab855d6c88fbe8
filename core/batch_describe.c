/*
 * batch_describe.c - the describe document (--describe, and what the output
 * writers and the spreadsheet readers learn from it: the scheme's labels),
 * and the column map of spreadsheet inputs built from it (see batch.h).
 */
#include "batch.h"
#include "colmap.h"
#include "diag.h"
#include "host.h"
#include "input.h"
#include "mem.h"
#include "sheetin.h"
#include "slots.h"
#include "record.h"
#include "run.h"
#include "status.h"

int batch_describe(const struct plugin *p, void *state, struct isolate *iso,
                   const char *config, cJSON **out)
{
	cJSON *doc = cJSON_CreateObject();
	int rc;

	*out = NULL;
	if (!doc) {
		diag("out of memory");
		return STATUS_NOMEM;
	}
	cJSON_AddStringToObject(doc, "plugin", p->desc.name);
	cJSON_AddStringToObject(doc, "version", p->desc.version);
	cJSON_AddStringToObject(doc, "description", p->desc.description);
	if (config)
		cJSON_AddStringToObject(doc, "config", config);
	else
		cJSON_AddNullToObject(doc, "config");
	if (iso && isolate_describe(iso, doc) < 0) {
		cJSON_Delete(doc);
		return STATUS_PLUGIN;
	}
	if (!iso && (rc = host_describe(&p->desc, state, doc)) != ASSESS_OK) {
		diag("plugin %s failed to describe itself (%s)",
		     p->desc.name, diag_code(rc));
		cJSON_Delete(doc);
		return STATUS_PLUGIN;
	}
	if (!iso && slots_describe(doc) < 0)
		mem_fail(); /* the input the scheme declared (ABI 1.2) */
	if (mem_exhausted()) {
		diag("out of memory");
		cJSON_Delete(doc);
		return STATUS_NOMEM;
	}
	*out = doc;
	return 0;
}

int batch_sheet_inputs(const struct batch_opts *o, struct input *in,
                       struct sheetin_opts *so, struct colmap **map)
{
	cJSON *doc = NULL;
	char err[1024];
	int rc;

	if (!sheetin_wanted(o->inputs, o->ninputs, o->input_format))
		return 0;
	if ((rc = batch_describe(o->plugin, o->state, o->iso, o->config_path,
	                         &doc)) != 0)
		return rc;
	rc = colmap_new(map, doc, o->columns, err, sizeof err);
	cJSON_Delete(doc);
	if (rc == 0)
		rc = colmap_add_input(*map, o->input_columns, o->skip_columns, err,
		                      sizeof err);
	if (rc == 0 && !(so->skipped = cJSON_CreateArray()))
		rc = -2;
	if (rc < 0 && *map) { /* the caller frees only what it was given */
		colmap_free(*map);
		*map = NULL;
	}
	if (rc < 0) {
		diag("%s", err);
		return rc == -2 ? STATUS_NOMEM : STATUS_CONFIG;
	}
	so->forced = o->input_format;
	so->sheet = o->sheet;
	so->map = *map;
	so->extra_fields = record_extra_policy(o->run->record);
	input_set_sheets(in, so);
	return 0;
}

void batch_sheet_skipped(cJSON *meta, struct sheetin_opts *so)
{
	if (meta && cJSON_GetArraySize(so->skipped) > 0) {
		cJSON_AddItemToObject(meta, "skipped_columns", so->skipped);
		so->skipped = NULL;
	}
	cJSON_Delete(so->skipped);
	so->skipped = NULL;
}
