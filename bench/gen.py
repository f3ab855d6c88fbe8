#!/usr/bin/env python3
"""gen.py - write N synthetic organisation records as NDJSON on stdout.

Usage: bench/gen.py N [SEED]

Records look like real ones: ids, Chinese names, parents, a period, seven
item scores with decimals, some checks per period, a veto now and then and
two years of history.  The same N and SEED give the same bytes.
"""
import json
import random
import sys

ITEMS = [("self_building", 20), ("team", 15), ("workforce", 15),
         ("basic_work", 15), ("production", 15), ("supervision", 10),
         ("democracy_culture", 10)]
CRITERIA = ["leadership", "cadres", "mechanism", "performance", "feedback"]
VETOES = ["team_disunity", "task_unfinished", "member_disciplined"]


def main():
    n = int(sys.argv[1])
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    out = sys.stdout
    for i in range(n):
        rec = {
            "id": "b-%07d" % i,
            "name": "第%d钻井队党支部" % i,
            "parent": "unit-%03d" % (i % 400),
            "period": "2025",
            "scores": {k: round(rnd.uniform(0.5, 1.0) * m, 1) for k, m in ITEMS},
        }
        for k in CRITERIA:
            rec["scores"][k] = round(rnd.uniform(10, 20), 2)
        if i % 5 == 0:
            rec["checks"] = {p: {k: round(rnd.uniform(0.5, 1.0) * m, 1)
                                 for k, m in ITEMS}
                             for p in ("daily", "half_year", "annual")}
        if i % 97 == 0:
            rec["vetoes"] = [VETOES[i % 3]]
        rec["history"] = [{"period": "2024", "stars": rnd.randint(0, 5)},
                          {"period": "2023", "stars": rnd.randint(0, 5)}]
        out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
