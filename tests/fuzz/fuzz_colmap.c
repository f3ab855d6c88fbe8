/*
 * fuzz_colmap.c - libFuzzer harness for the header matcher (core/colmap*.c):
 * any bytes as a spreadsheet header, matched against the names of a star
 * scheme with periods, vetoes and declared fields, and (after the first
 * line break) as [input] columns and skip_columns lists.  Must never
 * crash, leak or read out of bounds; a header found gives a dotted path
 * with no empty part, and a near miss names a header that is itself
 * known, so that the fix a message gives works.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colmap.h"
#include "fuzz.h"

static const char describe[] =
	"{\"items\":[{\"key\":\"self_building\",\"label\":\"自身建设\"},"
	"{\"key\":\"team\",\"label\":\"班子建设\"},"
	"{\"key\":\"democracy_culture\",\"label\":\"民主管理与文化建设\"}],"
	"\"periods\":{\"daily\":0.3,\"half_year\":0.3,\"annual\":0.4},"
	"\"stars\":[],\"vetoes\":{\"team_disunity\":\"班子不团结\"},"
	"\"input\":[{\"path\":\"indicators.report_rate\"}]}";

/* Whether path is dotted keys, none empty. */
static int well_formed(const char *path)
{
	size_t n = strlen(path);

	return n && path[0] != '.' && path[n - 1] != '.' && !strstr(path, "..");
}

static void check(const struct colmap *m, const char *header)
{
	char path[512], near[2048], again[512];
	enum colmap_type type;
	int rc = colmap_resolve(m, header, path, sizeof path, &type);

	if (rc == 0 && !well_formed(path)) {
		fprintf(stderr, "header \"%s\": path \"%s\"\n", header, path);
		abort();
	}
	if (rc < 0 && colmap_near(m, header, near, sizeof near) &&
	    strlen(near) < 400 &&
	    colmap_resolve(m, near, again, sizeof again, &type) != 0) {
		fprintf(stderr, "header \"%s\": near \"%s\", itself unknown\n",
		        header, near);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *doc = cJSON_Parse(describe);
	struct colmap *m = NULL;
	char *text = malloc(size + 1), *nl, err[1024], *known;

	if (!doc || !text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (colmap_new(&m, doc, NULL, err, sizeof err) < 0)
		abort();
	if ((nl = strchr(text, '\n'))) {
		/* the rest: [input] columns, then (after a tab) skip_columns */
		char *tab = strchr(nl + 1, '\t');
		*nl = '\0';
		if (tab)
			*tab = '\0';
		if (colmap_add_input(m, nl + 1, tab ? tab + 1 : NULL, err,
		                     sizeof err) == -2)
			abort();
	}
	check(m, text);
	if (!(known = colmap_known(m)))
		abort();
	free(known);
	colmap_free(m);
	cJSON_Delete(doc);
	free(text);
	return 0;
}
