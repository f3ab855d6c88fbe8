#!/usr/bin/env python3
"""make-sheets.py - write the examples' spreadsheets from their JSON.

The company's branches and the city's communities, as a committee keeps
them: an .xlsx workbook and a GB18030 CSV (as Chinese Windows saves one),
both with Chinese headers.  The criteria and items go under the labels the
schemes' INI files give them (领导班子好, 自身建设), which assess maps on
its own; the branches' periodic checks and history, which have no label
in the INI, are mapped by examples/company/columns.ini (--columns).  A
veto is written by its label, several in one cell joined by 、.  Read
with assess they give the same results as the JSON files.  The same
script writes the same bytes (fixed timestamps).  Needs python3-openpyxl.

examples/department/ is a workbook as an organisation department fills
it in: a title row and a line naming who filled it in above the header,
序号 and 备注 columns, the periodic checks headed 日常考核-班子建设, the
vetoes under 一票否决事项, last year's stars under 上年星级, the active sheet
after a 填表说明 sheet and before a hidden copy of last year's sheet; with
its GB18030 CSV twin and the JSON of the same branches.  assess reads it
with no --columns file.
"""
import configparser
import io
import json
import os
import zipfile

import openpyxl

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
HOST = [("id", "编号"), ("name", "名称"), ("parent", "上级"),
        ("period", "年度")]
PERIODS = [("daily", "日常检查"), ("half_year", "半年检查"),
           ("annual", "年度检查")]
YEARS = ["2022", "2023", "2024"]


def labels(ini, prefix):
    """The [PREFIX.KEY] label = ... entries of a shipped INI, in order."""
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(os.path.join(HERE, "configs", ini), encoding="utf-8")
    return [(s[len(prefix):], cp[s]["label"]) for s in cp.sections()
            if s.startswith(prefix)]


def vetoes(ini):
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(os.path.join(HERE, "configs", ini), encoding="utf-8")
    return dict(cp["vetoes"]) if cp.has_section("vetoes") else {}


def read(path):
    with open(os.path.join(HERE, path), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def get(rec, path):
    for part in path.split("."):
        if not isinstance(rec, dict) or part not in rec:
            return None
        rec = rec[part]
    return rec


def save_xlsx(rows, path, shape=None):
    """One sheet 评分 of rows (or as shape(wb) lays the workbook out); the
    zip entries dated 2025-01-01."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "评分"
    if shape:
        shape(wb, ws)
    else:
        for row in rows:
            ws.append(row)
    wb.properties.creator = "assess examples"
    import datetime
    fixed = datetime.datetime(2025, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            z = zipfile.ZipInfo(info.filename, (2025, 1, 1, 0, 0, 0))
            z.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(z, src.read(info.filename))
    with open(os.path.join(HERE, path), "wb") as f:
        f.write(out.getvalue())


def cell_text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def save_csv(rows, path):
    """GB18030, CRLF, quoted where RFC 4180 asks."""
    lines = []
    for row in rows:
        cells = []
        for v in row:
            t = cell_text(v)
            if any(c in t for c in ',"\r\n'):
                t = '"' + t.replace('"', '""') + '"'
            cells.append(t)
        lines.append(",".join(cells) + "\r\n")
    with open(os.path.join(HERE, path), "wb") as f:
        f.write("".join(lines).encode("gb18030"))


def table(recs, cols):
    """Header row then one row per record; cols are (header, fn(rec))."""
    return [[h for h, _ in cols]] + [[fn(r) for _, fn in cols]
                                     for r in recs]


def branches():
    items = labels("starbranch.ini", "item.")
    veto_label = vetoes("starbranch.ini")
    cols = [(zh, lambda r, k=k: r.get(k)) for k, zh in HOST]
    for key, label in items:
        cols.append((label, lambda r, k=key: get(r, "scores." + k)))
    mapping = []
    for p, pzh in PERIODS:
        for key, label in items:
            h = "%s·%s" % (pzh, label)
            mapping.append((h, "checks.%s.%s" % (p, key)))
            cols.append((h, lambda r, p=p, k=key: get(r, "checks.%s.%s"
                                                      % (p, k))))
    cols.append(("否决项", lambda r: "、".join(
        veto_label.get(v, v) for v in r.get("vetoes", [])) or None))
    for y in YEARS:
        h = "%s年星级" % y
        mapping.append((h, "history.%s.stars" % y))
        cols.append((h, lambda r, y=y: next(
            (e["stars"] for e in r.get("history", [])
             if e["period"] == y), None)))
    recs = read("examples/company/branches.ndjson")
    rows = table(recs, cols)
    save_xlsx(rows, "examples/company/branches.xlsx")
    save_csv(rows, "examples/company/branches-gbk.csv")
    with open(os.path.join(HERE, "examples/company/columns.ini"), "w",
              encoding="utf-8") as f:
        f.write("; Headers of branches.xlsx and branches-gbk.csv that the "
                "star scheme's\n; INI gives no label: the periodic checks "
                "and the history.\n; Written by scripts/make-sheets.py.  "
                "Use: assess --columns FILE\n[columns]\n")
        for h, p in mapping:
            f.write("%s = %s\n" % (h, p))


def communities():
    crit = labels("fivegood.ini", "criterion.")
    recs = read("examples/city/communities.ndjson")
    cols = [(zh, lambda r, k=k: r.get(k)) for k, zh in HOST]
    for key, label in crit:
        cols.append((label, lambda r, k=key: get(r, "scores." + k)))
    inds = []
    for r in recs:
        for k in r.get("indicators", {}):
            if k not in inds:
                inds.append(k)
    for k in inds:
        cols.append(("indicators." + k,
                     lambda r, k=k: get(r, "indicators." + k)))
    rows = table(recs, cols)
    save_xlsx(rows, "examples/city/communities.xlsx")
    save_csv(rows, "examples/city/communities-gbk.csv")


DEPT_PARENTS = {"unit-1": "钻井一公司党委", "unit-2": "钻井二公司党委",
                "unit-3": "固井公司党委", "unit-4": "井下作业公司党委"}
DEPT_PERIODS = [("daily", "日常考核"), ("half_year", "半年考核"),
                ("annual", "年度考核")]
DEPT_YEAR = "2025"


def department():
    """The department's workbook, its GBK CSV and its JSON twin."""
    items = labels("starbranch.ini", "item.")
    veto_label = vetoes("starbranch.ini")
    prev = str(int(DEPT_YEAR) - 1)
    recs = [r for r in read("examples/company/branches.ndjson")
            if "checks" in r][:30]
    out = []
    for r in recs:
        d = {"id": r["id"], "name": r["name"],
             "parent": DEPT_PARENTS[r["parent"]], "period": DEPT_YEAR,
             "checks": r["checks"]}
        if r.get("vetoes"):
            d["vetoes"] = r["vetoes"]
        hist = {e["period"]: e["stars"] for e in r.get("history", [])}
        d["history"] = [{"period": y, "stars": hist[y]}
                        for y in ("2023", prev) if y in hist]
        out.append(d)
    remarks = {3: "新组建支部", 11: "支部书记调整", 20: "上半年合并"}
    cols = [("序号", None), ("支部编号", lambda r: r["id"]),
            ("支部名称", lambda r: r["name"]),
            ("所属党委", lambda r: r["parent"]),
            ("考核年度", lambda r: r["period"])]
    for p, pzh in DEPT_PERIODS:
        for key, label in items:
            cols.append(("%s-%s" % (pzh, label),
                         lambda r, p=p, k=key: get(r, "checks.%s.%s"
                                                   % (p, k))))
    cols.append(("一票否决事项", lambda r: "、".join(
        veto_label.get(v, v) for v in r.get("vetoes", [])) or None))
    for y, h in (("2023", "2023年星级"), (prev, "上年星级")):
        cols.append((h, lambda r, y=y: next(
            (e["stars"] for e in r["history"] if e["period"] == y), None)))
    cols.append(("备注", None))
    title = "%s年度星级党支部考评汇总表" % DEPT_YEAR
    filled = "填报单位：油田公司党委组织部　　填报日期：2026年1月12日"
    header = [h for h, _ in cols]
    body = []
    for n, r in enumerate(out, 1):
        row = [fn(r) if fn else None for _, fn in cols]
        row[0] = n
        row[-1] = remarks.get(n)
        body.append(row)

    def shape(wb, ws):
        guide = wb.create_sheet("填表说明", 0)
        for line in ("填表说明",
                     "1. 每个支部填一行，分数保留一位小数。",
                     "2. 一票否决事项按实际填写，多项用顿号分隔，无则留空。",
                     "3. 上年星级填上一年度评定的星级（0-5）。"):
            guide.append([line])
        ws.title = "%s年度" % DEPT_YEAR
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1,
                       end_column=len(header))
        ws.append([filled])
        ws.merge_cells(start_row=2, start_column=1, end_row=2,
                       end_column=len(header))
        ws.append(header)
        for row in body:
            ws.append(row)
        ws.freeze_panes = "D4"
        old = wb.create_sheet("%s年度" % prev)
        old.append(["%s年度星级党支部考评汇总表" % prev])
        old.append(header)
        old.sheet_state = "hidden"
        wb.active = 1

    os.makedirs(os.path.join(HERE, "examples/department"), exist_ok=True)
    save_xlsx(None, "examples/department/branches-2025.xlsx", shape)
    pad = [""] * (len(header) - 1)
    save_csv([[title] + pad, [filled] + pad, header] + body,
             "examples/department/branches-2025-gbk.csv")
    with open(os.path.join(HERE, "examples/department/branches.ndjson"),
              "w", encoding="utf-8") as f:
        for d in out:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    branches()
    communities()
    department()
