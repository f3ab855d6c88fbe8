/*
 * history_run.c - the history a run is given (--history FILE,
 * --history-from TARGET), gathered before the first record (see
 * history.h).
 */
#include "history.h"
#include "archive/archive.h"
#include "diag.h"
#include "status.h"

#include <string.h>

/* Whether the plugin's describe document lists "history" among the
 * fields it reads. */
static int reads_history(const cJSON *describe)
{
	const cJSON *f, *p;

	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(describe,
	                                                        "input")) {
		p = cJSON_GetObjectItemCaseSensitive(f, "path");
		if (cJSON_IsString(p) && strcmp(p->valuestring, "history") == 0)
			return 1;
	}
	return 0;
}

int history_for_run(struct history **out, const char *plugin,
                    const cJSON *describe, char *const *files, int nfiles,
                    const char *from, const char *scheme,
                    char *const *compat, int ncompat, long wait, int trends)
{
	struct history *h;
	char err[1024];
	int i;

	*out = NULL;
	if (nfiles == 0 && !from && (!trends || !reads_history(describe)))
		return 0;
	if (!reads_history(describe)) {
		diag("plugin %s reads no history: %s cannot be given to it", plugin,
		     nfiles ? "--history" : "--history-from");
		return STATUS_USAGE;
	}
	if (!(h = history_new(plugin, compat, ncompat)) ||
	    (trends && history_keep_typed(h) < 0)) {
		history_free(h);
		diag("out of memory");
		return STATUS_NOMEM;
	}
	for (i = 0; i < nfiles; i++)
		if (history_load_file(h, files[i], err, sizeof err) < 0) {
			diag("%s", err);
			history_free(h);
			return STATUS_INPUT;
		}
	if (from && archive_history(from, wait, scheme, h) < 0) {
		history_free(h);
		return STATUS_USAGE;
	}
	*out = h;
	return 0;
}
