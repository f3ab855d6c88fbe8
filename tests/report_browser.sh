#!/bin/sh
# report_browser.sh - the HTML report of each bundled example, checked
# against the JSON results of the same run (tests/report_check.py): by
# headless Chromium's DOM, or with --no-browser by the report's own bytes.
# Usage: report_browser.sh [--no-browser] SHOTDIR
# Run in tests/e2e/data with `assess` on PATH (an e2e case); the browser
# run leaves a screenshot of the star scheme's report in SHOTDIR/branches.png
# for people to look at.  The examples are rendered in Chinese (--lang
# zh_CN), the star scheme's also in English (--lang en), each checked
# against the JSON of a run in the same language.  The star scheme's
# trends are checked against the history its input types, and against
# the earlier years' results of the example company's three years run in
# turn through --archive and --history-from (scripts/make-years.py), and
# given as --history files; the 2025 sheet alone, with no history, shows
# no trend.
set -u
browser=--browser
[ "${1:-}" = --no-browser ] && { browser=; shift; }
shots=$1
ex=../../../examples
w=$(mktemp -d) || exit 1
trap 'rm -rf "$w"' EXIT
both() { # NAME ASSESS-ARGS...: the JSON and the HTML of one run
	name=$1
	shift
	assess "$@" -o "$w/$name.json" 2>/dev/null
	assess "$@" --format html -o "$w/$name.html" 2>/dev/null
}
both communities --lang zh_CN --plugin fivegood $ex/city/communities.ndjson
both streets --lang zh_CN --plugin sixgood \
	--set "community.results=$w/communities.json" $ex/city/streets.ndjson
both branches --lang zh_CN --plugin starbranch $ex/company/branches.ndjson
both branches-en --lang en --plugin starbranch $ex/company/branches.ndjson
for y in 2023 2024; do
	assess --lang zh_CN --plugin starbranch --archive "$w/x.db" \
		--history-from "$w/x.db" $ex/company/years/$y.ndjson \
		-o "$w/$y.json" 2>/dev/null
done
both years --lang zh_CN --plugin starbranch --history-from "$w/x.db" \
	$ex/company/years/2025.ndjson
both files --lang zh_CN --plugin starbranch --history "$w/2023.json" \
	--history "$w/2024.json" $ex/company/years/2025.ndjson
both alone --lang zh_CN --plugin starbranch $ex/company/years/2025.ndjson
check() { python3 "$(dirname "$0")/report_check.py" $browser "$@"; }
typed="--history $ex/company/branches.ndjson"
if [ -n "$browser" ]; then
	mkdir -p "$shots" &&
	check --sort-filter --screenshot "$shots/branches.png" $typed \
		"$w/branches.html" "$w/branches.json" || exit 1
else
	check $typed "$w/branches.html" "$w/branches.json" || exit 1
fi
check "$w/communities.html" "$w/communities.json" &&
check "$w/streets.html" "$w/streets.json" &&
check $typed "$w/branches-en.html" "$w/branches-en.json" &&
check --history "$w/2023.json" --history "$w/2024.json" \
	"$w/years.html" "$w/years.json" &&
check --history "$w/2023.json" --history "$w/2024.json" \
	"$w/files.html" "$w/files.json" &&
check "$w/alone.html" "$w/alone.json" &&
# the history from the archive or from the files: one page
cmp "$w/years.html" "$w/files.html" &&
echo "years.html, files.html: the same bytes from the archive as from the files"
