/*
 * check.c - assess --check-plugin: what a plugin author runs before
 * shipping.  Loads the plugin, checks its descriptor, then runs it on an
 * empty batch, a batch of one, and hostile records (missing and mistyped
 * fields, huge values, deep nesting, long strings), each in a child process
 * with a time limit, so that a crash or a hang is reported, not suffered.
 *
 * What each run must do: never crash, finish within the time limit, write
 * nothing to stdout (that is the output's), assess each record or reject it
 * with a reason, and give the same result twice for the same record.
 *
 * The records the checker makes up are shaped like the bundled schemes'
 * (scores named by describe).  A plugin whose records look different
 * rejects them all, so its scoring path never runs: --sample FILE gives the
 * author's own records, which then take the place of the made-up ones in
 * every check, and run through the real batch (in-process and isolated,
 * with and without finish, twice, and reversed when the plugin claims
 * order independence).
 */
#include "check_impl.h"
#include "lang.h"
#include "writer.h"
#include "run.h"
#include "status.h"
#include "config.h"
#include "diag.h"
#include "isolate.h"
#include "host_guard.h"
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
/* The sanitizer runtime's own interface (sanitizer/allocator_interface.h,
 * which gcc does not install): the bytes its allocator has handed out
 * and not had back. */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* The memory check: records assessed before measuring (the plugin's and
 * the allocator's first growth), records measured (fewer under valgrind,
 * fifty times slower, where the heap is counted to the byte), and the
 * growth a record that fails it. */
#define LEAK_WARMUP 200
#define LEAK_RECORDS (RUNNING_ON_VALGRIND ? 1000 : 10000)
#define LEAK_PER_RECORD 1024


/* A record for the scheme: the keys its describe output names under
 * "criteria" or "items", scored at 90% of their maximum, so that a batch of
 * one has a chance to pass.  Caller frees. */
static cJSON *plausible(const struct checker *c, const char *id)
{
	cJSON *rec, *scores;
	const cJSON *el;

	if (c->nrecs) {
		/* the author's own: sample record 1 or 2, under the asked id */
		rec = cJSON_Duplicate(c->recs[c->nrecs > 1 &&
		                              strcmp(id, "check-2") == 0], 1);
		if (rec)
			cJSON_ReplaceItemInObject(rec, "id", cJSON_CreateString(id));
		return rec;
	}
	rec = cJSON_CreateObject();
	scores = cJSON_CreateObject();

	cJSON_AddStringToObject(rec, "id", id);
	cJSON_AddStringToObject(rec, "name", "检查用组织");
	cJSON_AddStringToObject(rec, "parent", "check-parent");
	cJSON_AddStringToObject(rec, "period", "2025");
	cJSON_ArrayForEach(el, writer_criteria(c->describe)) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(el, "key");
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(el, "max");
		if (cJSON_IsString(k) && cJSON_IsNumber(m))
			cJSON_AddNumberToObject(scores, k->valuestring,
			                        m->valuedouble * 0.9);
	}
	cJSON_AddItemToObject(rec, "scores", scores);
	return rec;
}

/* Hostile variants of a plausible record: name and a JSON text.  Every one
 * keeps a valid id and name, as the host does before a plugin sees it. */
static const char *const hostile[][2] = {
	{ N_("no scores, no indicators, no checks"),
	  "{\"id\":\"h\",\"name\":\"n\"}" },
	{ N_("scores is a string"), "{\"id\":\"h\",\"name\":\"n\",\"scores\":\"90\"}" },
	{ N_("scores is an array"), "{\"id\":\"h\",\"name\":\"n\",\"scores\":[1,2]}" },
	{ N_("every score a string"), "@strings" },
	{ N_("every score null"), "@nulls" },
	{ N_("every score negative"), "@negative" },
	{ N_("every score huge"), "@huge" },
	{ N_("every score above 1e308"), "@overflow" },
	{ N_("indicators, checks, vetoes and history of the wrong types"),
	  "{\"id\":\"h\",\"name\":\"n\",\"indicators\":[1],\"checks\":\"x\","
	  "\"vetoes\":{\"a\":1},\"history\":\"2024\"}" },
	{ N_("history entries malformed"),
	  "{\"id\":\"h\",\"name\":\"n\",\"history\":[1,{\"period\":2024},"
	  "{\"stars\":\"five\"},{\"period\":\"2024\",\"stars\":-7},null]}" },
	{ N_("vetoes unknown and mistyped"),
	  "{\"id\":\"h\",\"name\":\"n\",\"vetoes\":[\"no_such_veto\",7,null]}" },
	{ N_("deeply nested values"), "@deep" },
	{ N_("a one-megabyte name"), "@long" },
	{ N_("an unexpected member"),
	  "{\"id\":\"h\",\"name\":\"n\",\"boom\":[1]}" },
	{ N_("keys with dots and brackets"),
	  "{\"id\":\"h\",\"name\":\"n\",\"scores\":{\"a.b\":1,\"[0]\":2,\"\":3}}" },
};

/* A hostile value in place of the number v, by the variant what. */
static cJSON *hostile_value(const char *what, double v)
{
	if (strcmp(what, "@strings") == 0)
		return cJSON_CreateString("12");
	if (strcmp(what, "@nulls") == 0)
		return cJSON_CreateNull();
	if (strcmp(what, "@negative") == 0)
		return cJSON_CreateNumber(-v - 1);
	if (strcmp(what, "@huge") == 0)
		return cJSON_CreateNumber(1e300);
	return cJSON_CreateRaw("1e999");
}

/* Replace every number under node (a sample record's own fields, however
 * they are shaped) by a hostile value. */
static void spoil_numbers(cJSON *node, const char *what)
{
	cJSON *el, *next;

	for (el = node ? node->child : NULL; el; el = next) {
		next = el->next;
		if (cJSON_IsNumber(el)) {
			cJSON *v = hostile_value(what, el->valuedouble);
			if (v)
				cJSON_ReplaceItemViaPointer(node, el, v);
		} else {
			spoil_numbers(el, what);
		}
	}
}

static char *hostile_text(const struct checker *c, const char *what)
{
	cJSON *rec, *scores, *s;
	char *text;

	if (what[0] != '@')
		return strdup(what);
	rec = plausible(c, "h");
	if (!rec)
		return NULL;
	scores = cJSON_GetObjectItemCaseSensitive(rec, "scores");
	if (strcmp(what, "@deep") == 0) {
		cJSON *deep = cJSON_CreateArray(), *cur = deep;
		int i;
		for (i = 0; i < 500; i++) {
			cJSON *next = cJSON_CreateArray();
			cJSON_AddItemToArray(cur, next);
			cur = next;
		}
		cJSON_AddItemToObject(rec, "indicators", deep);
	} else if (strcmp(what, "@long") == 0) {
		char *big = malloc(1 << 20);
		if (big) {
			memset(big, 'x', (1 << 20) - 1);
			big[(1 << 20) - 1] = '\0';
			cJSON_ReplaceItemInObject(rec, "name", cJSON_CreateString(big));
			free(big);
		}
	} else if (c->nrecs) {
		spoil_numbers(rec, what);
	} else {
		/* the same keys, every value replaced */
		cJSON *fresh = cJSON_CreateObject();
		cJSON_ArrayForEach(s, scores)
			cJSON_AddItemToObject(fresh, s->string,
			                      hostile_value(what, s->valuedouble));
		cJSON_ReplaceItemInObject(rec, "scores", fresh);
	}
	text = cJSON_PrintUnformatted(rec);
	cJSON_Delete(rec);
	return text;
}

/* In a child: when the host refused any call of the plugin, or saw it
 * misuse one, "!" and the first such line to out, and exit 2. */
static void refusals(int out)
{
	const char *first;

	if (host_guard_refusals(&first)) {
		dprintf(out, "!%s\n", first);
		_exit(2);
	}
}

/* In a child: the last line of what the host said (without "assess: "),
 * or fallback, to out after "!"; then exit 2. */
static void fail_saying(int out, char *said, size_t n, const char *fallback)
{
	char *last;

	while (said && n && said[n - 1] == '\n')
		said[--n] = '\0';
	last = said ? strrchr(said, '\n') : NULL;
	last = last ? last + 1 : said;
	if (last && strncmp(last, "assess: ", 8) == 0)
		last += 8;
	dprintf(out, "!%s\n", last && *last ? last : fallback);
	free(said);
	_exit(2);
}

/* In the child: create; with arg, describe; destroy.  Writes describe's
 * document ({} without arg) to out and exits 0, or "!why" and exits 2. */
static void child_create(const struct checker *c, void *arg, int out)
{
	const assess_plugin *d = &c->p->desc;
	void *state = NULL;
	cJSON *doc;
	char *said, *text, msg[128];
	size_t n;
	int rc;

	diag_capture_begin();
	rc = host_create(d, c->cfg, &state);
	said = diag_capture_end(&n);
	if (rc != STATUS_OK) {
		snprintf(msg, sizeof msg, _("create failed (exit status %d)"), rc);
		fail_saying(out, said, n, msg);
	}
	free(said);
	doc = cJSON_CreateObject();
	rc = arg ? host_describe(d, state, doc) : ASSESS_OK;
	host_destroy(d, state);
	text = rc == ASSESS_OK ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	if (rc != ASSESS_OK) {
		dprintf(out, "!%s\n", diag_code(rc));
		_exit(2);
	}
	refusals(out);
	if (!text)
		_exit(2);
	dprintf(out, "%s\n", text);
	cJSON_free(text);
	_exit(0);
}

/* In the child: create, assess each record text (NULL-terminated list),
 * finish, destroy.  Writes the results (one JSON line each) to fd out, and
 * exits 0, or writes "!what went wrong" there and exits 2. */
static void child_run(const struct checker *c, void *arg, int out)
{
	char **texts = arg;
	const assess_plugin *d = &c->p->desc;
	void *state = NULL;
	cJSON *summary;
	int i, rc;

	if ((rc = host_create(d, c->cfg, &state)) != STATUS_OK) {
		char msg[128];
		snprintf(msg, sizeof msg, _("create failed (exit status %d)"), rc);
		dprintf(out, "!%s\n", msg);
		_exit(2);
	}
	/* the made-up records carry every bundled scheme's fields; a
	 * scheme reads only its own (the author's --sample runs under the
	 * config's own [input] extra_fields) */
	record_set_extra_fields(run_active()->record,
	                        RECORD_EXTRA_IGNORE);
	for (i = 0; texts[i]; i++) {
		assess_result res = { 0 };
		assess_record rec;
		cJSON *root = cJSON_Parse(texts[i]);
		char *line;

		/* the record as a real run hands it over: the host's members
		 * first and protected, the same call */
		res.root = cJSON_CreateObject();
		res.file = "check";
		res.line = i + 1;
		res.index = i + 1;
		rec.root = root;
		rec.run = res.run = run_active();
		rec.id = verdict_fixed(&res, root);
		rc = res.errors ? ASSESS_EREJECT
		                : verdict_call(d, state, &rec, &res);
		if (rc != ASSESS_OK && rc != ASSESS_EREJECT) {
			/* in the words of a run, which rejects the record so */
			dprintf(out, "!");
			dprintf(out, _("plugin %s failed on this record (%s)"),
			        d->name, diag_code(rc));
			dprintf(out, "\n");
			_exit(2);
		}
		if (rc == ASSESS_EREJECT && !res.errors) {
			dprintf(out, "!%s\n", _("assess rejected a record without "
			        "saying why (call host->reject)"));
			_exit(2);
		}
		if (rc == ASSESS_OK && res.errors) {
			dprintf(out, "!%s\n", _("assess called host->reject but "
			        "returned ASSESS_OK"));
			_exit(2);
		}
		verdict_settle(d, &rec, &res, rc);
		if (res.errors)
			cJSON_AddItemToObject(res.root, "errors", res.errors);
		line = cJSON_PrintUnformatted(res.root);
		if (line) {
			dprintf(out, "%s\n", line);
			cJSON_free(line);
		}
		cJSON_Delete(res.root);
		cJSON_Delete(root);
	}
	summary = cJSON_CreateObject();
	if ((rc = host_finish(d, state, summary)) != ASSESS_OK) {
		char msg[128];
		snprintf(msg, sizeof msg, _("finish returned %s"), diag_code(rc));
		dprintf(out, "!%s\n", msg);
		cJSON_Delete(summary); /* what finish put there, freed */
		_exit(2);
	}
	cJSON_Delete(summary);
	host_destroy(d, state);
	refusals(out);
	_exit(0);
}

/* The process's memory in bytes: its resident set; where freed memory
 * stays resident a while (AddressSanitizer's quarantine, valgrind's
 * freed-blocks queue), the bytes of the heap in use. */
static long long memory_now(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return (long long)__sanitizer_get_current_allocated_bytes();
#else
	long long size = 0, resident = 0;
	FILE *f;

#if defined(VALGRIND_COUNT_LEAKS)
	if (RUNNING_ON_VALGRIND) {
		unsigned long lost = 0, dubious = 0, reachable = 0, hidden = 0;
		VALGRIND_DO_QUICK_LEAK_CHECK;
		VALGRIND_COUNT_LEAKS(lost, dubious, reachable, hidden);
		return (long long)(lost + dubious + reachable + hidden);
	}
#endif
	f = fopen("/proc/self/statm", "r");

	if (f && fscanf(f, "%lld %lld", &size, &resident) != 2)
		resident = 0;
	if (f)
		fclose(f);
	return resident * sysconf(_SC_PAGESIZE);
#endif
}

/* In the child: create, then the record text arg assessed LEAK_WARMUP
 * times and LEAK_RECORDS times more, each under an id of its own; writes
 * how much memory grew over the second part, and exits 0. */
static void child_leak(const struct checker *c, void *arg, int out)
{
	const assess_plugin *d = &c->p->desc;
	void *state = NULL;
	long long before = 0;
	int i;

	if (host_create(d, c->cfg, &state) != STATUS_OK)
		_exit(2);
	/* as child_run */
	record_set_extra_fields(run_active()->record,
	                        RECORD_EXTRA_IGNORE);
	for (i = 0; i < LEAK_WARMUP + LEAK_RECORDS; i++) {
		assess_result res = { 0 };
		assess_record rec;
		cJSON *root = cJSON_Parse(arg);
		char id[32];
		int rc;

		if (i == LEAK_WARMUP)
			before = memory_now();
		snprintf(id, sizeof id, "leak-%d", i);
		if (root)
			cJSON_ReplaceItemInObject(root, "id", cJSON_CreateString(id));
		res.root = cJSON_CreateObject();
		res.file = "check";
		res.line = res.index = i + 1;
		rec.root = root;
		rec.run = res.run = run_active();
		rec.id = verdict_fixed(&res, root);
		rc = res.errors ? ASSESS_EREJECT
		                : verdict_call(d, state, &rec, &res);
		verdict_settle(d, &rec, &res, rc);
		cJSON_Delete(res.root);
		cJSON_Delete(res.errors);
		cJSON_Delete(root);
	}
	dprintf(out, "%lld\n", memory_now() - before);
	_exit(0);
}

/* Whether the memory of a run grows with its records: more than
 * LEAK_PER_RECORD bytes a record over LEAK_RECORDS is a leak, which a
 * batch of a million records would turn into gigabytes. */
static void check_memory(struct checker *c, const char *text)
{
	char why[256], *grew = NULL;
	char *arg = (char *)text;
	long long per;
	int ok;

	ok = check_run_child(c, child_leak, arg, &grew, why, sizeof why) == 0;
	if (ok) {
		per = strtoll(grew, NULL, 10) / LEAK_RECORDS;
		ok = per <= LEAK_PER_RECORD;
		snprintf(why, sizeof why, _("grew by %lld bytes a record over %d "
		         "records (at most %d): the plugin keeps what it should "
		         "free, or more than finish needs"), per, LEAK_RECORDS,
		         LEAK_PER_RECORD);
	}
	check_report(c, _("memory kept per record"), ok, why);
	free(grew);
}

void check_report(struct checker *c, const char *what, int ok,
                   const char *why)
{
	if (ok) {
		printf("ok   %s\n", what);
		c->passed++;
	} else {
		printf("FAIL %s: %s\n", what, why);
		c->failed++;
	}
}

static void check_descriptor(struct checker *c)
{
	const assess_plugin *d = &c->p->desc;
	char why[256] = "";

	if (!*d->version)
		snprintf(why, sizeof why, "%s", _("version is empty"));
	else if (!*d->description)
		snprintf(why, sizeof why, "%s", _("description is empty"));
	else if (d->size > sizeof(assess_plugin))
		snprintf(why, sizeof why, _("descriptor is %zu bytes, newer than "
		         "this assess (%zu): fine, but only the first %zu are read"),
		         d->size, sizeof(assess_plugin), sizeof(assess_plugin));
	check_report(c, _("descriptor: name, version, description, callbacks"),
	             !*why, why);
}

/* create and destroy, each in a child as every step that runs plugin
 * code: 0 when they went well. */
static int check_create(struct checker *c)
{
	char why[256], *doc = NULL;
	int ok = check_run_child(c, child_create, NULL, &doc, why,
	                         sizeof why) == 0;

	check_report(c, _("create with the config"), ok, why);
	free(doc);
	return ok ? 0 : -1;
}

static void check_describe(struct checker *c)
{
	char why[256], *doc = NULL;
	int ok;

	if (!c->p->desc.describe) {
		printf("skip %s\n", _("describe: the plugin has none (optional)"));
		return;
	}
	ok = check_run_child(c, child_create, c, &doc, why, sizeof why) == 0;
	check_report(c, _("describe"), ok, why);
	if (ok)
		c->describe = cJSON_Parse(doc);
	free(doc);
}

/* Count the result lines of a run that are not rejections. */
static int count_accepted(const char *lines)
{
	int n = 0;

	for (; lines && *lines; lines = strchr(lines, '\n') + 1) {
		cJSON *r = cJSON_Parse(lines);
		n += r && !cJSON_GetObjectItemCaseSensitive(r, "errors");
		cJSON_Delete(r);
		if (!strchr(lines, '\n'))
			break;
	}
	return n;
}

static void check_batch(struct checker *c, const char *what, char **texts,
                        int twice)
{
	char why[256], *a = NULL, *b = NULL;
	int ok = check_run_child(c, child_run, texts, &a, why, sizeof why) == 0;

	if (ok && texts[0])
		c->accepted += count_accepted(a);
	if (ok && twice) {
		ok = check_run_child(c, child_run, texts, &b, why, sizeof why) == 0;
		if (ok && strcmp(a, b) != 0) {
			ok = 0;
			snprintf(why, sizeof why, "%s", _("the same records gave "
			         "different results on a second run"));
		}
	}
	check_report(c, what, ok, why);
	free(a);
	free(b);
}

int check_plugin(const struct plugin *p, assess_config *cfg, int timeout,
                 const char *sample)
{
	struct checker c = { p, cfg, 0, 0, timeout, NULL, sample, NULL, 0, 0 };
	char *texts[4] = { NULL }, **stexts = NULL;
	size_t i, nstexts = 0;
	int rc;

	if (sample && check_sample_load(&c, &stexts, &nstexts) < 0) {
		rc = -1;
		goto done;
	}
	check_descriptor(&c);
	if (check_create(&c) < 0)
		goto out;
	check_describe(&c);

	check_batch(&c, _("an empty batch"), texts, 0);
	{
		cJSON *r1 = plausible(&c, "check-1"), *r2 = plausible(&c, "check-2");
		texts[0] = cJSON_PrintUnformatted(r1);
		check_batch(&c, _("a batch of one (same result twice)"), texts,
		            1);
		texts[1] = cJSON_PrintUnformatted(r2);
		check_batch(&c, _("a batch of two"), texts, 0);
		check_memory(&c, texts[0]);
		cJSON_free(texts[0]);
		cJSON_free(texts[1]);
		cJSON_Delete(r1);
		cJSON_Delete(r2);
		texts[1] = NULL;
	}
	for (i = 0; i < sizeof hostile / sizeof *hostile; i++) {
		char what[128];
		texts[0] = hostile_text(&c, hostile[i][1]);
		snprintf(what, sizeof what, _("hostile record: %s"),
		         _(hostile[i][0]));
		if (texts[0])
			check_batch(&c, what, texts, 0);
		free(texts[0]);
	}
	texts[0] = NULL;
	if (sample)
		check_sample(&c, stexts, nstexts);
out:
	if (!sample && !c.accepted && c.passed > 1)
		printf("%s\n", _("warning: the scoring path was not exercised: "
		       "the plugin rejected every record the checker made up; "
		       "give records of your own with --sample FILE"));
	if (!sample && !c.accepted && c.passed > 1)
		printf(_("%d passed, %d failed, scoring path not exercised (no "
		       "--sample)\n"), c.passed, c.failed);
	else
		printf(_("%d passed, %d failed\n"), c.passed, c.failed);
	rc = c.failed ? 1 : 0;
done:
	cJSON_Delete(c.describe);
	for (i = 0; i < c.nrecs; i++)
		cJSON_Delete(c.recs[i]);
	free(c.recs);
	for (i = 0; i < nstexts; i++)
		free(stexts[i]);
	free(stexts);
	return rc;
}
