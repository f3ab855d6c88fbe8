#!/bin/sh
# sdk_same.sh - hold every scheme's output byte for byte across a change
# of the SDK (sdk/, include/assess/): save the outputs of one build, then
# compare another's.  bench/sb_same.sh does the same for the star scheme
# alone, with more of its options.
#
# Usage: bench/sdk_same.sh save DIR     (outputs of this build into DIR)
#        bench/sdk_same.sh check DIR    (this build's outputs cmp'd to DIR)
#
# The batches, 100,000 records each: the star scheme's (bench/gen.py,
# seed 1), communities for 五个好 (tests/e2e/data/sc/gen_communities.py,
# seed 1: scores, indicators, both, missing data, bad values, unknown
# keys), streets for 六个好 fed by those communities' results, and
# 四强 village branches (bench/scorecard_gen.py); then the examples
# (city, company, department, village).  Each is assessed by its plugin
# (fivegood, sixgood, starbranch, scorecard with scorecard-fivegood.ini
# and fourstrong.ini) with the shipped configs as they were when saved
# (DIR/in/*.ini, so that the metadata's config_sha256 stays), as JSON,
# in Chinese and as CSV.  check prints one line per output and exits 1
# when any differs.
# Build first (make all); run from anywhere.  ASSESS=PATH runs another
# build's bin/assess (its plugins beside it) with these inputs.
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
n=100000
[ -s "$in/star.ndjson" ] || python3 "$root/bench/gen.py" $n 1 >"$in/star.ndjson"
[ -s "$in/four.ndjson" ] || python3 "$root/bench/scorecard_gen.py" $n 1 >"$in/four.ndjson"
[ -s "$in/comm.ndjson" ] ||
	python3 "$root/tests/e2e/data/sc/gen_communities.py" $n 1 >"$in/comm.ndjson"
# streets: the communities' shapes, with the street criteria, each the
# parent of some communities (street-1..12) or none, some scoring the
# community criterion themselves
[ -s "$in/streets.ndjson" ] || python3 - "$in/comm.ndjson" >"$in/streets.ndjson" <<'PY'
import json, random, sys
rnd = random.Random(2)
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    r = json.loads(line)
    r["id"] = "street-%d" % (i + 1)
    r["name"] = "街道%d" % (i + 1)
    r["parent"] = "district-%d" % rnd.randint(1, 40)
    if rnd.random() < 0.3 and isinstance(r.get("scores"), dict):
        r["scores"]["community"] = round(rnd.uniform(8, 20), 1)
    print(json.dumps(r, ensure_ascii=False))
PY
if [ "$mode" = save ]; then
	for c in fivegood sixgood starbranch scorecard-fivegood fourstrong; do
		cp "$root/configs/$c.ini" "$in/$c.ini"
		for po in "$root/configs/$c".*.po; do
			[ ! -e "$po" ] || cp "$po" "$in/"
		done
	done
fi

assess=${ASSESS:-$root/bin/assess} # ASSESS: another build's
run() { # NAME PLUGIN CONFIG INPUT ARGS...
	name=$1 plugin=$2 config=$3 input=$4
	shift 4
	"$assess" --plugin "$plugin" --config "$in/$config.ini" "$@" "$input" \
		>"$out/$name" 2>"$out/$name.err" || echo "exit $?" >>"$out/$name.err"
}
three() { # NAME PLUGIN CONFIG INPUT ARGS...: JSON, Chinese, CSV
	base=$1
	shift
	run "$base.json" "$@"
	run "$base-zh.json" "$@" --lang zh_CN
	run "$base.csv" "$@" --format csv
}
three star starbranch starbranch "$in/star.ndjson" --set quota.max_share.5=10%
three comm fivegood fivegood "$in/comm.ndjson"
three comm-zero fivegood fivegood "$in/comm.ndjson" --set scheme.missing=zero \
	--set scheme.prefer=computed
three comm-sc scorecard scorecard-fivegood "$in/comm.ndjson"
three four scorecard fourstrong "$in/four.ndjson"
three streets sixgood sixgood "$in/streets.ndjson" \
	--set "community.results=$dir/out/comm.json"

ex=$root/examples
three city fivegood fivegood "$ex/city/communities.ndjson"
run city.xlsx-in.json fivegood fivegood "$ex/city/communities.xlsx"
three city-streets sixgood sixgood "$ex/city/streets.ndjson" \
	--set "community.results=$dir/out/city.json"
three city-sc scorecard scorecard-fivegood "$ex/city/communities.ndjson"
three company starbranch starbranch "$ex/company/branches.ndjson"
run company-sheet.json starbranch starbranch "$ex/company/branches.xlsx" \
	--columns "$ex/company/columns.ini"
run company-isolated.json starbranch starbranch "$ex/company/branches.ndjson" \
	--isolate
three department starbranch starbranch "$ex/department/branches.ndjson"
run department-sheet.json starbranch starbranch \
	"$ex/department/branches-2025.xlsx"
three village scorecard fourstrong "$ex/village/branches.json"
run village-sheet.json scorecard fourstrong "$ex/village/branches.xlsx"

[ "$mode" = save ] && { ls "$out" | wc -l | sed 's/$/ outputs saved/'; exit 0; }
bad=0
for f in $(cd "$dir/out" && ls); do
	if cmp -s "$dir/out/$f" "$out/$f"; then
		echo "same    $f"
	else
		echo "DIFFERS $f"
		bad=1
	fi
done
[ "$(ls "$dir/out" | wc -l)" = "$(ls "$out" | wc -l)" ] ||
	{ echo "the number of outputs differs"; bad=1; }
exit $bad
