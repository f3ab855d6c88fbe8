#!/bin/sh
# run.sh - the whole suite: cmocka unit tests, the fuzz corpora replayed,
# then the end-to-end cases.
# Prints each runner's own report, then one closing line "N passed, N failed"
# over all of them.  Environment: O (build root, default .), WRAP (a command
# to run every test program under, e.g. valgrind).
set -u
O=${O:-.}
B=$O/build
passed=0
failed=0
skipped=0
for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	out=$(${WRAP:-} "$t" 2>&1)
	status=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$status" -ne 0 ] && [ -z "$f" ]; then
		echo "$t: exited with status $status"
		failed=$((failed + 1))
	fi
done
# The fuzz corpora (seeds and every input that once found a bug), replayed
# without libFuzzer.
for t in "$B"/tests/replay_*; do
	[ -x "$t" ] || continue
	name=${t##*/replay_}
	if out=$(${WRAP:-} "$t" "tests/fuzz/corpus/$name" 2>&1); then
		echo "ok   fuzz corpus $name: $(printf '%s\n' "$out" | tail -1)"
		passed=$((passed + 1))
	else
		printf '%s\n' "$out" | tail -20
		echo "FAIL fuzz corpus $name"
		failed=$((failed + 1))
	fi
done
# The modules must not include or call each other in a circle (scripts/).
if out=$(sh scripts/include-cycles.sh "$B" 2>&1); then
	echo "ok   $out"
	passed=$((passed + 1))
else
	printf '%s\n' "$out"
	echo "FAIL include circles"
	failed=$((failed + 1))
fi
# The architecture's module map names every file of core/ (scripts/).
if out=$(sh scripts/map-check.sh 2>&1); then
	echo "ok   $out"
	passed=$((passed + 1))
else
	printf '%s\n' "$out"
	echo "FAIL module map"
	failed=$((failed + 1))
fi
# No writable global in core/ but the few listed with a reason (scripts/).
if out=$(sh scripts/globals-check.sh "$B" 2>&1); then
	echo "ok   $out"
	passed=$((passed + 1))
else
	printf '%s\n' "$out"
	echo "FAIL writable globals"
	failed=$((failed + 1))
fi
e2e=$(O="$O" WRAP="${WRAP:-}" sh tests/e2e/run.sh)
status=$?
printf '%s\n' "$e2e"
last=$(printf '%s\n' "$e2e" | tail -1)
p=$(printf '%s\n' "$last" | sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1/p')
f=$(printf '%s\n' "$last" | sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\2/p')
s=$(printf '%s\n' "$last" | sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\3/p')
if [ -z "$p" ]; then
	echo "e2e runner ended without its summary (status $status)"
	failed=$((failed + 1))
else
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
fi
# The archive against a throwaway PostgreSQL server (skipped, saying so,
# when one cannot be started).
pg=$(O="$O" WRAP="${WRAP:-}" sh tests/archive_pg.sh)
printf '%s\n' "$pg"
set -- $(printf '%s\n' "$pg" | sed -n 's/^archive_pg: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
if [ $# -ne 3 ]; then
	echo "archive_pg ended without its summary"
	failed=$((failed + 1))
else
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + $3))
fi
# Issue 24's regression benchmark: time per record flat and the peak RSS
# bound at a million records, failing only beyond a margin (skipped,
# saying so, under WRAP, in a sanitizer build or without GNU time).
bench=$(O="$O" WRAP="${WRAP:-}" sh tests/bench_check.sh)
case $? in
0)	passed=$((passed + 1)) ;;
2)	skipped=$((skipped + 1)) ;;
*)	failed=$((failed + 1)) ;;
esac
printf '%s\n' "$bench"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
