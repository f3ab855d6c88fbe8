#!/bin/sh
# archive.sh - what --archive costs: a star run of RECORDS synthetic
# records (bench/gen.py) written to a file, without and with --archive
# into a fresh SQLite file, and the peak RSS of each (memory must stay
# flat: the results are streamed into the database from the spool).
#
# Usage: bench/archive.sh [RECORDS] [RUNS]     (defaults 100000, 5)
#
# Reports the median wall time of RUNS runs of each, their ratio (the
# goal: under 1.5), and the archive's size; with hyperfine installed, its
# own comparison too.
set -eu
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-5}
make -s all >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen.py "$n" > "$work/in.ndjson"
echo "input: $n records, $(wc -c < "$work/in.ndjson") bytes; $runs runs each"
python3 - "$work" "$runs" <<'PY'
import os, resource, statistics, subprocess, sys, time
work, runs = sys.argv[1], int(sys.argv[2])
base = ["bin/assess", "--plugin", "starbranch", work + "/in.ndjson",
        "-o", work + "/out.json"]
def run(extra):
    times, rss = [], 0
    for _ in range(runs):
        if os.path.exists(work + "/a.db"):
            os.remove(work + "/a.db")
        pid = os.fork()
        if pid == 0:
            os.execv(base[0], base + extra)
        t = time.monotonic()
        _, status, ru = os.wait4(pid, 0)
        times.append(time.monotonic() - t)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("assess failed")
        rss = max(rss, ru.ru_maxrss)
    return statistics.median(times), rss
plain, rss0 = run([])
arch, rss1 = run(["--archive", work + "/a.db"])
print("without --archive  %6.2f s  peak RSS %6.1f MB" % (plain, rss0 / 1024))
print("with --archive     %6.2f s  peak RSS %6.1f MB  (SQLite file %.0f MB)"
      % (arch, rss1 / 1024, os.path.getsize(work + "/a.db") / 1e6))
print("ratio              %6.2f   (goal: under 1.5)" % (arch / plain))
PY
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N -w 1 -r "$runs" --prepare "rm -f $work/a.db" \
		"bin/assess --plugin starbranch $work/in.ndjson -o $work/out.json" \
		"bin/assess --plugin starbranch $work/in.ndjson -o $work/out.json --archive $work/a.db"
fi
