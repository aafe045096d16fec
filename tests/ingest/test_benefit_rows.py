"""Uploads of benefit actuals and trajectories: CSV and XLSX read alike, every error names its
row, column, value and what was expected, and an upload with any error gives no rows."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from corpbench.ingest.benefit_rows import MAX_BYTES, parse_benefit_upload

LINES = (1, 2)


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "actuals"
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    ["line", "month", "actual", "planned"],
    [1, "2017-04", 95000, 96000],
    [1, "2017-05", "", 94000],
    [2, "2017-04", 1500.5, None],
]


def _where(upload: object) -> list[tuple[str, int | None, str | None, str | None]]:
    return [(i.code, i.row, i.column, i.value) for i in upload.issues]  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_good_upload_gives_its_rows(kind: str) -> None:
    if kind == "csv":
        text = "\n".join(",".join("" if c is None else str(c) for c in r) for r in GOOD) + "\n"
        up = parse_benefit_upload(text.encode(), "actuals.csv", LINES)
    else:
        up = parse_benefit_upload(_xlsx(GOOD), "actuals.xlsx", LINES)
    assert up.ok, up.issues
    got = [(r.row, r.line, r.month, r.actual, r.planned) for r in up.rows]
    assert got == [
        (2, 1, "2017-04", 95000.0, 96000.0),
        (3, 1, "2017-05", None, 94000.0),
        (4, 2, "2017-04", 1500.5, None),
    ]


def test_columns_in_any_order_and_case_and_only_actual() -> None:
    up = parse_benefit_upload(b'Month,Actual,LINE\n2017-04,"12,500",2\n', "a.csv", LINES)
    assert up.ok
    assert [(r.line, r.month, r.actual, r.planned) for r in up.rows] == [
        (2, "2017-04", 12500.0, None)
    ]


def test_a_workbook_date_cell_reads_as_its_month() -> None:
    import datetime as dt

    up = parse_benefit_upload(
        _xlsx([["line", "month", "actual"], [1, dt.datetime(2018, 2, 1), 3]]), "a.xlsx", LINES
    )
    assert up.ok
    assert up.rows[0].month == "2018-02"


def test_every_bad_cell_is_named_and_nothing_is_kept() -> None:
    text = (
        "line,month,actual,planned\n"
        "1,2017-04,100,\n"  # good, but the upload is refused as a whole
        "7,2017-04,1,\n"  # no line 7
        "2,2017-13,1,\n"  # month 13
        "2,April,1,\n"  # not YYYY-MM
        "1,2017-05,lots,\n"  # not a number
        "1,2017-06,,\n"  # neither value
        "1,2017-04,3,\n"  # the same line and month as row 2
        ",2017-07,1,\n"  # no line
    )
    up = parse_benefit_upload(text.encode(), "a.csv", LINES)
    assert not up.ok
    assert up.rows == ()
    assert _where(up) == [
        ("unknown_line", 3, "line", "7"),
        ("bad_month", 4, "month", "2017-13"),
        ("bad_month", 5, "month", "April"),
        ("not_a_number", 6, "actual", "lots"),
        ("required", 7, "actual", None),
        ("duplicate_key", 8, "month", "2017-04"),
        ("required", 9, "line", None),
    ]
    assert "expected one of: 1, 2" in up.issues[0].message
    assert "YYYY-MM" in up.issues[1].message
    assert "row 2" in up.issues[5].message


def test_header_problems() -> None:
    up = parse_benefit_upload(b"line,when,actual,notes\n1,2017-04,1,x\n", "a.csv", LINES)
    assert [(i.code, i.column) for i in up.issues] == [
        ("unknown_column", "when"),
        ("unknown_column", "notes"),
        ("missing_column", "month"),
    ]
    up = parse_benefit_upload(b"line,month\n1,2017-04\n", "a.csv", LINES)
    assert [i.code for i in up.issues] == ["missing_column"]
    assert parse_benefit_upload(b"line,month,actual\n", "a.csv", LINES).issues[0].code == (
        "no_data"
    )


def test_unsafe_or_wrong_files_are_refused_unread() -> None:
    assert parse_benefit_upload(b"x" * (MAX_BYTES + 1), "a.csv", LINES).issues[0].code == (
        "too_large"
    )
    assert parse_benefit_upload(b"a", "a.xlsm", LINES).issues[0].code == "macro_workbook"
    assert parse_benefit_upload(b"a", "a.ods", LINES).issues[0].code == "unsupported_input"
    assert parse_benefit_upload(b"\xff\xfe\x00bad", "a.csv", LINES).issues[0].code == "not_csv"
    # a workbook with a macro project inside is refused though named .xlsx
    data = io.BytesIO(_xlsx(GOOD))
    with zipfile.ZipFile(data, "a") as zf:
        zf.writestr("xl/vbaProject.bin", b"\x00")
    assert parse_benefit_upload(data.getvalue(), "a.xlsx", LINES).issues[0].code == (
        "macro_workbook"
    )
    assert parse_benefit_upload(b"not a zip", "a.xlsx", LINES).issues[0].code == ("broken_workbook")
