#!/usr/bin/env python3
"""shapes.py - write N star-scheme branch records of a chosen batch shape as
NDJSON on stdout, for measuring assess on batches unlike bench/gen.py's.

Usage: bench/shapes.py N [--shape NAME] [--per-parent K] [--history none|all]
                         [--vetoes SHARE] [--pair SHARE] [--seed S]

The shape is what the star scheme's batch-wide work depends on:
  --per-parent K  branches under each parent unit (the units are
                  interleaved: branch i is under unit i mod ceil(N/K), so
                  every unit is open from the start to the end);
  --history       none: no history; all: two years of it on every branch
                  (the change, the admonitions and the downgrade warnings);
  --vetoes SHARE  share of branches with a veto (no stars, not qualified);
  --pair SHARE    share of branches scored into tier 3 (below three stars,
                  to be paired under SB9) and as many scored as helpers
                  (four stars or five); the rest get three stars.
--shape NAME takes the values of a named shape (SHAPES below); flags given
after it change them.  Every record has the seven item scores (one in
five as per-period checks instead), as the floor program needs.  The same
arguments give the same bytes.
"""
import argparse
import json
import random
import sys

ITEMS = [("self_building", 20), ("team", 15), ("workforce", 15),
         ("basic_work", 15), ("production", 15), ("supervision", 10),
         ("democracy_culture", 10)]
VETOES = ["team_disunity", "task_unfinished", "member_disciplined"]

# name: (per_parent, history, vetoes, pair)
SHAPES = {
    "p10-none": (10, "none", 0.01, 0.10),
    "p1000-all-pairs": (1000, "all", 0.01, 0.30),
    "p1000-none-vetoes": (1000, "none", 0.30, 0.05),
    "p100000-all-pairs": (100000, "all", 0.05, 0.30),
}


def args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("n", type=int)
    p.add_argument("--shape", choices=sorted(SHAPES))
    p.add_argument("--per-parent", type=int)
    p.add_argument("--history", choices=["none", "all"])
    p.add_argument("--vetoes", type=float)
    p.add_argument("--pair", type=float)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    base = SHAPES.get(a.shape, (1000, "all", 0.01, 0.10))
    a.per_parent = a.per_parent or base[0]
    a.history = a.history or base[1]
    a.vetoes = base[2] if a.vetoes is None else a.vetoes
    a.pair = base[3] if a.pair is None else a.pair
    return a


def main():
    a = args()
    rnd = random.Random(a.seed)
    units = max(1, -(-a.n // a.per_parent))
    out = sys.stdout
    for i in range(a.n):
        u = rnd.random()
        # the share of the maximum each item gets: tier 3 (below 70),
        # helpers (80 and up), or three stars (70 to 80)
        if u < a.pair:
            level = rnd.uniform(0.45, 0.68)
        elif u < 2 * a.pair:
            level = rnd.uniform(0.81, 0.97)
        else:
            level = rnd.uniform(0.71, 0.79)
        rec = {
            "id": "b-%08d" % i,
            "name": "第%d钻井队党支部" % i,
            "parent": "unit-%06d" % (i % units),
            "period": "2025",
            "scores": {k: round(min(m, m * (level + rnd.uniform(-0.02, 0.02))),
                                1) for k, m in ITEMS},
        }
        if i % 5 == 0:
            rec["checks"] = {p: {k: round(min(m, m * (level + rnd.uniform(
                                 -0.08, 0.08))), 1) for k, m in ITEMS}
                             for p in ("daily", "half_year", "annual")}
            del rec["scores"]  # scored by its checks; both are refused
        if rnd.random() < a.vetoes:
            rec["vetoes"] = [VETOES[i % 3]]
        if a.history == "all":
            rec["history"] = [{"period": "2024", "stars": rnd.randint(0, 5)},
                              {"period": "2023", "stars": rnd.randint(0, 5)}]
        out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
