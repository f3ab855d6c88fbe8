#!/bin/sh
# cpu-before.sh - the star scheme's CPU time against the floor and against
# another build of assess (the one before a change), interleaved in the
# same invocation on the same records, so that a change's gain is told
# from the load of a shared machine.
#
# Usage: BEFORE=path/to/bin/assess bench/cpu-before.sh [RECORDS] [SHAPES...]
# RECORDS (default 100000) of each shape: gen is bench/gen.py's batch, any
# other a shape of bench/shapes.py (default: gen and every shape).  Per
# shape, RUNS (default 2) rounds of the floor (../shared/bench/floor_full.c,
# or $FLOOR_SRC), BEFORE and this tree's bin/assess (--plugin starbranch
# --format ndjson), each pinned to core CPU (default 0) and writing to a
# file; the best CPU time (user + system, GNU time) of each, and the
# ratios: before/floor, this/floor (issue 24's goal: 0.6) and this/before.
set -eu
cd "$(dirname "$0")/.."
[ -n "${BEFORE:-}" ] && [ -x "$BEFORE" ] ||
	{ echo "cpu-before: set BEFORE to another build's bin/assess" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "cpu-before: needs GNU time" >&2; exit 2; }
src=${FLOOR_SRC:-../shared/bench/floor_full.c}
[ -r "$src" ] || { echo "cpu-before: $src not found (set FLOOR_SRC)" >&2; exit 2; }
n=${1:-100000}
[ $# -gt 0 ] && shift
shapes=${*:-gen $(python3 -c 'import sys; sys.path.insert(0, "bench")
import shapes; print(" ".join(shapes.SHAPES))')}
runs=${RUNS:-2}
cpu=${CPU:-0}
make -s all >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/floor" "$src" -lcjson -lm
echo "| shape | records | floor | before | ratio | this build | ratio | this/before |"
echo "|---|---|---|---|---|---|---|---|"
for shape in $shapes; do
	if [ "$shape" = gen ]; then
		python3 bench/gen.py "$n" > "$work/in.ndjson"
	else
		python3 bench/shapes.py "$n" --shape "$shape" > "$work/in.ndjson"
	fi
	: > "$work/t"
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f "floor %U %S" -a -o "$work/t" taskset -c "$cpu" \
			"$work/floor" < "$work/in.ndjson" > "$work/out" 2>/dev/null
		for b in before this; do
			bin=$BEFORE
			[ $b = this ] && bin=bin/assess
			/usr/bin/time -f "$b %U %S" -a -o "$work/t" taskset -c "$cpu" \
				"$bin" --plugin starbranch --format ndjson \
				"$work/in.ndjson" > "$work/out" 2>/dev/null || :
		done
		i=$((i + 1))
	done
	awk -v shape="$shape" -v n="$n" '
		$1 ~ /^(floor|before|this)$/ { t = $2 + $3
			if (!($1 in m) || t < m[$1]) m[$1] = t }
		END { printf "| %s | %d | %.2f s | %.2f s | %.2f | %.2f s | %.2f | %.2f |\n",
			shape, n, m["floor"], m["before"], m["before"] / m["floor"],
			m["this"], m["this"] / m["floor"], m["this"] / m["before"] }' \
		"$work/t"
done
