#!/usr/bin/env python3
"""scorecard_gen.py - write N synthetic 四强党支部 village branch records
(configs/fourstrong.ini) as NDJSON on stdout, for bench/scorecard.sh.

Usage: bench/scorecard_gen.py N [SEED]

Each record: id, a Chinese name, one of 400 parents, a period, four
scores 0-25 with decimals, a participation share (0.7-1), a veto now
and then.
The same N and SEED give the same bytes.
"""
import json
import random
import sys

CRIT = ["political", "leadership", "members", "role"]
VETOES = ["discipline", "safety", "petitions"]


def main():
    n = int(sys.argv[1])
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    out = sys.stdout
    for i in range(n):
        rec = {
            "id": "v-%07d" % i,
            "name": "第%d村党支部" % i,
            "parent": "town-%03d" % (i % 400),
            "period": "2025",
            "scores": {c: round(rnd.uniform(15, 25), 2) for c in CRIT},
            "participation": round(rnd.uniform(0.7, 1.0), 3),
        }
        if rnd.random() < 0.05:
            rec["vetoes"] = [rnd.choice(VETOES)]
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
