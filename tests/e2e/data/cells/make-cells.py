#!/usr/bin/python3
"""make-cells.py - write the workbooks of the sheetin-cell-* cases.

Each workbook is written part by part, so that it holds exactly the cells
under test: numbers formatted as a percentage or a date (xl/styles.xml),
a formula whose value was never computed (as a program that writes
workbooks leaves it), an error value, full-width digits, a blank among
filled cells.  Fixed timestamps: the same script writes the same bytes.
Run from anywhere; writes beside itself.
"""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
      'relationships"')
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# cell formats: 0 general, 1 the built-in 0% (9), 2 a custom 0.0%, 3 the
# built-in date (14), 4 a custom date yyyy"年"m"月"d"日"
STYLES = (HEAD + '<styleSheet %s><numFmts count="2">'
          '<numFmt numFmtId="164" formatCode="0.0%%"/>'
          '<numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月'
          '&quot;d&quot;日&quot;"/></numFmts>'
          '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
          '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="9"/>'
          '<xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/>'
          '</cellXfs></styleSheet>' % NS)
PERCENT, PERCENT1, DATE, DATE_CN = 1, 2, 3, 4


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, v):
    """str -> inline string, number -> number, ("style", n, number),
    ("formula", f) never computed, ("error", "#DIV/0!"), None -> none."""
    if v is None:
        return ""
    if isinstance(v, tuple) and v[0] == "style":
        return '<c r="%s" s="%d"><v>%r</v></c>' % (ref, v[1], v[2])
    if isinstance(v, tuple) and v[0] == "formula":
        return '<c r="%s"><f>%s</f></c>' % (ref, escape(v[1]))
    if isinstance(v, tuple) and v[0] == "error":
        return '<c r="%s" t="e"><f>1/0</f><v>%s</v></c>' % (ref, v[1])
    if isinstance(v, str):
        return ('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>'
                % (ref, escape(v)))
    return '<c r="%s"><v>%r</v></c>' % (ref, v)


def workbook(path, rows):
    xml = [HEAD, '<worksheet %s><sheetData>' % NS]
    for n, row in enumerate(rows, 1):
        xml.append('<row r="%d">' % n)
        xml.extend(cell("%s%d" % (col(i), n), v) for i, v in enumerate(row))
        xml.append("</row>")
    xml.append("</sheetData></worksheet>")
    parts = {
        "[Content_Types].xml": HEAD + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default '
            'Extension="xml" ContentType="application/xml"/></Types>'),
        "_rels/.rels": HEAD + (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas'
            '.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": HEAD + (
            '<workbook %s><sheets><sheet name="考核" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>' % NS),
        "xl/_rels/workbook.xml.rels": HEAD + (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas'
            '.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": "".join(xml),
    }
    with zipfile.ZipFile(os.path.join(HERE, path), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name].encode("utf-8"))


ITEMS = ["self_building", "team", "workforce", "basic_work", "production",
         "supervision", "democracy_culture"]
GOOD = [19, 14, 14, 14, 14, 9, 9]


def main():
    head = (["id", "name", "period"] + ["checks.daily." + k for k in ITEMS]
            + ["checks.annual." + k for k in ITEMS])

    def row(i, daily=None, annual=None, period="2025"):
        return ([i, i + "党支部", period] + (daily or GOOD)
                + (annual or GOOD))
    workbook("branches.xlsx", [
        head,
        row("b-1"),
        # a blank daily cell among filled ones: missing data, not absent
        row("b-2", daily=[19, None, 14, 14, 14, 9, 9]),
        # annual team (L4) a formula never computed
        row("b-3", annual=[19, ("formula", "SUM(D4:E4)"), 14, 14, 14, 9, 9]),
        # 年度 typed as a date (2025-01-01)
        row("b-4", period=("style", DATE_CN, 45658)),
        # full-width digits and point
        row("b-5", annual=["１９", "１３．５", 14, 14, 14, 9, 9]),
        # an error value (M7)
        row("b-6", annual=[19, 14, ("error", "#DIV/0!"), 14, 14, 9, 9]),
        # 年度 as a number, and as 2025年
        row("b-7", period=2025),
        row("b-8", period="２０２５年"),
    ])
    ind = ["team_complete", "secretary_quality", "democratic_life_meetings",
           "report_rate", "training_sessions", "joint_meetings",
           "three_meetings_one_lesson_rate", "service_activities",
           "practical_matters_done_rate", "satisfaction_rate",
           "substantiated_complaints"]

    def com(i, team, report, sat=("style", PERCENT, 0.9)):
        return [i, i + "社区党委", "2025", team, 0.8, 2, report, 4, 4, 0.9,
                10, 0.95, sat, 0]
    workbook("communities.xlsx", [
        ["id", "name", "period"] + ["indicators." + k for k in ind],
        # the report rate formatted 0.0%: 72.8%, its share 0.728
        com("c-1", "是", ("style", PERCENT1, 0.728)),
        # the same as a plain share, with a tick for yes
        com("c-2", "√", 0.728, sat=0.9),
        # typed as 30 meaning 30%: refused, not full marks
        com("c-3", "有", 30),
        # typed as text with a full-width percent sign
        com("c-4", "否", "７２．８％"),
    ])


if __name__ == "__main__":
    main()
