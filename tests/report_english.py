#!/usr/bin/env python3
"""report_english.py - the "no English" test of a Chinese run's paper: the
visible text of an HTML report (--format html) or of a workbook (--format
xlsx: every visible sheet, every visible row and column) holds no ASCII
word of two letters or more that is not an id, a number, a unit or a name
from the input.

Usage: report_english.py REPORT.html|BOOK.xlsx RESULTS.json [INPUT...]

What is allowed is taken from the run, never from the writer: the results'
ids, names, parents and periods, the plugin's name and the run's input
files (a report names where a rejected record was read), the SHA-256
digests, the few names and units in ALLOWED, and the input's own field
names where a record must be mended: a rejected record's field path
(scores.feedback) and a criterion's key in full-width brackets after its
label in a message (群众反映好（feedback）), which is how the data file
spells it.  Prints "ok: ..." and
exits 0, or prints each English word with where it stood and exits 1.
"""
import html.parser
import json
import os
import re
import sys

# Names and units a Chinese reader meets as they are.
ALLOWED = {"SHA-256", "assess", "A4"}

WORD = re.compile(r"[A-Za-z0-9/.][A-Za-z0-9_.:/\-]*")


class Visible(html.parser.HTMLParser):
    """The text a reader sees: no script, style or hidden element."""

    SKIP = {"script", "style"}
    VOID = {"meta", "br", "img", "input", "link", "hr", "rect", "path",
            "line", "circle", "col"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.out = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        hidden = (tag in self.SKIP or "hidden" in a or
                  "display:none" in (a.get("style") or "").replace(" ", ""))
        inherited = bool(self.stack) and self.stack[-1][1]
        self.stack.append((tag, bool(hidden) or inherited))
        for k in ("placeholder", "aria-label", "alt"):
            if a.get(k):
                self.out.append(("<%s %s>" % (tag, k), a[k]))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1]:
            return
        where = self.stack[-1][0] if self.stack else "-"
        if data.strip():
            self.out.append((where, data))


def html_texts(path):
    p = Visible()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p.out


def xlsx_texts(path):
    import openpyxl
    out = []
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        out.append(("sheet name", ws.title))
        hf = ws.oddFooter
        for part in (hf.left, hf.center, hf.right):
            if part.text:
                # &P, &N, &A: page, pages and sheet codes, not words
                out.append(("footer", re.sub(r"&[A-Z]", " ", part.text)))
        for row in ws.iter_rows():
            for c in row:
                if c.value is None or isinstance(c.value, (int, float)):
                    continue
                col = ws.column_dimensions[c.column_letter]
                if col.hidden or ws.row_dimensions[c.row].hidden:
                    continue
                out.append(("%s!%s" % (ws.title, c.coordinate), str(c.value)))
    return out


def input_fields(results_path):
    """The rejected records' field paths and the criteria's keys."""
    with open(results_path, encoding="utf-8") as f:
        doc = json.load(f)
    paths, keys = set(), set()
    for r in doc.get("results", []):
        for e in r.get("errors") or []:
            if isinstance(e.get("path"), str):
                paths.add(e["path"])
        for c in r.get("criteria") or []:
            if isinstance(c.get("key"), str):
                keys.add(c["key"])
    return paths, keys


def without_fields(text, paths, keys):
    """text less the input's field names a reader needs to mend a record."""
    text = re.sub(r"（([A-Za-z0-9_]+)）",
                  lambda m: "（）" if m.group(1) in keys else m.group(0), text)
    return " ".join(w for w in text.split(" ") if w not in paths)


def allowed_words(results_path, inputs):
    with open(results_path, encoding="utf-8") as f:
        doc = json.load(f)
    ok = set(ALLOWED)
    meta = doc.get("assess", {})
    for k in ("plugin", "config_sha256", "input_sha256", "version",
              "plugin_version"):
        if isinstance(meta.get(k), str):
            ok.add(meta[k])
    for r in doc.get("results", []):
        for k in ("id", "name", "parent", "period"):
            if isinstance(r.get(k), str):
                ok.update(WORD.findall(r[k]))
    for s in doc.get("summary", {}).get("parents", []) or []:
        if isinstance(s, dict) and isinstance(s.get("parent"), str):
            ok.add(s["parent"])
    for i in inputs:
        ok.add(i)
        ok.add(os.path.basename(i))
    return ok


def english(word, ok):
    """Whether word is English a reader was not meant to see."""
    if word in ok:
        return False
    # a file:line or a number with a unit glued on
    base = word.rstrip(".:").split(":")[0]
    if base in ok or re.fullmatch(r"[0-9.:\-/%]+", word):
        return False
    if re.fullmatch(r"[0-9a-f]{64}", word):  # a digest
        return False
    return len(re.findall(r"[A-Za-z]", word)) >= 2 and \
        re.search(r"[A-Za-z]{2}", word) is not None


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    path, results, inputs = argv[1], argv[2], argv[3:]
    texts = xlsx_texts(path) if path.endswith(".xlsx") else html_texts(path)
    ok = allowed_words(results, inputs)
    paths, keys = input_fields(results)
    bad = []
    for where, text in texts:
        for w in WORD.findall(without_fields(text, paths, keys)):
            if english(w, ok):
                bad.append("%s: %r in %r" % (where, w, text.strip()[:80]))
    if bad:
        for b in bad[:40]:
            print("english: %s: %s" % (os.path.basename(path), b))
        if len(bad) > 40:
            print("english: ... %d more" % (len(bad) - 40))
        return 1
    print("ok: %s: %d texts, no English" % (os.path.basename(path), len(texts)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
