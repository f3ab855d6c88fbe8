/*
 * fuzz_input.c - libFuzzer harness for the input reader: any bytes as an
 * input file, every record cut out, parsed and walked by path as the
 * host does, and written back by the result writer, which must print what
 * cJSON prints.  Must never crash, leak or read out of bounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "host.h"
#include "input.h"
#include "jsonw.h"
#include "validate.h"

/* The writer's text of v must be cJSON's, byte for byte. */
static void same_as_cjson(const cJSON *v)
{
	char *want = cJSON_PrintUnformatted(v), *got = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&got, &n);

	if (!fp)
		abort();
	if (jsonw_write(fp, v) != 0 || fclose(fp) != 0 || !want ||
	    strcmp(want, got) != 0) {
		fprintf(stderr, "writer: %.200s\ncJSON:  %.200s\n", got,
		        want ? want : "(null)");
		abort();
	}
	free(got);
	cJSON_free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_file(data, size), *paths[1];
	struct input *in;
	struct input_rec r;
	char err[1024], sha[65];

	paths[0] = path;
	if (input_open(&in, paths, 1, err, sizeof err) == 0) {
		while (input_next(in, &r, err, sizeof err) > 0) {
			char dup[64];
			cJSON *v = utf8_invalid_at(r.text, r.len) < 0
			           ? cJSON_ParseWithLength(r.text, r.len) : NULL;
			json_duplicate_key(v, dup, sizeof dup);
			host_lookup(v, "scores.team");
			host_lookup(v, "history[0].stars");
			host_lookup(v, "checks.annual.team");
			if (v)
				same_as_cjson(v);
			cJSON_Delete(v);
		}
		input_sha256(in, sha);
		input_close(in);
	}
	fuzz_unlink(path);
	return 0;
}
