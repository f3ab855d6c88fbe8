/*
 * test_amend.c - unit tests of core/amend.c and core/amend_merge.c: the
 * amendments a finish step makes, kept as 8-byte entries with their
 * text in a temporary file, merged into the spooled results as a user
 * reads them in the output: out of handle order, two of one result, a
 * member replaced in place, a rejected result left as it was, lines
 * longer than a read block, lines of more members than the merge keeps, the JSON and NDJSON layouts, and the round
 * trip out of an isolated child.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "amend.h"
#include "run.h"
#include "host.h"

static const assess_host *h = &host_table;

/* Each test in a run of its own, holding its amendments. */
#include "amend_run.h"

/* The whole text of fp, NUL-terminated; the caller frees it. */
static char *slurp(FILE *fp)
{
	long n;
	char *s;

	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	s = calloc(1, (size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	return s;
}

/* The spool lines with the amendments merged by amend_copy (json: the
 * results document's layout; threaded: written by the pass's own
 * thread); the caller frees it. */
static char *copy(const char *lines, int json, int threaded)
{
	FILE *spool = tmpfile(), *out = tmpfile();
	char *got;

	assert_non_null(spool);
	assert_non_null(out);
	fputs(lines, spool);
	assert_int_equal(amend_copy(spool, out, json, threaded), 0);
	got = slurp(out);
	fclose(spool);
	fclose(out);
	return got;
}

/* The same through amend_apply: the new spool's text. */
static char *apply(const char *lines)
{
	FILE *spool = tmpfile();
	char *got;

	assert_non_null(spool);
	fputs(lines, spool);
	assert_int_equal(amend_apply(&spool), 0);
	got = slurp(spool);
	fclose(spool);
	return got;
}

/* A finish step starts, with handles 1..n given out. */
static void finishing(long n)
{
	amend_handle(n);
	amend_finishing(1);
}

static void test_out_of_order_and_two_of_one_result_spliced(void **state)
{
	char *got;

	(void)state;
	finishing(3);
	h->put_int(h->amend(3), "rank", 1);
	h->put_string(h->amend(1), "helping", "b");
	h->put_int(h->amend(3), "stars", 4); /* a second amendment of 3 */
	h->put_bool(h->amend(2), "paired", 1);
	amend_finishing(0);
	assert_int_equal(amend_count(), 4);
	assert_int_equal(amend_bytes(), 4 * 8);
	/* {"rank":1} {"helping":"b"} {"stars":4} {"paired":true} */
	assert_int_equal(amend_disk_bytes(), 10 + 15 + 11 + 15);
	got = copy("{\"id\":\"a\",\"status\":\"ok\"}\n"
	           "{\"id\":\"b\",\"status\":\"ok\"}\n"
	           "{\"id\":\"c\",\"status\":\"ok\",\"next\":{\"rank\":9}}\n", 0, 1);
	assert_string_equal(got,
	        "{\"id\":\"a\",\"status\":\"ok\",\"helping\":\"b\"}\n"
	        "{\"id\":\"b\",\"status\":\"ok\",\"paired\":true}\n"
	        "{\"id\":\"c\",\"status\":\"ok\",\"next\":{\"rank\":9},"
	        "\"rank\":1,\"stars\":4}\n");
	free(got);
	assert_int_equal(amend_count(), 0); /* a document is written once */
}

static void test_member_replaced_in_place_and_rejected_kept(void **state)
{
	char *got;

	(void)state;
	finishing(4);
	h->put_int(h->amend(1), "stars", 4);
	h->put_int(h->amend(1), "rank", 2);
	h->put_int(h->amend(2), "rank", 1); /* given twice: the last wins */
	h->put_int(h->amend(2), "rank", 3);
	h->put_int(h->amend(3), "stars", 1);
	amend_finishing(0);
	/* a string ending in an escaped backslash before the member */
	got = apply("{\"id\":\"a\",\"status\":\"ok\",\"s\":\"q\\\\\",\"stars\":5,"
	            "\"x\":1}\n"
	            "{\"id\":\"b\",\"status\":\"ok\"}\n"
	            "{\"id\":\"c\",\"status\":\"rejected\",\"errors\":[]}\n"
	            "{\"id\":\"d\",\"status\":\"ok\"}\n");
	assert_string_equal(got,
	        "{\"id\":\"a\",\"status\":\"ok\",\"s\":\"q\\\\\",\"stars\":4,"
	        "\"x\":1,"
	        "\"rank\":2}\n"
	        "{\"id\":\"b\",\"status\":\"ok\",\"rank\":3}\n"
	        "{\"id\":\"c\",\"status\":\"rejected\",\"errors\":[]}\n"
	        "{\"id\":\"d\",\"status\":\"ok\"}\n");
	free(got);
}

static void test_json_and_ndjson_layouts(void **state)
{
	const char *spool = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}";
	char *got;
	int json;

	(void)state;
	for (json = 0; json <= 1; json++) {
		finishing(3);
		h->put_string(h->amend(2), "k\"ey", "v"); /* an escaped key */
		h->put_null(h->amend(9), "none"); /* no such handle: refused */
		amend_finishing(0);
		got = copy(spool, json, json);
		/* the last line lacks its newline: NDJSON gets one */
		assert_string_equal(got, json
		        ? "    {\"id\":\"a\"},\n    {\"id\":\"b\",\"k\\\"ey\":\"v\"},"
		          "\n    {\"id\":\"c\"}"
		        : "{\"id\":\"a\"}\n{\"id\":\"b\",\"k\\\"ey\":\"v\"}\n"
		          "{\"id\":\"c\"}\n");
		free(got);
	}
}

/* A result of len bytes or more: {"id":"<id>","status":"ok","pad":"x.."} */
static char *long_result(const char *id, size_t len)
{
	char *s = malloc(len + 64);
	int n;

	assert_non_null(s);
	n = sprintf(s, "{\"id\":\"%s\",\"status\":\"ok\",\"pad\":\"", id);
	memset(s + n, 'x', len);
	strcpy(s + n + len, "\"}");
	return s;
}

/* Lines longer than the window of the spool mapped at once (4 MB), and
 * one across its end. */
static void test_lines_longer_than_a_window(void **state)
{
	char *a = long_result("a", 4500000), *b = long_result("b", 3000000);
	char *lines, *want, *got;
	size_t la = strlen(a), lb = strlen(b);

	(void)state;
	lines = malloc(la + lb + 256);
	want = malloc(la + lb + 256);
	/* short, long amended, long as it was, short amended, short */
	sprintf(lines, "{\"id\":\"s\"}\n%s\n%s\n{\"id\":\"t\"}\n{\"id\":\"u\"}\n",
	        a, b);
	finishing(5);
	h->put_int(h->amend(2), "rank", 1);
	h->put_int(h->amend(4), "rank", 2);
	amend_finishing(0);
	got = apply(lines);
	a[la - 1] = '\0'; /* its closing brace, for the splice */
	sprintf(want, "{\"id\":\"s\"}\n%s,\"rank\":1}\n%s\n{\"id\":\"t\","
	        "\"rank\":2}\n{\"id\":\"u\"}\n", a, b);
	assert_string_equal(got, want);
	free(got);
	free(lines);
	free(want);
	free(a);
	free(b);
}

/* A result line of id and 200 members m0..m199 (m150 as v150), then
 * tail; the caller frees it. */
static char *wide_result(const char *id, const char *v150, const char *tail)
{
	char *s = malloc(4096), *p = s;
	int i;

	p += sprintf(p, "{\"id\":\"%s\"", id);
	for (i = 0; i < 200; i++)
		p += i == 150 ? sprintf(p, ",\"m150\":%s", v150)
		              : sprintf(p, ",\"m%d\":%d", i, i);
	sprintf(p, "%s}", tail);
	return s;
}

static void test_lines_of_more_members_than_kept(void **state)
{
	char *a = wide_result("a", "150", ",\"status\":\"rejected\"");
	char *b = wide_result("b", "150", ""), *bw = wide_result("b", "-1", "");
	char *c = wide_result("c", "150", ""), *lines, *want, *got;

	(void)state;
	lines = malloc(3 * 4096);
	want = malloc(3 * 4096);
	sprintf(lines, "%s\n%s\n%s\n", a, b, c);
	finishing(3);
	h->put_int(h->amend(1), "rank", 1); /* status found past the keys kept */
	h->put_int(h->amend(2), "m150", -1); /* a member past them: replaced */
	h->put_int(h->amend(2), "rank", 2);
	h->put_int(h->amend(3), "rank", 3); /* a new one: added once */
	amend_finishing(0);
	got = apply(lines);
	bw[strlen(bw) - 1] = '\0';
	c[strlen(c) - 1] = '\0';
	sprintf(want, "%s\n%s,\"rank\":2}\n%s,\"rank\":3}\n", a, bw, c);
	assert_string_equal(got, want);
	free(got);
	free(lines);
	free(want);
	free(a);
	free(b);
	free(bw);
	free(c);
}

/* The amendments of many results, in handle order (forward) or against
 * it, texts large enough to need several read-ahead windows, and one
 * text larger than a window. */
static void many_results(int forward)
{
	enum { N = 3000 };
	static char spool[N * 16], want[N * 200 + 70000];
	char pad[101], *big, *got, *p = spool, *w = want;
	long i, k;

	memset(pad, 'p', 100);
	pad[100] = '\0';
	big = malloc(70001);
	memset(big, 'B', 70000);
	big[70000] = '\0';
	finishing(N);
	for (i = 0; i < N; i++) {
		k = forward ? i + 1 : N - i;
		h->put_string(h->amend((uint64_t)k), "pad", pad);
	}
	for (i = 0; i < N; i++) { /* a second one of every third, reversed */
		k = forward ? N - i : i + 1;
		if (k % 3 == 0)
			h->put_int(h->amend((uint64_t)k), "n", k);
	}
	h->put_string(h->amend(7), "big", big);
	amend_finishing(0);
	for (k = 1; k <= N; k++) {
		p += sprintf(p, "{\"i\":%ld}\n", k);
		w += sprintf(w, "{\"i\":%ld,\"pad\":\"%s\"", k, pad);
		if (k % 3 == 0)
			w += sprintf(w, ",\"n\":%ld", k);
		if (k == 7)
			w += sprintf(w, ",\"big\":\"%s\"", big);
		w += sprintf(w, "}\n");
	}
	got = copy(spool, 0, forward); /* written a block at a time */
	assert_string_equal(got, want);
	free(got);
	free(big);
}

static void test_many_results_in_handle_order(void **state)
{
	(void)state;
	many_results(1);
}

static void test_many_results_against_handle_order(void **state)
{
	(void)state;
	many_results(0);
}

static void test_export_import_round_trip(void **state)
{
	cJSON *list;
	char *text, *got;

	(void)state;
	finishing(3);
	h->put_int(h->amend(2), "a", 1);
	h->put_string(h->put_object(h->amend(1), "pairing"), "helper", "x");
	h->put_bool(h->amend(2), "c", 1);
	amend_finishing(0);
	list = amend_export();
	assert_non_null(list);
	text = cJSON_PrintUnformatted(list);
	assert_string_equal(text, "[[2,{\"a\":1}],"
	                    "[1,{\"pairing\":{\"helper\":\"x\"}}],[2,{\"c\":true}]]");
	cJSON_free(text);
	amend_free(run_active()->amend); /* the parent holds none of its own */
	assert_int_equal(amend_import(list), 0);
	cJSON_Delete(list);
	assert_int_equal(amend_count(), 3);
	got = copy("{\"id\":\"p\"}\n{\"id\":\"q\"}\n", 0, 0);
	assert_string_equal(got, "{\"id\":\"p\",\"pairing\":{\"helper\":\"x\"}}\n"
	                    "{\"id\":\"q\",\"a\":1,\"c\":true}\n");
	free(got);
	list = cJSON_Parse("[[1,{\"a\":1}],[1,\"not an object\"]]");
	assert_int_equal(amend_import(list), -1);
	cJSON_Delete(list);
	amend_free(run_active()->amend);
}

/* A full disk under the output: the copy fails and says why, whether it
 * writes on its own thread or on the caller's. */
static void test_write_failure_said(void **state)
{
	FILE *spool, *out;
	int threaded, i;

	(void)state;
	for (threaded = 0; threaded <= 1; threaded++) {
		assert_non_null(spool = tmpfile());
		assert_non_null(out = fopen("/dev/full", "w"));
		for (i = 0; i < 40000; i++) /* more than one block written */
			fprintf(spool, "{\"id\":\"r%d\",\"status\":\"ok\"}\n", i);
		finishing(40000);
		h->put_int(h->amend(20000), "rank", 1);
		amend_finishing(0);
		errno = 0;
		assert_int_equal(amend_copy(spool, out, 0, threaded), -1);
		assert_int_equal(errno, ENOSPC);
		fclose(spool);
		fclose(out);
	}
}

static void test_text_over_the_limit_fails_not_truncated(void **state)
{
	size_t len = 16u << 20;
	char *s = malloc(len + 1);
	FILE *spool = tmpfile();
	FILE *was = spool;

	(void)state;
	memset(s, 'z', len);
	s[len] = '\0';
	finishing(1);
	h->put_string(h->amend(1), "huge", s);
	h->put_int(h->amend(1), "rank", 1);
	amend_finishing(0);
	assert_int_equal(amend_failed(), EFBIG); /* not dropped: said */
	assert_null(amend_export());
	fputs("{\"id\":\"a\"}\n", spool);
	errno = 0;
	assert_int_equal(amend_apply(&spool), -1);
	assert_int_equal(errno, EFBIG);
	assert_ptr_equal(spool, was); /* left as it was */
	fclose(spool);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_out_of_order_and_two_of_one_result_spliced,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_member_replaced_in_place_and_rejected_kept,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_json_and_ndjson_layouts,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_lines_longer_than_a_window,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_lines_of_more_members_than_kept,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_many_results_in_handle_order,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_many_results_against_handle_order,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_export_import_round_trip,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_write_failure_said,
		                                amend_run_begin, amend_run_end),
		cmocka_unit_test_setup_teardown(test_text_over_the_limit_fails_not_truncated,
		                                amend_run_begin, amend_run_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
