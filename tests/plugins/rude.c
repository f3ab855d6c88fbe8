/*
 * rude.c - a plugin that misbehaves, one way per build flag, for the tests
 * of --check-plugin and --isolate.  Records are fine unless they carry the
 * trigger the variant reacts to:
 *   RUDE_crash    dereferences NULL when the record has "boom"
 *   RUDE_hang     loops for ever when the record has "boom", deaf to
 *                 SIGALRM (a time limit must not rely on the plugin's
 *                 signals)
 *   RUDE_stdout   prints to stdout on every record
 *   RUDE_silent   rejects a record with "boom" without saying why
 *   RUDE_random   puts its process id in every result
 *   RUDE_flaky    dereferences NULL when the record has "boom", and on a
 *                 record with "late" ([1], like "boom") too once the file $RUDE_MARKER exists
 *                 (its first create makes it): a plugin that fails on a
 *                 record it assessed before, when it is brought back
 *   RUDE_describe dereferences NULL in its describe step
 *   RUDE_garbage  writes a forged reply message to every descriptor from 3
 *                 to 63 when the record has "boom" (under --isolate that
 *                 reaches the reply pipe, and any file left open)
 * Otherwise it scores a record 1 and keeps a count for its finish step.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "assess/assess.h"

struct rude {
	const assess_host *h;
	long seen;
	int flaky;
};

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct rude *r = calloc(1, sizeof *r);

	(void)cfg;
	if (!r)
		return ASSESS_ENOMEM;
	r->h = h;
#if defined(RUDE_flaky)
	{
		const char *marker = getenv("RUDE_MARKER");
		FILE *f;
		if (marker && (f = fopen(marker, "r"))) {
			r->flaky = 1;
			fclose(f);
		} else if (marker && (f = fopen(marker, "w"))) {
			fclose(f);
		}
	}
#endif
	*out = r;
	return ASSESS_OK;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct rude *r = state;
	int boom = r->h->record_type(rec, "boom") != ASSESS_TYPE_MISSING;
	/* the fields it knows, looked at on every record as a scheme must
	 * (a field no read names is rejected as unknown) */
	int late = r->h->record_type(rec, "late") != ASSESS_TYPE_MISSING;

	(void)r->h->record_type(rec, "scores");
	(void)boom;
	(void)late;
#if defined(RUDE_crash) || defined(RUDE_flaky)
	if (r->flaky && late)
		boom = 1;
	/* an address the compiler cannot see: 64 for a trigger of [1], not
	 * NULL, which UBSan would report before the crash */
	if (boom)
		*(volatile int *)(size_t)(64 * (r->h->record_count(rec, "boom") +
		                                r->h->record_count(rec, "late"))) = 1;
#elif defined(RUDE_hang)
	if (boom)
		signal(SIGALRM, SIG_IGN);
	while (boom)
		;
#elif defined(RUDE_stdout)
	printf("assessing %s\n", r->h->record_id(rec));
#elif defined(RUDE_silent)
	if (boom)
		return ASSESS_EREJECT;
#elif defined(RUDE_garbage)
	if (boom) {
		static const char body[] = "J{\"seq\":1,\"result\":{\"status\":"
		                           "\"ok\",\"score\":100}}";
		unsigned len = sizeof body - 1;
		int fd;
		for (fd = 3; fd < 64; fd++) {
			if (write(fd, &len, sizeof len) < 0)
				continue;
			if (write(fd, body, len) < 0)
				continue;
		}
	}
#elif defined(RUDE_random)
	r->h->put_int(r->h->result_node(res), "pid", (long long)getpid());
#endif
	r->seen++;
	r->h->put_number(r->h->result_node(res), "score", 1);
	return ASSESS_OK;
}

static int finish(void *state, assess_node *summary)
{
	struct rude *r = state;

	r->h->put_int(summary, "seen_by_plugin", r->seen);
	return ASSESS_OK;
}

#if defined(RUDE_describe)
static int describe(void *state, assess_node *out)
{
	struct rude *r = state;

	r->h->put_bool(out, "rude", 1);
	*(volatile int *)(size_t)(64 * r->h->put_bool(out, "late", 1) + 64) = 1;
	return ASSESS_OK;
}
#endif

static void destroy(void *state)
{
	free(state);
}

static const assess_plugin rude = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "rude",
	.version = "0.0.1",
	.description = "a plugin that misbehaves, for tests",
	.create = create,
	.assess = assess,
	.finish = finish,
#if defined(RUDE_describe)
	.describe = describe,
#endif
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &rude;
}
