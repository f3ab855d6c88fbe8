#!/bin/sh
# same.sh - hold every output byte for byte across a change of the code:
# build the tree at a git revision (default main) into a temporary
# directory, run the same commands with its build and with this one, and
# compare what each wrote.
#
# Usage: bench/same.sh [REV]          (N=100000 records a scheme by default)
#        N=2000 bench/same.sh HEAD~3  (fewer records, another revision)
#        KEEP=DIR bench/same.sh       (keep the inputs and outputs in DIR)
#
# The commands: every one of `make run`; each example of examples/ (NDJSON,
# workbook, GB18030 CSV) with its scheme; and N records of each scheme
# (bench/gen.py for the star scheme, bench/scorecard_gen.py for the
# scorecard, 五个好 communities and the 六个好 streets they feed, made
# here), each as JSON, as NDJSON (the streets read the communities'
# NDJSON: a 100,000-result document is larger than a record may be), with
# --summary, as CSV, as xlsx, in Chinese (zh_CN) and under --isolate.
# Then the star scheme's batch rules: its N records with a five-star
# quota of 10% (JSON, Chinese) and 5% (CSV), the same over 3,000 branches
# of bench/sb9_pairs.py (strong and weak units, many pairs) and N/5
# records of each shape of bench/shapes.py, and the company example with
# the quota, isolated.  Then the SDK's readers: N communities of
# tests/e2e/data/sc/gen_communities.py (scores, indicators, both, missing
# data, bad values, unknown keys) under 五个好 as shipped, with
# scheme.missing=zero and prefer=computed, and under the scorecard's
# scorecard-fivegood.ini; streets of the same shapes under 六个好 fed by
# them; the city's communities under scorecard-fivegood.ini.
# Both builds read the same inputs and the configs of their own tree.  An
# xlsx is compared by its zip's members' contents (the archive's
# timestamps aside).  Prints one line per output and exits 1 when any
# differs, 2 when a build fails.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-main}
n=${N:-100000}
work=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/base"

# the revision's tree, built where nothing of this one is seen
git -C "$root" archive "$rev" | tar -x -C "$work/base" ||
	{ echo "same: cannot read revision $rev" >&2; exit 2; }
make -s -C "$work/base" -j2 all >"$work/base.log" 2>&1 ||
	{ echo "same: $rev does not build (see $work/base.log)" >&2; exit 2; }
make -s -C "$root" -j2 all >/dev/null ||
	{ echo "same: this tree does not build" >&2; exit 2; }

in=$work/in
python3 "$root/bench/gen.py" "$n" 1 >"$in/star.ndjson"
python3 "$root/bench/scorecard_gen.py" "$n" 1 >"$in/scorecard.ndjson"
python3 "$root/bench/sb9_pairs.py" --keep "$in/sb-pairs.ndjson" >/dev/null
shapes=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1])
import shapes; print(" ".join(shapes.SHAPES))' "$root/bench")
for s in $shapes; do
	python3 "$root/bench/shapes.py" $((n / 5)) --shape "$s" \
		>"$in/sb-$s.ndjson"
done
python3 "$root/tests/e2e/data/sc/gen_communities.py" "$n" 1 \
	>"$in/comm.ndjson"
# streets: the communities' shapes, with the street criteria, each the
# parent of some communities or none, some scoring the community
# criterion themselves
python3 - "$in/comm.ndjson" >"$in/comm-streets.ndjson" <<'PY'
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
# 五个好 communities (one in four from indicators, one in fifty short of
# a score), and the 六个好 streets their parents name
python3 - "$n" "$in" <<'PY'
import json, os, random, sys
n, d = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(7)
keys = ["leadership", "cadres", "mechanism", "performance", "feedback"]
streets = max(1, n // 5)
with open(os.path.join(d, "fivegood.ndjson"), "w") as f:
    for i in range(n):
        r = {"id": "c-%06d" % i, "name": "第%d社区党支部" % i,
             "parent": "st-%06d" % (i % streets), "period": "2025"}
        s = {k: round(rnd.uniform(10, 20), 1) for k in keys}
        if i % 50 == 49:
            del s["feedback"]
        if i % 4 == 3:
            r["indicators"] = {
                "team_complete": rnd.random() < 0.9,
                "secretary_quality": round(rnd.uniform(0.6, 1), 2),
                "democratic_life_meetings": rnd.randint(0, 3),
                "report_rate": round(rnd.uniform(0.5, 1), 2),
                "training_sessions": rnd.randint(0, 8),
                "joint_meetings": rnd.randint(0, 8),
                "three_meetings_one_lesson_rate": round(rnd.uniform(0.5, 1), 2),
                "service_activities": rnd.randint(0, 20),
                "practical_matters_done_rate": round(rnd.uniform(0.5, 1), 2),
                "satisfaction_rate": round(rnd.uniform(0.5, 1), 2),
                "substantiated_complaints": rnd.randint(0, 3)}
            if i % 8 == 7:
                r["scores"] = {"leadership": s["leadership"]}
        else:
            r["scores"] = s
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(os.path.join(d, "sixgood.ndjson"), "w") as f:
    for i in range(n):
        s = {k: round(rnd.uniform(9, 15), 1) for k in keys}
        f.write(json.dumps({"id": "st-%06d" % i, "name": "第%d街道党工委" % i,
                            "parent": "d-%03d" % (i % 300), "period": "2025",
                            "scores": s}, ensure_ascii=False) + "\n")
PY

# run_all BUILD OUT: every command with BUILD's binary, outputs into OUT
run_all() {
	b=$1 out=$2
	rm -rf "$out"
	mkdir -p "$out"
	a=$b/bin/assess
	ex=$root/examples
	# NAME ARGS...: stdout to OUT/NAME.stdout, stderr and exit status beside it
	r() {
		name=$1
		shift
		(cd "$out" && "$a" "$@" >"$out/$name.stdout" 2>"$out/$name.err") ||
			echo "exit $?" >>"$out/$name.err"
	}
	# make run
	r run-communities --plugin fivegood "$ex/city/communities.ndjson" \
		-o communities.json
	r run-branches --plugin starbranch "$ex/company/branches.ndjson" \
		-o branches.json
	r run-streets --plugin sixgood --set community.results=communities.json \
		"$ex/city/streets.ndjson"
	r run-communities-html --lang zh_CN --plugin fivegood \
		"$ex/city/communities.ndjson" --format html -o communities.html
	r run-branches-html --lang zh_CN --plugin starbranch \
		"$ex/company/branches.ndjson" --format html -o branches.html
	r run-branches-xlsx --plugin starbranch --columns \
		"$ex/company/columns.ini" "$ex/company/branches.xlsx" \
		--format xlsx -o branches-results.xlsx
	r run-department --plugin starbranch \
		"$ex/department/branches-2025.xlsx" --format xlsx \
		-o department-results.xlsx
	r run-village --plugin scorecard --config "$b/configs/fourstrong.ini" \
		"$ex/village/branches.xlsx" -o village.json
	# the rest of examples/
	r ex-communities-xlsx --plugin fivegood "$ex/city/communities.xlsx"
	r ex-communities-gbk --plugin fivegood --encoding gb18030 \
		"$ex/city/communities-gbk.csv"
	r ex-branches-gbk --plugin starbranch --encoding gb18030 \
		"$ex/company/branches-gbk.csv"
	r ex-company-years --plugin starbranch "$ex/company/years/2023.ndjson" \
		"$ex/company/years/2024.ndjson" "$ex/company/years/2025.ndjson"
	r ex-department --plugin starbranch "$ex/department/branches.ndjson"
	r ex-department-gbk --plugin starbranch --encoding gb18030 \
		"$ex/department/branches-2025-gbk.csv"
	r ex-village-json --plugin scorecard --config \
		"$b/configs/fourstrong.ini" "$ex/village/branches.json"
	# N records of each scheme, each way
	for s in star fivegood sixgood scorecard; do
		case $s in
		star) p="--plugin starbranch" ;;
		fivegood) p="--plugin fivegood" ;;
		sixgood) p="--plugin sixgood --set community.results=fivegood.ndjson" ;;
		scorecard) p="--plugin scorecard --config $b/configs/fourstrong.ini" ;;
		esac
		i=$in/$s.ndjson
		# shellcheck disable=SC2086
		{
		r "$s.json" $p "$i" -o "$s.json"
		r "$s.ndjson" $p "$i" --format ndjson -o "$s.ndjson"
		r "$s-summary" $p "$i" -o "$s-results.json" --summary "$s-summary.json"
		r "$s.csv" $p "$i" --format csv -o "$s.csv"
		r "$s.xlsx" $p "$i" --format xlsx -o "$s.xlsx"
		r "$s-zh.json" $p --lang zh_CN "$i" -o "$s-zh.json"
		r "$s-isolated.json" $p --isolate "$i" -o "$s-isolated.json"
		}
	done
	# the star scheme's quota and pairing, over batches of every shape
	q="--plugin starbranch --set quota.max_share.5=10%"
	for s in star sb-pairs $shapes; do
		i=$in/$s.ndjson
		[ -e "$i" ] || i=$in/sb-$s.ndjson # a shape's
		# shellcheck disable=SC2086
		{
		r "quota-$s.json" $q "$i" -o "quota-$s.json"
		r "quota-$s-zh.json" $q --lang zh_CN "$i" -o "quota-$s-zh.json"
		r "quota-$s.csv" --plugin starbranch \
			--set quota.max_share.5=5% --format csv "$i" \
			-o "quota-$s.csv"
		}
	done
	# shellcheck disable=SC2086
	r quota-company-isolated.json $q --isolate \
		"$ex/company/branches.ndjson" -o quota-company-isolated.json
	# the SDK's readers: communities of every kind, and streets fed by them
	c=$in/comm.ndjson
	for v in plain zero sc; do
		case $v in
		plain) p="--plugin fivegood" ;;
		zero) p="--plugin fivegood --set scheme.missing=zero"
			p="$p --set scheme.prefer=computed" ;;
		sc) p="--plugin scorecard"
			p="$p --config $b/configs/scorecard-fivegood.ini" ;;
		esac
		# shellcheck disable=SC2086
		{
		r "comm-$v.json" $p "$c" -o "comm-$v.json"
		r "comm-$v-zh.json" $p --lang zh_CN "$c" -o "comm-$v-zh.json"
		r "comm-$v.csv" $p --format csv "$c" -o "comm-$v.csv"
		}
	done
	r comm-plain.ndjson --plugin fivegood "$c" --format ndjson \
		-o comm-plain.ndjson
	r comm-streets.json --plugin sixgood \
		--set community.results=comm-plain.ndjson \
		"$in/comm-streets.ndjson" -o comm-streets.json
	r comm-streets-zh.json --plugin sixgood --lang zh_CN \
		--set community.results=comm-plain.ndjson \
		"$in/comm-streets.ndjson" -o comm-streets-zh.json
	r city-sc.json --plugin scorecard --config \
		"$b/configs/scorecard-fivegood.ini" "$ex/city/communities.ndjson" \
		-o city-sc.json
}

echo "same: running $rev's build ($n records a scheme)"
run_all "$work/base" "$work/was"
echo "same: running this tree's build"
run_all "$root" "$work/now"

python3 - "$work/was" "$work/now" <<'PY'
import os, re, sys, zipfile
was, now = sys.argv[1], sys.argv[2]
bad = 0
def xlsx(path):
    # the members' contents; the core properties' creation time aside
    with zipfile.ZipFile(path) as z:
        return {i.filename: re.sub(rb"<dcterms:(created|modified)[^<]*<",
                                   b"", z.read(i.filename))
                for i in z.infolist()}
for name in sorted(set(os.listdir(was)) | set(os.listdir(now))):
    a, b = os.path.join(was, name), os.path.join(now, name)
    if not (os.path.exists(a) and os.path.exists(b)):
        print("DIFFER %s (only in %s)" % (name, "was" if os.path.exists(a) else "now"))
        bad = 1
        continue
    with open(a, "rb") as f, open(b, "rb") as g:
        x, y = f.read(), g.read()
    how = "bytes"
    if x != y and name.endswith(".xlsx") and x[:2] == b"PK":
        x, y, how = xlsx(a), xlsx(b), "zip members"
    if x == y:
        print("same   %s (%s, %d bytes)" % (name, how, os.path.getsize(a)))
    else:
        print("DIFFER %s" % name)
        bad = 1
sys.exit(bad)
PY
