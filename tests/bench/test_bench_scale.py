"""Economies of scale (programme methods §6) against an independent computation: numpy's least
squares for β and a, the standard error from the residuals by the textbook formula
se² = s² · [(XᵀX)⁻¹]₁₁, and hand-worked examples."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from scipy import stats

from bench.consortium_tables import engine
from bench.tables import Y1, costs, finance
from corpbench.bench.scale import (
    consortium_scale,
    fit,
    scale_fits,
    scale_saving,
    size_adjusted,
)


def _independent(turnover: list[float], cost: list[float]) -> dict[str, float]:
    x, y = np.log(turnover), np.log(cost)
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    n = len(x)
    s2 = float(resid @ resid) / (n - 2)
    se = math.sqrt(s2 * np.linalg.inv(design.T @ design)[1, 1])
    q = stats.t.ppf(0.975, n - 2)
    r2 = 1 - float(resid @ resid) / float(((y - y.mean()) ** 2).sum())
    return {
        "a": math.exp(coef[0]),
        "beta": coef[1],
        "beta_low": coef[1] - q * se,
        "beta_high": coef[1] + q * se,
        "r_squared": r2,
    }


def test_an_exact_power_law_is_recovered() -> None:
    # cost = 3 · T^0.5 exactly: β 0.5, a 3, R² 1, a zero-width interval
    t = [1e6, 4e6, 9e6, 16e6]
    got = fit(t, [3 * v**0.5 for v in t])
    assert got is not None
    assert got["n"] == 4
    assert got["beta"] == pytest.approx(0.5)
    assert got["a"] == pytest.approx(3.0)
    assert got["r_squared"] == pytest.approx(1.0)
    assert got["beta_low"] == pytest.approx(0.5)
    assert got["beta_high"] == pytest.approx(0.5)


def test_hand_worked_three_points() -> None:
    # x = ln T = 0, 1, 2 (T = 1, e, e²); y = ln C = 0, 1, 3: x̄ 1, ȳ 4/3, Sxx 2, Sxy 3 -> β 1.5,
    # ln a = 4/3 − 1.5 = −1/6; residuals 1/6, −1/3, 1/6 -> SSR 1/6; SST 14/3 -> R² = 1 − 1/28;
    # se = √((1/6)/1/2) = √(1/12); t(0.975, 1) = 12.7062...
    got = fit([1.0, math.e, math.e**2], [1.0, math.e, math.e**3])
    assert got is not None
    assert got["beta"] == pytest.approx(1.5)
    assert got["a"] == pytest.approx(math.exp(-1 / 6))
    assert got["r_squared"] == pytest.approx(27 / 28)
    half = 12.706204736174707 * math.sqrt(1 / 12)
    assert got["beta_low"] == pytest.approx(1.5 - half)
    assert got["beta_high"] == pytest.approx(1.5 + half)


def test_edges() -> None:
    assert fit([1.0], [1.0]) is None  # one organisation
    assert fit([5.0, 5.0, 5.0], [1.0, 2.0, 3.0]) is None  # equal turnovers
    assert fit([1.0, 2.0, 3.0], [0.0, 0.0, 4.0]) is None  # cost 0 does not count
    two = fit([1.0, 2.0], [1.0, 2.0])
    assert two is not None
    assert (two["n"], two["beta_low"], two["beta_high"]) == (2, None, None)  # no df for a CI
    flat = fit([1.0, 2.0, 4.0], [7.0, 7.0, 7.0])
    assert flat is not None
    assert flat["beta"] == pytest.approx(0.0)
    assert flat["r_squared"] is None  # nothing to explain


def test_random_fits_equal_least_squares_and_the_textbook_interval() -> None:
    rng = np.random.default_rng(7)
    for _ in range(30):
        n = int(rng.integers(3, 40))
        t = list(np.exp(rng.uniform(16, 21, n)))
        c = [0.01 * v ** rng.uniform(0.5, 1.1) * math.exp(rng.normal(0, 0.3)) for v in t]
        got = fit(t, c)
        want = _independent(t, c)
        assert got is not None
        for k, v in want.items():
            assert got[k] == pytest.approx(v, rel=1e-9, abs=1e-12), k


def test_scale_fits_per_function_and_size_adjusted_ratio() -> None:
    e = engine()
    fits = scale_fits(e.totals(), e.finance)
    # payroll: P01 alone returned it, no fit
    assert fits["function"].to_list() == ["all", "finance", "hr"]
    fin = fits.filter(pl.col("function") == "finance").row(0, named=True)
    # finance over the seven responding organisations with their turnovers
    t = [100e6, 10e6, 5e6, 200e6, 80e6, 40e6, 60e6]
    c = [2_000e3, 500e3, 400e3, 1_000e3, 500e3, 300e3, 100e3]
    want = _independent(t, c)
    assert fin["n"] == 7
    assert fin["beta"] == pytest.approx(want["beta"])
    assert fin["beta_low"] == pytest.approx(want["beta_low"])
    hr = fits.filter(pl.col("function") == "hr").row(0, named=True)
    assert (hr["n"], hr["beta_low"]) == (2, None)
    ratios = size_adjusted(e.totals(), e.finance, fits)
    p1 = ratios.filter((pl.col("org_code") == "P01") & (pl.col("function") == "finance"))
    expected = want["a"] * 100e6 ** want["beta"]
    assert p1["expected"][0] == pytest.approx(expected)
    assert p1["ratio"][0] == pytest.approx(2_000e3 / expected)


def test_payroll_with_one_organisation_has_no_fit() -> None:
    fc = costs(
        [
            {"org_code": "A", "function": "payroll", "pay_cost": 5.0},
            {"org_code": "B", "function": "finance", "pay_cost": 5.0},
            {"org_code": "C", "function": "finance", "pay_cost": 7.0},
        ]
    )
    fin = finance(
        [
            {"org_code": "A", "turnover": 10.0},
            {"org_code": "B", "turnover": 20.0},
            {"org_code": "C", "turnover": 40.0},
        ]
    )
    fits = scale_fits(
        pl.DataFrame(
            {
                "org_code": fc["org_code"],
                "year": fc["year"],
                "function": fc["function"],
                "cost": fc["pay_cost"],
            }
        ),
        fin,
    )
    assert fits["function"].to_list() == ["finance"]
    assert fits["year"].to_list() == [Y1]


def test_scale_saving_by_hand() -> None:
    # a = 2, β = 0.5, turnovers 4 and 9: 2·2 + 2·3 − 2·√13
    assert scale_saving(2.0, 0.5, [4.0, 9.0]) == pytest.approx(10 - 2 * math.sqrt(13))
    assert scale_saving(2.0, 1.0, [4.0, 9.0]) == pytest.approx(0.0)  # no economies at β = 1
    assert scale_saving(2.0, 1.2, [4.0, 9.0]) < 0  # diseconomies
    assert scale_saving(2.0, 0.5, []) == 0.0
    assert scale_saving(2.0, 0.5, [4.0]) == pytest.approx(0.0)


def test_consortium_scale_adds_the_saving_of_each_function() -> None:
    e = engine()
    fits = scale_fits(e.totals(), e.finance)
    table = consortium_scale(fits, Y1, [100e6, 10e6, 5e6])
    for row in table.iter_rows(named=True):
        a, b = row["a"], row["beta"]
        want = a * (100e6**b + 10e6**b + 5e6**b) - a * 115e6**b
        assert row["scale_saving"] == pytest.approx(want)
