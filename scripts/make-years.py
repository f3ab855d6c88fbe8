#!/usr/bin/env python3
"""make-years.py - write three years of the example company under
examples/company/years/: 2023.ndjson, 2024.ndjson and 2025.ndjson.

The 48 branches of examples/company/branches.ndjson, none with a history
member: each earlier year's scores are set so that the branch earns the
stars its 2025 record gives by hand for that year (every item at the same
share of its maximum, four points above the star's bar), and 2025 is
branches.ndjson without its history.  Run in turn with --archive and
--history-from, the three give the 2025 results that branches.ndjson,
whose history was typed by hand, gives alone (docs/archive.md).  A
branch without a history (a new team) is in 2025 only.  The same script
writes the same bytes.
"""
import json
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ITEMS = [("self_building", 20), ("team", 15), ("workforce", 15),
         ("basic_work", 15), ("production", 15), ("supervision", 10),
         ("democracy_culture", 10)]
BARS = {0: 40, 1: 50, 2: 60, 3: 70, 4: 80, 5: 90}


def scores_for(stars):
    """Item scores whose total is four points above the star's bar."""
    share = (BARS[stars] + 4) / 100.0
    return {k: round(m * share, 1) for k, m in ITEMS}


def main():
    src = os.path.join(HERE, "examples", "company", "branches.ndjson")
    with open(src, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    out = os.path.join(HERE, "examples", "company", "years")
    os.makedirs(out, exist_ok=True)
    for year in ("2023", "2024"):
        with open(os.path.join(out, year + ".ndjson"), "w") as f:
            for r in recs:
                held = {h["period"]: h["stars"] for h in r.get("history", [])}
                if year not in held:
                    continue
                row = {"id": r["id"], "name": r["name"],
                       "parent": r["parent"], "period": year,
                       "scores": scores_for(held[year])}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "2025.ndjson"), "w") as f:
        for r in recs:
            row = {k: v for k, v in r.items() if k != "history"}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
