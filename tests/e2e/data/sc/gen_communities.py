#!/usr/bin/python3
"""gen_communities.py - N random community records (NDJSON on stdout) for
comparing the scorecard plugin's 五个好 scheme with the fivegood plugin:
scores given directly, as indicators for the INI's rules, both, missing,
out of range, of the wrong type, under unknown keys, and exactly at a bar.
Usage: gen_communities.py N SEED
"""
import json
import random
import sys

CRIT = ["leadership", "cadres", "mechanism", "performance", "feedback"]
IND = {
    "leadership": [("team_complete", "bool"), ("secretary_quality", 1.0),
                   ("democratic_life_meetings", "count")],
    "cadres": [("report_rate", 1.0), ("training_sessions", "count")],
    "mechanism": [("joint_meetings", "count"),
                  ("three_meetings_one_lesson_rate", 1.0)],
    "performance": [("service_activities", "count"),
                    ("practical_matters_done_rate", 1.0)],
    "feedback": [("satisfaction_rate", 1.0),
                 ("substantiated_complaints", "count")],
}


def score(rnd):
    r = rnd.random()
    if r < 0.1:
        return 16                      # exactly the bar
    if r < 0.15:
        return 15.999999
    if r < 0.2:
        return 20
    return round(rnd.uniform(8, 20), rnd.choice([0, 1, 2, 3]))


def indicator(rnd, kind):
    if kind == "bool":
        return rnd.random() < 0.7
    if kind == "count":
        return rnd.randint(0, 8)
    return round(rnd.uniform(0.3, 1.0), rnd.choice([1, 2, 3]))


def record(rnd, i):
    rec = {"id": "r-%05d" % i, "name": "社区%d" % i,
           "parent": "street-%d" % rnd.randint(1, 12)}
    scores, inds = {}, {}
    for c in CRIT:
        way = rnd.random()
        if way < 0.6:
            scores[c] = score(rnd)
        elif way < 0.9:
            for key, kind in IND[c]:
                if rnd.random() < 0.97:
                    inds[key] = indicator(rnd, kind)
        elif way < 0.95:
            scores[c] = score(rnd)
            for key, kind in IND[c]:
                inds[key] = indicator(rnd, kind)
        # else: nothing at all (missing data)
    odd = rnd.random()
    if odd < 0.02:
        scores[rnd.choice(CRIT)] = "18"
    elif odd < 0.04:
        scores[rnd.choice(CRIT)] = rnd.choice([21, -1, 99])
    elif odd < 0.06:
        scores["leadersihp"] = 12
    elif odd < 0.07:
        scores["领导班子好"] = 12
    if scores or rnd.random() < 0.5:
        rec["scores"] = scores
    if inds:
        rec["indicators"] = inds
    return rec


def main():
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rnd = random.Random(seed)
    for i in range(n):
        print(json.dumps(record(rnd, i), ensure_ascii=False))


if __name__ == "__main__":
    main()
