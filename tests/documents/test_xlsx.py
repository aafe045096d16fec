"""Tables as XLSX for people: numbers stay numeric, text is neutralised, sheets are tidy."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from corpbench.documents.xlsx import (
    DEFAULT_FLOAT_FORMAT,
    DEFAULT_INT_FORMAT,
    MAX_WIDTH,
    MIN_WIDTH,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    write_tables_xlsx,
)


def _report() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "function": ["finance", '=HYPERLINK("x")', "-hr", None],
            "cost": [1234567.891, -5.5, 0.0, None],
            "pct_turnover": [1.23456, math.nan, math.inf, 2.0],
            "rank": [1, 2, None, 4],
            "teaching": [True, False, None, True],
        }
    )


def test_text_is_neutralised_and_numbers_stay_numeric(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_tables_xlsx(path, {"report": _report()}, number_formats={"cost": MONEY_FORMAT})
    ws = load_workbook(path)["report"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows == [
        ("finance", 1234567.891, 1.23456, 1, True),
        ('\'=HYPERLINK("x")', -5.5, None, 2, False),
        ("'-hr", 0, None, None, None),
        (None, None, 2, 4, True),
    ]
    assert ws["B2"].data_type == "n"
    assert ws["B3"].data_type == "n"  # a negative number is a number, never neutralised
    assert ws["A3"].data_type == "s"
    assert ws["E2"].data_type == "b"


def test_number_formats_explicit_and_default(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    formats = {"cost": MONEY_FORMAT, "pct_turnover": PERCENT_FORMAT}
    write_tables_xlsx(path, {"report": _report()}, number_formats=formats)
    ws = load_workbook(path)["report"]
    assert ws["B2"].number_format == "#,##0"
    assert ws["C2"].number_format == "0.00"
    assert ws["D2"].number_format == DEFAULT_INT_FORMAT
    write_tables_xlsx(path, {"report": _report()})
    ws = load_workbook(path)["report"]
    assert ws["B2"].number_format == DEFAULT_FLOAT_FORMAT == "#,##0.00"


def test_header_is_bold_frozen_and_filtered(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_tables_xlsx(path, {"report": _report()})
    ws = load_workbook(path)["report"]
    assert [c.value for c in ws[1]] == ["function", "cost", "pct_turnover", "rank", "teaching"]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E5"


def test_one_sheet_per_table_in_order(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    tables = {
        "summary": pl.DataFrame({"a": [1]}),
        "by_function": pl.DataFrame({"b": ["x"]}),
        "empty": pl.DataFrame(schema={"c": pl.Float64}),
    }
    write_tables_xlsx(path, tables)
    wb = load_workbook(path)
    assert wb.sheetnames == ["summary", "by_function", "empty"]
    assert [c.value for c in wb["empty"][1]] == ["c"]
    assert wb["empty"].max_row == 1


def test_title_goes_above_the_header_and_into_the_properties(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_tables_xlsx(path, {"report": _report()}, title="Peer report ABC01 2009/10")
    wb = load_workbook(path)
    ws = wb["report"]
    assert ws["A1"].value == "Peer report ABC01 2009/10"
    assert ws["A1"].font.b
    assert ws["A2"].value == "function"
    assert ws["A3"].value == "finance"
    assert ws.freeze_panes == "A3"
    assert wb.properties.title == "Peer report ABC01 2009/10"


def test_column_widths_fit_the_content_within_bounds(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    df = pl.DataFrame({"a": ["x"], "long_text": ["y" * 30], "huge": ["z" * 500]})
    write_tables_xlsx(path, {"t": df})
    dims = load_workbook(path)["t"].column_dimensions
    assert dims["A"].width == MIN_WIDTH
    assert dims["B"].width == 32
    assert dims["C"].width == MAX_WIDTH


def test_money_width_counts_the_thousands_separators(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    df = pl.DataFrame({"cost": [1234567890.4]})
    write_tables_xlsx(path, {"t": df}, number_formats={"cost": MONEY_FORMAT})
    # "1,234,567,890" is 13 characters, plus 2 of margin
    assert load_workbook(path)["t"].column_dimensions["A"].width == 15


def test_characters_a_workbook_cannot_hold_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_tables_xlsx(path, {"t": pl.DataFrame({"a": ["bad\x00\x07name"]})})
    assert load_workbook(path)["t"]["A2"].value == "badname"


@pytest.mark.parametrize(
    "sheets",
    [
        {},
        {"a" * 32: pl.DataFrame({"a": [1]})},
        {"": pl.DataFrame({"a": [1]})},
        {"a/b": pl.DataFrame({"a": [1]})},
        {"'a": pl.DataFrame({"a": [1]})},
        {"Report": pl.DataFrame({"a": [1]}), "report": pl.DataFrame({"a": [1]})},
    ],
)
def test_bad_sheet_names_are_refused(tmp_path: Path, sheets: dict[str, pl.DataFrame]) -> None:
    with pytest.raises(ValueError):
        write_tables_xlsx(tmp_path / "r.xlsx", sheets)
    assert not (tmp_path / "r.xlsx").exists()
