#!/usr/bin/env python3
"""fourstrong_oracle.py - hold the fourstrong fixture plugin (the 四强
village scheme on the SDK's batch helpers) against an independent
restatement of its rules on random batches.

Usage: tests/fourstrong_oracle.py ASSESS PLUGIN CONFIG [BATCHES [SEED]]

Writes BATCHES (default 300) random batches of 1-40 branches under 1-5
parents (scores in halves, so the bars of 90, 75 and 20 are hit exactly;
participation as "N%" or as the share; now and then a veto), assesses
each with ASSESS --plugin PLUGIN --config CONFIG, and compares every
branch's grade, quota, pairing and helping list, and the summary's pairs,
unpaired and counts, with what the rules give computed here.  Prints one
line, "fourstrong oracle: N batches, M branches, P pairs: same", or the
first difference, and exits 1 on a difference.
"""
import json
import random
import subprocess
import sys
import tempfile
from decimal import Decimal, ROUND_FLOOR

CRITERIA = ["political", "leadership", "members", "role"]
VETOES = ["discipline", "safety", "petitions"]


def batch(rnd):
    """A random batch: a list of records."""
    parents = ["town-%d" % p for p in range(rnd.randint(1, 5))]
    recs = []
    for i in rnd.sample(range(1000), rnd.randint(1, 40)):
        high = rnd.random() < 0.5
        scores = {k: (rnd.randint(36, 50) if high else rnd.randint(20, 50)) / 2
                  for k in CRITERIA}
        pct = rnd.choice([rnd.randint(60, 100), 80, 100])
        part = "%d%%" % pct if rnd.random() < 0.5 else pct / 100
        rec = {"id": "v-%03d" % i, "name": "村%d党支部" % i,
               "parent": rnd.choice(parents), "scores": scores,
               "participation": part}
        if rnd.random() < 0.08:
            rec["vetoes"] = [rnd.choice(VETOES)]
        recs.append(rec)
    return recs


def expect(recs):
    """The grades, quota, pairs and helping lists the rules give."""
    d = {}
    for r in recs:
        s = [Decimal(str(r["scores"][k])) for k in CRITERIA]
        score = sum(s)
        p = r["participation"]
        share = Decimal(p[:-1]) / 100 if isinstance(p, str) \
            else Decimal(str(p))
        if score >= 90 and all(x >= 20 for x in s):
            g = "A"
        elif score >= 75:
            g = "B"
        else:
            g = "C"
        if share < Decimal("0.8") or r.get("vetoes"):
            g = "C"
        d[r["id"]] = {"grade": g, "score": score, "parent": r["parent"],
                      "quota": False, "helper": None, "helping": []}
    # FS5: per parent, floor(20% of its branches) keep A
    for parent in {v["parent"] for v in d.values()}:
        ids = [i for i, v in d.items() if v["parent"] == parent]
        allowed = int((Decimal("0.2") * len(ids)).to_integral_value(
            ROUND_FLOOR))
        a = sorted((i for i in ids if d[i]["grade"] == "A"),
                   key=lambda i: (-d[i]["score"], i))
        for i in a[allowed:]:
            d[i]["grade"] = "B"
            d[i]["quota"] = True
    # FS6: C lowest first; own parent's best A with room, else any
    cs = sorted((i for i, v in d.items() if v["grade"] == "C"),
                key=lambda i: (d[i]["score"], i))
    aa = sorted((i for i, v in d.items() if v["grade"] == "A"),
                key=lambda i: (-d[i]["score"], i))
    left = {i: 2 for i in aa}
    pairs, unpaired = [], []
    for c in cs:
        h = next((a for a in aa if left[a] and
                  d[a]["parent"] == d[c]["parent"]), None)
        if h is None:
            h = next((a for a in aa if left[a]), None)
        if h is None:
            unpaired.append(c)
            continue
        left[h] -= 1
        d[c]["helper"] = h
        d[h]["helping"].append(c)
        pairs.append({"helper": h, "helped": c,
                      "same_parent": d[h]["parent"] == d[c]["parent"]})
    return d, pairs, unpaired


def compare(doc, recs):
    """None when the output is what the rules give, else the difference."""
    d, pairs, unpaired = expect(recs)
    got = {r["id"]: r for r in doc["results"]}
    for i, want in d.items():
        r = got.get(i)
        if r is None or r["status"] != "ok":
            return "%s: not assessed" % i
        if r["grade"] != want["grade"]:
            return "%s: grade %s, want %s" % (i, r["grade"], want["grade"])
        if ("quota" in r) != want["quota"]:
            return "%s: quota %s, want %s" % (i, "quota" in r, want["quota"])
        helper = r.get("pairing", {}).get("helper")
        if helper != want["helper"]:
            return "%s: helper %s, want %s" % (i, helper, want["helper"])
        helping = [x["id"] for x in r.get("helping", [])]
        if helping != want["helping"]:
            return "%s: helping %s, want %s" % (i, helping, want["helping"])
    s = doc["summary"]
    if s["pairs"] != pairs:
        return "summary pairs %s, want %s" % (s["pairs"], pairs)
    if s["unpaired"] != unpaired:
        return "summary unpaired %s, want %s" % (s["unpaired"], unpaired)
    for g in "ABC":
        n = sum(1 for v in d.values() if v["grade"] == g)
        if s["per_grade"][g] != n:
            return "summary per_grade %s %d, want %d" % (g, s["per_grade"][g],
                                                         n)
    for row in s["parents"]:
        n = sum(1 for v in d.values() if v["parent"] == row["parent"]
                and v["grade"] == "A")
        if row["per_grade"]["A"] != n:
            return "parent %s: %d A, want %d" % (row["parent"],
                                                 row["per_grade"]["A"], n)
    return None


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    assess, plugin, config = sys.argv[1:4]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    rnd = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 21)
    branches = npairs = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = tmp + "/batch.ndjson"
        for k in range(n):
            recs = batch(rnd)
            with open(path, "w", encoding="utf-8") as f:
                for r in recs:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            run = subprocess.run([assess, "--plugin", plugin, "--config",
                                  config, path], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, check=False)
            if run.returncode != 0:
                print("batch %d: exit %d: %s" % (k, run.returncode,
                                                 run.stderr.decode()))
                return 1
            why = compare(json.loads(run.stdout), recs)
            if why:
                print("batch %d: %s; the batch:" % (k, why))
                sys.stdout.write(open(path, encoding="utf-8").read())
                return 1
            branches += len(recs)
            npairs += len(json.loads(run.stdout)["summary"]["pairs"])
    print("fourstrong oracle: %d batches, %d branches, %d pairs: same"
          % (n, branches, npairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
