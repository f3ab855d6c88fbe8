#!/usr/bin/python3
"""sheetconv.py - star-scheme NDJSON records as a committee's sheet, CSV or
XLSX, for measuring assess's spreadsheet readers (bench/sheetin.sh,
bench/vs-floor.sh).

Usage: bench/sheetconv.py csv|xlsx IN.ndjson OUT

The headers a committee's sheet has: 编号, 名称, 上级, 年度, the items'
labels (configs/starbranch.ini's), dotted paths for the rest
(checks.daily.team, history.2024.stars), the vetoes by label in one cell
joined by 、; the columns in the order they first appear.  The XLSX is one
sheet, numbers as numbers, streamed by bench/xlsx_rows.c (libxlsxwriter,
built here with cc into a temporary directory).  A sheet holds at most
1,048,576 rows, the header's included: more than 1,048,575 records
cannot be one XLSX (exit 2, saying so).
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

LABELS = {"self_building": "自身建设", "team": "班子建设",
          "workforce": "队伍建设", "basic_work": "基础工作",
          "production": "围绕生产经营", "supervision": "监督保障",
          "democracy_culture": "民主管理与文化建设"}
VETO = {"team_disunity": "班子不团结", "task_unfinished": "未完成上级交办任务",
        "member_disciplined": "党员受到党纪政务处分"}
HOST = {"id": "编号", "name": "名称", "parent": "上级", "period": "年度"}
XLSX_ROWS = 1048576


def flat(rec):
    """One record as {header: cell}."""
    out = {}
    for k, v in rec.items():
        if k in HOST:
            out[HOST[k]] = v
        elif k == "vetoes":
            out["否决项"] = "、".join(VETO[x] for x in v)
        elif k == "history":
            for e in v:
                out["history.%s.stars" % e["period"]] = e["stars"]
        elif k == "scores":
            for s, x in v.items():
                out[LABELS.get(s, "scores." + s)] = x
        elif k == "checks":
            for p, items in v.items():
                for s, x in items.items():
                    out["checks.%s.%s" % (p, s)] = x
    return out


def rows(src):
    """The header, then each record's cells ("" where it has none)."""
    cols = []
    seen = set()
    with open(src, encoding="utf-8") as f:
        for line in f:
            for k in flat(json.loads(line)):
                if k not in seen:
                    seen.add(k)
                    cols.append(k)
    yield cols
    with open(src, encoding="utf-8") as f:
        for line in f:
            r = flat(json.loads(line))
            yield [r.get(c, "") for c in cols]


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("csv", "xlsx"):
        sys.exit("usage: bench/sheetconv.py csv|xlsx IN.ndjson OUT")
    fmt, src, dst = sys.argv[1:]
    if fmt == "csv":
        with open(dst, "w", encoding="utf-8", newline="") as o:
            w = csv.writer(o, lineterminator="\r\n")
            for r in rows(src):
                w.writerow(r)
        return 0
    with open(src, "rb") as f:
        n = sum(1 for _ in f)
    if n + 1 > XLSX_ROWS:
        print("sheetconv: %d records do not fit one XLSX sheet (at most "
              "%d rows, the header's included)" % (n, XLSX_ROWS),
              file=sys.stderr)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        prog = os.path.join(tmp, "xlsx_rows")
        subprocess.run(["cc", "-O2", "-o", prog,
                        os.path.join(here, "xlsx_rows.c"), "-lxlsxwriter"],
                       check=True)
        p = subprocess.Popen([prog, dst], stdin=subprocess.PIPE)
        with open(p.stdin.fileno(), "w", encoding="utf-8", closefd=False,
                  buffering=1 << 16) as w:
            for r in rows(src):
                w.write("\t".join("" if c == "" else
                                  ("s" + c) if isinstance(c, str) else
                                  "n" + repr(c) for c in r))
                w.write("\n")
        p.stdin.close()
        return p.wait()


if __name__ == "__main__":
    sys.exit(main())
