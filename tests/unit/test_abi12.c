/*
 * test_abi12.c - unit tests of the host's ABI 1.2 services on core/
 * itself: declarations and the one-walk slot table (the host's own
 * rejections of a missing or mistyped declared field), value iterators
 * over keys no path can name, and amendments from finish merged into the
 * spooled results, a rejected result left as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "amend.h"
#include "diag.h"
#include "run.h"
#include "verdict.h"
#include "host.h"
#include "record.h"
#include "slots.h"

static const assess_host *h = &host_table;

/* Declare as create would. */
static int declare(const char *path, int type, int flags)
{
	int s;

	slots_creating(1);
	s = h->declare(path, type, flags);
	slots_creating(0);
	return s;
}

static void test_declare_only_in_create_and_paths_checked(void **state)
{
	struct run ctx;
	struct record_state records;
	struct slots slots;

	(void)state;
	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	assert_int_equal(h->declare("scores", ASSESS_TYPE_OBJECT,
	                            ASSESS_FIELD_REQUIRED), ASSESS_EINVAL);
	assert_int_equal(declare("a..b", ASSESS_TYPE_ANY, 0), ASSESS_EINVAL);
	assert_int_equal(declare("a[0]", ASSESS_TYPE_ANY, 0), ASSESS_EINVAL);
	assert_int_equal(declare(".a", ASSESS_TYPE_ANY, 0), ASSESS_EINVAL);
	assert_int_equal(declare("a", ASSESS_TYPE_MISSING, 0), ASSESS_EINVAL);
	assert_int_equal(declare("a", ASSESS_TYPE_ANY, 2), ASSESS_EINVAL);
	assert_int_equal(declare("x.y", ASSESS_TYPE_NUMBER, 0), 0);
	/* twice: the same slot, the stricter flags */
	assert_int_equal(declare("x.y", ASSESS_TYPE_NUMBER,
	                         ASSESS_FIELD_REQUIRED), 0);
	/* ANY fits any type; two types for one field are a mistake */
	assert_int_equal(declare("x.y", ASSESS_TYPE_ANY, 0), 0);
	assert_int_equal(declare("x.y", ASSESS_TYPE_STRING, 0), ASSESS_EINVAL);
	assert_int_equal(slots_count(), 1);
	run_end(&ctx);
	slots_free(&slots);
	record_state_free(&records);
}

/* Reject messages of res, "path: message" joined by "|". */
static void errors_of(const assess_result *res, char *buf, size_t len)
{
	const cJSON *e;
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(e, res->errors)
		n += (size_t)snprintf(buf + n, len - n, "%s%s: %s", n ? "|" : "",
		                      cJSON_GetObjectItem(e, "path")->valuestring,
		                      cJSON_GetObjectItem(e, "message")->valuestring);
}

static int assessed;

static int count_assess(void *st, const assess_record *rec,
                        assess_result *res)
{
	(void)st;
	(void)rec;
	(void)res;
	assessed++;
	return ASSESS_OK;
}

static const assess_plugin counter = {
	.size = sizeof(assess_plugin), .abi_version = ASSESS_ABI_VERSION,
	.name = "counter", .version = "1", .description = "counts",
	.assess = count_assess,
};

static void test_slots_read_one_walk_and_host_rejects(void **state)
{
	int team, name, hist, flag;
	cJSON *root = cJSON_Parse("{\"id\":\"r1\",\"name\":\"n\",\"scores\":"
	                          "{\"other\":1,\"team\":12.5},\"history\":"
	                          "[1,2,3],\"flag\":\"yes\"}");
	struct run ctx;
	struct record_state records;
	struct slots slots;
	assess_record rec = { root, "r1", &ctx };
	assess_result res = { .file = "f", .line = 1, .index = 1, .id = "r1",
	                      .run = &ctx };
	double v = 0;
	const char *s;
	char errs[512];

	(void)state;
	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	team = declare("scores.team", ASSESS_TYPE_NUMBER, ASSESS_FIELD_REQUIRED);
	name = declare("name", ASSESS_TYPE_STRING, ASSESS_FIELD_OPTIONAL);
	hist = declare("history", ASSESS_TYPE_ARRAY, ASSESS_FIELD_OPTIONAL);
	flag = declare("flag", ASSESS_TYPE_BOOL, ASSESS_FIELD_OPTIONAL);
	record_reading(ctx.record, 1);
	assert_int_equal(h->slot_number(&rec, team, &v), ASSESS_OK);
	assert_true(v == 12.5);
	assert_int_equal(h->slot_string(&rec, name, &s), ASSESS_OK);
	assert_string_equal(s, "n");
	assert_int_equal(h->slot_count(&rec, hist), 3);
	assert_int_equal(h->slot_type(&rec, flag), ASSESS_TYPE_STRING);
	assert_int_equal(h->slot_number(&rec, 99, &v), ASSESS_EINVAL);
	record_reading(ctx.record, 0);

	/* the host's own check, before the plugin: the mistyped field */
	declare("scores.missing", ASSESS_TYPE_NUMBER, ASSESS_FIELD_REQUIRED);
	res.root = cJSON_CreateObject();
	assessed = 0;
	diag_mute(1);
	assert_int_equal(verdict_call(&counter, NULL, &rec, &res),
	                 ASSESS_EREJECT);
	diag_mute(0);
	assert_int_equal(assessed, 0);
	errors_of(&res, errs, sizeof errs);
	assert_string_equal(errs, "flag: must be a boolean, not a string|"
	                    "scores.missing: missing");
	cJSON_Delete(res.errors);
	cJSON_Delete(res.root);
	cJSON_Delete(root);
	run_end(&ctx);
	slots_free(&slots);
	record_state_free(&records);
}

static void test_values_iterate_keys_no_path_can_name(void **state)
{
	cJSON *root = cJSON_Parse("{\"id\":\"r\",\"m\":{\"a.b\":1,\"c[0]\":"
	                          "true,\"\":\"e\"},\"arr\":[{\"k\":5},2]}");
	struct run ctx;
	struct record_state records;
	struct slots slots;
	assess_record rec = { root, "r", &ctx };
	const assess_value *m, *it, *arr;
	const char *key, *s;
	double v;
	int slot, b;

	(void)state;
	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	slot = declare("m", ASSESS_TYPE_OBJECT, ASSESS_FIELD_OPTIONAL);
	record_reading(ctx.record, 1);
	m = h->slot(&rec, slot);
	assert_int_equal(h->value_count(m), 3);
	it = h->value_item(m, 0, &key);
	assert_string_equal(key, "a.b");
	assert_int_equal(h->value_number(it, &v), ASSESS_OK);
	assert_true(v == 1);
	it = h->value_item(m, 1, &key);
	assert_string_equal(key, "c[0]");
	assert_int_equal(h->value_bool(it, &b), ASSESS_OK);
	assert_true(b);
	it = h->value_item(m, 2, &key);
	assert_string_equal(key, "");
	assert_int_equal(h->value_string(it, &s), ASSESS_OK);
	assert_string_equal(s, "e");
	assert_null(h->value_item(m, 3, &key));
	assert_null(key);
	assert_non_null(h->value_member(m, "a.b"));
	/* an absent field is a NULL value every call takes */
	assert_int_equal(h->value_type(NULL), ASSESS_TYPE_MISSING);
	assert_int_equal(h->value_count(NULL), 0);
	assert_int_equal(h->value_number(NULL, &v), ASSESS_ENOENT);
	assert_null(h->value_item(NULL, 0, NULL));
	/* arrays: elements without keys, members of an element by key */
	arr = (const assess_value *)cJSON_GetObjectItem(root, "arr");
	it = h->value_item(arr, 0, &key);
	assert_null(key);
	assert_int_equal(h->value_number(h->value_member(it, "k"), &v),
	                 ASSESS_OK);
	assert_true(v == 5);
	record_reading(ctx.record, 0);
	cJSON_Delete(root);
	run_end(&ctx);
	slots_free(&slots);
	record_state_free(&records);
}

/* Each test in a run of its own, holding its amendments. */
#include "amend_run.h"

/* The spool's text after amend_apply. */
static char *apply(const char *lines)
{
	FILE *spool = tmpfile();
	char *out;
	long n;

	fputs(lines, spool);
	assert_int_equal(amend_apply(&spool), 0);
	fseek(spool, 0, SEEK_END);
	n = ftell(spool);
	rewind(spool);
	out = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(out, 1, (size_t)n, spool), (size_t)n);
	fclose(spool);
	return out;
}

static void test_amendments_merged_into_the_spool(void **state)
{
	assess_result r2 = { .index = 2 }, r3 = { .index = 3 };
	uint64_t h2 = h->result_handle(&r2), h3 = h->result_handle(&r3);
	assess_node *n;
	char *got;

	(void)state;
	assert_true(h2 == 2 && h3 == 3);
	/* only in finish, only for handles given out */
	assert_null(h->amend(h2));
	amend_finishing(1);
	assert_null(h->amend(0));
	assert_null(h->amend(4));
	n = h->amend(h3);
	assert_int_equal(h->put_int(n, "rank", 1), ASSESS_OK);
	assert_int_equal(h->put_string(n, "status", "x"), ASSESS_EINVAL);
	assert_int_equal(h->put_string(n, "id", "x"), ASSESS_EINVAL);
	n = h->amend(h2);
	h->put_int(n, "stars", 4);
	h->put_object(n, "quota");
	n = h->amend(h2); /* a second amendment of the same result */
	h->put_int(n, "rank", 2);
	amend_finishing(0);
	assert_true(amend_count() == 3);
	assert_true(amend_bytes() > 0);
	got = apply("{\"id\":\"a\",\"status\":\"ok\"}\n"
	            "{\"id\":\"b\",\"status\":\"ok\",\"stars\":5,\"x\":1}\n"
	            "{\"id\":\"c\",\"status\":\"rejected\",\"errors\":[]}\n");
	assert_string_equal(got,
	        "{\"id\":\"a\",\"status\":\"ok\"}\n"
	        "{\"id\":\"b\",\"status\":\"ok\",\"stars\":4,\"x\":1,"
	        "\"quota\":{},\"rank\":2}\n"
	        "{\"id\":\"c\",\"status\":\"rejected\",\"errors\":[]}\n");
	free(got);
	/* nothing held: the spool is left as it was */
	got = apply("{\"id\":\"a\"}\n");
	assert_string_equal(got, "{\"id\":\"a\"}\n");
	free(got);
}

static void test_amendments_carried_out_of_a_child(void **state)
{
	assess_result r1 = { .index = 1 };
	cJSON *list;
	char *got;

	(void)state;
	h->result_handle(&r1);
	amend_finishing(1);
	h->put_string(h->amend(1), "helping", "w");
	amend_finishing(0);
	list = amend_export();
	assert_non_null(list);
	amend_free(run_active()->amend);
	assert_int_equal(amend_import(list), 0);
	cJSON_Delete(list);
	list = cJSON_Parse("[[0,{}]]");
	assert_int_equal(amend_import(list), -1);
	cJSON_Delete(list);
	got = apply("{\"id\":\"a\",\"status\":\"ok\"}\n");
	assert_string_equal(got, "{\"id\":\"a\",\"status\":\"ok\","
	                    "\"helping\":\"w\"}\n");
	free(got);
}

static void test_amendments_spliced_in_document_layout(void **state)
{
	assess_result r1 = { .index = 1 }, r2 = { .index = 2 };
	FILE *spool = tmpfile(), *out = tmpfile();
	char got[512];
	size_t n;

	(void)state;
	h->result_handle(&r1);
	h->result_handle(&r2);
	amend_finishing(1);
	/* a member named as one nested in the result: still a new one */
	h->put_int(h->amend(1), "stars", 4);
	h->put_string(h->put_object(h->amend(2), "pairing"), "helper", "a\"b");
	amend_finishing(0);
	fputs("{\"id\":\"x\",\"status\":\"ok\",\"next\":{\"stars\":5},"
	      "\"s\":\"}\\\",\\\"stars\\\":\"}\n"
	      "{\"id\":\"y\",\"status\":\"ok\",\"e\":[]}\n", spool);
	assert_int_equal(amend_copy(spool, out, 1, 0), 0);
	rewind(out);
	n = fread(got, 1, sizeof got - 1, out);
	got[n] = '\0';
	assert_string_equal(got,
	        "    {\"id\":\"x\",\"status\":\"ok\",\"next\":{\"stars\":5},"
	        "\"s\":\"}\\\",\\\"stars\\\":\",\"stars\":4},\n"
	        "    {\"id\":\"y\",\"status\":\"ok\",\"e\":[],"
	        "\"pairing\":{\"helper\":\"a\\\"b\"}}");
	fclose(spool);
	fclose(out);
	amend_free(run_active()->amend);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_declare_only_in_create_and_paths_checked),
		cmocka_unit_test(test_slots_read_one_walk_and_host_rejects),
		cmocka_unit_test(test_values_iterate_keys_no_path_can_name),
		cmocka_unit_test_setup_teardown(test_amendments_merged_into_the_spool,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_amendments_carried_out_of_a_child,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_amendments_spliced_in_document_layout,
		                                amend_run_begin, amend_run_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
