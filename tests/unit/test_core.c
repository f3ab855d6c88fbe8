/*
 * test_core.c - unit tests of the core's building blocks: SHA-256, the id
 * set, record paths, number parsing and the streaming input reader.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "host.h"
#include "idset.h"
#include "input.h"
#include "jsonw.h"
#include "mem.h"
#include "record.h"
#include "run.h"
#include "sha256.h"
#include "slots.h"
#include "tmp.h"
#include "validate.h"

static void hex_of(const char *s, size_t n, char out[65])
{
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, s, n);
	sha256_hex(&h, out);
}

/* The FIPS vectors, by whichever code this processor hashes with. */
static void fips_vectors(void)
{
	char hex[65];
	char *million = malloc(1000000);
	struct sha256 h;
	size_t i;

	hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* a million 'a', fed in uneven pieces to cross block edges */
	assert_non_null(million);
	memset(million, 'a', 1000000);
	sha256_init(&h);
	for (i = 0; i < 1000000; i += 7)
		sha256_update(&h, million + i, i + 7 <= 1000000 ? 7 : 1000000 - i);
	sha256_hex(&h, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* and in one piece: many blocks in one call */
	hex_of(million, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

static void test_sha256_matches_fips_vectors(void **state)
{
	(void)state;
	fips_vectors();
	sha256_portable(1);
	fips_vectors();
	sha256_portable(0);
}

/* The processor's SHA instructions (where present) and the portable
 * rounds give the same digest for every length and content. */
static void test_sha256_same_either_way(void **state)
{
	unsigned char buf[4096];
	char fast[65], slow[65];
	unsigned seed = 12345;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof buf; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (unsigned char)(seed >> 16);
	}
	for (n = 0; n <= sizeof buf; n += n < 300 ? 1 : 61) {
		hex_of((const char *)buf, n, fast);
		sha256_portable(1);
		hex_of((const char *)buf, n, slow);
		sha256_portable(0);
		assert_string_equal(fast, slow);
	}
}

static void test_idset_finds_repeats_across_growth(void **state)
{
	struct idset s = { 0 };
	struct idset_where first = { -1, 0 };
	char id[32];
	int i;

	(void)state;
	/* three files, the first read again after the second */
	for (i = 0; i < 5000; i++) {
		struct idset_where at = { i < 2000 ? 0 : i < 4000 ? 1 : 0,
		                          (uint64_t)i + 1 };
		snprintf(id, sizeof id, "org-%d", i);
		assert_int_equal(idset_add(&s, id, at, &first), 1);
	}
	for (i = 0; i < 5000; i += 97) {
		struct idset_where at = { 2, 1 };
		snprintf(id, sizeof id, "org-%d", i);
		assert_int_equal(idset_add(&s, id, at, &first), 0);
		/* where it was first: its file and line */
		assert_int_equal(first.file, i < 2000 ? 0 : i < 4000 ? 1 : 0);
		assert_int_equal(first.line, (uint64_t)i + 1);
	}
	assert_int_equal(s.count, 5000);
	idset_free(&s);
}

/* The line of an id's first sighting, whatever the gaps between the
 * lines of ids: none, one line in two, a file read again, lines not
 * known, then so many gaps that lines are kept per id, then none again. */
static uint64_t gappy_line(int i)
{
	if (i < 1000)
		return (uint64_t)i + 1;            /* one run */
	if (i < 2000)
		return 2 * (uint64_t)i + 1;        /* a blank line after each */
	if (i < 2500)
		return 0;                          /* not known */
	if (i < 6000)
		return (uint64_t)i * 3 + (i % 7);  /* gaps of any size */
	return (uint64_t)i * 3 + 7;            /* consecutive again */
}

static void test_idset_first_line_through_gaps(void **state)
{
	struct idset s = { 0 };
	struct idset_where first = { -1, 0 };
	char id[32];
	int i;

	(void)state;
	for (i = 0; i < 8000; i++) {
		struct idset_where at = { i / 3000, gappy_line(i) };
		if (i >= 6000)
			at.line = (uint64_t)i + 1; /* file 2 from its line 6001 */
		snprintf(id, sizeof id, "g-%d", i);
		assert_int_equal(idset_add(&s, id, at, &first), 1);
	}
	assert_non_null(s.line); /* the gaps made lines per id cheaper */
	for (i = 0; i < 8000; i += 13) {
		struct idset_where at = { 3, 1 };
		snprintf(id, sizeof id, "g-%d", i);
		assert_int_equal(idset_add(&s, id, at, &first), 0);
		assert_int_equal(first.file, i / 3000);
		assert_int_equal(first.line, i >= 6000 ? (uint64_t)i + 1
		                                       : gappy_line(i));
	}
	idset_free(&s);
}

/* A batch whose ids stand on consecutive lines keeps one run a file (and
 * one for lines past 2^32 - 2), not a line per id, and finds the line of
 * each from its run. */
static void test_idset_consecutive_lines_keep_runs(void **state)
{
	struct idset s = { 0 };
	struct idset_where first = { -1, 0 }, again = { 2, 1 };
	char id[32];
	int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		struct idset_where at = { i < 1500 ? 0 : 1,
		                          (uint64_t)(i < 1500 ? i : i - 1500) + 2 };
		if (i >= 1000 && i < 1500)
			at.line = 5000000000ULL + (uint64_t)i;
		snprintf(id, sizeof id, "c-%d", i);
		assert_int_equal(idset_add(&s, id, at, &first), 1);
	}
	assert_null(s.line);
	assert_int_equal(s.nruns, 3);
	assert_int_equal(idset_add(&s, "c-10", again, &first), 0);
	assert_int_equal(first.file, 0);
	assert_int_equal(first.line, 12);
	assert_int_equal(idset_add(&s, "c-1200", again, &first), 0);
	assert_int_equal(first.file, 0);
	assert_int_equal(first.line, 0);
	assert_int_equal(idset_add(&s, "c-2999", again, &first), 0);
	assert_int_equal(first.file, 1);
	assert_int_equal(first.line, 1501);
	idset_free(&s);
}

/* Where id i of the spilling tests was first: three files (the first read
 * again), consecutive lines, then gaps enough for lines per id, then
 * lines past 2^32 - 2 (not known). */
static struct idset_where spill_where(int i)
{
	struct idset_where at = { i < 1500 ? 0 : i < 3000 ? 1 : 0,
	                          (uint64_t)i + 2 };

	if (i >= 1800 && i < 2300)
		at.line = (uint64_t)i * 3 + (uint64_t)(i % 5);
	if (i >= 2600 && i < 2700)
		at.line = 5000000000ULL + (uint64_t)i;
	return at;
}

/* Past its limit the set writes its ids out in parts and still finds
 * every repeat, in a part or in memory, with where it was first; ids
 * never seen are never taken for repeats (a filter's false hit is
 * settled by the file). */
static void test_idset_spilled_ids_found_with_their_first_line(void **state)
{
	struct idset s = { .limit = 500 };
	struct idset_where first, again = { 2, 1 };
	char id[32];
	int i;

	(void)state;
	for (i = 0; i < 4000; i++) {
		snprintf(id, sizeof id, "s-%d", i);
		assert_int_equal(idset_add(&s, id, spill_where(i), &first), 1);
	}
	assert_int_equal(s.nparts, 7); /* 3,500 written out, 500 held */
	assert_int_equal(s.count, 500);
	for (i = 0; i < 4000; i++) {
		struct idset_where was = spill_where(i);
		snprintf(id, sizeof id, "s-%d", i);
		first.file = -1;
		first.line = 7;
		assert_int_equal(idset_add(&s, id, again, &first), 0);
		assert_int_equal(first.file, was.file);
		assert_int_equal(first.line, was.line < UINT32_MAX ? was.line : 0);
	}
	assert_int_equal(s.nparts, 7); /* a repeat adds nothing */
	for (i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "t-%d", i);
		assert_int_equal(idset_add(&s, id, again, &first), 1);
	}
	assert_int_equal(s.nparts, 47);
	/* the last of the first ids and the first of the new, written out */
	assert_int_equal(idset_add(&s, "s-3999", again, &first), 0);
	assert_int_equal(first.file, 0);
	assert_int_equal(first.line, 4001);
	assert_int_equal(idset_add(&s, "t-0", (struct idset_where){ 5, 9 },
	                           &first), 0);
	assert_int_equal(first.file, 2);
	assert_int_equal(first.line, 1);
	idset_free(&s);
}

/* A part that cannot be written (here: past the file size limit) fails
 * the add with that error, not ENOMEM, so the caller says it of the
 * temporary file rather than of memory. */
static void test_idset_unwritable_part_is_not_out_of_memory(void **state)
{
	struct idset s = { .limit = 500 };
	struct idset_where first, at = { 0, 0 };
	struct rlimit was, small;
	void (*old)(int) = signal(SIGXFSZ, SIG_IGN);
	char id[32];
	int i, rc = 1, e = 0;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	small = was;
	small.rlim_cur = 4096; /* 256 ids of the 500 to write out */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	for (i = 0; i < 1000 && rc == 1; i++) {
		snprintf(id, sizeof id, "u-%d", i);
		at.line = (uint64_t)i + 1;
		rc = idset_add(&s, id, at, &first);
		e = errno;
	}
	setrlimit(RLIMIT_FSIZE, &was);
	signal(SIGXFSZ, old);
	assert_int_equal(rc, -1);
	assert_int_equal(i, 501); /* the add that had to write the first part */
	assert_int_equal(e, EFBIG);
	idset_free(&s);
}

static void test_idset_line_past_four_billion_is_not_known(void **state)
{
	struct idset s = { 0 };
	struct idset_where at = { 0, 5000000000ULL }, first = { -1, 7 };

	(void)state;
	assert_int_equal(idset_add(&s, "far", at, &first), 1);
	assert_int_equal(idset_add(&s, "far", at, &first), 0);
	assert_int_equal(first.file, 0);
	assert_int_equal(first.line, 0); /* the message then names the file */
	idset_free(&s);
}

/* A finish step that writes lists as a scheme would: elements filled
 * after they are put, a scalar among them, a misuse refused, a list
 * replaced by a second of the same name, and the host's counts kept. */
static int lists_finish(void *state, assess_node *summary)
{
	const assess_host *h = &host_table;
	assess_node *l = h->put_list(summary, "pairs"), *o;

	(void)state;
	assert_non_null(l);
	assert_non_null(o = h->put_object(l, NULL));
	assert_int_equal(h->put_string(o, "helper", "b-1"), ASSESS_OK);
	assert_int_equal(h->put_bool(o, "same_parent", 1), ASSESS_OK);
	assert_int_equal(h->put_int(l, NULL, 5), ASSESS_OK);
	assert_int_equal(h->put_int(l, "key", 5), ASSESS_EINVAL);
	assert_non_null(o = h->put_array(l, NULL));
	assert_int_equal(h->put_string(o, NULL, "中文"), ASSESS_OK);
	assert_non_null(h->put_list(summary, "unpaired"));
	l = h->put_list(summary, "unpaired"); /* replaces the first */
	assert_int_equal(h->put_string(l, NULL, "w-9"), ASSESS_OK);
	assert_null(h->put_list(summary, "records"));
	return ASSESS_OK;
}

static void finish_with_lists(int as_text, const char *want)
{
	assess_plugin d = { .size = sizeof d, .finish = lists_finish };
	cJSON *summary = cJSON_CreateObject();
	struct record_state records;
	struct slots slots;
	struct run ctx; /* what finish builds is the run's */
	char *s;

	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	cJSON_AddNumberToObject(summary, "records", 3);
	host_lists_as_text(as_text);
	assert_int_equal(host_finish(&d, NULL, summary), ASSESS_OK);
	host_lists_as_text(0);
	assert_non_null(s = cJSON_PrintUnformatted(summary));
	assert_string_equal(s, want);
	assert_int_equal(cJSON_IsRaw(cJSON_GetObjectItem(summary, "pairs")),
	                 as_text);
	cJSON_free(s);
	cJSON_Delete(summary);
	run_end(&ctx);
	slots_free(&slots);
	record_state_free(&records);
}

static void test_lists_written_once_read_the_same(void **state)
{
	static const char want[] = "{\"records\":3,\"pairs\":[{\"helper\":"
		"\"b-1\",\"same_parent\":true},5,[\"中文\"]],\"unpaired\":"
		"[\"w-9\"]}";

	(void)state;
	finish_with_lists(1, want); /* kept as text */
	finish_with_lists(0, want); /* a tree, for the report and sheets */
}

/* A finish step that puts many keys into one object, each a second
 * time: more than have a bit each (64) and more than the run holds
 * (1,024), keys alike in their first and last eight bytes, short keys
 * alike in their letters, and the empty key.  Each second put replaces
 * the first, never adds a namesake. */
static const char *const alike[] = {
	"aaaaaaaaXaaaaaaaa", "aaaaaaaaYaaaaaaaa", "a", "ab", "ba", "abc",
	"acb", "aab", "", "score", "stars", "scores", "中文键"
};
#define MANY_KEYS 1200
#define MANY (MANY_KEYS + (int)(sizeof alike / sizeof *alike))

static int keys_finish(void *state, assess_node *summary)
{
	const assess_host *h = &host_table;
	assess_node *a = h->put_object(summary, "alike");
	assess_node *o = h->put_object(summary, "o");
	char key[32];
	int i, round;

	(void)state;
	assert_non_null(o);
	/* first the keys alike, in an object that keeps a bit for each */
	for (round = 0; round < 2; round++)
		for (i = 0; i < MANY - MANY_KEYS; i++)
			assert_int_equal(h->put_int(a, alike[i], round * 10000 + i),
			                 ASSESS_OK);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < MANY_KEYS; i++) {
			/* another buffer each time: the same key at a new address */
			snprintf(key, sizeof key, "key_%d", i);
			assert_int_equal(h->put_int(o, key, round * 10000 + i),
			                 ASSESS_OK);
		}
		for (i = 0; i < MANY - MANY_KEYS; i++)
			assert_int_equal(h->put_int(o, alike[i], round * 10000 + i),
			                 ASSESS_OK);
	}
	assert_int_equal(h->put_int(o, "\xff", 1), ASSESS_EINVAL);
	return ASSESS_OK;
}

static void test_keys_put_again_replace(void **state)
{
	assess_plugin d = { .size = sizeof d, .finish = keys_finish };
	cJSON *summary = cJSON_CreateObject(), *o, *c;
	struct record_state records;
	struct slots slots;
	struct run ctx;
	char key[32];
	int i;

	(void)state;
	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	assert_int_equal(host_finish(&d, NULL, summary), ASSESS_OK);
	o = cJSON_GetObjectItemCaseSensitive(summary, "o");
	assert_int_equal(cJSON_GetArraySize(o), MANY);
	for (i = 0; i < MANY_KEYS; i++) {
		snprintf(key, sizeof key, "key_%d", i);
		c = cJSON_GetObjectItemCaseSensitive(o, key);
		assert_non_null(c);
		assert_int_equal(c->valueint, 10000 + i);
	}
	for (i = 0; i < MANY - MANY_KEYS; i++) {
		c = cJSON_GetObjectItemCaseSensitive(o, alike[i]);
		assert_non_null(c);
		assert_int_equal(c->valueint, 10000 + i);
	}
	o = cJSON_GetObjectItemCaseSensitive(summary, "alike");
	assert_int_equal(cJSON_GetArraySize(o), MANY - MANY_KEYS);
	for (i = 0; i < MANY - MANY_KEYS; i++) {
		c = cJSON_GetObjectItemCaseSensitive(o, alike[i]);
		assert_non_null(c);
		assert_int_equal(c->valueint, 10000 + i);
	}
	cJSON_Delete(summary); /* before run_end: the keys are the run's */
	run_end(&ctx);
	slots_free(&slots);
	record_state_free(&records);
}

/* A finish step with a list longer than a list's text held in memory
 * (64 KB): SB9's pairs at a few thousand records. */
static int long_list_finish(void *state, assess_node *summary)
{
	const assess_host *h = &host_table;
	assess_node *l = h->put_list(summary, "pairs"), *o;
	char id[32];
	int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		snprintf(id, sizeof id, "b-%08d", i);
		assert_non_null(o = h->put_object(l, NULL));
		assert_int_equal(h->put_string(o, "helper", id), ASSESS_OK);
		assert_int_equal(h->put_string(o, "helped", "第1钻井队"), ASSESS_OK);
		assert_int_equal(h->put_bool(o, "same_parent", i % 2), ASSESS_OK);
	}
	l = h->put_list(summary, "unpaired");
	assert_int_equal(h->put_string(l, NULL, "w-9"), ASSESS_OK);
	return ASSESS_OK;
}

/* Spooled, a long list's text is in its file, whole and the same as
 * held; a short one stays held; the files go with host_lists_free. */
static void test_long_list_spooled_reads_the_same(void **state)
{
	assess_plugin d = { .size = sizeof d, .finish = long_list_finish };
	cJSON *held = cJSON_CreateObject(), *spooled = cJSON_CreateObject();
	const cJSON *pairs;
	struct record_state records;
	struct slots slots;
	struct run ctx;
	char *text, *back;
	size_t n;
	FILE *fp;

	(void)state;
	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	host_lists_as_text(HOST_LISTS_TEXT);
	assert_int_equal(host_finish(&d, NULL, held), ASSESS_OK);
	text = cJSON_GetObjectItem(held, "pairs")->valuestring;
	assert_true(strlen(text) > 65536);
	host_lists_as_text(HOST_LISTS_SPOOLED);
	assert_int_equal(host_finish(&d, NULL, spooled), ASSESS_OK);
	assert_int_equal(host_lists_failed(), 0);
	pairs = cJSON_GetObjectItem(spooled, "pairs");
	assert_true(cJSON_IsRaw(pairs));
	assert_null(pairs->valuestring); /* no writer can take it for "[]" */
	assert_non_null(fp = host_list_spool(pairs));
	assert_non_null(back = calloc(1, strlen(text) + 2));
	rewind(fp);
	n = fread(back, 1, strlen(text) + 1, fp);
	assert_int_equal(n, strlen(text));
	assert_string_equal(back, text);
	assert_null(host_list_spool(cJSON_GetObjectItem(spooled, "unpaired")));
	assert_string_equal(cJSON_GetObjectItem(spooled, "unpaired")->valuestring,
	                    "[\"w-9\"]");
	host_lists_free();
	assert_null(host_list_spool(pairs));
	host_lists_as_text(HOST_LISTS_TREE);
	free(back);
	cJSON_Delete(held);
	cJSON_Delete(spooled);
	run_end(&ctx);
	slots_free(&slots);
	record_state_free(&records);
}

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* The record arena: a record's nodes come from one block, taken back at
 * the next record; under AddressSanitizer a node freed is unusable at
 * once, and all of a record's at the next. */
static void test_arena_takes_a_record_back_whole(void **state)
{
	cJSON *o, *keep;
	void *first, *again;

	(void)state;
	mem_init();
	mem_arena_init(0);
	if (!mem_arena_ready())
		skip(); /* under valgrind: memcheck follows every node */
	mem_arena_begin();
	o = cJSON_CreateObject();
	first = o;
	keep = cJSON_AddStringToObject(o, "k", "中文");
	assert_non_null(keep);
	cJSON_Delete(cJSON_DetachItemViaPointer(o, keep));
#ifdef TEST_ASAN
	assert_true(__asan_address_is_poisoned(keep)); /* freed: unusable */
	assert_false(__asan_address_is_poisoned(o));   /* o still lives */
#endif
	cJSON_Delete(o);
	mem_arena_end();
	mem_arena_begin();
	again = cJSON_CreateObject(); /* the block again, from its start */
	assert_ptr_equal(again, first);
	cJSON_Delete(again);
	mem_arena_end();
	o = cJSON_CreateObject(); /* outside a record: malloc */
	assert_ptr_not_equal(o, first);
	cJSON_Delete(o);
	mem_arena_free();
}

/* Temporary files go where TMPDIR says (a spool of a million results is
 * 1.6 GB), without a name; /dev/shm, a file system of its own, shows
 * where the file went. */
static void test_tmp_files_go_to_tmpdir_unnamed(void **state)
{
	struct stat shm, st;
	FILE *fp;

	(void)state;
	if (stat("/dev/shm", &shm) != 0 || !S_ISDIR(shm.st_mode) ||
	    access("/dev/shm", W_OK) != 0)
		skip();
	setenv("TMPDIR", "/dev/shm", 1); /* before the first tmp_dir() */
	assert_string_equal(tmp_dir(), "/dev/shm");
	assert_non_null(fp = tmp_file());
	assert_int_equal(fputs("spooled", fp) >= 0, 1);
	assert_int_equal(fflush(fp), 0);
	assert_int_equal(fstat(fileno(fp), &st), 0);
	assert_true(st.st_dev == shm.st_dev); /* in TMPDIR */
	assert_int_equal(st.st_nlink, 0);     /* no name left behind */
	rewind(fp);
	assert_int_equal(fgetc(fp), 's');
	fclose(fp);
}

static void test_lookup_follows_keys_and_indexes(void **state)
{
	cJSON *root = cJSON_Parse("{\"scores\":{\"team\":12.5},"
	                          "\"history\":[{\"stars\":4},{\"stars\":3}],"
	                          "\"checks\":{\"annual\":{\"team\":9}}}");
	(void)state;
	assert_non_null(root);
	assert_int_equal(record_lookup(NULL, root, "scores.team")->valuedouble * 2, 25);
	assert_int_equal(record_lookup(NULL, root, "history[1].stars")->valueint, 3);
	assert_int_equal(record_lookup(NULL, root, "checks.annual.team")->valueint, 9);
	assert_null(record_lookup(NULL, root, "history[2].stars"));
	assert_null(record_lookup(NULL, root, "history[-1]"));
	assert_null(record_lookup(NULL, root, "scores.team.x"));
	assert_null(record_lookup(NULL, root, "scores..team"));
	assert_null(record_lookup(NULL, root, "scores."));
	assert_null(record_lookup(NULL, root, "scores[0]"));
	assert_null(record_lookup(NULL, root, "nosuch"));
	cJSON_Delete(root);
}

static void test_config_numbers_are_parsed_whole(void **state)
{
	double v;

	(void)state;
	assert_int_equal(config_parse_number("90", &v), 0);
	assert_true(v == 90);
	assert_int_equal(config_parse_number(" 0.8 ", &v), 0);
	assert_true(v == 0.8);
	assert_int_equal(config_parse_number("-2.5e1", &v), 0);
	assert_true(v == -25);
	assert_int_equal(config_parse_number("abc", &v), -1);
	assert_int_equal(config_parse_number("12abc", &v), -1);
	assert_int_equal(config_parse_number("", &v), -1);
	assert_int_equal(config_parse_number("nan", &v), -1);
	assert_int_equal(config_parse_number("inf", &v), -1);
	assert_int_equal(config_parse_number("0x10", &v), -1);
	assert_int_equal(config_parse_number("1e999", &v), -1);
}

/* Write text to a fresh temporary file; returns its malloc'd path. */
static char *temp_file(const char *text)
{
	char *path = strdup("/tmp/assess-test-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* Read every record of text; returns how many, and the lines of the first
 * few in lines[]; -1 when the reader fails. */
static int read_all(const char *text, long lines[8], char *last, size_t len)
{
	char *path = temp_file(text);
	char *paths[1] = { path };
	struct input *in;
	struct input_rec r;
	char err[256];
	int n = 0, got;

	assert_int_equal(input_open(&in, paths, 1, err, sizeof err), 0);
	while ((got = input_next(in, &r, err, sizeof err)) > 0) {
		if (n < 8)
			lines[n] = r.line;
		snprintf(last, len, "%s", r.text);
		n++;
	}
	if (got < 0)
		snprintf(last, len, "%s", err);
	input_close(in);
	unlink(path);
	free(path);
	return got < 0 ? -1 : n;
}

static void test_input_reads_each_form(void **state)
{
	long lines[8];
	char last[256];

	(void)state;
	/* NDJSON, with blank and CRLF lines */
	assert_int_equal(read_all("{\"id\":\"a\"}\r\n\n{\"id\":\"b\"}\r\n", lines,
	                          last, sizeof last), 2);
	assert_int_equal(lines[0], 1);
	assert_int_equal(lines[1], 3);
	assert_string_equal(last, "{\"id\":\"b\"}");
	/* one pretty-printed object */
	assert_int_equal(read_all("\n{\n \"id\": \"a\"\n}\n", lines, last,
	                          sizeof last), 1);
	assert_int_equal(lines[0], 2);
	/* an array, elements on their own lines, brackets inside strings */
	assert_int_equal(read_all("[\n{\"id\":\"]}\"},\n {\"id\":\"b\"}\n]\n",
	                          lines, last, sizeof last), 2);
	assert_int_equal(lines[0], 2);
	assert_int_equal(lines[1], 3);
	assert_string_equal(last, "{\"id\":\"b\"}");
	/* a broken first line, blank lines, then objects: still NDJSON, so
	 * the good lines are not lost, and each keeps its own line number */
	assert_int_equal(read_all("{\"id\":\"a\",\n\n\n{\"id\":\"b\"}\n"
	                          "{\"id\":\"c\"}\n", lines, last,
	                          sizeof last), 3);
	assert_int_equal(lines[0], 1);
	assert_int_equal(lines[1], 4);
	assert_int_equal(lines[2], 5);
	assert_string_equal(last, "{\"id\":\"c\"}");
	/* a pretty object whose second line is a key stays a document */
	assert_int_equal(read_all("{\n\n\"id\": \"a\"\n}\n", lines, last,
	                          sizeof last), 1);
	/* an empty array is an empty batch, not an error */
	assert_int_equal(read_all("[ ]\n", lines, last, sizeof last), 0);
	/* scalars in an array come out as records (rejected later) */
	assert_int_equal(read_all("[1, {\"id\":\"x\"}, true]", lines, last,
	                          sizeof last), 3);
	assert_string_equal(last, "true");
}

static void test_input_refuses_broken_documents(void **state)
{
	long lines[8];
	char last[256];

	(void)state;
	assert_int_equal(read_all("", lines, last, sizeof last), -1);
	assert_non_null(strstr(last, "empty input"));
	assert_int_equal(read_all("[{\"id\":\"a\"},\n{\"id\":", lines, last,
	                          sizeof last), -1);
	assert_non_null(strstr(last, ":2: unexpected end of file"));
	assert_int_equal(read_all("[{\"id\":\"a\"} {\"id\":\"b\"}]", lines, last,
	                          sizeof last), -1);
	assert_non_null(strstr(last, "expected ',' or ']'"));
	assert_int_equal(read_all("[{\"id\":\"a\"}] x", lines, last,
	                          sizeof last), -1);
	assert_non_null(strstr(last, "after the end of the array"));
	assert_int_equal(read_all("hello", lines, last, sizeof last), -1);
	assert_non_null(strstr(last, ":1: expected a JSON object"));
}

static void test_input_hashes_every_byte(void **state)
{
	const char *text = "\xef\xbb\xbf{\"id\":\"a\"}\n\n{\"id\":\"b\"}\n";
	char *path = temp_file(text);
	char *paths[1] = { path };
	struct input *in;
	struct input_rec r;
	char err[256], got[65], want[65];

	(void)state;
	assert_int_equal(input_open(&in, paths, 1, err, sizeof err), 0);
	while (input_next(in, &r, err, sizeof err) > 0)
		;
	input_sha256(in, got);
	input_close(in);
	hex_of(text, strlen(text), want);
	assert_string_equal(got, want);
	unlink(path);
	free(path);
}

static void test_utf8_check_finds_each_kind_of_bad_byte(void **state)
{
	(void)state;
	assert_int_equal(utf8_invalid_at("东风社区 ok", strlen("东风社区 ok")), -1);
	assert_int_equal(utf8_invalid_at("\xf0\x9f\x98\x80", 4), -1); /* U+1F600 */
	assert_int_equal(utf8_invalid_at("ab\xff", 3), 2);
	assert_int_equal(utf8_invalid_at("a\xc0\xaf", 3), 1);      /* overlong */
	assert_int_equal(utf8_invalid_at("\xe0\x80\xaf", 3), 0);   /* overlong */
	assert_int_equal(utf8_invalid_at("\xed\xa0\x80", 3), 0);   /* surrogate */
	assert_int_equal(utf8_invalid_at("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	assert_int_equal(utf8_invalid_at("\xe4\xb8", 2), 0);       /* cut short */
	assert_int_equal(utf8_invalid_at("a\0b", 3), 1);            /* NUL */
}

static void test_duplicate_keys_are_found_at_any_depth(void **state)
{
	char path[64], big[8192];
	cJSON *v;
	int i, n;

	(void)state;
	v = cJSON_Parse("{\"a\":1,\"h\":[{\"p\":1},{\"p\":2,\"s\":1,\"p\":3}]}");
	assert_int_equal(json_duplicate_key(v, path, sizeof path), 1);
	assert_string_equal(path, "h[1].p");
	cJSON_Delete(v);
	v = cJSON_Parse("{\"a\":{\"b\":1},\"c\":{\"b\":2}}");
	assert_int_equal(json_duplicate_key(v, path, sizeof path), 0);
	cJSON_Delete(v);
	/* arrays in arrays, and a path cut to the buffer, not past it */
	v = cJSON_Parse("{\"x\":[[1],[{\"y\":{\"z\":1,\"z\":2}}]]}");
	assert_int_equal(json_duplicate_key(v, path, sizeof path), 1);
	assert_string_equal(path, "x[1][0].y.z");
	assert_int_equal(json_duplicate_key(v, path, 6), 1);
	assert_string_equal(path, "x[1][");
	cJSON_Delete(v);
	/* a large object takes the sorted path */
	n = snprintf(big, sizeof big, "{");
	for (i = 0; i < 200; i++)
		n += snprintf(big + n, sizeof big - (size_t)n, "\"k%d\":1,", i);
	snprintf(big + n, sizeof big - (size_t)n, "\"k150\":2}");
	v = cJSON_Parse(big);
	assert_int_equal(json_duplicate_key(v, path, sizeof path), 1);
	assert_string_equal(path, "k150");
	cJSON_Delete(v);
}

/* Reading members by index remembers the last one reached; it must give
 * the right member in any order of access, and forget between records. */
static void test_indexed_reads_are_right_in_any_order(void **state)
{
	const assess_host *h = &host_table;
	char text[64 * 1024], key[32];
	const char *s;
	assess_record rec;
	cJSON *a, *b;
	double v;
	int i, n = 0, order[] = { 5, 5, 6, 2, 999, 998, 0, 1, 500 };

	(void)state;
	n += snprintf(text + n, sizeof text - (size_t)n, "{\"s\":{");
	for (i = 0; i < 1000; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "%s\"k%d\":%d",
		              i ? "," : "", i, i);
	snprintf(text + n, sizeof text - (size_t)n, "},\"v\":[10,11,12]}");
	a = cJSON_Parse(text);
	assert_non_null(a);
	rec.root = a;
	rec.id = "a";
	rec.run = NULL; /* outside a run: nothing noted */
	host_set_current(NULL);
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		assert_string_equal(h->record_key(&rec, "s", i), key);
	}
	for (i = 0; i < (int)(sizeof order / sizeof *order); i++) {
		snprintf(key, sizeof key, "k%d", order[i]);
		assert_string_equal(h->record_key(&rec, "s", order[i]), key);
	}
	assert_null(h->record_key(&rec, "s", 1000));
	assert_int_equal(h->record_number(&rec, "v[2]", &v), ASSESS_OK);
	assert_true(v == 12);
	assert_int_equal(h->record_number(&rec, "v[1]", &v), ASSESS_OK);
	assert_true(v == 11);
	assert_int_equal(h->record_number(&rec, "v[3]", &v), ASSESS_ENOENT);
	/* the next record, perhaps at the same address */
	host_set_current(NULL);
	cJSON_Delete(a);
	b = cJSON_Parse("{\"s\":{\"only\":1},\"v\":[\"x\"]}");
	rec.root = b;
	assert_string_equal(h->record_key(&rec, "s", 0), "only");
	assert_null(h->record_key(&rec, "s", 1));
	assert_int_equal(h->record_string(&rec, "v[0]", &s), ASSESS_OK);
	assert_string_equal(s, "x");
	host_set_current(NULL);
	cJSON_Delete(b);
}

/* A pseudo-random 64-bit sequence, the same on every run (splitmix64). */
static uint64_t next_random(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The writer must print what cJSON prints: compare one number. */
static void same_number(double d)
{
	cJSON *n = cJSON_CreateNumber(d);
	char *want = cJSON_PrintUnformatted(n), got[32];

	jsonw_number(got, d);
	if (strcmp(want, got) != 0)
		fail_msg("%.17g: cJSON prints %s, the writer %s", d, want, got);
	cJSON_free(want);
	cJSON_Delete(n);
}

static void test_writer_prints_numbers_as_cjson_does(void **state)
{
	static const double edges[] = {
		0.0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 89.99999999999999,
		90.00000000000001, 15.999999999999996, 1e15, 1e15 - 1, -1e15 + 1,
		999999999999999.9, 9007199254740992.0, 9007199254740993.0, 1e16,
		1e21, 1e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
		-1.7976931348623157e308, 2147483647.0, 2147483648.0, -2147483648.0,
		-2147483649.0, 4294967296.5, 0.5, 12.25, 13.5, 86.83, 0.8333,
		123456789012345.6, 0.000001, 1e-6 * 3, 100, 1000000
	};
	uint64_t x = 20261128;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof edges / sizeof *edges; i++) {
		same_number(edges[i]);
		same_number(-edges[i]);
	}
	for (i = 0; i < 200000; i++) {
		uint64_t r = next_random(&x);
		double d;
		switch (i % 5) {
		case 0: /* any finite bit pattern */
			memcpy(&d, &r, sizeof d);
			if (isnan(d) || isinf(d))
				continue;
			break;
		case 1: /* hundredths, as assessors write them */
			d = (double)(int64_t)(r % 2000001 - 1000000) / 100;
			break;
		case 2: /* thirds and sevenths: long fractions */
			d = (double)(int64_t)(r % 100000) / (r & 1 ? 3 : 7);
			break;
		case 3: /* whole numbers of every size */
			d = (double)(int64_t)(r >> (r % 64));
			break;
		default: /* sums of weighted scores */
			d = (double)(r % 1000) * 0.3 + (double)(r % 997) * 0.4;
			break;
		}
		same_number(d);
	}
}

/* The writer's text of v must be cJSON's; frees v. */
static void written_as_cjson(cJSON *v)
{
	char *want = cJSON_PrintUnformatted(v), *got = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&got, &n);

	assert_non_null(fp);
	assert_int_equal(jsonw_write(fp, v), 0);
	fclose(fp);
	assert_string_equal(got, want);
	cJSON_free(want);
	free(got);
	cJSON_Delete(v);
}

static void test_writer_prints_trees_as_cjson_does(void **state)
{
	uint64_t x = 7;
	char s[64];
	cJSON *v = cJSON_CreateObject(), *a = cJSON_CreateArray();
	int i, j;

	(void)state;
	/* every byte in a string and in a key, alone and among others */
	for (i = 1; i < 256; i++) {
		snprintf(s, sizeof s, "a%cb", i);
		cJSON_AddItemToArray(a, cJSON_CreateString(s));
		cJSON_AddNumberToObject(v, s, i);
	}
	/* a byte to escape at each place of strings of 0 to 40 bytes (the
	 * writer checks eight at a time, the last eight overlapping) */
	for (i = 0; i <= 40; i++)
		for (j = -1; j < i; j++) {
			memset(s, 'x', (size_t)i);
			s[i] = '\0';
			if (j >= 0)
				s[j] = (char)(j % 2 ? '"' : 0x1f);
			cJSON_AddItemToArray(a, cJSON_CreateString(s));
			if (j >= 0 && j % 3 == 0)
				s[j] = '\\';
			cJSON_AddNumberToObject(v, s, j);
		}
	cJSON_AddItemToObject(v, "bytes", a);
	cJSON_AddItemToObject(v, "", cJSON_CreateString(""));
	cJSON_AddItemToObject(v, "raw", cJSON_CreateRaw("1e999"));
	cJSON_AddTrueToObject(v, "t");
	cJSON_AddFalseToObject(v, "f");
	cJSON_AddNullToObject(v, "n");
	cJSON_AddItemToObject(v, "empty", cJSON_CreateObject());
	cJSON_AddItemToObject(v, "none", cJSON_CreateArray());
	cJSON_AddStringToObject(v, "名称", "东风社区党支部\n\"引号\"\\");
	/* random strings of control, ASCII and UTF-8 bytes */
	for (i = 0; i < 2000; i++) {
		int len = (int)(next_random(&x) % 20);
		for (j = 0; j < len; j++) {
			uint64_t r = next_random(&x);
			s[j] = (char)(r % 4 == 0 ? 1 + r % 31 : r % 4 == 1 ? 0xe4
			              : 32 + r % 95);
		}
		s[len] = '\0';
		cJSON_AddItemToArray(a, cJSON_CreateString(s));
	}
	written_as_cjson(v);
	/* a result as the batch writes it */
	v = cJSON_Parse("{\"id\":\"c-1\",\"name\":\"东风\",\"parent\":null,"
	                "\"status\":\"ok\",\"score\":86.83,\"criteria\":[{"
	                "\"key\":\"a\",\"score\":13.5,\"passed\":true},{\"key\":"
	                "\"b\",\"score\":0.8333,\"passed\":false}],\"short\":[]}");
	written_as_cjson(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_matches_fips_vectors),
		cmocka_unit_test(test_sha256_same_either_way),
		cmocka_unit_test(test_idset_finds_repeats_across_growth),
		cmocka_unit_test(test_idset_first_line_through_gaps),
		cmocka_unit_test(test_idset_consecutive_lines_keep_runs),
		cmocka_unit_test(test_idset_line_past_four_billion_is_not_known),
		cmocka_unit_test(test_lists_written_once_read_the_same),
		cmocka_unit_test(test_keys_put_again_replace),
		cmocka_unit_test(test_arena_takes_a_record_back_whole),
		cmocka_unit_test(test_tmp_files_go_to_tmpdir_unnamed),
		/* after it: tmp_dir() keeps the folder it found first */
		cmocka_unit_test(test_long_list_spooled_reads_the_same),
		cmocka_unit_test(test_idset_spilled_ids_found_with_their_first_line),
		cmocka_unit_test(test_idset_unwritable_part_is_not_out_of_memory),
		cmocka_unit_test(test_lookup_follows_keys_and_indexes),
		cmocka_unit_test(test_config_numbers_are_parsed_whole),
		cmocka_unit_test(test_input_reads_each_form),
		cmocka_unit_test(test_input_refuses_broken_documents),
		cmocka_unit_test(test_input_hashes_every_byte),
		cmocka_unit_test(test_utf8_check_finds_each_kind_of_bad_byte),
		cmocka_unit_test(test_duplicate_keys_are_found_at_any_depth),
		cmocka_unit_test(test_indexed_reads_are_right_in_any_order),
		cmocka_unit_test(test_writer_prints_numbers_as_cjson_does),
		cmocka_unit_test(test_writer_prints_trees_as_cjson_does),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
