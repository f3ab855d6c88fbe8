#!/bin/sh
# report_paper.sh - the paper a committee hands out, printed by the programs
# people print it with: each bundled example's workbook (--format xlsx)
# converted by LibreOffice Calc headless to PDF and to CSV, and its report
# (--format html) printed to PDF by headless Chromium, all in Chinese, each
# checked against the JSON of the same run by tests/report_print.py (cells,
# A4 landscape, pages per result, whole headers, footers with the title and
# page numbers).
# Usage: report_paper.sh   (run in tests/e2e/data with `assess` on PATH:
# an e2e case; LibreOffice gets a profile of its own in a scratch folder,
# so that runs side by side do not share one)
set -u
ex=../../../examples
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d) || exit 1
trap 'rm -rf "$w"' EXIT
run() { # NAME PLUGIN INPUT: the JSON, describe, workbook and report
	assess --lang zh_CN --plugin "$2" "$3" -o "$w/$1.json" 2>/dev/null
	assess --lang zh_CN --plugin "$2" --describe >"$w/$1.d.json"
	assess --lang zh_CN --plugin "$2" "$3" --format xlsx \
		-o "$w/$1.xlsx" 2>/dev/null
	assess --lang zh_CN --plugin "$2" "$3" --format html \
		-o "$w/$1.html" 2>/dev/null
}
run branches starbranch $ex/company/branches.ndjson
run communities fivegood $ex/city/communities.ndjson
calc() { # FORMAT: both workbooks, one start of LibreOffice
	soffice -env:UserInstallation="file://$w/lo" --headless \
		--convert-to "$1" --outdir "$w" \
		"$w/branches.xlsx" "$w/communities.xlsx" >/dev/null 2>&1
}
calc pdf || { echo "soffice cannot convert to pdf"; exit 1; }
# every sheet, values as stored, UTF-8: one file per sheet, NAME-SHEET.csv
calc 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' ||
	{ echo "soffice cannot convert to csv"; exit 1; }
for n in branches communities; do
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$w/chromium" --no-pdf-header-footer \
		--print-to-pdf="$w/$n-report.pdf" "file://$w/$n.html" \
		>/dev/null 2>&1 || { echo "chromium cannot print $n.html"; exit 1; }
done
check() { /usr/bin/python3 "$here/report_print.py" "$@" || exit 1; }
check book 2025年度星级党支部评定结果 "$w/branches.pdf" "$w/branches-结果.csv" \
	"$w/branches.json" "$w/branches.d.json"
check book 2025年度五个好社区党组织评定结果 "$w/communities.pdf" \
	"$w/communities-结果.csv" "$w/communities.json" "$w/communities.d.json"
check report 2025年度星级党支部评定结果 "$w/branches-report.pdf" \
	"$w/branches.json"
check report 2025年度五个好社区党组织评定结果 "$w/communities-report.pdf" \
	"$w/communities.json"
