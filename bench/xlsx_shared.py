#!/usr/bin/python3
"""xlsx_shared.py - a workbook of bench/sheetconv.py (inline strings, as
libxlsxwriter streams them) rewritten with its text in a shared-strings
table, as Excel and LibreOffice save a sheet: for measuring the reader's
shared strings (stored, looked up per cell) on the same records.

Usage: bench/xlsx_shared.py IN.xlsx OUT.xlsx

Every inline-string cell <c r=".." t="inlineStr"><is><t>TEXT</t></is></c>
becomes <c r=".." t="s"><v>N</v></c>, N the index of TEXT in
xl/sharedStrings.xml (each distinct text once, in first-seen order); the
other parts are copied, with the table's relationship and content type
added.
"""
import re
import sys
import zipfile

CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr">'
                  r'<is><t(?: xml:space="preserve")?>([^<]*)</t></is></c>')
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = ("http://schemas.openxmlformats.org/officeDocument/2006/"
       "relationships/sharedStrings")
TYPE = ("application/vnd.openxmlformats-officedocument.spreadsheetml."
        "sharedStrings+xml")


def main():
    src, dst = sys.argv[1], sys.argv[2]
    index, texts = {}, []

    def shared(m):
        text = m.group(3)
        if text not in index:
            index[text] = len(texts)
            texts.append(text)
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (
            m.group(1), m.group(2) or "", index[text])

    with zipfile.ZipFile(src) as z, \
            zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
        for info in z.infolist():
            data = z.read(info.filename).decode("utf-8")
            if info.filename == "xl/worksheets/sheet1.xml":
                data = CELL.sub(shared, data)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    "</Relationships>", '<Relationship Id="rIdSst" Type="%s" '
                    'Target="sharedStrings.xml"/></Relationships>' % REL)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    "</Types>", '<Override PartName="/xl/sharedStrings.xml" '
                    'ContentType="%s"/></Types>' % TYPE)
            o.writestr(info.filename, data)
        o.writestr("xl/sharedStrings.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>' % (
                       NS, len(texts), len(texts),
                       "".join("<si><t>%s</t></si>" % t for t in texts)))


if __name__ == "__main__":
    main()
