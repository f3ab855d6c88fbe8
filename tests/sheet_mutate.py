#!/usr/bin/env python3
"""sheet_mutate.py - the mutation sweep over the example workbooks: no
mistake a person makes in a cell may change a rating without a word.

For each workbook (examples/company/branches.xlsx, examples/city/
communities.xlsx) the clean run is the reference.  Then, one run each:
every filled score cell blanked; every row's year (年度) shifted a year
either way; the whole year column shifted back a year; every history
header's year (2024年星级) moved on a year.  A run passes when it stops
(exit 2..6), or when every record it assesses either gets the clean
run's score and rating (stars, tier, change, actions, vetoes) or carries
a warning
(other than SB8's item prompts, which every run has) or is rejected.  A
record that exits 0 or 1 with another rating and no warning is a silent
change: each is printed, and the exit status is 1.

Usage: sheet_mutate.py ROOT (the source tree); `assess` is taken from
PATH.  Only Python's standard library: the workbook's XML is edited in
place, so that nothing but the cell under test changes.
"""
import concurrent.futures
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

# workbook, plugin, extra arguments (relative to the source tree)
BOOKS = [
    ("examples/company/branches.xlsx", "starbranch",
     ["--columns", "examples/company/columns.ini"]),
    ("examples/city/communities.xlsx", "fivegood", []),
]
SHEET = "xl/worksheets/sheet1.xml"
HOST = {"编号", "名称", "上级", "id", "name", "parent"}
YEAR = {"年度", "period"}
LISTS = {"否决项", "vetoes"}
HISTORY = re.compile(r"^(\d{4})年星级$|^history\.(\d{4})\.stars$")
ROW = re.compile(r'<row [^>]*?r="(\d+)"[^>]*>(.*?)</row>', re.S)
CELL = re.compile(r'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
TEXT = re.compile(r"<(?:t|v)[^>]*>(.*?)</(?:t|v)>", re.S)
QUIET = {"item_prompt", "downgrade_warning"}


def cells(xml):
    """{(row, col): (start, end, text)} of the sheet's cells."""
    out = {}
    for m in CELL.finditer(xml):
        t = TEXT.findall(m.group(3) or "")
        out[(int(m.group(2)), m.group(1))] = (m.start(), m.end(),
                                              html.unescape("".join(t)))
    return out


def run(book, plugin, args, parts, xml):
    """Run assess on the workbook with its sheet's XML replaced: (exit,
    {id: result})."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "in.xlsx")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            for name, data in parts:
                z.writestr(name, xml.encode("utf-8") if name == SHEET
                           else data)
        p = subprocess.run(["assess", "--plugin", plugin] + args +
                           [path, "--format", "ndjson"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    results = {}
    for line in p.stdout.decode("utf-8").splitlines():
        r = json.loads(line)
        if "id" in r and r["id"] is not None:
            results[r["id"]] = r
    return p.returncode, results


def verdict(r):
    """What a reader takes from a result: its score, rating and
    consequences."""
    return (r.get("score"), r.get("rating"), r.get("stars"), r.get("tier"),
            r.get("qualified"), (r.get("change") or {}).get("direction"),
            tuple(a.get("code") for a in r.get("actions") or []),
            tuple(r.get("vetoes") or []))


def sources(r):
    return [c.get("source") for c in r.get("criteria") or []]


def warned(r):
    return any(w.get("code") not in QUIET for w in r.get("warnings") or [])


def silent(clean, status, results):
    """The records of a run changed without a word."""
    if status not in (0, 1):
        return []
    bad = []
    for i, r in results.items():
        if r.get("status") != "ok" or i not in clean or warned(r):
            continue
        if clean[i].get("status") == "ok" and \
                verdict(r) == verdict(clean[i]):
            continue
        # a criterion given both ways (its score, and the indicators its
        # rules read) is computed when its score is blank: the result
        # names the source it took, and a changed score is no silent one
        # unless the rating moved with it
        if clean[i].get("status") == "ok" and \
                verdict(r)[1:] == verdict(clean[i])[1:] and \
                sources(r) != sources(clean[i]):
            continue
        bad.append(i)
    return bad


def shift(text, by):
    return str(int(text) + by) if re.fullmatch(r"\d{4}", text) else None


def sweep(root, book, plugin, args):
    with zipfile.ZipFile(os.path.join(root, book)) as z:
        parts = [(n, z.read(n)) for n in z.namelist()]
    xml = dict(parts)[SHEET].decode("utf-8")
    c = cells(xml)
    header = {col: t for (row, col), (_, _, t) in c.items() if row == 1}
    rows = sorted({row for (row, _) in c if row > 1})
    year_col = [col for col, t in header.items() if t in YEAR]
    hist = [col for col, t in header.items() if HISTORY.match(t)]
    scores = [col for col, t in header.items() if t and t not in HOST and
              t not in YEAR and t not in LISTS and col not in hist]
    cells_blanked = [0]
    status, clean = run(book, plugin, args, parts, xml)
    assert status in (0, 1) and clean, "%s: the clean run failed" % book

    def edit(spans):
        """xml with each (start, end, new text) applied, last first."""
        out = xml
        for s, e, new in sorted(spans, reverse=True):
            out = out[:s] + new + out[e:]
        return out

    def retext(key, new):
        s, e, old = c[key]
        el = xml[s:e]
        body = re.sub(r"(<(t|v)[^>]*>).*?(</\2>)",
                      lambda m: m.group(1) + new + m.group(3), el, count=1,
                      flags=re.S)
        return (s, e, body)

    muts = []
    # the k-th filled score cell of every row blanked in one run: records
    # are assessed one by one, so each row's result still answers for its
    # own cell, and the sweep takes a run a column rather than a cell
    filled = {row: [col for col in scores if (row, col) in c and
                    c[(row, col)][2].strip()] for row in rows}
    for k in range(max(len(v) for v in filled.values())):
        spans = [c[(row, cols[k])][:2] + ("",)
                 for row, cols in filled.items() if k < len(cols)]
        muts.append(("blank the score cell %d of each row (%d cells)"
                     % (k + 1, len(spans)), spans))
        cells_blanked[0] += len(spans)
    for row in rows:
        for col in year_col:
            if (row, col) in c:
                for by in (-1, 1):
                    y = shift(c[(row, col)][2], by)
                    if y:
                        muts.append(("year %s%d %+d" % (col, row, by),
                                     [retext((row, col), y)]))
    for col in year_col:
        spans = [retext((row, col), shift(c[(row, col)][2], -1))
                 for row in rows if (row, col) in c and
                 shift(c[(row, col)][2], -1)]
        muts.append(("every year of column %s -1" % col, spans))
    for col in hist:
        m = HISTORY.match(header[col])
        y = m.group(1) or m.group(2)
        new = header[col].replace(y, str(int(y) + 1))
        muts.append(("history header %s1 %s" % (col, new),
                     [retext((1, col), html.escape(new))]))
    found = []
    kinds = {}
    # two runs at a time: each is a process of its own
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        done = pool.map(lambda m: run(book, plugin, args, parts,
                                      edit(m[1])), muts)
        runs = list(zip(muts, done))
    for (name, _), (st, res) in runs:
        kind = name.split()[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        for i in silent(clean, st, res):
            found.append("%s: %s: record %s changed silently (exit %d)"
                         % (book, name, i, st))
    print("%s: %d runs: %d score cells blanked, %d years shifted, %d "
          "history years moved: %d silent" % (
              book, len(muts) + 1, cells_blanked[0], kinds.get("year", 0) +
              kinds.get("every", 0), kinds.get("history", 0), len(found)))
    return found


def main():
    root = sys.argv[1]
    found = []
    for book, plugin, args in BOOKS:
        # the columns file, while the workbook needs one
        if args and not os.path.exists(os.path.join(root, args[1])):
            args = []
        found += sweep(root, book, plugin,
                       [os.path.join(root, a) if a.startswith("examples/")
                        else a for a in args])
    for f in found:
        print(f)
    return 1 if found else 0


sys.exit(main())
