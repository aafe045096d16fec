"""The demo round reproduces QIPP 2010 on QIPP's seven functions when the project's own engine
computes the figures from the data (2009/10, method iqm, peer group = org_type, extrapolated to
100% by response rate):
Table 5 spend by type within 10%, Table 6 savings by type within 15%, the £616m national saving
within 5%, and the report's per-function picture."""

from __future__ import annotations

import polars as pl
import pytest

from corpbench.bench.engine import Benchmark
from corpbench.standard.bundle import Bundle
from demo.test_demo_generate import QIPP_SEVEN

YEAR = "2009/10"
PCT_TYPES = ("pct_commissioner", "pct_provider", "pct_undifferentiated")
# QIPP 2010 Table 5 (£m, extrapolated to 100%).
TABLE5 = {
    "acute": 738.2,
    "acute_ft": 700.0,
    "pct": 958.6,
    "mental_health": 113.6,
    "mental_health_ft": 222.0,
    "community": 9.9,
    "ambulance": 74.4,
}
# QIPP 2010 Table 6 (£m, extrapolated to 100%).
TABLE6 = {
    "acute": 110.1,
    "acute_ft": 118.7,
    "ambulance": 11.4,
    "mental_health": 24.0,
    "mental_health_ft": 39.4,
    "pct": 312.6,
}


@pytest.fixture(scope="module")
def bench(demo_bundle: Bundle) -> Benchmark:
    return Benchmark.from_bundle(demo_bundle)


@pytest.fixture(scope="module")
def by_column(bench: Benchmark) -> dict[str, tuple[float, float]]:
    """(spend £m, saving £m), extrapolated, per Table 5/6 column (PCT types summed)."""
    summary = bench.summary("iqm", year=YEAR).filter(pl.col("org_type") != "all")
    grouped = (
        summary.with_columns(
            column=pl.when(pl.col("org_type").is_in(PCT_TYPES))
            .then(pl.lit("pct"))
            .otherwise(pl.col("org_type"))
        )
        .group_by("column")
        .agg(
            pl.col("spend_extrapolated").sum() / 1e6,
            pl.col("saving_extrapolated").sum() / 1e6,
        )
    )
    return {c: (s, v) for c, s, v in grouped.iter_rows()}


@pytest.mark.parametrize(("column", "target"), sorted(TABLE5.items()))
def test_table5_spend_by_type_within_10_percent(
    by_column: dict[str, tuple[float, float]], column: str, target: float
) -> None:
    assert by_column[column][0] == pytest.approx(target, rel=0.10)


@pytest.mark.parametrize(("column", "target"), sorted(TABLE6.items()))
def test_table6_saving_by_type_within_15_percent(
    by_column: dict[str, tuple[float, float]], column: str, target: float
) -> None:
    assert by_column[column][1] == pytest.approx(target, rel=0.15)


def test_national_saving_within_5_percent_of_616m_and_spend_about_2_82bn(
    bench: Benchmark,
) -> None:
    national = (
        bench.summary("iqm", year=YEAR).filter(pl.col("org_type") == "all").row(0, named=True)
    )
    assert national["saving_extrapolated"] / 1e6 == pytest.approx(616.0, rel=0.05)
    assert national["spend_extrapolated"] / 1e9 == pytest.approx(2.82, rel=0.10)
    assert national["eligible"] == 404
    assert national["respondents"] == 315


def test_imt_estates_and_procurement_give_the_largest_savings(bench: Benchmark) -> None:
    summary = bench.summary("iqm", year=YEAR).select("org_type", "eligible", "respondents")
    savings = bench.savings("iqm", year=YEAR).filter(pl.col("function") != "all")
    by_function = (
        savings.join(bench.groups("org_type"), on="org_code")
        .join(summary, left_on="group", right_on="org_type")
        .group_by("function")
        .agg((pl.col("saving") * pl.col("eligible") / pl.col("respondents")).sum())
        .sort("saving", descending=True)
    )
    assert set(by_function["function"].head(3)) == {"imt", "estates", "procurement"}
    assert by_function["function"][0] == "imt"


def test_cost_per_fte_40_to_50k_for_most_payroll_lowest_governance_highest(
    bench: Benchmark,
) -> None:
    per_fte = (
        bench.kpis(YEAR)
        .filter(pl.col("kpi") == "cost_per_fte", pl.col("function") != "all")
        .group_by("function")
        .agg(pl.col("value").mean())
    )
    mean = dict(per_fte.iter_rows())
    assert set(mean) == set(QIPP_SEVEN)
    for function in ("finance", "hr", "imt", "procurement", "estates"):
        assert 40_000 <= mean[function] <= 50_000, function
    assert min(mean, key=mean.__getitem__) == "payroll"
    assert max(mean, key=mean.__getitem__) == "governance_risk"


def test_back_office_share_of_turnover_acute_3_mental_health_4_6_pct_9(
    bench: Benchmark, demo_bundle: Bundle
) -> None:
    totals = bench.totals(YEAR).filter(pl.col("function") == "all")
    share = (
        totals.join(demo_bundle.finance, on=["org_code", "year"])
        .join(bench.groups("org_type"), on="org_code")
        .with_columns(
            sector=pl.when(pl.col("group").str.starts_with("pct"))
            .then(pl.lit("pct"))
            .when(pl.col("group").str.starts_with("mental_health"))
            .then(pl.lit("mental_health"))
            .when(pl.col("group").str.starts_with("acute"))
            .then(pl.lit("acute"))
            .otherwise(pl.col("group"))
        )
        .group_by("sector")
        .agg(pct=100 * pl.col("cost").sum() / pl.col("turnover").sum())
    )
    pct = dict(share.iter_rows())
    assert pct["acute"] == pytest.approx(3.0, abs=0.3)
    assert pct["mental_health"] == pytest.approx(4.6, abs=0.3)
    assert pct["pct"] == pytest.approx(9.0, abs=0.6)


def test_shared_spend_about_13_percent_mostly_imt_and_finance_pcts_share_more(
    bench: Benchmark,
) -> None:
    lines = bench.totals(YEAR).filter(pl.col("function") != "all")
    assert lines["shared"].sum() / lines["cost"].sum() == pytest.approx(0.13, abs=0.02)
    by_function = (
        lines.group_by("function").agg(pl.col("shared").sum()).sort("shared", descending=True)
    )
    assert set(by_function["function"].head(2)) == {"imt", "finance"}
    by_type = (
        lines.join(bench.groups("org_type"), on="org_code")
        .group_by(pl.col("group").str.starts_with("pct").alias("is_pct"))
        .agg(share=pl.col("shared").sum() / pl.col("cost").sum())
    )
    share = dict(by_type.iter_rows())
    assert share[True] > 1.5 * share[False]
