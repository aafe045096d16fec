"""org_position: an organisation's functions against its peers, with one saving column per method
(figures of the hand-made round in bench/tables.py)."""

from __future__ import annotations

import polars as pl
import pytest

from bench.tables import Y1, Round
from corpbench.bench import (
    POSITION_COLUMNS,
    Method,
    compute_kpis,
    compute_savings,
    function_totals,
    org_position,
    parse_method,
    peer_groups,
    peer_stats,
)

METHODS = ["iqm", "q1", "external:hackett_median", "threshold:2"]


def _report(code: str, methods: list[str] = METHODS, grouping: str = "org_type") -> pl.DataFrame:
    totals = function_totals(Round.function_costs)
    kpis = compute_kpis(Round.finance, Round.function_costs, totals=totals)
    groups = peer_groups(Round.organisations, grouping)
    stats = peer_stats(kpis, groups)
    parsed = [parse_method(m) for m in methods]
    savings: dict[Method, pl.DataFrame] = {
        m: compute_savings(kpis, totals, Round.finance, groups, stats, m) for m in parsed
    }
    return org_position(
        code, Y1, parsed, totals=totals, kpis=kpis, groups=groups, stats=stats, savings=savings
    )


def test_report_columns_and_function_rows_with_all_last() -> None:
    report = _report("A1")
    assert report.columns == [
        *POSITION_COLUMNS,
        "saving_iqm",
        "saving_q1",
        "saving_external_hackett_median",
        "saving_threshold_2",
    ]
    assert report["function"].to_list() == ["finance", "hr", "estates", "all"]


def test_report_figures_of_an_org_with_two_functions() -> None:
    rows = {r[0]: r[1:] for r in _report("A2").rows()}
    # cost, % turnover, % pay, £/FTE, rank, n, peer iqm, median, q1;
    # savings: iqm, q1, hackett_median, threshold:2
    assert rows == {
        "finance": (20_000.0, 2.0, 4.0, 40_000.0, 2, 4, 2.5, 2.5, 1.75,
                    0.0, pytest.approx(2500.0), pytest.approx(8430.0), 0.0),
        "hr": (10_000.0, 1.0, 2.0, 40_000.0, 2, 2, 0.75, 0.75, 0.625,
               pytest.approx(2500.0), pytest.approx(3750.0), pytest.approx(2230.0), 0.0),
        # the all row's saving is the org's total: Σ function savings (the all saving for a
        # threshold)
        "all": (30_000.0, 3.0, 6.0, pytest.approx(40_000.0), 2, 4, 3.0, 3.0, 2.6875,
                pytest.approx(2500.0), pytest.approx(6250.0), pytest.approx(10_660.0),
                pytest.approx(10_000.0)),
    }  # fmt: skip


def test_ties_share_the_lowest_rank() -> None:
    # all: A1 1.75, A2 3, A3 3, A4 10 → A2 and A3 both rank 2, A4 rank 4
    ranks = {code: _report(code).row(-1, named=True)["rank"] for code in ("A1", "A2", "A3", "A4")}
    assert ranks == {"A1": 1, "A2": 2, "A3": 2, "A4": 4}


def test_undefined_figures_are_missing_values() -> None:
    a3 = _report("A3").row(0, named=True)  # total_pay 0
    assert a3["function"] == "finance"
    assert a3["pct_pay"] is None
    a1 = {r["function"]: r for r in _report("A1").iter_rows(named=True)}
    assert a1["estates"]["cost_per_fte"] is None  # fte 0
    assert a1["estates"]["saving_external_hackett_median"] is None  # not a Hackett function
    assert a1["all"]["saving_external_hackett_median"] == 0.0
    assert (a1["estates"]["rank"], a1["estates"]["n"], a1["estates"]["peer_iqm"]) == (1, 1, 0.25)


def test_org_outside_the_grouping_has_no_peer_figures_or_peer_savings() -> None:
    report = _report("A3", ["iqm", "threshold:2"], grouping="footprint")
    assert report.select("function", "rank", "n", "peer_iqm", "saving_iqm").rows() == [
        ("finance", None, None, None, None),
        ("all", None, None, None, None),
    ]
    assert report["saving_threshold_2"].to_list() == [pytest.approx(5000.0)] * 2


def test_an_org_that_did_not_respond_has_an_empty_report() -> None:
    report = _report("A5", ["iqm"])
    assert report.height == 0
    assert report.columns == [*POSITION_COLUMNS, "saving_iqm"]
