"""compute_kpis: every KPI of data standard §2, undefined (no row) for missing or zero
denominators and functions an organisation did not return."""

from __future__ import annotations

import polars as pl
import pytest

from bench.tables import Y1, Round, costs, finance
from corpbench.bench import KPI_COLUMNS, compute_kpis


def _kpis_of(org: str, function: str) -> dict[str, float]:
    table = compute_kpis(Round.finance, Round.function_costs)
    rows = table.filter((pl.col("org_code") == org) & (pl.col("function") == function))
    return dict(zip(rows["kpi"].to_list(), rows["value"].to_list(), strict=True))


def test_all_six_kpis_when_every_denominator_is_present() -> None:
    # A1 finance: cost 20,000, fte 0.5, shared 1,000; turnover 2m, pay 1m, running 1.8m, fte 40
    assert _kpis_of("A1", "finance") == {
        "cost_per_fte": pytest.approx(40_000.0),
        "cost_per_org_fte": 500.0,
        "pct_pay": 2.0,
        "pct_running_costs": pytest.approx(100 * 20_000 / 1_800_000),
        "pct_turnover": 1.0,
        "shared_pct": 5.0,
    }


def test_missing_running_costs_and_null_shared_leave_kpis_undefined() -> None:
    # A2: running_costs missing; A2 all: shared 5,000 of 30,000
    assert _kpis_of("A2", "all") == {
        "cost_per_fte": pytest.approx(40_000.0),
        "cost_per_org_fte": 1500.0,
        "pct_pay": 6.0,
        "pct_turnover": 3.0,
        "shared_pct": pytest.approx(100 * 5000 / 30_000),
    }


def test_zero_total_pay_and_zero_org_fte_leave_kpis_undefined() -> None:
    a3 = _kpis_of("A3", "finance")  # total_pay 0, no shared cost
    assert a3 == {
        "cost_per_fte": pytest.approx(37_500.0),
        "cost_per_org_fte": 1500.0,
        "pct_running_costs": pytest.approx(100 * 15_000 / 450_000),
        "pct_turnover": 3.0,
    }
    a4 = _kpis_of("A4", "finance")  # total_fte 0
    assert "cost_per_org_fte" not in a4
    assert a4["pct_pay"] == pytest.approx(100 * 100_000 / 600_000)


def test_zero_function_fte_leaves_cost_per_fte_undefined() -> None:
    assert "cost_per_fte" not in _kpis_of("A1", "estates")  # fte 0
    assert _kpis_of("A1", "estates")["pct_turnover"] == 0.25


def test_functions_without_rows_have_no_kpis() -> None:
    table = compute_kpis(Round.finance, Round.function_costs)
    assert set(table.filter(pl.col("org_code") == "A3")["function"]) == {"all", "finance"}
    assert table.filter(pl.col("org_code").is_in(["A5", "B1"])).height == 0  # no return


def test_shared_pct_undefined_when_cost_is_zero() -> None:
    fin = finance([{"org_code": "Z1", "turnover": 100.0}])
    fc = costs([{"org_code": "Z1", "function": "legal", "pay_cost": 0.0, "shared_cost": 0.0}])
    table = compute_kpis(fin, fc).filter(pl.col("function") == "legal")
    assert dict(zip(table["kpi"], table["value"], strict=True)) == {
        "cost_per_fte": 0.0,
        "cost_per_org_fte": 0.0,
        "pct_pay": 0.0,
        "pct_turnover": 0.0,
    }


def test_output_has_the_machine_columns_sorted_by_key() -> None:
    table = compute_kpis(Round.finance, Round.function_costs)
    assert table.columns == list(KPI_COLUMNS)
    assert table.rows() == sorted(table.rows(), key=lambda r: r[:4])
    assert table["year"].unique().to_list() == [Y1]
    assert table.filter(pl.col("value").is_null() | pl.col("value").is_nan()).height == 0
    # 5 respondents × (their functions + all); every kpi row counted by hand
    assert table.group_by("org_code").len().sort("org_code").rows() == [
        ("A1", 6 + 4 + 6 + 5),  # all; estates: no cost_per_fte, no shared; finance; hr: no shared
        ("A2", 5 + 5 + 5),  # no pct_running_costs anywhere
        ("A3", 4 + 4),  # no pct_pay, no shared
        ("A4", 4 + 4),  # no cost_per_org_fte, no shared
        ("C1", 5 + 5),  # no shared
    ]


def test_only_some_kpis_are_the_same_rows_as_all_of_them_filtered() -> None:
    from corpbench.bench.kpis import kpis_from_totals
    from corpbench.bench.totals import function_totals

    r = Round()
    totals = function_totals(r.function_costs)
    every = kpis_from_totals(totals, r.finance)
    some = kpis_from_totals(totals, r.finance, only=["pct_pay", "cost_per_fte"])
    assert some.equals(every.filter(pl.col("kpi").is_in(["pct_pay", "cost_per_fte"])))
    assert set(some["kpi"]) == {"pct_pay", "cost_per_fte"}
    with pytest.raises(ValueError, match="unknown KPI codes: pct_nonsense"):
        kpis_from_totals(totals, r.finance, only=["pct_nonsense"])
