/*
 * test_config.c - unit tests of the INI config: the syntax ini.c accepts
 * and refuses, the record of what a plugin asked for and the keys it never
 * read, where a value came from (file or --set), the host's [input]
 * section, and reference files (assess results only, hashed as read).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "diag.h"
#include "record.h"
#include "refs.h"
#include "run.h"
#include "sha256.h"
#include "slots.h"

static char dir[] = "/tmp/assess-test-config-XXXXXX";

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write text to dir/name and return the path (static buffer). */
static const char *file_with(const char *name, const char *text, size_t n)
{
	static char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, n, fp), n);
	fclose(fp);
	return path;
}

/* Load text as an INI: the config, or NULL with the message in err. */
static assess_config *load(const char *text, char *err, size_t len)
{
	assess_config *cfg = NULL;

	err[0] = '\0';
	if (config_load(file_with("t.ini", text, strlen(text)), &cfg, err,
	                len) < 0)
		return NULL;
	return cfg;
}

/* What config_check_unused says, as one string (NULL when silent), and
 * its return code in *rc. */
static char *check_says(assess_config *cfg, int *rc)
{
	struct run ctx; /* what diag holds back is the run's */
	size_t n;
	char *said;

	run_begin(&ctx, NULL, NULL);
	diag_capture_begin();
	*rc = config_check_unused(cfg);
	said = diag_capture_end(&n);
	run_end(&ctx);
	return said;
}

static void test_values_are_read_as_written(void **state)
{
	char err[512];
	const char *v = NULL;
	assess_config *cfg = load("\xEF\xBB\xBF; a comment\n# another\n"
	                          "[Scheme]\n  Label = 领导 班子  \n"
	                          "quoted = \"a#b; c \"\nsingle = 'x;y'\n"
	                          "empty =\nempty2 = \"\"\nlong = one \\\n"
	                          "  two\n; a comment ending in \\\n"
	                          "after = kept\n", err, sizeof err);

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(config_string(cfg, "scheme", "label", &v), ASSESS_OK);
	assert_string_equal(v, "领导 班子");
	assert_int_equal(config_string(cfg, "SCHEME", "LABEL", &v), ASSESS_OK);
	assert_int_equal(config_string(cfg, "scheme", "quoted", &v), ASSESS_OK);
	assert_string_equal(v, "a#b; c ");
	assert_int_equal(config_string(cfg, "scheme", "single", &v), ASSESS_OK);
	assert_string_equal(v, "x;y");
	assert_int_equal(config_string(cfg, "scheme", "empty", &v), ASSESS_OK);
	assert_string_equal(v, "");
	assert_int_equal(config_string(cfg, "scheme", "empty2", &v), ASSESS_OK);
	assert_string_equal(v, "");
	assert_int_equal(config_string(cfg, "scheme", "long", &v), ASSESS_OK);
	assert_string_equal(v, "one   two");
	assert_int_equal(config_string(cfg, "scheme", "after", &v), ASSESS_OK);
	assert_string_equal(v, "kept");
	assert_int_equal(config_section_count(cfg), 1);
	assert_string_equal(config_section_name(cfg, 0), "scheme");
	config_free(cfg);
}

static void test_traps_are_refused_with_the_line(void **state)
{
	static const struct { const char *text, *says; } cases[] = {
		{ "[scheme] = x\ntotal = 1\n",
		  "t.ini:1: text after the section header [scheme]: '= x'" },
		{ "[s]\nlabel = 组织#1\n",
		  "t.ini:2: [s] label: '#' in an unquoted value: write the value "
		  "in quotes (label = \"...\")" },
		{ "[s]\ntotal = 100 ; points\n",
		  "t.ini:2: [s] total: ';' in an unquoted value" },
		{ "[s]\nlabel = \"a\" b\n",
		  "t.ini:2: [s] label: text after the closing quote: ' b'" },
		{ "[s]\nlabel = \"a\n", "t.ini:2: [s] label: the value's quote \" "
		  "is not closed" },
		{ "total = 1\n[s]\n", "t.ini:1: total: a key before any [section]" },
		{ "[s]\nnonsense\n", "t.ini:2: syntax error in 'nonsense'" },
		{ "[s\n", "t.ini:1: syntax error in '[s'" },
		{ "[]\n", "t.ini:1: []: a section needs a name" },
		{ "[a:b]\n", "t.ini:1: [a:b]: a section name cannot hold ':'" },
		{ "[s]\nx = 1\n[S]\n", "t.ini:3: [s] appears twice (first on "
		  "line 1)" },
		{ "[s]\nx = 1\nX = 2\n", "t.ini:3: [s] x: given twice (first on "
		  "line 2)" },
		{ "[s]\nx = \xff\n", "t.ini:2: not valid UTF-8 (byte 5 of the "
		  "line)" },
	};
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_null(load(cases[i].text, err, sizeof err));
		assert_non_null(strstr(err, cases[i].says));
	}
}

static void test_long_names_are_refused_not_cut(void **state)
{
	char text[1024], err[512];
	assess_config *cfg;

	(void)state;
	/* two names alike in their first 255 bytes are two sections */
	snprintf(text, sizeof text, "[%0300d-one]\nx = 1\n[%0300d-two]\nx = 2\n",
	         0, 0);
	assert_null(load(text, err, sizeof err));
	assert_non_null(strstr(err, "section name longer than 255 bytes"));
	snprintf(text, sizeof text, "[%0200d-one]\nx = 1\n[%0200d-two]\nx = 2\n",
	         0, 0);
	cfg = load(text, err, sizeof err);
	assert_non_null(cfg);
	assert_int_equal(config_section_count(cfg), 2);
	config_free(cfg);
}

static void test_the_hash_is_of_the_bytes_read(void **state)
{
	static const char text[] = "\xEF\xBB\xBF[s]\nx = 1\n";
	struct sha256 h;
	char err[512], want[65];
	assess_config *cfg = load(text, err, sizeof err);

	(void)state;
	sha256_init(&h);
	sha256_update(&h, text, strlen(text));
	sha256_hex(&h, want);
	assert_string_equal(config_sha256(cfg), want);
	config_free(cfg);
}

static void test_keys_never_asked_for_are_reported(void **state)
{
	char err[1024], *said;
	const char *v;
	double d;
	int rc, i, n;
	assess_config *cfg = load("[scheme]\ntotal = 100\npromt_share = 50%\n"
	                          "[labels]\na = A\nb = B\n[sceme]\nx = 1\n"
	                          "[periods]\nh1 = 0.5\nh2 = 0.5\n[input]\n"
	                          "extra_fields = warn\n", err, sizeof err);

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(config_set(cfg, "scheme.focus=3", err, sizeof err), 0);
	assert_int_equal(config_set(cfg, "stars.6=99", err, sizeof err), 0);
	/* what a plugin's create asks for */
	assert_int_equal(config_number(cfg, "scheme", "total", 0, 1e9, &d), 0);
	assert_int_equal(config_string(cfg, "scheme", "prompt_share", &v),
	                 ASSESS_ENOENT);
	assert_int_equal(config_string(cfg, "stars", "5", &v), ASSESS_ENOENT);
	n = config_key_count(cfg, "labels"); /* enumerated and read */
	for (i = 0; i < n; i++)
		assert_int_equal(config_string(cfg, "labels",
		                 config_key_name(cfg, "labels", i), &v), 0);
	n = config_key_count(cfg, "periods"); /* enumerated, h2 never read */
	assert_int_equal(n, 2);
	assert_string_equal(config_key_name(cfg, "periods", 1), "h2");
	config_string(cfg, "periods", config_key_name(cfg, "periods", 0), &v);

	said = check_says(cfg, &rc);
	assert_int_equal(rc, ASSESS_ECONFIG);
	assert_non_null(said);
	snprintf(err, sizeof err,
	         "assess: %s/t.ini:3: [scheme] promt_share: unknown key; did "
	         "you mean prompt_share?\n"
	         "assess: %s/t.ini:7: [sceme]: unknown section; did you mean "
	         "[scheme]?\n"
	         "assess: %s/t.ini:11: [periods] h2: unknown key; did you mean "
	         "h1?\n"
	         "assess: --set scheme.focus: unknown key; [scheme] has total, "
	         "prompt_share\n"
	         "assess: --set stars.6: unknown key; did you mean stars.5?\n",
	         dir, dir, dir);
	assert_string_equal(said, err);
	free(said);
	config_free(cfg);
}

static void test_a_set_value_is_reported_against_set(void **state)
{
	char err[512], *said;
	size_t n;
	double d;
	assess_config *cfg = load("[scheme]\ntotal = 100\nbar = x\n", err,
	                          sizeof err);
	struct run ctx; /* what diag holds back is the run's */

	(void)state;
	assert_int_equal(config_set(cfg, "scheme.total=abc", err, sizeof err),
	                 0);
	assert_int_equal(config_set(cfg, "new.bar=1", err, sizeof err), 0);
	run_begin(&ctx, NULL, NULL);
	diag_capture_begin();
	assert_int_equal(config_number(cfg, "scheme", "total", 0, 1e9, &d),
	                 ASSESS_ETYPE);
	assert_int_equal(config_number(cfg, "scheme", "bar", 0, 1e9, &d),
	                 ASSESS_ETYPE);
	config_error(cfg, "new", "label", "missing");
	said = diag_capture_end(&n);
	run_end(&ctx);
	snprintf(err, sizeof err,
	         "assess: --set scheme.total: 'abc' is not a number\n"
	         "assess: %s/t.ini:3: [scheme] bar: 'x' is not a number\n"
	         "assess: --set new.bar: [new] label: missing\n", dir);
	assert_string_equal(said, err);
	free(said);
	assert_int_equal(config_set(cfg, "nodot=1", err, sizeof err), -1);
	assert_string_equal(err, "--set 'nodot=1': write SECTION.KEY=VALUE");
	config_free(cfg);
}

static void test_input_section_belongs_to_the_host(void **state)
{
	char err[512], *said;
	int rc;
	assess_config *cfg = load("[input]\nextra_fields = warn\n", err,
	                          sizeof err);

	(void)state;
	assert_int_equal(config_extra_fields(cfg), CONFIG_EXTRA_WARN);
	said = check_says(cfg, &rc);
	assert_int_equal(rc, ASSESS_OK);
	assert_null(said);
	assert_int_equal(config_set(cfg, "input.extra_fields=ignore", err,
	                            sizeof err), 0);
	assert_int_equal(config_extra_fields(cfg), CONFIG_EXTRA_IGNORE);
	assert_int_equal(config_set(cfg, "input.extra_fields=maybe", err,
	                            sizeof err), 0);
	assert_int_equal(config_extra_fields(cfg), CONFIG_EXTRA_REJECT);
	said = check_says(cfg, &rc);
	assert_int_equal(rc, ASSESS_ECONFIG);
	assert_string_equal(said, "assess: --set input.extra_fields: 'maybe' "
	                    "is not reject, warn or ignore\n");
	free(said);
	config_free(cfg);
	cfg = load("[scheme]\n", err, sizeof err);
	assert_int_equal(config_extra_fields(cfg), CONFIG_EXTRA_REJECT);
	config_free(cfg);
}

static void test_relative_paths_follow_where_they_were_given(void **state)
{
	char err[512], what[512], path[512], want[512];
	const char *v;
	assess_config *cfg = load("[community]\nresults = c.json\n"
	                          "other = /abs/c.json\n", err, sizeof err);

	(void)state;
	assert_int_equal(config_string(cfg, "community", "results", &v), 0);
	assert_int_equal(config_value_origin(cfg, v, what, sizeof what,
	                                     path, sizeof path), 0);
	snprintf(want, sizeof want, "%s/c.json", dir);
	assert_string_equal(path, want);
	snprintf(want, sizeof want, "%s/t.ini: [community] results", dir);
	assert_string_equal(what, want);
	assert_int_equal(config_value_origin(cfg, "/abs/c.json", what,
	                                     sizeof what, path, sizeof path),
	                 0);
	assert_string_equal(path, "/abs/c.json");
	assert_int_equal(config_set(cfg, "community.results=d.json", err,
	                            sizeof err), 0);
	assert_int_equal(config_value_origin(cfg, "d.json", what, sizeof what,
	                                     path, sizeof path), 0);
	assert_string_equal(path, "d.json");
	assert_string_equal(what, "--set community.results");
	assert_int_equal(config_value_origin(cfg, "unknown.json", what,
	                                     sizeof what, path, sizeof path),
	                 0);
	assert_string_equal(what, "");
	assert_string_equal(path, "unknown.json");
	config_free(cfg);
}

static int count(void *arg, const assess_record *r)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

static void test_references_must_be_assess_results(void **state)
{
	static const char doc[] = "{\"assess\":{\"plugin\":\"fivegood\"},"
		"\"results\":[{\"id\":\"a\",\"status\":\"ok\"},{\"id\":\"b\","
		"\"status\":\"rejected\"}],\"summary\":{}}\n";
	static const char nd[] = "{\"id\":\"a\",\"status\":\"ok\"}\n"
		"{\"assess\":{\"plugin\":\"fivegood\"},\"summary\":{}}\n";
	static const char raw[] = "{\"id\":\"a\",\"scores\":{}}\n"
		"{\"id\":\"b\",\"scores\":{}}\n";
	char want[65], *said;
	struct sha256 h;
	cJSON *meta;
	size_t n;
	int seen = 0;
	struct record_state records;
	struct slots slots;
	struct run ctx; /* the files read are the run's */

	(void)state;
	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	assert_int_equal(refs_read(file_with("doc.json", doc, strlen(doc)),
	                           count, &seen), ASSESS_OK);
	assert_int_equal(seen, 2);
	assert_int_equal(refs_read(file_with("nd.ndjson", nd, strlen(nd)),
	                           count, &seen), ASSESS_OK);
	assert_int_equal(seen, 3);
	assert_int_equal(refs_failed(), REFS_OK);
	meta = refs_metadata();
	sha256_init(&h);
	sha256_update(&h, doc, strlen(doc));
	sha256_hex(&h, want);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(meta, 0),
	                    "sha256")->valuestring, want);
	cJSON_Delete(meta);
	diag_capture_begin();
	assert_int_equal(refs_read(file_with("raw.ndjson", raw, strlen(raw)),
	                           count, &seen), ASSESS_ETYPE);
	said = diag_capture_end(&n);
	assert_int_equal(seen, 3); /* nothing reached the plugin */
	assert_int_equal(refs_failed(), REFS_NOT_RESULTS);
	assert_non_null(strstr(said, "raw.ndjson: not the output of an assess "
	                       "run (2 records without \"status\", no assess "
	                       "metadata)"));
	free(said);
	refs_reset();
	run_end(&ctx);
	slots_free(&slots);
	record_state_free(&records);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_are_read_as_written),
		cmocka_unit_test(test_traps_are_refused_with_the_line),
		cmocka_unit_test(test_long_names_are_refused_not_cut),
		cmocka_unit_test(test_the_hash_is_of_the_bytes_read),
		cmocka_unit_test(test_keys_never_asked_for_are_reported),
		cmocka_unit_test(test_a_set_value_is_reported_against_set),
		cmocka_unit_test(test_input_section_belongs_to_the_host),
		cmocka_unit_test(test_relative_paths_follow_where_they_were_given),
		cmocka_unit_test(test_references_must_be_assess_results),
	};
	return cmocka_run_group_tests_name("config", tests, make_dir,
	                                   remove_dir);
}
