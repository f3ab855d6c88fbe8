/*
 * fuzz_scexpr.c - libFuzzer harness for the scorecard plugin's expression
 * language (plugins/scorecard_expr.c): any bytes as an expression,
 * compiled against a fixed set of names of every kind, and when it
 * compiles, run over values at the edges (zero, negative, the largest a
 * decimal holds).  Compiling must accept or refuse with a column inside
 * the text; a run must stay inside its stack and end with a value or a
 * code, never crash or overflow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "../../plugins/scorecard_expr.h"

/* The names: a, b points; p a percent; n a count; y yes/no; t text;
 * v codes (v.x, v.y); criteria (three). */
static int lookup(void *ctx, const char *name, size_t len, sc_sym *out)
{
	static const struct {
		const char *name;
		sc_sym sym;
	} names[] = {
		{ "a", { SC_SYM_VALUE, 0, SC_POINTS, 0 } },
		{ "b", { SC_SYM_VALUE, 1, SC_POINTS, 0 } },
		{ "p", { SC_SYM_VALUE, 2, SC_PERCENT, 0 } },
		{ "n", { SC_SYM_VALUE, 3, SC_COUNT, 0 } },
		{ "y", { SC_SYM_VALUE, 4, SC_BOOL, 0 } },
		{ "v", { SC_SYM_VALUE, 5, SC_CODES, 0 } },
		{ "v.x", { SC_SYM_CODE, 5, 0, 0 } },
		{ "v.y", { SC_SYM_CODE, 5, 0, 1 } },
		{ "t", { SC_SYM_TEXT, 0, SC_TEXT, 0 } },
		{ "criteria", { SC_SYM_CRITERIA, 0, 0, 0 } },
		{ "c1", { SC_SYM_VALUE, 6, SC_POINTS, 0 } },
	};
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i].name) == len &&
		    memcmp(names[i].name, name, len) == 0) {
			*out = names[i].sym;
			return 0;
		}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	sc_strings strs = { 0 };
	sc_prog prog;
	sc_fault fault;
	sc_dec vals[3][9] = {
		{ 0, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ 90 * SC_ONE, -SC_ONE, 80 * SC_ONE, 3 * SC_ONE, 1, 3,
		  20 * SC_ONE, 25 * SC_ONE, -7 },
		{ SC_DEC_MAX, -SC_DEC_MAX, SC_DEC_MAX, SC_DEC_MAX, 1, 0,
		  SC_DEC_MAX, -SC_DEC_MAX, SC_DEC_MAX }
	};
	const char *texts[] = { "x" };
	sc_dec bar[3] = { 20 * SC_ONE, 0, SC_DEC_MAX }, max[3] = { 25 * SC_ONE,
	                                                           SC_ONE, 1 };
	sc_dec out, *stack;
	int k, rc;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = 0; /* an INI value never holds a NUL: stop at the first */
	rc = sc_compile(text, lookup, NULL, size % 2, &strs, &prog, &fault);
	if (rc == -1 && (fault.column < 1 ||
	                 (size_t)fault.column > strlen(text) + 1))
		abort();
	if (rc == 0) {
		if (!(stack = calloc((size_t)prog.depth + 1, sizeof *stack)))
			abort();
		for (k = 0; k < 3; k++) {
			sc_env env = { vals[k], texts, bar, max, 6, 3, k % 3 };
			sc_run(&prog, &env, &strs, stack, &out);
		}
		free(stack);
		sc_prog_free(&prog);
	}
	sc_strings_free(&strs);
	free(text);
	return 0;
}
