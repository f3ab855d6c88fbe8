#!/usr/bin/python3
"""same.py A.json B.json - whether two assess outputs have the same
results and summary, member order included (their "assess" metadata may
differ); prints how many records each holds and the first difference."""
import json
import sys

a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
print("%d results, %d rejected" % (len(a["results"]),
                                   a["summary"]["rejected"]))
for x, y in zip(a["results"], b["results"]):
    if json.dumps(x) != json.dumps(y):
        print("differ at", x.get("id"))
        print(json.dumps(x, ensure_ascii=False, sort_keys=True))
        print(json.dumps(y, ensure_ascii=False, sort_keys=True))
        sys.exit(1)
if len(a["results"]) != len(b["results"]) or \
        json.dumps(a["summary"]) != json.dumps(b["summary"]):
    print("summaries differ")
    sys.exit(1)
print("results and summary equal")
