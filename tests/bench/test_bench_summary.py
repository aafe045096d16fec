"""national_summary: eligible, respondents, spend and saving per type with extrapolation to 100%
and the national ``all`` row, on the hand-made round (figures in bench/tables.py).

Acute: 5 eligible (A5 did not respond), 4 respondents, spend 35,000 + 30,000 + 15,000 + 100,000.
Community: C1 alone, spend 30,000. Ambulance: B1 eligible, no respondents. 2010/11: finance only.
"""

from __future__ import annotations

import polars as pl
import pytest

from bench.tables import Y1, Y2, Round, costs, finance, organisations
from corpbench.bench import (
    SUMMARY_COLUMNS,
    compute_kpis,
    compute_savings,
    function_totals,
    national_summary,
    parse_method,
    peer_groups,
    peer_stats,
)
from corpbench.standard.bundle import empty_table

Row = tuple[object, ...]


def _summary(method: str, tables: type[Round] = Round) -> pl.DataFrame:
    totals = function_totals(tables.function_costs)
    kpis = compute_kpis(tables.finance, tables.function_costs, totals=totals)
    groups = peer_groups(tables.organisations)
    stats = peer_stats(kpis, groups)
    parsed = parse_method(method)
    savings = compute_savings(kpis, totals, tables.finance, groups, stats, parsed)
    return national_summary(
        tables.organisations, tables.finance, tables.function_costs, savings, parsed
    )


def _rows(table: pl.DataFrame) -> dict[tuple[str, str], Row]:
    assert table.columns == list(SUMMARY_COLUMNS)
    return {(r[0], r[1]): r[2:] for r in table.rows()}


#: 2010/11: everyone eligible, nobody responded. The national row's extrapolated figures are the
#: sum of the types' (types with no respondents adding nothing): 0, not empty.
NOBODY = {
    ("acute", Y2): (5, 0, 0.0, 0.0, None, 0.0, None),
    ("all", Y2): (7, 0, 0.0, 0.0, 0.0, 0.0, 0.0),
    ("ambulance", Y2): (1, 0, 0.0, 0.0, None, 0.0, None),
    ("community", Y2): (1, 0, 0.0, 0.0, None, 0.0, None),
}


def test_iqm_summary_sums_function_savings_and_extrapolates_by_response_rate() -> None:
    table = _summary("iqm")
    # function savings: A2 hr 2,500 + A3 finance 2,500 + A4 finance 75,000 (not A4's `all`)
    assert _rows(table) == {
        ("acute", Y1): (
            5,
            4,
            0.8,
            180_000.0,
            225_000.0,
            pytest.approx(80_000.0),
            pytest.approx(100_000.0),
        ),
        ("all", Y1): (
            7,
            5,
            pytest.approx(5 / 7),
            210_000.0,
            255_000.0,
            pytest.approx(80_000.0),
            pytest.approx(100_000.0),
        ),
        ("ambulance", Y1): (1, 0, 0.0, 0.0, None, 0.0, None),
        ("community", Y1): (1, 1, 1.0, 30_000.0, 30_000.0, 0.0, 0.0),
        **NOBODY,
    }
    # sorted by (org_type, year) in plain string order: `all` among the types
    assert table.select("org_type", "year").rows() == sorted(_rows(table))


def test_counts_are_integers_and_money_is_float() -> None:
    schema = _summary("iqm").schema
    assert schema["eligible"] == pl.Int64
    assert schema["respondents"] == pl.Int64
    assert all(schema[c] == pl.Float64 for c in SUMMARY_COLUMNS[4:])


def test_threshold_summary_sums_the_all_savings() -> None:
    got = _rows(_summary("threshold:2"))
    # all savings: A2 10,000 + A3 5,000 + A4 80,000; C1 10,000
    assert got[("acute", Y1)][5:] == (pytest.approx(95_000.0), pytest.approx(118_750.0))
    assert got[("community", Y1)][5:] == (pytest.approx(10_000.0), pytest.approx(10_000.0))
    assert got[("all", Y1)][5:] == (pytest.approx(105_000.0), pytest.approx(128_750.0))
    assert got[("ambulance", Y1)][5:] == (0.0, None)


def test_external_summary_sums_the_table_functions() -> None:
    got = _rows(_summary("external:hackett_median"))
    # A2 finance 8,430 + hr 2,230 + A3 9,215 + A4 88,430 = 108,305; C1 18,430
    assert got[("acute", Y1)][5:] == (pytest.approx(108_305.0), pytest.approx(135_381.25))
    assert got[("community", Y1)][5:] == (pytest.approx(18_430.0), pytest.approx(18_430.0))
    assert got[("all", Y1)][5:] == (pytest.approx(126_735.0), pytest.approx(153_811.25))


def test_q1_summary() -> None:
    got = _rows(_summary("q1"))
    # A2 finance 2,500 + hr 3,750 + A3 finance 6,250 + A4 finance 82,500
    assert got[("acute", Y1)][5:] == (pytest.approx(95_000.0), pytest.approx(118_750.0))


def test_a_year_with_finance_but_no_returns_still_has_rows() -> None:
    got = _rows(_summary("iqm"))
    assert {k: v for k, v in got.items() if k[1] == Y2} == NOBODY


def test_an_empty_register_gives_only_the_national_row() -> None:
    class Tables(Round):
        pass

    Tables.organisations = empty_table("organisations")
    Tables.finance = finance([{"org_code": "X1", "turnover": 1.0}])
    Tables.function_costs = empty_table("function_costs")
    assert _summary("iqm", Tables).rows() == [("all", Y1, 0, 0, None, 0.0, None, 0.0, None)]


def test_types_sharing_the_national_row_sum_their_own_extrapolations() -> None:
    # two types at different response rates: 1 of 4 and 2 of 2
    class Tables(Round):
        pass

    Tables.organisations = organisations(
        [{"org_code": f"M{i}", "org_type": "mental_health"} for i in range(4)]
        + [{"org_code": f"P{i}", "org_type": "pct_provider"} for i in range(2)]
    )
    Tables.finance = finance([{"org_code": c, "turnover": 100_000.0} for c in ("M0", "P0", "P1")])
    Tables.function_costs = costs(
        [
            {"org_code": "M0", "function": "hr", "pay_cost": 3000.0},
            {"org_code": "P0", "function": "hr", "pay_cost": 1000.0},
            {"org_code": "P1", "function": "hr", "pay_cost": 2000.0},
        ]
    )
    got = _rows(_summary("threshold:2", Tables))
    # M0 3% → saves 1,000, × 4/1; P1 saves nothing at 2%; spend 3,000 × 4 and 3,000 × 1
    assert got[("mental_health", Y1)] == (
        4,
        1,
        0.25,
        3000.0,
        12_000.0,
        pytest.approx(1000.0),
        pytest.approx(4000.0),
    )
    assert got[("pct_provider", Y1)] == (2, 2, 1.0, 3000.0, 3000.0, 0.0, 0.0)
    assert got[("all", Y1)] == (
        6,
        3,
        0.5,
        6000.0,
        15_000.0,
        pytest.approx(1000.0),
        pytest.approx(4000.0),
    )
