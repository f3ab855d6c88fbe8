#!/bin/sh
# vs-floor.sh - assess's star scheme against the floor: a plain C program
# that parses each NDJSON line with cJSON, computes the same star result
# and prints it (../shared/bench/floor_full.c, or $FLOOR_SRC).  Both run
# in the same invocation, pinned to one core, on the same records, so the
# ratio holds on a noisy shared machine where absolute times do not.
#
# Usage: bench/vs-floor.sh [RECORDS...]     (default 100000 1000000)
# Prints, per size: seconds of each (best of RUNS, default 3), the ratio
# assess/floor (<= 1.0 is the goal), peak RSS of each, and output bytes.
set -eu
cd "$(dirname "$0")/.."
sizes=${*:-100000 1000000}
runs=${RUNS:-3}
src=${FLOOR_SRC:-../shared/bench/floor_full.c}
[ -r "$src" ] || { echo "vs-floor: $src not found (set FLOOR_SRC)" >&2; exit 2; }
make -s all >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/floor" "$src" -lcjson -lm
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
for n in $sizes; do
	python3 bench/gen.py "$n" > "$work/in.ndjson"
	python3 - "$work" "$n" "$runs" "$pin" <<'PY'
import os, resource, subprocess, sys, time
work, n, runs, pin = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split()
inp = os.path.join(work, "in.ndjson")
def run(cmd, stdin):
    best, rss, size = None, 0, 0
    for _ in range(runs):
        with open(inp, "rb") as f, open(os.path.join(work, "out"), "wb") as o:
            t = time.monotonic()
            p = subprocess.Popen(pin + cmd, stdin=f if stdin else subprocess.DEVNULL,
                                 stdout=o, stderr=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            secs = time.monotonic() - t
        best = secs if best is None or secs < best else best
        rss = max(rss, ru.ru_maxrss)
        size = os.path.getsize(os.path.join(work, "out"))
    return best, rss, size
a = run(["bin/assess", "--plugin", "starbranch", "--format", "ndjson", inp], False)
f = run([os.path.join(work, "floor")], True)
print("%8d records  assess %7.2f s %7.1f MB %11d bytes | floor %7.2f s %6.1f MB %11d bytes | ratio %.2f"
      % (n, a[0], a[1] / 1024, a[2], f[0], f[1] / 1024, f[2], a[0] / f[0]))
PY
done
