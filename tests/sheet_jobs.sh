#!/bin/sh
# sheet_jobs.sh - every spreadsheet case of tests/e2e/cases (sheet-*,
# sheetin-*) run twice, its command line as it stands, with `assess`
# all on one thread (--jobs 1) and then with the reader and the writer
# beside the plugin's thread (--jobs 2): standard output, standard error
# (every message, in the same order) and the exit status must be the
# same byte for byte.  The cases' own expected files hold the one-thread
# run's (the pipeline took no spreadsheet input when they were written).
#
# Run from an e2e case (tests/e2e/run.sh gives PATH, T, P, TMP, ROOT and
# O); prints "same: CASE" per case, or what differs, and exits 1 then.
set -u
real=$(command -v assess) || { echo "sheet_jobs: no assess on PATH"; exit 2; }
work=$TMP/sheet-jobs
bad=0
for jobs in 1 2; do
	mkdir -p "$work/bin$jobs"
	printf '#!/bin/sh\nexec "%s" --jobs %s "$@"\n' "$real" "$jobs" \
		> "$work/bin$jobs/assess"
	chmod +x "$work/bin$jobs/assess"
done
for dir in "$ROOT"/tests/e2e/cases/sheet-*/ "$ROOT"/tests/e2e/cases/sheetin-*/
do
	name=$(basename "$dir")
	for jobs in 1 2; do
		# the same scratch folder for both runs: messages name it
		rm -rf "$work/tmp"
		mkdir "$work/tmp"
		(cd "$ROOT/tests/e2e/data" &&
		 PATH="$work/bin$jobs:$PATH" TMP="$work/tmp" \
		 sh -c "$(cat "$dir/cmd")" >"$work/out$jobs" 2>"$work/err$jobs" \
		 </dev/null
		 echo $? >"$work/status$jobs")
	done
	diff=""
	for f in out err status; do
		cmp -s "$work/${f}1" "$work/${f}2" || diff="$diff $f"
	done
	if [ -z "$diff" ]; then
		echo "same: $name"
	else
		bad=1
		echo "DIFFERENT: $name:$diff"
		diff "$work/err1" "$work/err2" | head -10
	fi
done
rm -rf "$work"
exit $bad
