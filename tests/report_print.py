#!/usr/bin/env python3
"""report_print.py - the paper as printed: a workbook converted by a real
spreadsheet program (LibreOffice Calc, headless) to PDF and CSV, and an
HTML report printed to PDF by Chromium, checked against the JSON results of
the same run.

Usage:
  report_print.py book TITLE BOOK.pdf RESULTS.csv RESULTS.json DESCRIBE.json
  report_print.py report TITLE REPORT.pdf RESULTS.json

book: the CSV LibreOffice wrote of the results sheet holds, cell by cell,
what the JSON says (tests/sheet_check.py's rules for a workbook: a row of
keys, a row of labels, a row per result); the PDF is A4 landscape, prints
the results sheet on at most 2 pages per 50 results, and on each of those
pages shows every column's label whole (its words, read with pdftotext
-bbox, gathered per column, spell the label).
report: the PDF is A4 landscape; the results table prints on at most 2
pages per 50 results, each page repeating the table's heading whole.
Both: every page's footer has TITLE and "page N of M"; the report's
first line is TITLE.
Prints one line "ok: ..." and exits 0, or the first disagreement and 1.
"""
import csv
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sheet_check  # noqa: E402  (the workbook's columns and values)


def fail(what):
    print("report_print: " + what)
    sys.exit(1)


def run(*cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, check=True,
                          stderr=subprocess.DEVNULL).stdout.decode("utf-8")


def pages(pdf):
    info = run("pdfinfo", pdf)
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info,
                                re.M).groups())
    # A4 landscape: 842 x 595 points
    if abs(w - 841.9) > 2 or abs(h - 595.3) > 2:
        fail("%s: pages of %.0f x %.0f points, not A4 landscape" % (pdf, w, h))
    return n


def page_text(pdf, i, layout=False):
    args = ["pdftotext", "-f", str(i), "-l", str(i)]
    return run(*(args + (["-layout"] if layout else []) + [pdf, "-"]))


def words(pdf, i):
    """(xMin, yMin, text) of each word of page i."""
    out = run("pdftotext", "-bbox", "-f", str(i), "-l", str(i), pdf, "-")
    return [(float(m.group(1)), float(m.group(2)), m.group(3))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)"'
                                 r'[^>]*>([^<]*)</word>', out)]


def footer(pdf, i, title):
    text = page_text(pdf, i)
    if title not in text:
        fail("page %d: no title %r in its footer" % (i, title))
    if not re.search(r"第 %d 页，共 \d+ 页|page %d of \d+" % (i, i), text):
        fail("page %d: no page number in its footer" % i)


def most_pages(n):
    return 2 * max(1, math.ceil(n / 50))


def header_cells(ws, first_row_y):
    """The header's words above the first result, gathered per column
    (left-aligned: a label's wrapped lines start at one x)."""
    cells = []
    for x, y, t in sorted(w for w in ws if w[1] < first_row_y - 1):
        for c in cells:
            if abs(c[0] - x) < 1.5:
                c[1].append((y, t))
                break
        else:
            cells.append((x, [(y, t)]))
    return ["".join(t for _, t in sorted(c[1])) for c in
            sorted(cells, key=lambda c: c[0])]


def book(title, pdf, results_csv, results_json, describe_json):
    with open(results_json, encoding="utf-8") as f:
        doc = json.load(f)
    with open(describe_json, encoding="utf-8") as f:
        desc = json.load(f)
    res = doc["results"]
    words_of = sheet_check.WORDS[doc["assess"].get("lang", "en")]
    cols, crit_labels = sheet_check.columns(desc, res, book=True)
    with open(results_csv, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0][:len(cols)] != [k for _, k, _ in cols]:
        fail("csv: the keys' row is %r" % rows[0])
    if rows[1][:len(cols)] != [h for _, _, h in cols]:
        fail("csv: the labels' row is %r" % rows[1])
    if len(rows) != len(res) + 2:
        fail("csv: %d result rows, the JSON has %d" % (len(rows) - 2,
                                                        len(res)))
    for n, r in enumerate(res):
        for j, (kind, key, _) in enumerate(cols):
            want = sheet_check.book_expected(kind, key, r, desc, crit_labels,
                                             words_of)
            got = rows[n + 2][j]
            if isinstance(want, (int, float)) and not isinstance(want, bool):
                ok = got != "" and float(got) == want
            else:
                ok = got == sheet_check.xlsx_text(want or "")
            if not ok:
                fail("csv row %d %s: %r, the JSON says %r" % (n + 3, key, got,
                                                              want))
    ids = {r["id"] for r in res}
    labels = [h for _, _, h in cols]
    npages, found = pages(pdf), []
    for i in range(1, npages + 1):
        ws = words(pdf, i)
        first = [y for x, y, t in ws if t in ids]
        heads = header_cells(ws, min(first)) if first else []
        if first and labels[0] in heads and sheet_check.LABELS["score"] \
                in heads:
            found.append(i)
            if heads[:len(labels)] != labels:
                fail("page %d: the header reads %r, the labels are %r"
                     % (i, heads, labels))
    if not found:
        fail("no page of the results sheet")
    if len(found) > most_pages(len(res)):
        fail("the results sheet prints on %d pages for %d results"
             % (len(found), len(res)))
    for i in range(1, npages + 1):
        footer(pdf, i, title)
    return "%d results cell by cell, %d of %d pages for the results, " \
        "every header whole" % (len(res), len(found), npages)


def report(title, pdf, results_json):
    with open(results_json, encoding="utf-8") as f:
        doc = json.load(f)
    res = doc["results"]
    zh = doc["assess"].get("lang") == "zh_CN"
    heads = (["组织名称", "编号", "上级单位", "评定结果", "得分"] if zh else
             ["Organisation", "Id", "Parent unit", "Verdict", "Score"])
    last = "未通过的指标" if zh else "Criteria not passed"
    npages, found = pages(pdf), []
    if page_text(pdf, 1).strip().splitlines()[0] != title:
        fail("the report's first line is not its title %r" % title)
    for i in range(1, npages + 1):
        text = page_text(pdf, i, layout=True)
        footer(pdf, i, title)
        if last not in text or not any(r["id"] in text for r in res):
            continue
        found.append(i)
        line = next((ln for ln in text.splitlines() if last in ln), "")
        for h in heads:
            if h not in line.split():
                fail("page %d: the results' heading %r lacks %r"
                     % (i, line.strip(), h))
    if not found:
        fail("no page of the results table")
    if len(found) > most_pages(len(res)):
        fail("the results table prints on %d pages for %d results"
             % (len(found), len(res)))
    return "%d results on %d of %d pages, the heading on each" % (
        len(res), len(found), npages)


def main(argv):
    if len(argv) >= 2 and argv[1] == "book" and len(argv) == 7:
        said = book(*argv[2:])
    elif len(argv) >= 2 and argv[1] == "report" and len(argv) == 5:
        said = report(*argv[2:])
    else:
        sys.stderr.write(__doc__)
        return 2
    print("ok: %s: %s" % (os.path.basename(argv[3]), said))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
