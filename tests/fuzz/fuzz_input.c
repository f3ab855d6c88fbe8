/*
 * fuzz_input.c - libFuzzer harness for the input reader: any bytes as an
 * input file, every record cut out, parsed and walked by path as the
 * host does, and written back by the result writer, which must print what
 * cJSON prints.  Must never crash, leak or read out of bounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "host.h"
#include "input.h"
#include "validate.h"

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
			record_lookup(NULL, v, "scores.team");
			record_lookup(NULL, v, "history[0].stars");
			record_lookup(NULL, v, "checks.annual.team");
			if (v)
				fuzz_same_as_cjson(v);
			cJSON_Delete(v);
		}
		input_sha256(in, sha);
		input_close(in);
	}
	fuzz_unlink(path);
	return 0;
}
