#!/usr/bin/python3
"""cross.py C.json INI.json - the 四强 scheme's verdicts from the C fixture
plugin (tests/plugins/fourstrong.c) and from the scorecard plugin with
configs/fourstrong.ini: per branch its grade, whether the quota moved it,
its helper and whom it helps; the summary's pairs, unpaired and counts
per grade.  Prints how many agree, or the first difference."""
import json
import sys

a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])


def verdict(r):
    return (r["status"], r.get("grade"), "quota" in r,
            (r.get("pairing") or {}).get("helper"),
            [h["id"] for h in r.get("helping", [])])


for x, y in zip(a["results"], b["results"]):
    if verdict(x) != verdict(y):
        print("differ at", x["id"], verdict(x), verdict(y))
        sys.exit(1)
for k in ("pairs", "unpaired", "per_grade"):
    if a["summary"][k] != b["summary"][k]:
        print("summary", k, "differ:", a["summary"][k], b["summary"][k])
        sys.exit(1)
print("%d branches, %d pairs: the same grades, quota, pairs and counts"
      % (len(a["results"]), len(a["summary"]["pairs"])))
