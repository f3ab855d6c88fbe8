#!/usr/bin/python3
"""grades.py OUT.json [BEFORE.json] - one line per result: id, score,
grade, and what the batch rules wrote (quota, pairing, helping); then the
summary's counts per rating.  With BEFORE, only the results whose grade
differs from BEFORE's, each with the grade it had."""
import json
import sys

d = json.load(open(sys.argv[1], encoding="utf-8"))
before = {}
if len(sys.argv) > 2:
    before = {r["id"]: r.get("grade") for r in
              json.load(open(sys.argv[2], encoding="utf-8"))["results"]}
for r in d["results"]:
    if r["status"] != "ok":
        print(r["id"], "rejected:", "; ".join(e["message"] for e in r["errors"]))
        continue
    if before and before.get(r["id"]) == r["grade"]:
        continue
    line = [r["id"], str(r["score"]), r["grade"], r["rating"]]
    if before:
        line.append("(was %s)" % before.get(r["id"]))
    if "quota" in r:
        line.append("quota: earned %s" % r["quota"]["earned"])
    if "pairing" in r:
        line.append("helped by %s" % r["pairing"]["helper"])
    if "helping" in r:
        line.append("helps %s" % ",".join(h["id"] for h in r["helping"]))
    print(" ".join(line))
s = d["summary"]
print("per_grade", json.dumps(s.get("per_grade")), "qualified",
      s["qualified"])
