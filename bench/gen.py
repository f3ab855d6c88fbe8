#!/usr/bin/env python3
"""gen.py - write N synthetic organisation records as NDJSON on stdout.

Usage: bench/gen.py N [SEED] [--criteria]

Records look like real ones: ids, Chinese names, parents, a period, seven
item scores with decimals or (one in five) checks per period instead, a veto now and then and
two years of history.  The same N and SEED give the same bytes.
With --criteria each record's scores also hold the five 五个好 criteria
(for a batch both schemes read); without it they hold only the star
scheme's items, which is what the star scheme accepts: a key in scores
that names no item is refused.
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
    args = [a for a in sys.argv[1:] if a != "--criteria"]
    criteria = len(args) != len(sys.argv) - 1
    n = int(args[0])
    rnd = random.Random(int(args[1]) if len(args) > 1 else 1)
    out = sys.stdout
    for i in range(n):
        rec = {
            "id": "b-%07d" % i,
            "name": "第%d钻井队党支部" % i,
            "parent": "unit-%03d" % (i % 400),
            "period": "2025",
            "scores": {k: round(rnd.uniform(0.5, 1.0) * m, 1) for k, m in ITEMS},
        }
        crit = {k: round(rnd.uniform(10, 20), 2) for k in CRITERIA}
        if criteria:
            rec["scores"].update(crit)
        if i % 5 == 0:
            rec["checks"] = {p: {k: round(rnd.uniform(0.5, 1.0) * m, 1)
                                 for k, m in ITEMS}
                             for p in ("daily", "half_year", "annual")}
            # its items are scored by the checks: an item's score given
            # beside them is refused (the random numbers drawn as before)
            if criteria:
                rec["scores"] = crit
            else:
                del rec["scores"]
        if i % 97 == 0:
            rec["vetoes"] = [VETOES[i % 3]]
        rec["history"] = [{"period": "2024", "stars": rnd.randint(0, 5)},
                          {"period": "2023", "stars": rnd.randint(0, 5)}]
        out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
