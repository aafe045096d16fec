"""``assert_rows_equal`` passes equal outputs and names every kind of difference."""

from __future__ import annotations

import pytest

from reference.compare import assert_rows_equal, parse_machine_csv
from reference.model import Row

COLUMNS = ("org_code", "year", "function", "kpi_value", "target", "saving")
EXPECTED: list[Row] = [
    {
        "org_code": "AAA",
        "year": "2009/10",
        "function": "all",
        "kpi_value": 2.5,
        "target": 2,
        "saving": 0.1,
    },
    {
        "org_code": "AAA",
        "year": "2009/10",
        "function": "hr",
        "kpi_value": 1 / 3,
        "target": 2,
        "saving": None,
    },
]
GOOD = (
    "org_code,year,function,kpi_value,target,saving\n"
    "AAA,2009/10,all,2.5,2,0.1\n"
    f"AAA,2009/10,hr,{1 / 3!r},2.0,\n"
)


def _fails(text: str, match: str, **kw: float) -> None:
    with pytest.raises(AssertionError, match=match):
        assert_rows_equal(text, EXPECTED, **kw)  # type: ignore[arg-type]


def test_equal_output_passes_with_integers_reprs_and_empty_cells() -> None:
    assert_rows_equal(GOOD, EXPECTED)
    assert_rows_equal(GOOD.replace("\n", "\r\n"), EXPECTED)


def test_parse_machine_csv_reads_quoted_cells_as_text() -> None:
    rows = parse_machine_csv('group,n\n"North, East|acute",3\n')
    assert rows == [{"group": "North, East|acute", "n": "3"}]


def test_a_number_off_by_more_than_the_tolerance_is_reported_with_its_row() -> None:
    _fails(GOOD.replace("2.5,", "2.5000001,"), r"function='all': kpi_value = '2.5000001'")
    assert_rows_equal(GOOD.replace("2.5,", "2.5000001,"), EXPECTED, rel=1e-6)


def test_an_empty_cell_is_not_zero_and_zero_is_not_empty() -> None:
    _fails(GOOD.replace("2.0,\n", "2.0,0\n"), "expected an empty cell")
    _fails(GOOD.replace(",0.1\n", ",\n"), "expected a number, got an empty cell")


def test_missing_extra_and_reordered_rows_are_reported() -> None:
    head, first, second = GOOD.splitlines(keepends=True)
    _fails(head + first, "missing row org_code='AAA', year='2009/10', function='hr'")
    _fails(GOOD + "BBB,2009/10,hr,1,2,0\n", "unexpected row org_code='BBB'")
    _fails(head + second + first, "out of order at data row 1")


def test_columns_must_match_exactly_and_in_order() -> None:
    _fails(GOOD.replace("target,saving", "saving,target"), "columns")
    _fails(GOOD.replace("org_code", "Org_Code"), "columns")
    with pytest.raises(AssertionError, match="columns"):
        assert_rows_equal("a,b\n", [], columns=("a", "c"))
    assert_rows_equal("a,b\n", [], columns=("a", "b"))
    with pytest.raises(AssertionError, match="unexpected row"):
        assert_rows_equal("a,b\n1,2\n", [], columns=("a", "b"))


def test_numbers_must_be_written_at_full_precision() -> None:
    _fails(GOOD.replace("0.1\n", "0.10\n"), "repr")
    _fails(GOOD.replace(f"{1 / 3!r}", "0.333333"), "kpi_value")
    _fails(GOOD.replace("2,0.1", "2,1e-1"), "repr")
    _fails(GOOD.replace(",0.1\n", ",1,000\n"), "cells")
    assert_rows_equal(GOOD.replace("0.1\n", "0.10\n"), EXPECTED, strict_format=False)
