#!/usr/bin/python3
"""make-fixtures.py - write the spreadsheet inputs of the sheetin-* cases.

Each workbook is written here by hand, part by part, so that it holds
exactly the cell kinds under test (shared and inline strings, numbers,
booleans, empty and merged cells), with fixed timestamps: the same script
writes the same bytes.  The CSV files are written as bytes for the same
reason (BOM, CRLF, GB18030).  Run from anywhere; writes beside itself.
"""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
%s</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
      'relationships"')


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, v, strings):
    """A cell: str -> shared string, ("inline", s) -> inline string,
    bool -> boolean, int/float/("num", text) -> number, None -> none."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return '<c r="%s" t="b"><v>%d</v></c>' % (ref, v)
    if isinstance(v, tuple) and v[0] == "inline":
        return ('<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s'
                '</t></is></c>' % (ref, escape(v[1])))
    if isinstance(v, tuple) and v[0] == "num":
        return '<c r="%s"><v>%s</v></c>' % (ref, v[1])
    if isinstance(v, str):
        if v not in strings:
            strings.append(v)
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, strings.index(v))
    return '<c r="%s"><v>%r</v></c>' % (ref, v)


def workbook(path, sheets, merge=None):
    """sheets: [(name, rows)]; a row is a list of cells or (number, cells)
    to give the row number; merge: a ref range merged on the first sheet."""
    strings = []
    parts = {}
    for k, (name, rows) in enumerate(sheets):
        xml = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet %s><sheetData>' % NS]
        n = 0
        for row in rows:
            if isinstance(row, tuple):
                n, row = row
            else:
                n += 1
            xml.append('<row r="%d">' % n)
            xml.extend(cell("%s%d" % (col(i), n), v, strings)
                       for i, v in enumerate(row))
            xml.append("</row>")
        xml.append("</sheetData>")
        if merge and k == 0:
            xml.append('<mergeCells count="1"><mergeCell ref="%s"/>'
                       '</mergeCells>' % merge)
        xml.append("</worksheet>")
        parts["xl/worksheets/sheet%d.xml" % (k + 1)] = "".join(xml)
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook %s><sheets>%s</sheets></workbook>' % (NS, "".join(
            '<sheet name="%s" sheetId="%d" r:id="rId%d"/>'
            % (escape(name), k + 1, k + 1)
            for k, (name, _) in enumerate(sheets))))
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships">%s</Relationships>' % "".join(
            '<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org'
            '/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet%d.xml"/>' % (k + 1, k + 1)
            for k in range(len(sheets))))
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst %s count="%d" uniqueCount="%d">%s</sst>' % (
            NS, len(strings), len(strings), "".join(
                # a rich-text string in runs, with a phonetic guide that is
                # not part of the text
                '<si><r><t>%s</t></r><r><t>%s</t></r><rPh sb="0" eb="1">'
                '<t>ignored</t></rPh></si>' % (escape(s[:1]), escape(s[1:]))
                for s in strings)))
    overrides = "".join(
        '<Override PartName="/xl/worksheets/sheet%d.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/>' % (k + 1) for k in range(len(sheets)))
    with zipfile.ZipFile(os.path.join(HERE, path), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for name, text in [("[Content_Types].xml", CONTENT_TYPES % overrides),
                           ("_rels/.rels", ROOT_RELS)] + sorted(parts.items()):
            info = zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def write(path, data):
    with open(os.path.join(HERE, path), "wb") as f:
        f.write(data)


FG_HEAD = "编号,名称,上级,年度,领导班子好,党员干部队伍好,工作机制好,工作业绩好,群众反映好"


def main():
    # BOM, CRLF, quoted comma, doubled quotes and a line break in a quoted
    # field (which adds no row), an empty row, a bad number on row 5
    write("tricky.csv", (
        "\ufeff" + FG_HEAD + "\r\n"
        'c-1,"东风社区,第一党支部",s-1,2025,20,14,19,17.5,16.5\r\n'
        'c-2,"向阳""红旗""社区\r\n党委",s-1,2025,16,16.0,16,16,16\r\n'
        ",,,,,,,,\r\n"
        "c-3,光明社区党支部,s-1,2025,17.5,15.9,17.5,十九,19.5\r\n"
        "c-4,和平社区党支部,s-1,2025,19,19,19,19,19\r\n").encode("utf-8"))
    # LF only, no BOM, headers in any order, a numeric-looking id
    write("lf.csv", (
        "群众反映好,工作业绩好,工作机制好,党员干部队伍好,领导班子好,名称,编号,年度\n"
        "18,18,18,18,18,红星社区党支部,001,2025\n").encode("utf-8"))
    # GB18030 as Chinese Windows saves it
    write("gbk.csv", (
        FG_HEAD + "\r\n"
        "c-1,东风社区党支部,s-1,2025,20,14,19,17.5,16.5\r\n"
        "c-2,向阳社区党委,s-1,2025,16,16,16,16,16\r\n").encode("gb18030"))
    write("unknown.csv", (
        "编号,名称,领导班子,党员干部队伍好\r\nc-1,x,1,2\r\n").encode("utf-8"))
    write("open-quote.csv", (
        FG_HEAD + '\r\nc-1,"东风社区党支部,s-1,2025,20,14,19,17.5,16.5\r\n'
        ).encode("utf-8"))
    # vetoes: several in one cell, by key or label, every separator
    write("vetoes.csv", (
        "编号,名称,上级,年度,自身建设,班子建设,队伍建设,基础工作,围绕生产经营,"
        "监督保障,民主管理与文化建设,否决项,history.2024.stars\r\n"
        "b-1,一支部,u-1,2025,19,14,14,14,14,9,9,,5\r\n"
        "b-2,二支部,u-1,2025,19,14,14,14,14,9,9,班子不团结、task_unfinished,5\r\n"
        "b-3,三支部,u-1,2025,19,14,14,14,14,9,9,"
        "\"member_disciplined；未完成上级交办任务, team_disunity\",4\r\n"
        "b-4,四支部,u-1,2025,19,14,14,14,14,9,9,班子不和,4\r\n"
        ).encode("utf-8"))
    # numeric id, name and period cells; shared, inline and rich strings;
    # empty cells; a merged header over two columns
    head = ["编号", "名称", "上级", "年度", "领导班子好", None, "党员干部队伍好",
            "工作机制好", "工作业绩好", "群众反映好"]
    workbook("cells.xlsx", [("社区", [
        head,
        [("num", "2025"), ("inline", "东风社区党支部"), "s-1", 2025,
         20, None, 18, 18.5, ("num", "17.25"), 16],
        [("num", "1"), 12345, ("inline", "s-1"), 2025, 16, "不读", 16, 16,
         16, ("inline", "16")],
        (5, ["c-5", "光明社区党支部", None, "2025", 19, None, 19, 19, 19,
             19]),
    ])], merge="E1:F1")
    fg = ["编号", "名称", "上级", "年度", "领导班子好", "党员干部队伍好",
          "工作机制好", "工作业绩好", "群众反映好"]
    rows = [fg]
    for i in range(1000):
        s = [16 + (i * 7 + k * 3) % 5 for k in range(5)]
        rows.append(["c-%04d" % (i + 1), "社区%d党支部" % (i + 1),
                     "s-%d" % (i % 10 + 1), "2025"] + s)
    workbook("rows1000.xlsx", [("说明", [["见第二张表"]]), ("评分", rows)])


if __name__ == "__main__":
    main()
