#!/bin/sh
# sheet.sh - time and peak memory of the spreadsheet writers.
#
# Usage: bench/sheet.sh [RECORDS]        (default 100000)
#
# Generates RECORDS 五个好 records with scores (one in fifty lacks one, so
# the rejected sheet has rows), assesses them with the fivegood plugin
# in-process and writes --format json, csv and xlsx to a file; reports
# wall time, peak RSS (getrusage of the child) and output size of each.
# The writers read the spooled results one line at a time, so peak RSS
# should stay flat as RECORDS grows.
set -eu
cd "$(dirname "$0")/.."
n=${1:-100000}
make -s all >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$n" > "$work/in.ndjson" <<'PY'
import json, random, sys
random.seed(7)
keys = ["leadership", "cadres", "mechanism", "performance", "feedback"]
for i in range(int(sys.argv[1])):
    s = {k: round(random.uniform(10, 20), 1) for k in keys}
    if i % 50 == 49:
        del s["feedback"]
    print(json.dumps({"id": "c-%06d" % i, "name": "第%d社区党支部" % i,
                      "parent": "st-%03d" % (i % 400), "period": "2025",
                      "scores": s}, ensure_ascii=False))
PY
echo "input: $n records, $(wc -c < "$work/in.ndjson") bytes"
for f in json csv xlsx; do
	python3 - "$f" "$work" <<'PY'
import resource, subprocess, sys, time, os
fmt, work = sys.argv[1], sys.argv[2]
out = os.path.join(work, "out." + fmt)
cmd = ["bin/assess", "--plugin", "fivegood", "--no-isolate", "--format", fmt,
       "-o", out, os.path.join(work, "in.ndjson")]
t = time.monotonic()
rc = subprocess.run(cmd, stderr=subprocess.DEVNULL).returncode
secs = time.monotonic() - t
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("%-5s exit %d %7.2f s   peak RSS %7.1f MB   output %6.1f MB" %
      (fmt, rc, secs, kb / 1024, os.path.getsize(out) / 1e6))
PY
done
