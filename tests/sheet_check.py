#!/usr/bin/python3
"""sheet_check.py - read a --format xlsx or --format csv output back with an
independent reader (openpyxl, Python's csv) and compare it cell by cell with
the same run's JSON output and the plugin's describe document.

Usage: sheet_check.py xlsx|csv SHEET RESULTS.json DESCRIBE.json

The expected columns are derived here from docs/spreadsheets.md,
not from the writer: a CSV's under "label (key)" headers, its values as
JSON has them; a workbook's under a hidden row of keys and a row of
labels, its values in the words a reader says (in the run's language, the
JSON's assess.lang), its lists by label.  Prints one line "ok: ..." and exits 0, or prints each
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
    "change.direction": "星级变化", "change.previous": "上年星级",
    "vetoes": "否决项", "short": "未达标",
    "actions": "处理措施", "warnings": "提示", "errors": "错误",
    "pairing": "结对帮扶方", "helping": "帮扶对象", "quota": "名额限制",
}

# The words a workbook shows for the conventions' codes, per language.
WORDS = {
    "zh_CN": {"ok": "正常", "rejected": "不予评定", "up": "上升", "down": "下降",
              "same": "持平", "first": "首次评定", True: "是", False: "否"},
    "en": {"ok": "assessed", "rejected": "not assessed", "up": "up",
           "down": "down", "same": "same", "first": "first rating",
           True: "yes", False: "no"},
}

problems = []


def bad(msg):
    problems.append(msg)


def columns(desc, results, book=False):
    """(kind, key, header) for each column, as docs/spreadsheets.md says:
    a workbook's header is the label alone."""
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
    if "stars" in desc and book:
        cols += [("previous", "change.previous"),
                 ("change", "change.direction")]
    if "tiers" in desc:
        cols.append(("field", "tier"))
    if "stars" in desc and not book:
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
    def head(label, key):
        return label if book else "%s (%s)" % (label, key)
    out = [(k, key, head(LABELS[key], key)) for k, key in cols]
    for c in crit:
        if c["key"] in seen:
            continue
        seen.add(c["key"])
        out.append(("crit", c["key"],
                    head(c["label"], c["key"]) if "label" in c else c["key"]))
    extra = []
    if "pairing" in desc:
        extra += [("partner", "pairing"), ("partner", "helping")]
    if "quota" in desc:
        extra.append(("reason", "quota"))
    for kind, k in extra + [(k, k) for k in ("actions", "warnings", "errors")]:
        out.append((kind, k, head(LABELS[k], k)))
    if "stars" in desc and not book:  # added last, for the CSV's readers
        out.append(("previous", "change.previous",
                    head(LABELS["change.previous"], "change.previous")))
    return out, crit_labels


def labelled(label, key):
    return key if not label or label == key else "%s (%s)" % (label, key)


def book_expected(kind, key, r, desc, crit_labels, words):
    """The workbook's cell of result r: None, a number or a str."""
    if kind in ("field", "change") or kind == "previous":
        v = expected(kind, key, r, desc, crit_labels)
        if isinstance(v, bool) or (kind == "change" and v is not None) or \
                (key == "status" and v is not None):
            return words.get(v, v)
        return v
    if kind in ("crit", "reason"):
        return expected(kind, key, r, desc, crit_labels)
    v = r.get(key)
    if kind == "partner":
        if isinstance(v, dict):
            v = [{"id": v.get("helper"), "name": v.get("helper_name")}]
        if not isinstance(v, list):
            return None
        return "；".join(labelled(e.get("name"), e["id"]) for e in v
                        if isinstance(e, dict) and
                        isinstance(e.get("id"), str)) or None
    if not isinstance(v, list):
        return None
    if kind == "list":
        lab = desc.get("vetoes", {}) if key == "vetoes" else crit_labels
        return "；".join(lab.get(e, e) for e in v if isinstance(e, str))
    if kind == "errors":
        return "；".join(e.get("message", "") for e in v)
    if v and not isinstance(v[0], dict):
        return "；".join(v)
    groups = []  # each label once, with the items it names
    for e in v:
        lab = e.get("label") or e.get("code") or ""
        g = next((g for g in groups if g[0] == lab), None)
        if g is None:
            g = (lab, [])
            groups.append(g)
        if isinstance(e.get("item"), str):
            g[1].append(crit_labels.get(e["item"], e["item"]))
    return "；".join(lab + ("：" + "、".join(items) if items else "")
                    for lab, items in groups)


def expected(kind, key, r, desc, crit_labels):
    """The cell of result r: None, a number, a bool or a str."""
    if kind == "field":
        v = r.get(key)
        return v if isinstance(v, (str, int, float, bool)) else None
    if kind == "change":
        v = (r.get("change") or {}).get("direction")
        return v if isinstance(v, str) else None
    if kind == "previous":
        v = (r.get("change") or {}).get("previous")
        return v if isinstance(v, (int, float)) else None
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


def key_label(key, mapname, doc, desc, words):
    """The label the summary sheet gives key of the map mapname."""
    zh = doc["assess"].get("lang", "en") == "zh_CN"
    if mapname == "per_star":
        for e in desc.get("stars") or []:
            if str(e.get("stars")) == key and "rating" in e:
                return e["rating"]
        if key == "0":
            zero = []
            for r in doc["results"]:
                if r.get("stars") == 0 and r.get("rating") not in zero:
                    zero.append(r.get("rating"))
            return "、".join(zero) or ("未评星级" if zh else "no star")
        return ("%s星级" if zh else "%s stars") % key
    if mapname == "per_tier":
        return ("第%s档" if zh else "tier %s") % key
    if mapname == "changes":
        return words.get(key, key)
    if isinstance(desc.get(mapname), dict) and key in desc[mapname]:
        return desc[mapname][key]
    return LABELS.get(key, SUMMARY_LABELS.get(key, key))


SUMMARY_LABELS = {
    "version": "版本", "abi": "插件接口版本", "plugin": "方案插件",
    "plugin_version": "插件版本", "config_sha256": "配置文件 SHA-256",
    "input_sha256": "输入 SHA-256", "lang": "语言", "records": "记录数",
    "assessed": "已评定", "rejected": "被拒绝", "per_star": "各星级数",
    "per_tier": "各档次数", "vetoed": "被否决", "changes": "星级变化",
    "parents": "各上级", "pairs": "结对帮扶", "unpaired": "未结对",
    "helper": "帮扶方", "helped": "受帮扶方", "same_parent": "同一上级",
    "branches": "支部数", "criteria": "各项", "label": "名称",
    "not_qualified": "不合格",
}


def check_summary(ws, doc, desc, words):
    """The summary sheet: the title, then each section of the metadata and
    the summary, each row's key in hidden column A."""
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    names = {r["id"]: r.get("name") for r in doc["results"]}
    langs = {"zh_CN": {"zh_CN": "简体中文", "en": "英文"},
             "en": {"zh_CN": "Simplified Chinese", "en": "English"}}
    i = 0
    if not ws.column_dimensions["A"].hidden:
        bad("summary sheet: the keys' column A is not hidden")

    def take():
        nonlocal i
        row = rows[i] if i < len(rows) else []
        i += 1
        return row + [None] * 64

    def value(v):
        if isinstance(v, list):
            return "；".join(x for x in v if isinstance(x, str))
        return words.get(v, v) if isinstance(v, bool) else v

    def section(key, v, mapname):
        row = take()
        if row[0] != key:
            bad("summary row %d: key %r, expected %s" % (i, row[0], key))
        want = key_label(key, mapname, doc, desc, words)
        if row[1] != want:
            bad("summary row %d: label %r, expected %r" % (i, row[1], want))
        if not isinstance(v, (dict, list)):
            if key == "lang":
                v = langs[doc["assess"].get("lang", "en")].get(v, v)
            same(row[2], value(v), "summary %s" % key)
            return
        if isinstance(v, dict):
            for k, m in v.items():
                section(k, m, key)
            return
        if v and isinstance(v[0], dict):
            cols = []
            for e in v:
                for k, m in e.items():
                    subs = list(m.keys()) if isinstance(m, dict) else [None]
                    for s in subs:
                        if (k, s) not in cols and (k, s) != ("key", None):
                            cols.append((k, s))
            cols = [c for k, s in cols for c in
                    ([(k, s, 0), (k, s, 1)] if s is None and
                     k in ("helper", "helped") else [(k, s, 0)])]
            keys = take()
            if ws.row_dimensions[i].hidden is not True:
                bad("summary %s: the keys' row %d is not hidden" % (key, i))
            take()  # the labels
            for j, (k, s, nm) in enumerate(cols):
                want = k + ("." + s if s else "") + ("#name" if nm else "")
                same(keys[j + 1], want, "summary %s column %d key" % (key, j))
            for e in v:
                row = take()
                same(row[0], e.get("key"), "summary %s key" % key)
                for j, (k, s, nm) in enumerate(cols):
                    m = e.get(k)
                    if s is not None:
                        m = m.get(s) if isinstance(m, dict) else None
                    elif isinstance(m, dict):
                        m = None
                    if nm:
                        m = names.get(m)
                    same(row[j + 1], value(m), "summary %s.%s" % (key, k))
            return
        for e in v:
            row = take()
            same(row[1], e, "summary %s[]" % key)
            same(row[2], names.get(e), "summary %s[] name" % key)

    take()  # the title
    take()
    for title, d in (("assess", doc["assess"]), ("summary", doc["summary"])):
        if take()[0] != title:
            bad("summary sheet: no %s section at row %d" % (title, i))
        for k, v in d.items():
            section(k, v, None)
        take()
    return len(rows)


def xlsx_text(v):
    """What a cell holds of text v (docs/spreadsheets.md): CR LF and CR as LF,
    other control characters but tab and LF as U+FFFD."""
    if not isinstance(v, str):
        return v
    v = v.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\x00-\x08\x0b-\x1f]", "\ufffd", v)


def field_label(path, crit_labels):
    """The rejected sheet's field: the criterion's label for its score."""
    if not isinstance(path, str):
        return None
    return crit_labels.get(path.rsplit(".", 1)[-1], path) if "." in path \
        else path


def check_page(ws, name, head):
    """Printed on A4 landscape, one page wide, head repeated, the footer
    with the page numbers."""
    ps = ws.page_setup
    if ps.orientation != "landscape" or str(ps.paperSize) != "9":
        bad("%s: not A4 landscape (%r, %r)" % (name, ps.orientation,
                                               ps.paperSize))
    if not ws.sheet_properties.pageSetUpPr.fitToPage or \
            ps.fitToWidth not in (None, 1) or ps.fitToHeight != 0:
        bad("%s: not fitted one page wide" % name)
    if head and ws.print_title_rows != head:
        bad("%s: repeats rows %r, expected %s" % (name, ws.print_title_rows,
                                                 head))
    foot = ws.oddFooter
    if "&P" not in (foot.right.text or "") or "&N" not in (foot.right.text or ""):
        bad("%s: no page numbers in the footer" % name)
    if not foot.left.text:
        bad("%s: no title in the footer" % name)


def check_xlsx(path, doc, desc):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    words = WORDS[doc["assess"].get("lang", "en")]
    if wb.sheetnames != ["结果", "汇总", "被拒绝"]:
        bad("sheets: %r" % wb.sheetnames)
        return ""
    ws = wb["结果"]
    cols, crit_labels = columns(desc, doc["results"], book=True)
    rows = list(ws.iter_rows())
    for j, (_, key, head) in enumerate(cols):
        same(rows[0][j].value if j < len(rows[0]) else None, key,
             "key %d" % (j + 1))
        same(rows[1][j].value if j < len(rows[1]) else None, head,
             "header %d" % (j + 1))
    if ws.row_dimensions[1].hidden is not True:
        bad("the results' row of keys is not hidden")
    if len(rows[1]) != len(cols):
        bad("%d header cells, expected %d" % (len(rows[1]), len(cols)))
    if ws.freeze_panes != "C3":
        bad("results sheet frozen at %r, expected C3" % ws.freeze_panes)
    last = openpyxl.utils.get_column_letter(len(cols))
    if ws.auto_filter.ref != "A2:%s%d" % (last, len(doc["results"]) + 2):
        bad("results filter on %r" % ws.auto_filter.ref)
    if len(rows) != len(doc["results"]) + 2:
        bad("%d result rows, expected %d" % (len(rows) - 2,
                                             len(doc["results"])))
    check_page(ws, "results", "$2:$2")
    for n, r in enumerate(doc["results"]):
        row = rows[n + 2] if n + 2 < len(rows) else []
        for j, (kind, key, _) in enumerate(cols):
            want = xlsx_text(book_expected(kind, key, r, desc, crit_labels,
                                           words))
            got = row[j].value if j < len(row) else None
            same(got, want, "results row %d %s" % (n + 3, key))
            if (isinstance(want, (int, float)) and not isinstance(want, bool)
                    and j < len(row) and row[j].data_type != "n"):
                bad("results row %d %s: stored as %s, not a number"
                    % (n + 3, key, row[j].data_type))
    rej = wb["被拒绝"]
    keys = ["id", "name", "parent", "period", "file", "line", "field",
            "message", "path"]
    want = [keys, ["编号", "名称", "上级", "期间", "文件", "行", "字段", "说明",
                   "字段路径"]]
    for r in doc["results"]:
        if r["status"] != "rejected":
            continue
        for e in r.get("errors") or [{}]:
            want.append([xlsx_text(v) for v in (
                r.get("id"), r.get("name"), r.get("parent"), r.get("period"),
                r.get("file"), r.get("line"),
                field_label(e.get("path"), crit_labels), e.get("message"),
                e.get("path"))])
    got = [[c.value for c in row] for row in rej.iter_rows()]
    if len(got) != len(want):
        bad("%d rejected rows, expected %d" % (len(got) - 2, len(want) - 2))
    for n, (g, w) in enumerate(zip(got, want)):
        for j, v in enumerate(w):
            same(g[j] if j < len(g) else None, v,
                 "rejected row %d col %d" % (n + 1, j + 1))
    if not rej.column_dimensions["I"].hidden:
        bad("the rejected sheet's paths are not hidden")
    check_page(rej, "rejected", "$2:$2")
    s = check_summary(wb["汇总"], doc, desc, words)
    check_page(wb["汇总"], "summary", None)
    return "%d results, %d columns, %d rejected rows, %d summary rows" % (
        len(rows) - 2, len(cols), len(got) - 2, s)


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
