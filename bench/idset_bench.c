/*
 * idset_bench.c - the id set alone (core/idset.c): CPU time per id added
 * and the process's peak RSS, for N ids shaped as bench/gen.py's
 * ("b-0000000" on, one a line of one file), then every 100th id again
 * (each a repeat, found with its first line).  A figure, not a test: it
 * fails only when the set answers wrongly.
 *
 *     cc -O2 -Icore -o idset_bench bench/idset_bench.c core/idset.c core/tmp.c
 *     ./idset_bench 100000 1000000 10000000
 *
 * It prints, per N: ids, CPU seconds, nanoseconds an id, nanoseconds a
 * repeat, and the peak RSS so far in MB (each N runs after the smaller
 * ones, so give them smallest first).  The temporary file goes to
 * $TMPDIR.  -DLIMIT=K sets the ids held in memory (idset.h's limit);
 * without it the build also compiles against an id set that has none,
 * for a figure before and after.
 */
#define _POSIX_C_SOURCE 200809L
#include "idset.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double cpu_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Add n ids, then every 100th again; print the figures.  0, or 1 when the
 * set answered wrongly or failed. */
static int run(long n)
{
	struct idset s = { 0 };
#ifdef LIMIT
	s.limit = LIMIT;
#endif
	struct idset_where at = { 0, 0 }, first;
	struct rusage ru;
	char id[32];
	double t0, t1, t2;
	long i;
	int bad = 0;

	t0 = cpu_seconds();
	for (i = 0; i < n && !bad; i++) {
		snprintf(id, sizeof id, "b-%07ld", i);
		at.line = (uint64_t)i + 1;
		bad = idset_add(&s, id, at, &first) != 1;
	}
	t1 = cpu_seconds();
	for (i = 0; i < n && !bad; i += 100) {
		snprintf(id, sizeof id, "b-%07ld", i);
		at.line = (uint64_t)n + 1;
		bad = idset_add(&s, id, at, &first) != 0 ||
		      first.line != (uint64_t)i + 1;
	}
	t2 = cpu_seconds();
	getrusage(RUSAGE_SELF, &ru);
	idset_free(&s);
	if (bad) {
		fprintf(stderr, "idset_bench: wrong answer at id %ld of %ld\n",
		        i, n);
		return 1;
	}
	printf("%ld ids: %.2f s CPU, %.0f ns an id, %.0f ns a repeat, "
	       "peak RSS %.1f MB\n", n, t1 - t0, (t1 - t0) * 1e9 / (double)n,
	       (t2 - t1) * 1e9 / (double)((n + 99) / 100),
	       (double)ru.ru_maxrss / 1024.0);
	return 0;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: idset_bench N...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		rc |= run(atol(argv[i]));
	return rc;
}
