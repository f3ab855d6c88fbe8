#!/usr/bin/python3
"""sheet_check.py - read a --format xlsx or --format csv output back with an
independent reader (openpyxl, Python's csv) and compare it cell by cell with
the same run's JSON output and the plugin's describe document.

Usage: sheet_check.py xlsx|csv SHEET RESULTS.json DESCRIBE.json

The expected columns are derived here from docs/spreadsheets.md,
not from the writer.  Prints one line "ok: ..." and exits 0, or prints each
mismatch (at most 20) and exits 1.
"""
import csv
import io
import json
import re
import sys

LABELS = {
    "id": "编号", "name": "名称", "parent": "上级", "period": "期间",
    "status": "状态", "score": "得分", "max_score": "满分", "rating": "评定",
    "qualified": "合格", "stars": "星级", "tier": "档次",
    "change.direction": "星级变化", "vetoes": "否决项", "short": "未达标",
    "actions": "处理措施", "warnings": "提示", "errors": "错误",
    "pairing": "结对帮扶方", "helping": "帮扶对象", "quota": "名额限制",
}

problems = []


def bad(msg):
    problems.append(msg)


def columns(desc, results):
    """(kind, key, header) for each column, as docs/spreadsheets.md says."""
    crit = desc.get("criteria")
    if not isinstance(crit, list):
        crit = desc.get("items")
    if not isinstance(crit, list):
        crit = next((r["criteria"] for r in results
                     if isinstance(r.get("criteria"), list)), [])
    cols = [("field", k) for k in ("id", "name", "parent", "period", "status",
                                   "score", "max_score", "rating", "qualified")]
    if "stars" in desc:
        cols.append(("field", "stars"))
    if "tiers" in desc:
        cols.append(("field", "tier"))
    if "stars" in desc:
        cols.append(("change", "change.direction"))
    if "vetoes" in desc:
        cols.append(("list", "vetoes"))
    if any("bar" in c for c in crit):
        cols.append(("list", "short"))
    seen = set()
    crit_labels = {}
    for c in crit:
        if c["key"] not in crit_labels and "label" in c:
            crit_labels[c["key"]] = c["label"]
    out = [(k, key, "%s (%s)" % (LABELS[key], key)) for k, key in cols]
    for c in crit:
        if c["key"] in seen:
            continue
        seen.add(c["key"])
        head = "%s (%s)" % (c["label"], c["key"]) if "label" in c else c["key"]
        out.append(("crit", c["key"], head))
    extra = []
    if "pairing" in desc:
        extra += [("partner", "pairing"), ("partner", "helping")]
    if "quota" in desc:
        extra.append(("reason", "quota"))
    for kind, k in extra + [(k, k) for k in ("actions", "warnings", "errors")]:
        out.append((kind, k, "%s (%s)" % (LABELS[k], k)))
    return out, crit_labels


def labelled(label, key):
    return key if not label or label == key else "%s (%s)" % (label, key)


def expected(kind, key, r, desc, crit_labels):
    """The cell of result r: None, a number, a bool or a str."""
    if kind == "field":
        v = r.get(key)
        return v if isinstance(v, (str, int, float, bool)) else None
    if kind == "change":
        v = (r.get("change") or {}).get("direction")
        return v if isinstance(v, str) else None
    if kind == "reason":
        v = (r.get(key) or {}).get("reason")
        return v if isinstance(v, str) else None
    if kind == "partner":
        v = r.get(key)
        if isinstance(v, dict):
            v = [{"id": v.get("helper"), "name": v.get("helper_name")}]
        if not isinstance(v, list):
            return None
        return "; ".join(labelled(e.get("name"), e["id"]) for e in v
                         if isinstance(e, dict) and isinstance(e.get("id"), str)) or None
    if kind == "crit":
        for c in r.get("criteria") or []:
            if c.get("key") == key:
                v = c.get("score")
                return v if isinstance(v, (int, float)) else None
        return None
    v = r.get(key)
    if not isinstance(v, list):
        return None
    parts = []
    for e in v:
        if kind == "list":
            lab = desc.get("vetoes", {}) if key == "vetoes" else crit_labels
            parts.append(labelled(lab.get(e), e) if isinstance(e, str) else "")
        elif kind == "errors":
            p = e.get("path")
            parts.append(("%s: " % p if isinstance(p, str) else "") +
                         e.get("message", ""))
        elif isinstance(e, str):
            parts.append(e)
        else:
            code = e.get("code")
            lab = e.get("label")
            parts.append(labelled(lab, code if code else (lab or "")))
    return "; ".join(parts)


def same(got, want, where):
    if isinstance(want, bool):
        ok = got is want
    elif isinstance(want, (int, float)):
        ok = (isinstance(got, (int, float)) and not isinstance(got, bool)
              and got == want)
    elif want is None or want == "":
        ok = got is None or got == ""
    else:
        ok = got == want
    if not ok:
        bad("%s: %r, expected %r" % (where, got, want))


def key_of(text):
    m = re.search(r"\(([^()]*)\)$", text or "")
    return m.group(1) if m else text


def check_summary(ws, doc):
    """The summary sheet: each section of the metadata and the summary."""
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    i = 0

    def take():
        nonlocal i
        row = rows[i] if i < len(rows) else []
        i += 1
        return row + [None] * 64

    def section(key, v):
        row = take()
        if key_of(row[0]) != key:
            bad("summary row %d: %r, expected the key %s" % (i, row[0], key))
        if not isinstance(v, (dict, list)):
            same(row[1], "; ".join(v) if isinstance(v, list) else v,
                 "summary %s" % key)
            return
        if isinstance(v, dict):
            for k, m in v.items():
                section(k, m)
            return
        if v and isinstance(v[0], dict):
            cols = []
            for e in v:
                for k, m in e.items():
                    subs = list(m.keys()) if isinstance(m, dict) else [None]
                    for s in subs:
                        if (k, s) not in cols:
                            cols.append((k, s))
            head = take()
            for j, (k, s) in enumerate(cols):
                got = key_of((head[j] or "").split(".")[0]) if s else \
                    key_of(head[j])
                if got != k:
                    bad("summary %s header %d: %r" % (key, j, head[j]))
            for e in v:
                row = take()
                for j, (k, s) in enumerate(cols):
                    m = e.get(k)
                    if s is not None:
                        m = m.get(s) if isinstance(m, dict) else None
                    elif isinstance(m, dict):
                        m = None
                    if isinstance(m, list):
                        m = "; ".join(x for x in m if isinstance(x, str))
                    same(row[j], m, "summary %s.%s" % (key, k))
            return
        for e in v:
            same(take()[0], e, "summary %s[]" % key)

    for title, d in (("assess", doc["assess"]), ("summary", doc["summary"])):
        if key_of(take()[0]) != title:
            bad("summary sheet: no %s section at row %d" % (title, i))
        for k, v in d.items():
            section(k, v)
        take()
    return len(rows)


def xlsx_text(v):
    """What a cell holds of text v (docs/spreadsheets.md): CR LF and CR as LF,
    other control characters but tab and LF as U+FFFD."""
    if not isinstance(v, str):
        return v
    v = v.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\x00-\x08\x0b-\x1f]", "\ufffd", v)


def check_xlsx(path, doc, desc):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != ["结果", "汇总", "被拒绝"]:
        bad("sheets: %r" % wb.sheetnames)
        return ""
    ws = wb["结果"]
    cols, crit_labels = columns(desc, doc["results"])
    rows = list(ws.iter_rows())
    for j, (_, _, head) in enumerate(cols):
        same(rows[0][j].value if j < len(rows[0]) else None, head,
             "header %d" % (j + 1))
    if len(rows[0]) != len(cols):
        bad("%d header cells, expected %d" % (len(rows[0]), len(cols)))
    if ws.freeze_panes != "C2":
        bad("results sheet frozen at %r, expected C2" % ws.freeze_panes)
    last = openpyxl.utils.get_column_letter(len(cols))
    if ws.auto_filter.ref != "A1:%s%d" % (last, len(doc["results"]) + 1):
        bad("results filter on %r" % ws.auto_filter.ref)
    if len(rows) != len(doc["results"]) + 1:
        bad("%d result rows, expected %d" % (len(rows) - 1,
                                             len(doc["results"])))
    for n, r in enumerate(doc["results"]):
        row = rows[n + 1] if n + 1 < len(rows) else []
        for j, (kind, key, _) in enumerate(cols):
            want = xlsx_text(expected(kind, key, r, desc, crit_labels))
            got = row[j].value if j < len(row) else None
            same(got, want, "results row %d %s" % (n + 2, key))
            if (isinstance(want, (int, float)) and not isinstance(want, bool)
                    and j < len(row) and row[j].data_type != "n"):
                bad("results row %d %s: stored as %s, not a number"
                    % (n + 2, key, row[j].data_type))
    rej = wb["被拒绝"]
    want = [["编号 (id)", "名称 (name)", "上级 (parent)", "期间 (period)",
             "文件 (file)", "行 (line)", "字段 (path)", "说明 (message)"]]
    for r in doc["results"]:
        if r["status"] != "rejected":
            continue
        for e in r.get("errors") or [{}]:
            want.append([xlsx_text(v) for v in (
                r.get("id"), r.get("name"), r.get("parent"), r.get("period"),
                r.get("file"), r.get("line"), e.get("path"),
                e.get("message"))])
    got = [[c.value for c in row] for row in rej.iter_rows()]
    if len(got) != len(want):
        bad("%d rejected rows, expected %d" % (len(got) - 1, len(want) - 1))
    for n, (g, w) in enumerate(zip(got, want)):
        for j, v in enumerate(w):
            same(g[j] if j < len(g) else None, v,
                 "rejected row %d col %d" % (n + 1, j + 1))
    s = check_summary(wb["汇总"], doc)
    return "%d results, %d columns, %d rejected rows, %d summary rows" % (
        len(rows) - 1, len(cols), len(got) - 1, s)


def csv_text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


def check_csv(path, doc, desc):
    data = open(path, "rb").read()
    if not data.startswith(b"\xef\xbb\xbf"):
        bad("no UTF-8 byte order mark")
    if re.search(rb"(?<!\r)\n", re.sub(rb'"(?:[^"]|"")*"', b"", data)) \
            or not data.endswith(b"\r\n"):
        bad("a line ends without CR")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"),
                                       newline="")))
    cols, crit_labels = columns(desc, doc["results"])
    for j, (_, _, head) in enumerate(cols):
        same(rows[0][j] if j < len(rows[0]) else None, head,
             "header %d" % (j + 1))
    if len(rows) != len(doc["results"]) + 1:
        bad("%d rows, expected %d" % (len(rows) - 1, len(doc["results"])))
    for n, r in enumerate(doc["results"]):
        row = rows[n + 1] if n + 1 < len(rows) else []
        if len(row) != len(cols):
            bad("row %d: %d fields, expected %d" % (n + 2, len(row),
                                                     len(cols)))
        for j, (kind, key, _) in enumerate(cols):
            want = expected(kind, key, r, desc, crit_labels)
            got = row[j] if j < len(row) else None
            if isinstance(want, (int, float)) and not isinstance(want, bool):
                try:
                    ok = float(got) == want
                except (TypeError, ValueError):
                    ok = False
                if not ok:
                    bad("row %d %s: %r, expected %r" % (n + 2, key, got, want))
            else:
                same(got, csv_text(want), "row %d %s" % (n + 2, key))
    return "%d results, %d columns" % (len(rows) - 1, len(cols))


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("xlsx", "csv"):
        sys.stderr.write(__doc__)
        return 2
    doc = json.load(open(sys.argv[3], encoding="utf-8"))
    desc = json.load(open(sys.argv[4], encoding="utf-8"))
    check = check_xlsx if sys.argv[1] == "xlsx" else check_csv
    what = check(sys.argv[2], doc, desc)
    if problems:
        for p in problems[:20]:
            print(p)
        print("%d mismatches" % len(problems))
        return 1
    print("ok: %s" % what)
    return 0


if __name__ == "__main__":
    sys.exit(main())
