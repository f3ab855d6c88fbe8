#!/bin/sh
# run.sh - throughput and peak memory of assess on streamed NDJSON.
#
# Usage: bench/run.sh [RECORDS]        (default 1000000)
#
# Generates RECORDS synthetic records (bench/gen.py), then assesses them
# with the probe test plugin in-process: once with a finish step that needs
# only counters, once with keep=true, where the plugin keeps each record's
# id and score (56 bytes) for its finish step; then once more with the
# plugin isolated in a child process.  Reports wall time, records/s and
# peak RSS (getrusage of the children: with --isolate, the larger of parent
# and child), the finish-step cost per record as the difference in peak
# RSS, and hyperfine's timing of the in-process run when it is installed.
set -eu
cd "$(dirname "$0")/.."
n=${1:-1000000}
make -s all build/tests/probe.so >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen.py "$n" > "$work/in.ndjson"
printf '[probe]\nkeep = true\n' > "$work/keep.ini"
printf '[probe]\nkeep = false\n' > "$work/counters.ini"
size=$(wc -c < "$work/in.ndjson")
echo "input: $n records, $size bytes"

measure() { # name ini mode
	python3 - "$1" "$2" "$work/in.ndjson" "$n" "$3" <<'PY'
import resource, subprocess, sys, time
name, ini, path, n, mode = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
cmd = ["bin/assess", "--plugin", "build/tests/probe.so", "--config", ini,
       mode, "--format", "ndjson", path]
t = time.monotonic()
subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
secs = time.monotonic() - t
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("%-9s %8.2f s %10.0f records/s   peak RSS %7.1f MB" %
      (name, secs, n / secs, kb / 1024))
print("rss_kb %s %d" % (name, kb), file=sys.stderr)
PY
}
measure counters "$work/counters.ini" --no-isolate 2>"$work/c.rss"
measure keep "$work/keep.ini" --no-isolate 2>"$work/k.rss"
measure isolated "$work/counters.ini" --isolate 2>/dev/null
c=$(awk '{print $3}' "$work/c.rss")
k=$(awk '{print $3}' "$work/k.rss")
echo "finish-step data (keep=true): $(( (k - c) * 1024 / n )) bytes per record more peak RSS"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine --runs 3 --style basic \
		"bin/assess --plugin build/tests/probe.so --config $work/counters.ini --no-isolate --format ndjson $work/in.ndjson > /dev/null"
fi
