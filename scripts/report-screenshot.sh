#!/bin/sh
# report-screenshot.sh - the picture of the HTML report that README.md
# shows: the star scheme's example (examples/company) rendered by headless
# Chromium, the top of the page (headline figures and first charts).
# Usage: scripts/report-screenshot.sh [OUT.png]   (default docs/report.png)
# Needs a built assess (make) and Debian's chromium with a Chinese font
# (apt-get install chromium fonts-wqy-microhei).
set -eu
cd "$(dirname "$0")/.."
out=${1:-docs/report.png}
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
