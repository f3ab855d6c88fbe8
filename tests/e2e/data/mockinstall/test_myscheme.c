/*
 * test_myscheme.c - a unit test of the template plugin on the installed
 * mock host, as the plugin guide's "Testing a plugin without assess"
 * writes one: built with pkg-config's assess-mock and cmocka only, the
 * plugin's source compiled in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mock_host.h"
#include "myscheme.c"

static void test_grades_of_the_example_records(void **state)
{
	mock_run r;

	(void)state;
	assert_int_equal(mock_run_start(&r, ASSESS_ENTRY(), "myscheme.ini"),
	                 ASSESS_OK);
	assert_int_equal(mock_run_feed(&r, "{\"id\":\"t-1\",\"name\":\"先锋\","
	                 "\"scores\":{\"organisation\":38,\"work\":36,"
	                 "\"discipline\":19},\"bonus\":{\"innovation\":5,"
	                 "\"honours\":3},\"indicators\":{\"innovation_project\":"
	                 "true}}"), ASSESS_OK);
	assert_int_equal(mock_run_got(&r, "grade")->valueint, 3);
	assert_string_equal(mock_run_got(&r, "rating")->valuestring, "优秀");
	/* an item written under its label: the key to use is named */
	assert_int_equal(mock_run_feed(&r, "{\"id\":\"t-9\",\"name\":\"x\","
	                 "\"scores\":{\"组织建设\":38,\"work\":36,"
	                 "\"discipline\":19}}"), ASSESS_EREJECT);
	assert_string_equal(mock_result_error(r.res, 0), "scores.组织建设: "
	                    "\"组织建设\" is the label of organisation; use the key "
	                    "\"organisation\"");
	assert_int_equal(mock_run_finish(&r), ASSESS_OK);
	mock_run_stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grades_of_the_example_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
