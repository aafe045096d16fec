"""The scorecard views: rows in reading order with words for codes, the warning of a low cost
bought with poor service, and the size-adjusted ratios and β by function equal to the library's
fits (checked against an OLS written here)."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from bench.scorecard_tables import BUNDLE, quartet
from corpbench.bench.engine import Benchmark
from corpbench.views.scorecard import (
    SCALE_VIEW_COLUMNS,
    SCORECARD_VIEW_COLUMNS,
    SIZE_ADJUSTED_VIEW_COLUMNS,
    scale_table,
    scorecard_view,
    size_adjusted_table,
)

Y1 = "2009/10"


def test_rows_are_in_reading_order_with_words() -> None:
    card = scorecard_view(Benchmark.from_bundle(BUNDLE), "AC1", Y1)
    assert card.rows.columns == list(SCORECARD_VIEW_COLUMNS)
    rows = card.rows.to_dicts()
    # functions in the standard's order (finance, hr, imt, procurement, estates, payroll),
    # cost figures before quality ones within each
    assert [(r["function"], r["kind"]) for r in rows][:4] == [
        ("finance", "cost"),
        ("finance", "cost"),
        ("finance", "quality"),
        ("hr", "cost"),
    ]
    assert [r["function"] for r in rows][-2:] == ["payroll", "payroll"]
    hr = next(r for r in rows if r["figure"] == "hr_cost_per_employee")
    assert (hr["figure_label"], hr["kind_label"], hr["better_label"]) == (
        "HR cost per employee (£)",
        "Cost",
        "lower is better",
    )
    assert card.trade_offs == ()


def test_a_low_cost_with_poor_service_is_named() -> None:
    bench = Benchmark.from_bundle(quartet())
    p1 = scorecard_view(bench, "P1", Y1)
    assert len(p1.trade_offs) == 1
    assert p1.trade_offs[0].startswith("HR: a cost among the best quarter of peers")
    standing = {r["figure"]: r["standing_label"] for r in p1.rows.to_dicts()}
    assert standing["hr_cost_per_employee"] == "best quarter"
    assert standing["agency_pct_pay"] == "worst quarter"
    assert scorecard_view(bench, "P4", Y1).trade_offs == ()


def test_size_adjusted_ratios_and_beta_follow_an_independent_fit() -> None:
    bench = Benchmark.from_bundle(BUNDLE)
    turnover = dict(zip(BUNDLE.finance["org_code"], BUNDLE.finance["turnover"], strict=True))
    hr = {"AC1": 10_000.0, "AC2": 9_000.0, "AC3": 8_000.0, "CM1": 5_000.0}
    x = np.log([turnover[c] for c in hr])
    y = np.log(list(hr.values()))
    beta, log_a = np.polyfit(x, y, 1)
    table = size_adjusted_table(bench, "AC1", Y1)
    assert table.columns == list(SIZE_ADJUSTED_VIEW_COLUMNS)
    row = table.row(by_predicate=pl.col("function") == "hr", named=True)
    expected = math.exp(log_a) * turnover["AC1"] ** beta
    assert row["expected"] == pytest.approx(expected, rel=1e-12)
    assert row["ratio"] == pytest.approx(10_000.0 / expected, rel=1e-12)
    assert row["function_label"] == "HR"
    assert table["function"].to_list()[-1] == "all"
    scale = scale_table(bench, Y1)
    assert scale.columns == list(SCALE_VIEW_COLUMNS)
    hr_fit = scale.row(by_predicate=pl.col("function") == "hr", named=True)
    assert hr_fit["beta"] == pytest.approx(beta, rel=1e-12)
    assert hr_fit["n"] == 4
    # payroll: one organisation, no fit, no row
    assert "payroll" not in scale["function"].to_list()
