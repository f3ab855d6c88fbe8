#!/bin/sh
# vs-floor.sh - assess against the floor: a plain C program that parses
# each NDJSON line with cJSON, computes the same star result and prints
# it (../shared/bench/floor_full.c, or $FLOOR_SRC).  All run in the same
# invocation on the same records, interleaved, so the ratios hold on a
# noisy shared machine where absolute times do not.
#
# Usage: bench/vs-floor.sh [RECORDS...]     (default 100000 1000000)
#        SHAPES="gen p1000-all-pairs ..." bench/vs-floor.sh [RECORDS...]
# SHAPES (default gen) names the batches:
#   gen        bench/gen.py's star records;
#   p10-none and the other shapes of bench/shapes.py (parents of 10 to
#              100,000 branches, history on none or all, shares of vetoes
#              and of branches to pair);
#   scorecard  the scorecard scheme on configs/fourstrong.ini, on as many
#              of bench/scorecard_gen.py's village records;
#   csv, xlsx  the star scheme reading gen's records as a committee's
#              sheet (bench/sheetconv.py).  An XLSX sheet holds 1,048,576
#              rows: beyond 1,048,575 records xlsx is not measured.
#   all        every one of these.
# The floor is the star scheme's: for scorecard, csv and xlsx it runs on
# gen's NDJSON star records of the same number, so their ratios say what
# the scheme or the reader costs against the same yardstick.  The records
# are written by bench/shapes_gen.c (shapes.py's and gen.py's bytes).
# Per shape and size, best of RUNS (default 3) of each, interleaved:
#   floor    pinned to one core (taskset -c 0);
#   assess1  pinned to the same core: everything on one thread;
#   assess2  allowed a second core (taskset -c 0,1): the input read and
#            parsed, and the results written, beside the plugin's thread;
#   bytes    the byte-moving limit, on the same core: the input read
#            (cat IN > /dev/null) and as many bytes as assess's output
#            written to a file, both through the page cache;
# then the ratios to the floor of assess1 (issue 24's goal: <= 0.6 at
# every size), assess2 (<= 0.45 at 1,000,000) and bytes, the peak RSS of
# assess (under 64 MB at 1,000,000), the output bytes and the load
# average before and after.  A figure needs the cores it ran on free:
# each run reads /proc/stat before and after, and when other work took
# more than a tenth of a core it ran on (core 0; and core 1 for the
# two-core run) a "warning:" line says which figure is not a quiet
# machine's, and the table marks such a two-core ratio "(busy)".  Last, a
# table of every shape and size in Markdown, as docs/benchmarks.md gives
# it.  Wall times, as the goals are stated: on a loaded machine see
# bench/check.py (make bench-check), which judges CPU time.
set -eu
cd "$(dirname "$0")/.."
sizes=${*:-100000 1000000}
runs=${RUNS:-3}
src=${FLOOR_SRC:-../shared/bench/floor_full.c}
[ -r "$src" ] || { echo "vs-floor: $src not found (set FLOOR_SRC)" >&2; exit 2; }
command -v taskset >/dev/null || { echo "vs-floor: needs taskset (util-linux)" >&2; exit 2; }
# Peak RSS by GNU time, which forks the command itself: a child forked
# from Python would count the interpreter's pages in its ru_maxrss (about
# 14 MB, which hid every smaller figure).
[ -x /usr/bin/time ] || { echo "vs-floor: needs GNU time (Debian package time)" >&2; exit 2; }
make -s all >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/floor" "$src" -lcjson -lm
shapes=${SHAPES:-gen}
[ "$shapes" = all ] &&
	shapes="gen $(/usr/bin/python3 -c 'import sys; sys.path.insert(0, "bench")
import shapes; print(" ".join(shapes.SHAPES))') scorecard csv xlsx"
/usr/bin/python3 bench/vs_floor.py "$work" "$work/floor" "$runs" "$shapes" $sizes
