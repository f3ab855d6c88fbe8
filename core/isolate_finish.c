/*
 * isolate_finish.c - the isolated runner's steps after the batch (see
 * isolate.h): finish and describe, each asked of the child once (iso_ask,
 * isolate.c) and its reply believed only in the shape the protocol gives
 * it (isolate.c): the summary, the references and the amendments the
 * finish step made, or the plugin's description.  Apart from isolate.c,
 * which keeps the child alive while records flow.
 */
#include "isolate_impl.h"
#include "amend.h"
#include "diag.h"
#include "run.h"

#include <errno.h>

int isolate_finish(struct isolate *iso, cJSON **summary, cJSON **refs)
{
	char *s = cJSON_PrintUnformatted(*summary), why[128];
	const cJSON *failed;
	cJSON *msg, *got;
	int rc;

	*refs = NULL;
	if (!s)
		return -1;
	rc = iso_ask(iso, 'F', s, &msg, why, sizeof why);
	cJSON_free(s);
	if (rc < 0) {
		if (rc == -1)
			diag("plugin %s %s in its finish step: nothing written",
			     iso->p->desc.name, why);
		return -1;
	}
	got = cJSON_DetachItemFromObjectCaseSensitive(msg, "summary");
	failed = cJSON_GetObjectItemCaseSensitive(msg, "finish");
	if (cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
	        msg, "amend_failed")) == EFBIG) {
		diag("plugin %s added 16 MB or more to one result in its finish "
		     "step: nothing written", iso->p->desc.name);
		cJSON_Delete(got);
		cJSON_Delete(msg);
		return -1;
	}
	if (failed || !cJSON_IsObject(got)) {
		diag("plugin %s failed in its finish step (%s): nothing written",
		     iso->p->desc.name, diag_code(cJSON_IsNumber(failed)
		                                  ? failed->valueint
		                                  : ASSESS_EPLUGIN));
		cJSON_Delete(got);
		cJSON_Delete(msg);
		return -1;
	}
	/* only what this child's finish amended */
	amend_free(run_active() ? run_active()->amend : NULL);
	if (cJSON_GetObjectItemCaseSensitive(msg, "amend") &&
	    amend_import(cJSON_GetObjectItemCaseSensitive(msg, "amend")) < 0) {
		diag("plugin %s: its amendments came back garbled: nothing "
		     "written", iso->p->desc.name);
		cJSON_Delete(got);
		cJSON_Delete(msg);
		return -1;
	}
	*refs = cJSON_DetachItemFromObjectCaseSensitive(msg, "references");
	cJSON_Delete(*summary);
	*summary = got;
	cJSON_Delete(msg);
	return 0;
}

int isolate_describe(struct isolate *iso, cJSON *doc)
{
	char why[128];
	const cJSON *failed;
	cJSON *msg, *got;

	if (iso_ask(iso, 'D', "", &msg, why, sizeof why) < 0) {
		/* describe comes before any record: nothing to bring back */
		diag("plugin %s %s while describing itself", iso->p->desc.name,
		     why);
		return -1;
	}
	got = cJSON_GetObjectItemCaseSensitive(msg, "doc");
	failed = cJSON_GetObjectItemCaseSensitive(msg, "describe");
	if (failed || !cJSON_IsObject(got)) {
		diag("plugin %s failed to describe itself (%s)", iso->p->desc.name,
		     diag_code(cJSON_IsNumber(failed) ? failed->valueint
		                                      : ASSESS_EPLUGIN));
		cJSON_Delete(msg);
		return -1;
	}
	/* what the plugin wrote follows the host's members */
	iso_move_members(got, got->child, doc);
	cJSON_Delete(msg);
	return 0;
}
