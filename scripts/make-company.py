#!/usr/bin/env python3
"""make-company.py - write the example company under examples/company/.

渤海钻探 (a drilling company): 48 drilling-team branches under four
parent units, assessed for 2025 with three years of history (2022-2024).
Most branches send daily, half-year and annual checks per item; some only
the annual score.  A few vetoes, downgrades of one and two levels, a branch
sliding two years running, one below three stars for three years, and a
half-year check that points lower than the star held.  The same script
writes the same bytes.
"""
import json
import os
import random

ITEMS = [("self_building", 20), ("team", 15), ("workforce", 15),
         ("basic_work", 15), ("production", 15), ("supervision", 10),
         ("democracy_culture", 10)]
UNITS = [("unit-1", "第一钻井公司"), ("unit-2", "第二钻井公司"),
         ("unit-3", "第三钻井公司"), ("unit-4", "井下作业公司")]


def items_for(rnd, level):
    """Item scores around a share of each maximum, in tenths."""
    return {k: round(min(m, max(0, m * (level + rnd.uniform(-0.06, 0.06)))), 1)
            for k, m in ITEMS}


def main():
    rnd = random.Random(30681)
    here = os.path.join(os.path.dirname(__file__), "..", "examples",
                        "company")
    os.makedirs(here, exist_ok=True)
    rows = []
    team = 30600
    for n in range(48):
        unit, uname = UNITS[n % 4]
        team += rnd.choice([3, 7, 11])
        level = rnd.choice([0.95, 0.92, 0.88, 0.84, 0.8, 0.76, 0.72, 0.66,
                            0.62, 0.55])
        rec = {"id": "b-%d" % team, "name": "%d钻井队党支部" % team,
               "parent": unit, "period": "2025"}
        if n % 6 == 5:
            rec["scores"] = items_for(rnd, level)  # only the annual score
        else:
            rec["checks"] = {
                "daily": items_for(rnd, level + rnd.uniform(-0.03, 0.03)),
                "half_year": items_for(rnd, level + rnd.uniform(-0.05, 0.03)),
                "annual": items_for(rnd, level),
            }
        stars = max(0, min(5, int((level - 0.4) * 10)))
        hist = [max(0, min(5, stars + rnd.choice([-1, 0, 0, 0, 1])))
                for _ in range(3)]
        rec["history"] = [{"period": str(2024 - i), "stars": s}
                          for i, s in enumerate(hist)]
        if n % 5 == 0:
            rec["history"].reverse()  # the order does not matter
        rows.append(rec)
    # the stories the year holds
    rows[3]["vetoes"] = ["member_disciplined"]
    rows[17]["vetoes"] = ["task_unfinished"]
    rows[30]["vetoes"] = ["team_disunity", "task_unfinished"]
    rows[8]["history"] = [{"period": "2024", "stars": 5},
                          {"period": "2023", "stars": 5},
                          {"period": "2022", "stars": 4}]
    rows[12]["history"] = [{"period": "2024", "stars": 4},
                           {"period": "2023", "stars": 5},
                           {"period": "2022", "stars": 5}]
    rows[21]["history"] = [{"period": "2024", "stars": 2},
                           {"period": "2023", "stars": 1},
                           {"period": "2022", "stars": 2}]
    rows[40].pop("history")  # a new team: its first rating
    with open(os.path.join(here, "branches.ndjson"), "w") as f:
        for rec in rows:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
