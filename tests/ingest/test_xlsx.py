"""Workbook returns: sheet names, row numbers, refusals and hostile XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from corpbench.ingest import read_and_validate
from corpbench.ingest.xlsxparse import cell_text
from ingest.bundles import LIMITS, VALID, read, tables, write_xlsx


def errors(path: Path) -> list[tuple[str, str | None, int | None, str | None, str | None]]:
    report, _, _ = read_and_validate(path, settings=LIMITS)
    return [(i.code, i.file, i.row, i.column, i.value) for i in report.errors]


def test_sheet_names_are_case_insensitive_and_template_sheets_ignored(tmp_path: Path) -> None:
    data = {"Finance": VALID["finance"], "ORGANISATIONS": VALID["organisations"]}
    path = write_xlsx(tmp_path / "r.xlsx", data, extra_sheets=("Instructions", "lists"))
    report, bundle, raw = read_and_validate(path, settings=LIMITS)
    assert report.issues == []
    assert bundle is not None
    assert bundle.present == frozenset({"finance", "organisations"})
    assert list(raw.files) == ["organisations", "finance"]
    assert raw.files["finance"].display == "r.xlsx[Finance]"


def test_unknown_and_duplicated_sheets_are_reported(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "finance"
    wb.create_sheet("Notes")
    wb.create_sheet(" FINANCE ")
    wb.save(tmp_path / "r.xlsx")
    raw = read(tmp_path / "r.xlsx")
    assert [(i.code, i.file, i.value) for i in raw.issues] == [
        ("empty_file", "r.xlsx[finance]", None),
        ("unknown_file", "r.xlsx[Notes]", "Notes"),
        ("duplicate_file", "r.xlsx[ FINANCE ]", " FINANCE "),
    ]
    assert "organisations, finance, function_costs, indicators" in raw.issues[1].message


def test_row_numbers_are_the_sheet_rows_with_blank_rows_kept(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "indicators"
    ws.append(["org_code", "year", "function", "indicator", "value"])
    ws.append([])
    ws.append([None, "  ", None])
    ws.append(["RX1", "2009/10", "finance", "payslips", "12,000"])
    ws["A7"] = "RX1"
    ws["G7"] = "stray"
    wb.save(tmp_path / "r.xlsx")
    found = errors(tmp_path / "r.xlsx")
    assert ("not_a_number", "r.xlsx[indicators]", 4, "value", "12,000") in found
    assert ("value_without_header", "r.xlsx[indicators]", 7, "G", "stray") in found
    assert ("required", "r.xlsx[indicators]", 7, "year", None) in found


def test_header_not_in_row_1_is_a_missing_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "finance"
    ws["A3"] = "org_code"
    wb.save(tmp_path / "r.xlsx")
    assert errors(tmp_path / "r.xlsx") == [("missing_header", "r.xlsx[finance]", 1, None, None)]


def test_empty_sheet_is_reported(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "finance"
    wb.save(tmp_path / "r.xlsx")
    assert errors(tmp_path / "r.xlsx") == [("empty_file", "r.xlsx[finance]", None, None, None)]


def test_numeric_and_boolean_cells_are_taken_as_they_are(tmp_path: Path) -> None:
    data = tables()
    path = write_xlsx(tmp_path / "r.xlsx", data)
    wb = openpyxl.load_workbook(path)
    wb["finance"]["C2"] = 1234567.891  # turnover
    wb["finance"]["C2"].number_format = "£#,##0.00"
    wb["organisations"]["F2"] = True
    wb.save(path)
    report, bundle, _ = read_and_validate(path, settings=LIMITS)
    assert report.ok
    assert bundle is not None
    assert bundle.finance["turnover"][0] == 1234567.891
    assert bundle.organisations["teaching"][0] is True


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        (True, "true"),
        (3, "3"),
        (3.0, "3"),
        (0.1, "0.1"),
        (1e300, "1e+300"),
        ("x", "x"),
    ],
)
def test_cell_text_keeps_numbers_exact(value: object, text: str | None) -> None:
    assert cell_text(value) == text


def test_macro_enabled_workbooks_are_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsm", tables())
    assert errors(path) == [("macro_workbook", "r.xlsm", None, None, None)]
    path = write_xlsx(tmp_path / "r.xlsx", tables())
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    assert errors(path) == [("macro_workbook", "r.xlsx", None, None, None)]


def test_broken_workbook_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"not a workbook at all")
    assert errors(tmp_path / "a.xlsx") == [("broken_workbook", "a.xlsx", None, None, None)]
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as zf:
        zf.writestr("hello.txt", "a zip but no workbook")
    assert errors(tmp_path / "b.xlsx") == [("broken_workbook", "b.xlsx", None, None, None)]


def test_workbook_part_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", tables())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/bomb.bin", b"\0" * 2_000_000)
    assert errors(path) == [("too_large", "r.xlsx", None, None, None)]


def _rewrite_sheet(path: Path, sheet_xml: bytes) -> None:
    """Replace the first worksheet's XML of the workbook at ``path``."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in parts.items():
            zf.writestr(name, content)


SHEET_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def test_external_entities_in_a_sheet_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    path = write_xlsx(tmp_path / "r.xlsx", {"finance": VALID["finance"]})
    _rewrite_sheet(
        path,
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://'
        + str(secret).encode()
        + b'">]><worksheet '
        + SHEET_NS
        + b'><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>',
    )
    report, bundle, raw = read_and_validate(path, settings=LIMITS)
    assert bundle is None
    assert [(i.code, i.file) for i in report.errors] == [("broken_workbook", "r.xlsx")]
    assert "EntitiesForbidden" in report.errors[0].message
    assert "TOP-SECRET" not in report.to_json()
    assert raw.files == {}


def test_entity_expansion_bomb_in_a_sheet_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", {"finance": VALID["finance"]})
    entities = b'<!ENTITY a0 "lol">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, b"".join(b"&a%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    )
    _rewrite_sheet(
        path,
        b'<?xml version="1.0"?><!DOCTYPE x ['
        + entities
        + b"]><worksheet "
        + SHEET_NS
        + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row>'
        b"</sheetData></worksheet>",
    )
    report, _, _ = read_and_validate(path, settings=LIMITS)
    assert [i.code for i in report.errors] == ["broken_workbook"]
    assert "declares entities" in report.errors[0].message
