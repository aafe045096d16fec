"""Anomaly warnings: each rule flags what it should and nothing else."""

from __future__ import annotations

import polars as pl
import pytest

from corpbench.checks.anomalies import (
    AnomalyRules,
    anomaly_issues,
    find_anomalies,
    next_year,
)
from corpbench.ingest.report import Severity
from corpbench.standard.bundle import Bundle

Y1, Y2 = "2009/10", "2010/11"


def _bundle(
    costs: list[dict[str, object]], n_orgs: int = 6, years: tuple[str, ...] = (Y1,)
) -> Bundle:
    codes = [f"ORG{i:02d}" for i in range(1, n_orgs + 1)]
    orgs = pl.DataFrame(
        {
            "org_code": codes,
            "org_name": codes,
            "org_type": ["acute"] * n_orgs,
            "region": ["R"] * n_orgs,
        }
    )
    finance = pl.DataFrame(
        [
            {"org_code": c, "year": y, "turnover": 100e6, "total_pay": 60e6, "total_fte": 2000.0}
            for c in codes
            for y in years
        ]
    )
    rows = [
        {"process": None, "non_pay_cost": 0.0, "shared_cost": None, "delivery_model": None, **r}
        for r in costs
    ]
    return Bundle.from_tables(
        organisations=orgs, finance=finance, function_costs=pl.DataFrame(rows)
    )


def _normal(
    code: str, pay: float = 1_000_000.0, fte: float = 22.0, year: str = Y1
) -> dict[str, object]:
    return {"org_code": code, "year": year, "function": "finance", "pay_cost": pay, "fte": fte}


def _rules(found: pl.DataFrame) -> list[tuple[str, str, str, str]]:
    return [
        (r["org_code"], r["function"], r["rule"], r["kpi"]) for r in found.iter_rows(named=True)
    ]


def test_a_clean_round_has_no_anomaly() -> None:
    data = _bundle([_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 7)])
    assert find_anomalies(data).is_empty()


def test_cost_per_fte_outside_the_plausible_band_is_flagged() -> None:
    costs = [_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 5)]
    costs.append(_normal("ORG05", 1_040_000, fte=200.0))  # £5,200 per FTE: too low
    costs.append(_normal("ORG06", 1_050_000, fte=5.0))  # £210,000 per FTE: too high
    found = find_anomalies(_bundle(costs)).filter(pl.col("rule") == "cost_per_fte_band")
    assert _rules(found) == [
        ("ORG05", "finance", "cost_per_fte_band", "cost_per_fte"),
        ("ORG06", "finance", "cost_per_fte_band", "cost_per_fte"),
    ]
    assert found["value"].to_list() == pytest.approx([5_200.0, 210_000.0])
    assert found["lower"].to_list() == [15_000.0, 15_000.0]
    assert found["upper"].to_list() == [150_000.0, 150_000.0]
    assert "£5200" in found["message"][0]


def test_a_kpi_beyond_three_iqr_of_its_peers_is_flagged() -> None:
    # % of turnover 1.00, 1.01, ..., 1.04 and one at 3.0: q1 1.0125, q3 1.0375 (n=6),
    # IQR 0.025, upper fence 1.0375 + 0.075 = 1.1125 -> 3.0 is far out; pct_pay also
    costs = [_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * (i - 1), fte=22.0) for i in range(1, 6)]
    costs.append(_normal("ORG06", 3_000_000, fte=66.0))
    found = find_anomalies(_bundle(costs)).filter(pl.col("rule") == "peer_outlier")
    assert set(_rules(found)) == {
        ("ORG06", "all", "peer_outlier", "pct_turnover"),
        ("ORG06", "finance", "peer_outlier", "pct_turnover"),
        ("ORG06", "all", "peer_outlier", "pct_pay"),
        ("ORG06", "finance", "peer_outlier", "pct_pay"),
    }
    row = found.filter((pl.col("function") == "finance") & (pl.col("kpi") == "pct_turnover"))
    assert row["upper"][0] == pytest.approx(1.0375 + 3 * 0.025)
    assert row["lower"][0] == pytest.approx(1.0125 - 3 * 0.025)


def test_groups_smaller_than_the_minimum_are_not_judged() -> None:
    costs = [_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 5)]
    costs.append(_normal("ORG05", 9_000_000, fte=200.0))
    data = _bundle(costs, n_orgs=5)
    assert "peer_outlier" in find_anomalies(data)["rule"].to_list()
    unjudged = find_anomalies(data, rules=AnomalyRules(min_peers=6))
    assert "peer_outlier" not in unjudged["rule"].to_list()


def test_a_cost_that_more_than_doubles_year_on_year_is_flagged() -> None:
    costs = [_normal("ORG01"), _normal("ORG01", 2_100_000, fte=46.0, year=Y2)]
    costs += [_normal("ORG02"), _normal("ORG02", 1_900_000, fte=40.0, year=Y2)]  # ×1.9: fine
    found = find_anomalies(_bundle(costs, n_orgs=2, years=(Y1, Y2)))
    found = found.filter(pl.col("rule") == "year_on_year")
    assert _rules(found) == [
        ("ORG01", "all", "year_on_year", "cost"),
        ("ORG01", "finance", "year_on_year", "cost"),
    ]
    assert found["year"].to_list() == [Y2, Y2]
    assert found["lower"][0] == pytest.approx(500_000)
    assert found["upper"][0] == pytest.approx(2_000_000)


def test_next_year_follows_the_financial_year_format() -> None:
    years = pl.DataFrame({"y": ["2009/10", "1999/00", "2019/20"]})
    out = years.select(next_year(pl.col("y")))["y"].to_list()
    assert out == ["2010/11", "2000/01", "2020/21"]


def test_shared_cost_without_a_delivery_model_is_flagged_per_line() -> None:
    costs = [
        {**_normal("ORG01"), "process": "accounts_payable", "shared_cost": 100.0},
        {**_normal("ORG01"), "process": "treasury", "shared_cost": 0.0},
        {**_normal("ORG02"), "shared_cost": 50.0, "delivery_model": "shared"},
    ]
    found = find_anomalies(_bundle(costs, n_orgs=2)).filter(
        pl.col("rule") == "shared_without_model"
    )
    assert found.select("org_code", "process", "value").rows() == [
        ("ORG01", "accounts_payable", 100.0)
    ]


def test_load_warnings_cover_only_the_new_bundles_returns() -> None:
    stored = _bundle([_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 7)])
    stored_bad = _bundle(
        [_normal(f"ORG{i:02d}", 1_000_000 + 10_000 * i) for i in range(1, 6)]
        + [_normal("ORG06", 1_060_000, fte=2.0)]
    )
    new = Bundle.from_tables(
        finance=stored.finance.filter(pl.col("org_code") == "ORG01"),
        function_costs=pl.DataFrame(
            [{**_normal("ORG01", 1_010_000, fte=500.0), "non_pay_cost": 0.0}]
        ),
    )
    issues = anomaly_issues(stored_bad, new)
    # ORG06's stored anomaly is not this load's business; ORG01's new one is
    assert "cost_per_fte_band" in {i.code for i in issues}
    assert {i.code for i in issues} <= {"cost_per_fte_band", "peer_outlier"}
    assert all(i.severity is Severity.WARNING for i in issues)
    assert all(i.message.startswith("ORG01 2009/10 ") for i in issues)
    band = next(i for i in issues if i.code == "cost_per_fte_band")
    assert band.column == "cost_per_fte"
    assert band.value == repr(1_010_000 / 500)
