/*
 * fuzz_assess.c - libFuzzer harness for a plugin's assess and finish
 * steps: the input is NDJSON; each line that parses as an object is
 * assessed as a record (as the batch would, after its own checks), then
 * the finish step runs over them all, and every result and the summary
 * are written as the batch would write them.  The shipped config is loaded
 * once.  ABI 1.2 as the batch runs it: the plugin's declarations, the
 * host's check of declared fields and the reads by slot and iterator,
 * and the amendments of finish merged into the spooled results, each
 * merged line still one JSON object; each record's trees cut from the
 * record arena (mem.h), as in-process batches do, so that a tree kept
 * past its record is caught; the summary's lists kept as text
 * (put_list), the summary still one JSON object.
 * Built once per shipped plugin (FUZZ_PLUGIN, FUZZ_CONFIG).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "amend.h"
#include "config.h"
#include "fuzz.h"
#include FUZZ_PLUGIN /* the plugin under test, compiled in */
#include "host.h"
#include "host_guard.h"
#include "jsonw.h"
#include "mem.h"
#include "refs.h"
#include "run.h"
#include "slots.h"
#include "verdict.h"

/* Every line of the spool, after the merge, one JSON object. */
static void check_spool(FILE *spool, long lines)
{
	char *line = NULL;
	size_t cap = 0;
	long n = 0;

	rewind(spool);
	while (getline(&line, &cap, spool) > 0) {
		cJSON *o = cJSON_Parse(line);
		if (!cJSON_IsObject(o))
			abort();
		cJSON_Delete(o);
		n++;
	}
	if (n != lines)
		abort();
	free(line);
}

static assess_config *cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const assess_plugin *p = ASSESS_ENTRY();
	struct run ctx; /* one input is one run */
	struct record_state records;
	struct slots slots;
	struct amend amends = { 0 };
	struct host_guard guard = { 0 };
	char err[1024], *text = malloc(size + 1), *line, *save = NULL;
	void *state = NULL;
	long n = 0;
	FILE *spool = tmpfile();
	int rc;

	if (!cfg) {
		mem_init();
		mem_arena_init(0);
		if (config_load(FUZZ_CONFIG, &cfg, err, sizeof err) != 0)
			abort();
	}
	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	ctx.amend = &amends;
	ctx.guard = &guard;
	slots_creating(1);
	rc = text && spool ? p->create(&host_table, cfg, &state) : ASSESS_ENOMEM;
	slots_creating(0);
	if (rc != ASSESS_OK)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		cJSON *root;
		mem_arena_begin();
		root = cJSON_Parse(line);
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
		assess_record rec;
		assess_result res = { 0 };

		if (!cJSON_IsObject(root) || !cJSON_IsString(id)) {
			cJSON_Delete(root);
			mem_arena_end();
			continue;
		}
		rec.root = root;
		rec.id = id->valuestring;
		rec.run = res.run = &ctx;
		res.root = cJSON_CreateObject();
		res.file = "fuzz";
		res.line = ++n;
		res.index = n; /* the result's handle: its line in the spool */
		res.id = rec.id;
		verdict_call(p, state, &rec, &res);
		fuzz_same_as_cjson(res.root); /* what the plugin computed, too */
		if (jsonw_write(spool, res.root) < 0 || putc('\n', spool) == EOF)
			abort();
		cJSON_Delete(res.root);
		cJSON_Delete(res.errors);
		cJSON_Delete(root);
		mem_arena_end();
	}
	{
		cJSON *summary = cJSON_CreateObject(), *back;
		char *said;
		host_lists_as_text(1);
		host_finish(p, state, summary);
		host_lists_as_text(0);
		fuzz_same_as_cjson(summary);
		said = cJSON_PrintUnformatted(summary);
		back = said ? cJSON_Parse(said) : NULL;
		if (said && !cJSON_IsObject(back))
			abort(); /* a list's text broke the summary */
		cJSON_Delete(back);
		cJSON_free(said);
		cJSON_Delete(summary);
	}
	if (amend_apply(&spool) < 0)
		abort();
	check_spool(spool, n);
	fclose(spool);
	p->destroy(state);
	refs_reset();
	amend_free(&amends);
	run_end(&ctx);
	host_guard_free(&guard);
	slots_free(&slots);
	record_state_free(&records);
	free(text);
	return 0;
}
