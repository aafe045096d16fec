"""Filling in the blank return workbook and loading it gives back exactly what was typed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from corpbench.documents.blank_return import write_blank_return
from corpbench.ingest import read_and_validate

ORGANISATION = ["ABC01", "Example Hospitals NHS Trust", "acute", "London", None, "true"]
FINANCE = ["ABC01", "2009/10", 250_000_000, 160_000_000, 4200.5, None, None, 5100]
COSTS = [
    ["ABC01", "2009/10", "finance", "accounts_payable", 450_000, 120_000, 12.5, 0, "in_house"],
    ["ABC01", "2009/10", "finance", "general_ledger", 210_000.75, 30_000, 5, None, None],
    ["ABC01", "2009/10", "hr", None, 300_000, 50_000, 8, 100_000, "shared"],
]
INDICATOR = ["ABC01", "2009/10", "finance", "invoices_paid", 85_000]


def _fill(path: Path, *, indicators: bool = True, organisation: list[object] | None = None) -> None:
    write_blank_return(path)
    wb = load_workbook(path)
    wb["organisations"].append(organisation or ORGANISATION)
    wb["finance"].append(FINANCE)
    for row in COSTS:
        wb["function_costs"].append(row)
    if indicators:
        wb["indicators"].append(INDICATOR)
    wb.save(path)


def test_filled_template_loads_as_a_valid_bundle_with_the_values_typed(tmp_path: Path) -> None:
    path = tmp_path / "return.xlsx"
    _fill(path)
    report, bundle, _raw = read_and_validate(path)
    assert report.ok, [str(i) for i in report.errors]
    assert bundle is not None
    assert bundle.organisations.rows() == [
        ("ABC01", "Example Hospitals NHS Trust", "acute", "London", None, True)
    ]
    assert bundle.finance.rows() == [
        ("ABC01", "2009/10", 250_000_000.0, 160_000_000.0, 4200.5, None, None, 5100.0)
    ]
    costs = bundle.function_costs.sort("function", "process", nulls_last=True)
    assert costs.rows() == [
        (
            "ABC01",
            "2009/10",
            "finance",
            "accounts_payable",
            450_000.0,
            120_000.0,
            12.5,
            0.0,
            "in_house",
        ),
        ("ABC01", "2009/10", "finance", "general_ledger", 210_000.75, 30_000.0, 5.0, None, None),
        ("ABC01", "2009/10", "hr", None, 300_000.0, 50_000.0, 8.0, 100_000.0, "shared"),
    ]
    assert bundle.indicators.rows() == [("ABC01", "2009/10", "finance", "invoices_paid", 85_000.0)]
    assert isinstance(bundle.finance, pl.DataFrame)


def test_indicators_sheet_left_with_its_header_only_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "return.xlsx"
    _fill(path, indicators=False)
    report, bundle, _raw = read_and_validate(path)
    assert report.ok, [str(i) for i in report.errors]
    assert bundle is not None
    assert bundle.indicators.height == 0
    assert bundle.function_costs.height == 3


def test_teaching_typed_as_an_excel_boolean_and_a_free_text_process_load(tmp_path: Path) -> None:
    path = tmp_path / "return.xlsx"
    _fill(path, organisation=[*ORGANISATION[:5], False])
    wb = load_workbook(path)
    wb["function_costs"].append(
        ["ABC01", "2009/10", "estates", "Grounds and gardens", 1000, 0, 0.5, None, None]
    )
    wb.save(path)
    report, bundle, _raw = read_and_validate(path)
    assert report.ok, [str(i) for i in report.errors]
    assert bundle is not None
    assert bundle.organisations["teaching"].to_list() == [False]
    assert "Grounds and gardens" in bundle.function_costs["process"].to_list()
