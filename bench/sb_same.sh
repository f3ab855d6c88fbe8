#!/bin/sh
# sb_same.sh - hold the star scheme's output byte for byte across a change
# of its code: save the outputs of one build, then compare another's.
#
# Usage: bench/sb_same.sh save DIR     (outputs of this build into DIR)
#        bench/sb_same.sh check DIR    (this build's outputs cmp'd to DIR)
#
# The batches: 100,000 records of bench/gen.py (seed 1), 3,000 branches of
# bench/sb9_pairs.py (strong and weak units, many pairs), 20,000 records
# of each shape of bench/shapes.py and the company example (NDJSON and
# its workbook).  Each is assessed with the shipped
# starbranch.ini as it was when saved (DIR/in/starbranch.ini, so that the
# metadata's config_sha256 stays), with a five-star quota of 10% (--set),
# in Chinese, and as CSV.  check prints one line per output and exits 1
# when any differs.
# Build first (make all); run from anywhere.  ASSESS=PATH runs another
# build's bin/assess (say, main's, built in a scratch copy) for save.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
dir=${2:-}
case $mode in save|check) ;; *)
	echo "usage: $0 save|check DIR" >&2; exit 2 ;;
esac
[ -n "$dir" ] || { echo "usage: $0 save|check DIR" >&2; exit 2; }
mkdir -p "$dir/in"
if [ "$mode" = save ]; then
	out=$dir/out
else
	out=$dir/now
fi
rm -rf "$out"
mkdir -p "$out"

in=$dir/in
[ -s "$in/gen.ndjson" ] || python3 "$root/bench/gen.py" 100000 1 >"$in/gen.ndjson"
[ -s "$in/pairs.ndjson" ] || python3 "$root/bench/sb9_pairs.py" \
	--keep "$in/pairs.ndjson" >/dev/null
shapes=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1])
import shapes; print(" ".join(shapes.SHAPES))' "$root/bench")
for s in $shapes; do
	[ -s "$in/$s.ndjson" ] || python3 "$root/bench/shapes.py" 20000 \
		--shape "$s" >"$in/$s.ndjson"
done
cp "$root/examples/company/branches.ndjson" "$in/company.ndjson"
[ "$mode" = check ] || cp "$root/configs/starbranch.ini" "$in/starbranch.ini"

assess=${ASSESS:-$root/bin/assess}
run() { # NAME INPUT ARGS...
	name=$1 input=$2
	shift 2
	"$assess" --plugin starbranch --config "$in/starbranch.ini" "$@" "$input" >"$out/$name" 2>"$out/$name.err" \
		|| echo "exit $?" >>"$out/$name.err"
}
for b in gen pairs $shapes company; do
	run "$b.json" "$in/$b.ndjson"
	run "$b-quota.json" "$in/$b.ndjson" --set quota.max_share.5=10%
	run "$b-quota-zh.json" "$in/$b.ndjson" --lang zh_CN \
		--set quota.max_share.5=10%
	run "$b.csv" "$in/$b.ndjson" --format csv --set quota.max_share.5=5%
done
run company-sheet.json "$root/examples/company/branches.xlsx" \
	--columns "$root/examples/company/columns.ini"
run company-isolated.json "$in/company.ndjson" --isolate \
	--set quota.max_share.5=10%

[ "$mode" = save ] && { ls "$out" | wc -l | sed 's/$/ outputs saved/'; exit 0; }
bad=0
# The INI shipped now (new keys at their defaults) gives the same results
# and summary: only the metadata's config_sha256 may differ.
for b in pairs company; do
	"$assess" --plugin starbranch --set quota.max_share.5=10% \
		"$in/$b.ndjson" | sed 's/"config_sha256": *"[0-9a-f]*"//' \
		>"$out/$b.shipped"
	if sed 's/"config_sha256": *"[0-9a-f]*"//' "$dir/out/$b-quota.json" |
	   cmp -s - "$out/$b.shipped"; then
		echo "same   $b-quota.json with the shipped INI (but its sha256)"
	else
		echo "DIFFER $b-quota.json with the shipped INI"
		bad=1
	fi
done
for f in "$dir/out"/*; do
	n=$(basename "$f")
	if cmp -s "$f" "$out/$n"; then
		echo "same   $n ($(wc -c <"$f") bytes)"
	else
		echo "DIFFER $n"
		bad=1
	fi
done
exit $bad
