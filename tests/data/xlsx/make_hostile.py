#!/usr/bin/env python3
"""Writes the hostile .xlsx corpus (tests/data/hostile/xlsx/): small workbooks
made part by part, so that each carries exactly one fault. Run from the
repository root with /usr/bin/python3; the outputs are tracked, this script
says how they were made. Expected outcomes: tests/data/hostile/expected.txt."""
import struct
import zipfile
from pathlib import Path

OUT = Path("tests/data/hostile/xlsx")
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["applicant_id", "full_driving_licence", "bleep_test_level", "vetting",
          "qualification", "age", "notes"]
ROW = ["A1", "yes", "5.4", "RV", "nvq2", 30, "fine"]


def content_types():
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>')


def rels():
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')


def workbook(pr=""):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{NS}" xmlns:r="{REL}">{pr}<sheets>'
            '<sheet name="Applicants" sheetId="1" r:id="rId1"/></sheets></workbook>')


def workbook_rels():
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>')


def column(c):
    name = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        name = chr(65 + r) + name
    return name


def sheet(rows, dimension="", extra_cells=""):
    """rows: lists of str (shared strings) or numbers, from A1."""
    strings = []
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{column(c)}{r}"
            if isinstance(v, str):
                strings.append(v)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    body = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{NS}">'
            f'{dimension}<sheetData>{"".join(xml_rows)}{extra_cells}</sheetData></worksheet>')
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{NS}" '
           f'count="{len(strings)}" uniqueCount="{len(strings)}">' +
           "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    return body, sst


def book(name, rows, workbook_pr="", dimension="", extra_cells="", sheet_xml=None):
    body, sst = sheet(rows, dimension, extra_cells)
    parts = {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": rels(),
        "xl/workbook.xml": workbook(workbook_pr),
        "xl/_rels/workbook.xml.rels": workbook_rels(),
        "xl/worksheets/sheet1.xml": sheet_xml if sheet_xml is not None else body,
        "xl/sharedStrings.xml": sst,
    }
    write(name, parts)


def write(name, parts):
    with zipfile.ZipFile(OUT / name, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    # Read as written: the same applicant as hostile/applicants/bom.csv.
    book("good.xlsx", [HEADER, ROW])
    # Text where a number belongs, at F3.
    book("bad_value.xlsx", [HEADER, ROW, ["A2", "no", "6.1", "CTC", "none", "forty", ""]])
    # Not a zip at all: a CSV renamed.
    (OUT / "not_a_zip.xlsx").write_text("applicant_id,age\nA1,30\n")
    # A zip, but no workbook in it.
    write("zip_without_workbook.xlsx", {"hello.txt": "hello"})
    # A sheet that claims the whole grid but holds two rows: read as two rows.
    book("huge_dimension.xlsx", [HEADER, ROW], dimension='<dimension ref="A1:XFD1048576"/>')
    # A cell at the grid's last place: a row far wider than the header.
    book("far_cell.xlsx", [HEADER, ROW],
         extra_cells='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    # A cell off the grid.
    book("cell_off_grid.xlsx", [HEADER, ROW],
         extra_cells='<row r="1048577"><c r="A1048577"><v>1</v></c></row>')
    # A shared string that does not exist.
    book("missing_shared_string.xlsx", [HEADER, ROW],
         extra_cells='<row r="3"><c r="A3" t="s"><v>999</v></c></row>')
    # The sheet's XML cut short.
    body, _ = sheet([HEADER, ROW])
    book("truncated_sheet.xlsx", [HEADER, ROW], sheet_xml=body[: len(body) // 2])
    # A zip whose directory says its sheet unzips to 4 GiB (a zip bomb's
    # claim): refused before anything is inflated.
    book("zip_bomb_claim.xlsx", [HEADER, ROW])
    data = bytearray((OUT / "zip_bomb_claim.xlsx").read_bytes())
    at = data.rfind(b"xl/worksheets/sheet1.xml") - 46  # its central directory header
    assert data[at:at + 4] == b"PK\x01\x02"
    data[at + 24:at + 28] = struct.pack("<I", 0xFFFFFFF0)
    (OUT / "zip_bomb_claim.xlsx").write_bytes(bytes(data))


if __name__ == "__main__":
    main()
