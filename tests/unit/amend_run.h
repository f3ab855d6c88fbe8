/*
 * amend_run.h - a cmocka fixture for the core's unit tests: each test in
 * a run of its own (run.h) holding its amendments, as main's run does,
 * so amend_* and the ABI 1.2 services find them through run_active.
 */
#ifndef TEST_AMEND_RUN_H
#define TEST_AMEND_RUN_H

#include <stdlib.h>

#include "amend.h"
#include "run.h"

struct amend_run {
	struct run run;
	struct amend amend;
};

static int amend_run_begin(void **state)
{
	struct amend_run *x = calloc(1, sizeof *x);

	if (!x)
		return -1;
	run_begin(&x->run, NULL, NULL);
	x->run.amend = &x->amend;
	*state = x;
	return 0;
}

static int amend_run_end(void **state)
{
	struct amend_run *x = *state;

	amend_free(&x->amend);
	run_end(&x->run);
	free(x);
	return 0;
}

#endif
