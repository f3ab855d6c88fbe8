#!/usr/bin/env python3
"""sheet_mutate_headers.py - the headers of a department's workbook, each cut short.

Usage: sheet_mutate_headers.py PLUGIN WORKBOOK.xlsX GBK.csv TMPDIR

Reads the workbook's active sheet with openpyxl (python3-openpyxl), finds
its header row (the row holding the most cells assess knows is not
needed: the row whose first cell is 序号), and for every header cell
writes a copy of the workbook, and of its GB18030 CSV twin, with that
header one character shorter.  Each copy is assessed (`assess` on PATH)
as it comes and under --set input.extra_fields=warn.  A run may stop
(exit 5) or read the column right; what it may not do is exit 0 or 1
with a record whose rating, score, stars or actions differ from the
clean run's and carry no warning.  Prints one line per header and a
total; exits 1 at any silent change.
"""
import csv
import io
import json
import os
import subprocess
import sys

import openpyxl


def run(path, extra):
    """The results by id and the exit status of assessing path."""
    cmd = ["assess", "--plugin", PLUGIN] + extra
    if path.endswith(".csv"):
        cmd += ["--encoding", "gb18030"]
    p = subprocess.run(cmd + [path], capture_output=True)
    if p.returncode not in (0, 1):
        return None, p.returncode
    doc = json.loads(p.stdout)
    return {r["id"]: r for r in doc["results"]}, p.returncode


def verdict(r):
    return (r.get("status"), r.get("rating"), r.get("score"),
            r.get("stars"), json.dumps(r.get("actions"), sort_keys=True))


def silent_changes(clean, got):
    """Ids whose verdict changed with no warning or error on the record."""
    bad = []
    for i, r in clean.items():
        g = got.get(i)
        if g is None:
            bad.append(i + " (missing)")
            continue
        if verdict(g) != verdict(r) and not g.get("warnings") \
                and not g.get("errors"):
            bad.append(i)
    return bad


def header_row(ws):
    for row in ws.iter_rows():
        if row[0].value == "序号":
            return row[0].row
    sys.exit("no row starting 序号 in " + ws.title)


def main():
    global PLUGIN
    PLUGIN, book, gbk, tmp = sys.argv[1:5]
    clean, rc = run(book, [])
    if clean is None:
        sys.exit("the clean workbook does not read: exit %d" % rc)
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    hr = header_row(ws)
    headers = [c.value for c in ws[hr]]
    with open(gbk, encoding="gb18030", newline="") as f:
        rows = list(csv.reader(f))
    crow = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    failures = 0
    stops = reads = 0
    for col, h in enumerate(headers):
        if not isinstance(h, str) or len(h) < 2:
            continue
        cut = h[:-1]
        ws.cell(row=hr, column=col + 1).value = cut
        xpath = os.path.join(tmp, "mutant.xlsx")
        wb.save(xpath)
        ws.cell(row=hr, column=col + 1).value = h
        rows[crow][col] = cut
        cpath = os.path.join(tmp, "mutant.csv")
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        with open(cpath, "wb") as f:
            f.write(out.getvalue().encode("gb18030"))
        rows[crow][col] = h
        seen = []
        for path in (xpath, cpath):
            for extra in ([], ["--set", "input.extra_fields=warn"]):
                got, rc = run(path, extra)
                if got is None:
                    stops += 1
                    seen.append("exit %d" % rc)
                    continue
                reads += 1
                bad = silent_changes(clean, got)
                seen.append("exit %d" % rc + (" CHANGED " + ",".join(bad)
                                              if bad else " same"))
                failures += bool(bad)
        print("%s -> %s: %s" % (h, cut, "; ".join(sorted(set(seen)))))
    print("%d headers cut: %d runs stopped, %d read with the clean "
          "results, %d changed a record silently"
          % (len([h for h in headers if isinstance(h, str) and len(h) > 1]),
             stops, reads - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
