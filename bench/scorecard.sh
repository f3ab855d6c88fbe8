#!/bin/sh
# scorecard.sh - the scorecard plugin on configs/fourstrong.ini against
# the star scheme's C plugin, each on 100,000 records of its own shape
# (bench/scorecard_gen.py, bench/gen.py), in the same invocation, pinned
# to one core (taskset -c 0), interleaved, RUNS repetitions each (default
# 5).  Prints each one's best and median wall time and the ratio of the
# best (goal: scorecard <= 1.2 x starbranch).
#
# Usage: bench/scorecard.sh [RECORDS]       (default 100000)
set -eu
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${RUNS:-5}
command -v taskset >/dev/null || { echo "scorecard.sh: needs taskset (util-linux)" >&2; exit 2; }
make -s all >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen.py "$n" > "$work/star.ndjson"
python3 bench/scorecard_gen.py "$n" > "$work/four.ndjson"
python3 - "$work" "$n" "$runs" <<'PY'
import statistics, subprocess, sys, time
work, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cmds = {
    "starbranch": ["taskset", "-c", "0", "bin/assess", "--plugin",
                   "starbranch", "--format", "ndjson",
                   work + "/star.ndjson"],
    "scorecard": ["taskset", "-c", "0", "bin/assess", "--plugin",
                  "scorecard", "--config", "configs/fourstrong.ini",
                  "--format", "ndjson", work + "/four.ndjson"],
}
times = {k: [] for k in cmds}
for _ in range(runs):
    for k, c in cmds.items():
        t = time.monotonic()
        with open(work + "/out", "wb") as out:
            rc = subprocess.run(c, stdout=out).returncode
        times[k].append(time.monotonic() - t)
        if rc not in (0, 1):
            sys.exit("%s: exit %d" % (k, rc))
for k, v in times.items():
    print("%-11s %d records: best %.3f s, median %.3f s (%d runs)"
          % (k, n, min(v), statistics.median(v), runs))
print("ratio scorecard/starbranch: best %.2f, median %.2f (goal <= 1.2)"
      % (min(times["scorecard"]) / min(times["starbranch"]),
         statistics.median(times["scorecard"]) /
         statistics.median(times["starbranch"])))
PY
