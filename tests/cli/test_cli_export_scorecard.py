"""``corpbench export scorecard`` and ``corpbench export scale``: the board scorecard's figures
with their peer statistics (against the hand-worked round of ``bench/scorecard_tables.py`` and
NumPy's percentiles) and the economies of scale (against an OLS fitted here with NumPy's least
squares), loaded through the command line on SQLite and PostgreSQL."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as scipy_stats

from bench.scorecard_tables import AC1_VALUES, BUNDLE, OTHER_VALUES, as_csv_tables
from cli.conftest import Cli
from corpbench.bench.scorecard import FIGURES_BY_CODE
from ingest.bundles import write_folder

Y1 = "2009/10"


@pytest.fixture
def card_cli(cli: Cli, tmp_path: Path) -> Cli:
    cli.load(write_folder(tmp_path / "scorecard", as_csv_tables()), "--by", "tester")
    return cli


def _dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_export_scorecard_equals_the_hand_values_and_peer_statistics(card_cli: Cli) -> None:
    rows = card_cli.csv("export", "scorecard")
    assert rows[0] == ["org_code", "year", "figure", "value", "n", "median", "q1", "q3", "rank"]
    keys = [(r[0], r[1], r[2]) for r in rows[1:]]
    assert keys == sorted(keys)
    every = {**{("AC1", f): v for f, v in AC1_VALUES.items()}, **OTHER_VALUES}
    got = {(r["org_code"], r["figure"]): r for r in _dicts(rows)}
    assert set(got) == set(every)
    for (code, figure), value in every.items():
        row = got[(code, figure)]
        assert row["year"] == Y1
        assert float(row["value"]) == value
        peers = [v for (c, f), v in every.items() if f == figure and c[0] == code[0]]
        assert int(row["n"]) == len(peers)
        for column, p in (("median", 50), ("q1", 25), ("q3", 75)):
            assert float(row[column]) == pytest.approx(np.percentile(peers, p), rel=1e-15)
        higher = FIGURES_BY_CODE[figure].better == "higher"
        better = [x for x in peers if (x > value if higher else x < value)]
        assert int(row["rank"]) == 1 + len(better)
    # full precision: 100 × 900 / 1000 is written as Python writes the float
    assert got[("AC3", "pct_orders_electronic")]["value"] == repr(100 * 900.0 / 1000.0)


def test_export_scorecard_for_a_year_without_returns_is_only_the_header(card_cli: Cli) -> None:
    assert card_cli.csv("export", "scorecard", "--year", "2010/11") == [
        ["org_code", "year", "figure", "value", "n", "median", "q1", "q3", "rank"]
    ]


def test_export_scorecard_refuses_an_unknown_grouping(card_cli: Cli) -> None:
    result = card_cli("export", "scorecard", "--group", "planet")
    assert result.exit_code != 0
    assert "planet" in result.stderr


def _ols(turnover: list[float], cost: list[float]) -> tuple[float, float, float, float]:
    """Independent: ln cost on ln turnover by least squares with an intercept column; β, its
    95% interval from the coefficient covariance s²(XᵀX)⁻¹, and R²."""
    x = np.log(np.array(turnover))
    y = np.log(np.array(cost))
    design = np.column_stack([np.ones_like(x), x])
    coef, residuals, _, _ = np.linalg.lstsq(design, y, rcond=None)
    n = len(x)
    ssr = float(residuals[0])
    cov = ssr / (n - 2) * np.linalg.inv(design.T @ design)
    half = scipy_stats.t.ppf(0.975, n - 2) * math.sqrt(cov[1, 1])
    r2 = 1 - ssr / float(np.sum((y - y.mean()) ** 2))
    return float(coef[1]), float(coef[1] - half), float(coef[1] + half), r2


def test_export_scale_equals_an_independent_least_squares_fit(card_cli: Cli) -> None:
    rows = card_cli.csv("export", "scale")
    assert rows[0] == ["function", "year", "beta", "beta_low", "beta_high", "r2", "n"]
    got = {r["function"]: r for r in _dicts(rows)}
    fin = dict(zip(BUNDLE.finance["org_code"], BUNDLE.finance["turnover"], strict=True))
    # hr: AC1 10,000, AC2 9,000, AC3 8,000, CM1 5,000 (bench/scorecard_tables.py)
    hr_cost = {"AC1": 10_000.0, "AC2": 9_000.0, "AC3": 8_000.0, "CM1": 5_000.0}
    beta, low, high, r2 = _ols([fin[c] for c in hr_cost], list(hr_cost.values()))
    hr = got["hr"]
    assert (hr["year"], hr["n"]) == (Y1, "4")
    assert float(hr["beta"]) == pytest.approx(beta, rel=1e-12)
    assert float(hr["beta_low"]) == pytest.approx(low, rel=1e-12)
    assert float(hr["beta_high"]) == pytest.approx(high, rel=1e-12)
    assert float(hr["r2"]) == pytest.approx(r2, rel=1e-12)
    # estates: AC1 50,000, AC2 40,000, AC3 25,000 (n = 3)
    est_cost = {"AC1": 50_000.0, "AC2": 40_000.0, "AC3": 25_000.0}
    beta, low, high, r2 = _ols([fin[c] for c in est_cost], list(est_cost.values()))
    est = got["estates"]
    assert est["n"] == "3"
    assert float(est["beta"]) == pytest.approx(beta, rel=1e-12)
    assert float(est["beta_low"]) == pytest.approx(low, rel=1e-12)
    assert float(est["r2"]) == pytest.approx(r2, rel=1e-12)
    # payroll has one organisation (AC1): no fit, no row
    assert "payroll" not in got
    keys = [(r[0], r[1]) for r in rows[1:]]
    assert keys == sorted(keys)
    assert card_cli.csv("export", "scale", "--year", "2010/11") == [rows[0]]
