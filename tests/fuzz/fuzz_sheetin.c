/*
 * fuzz_sheetin.c - libFuzzer harness for the spreadsheet readers: any
 * bytes as a CSV file (FUZZ_SHEET=SHEETIN_CSV) or an xlsx workbook
 * (SHEETIN_XLSX), read with the header names of a star scheme.  Must never
 * crash, leak or read out of bounds, and every record handed on that is
 * UTF-8 must be one JSON object that cJSON parses whole, with JSON's own
 * number syntax and no key named twice (a NUL in a cell, written
 * \u0000, is the one thing the host may refuse, rejecting that row): the
 * record pipeline takes the reader's text as it takes a JSON record's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colmap.h"
#include "fuzz.h"
#include "input.h"
#include "sheetin.h"
#include "validate.h"

#ifndef FUZZ_SHEET
#define FUZZ_SHEET SHEETIN_CSV
#endif

static const char describe[] =
	"{\"items\":[{\"key\":\"self_building\",\"label\":\"自身建设\"},"
	"{\"key\":\"team\",\"label\":\"班子建设\"}],"
	"\"vetoes\":{\"team_disunity\":\"班子不团结\"}}";

static void check(const struct input_rec *r)
{
	const char *end = NULL, *why;
	size_t toklen;
	char dup[128];
	cJSON *v;

	if (r->oversize || utf8_invalid_at(r->text, r->len) >= 0)
		return;
	v = cJSON_ParseWithLengthOpts(r->text, r->len, &end, 0);
	if (!v || !cJSON_IsObject(v) || end != r->text + r->len ||
	    (json_lexical_check(r->text, r->len, &why, &toklen) >= 0 &&
	     !strstr(r->text, "\\u0000")) ||
	    json_duplicate_key(v, dup, sizeof dup) != 0) {
		fprintf(stderr, "row %ld: not one JSON object: %.*s\n", r->line,
		        (int)r->len, r->text);
		abort();
	}
	sheetin_column(r->row, "scores.team");
	sheetin_column(r->row, "vetoes[0]");
	sheetin_column(r->row, "history[0].stars");
	sheetin_column(r->row, "history[1]");
	cJSON_Delete(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_file(data, size), *paths[1];
	cJSON *doc = cJSON_Parse(describe);
	struct colmap *map = NULL;
	struct sheetin_node *plans = NULL;
	struct sheetin_opts so = { FUZZ_SHEET, NULL, NULL, NULL, &plans, 0 };
	struct input *in;
	struct input_rec r;
	char err[1024], sha[65];

	paths[0] = path;
	if (colmap_new(&map, doc, NULL, err, sizeof err) < 0)
		abort();
	so.map = map;
	if (input_open(&in, paths, 1, err, sizeof err) == 0) {
		input_set_sheets(in, &so);
		input_set_limit(in, 1 << 16);
		while (input_next(in, &r, err, sizeof err) > 0)
			check(&r);
		input_sha256(in, sha);
		input_close(in);
	}
	sheetin_plans_free(&plans);
	colmap_free(map);
	cJSON_Delete(doc);
	fuzz_unlink(path);
	return 0;
}
