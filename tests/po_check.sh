#!/bin/sh
# po_check.sh - the translations are whole: for each catalog (po/ for
# assess and its scheme library, po/schemes/ for the built-in plugins),
#   - the checked-in template holds exactly the msgids of the source
#     (xgettext run afresh, as `make pot` does), so no sentence was added
#     without being extracted;
#   - each LANG.po translates every msgid of the source, none fuzzy or
#     untranslated (msgcmp, msgfmt --check --statistics).
# Prints one line per catalog; exit 1 at the first gap.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
w=$(mktemp -d) || exit 1
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/schemes"
make -s --no-print-directory pot POT_OUT="$w" >/dev/null 2>"$w/err" || {
	cat "$w/err"
	exit 1
}
check() { # TEMPLATE FRESH PO...
	pot=$1 fresh=$2
	shift 2
	if ! msgcmp --use-untranslated "$pot" "$fresh" >/dev/null 2>"$w/err" ||
	   ! msgcmp --use-untranslated "$fresh" "$pot" >/dev/null 2>>"$w/err"
	then
		head -5 "$w/err"
		echo "$pot: not the msgids of the source: run make pot"
		return 1
	fi
	for po in "$@"; do
		if ! msgcmp "$po" "$fresh" >/dev/null 2>"$w/err"; then
			head -5 "$w/err"
			echo "$po: a msgid of the source is missing, untranslated or fuzzy"
			return 1
		fi
		stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) || {
			printf '%s\n' "$stats"
			return 1
		}
		case "$stats" in *fuzzy*|*untranslated*)
			echo "$po: $stats"
			return 1
		esac
		echo "$po: complete (every msgid of the source, none fuzzy or untranslated)"
	done
}
check po/assess.pot "$w/assess.pot" po/zh_CN.po &&
check po/schemes/assess-schemes.pot "$w/schemes/assess-schemes.pot" \
	po/schemes/zh_CN.po
