/*
 * test_spec.c - unit tests of the SDK's config table (assess_config_key),
 * against the mock host: what it loads, what it reports and how, that it
 * asks for every key it declares, and the config_keys lines it describes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assess/scheme.h"
#include "mock_host.h"

struct settings {
	double total, share;
	long focus, tier1;
	int strict, policy;
	char *name, *rating[3], *file, *via;
};

#define AT(m) offsetof(struct settings, m)

static const assess_config_key spec[] = {
	{ .section = "scheme", .key = "total", .kind = ASSESS_CONF_NUMBER,
	  .max = 1000, .def = 100, .offset = AT(total) },
	{ .section = "scheme", .key = "share", .kind = ASSESS_CONF_PERCENT,
	  .def = 0.6, .offset = AT(share) },
	{ .section = "scheme", .key = "focus", .kind = ASSESS_CONF_INT,
	  .max = 10, .def = 3, .offset = AT(focus) },
	{ .section = "scheme", .key = "strict", .kind = ASSESS_CONF_BOOL,
	  .def = 1, .offset = AT(strict) },
	{ .section = "scheme", .key = "policy", .kind = ASSESS_CONF_CHOICE,
	  .choices = "keep|drop|warn", .offset = AT(policy) },
	{ .section = "scheme", .key = "name", .kind = ASSESS_CONF_STRING,
	  .def_str = "none", .offset = AT(name) },
	{ .section = "item.KEY", .key = "label, max",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "ratings", .key = "0", .kind = ASSESS_CONF_LABEL,
	  .required = 1, .offset = AT(rating[0]), .doc = "what 0 is called" },
	{ .section = "ratings", .key = "1", .kind = ASSESS_CONF_LABEL,
	  .required = 1, .offset = AT(rating[1]), .doc = "what 1 is called" },
	{ .section = "ratings", .key = "2", .kind = ASSESS_CONF_LABEL,
	  .offset = AT(rating[2]), .def_str = "two" },
	{ .section = "tiers", .key = "tier1", .kind = ASSESS_CONF_INT,
	  .max = 5, .required = 1, .unit = "stars", .offset = AT(tier1) },
	{ .section = "feed", .key = "results", .kind = ASSESS_CONF_STRING,
	  .def_str = "", .value = "FILE", .offset = AT(file) },
	{ .section = "feed", .key = "via", .kind = ASSESS_CONF_STRING,
	  .offset = AT(via) }
};
#define NSPEC (sizeof spec / sizeof *spec)

#define RATINGS "[ratings]\n0 = zero\n1 = one\n[tiers]\ntier1 = 4\n"

/* Load spec from ini; the code, with the error (if any) in *err. */
static int load(const char *ini, struct settings *s, const char **err)
{
	static char last[1024];
	assess_config *cfg = mock_config_new(ini);
	int rc;

	assert_non_null(cfg);
	memset(s, 0, sizeof *s);
	rc = assess_config_spec_load(&mock_host, cfg, spec, NSPEC, s);
	snprintf(last, sizeof last, "%s", mock_config_error(cfg)
	         ? mock_config_error(cfg) : "");
	*err = last;
	if (rc == ASSESS_OK)
		assert_null(mock_config_unasked(cfg));
	mock_config_free(cfg);
	return rc;
}

static void test_spec_absent_keys_take_defaults(void **state)
{
	struct settings s;
	const char *err;

	(void)state;
	assert_int_equal(load(RATINGS, &s, &err), ASSESS_OK);
	assert_true(s.total == 100 && s.share == 0.6);
	assert_int_equal(s.focus, 3);
	assert_int_equal(s.strict, 1);
	assert_int_equal(s.policy, 0);
	assert_string_equal(s.name, "none");
	assert_string_equal(s.rating[0], "zero");
	assert_string_equal(s.rating[2], "two");
	assert_int_equal(s.tier1, 4);
	assert_string_equal(s.file, "");
	assert_null(s.via); /* no default */
	assess_config_spec_free(spec, NSPEC, &s);
	assert_null(s.name);
}

static void test_spec_reads_every_kind_and_asks_every_key(void **state)
{
	struct settings s;
	const char *err;

	(void)state;
	assert_int_equal(load("[scheme]\ntotal = 90.5\nshare = 75%\nfocus = 0\n"
	                      "strict = no\npolicy = warn\nname = 名\n"
	                      "[ratings]\n0 = zero\n1 = one\n2 = 二\n"
	                      "[tiers]\ntier1 = 4\n", &s, &err), ASSESS_OK);
	assert_true(s.total == 90.5 && s.share == 0.75);
	assert_int_equal(s.focus, 0);
	assert_int_equal(s.strict, 0);
	assert_int_equal(s.policy, 2);
	assert_string_equal(s.name, "名");
	assert_string_equal(s.rating[2], "二");
	assess_config_spec_free(spec, NSPEC, &s);
}

/* Each error as the host words it, the first one stopping the load. */
static void test_spec_reports_what_is_wrong(void **state)
{
	static const struct {
		const char *ini, *err;
	} cases[] = {
		{ "[ratings]\n0 = zero\n", "[ratings] 1: missing: what 1 is called" },
		{ "[ratings]\n0 = zero\n1 =\n[tiers]\ntier1 = 4\n",
		  "[ratings] 1: missing: what 1 is called" },
		{ "[ratings]\n0 = zero\n1 = one\n", "[tiers] tier1: missing" },
		{ "[ratings]\n0 = zero\n1 = one\n2 =\n[tiers]\ntier1 = 4\n",
		  "[ratings] 2: empty: users read it" },
		{ "[tiers]\ntier1 = 6\n" RATINGS, "[tiers] tier1: 6 is outside 0..5" },
		{ "[scheme]\ntotal = lots\n" RATINGS,
		  "[scheme] total: 'lots' is not a number" },
		{ "[scheme]\nshare = 0.6\n" RATINGS,
		  "[scheme] share: '0.6' is a number, not a percentage: write 60%" },
		{ "[scheme]\nstrict = maybe\n" RATINGS,
		  "[scheme] strict: 'maybe' is not true or false" },
		{ "[scheme]\npolicy = toss\n" RATINGS,
		  "[scheme] policy: 'toss' is not keep, drop or warn" },
	};
	struct settings s;
	const char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(load(cases[i].ini, &s, &err), ASSESS_ECONFIG);
		assert_string_equal(err, cases[i].err);
		assess_config_spec_free(spec, NSPEC, &s);
	}
}

static void test_spec_describes_runs_of_keys(void **state)
{
	assess_node *n = mock_node_new();
	assess_node *arr = mock_host.put_array(n, "config_keys");
	char *text;

	(void)state;
	assert_int_equal(assess_config_spec_describe(&mock_host, spec, NSPEC,
	                                             arr), ASSESS_OK);
	text = cJSON_PrintUnformatted(mock_get(mock_node_json(n),
	                                       "config_keys"));
	assert_string_equal(text, "[\"[scheme] total, share, focus, strict, "
	                    "policy = keep|drop|warn, name\",\"[item.KEY] label, "
	                    "max\",\"[ratings] 0..2 = label\",\"[tiers] tier1 "
	                    "(stars 0..5)\",\"[feed] results = FILE, via\"]");
	cJSON_free(text);
	mock_node_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_absent_keys_take_defaults),
		cmocka_unit_test(test_spec_reads_every_kind_and_asks_every_key),
		cmocka_unit_test(test_spec_reports_what_is_wrong),
		cmocka_unit_test(test_spec_describes_runs_of_keys),
	};
	return cmocka_run_group_tests_name("spec", tests, NULL, NULL);
}
