/*
 * fuzz_assess.c - libFuzzer harness for a plugin's assess and finish
 * steps: the input is NDJSON; each line that parses as an object is
 * assessed as a record (as the batch would, after its own checks), then
 * the finish step runs over them all, and every result and the summary
 * are written as the batch would write them.  The shipped config is loaded
 * once.
 * Built once per shipped plugin (FUZZ_PLUGIN, FUZZ_CONFIG).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"
#include FUZZ_PLUGIN /* the plugin under test, compiled in */
#include "host.h"
#include "refs.h"

static assess_config *cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const assess_plugin *p = ASSESS_ENTRY();
	char err[1024], *text = malloc(size + 1), *line, *save = NULL;
	void *state = NULL;
	long n = 0;

	if (!cfg && config_load(FUZZ_CONFIG, &cfg, err, sizeof err) != 0)
		abort();
	if (!text || p->create(&host_table, cfg, &state) != ASSESS_OK)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		cJSON *root = cJSON_Parse(line);
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
		assess_record rec;
		assess_result res = { 0 };

		if (!cJSON_IsObject(root) || !cJSON_IsString(id)) {
			cJSON_Delete(root);
			continue;
		}
		rec.root = root;
		rec.id = id->valuestring;
		res.root = cJSON_CreateObject();
		res.file = "fuzz";
		res.line = ++n;
		res.id = rec.id;
		host_set_current(&res);
		p->assess(state, &rec, &res);
		host_set_current(NULL);
		fuzz_same_as_cjson(res.root); /* what the plugin computed, too */
		cJSON_Delete(res.root);
		cJSON_Delete(res.errors);
		cJSON_Delete(root);
	}
	{
		cJSON *summary = cJSON_CreateObject();
		if (p->finish)
			p->finish(state, (assess_node *)summary);
		fuzz_same_as_cjson(summary);
		cJSON_Delete(summary);
	}
	p->destroy(state);
	refs_reset();
	free(text);
	return 0;
}
