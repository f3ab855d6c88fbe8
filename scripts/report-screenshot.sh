#!/bin/sh
# report-screenshot.sh - the pictures README.md shows of the star scheme's
# example (examples/company), in Chinese: the HTML report rendered by
# headless Chromium (the top of the page: headline figures and first
# charts), and the first page of the results workbook as LibreOffice Calc
# prints it (converted to PDF headless, the page drawn by pdftoppm).
# Usage: scripts/report-screenshot.sh [REPORT.png [WORKBOOK.png]]
#        (default docs/report.png and docs/workbook.png)
# Needs a built assess (make), Debian's chromium with a Chinese font, and
# for the workbook libreoffice-calc-nogui and poppler-utils
# (apt-get install chromium fonts-wqy-microhei libreoffice-calc-nogui
# poppler-utils).
set -eu
cd "$(dirname "$0")/.."
out=${1:-docs/report.png}
book=${2:-docs/workbook.png}
command -v chromium >/dev/null 2>&1 || {
	echo "report-screenshot: needs chromium (apt-get install chromium)" >&2
	exit 1
}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
bin/assess --lang zh_CN --plugin starbranch --format html \
	examples/company/branches.ndjson -o "$w/branches.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--user-data-dir="$w/profile" --window-size=1000,1250 \
	--screenshot="$w/shot.png" "file://$w/branches.html" 2>/dev/null
cp "$w/shot.png" "$out"
echo "report-screenshot: wrote $out" >&2
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1
then
	echo "report-screenshot: no $book without soffice and pdftoppm" \
	     "(apt-get install libreoffice-calc-nogui poppler-utils)" >&2
	exit 0
fi
bin/assess --lang zh_CN --plugin starbranch --format xlsx \
	examples/company/branches.ndjson -o "$w/branches.xlsx"
soffice -env:UserInstallation="file://$w/lo" --headless --convert-to pdf \
	--outdir "$w" "$w/branches.xlsx" >/dev/null 2>&1
pdftoppm -png -r 110 -f 1 -l 1 -singlefile "$w/branches.pdf" "$w/book"
cp "$w/book.png" "$book"
echo "report-screenshot: wrote $book" >&2
