#!/bin/sh
# sheetin.sh - reading a CSV against reading the same records as NDJSON.
# bench/gen.py's star-scheme records are written once as NDJSON and once
# as a CSV with the headers a committee's sheet has (编号, 名称, the items'
# labels, dotted paths for the rest, vetoes by label in one cell:
# bench/sheetconv.py); both
# are assessed by the star scheme in the same invocation, pinned to one
# core, the results going to /dev/null, so the ratio holds on a noisy
# shared machine where absolute times do not.
#
# Usage: bench/sheetin.sh [RECORDS...]     (default 1000000)
# Prints, per size: seconds of each (best of RUNS, default 2), records/s,
# the ratio CSV/NDJSON (the goal: at most 1.5) and peak RSS of each.  The
# star scheme keeps every record for its pairing (SB9), so its RSS grows
# with the batch whatever the input; a second line gives the peak RSS of
# 五个好 (which keeps only counts per parent) on RECORDS/10 and RECORDS
# records, as CSV and as NDJSON: what the reader adds to the batch.
set -eu
cd "$(dirname "$0")/.."
sizes=${*:-1000000}
runs=${RUNS:-2}
make -s all >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
for n in $sizes; do
	python3 bench/gen.py "$n" > "$work/in.ndjson"
	python3 bench/sheetconv.py csv "$work/in.ndjson" "$work/in.csv"
	python3 - "$work" "$n" "$runs" "$pin" <<'PY'
import os, subprocess, sys, time
work, n, runs, pin = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split()
def run(inp):
    best, rss = None, 0
    for _ in range(runs):
        t = time.monotonic()
        p = subprocess.Popen(pin + ["bin/assess", "--plugin", "starbranch",
                                    "--format", "ndjson", "-o", "/dev/null",
                                    os.path.join(work, inp)],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        secs = time.monotonic() - t
        best = secs if best is None or secs < best else best
        rss = max(rss, ru.ru_maxrss)
    return best, rss, os.path.getsize(os.path.join(work, inp))
j = run("in.ndjson")
c = run("in.csv")
print("%8d records | ndjson %7.2f s %9.0f rec/s %6.1f MB RSS %5.0f MB in | "
      "csv %7.2f s %9.0f rec/s %6.1f MB RSS %5.0f MB in | ratio %.2f"
      % (n, j[0], n / j[0], j[1] / 1024, j[2] / 1e6,
         c[0], n / c[0], c[1] / 1024, c[2] / 1e6, c[0] / j[0]))
PY
	python3 - "$work" "$n" "$pin" <<'PY'
import os, subprocess, sys
work, n, pin = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
head = "编号,名称,上级,年度,领导班子好,党员干部队伍好,工作机制好,工作业绩好,群众反映好\r\n"
def rss(path):
    p = subprocess.Popen(pin + ["bin/assess", "--plugin", "fivegood",
                                "--format", "ndjson", "-o", "/dev/null",
                                path], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    return ru.ru_maxrss / 1024
out = []
for rows in (n // 10, n):
    c, j = os.path.join(work, "fg.csv"), os.path.join(work, "fg.ndjson")
    with open(c, "w", encoding="utf-8", newline="") as f, \
            open(j, "w", encoding="utf-8") as g:
        f.write(head)
        for i in range(rows):
            v = (16 + i % 5, 17, 18 + i % 3, 19, 16.5)
            f.write("c-%07d,第%d社区党支部,s-%03d,2025,%d,%d,%d,%d,%.1f\r\n"
                    % ((i, i, i % 400) + v))
            g.write('{"id":"c-%07d","name":"第%d社区党支部","parent":"s-%03d",'
                    '"period":"2025","scores":{"leadership":%d,"cadres":%d,'
                    '"mechanism":%d,"performance":%d,"feedback":%.1f}}\n'
                    % ((i, i, i % 400) + v))
    out.append("%d records csv %.1f MB ndjson %.1f MB" % (rows, rss(c), rss(j)))
print("fivegood peak RSS: " + "; ".join(out))
PY
done
