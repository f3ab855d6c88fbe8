#!/usr/bin/python3
"""make.py - write the village example: 30 village Party branches of three
townships, assessed against 四强党支部 (configs/fourstrong.ini), as JSON
(branches.json, an array) and as the Chinese workbook a township keeps
(branches.xlsx: one row a branch, headers by the INI's labels, vetoes by
their labels joined by 、).  Read with assess, both give the same results.
Deterministic: the same bytes each run.  Needs python3-openpyxl.
"""
import configparser
import importlib.util
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
spec = importlib.util.spec_from_file_location(
    "make_sheets", os.path.join(ROOT, "scripts", "make-sheets.py"))
sheets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sheets)

CRIT = ["political", "leadership", "members", "role"]
TOWNS = [("t-east", "东镇"), ("t-west", "西镇"), ("t-river", "河镇")]
VETOES = ["discipline", "safety", "petitions"]


def branches():
    rnd = random.Random(2025)
    out = []
    n = 0
    for town, zh in TOWNS:
        for k in range(10):
            n += 1
            rec = {"id": "v-%03d" % n, "name": "%s%d村党支部" % (zh, k + 1),
                   "parent": town, "period": "2025"}
            strong = rnd.random()
            lo = 20 if strong > 0.5 else 12
            rec["scores"] = {c: rnd.randint(lo * 2, 50) / 2 for c in CRIT}
            rec["participation"] = rnd.choice(
                [0.95, 0.925, 0.9, 0.88, 0.85, 0.82, 0.8, 0.785, 0.7])
            if rnd.random() < 0.1:
                rec["vetoes"] = [rnd.choice(VETOES)]
            out.append(rec)
    # ties and edges the rules must settle: equal scores, a bar met exactly
    out[0]["scores"] = {"political": 24, "leadership": 23, "members": 22.5,
                        "role": 20.5}
    out[1]["scores"] = dict(out[0]["scores"])
    out[2]["scores"] = {"political": 25, "leadership": 25, "members": 20,
                        "role": 20}
    out[2]["participation"] = 0.8
    out[3]["participation"] = "90%"  # a percentage may be written so
    return out


def main():
    recs = branches()
    with open(os.path.join(HERE, "branches.json"), "w",
              encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False)
                                   for r in recs) + "\n]\n")
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(os.path.join(ROOT, "configs", "fourstrong.ini"),
            encoding="utf-8")
    codes = dict(c.strip().split(":") for c in
                 cp["field.vetoes"]["codes"].split(","))
    cols = [(zh, lambda r, k=k: r.get(k)) for k, zh in sheets.HOST]
    for c in CRIT:
        cols.append((cp["criterion." + c]["label"],
                     lambda r, c=c: r["scores"][c]))
    cols.append((cp["field.participation"]["label"],
                 lambda r: r["participation"]))  # "90%" stays text
    cols.append(("否决项", lambda r: "、".join(
        codes[v] for v in r.get("vetoes", [])) or None))
    rows = sheets.table(recs, cols)
    sheets.save_xlsx(rows, "examples/village/branches.xlsx")


if __name__ == "__main__":
    main()
