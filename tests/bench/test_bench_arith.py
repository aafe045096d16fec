"""Divisions are correctly rounded, whatever shape polars holds the columns in."""

from __future__ import annotations

import random

import polars as pl

from corpbench.bench.arith import divide


def test_dividing_by_a_constant_is_correctly_rounded() -> None:
    rng = random.Random(7)
    xs = [rng.uniform(0, 10) for _ in range(5_000)]
    df = pl.DataFrame({"x": xs}).with_columns(d=pl.lit(100.0))
    # the trap: polars' own division by a constant multiplies by its reciprocal
    plain = df.select(pl.col("x") / pl.col("d"))["x"].to_list()
    assert any(a != x / 100.0 for a, x in zip(plain, xs, strict=True))
    exact = df.select(divide(pl.col("x"), pl.col("d")))["x"].to_list()
    assert exact == [x / 100.0 for x in xs]
    literal = df.select(divide(pl.col("x"), 100.0))["x"].to_list()
    assert literal == [x / 100.0 for x in xs]


def test_nulls_stay_null_and_zero_denominators_give_no_number() -> None:
    df = pl.DataFrame({"a": [1.0, None, 3.0, 0.0], "b": [4.0, 2.0, None, 0.0]})
    assert df.select(divide(pl.col("a"), pl.col("b")))["a"].to_list() == [0.25, None, None, None]


def test_the_kpi_of_a_single_organisation_is_the_correctly_rounded_quotient() -> None:
    from corpbench.bench.kpis import compute_kpis
    from corpbench.standard.bundle import conform

    fin = conform(
        "finance",
        pl.DataFrame(
            {
                "org_code": ["S"],
                "year": ["2009/10"],
                "turnover": [2.5e8],
                "total_pay": [1.5e8],
                "total_fte": [4000.0],
            }
        ),
    )
    costs = conform(
        "function_costs",
        pl.DataFrame(
            {
                "org_code": ["S", "S"],
                "year": ["2009/10"] * 2,
                "function": ["finance", "imt"],
                "pay_cost": [1e6, 1e6],
                "non_pay_cost": [1e5, 2e6],
                "fte": [20.0, 20.0],
            }
        ),
    )
    kpis = compute_kpis(fin, costs).filter(pl.col("kpi") == "pct_turnover")
    assert kpis["value"].to_list() == [100 * 4.1e6 / 2.5e8, 100 * 1.1e6 / 2.5e8, 100 * 3e6 / 2.5e8]
    assert kpis["value"].to_list()[2] == 1.2
