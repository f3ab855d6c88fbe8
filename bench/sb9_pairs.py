#!/usr/bin/env python3
"""sb9_pairs.py - count SB9 pairs on a seeded batch of star-rated branches.

Usage: bench/sb9_pairs.py [--branches N] [--units U] [--seed S]
                          [--keep FILE] [PLUGIN ...]

Writes N branches (default 3000) under U parent units (default 120) as
NDJSON: each unit has a level of its own (strong and weak units, as in a
real company), each branch a level near its unit's, each item a score near
that level.  Then assesses the batch with bin/assess and each PLUGIN given
(a name or a .so path; default starbranch) and prints, per plugin: the
pairs, how many are same-parent, the branches left unpaired, and the most
same-parent pairs the batch allows (per unit, the fewer of its tier-3
branches and its free helpers, counted from the results themselves).  The
same arguments give the same batch, byte for byte.  Run from anywhere;
build first (make all).
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile

ITEMS = [("self_building", 20), ("team", 15), ("workforce", 15),
         ("basic_work", 15), ("production", 15), ("supervision", 10),
         ("democracy_culture", 10)]
HELPER_STARS = 4  # [pairing] helper_stars of configs/starbranch.ini


def batch(n, units, seed):
    """The records, as NDJSON lines."""
    rnd = random.Random(seed)
    level = [rnd.uniform(0.45, 0.95) for _ in range(units)]
    weight = [rnd.uniform(0.3, 1.7) for _ in range(units)]
    lines = []
    for i in range(n):
        u = rnd.choices(range(units), weight)[0]
        own = min(1.0, max(0.2, rnd.gauss(level[u], 0.12)))
        scores = {k: round(min(m, max(0, m * (own + rnd.uniform(-0.05, 0.05)))),
                           1)
                  for k, m in ITEMS}
        rec = {"id": "b-%05d" % i, "name": "第%d党支部" % i,
               "parent": "unit-%03d" % u, "period": "2025",
               "scores": scores}
        lines.append(json.dumps(rec, ensure_ascii=False,
                                separators=(",", ":")))
    return "\n".join(lines) + "\n"


def count(assess, plugin, path):
    """Pair figures from one run of the plugin over the batch."""
    run = subprocess.run([assess, "--plugin", plugin, path],
                         stdout=subprocess.PIPE, check=True)
    doc = json.loads(run.stdout)
    summary = doc["summary"]
    helped = collections.Counter()
    helpers = collections.Counter()
    for r in doc["results"]:
        if r["status"] != "ok":
            continue
        if r["tier"] == 3:
            helped[r["parent"]] += 1
        elif r["stars"] >= HELPER_STARS:
            helpers[r["parent"]] += 1
    most = sum(min(helped[u], helpers[u]) for u in helped)
    pairs = summary["pairs"]
    return {
        "pairs": len(pairs),
        "same_parent": sum(1 for p in pairs if p["same_parent"]),
        "unpaired": len(summary["unpaired"]),
        "most_same_parent": most,
        "most_pairs": min(sum(helped.values()), sum(helpers.values())),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--branches", type=int, default=3000)
    ap.add_argument("--units", type=int, default=120)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--keep", help="also write the batch to this file")
    ap.add_argument("plugins", nargs="*", default=["starbranch"])
    args = ap.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    assess = os.path.join(root, "bin", "assess")
    text = batch(args.branches, args.units, args.seed)
    if args.keep:
        with open(args.keep, "w", encoding="utf-8") as f:
            f.write(text)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "branches.ndjson")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print("batch: %d branches, %d units, seed %d"
              % (args.branches, args.units, args.seed))
        for plugin in args.plugins:
            c = count(assess, plugin, path)
            print("%s: %d pairs (most %d), %d same-parent (most %d), "
                  "%d unpaired" % (plugin, c["pairs"], c["most_pairs"],
                                   c["same_parent"], c["most_same_parent"],
                                   c["unpaired"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
