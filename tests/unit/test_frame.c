/*
 * test_frame.c - unit tests of the messages between assess and an
 * isolated plugin's child (core/frame.c), on a socketpair: what arrives
 * is what was sent, whatever its size; a deadline is kept; the end of the
 * stream and a broken length are errors, never a message.
 */
#define _DEFAULT_SOURCE /* socketpair's AF_UNIX under -std=c11 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "isolate_frame.h"

static void pair(int sv[2])
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
}

static void test_frame_message_arrives_whole_with_its_type(void **state)
{
	int sv[2];
	char *body;

	(void)state;
	pair(sv);
	assert_int_equal(isolate_frame_send(sv[0], 'A', "7\0in.ndjson\0" "2\0{}", 17),
	                 0);
	assert_int_equal(isolate_frame_send(sv[0], 'F', "", 0), 0);
	assert_int_equal(isolate_frame_recv(sv[1], &body, 0), 0);
	assert_int_equal(body[0], 'A');
	assert_memory_equal(body + 1, "7\0in.ndjson\0" "2\0{}", 17);
	assert_int_equal(body[18], '\0');
	free(body);
	assert_int_equal(isolate_frame_recv(sv[1], &body, 0), 0);
	assert_string_equal(body, "F");
	free(body);
	close(sv[0]);
	close(sv[1]);
}

/* Larger than any pipe or socket buffer: the writer must be read while it
 * writes, so it runs in a child process. */
static void test_frame_message_larger_than_the_pipe(void **state)
{
	size_t n = (size_t)3 << 20, i;
	char *big = malloc(n), *body;
	int sv[2], status;
	pid_t pid;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	pair(sv);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(sv[1]);
		_exit(isolate_frame_send(sv[0], 'J', big, n) == 0 ? 0 : 1);
	}
	close(sv[0]);
	assert_int_equal(isolate_frame_recv(sv[1], &body, 0), 0);
	assert_int_equal(body[0], 'J');
	assert_memory_equal(body + 1, big, n);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(body);
	free(big);
	close(sv[1]);
}

static void test_frame_deadline_passes_when_nothing_comes(void **state)
{
	long long t0 = isolate_frame_now_ms();
	char *body = (char *)"untouched";
	int sv[2];

	(void)state;
	pair(sv);
	assert_int_equal(isolate_frame_recv(sv[1], &body, t0 + 50), -2);
	assert_null(body);
	assert_true(isolate_frame_now_ms() - t0 >= 50);
	close(sv[0]);
	close(sv[1]);
}

static void test_frame_end_and_broken_length_are_errors(void **state)
{
	uint32_t zero = 0, big = 100;
	char *body;
	int sv[2];

	(void)state;
	/* the writer closes: the end of the stream, not a message */
	pair(sv);
	close(sv[0]);
	assert_int_equal(isolate_frame_recv(sv[1], &body, 0), -1);
	assert_null(body);
	close(sv[1]);
	/* a length of 0 has no type byte: not a message */
	pair(sv);
	assert_int_equal(isolate_frame_write_all(sv[0], &zero, sizeof zero), 0);
	assert_int_equal(isolate_frame_recv(sv[1], &body, 0), -1);
	close(sv[0]);
	close(sv[1]);
	/* a length promising more than comes before the end */
	pair(sv);
	assert_int_equal(isolate_frame_write_all(sv[0], &big, sizeof big), 0);
	assert_int_equal(isolate_frame_write_all(sv[0], "Jshort", 6), 0);
	close(sv[0]);
	assert_int_equal(isolate_frame_recv(sv[1], &body, 0), -1);
	assert_null(body);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_message_arrives_whole_with_its_type),
		cmocka_unit_test(test_frame_message_larger_than_the_pipe),
		cmocka_unit_test(test_frame_deadline_passes_when_nothing_comes),
		cmocka_unit_test(test_frame_end_and_broken_length_are_errors),
	};
	return cmocka_run_group_tests_name("frame", tests, NULL, NULL);
}
