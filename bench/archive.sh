#!/bin/sh
# archive.sh - what --archive costs: a star run of RECORDS synthetic
# records (bench/gen.py) written to a file, without and with --archive
# into a fresh SQLite file, and the peak RSS of each (memory must stay
# flat: the results are streamed into the database from the spool).
#
# Usage: bench/archive.sh [RECORDS] [RUNS]     (defaults 100000, 5)
#
# Reports the median wall time and CPU time (user + system) of RUNS runs
# of each, their ratios (the goal: under 1.5), and the archive's size;
# with hyperfine installed, its own comparison too.  On a busy machine
# the wall time swings with the others' load: the CPU time does not.
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
    times, cpu, rss = [], [], 0
    for _ in range(runs):
        if os.path.exists(work + "/a.db"):
            os.remove(work + "/a.db")
        pid = os.fork()
        if pid == 0:
            os.execv(base[0], base + extra)
        t = time.monotonic()
        _, status, ru = os.wait4(pid, 0)
        times.append(time.monotonic() - t)
        cpu.append(ru.ru_utime + ru.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("assess failed")
        rss = max(rss, ru.ru_maxrss)
    return statistics.median(times), statistics.median(cpu), rss
plain, cpu0, rss0 = run([])
arch, cpu1, rss1 = run(["--archive", work + "/a.db"])
print("without --archive  wall %6.2f s  CPU %6.2f s  peak RSS %6.1f MB"
      % (plain, cpu0, rss0 / 1024))
print("with --archive     wall %6.2f s  CPU %6.2f s  peak RSS %6.1f MB"
      % (arch, cpu1, rss1 / 1024))
print("ratio              wall %6.2f    CPU %6.2f    (goal: under 1.5)"
      % (arch / plain, cpu1 / cpu0))
print("SQLite file %.0f MB" % (os.path.getsize(work + "/a.db") / 1e6))
PY
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N -w 1 -r "$runs" --prepare "rm -f $work/a.db" \
		"bin/assess --plugin starbranch $work/in.ndjson -o $work/out.json" \
		"bin/assess --plugin starbranch $work/in.ndjson -o $work/out.json --archive $work/a.db"
fi
