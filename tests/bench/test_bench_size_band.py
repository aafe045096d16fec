"""The grouping ``size_band``: each organisation in the size band of the round of the year that
holds its turnover that year; its statistics and savings equal a computation written here from
the data standard's rules (type-7 quantiles, the interquartile mean trimming ⌊n/4⌋ from each
end, nothing trimmed under 4)."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

from corpbench.bench.engine import Benchmark
from corpbench.standard.bundle import conform
from corpbench.standard.rounds import RoundsByYear, default_round, read_round

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "round-example.toml"
ROUNDS = RoundsByYear.of([default_round(), read_round(EXAMPLE)])
NEW, OLD = "2021/22", "2009/10"

# org -> (turnover in 2021/22, finance cost in 2021/22); the example round's bands are
# small [0, 200m), medium [200m, 400m), large [400m, ∞)
ORGS: dict[str, tuple[float, float]] = {
    "S1": (50e6, 1.0e6),
    "S2": (150e6, 1.2e6),
    "S3": (199_999_999.0, 3.0e6),
    "S4": (120e6, 0.6e6),
    "S5": (80e6, 2.4e6),
    "M1": (200e6, 4.0e6),  # exactly at the medium threshold: medium
    "M2": (399_999_999.0, 2.0e6),
    "M3": (300e6, 9.0e6),
    "L1": (400e6, 8.0e6),  # exactly at the large threshold: a group of one
}
BANDS = {"S": "small", "M": "medium", "L": "large"}


def _engine(rounds: RoundsByYear | None = ROUNDS) -> Benchmark:
    codes = list(ORGS)
    organisations = conform(
        "organisations",
        pl.DataFrame(
            {
                "org_code": codes,
                "org_name": codes,
                "org_type": ["specialist"] * len(codes),
                "region": ["North"] * len(codes),
            }
        ),
    )
    finance_rows = [
        {"org_code": c, "year": y, "turnover": t, "total_pay": t / 2, "total_fte": 100.0}
        for c, (t, _) in ORGS.items()
        for y in (NEW, OLD)
    ]
    cost_rows = [
        {
            "org_code": c,
            "year": y,
            "function": "finance",
            "pay_cost": cost / 2,
            "non_pay_cost": cost / 2,
            "fte": 1.0,
        }
        for c, (_, cost) in ORGS.items()
        for y in (NEW, OLD)
    ]
    return Benchmark(
        organisations,
        conform("finance", pl.DataFrame(finance_rows)),
        conform("function_costs", pl.DataFrame(cost_rows)),
        rounds=rounds,
    )


def _quantile(sorted_values: list[float], p: float) -> float:
    h = (len(sorted_values) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def _expected_stats(band: str) -> dict[str, float]:
    values = sorted(
        100.0 * cost / turnover for code, (turnover, cost) in ORGS.items() if BANDS[code[0]] == band
    )
    n = len(values)
    k = n // 4
    kept = values[k : n - k]
    return {
        "n": n,
        "mean": sum(values) / n,
        "median": _quantile(values, 0.5),
        "q1": _quantile(values, 0.25),
        "q3": _quantile(values, 0.75),
        "iqm": sum(kept) / len(kept),
        "min": values[0],
        "max": values[-1],
    }


def test_each_organisation_is_in_the_band_of_its_turnover_that_year() -> None:
    groups = _engine().groups("size_band")
    assert groups.columns == ["org_code", "year", "group"]
    assert dict(zip(groups["org_code"], groups["group"], strict=True)) == {
        c: BANDS[c[0]] for c in ORGS
    }
    assert set(groups["year"]) == {NEW}  # the default round of 2009/10 has no size bands


@pytest.mark.parametrize("band", ["small", "medium", "large"])
def test_band_statistics_equal_the_standards_rules_computed_here(band: str) -> None:
    stats = (
        _engine()
        .stats("size_band", NEW)
        .filter(
            (pl.col("group") == band)
            & (pl.col("function") == "finance")
            & (pl.col("kpi") == "pct_turnover")
        )
    )
    assert stats.height == 1
    row = stats.row(0, named=True)
    for key, value in _expected_stats(band).items():
        assert row[key] == pytest.approx(value, rel=1e-12), key


def test_the_groups_sizes_are_five_three_and_one_and_an_iqm_of_five_trims_one_each_end() -> None:
    assert [_expected_stats(b)["n"] for b in ("small", "medium", "large")] == [5, 3, 1]
    # small: 2, 0.8, 1.5, 0.5, 3 (% of turnover) -> sorted 0.5, 0.8, 1.5, 2, 3; IQM of 0.8..2
    assert _expected_stats("small")["iqm"] == pytest.approx((0.8 + 1.5 + 2.0) / 3)


def test_savings_against_the_band_iqm_and_an_organisations_position() -> None:
    engine = _engine()
    savings = engine.savings("iqm", "size_band", NEW).filter(pl.col("function") == "finance")
    got = dict(zip(savings["org_code"], savings["saving"], strict=True))
    for code, (turnover, cost) in ORGS.items():
        target = _expected_stats(BANDS[code[0]])["iqm"]
        assert got[code] == pytest.approx(max(0.0, cost - target / 100 * turnover), abs=1e-6)
    assert engine.group_of("M1", "size_band", NEW) == "medium"
    assert engine.group_of("M1", "size_band", OLD) is None
    position = engine.org_position("M3", NEW, grouping="size_band").filter(
        pl.col("function") == "finance"
    )
    assert position["n"].to_list() == [3]
    assert position["rank"].to_list() == [3]  # 3% of turnover, the highest of its band
    assert position["peer_median"].to_list() == [pytest.approx(_expected_stats("medium")["median"])]


def test_a_year_whose_round_has_no_size_bands_is_a_clear_error() -> None:
    engine = _engine()
    with pytest.raises(ValueError, match=r"The round of 2009/10 \(qipp-2010\) has no size bands"):
        engine.check_grouping("size_band", OLD)
    engine.check_grouping("size_band", NEW)
    engine.check_grouping("size_band")
    assert engine.stats("size_band", OLD).height == 0
    with pytest.raises(ValueError, match="No round of the years stored has size bands"):
        _engine(rounds=None).check_grouping("size_band")


def test_an_organisations_view_lists_only_the_kpis_of_the_round_of_its_year() -> None:
    from corpbench.views.organisation import organisation_view

    engine = _engine()
    new = organisation_view(engine, "M1", NEW, grouping="size_band")
    assert set(new.distribution["kpi"]) == {"pct_turnover", "cost_per_org_fte"}
    assert set(new.peer_stats["kpi"]) == {"pct_turnover", "cost_per_org_fte"}
    by_year = new.trend.group_by("year").agg(pl.col("kpi").unique().sort())
    kpis = dict(zip(by_year["year"], by_year["kpi"].to_list(), strict=True))
    assert kpis[NEW] == ["cost_per_org_fte", "pct_turnover"]
    # the default round names every KPI: those defined here (no running costs, no shared cost)
    defined = ["cost_per_fte", "cost_per_org_fte", "pct_pay", "pct_turnover"]
    assert kpis[OLD] == defined
    old = organisation_view(engine, "M1", OLD, grouping="org_type")
    assert sorted(set(old.distribution["kpi"])) == defined
