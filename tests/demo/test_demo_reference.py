"""The calibration's own small implementation of the IQM national summary
(corpbench.demo.calibrate), pinned on hand-computed values and against the engine."""

from __future__ import annotations

import polars as pl
import pytest

from corpbench.bench.engine import Benchmark
from corpbench.demo import NHSI_ROUND, generate
from corpbench.demo.calibrate import (
    bisect,
    by_report_group,
    function_savings,
    nhsi_savings_by_group,
    reference_summary,
)
from corpbench.standard.bundle import Bundle


def tiny() -> Bundle:
    """Five acute trusts with turnover 100 (finance costs 1..5, so % = cost) and one of two
    ambulance trusts responding; one acute trust has no finance row for hr."""
    codes = ["A1", "A2", "A3", "A4", "A5"]
    return Bundle.from_tables(
        organisations=pl.DataFrame(
            {
                "org_code": [*codes, "B1", "B2"],
                "org_name": ["x"] * 7,
                "org_type": ["acute"] * 5 + ["ambulance"] * 2,
                "region": ["r"] * 7,
            }
        ),
        finance=pl.DataFrame(
            {
                "org_code": [*codes, "B1"],
                "year": ["2009/10"] * 6,
                "turnover": [100.0] * 5 + [1000.0],
                "total_pay": [60.0] * 6,
                "total_fte": [1.0] * 6,
            }
        ),
        function_costs=pl.DataFrame(
            {
                "org_code": [*codes, "A1", "B1"],
                "year": ["2009/10"] * 7,
                "function": ["finance"] * 5 + ["finance", "hr"],
                "process": ["general_ledger"] * 5 + ["treasury", None],
                "pay_cost": [1.0, 2.0, 3.0, 4.0, 5.0, 0.5, 30.0],
                "non_pay_cost": [0.0, 0.0, 0.0, 0.0, 10.0, 0.5, 0.0],
                "fte": [1.0] * 7,
            }
        ),
    )


def test_iqm_drops_a_quarter_from_each_end_and_saves_down_to_it() -> None:
    # acute finance % of turnover: A1 2, A2 2, A3 3, A4 4, A5 15 -> n=5, k=1, iqm = (2+3+4)/3 = 3.
    sav = function_savings(tiny(), "2009/10").sort("org_code")
    acute = sav.filter(pl.col("org_type") == "acute")
    assert acute["iqm"].to_list() == pytest.approx([3.0] * 5)
    assert acute["saving"].to_list() == pytest.approx([0.0, 0.0, 0.0, 1.0, 12.0])
    # A single ambulance trust: nothing trimmed, its own value is the iqm, no saving.
    amb = sav.filter(pl.col("org_type") == "ambulance").row(0, named=True)
    assert amb["iqm"] == pytest.approx(3.0)
    assert amb["saving"] == 0.0


def test_summary_extrapolates_by_eligible_over_respondents() -> None:
    s = {r["org_type"]: r for r in reference_summary(tiny()).iter_rows(named=True)}
    assert (s["acute"]["eligible"], s["acute"]["respondents"]) == (5, 5)
    assert s["acute"]["spend"] == pytest.approx(26.0)
    assert s["acute"]["saving_extrapolated"] == pytest.approx(13.0)
    assert (s["ambulance"]["eligible"], s["ambulance"]["respondents"]) == (2, 1)
    assert s["ambulance"]["spend_extrapolated"] == pytest.approx(60.0)
    grouped = by_report_group(reference_summary(tiny()), scale=1e-6)
    assert dict(zip(grouped["group"], grouped["spend_m"], strict=True)) == pytest.approx(
        {"acute": 26.0, "ambulance": 60.0}
    )


def test_reference_summary_agrees_with_the_engine_on_the_demo(demo_bundle: Bundle) -> None:
    ours = reference_summary(demo_bundle).select(
        "org_type", "respondents", "spend_extrapolated", "saving_extrapolated"
    )
    engine = (
        Benchmark.from_bundle(demo_bundle)
        .summary("iqm", year="2009/10")
        .filter(pl.col("org_type") != "all")
        .select("org_type", "respondents", "spend_extrapolated", "saving_extrapolated")
        .sort("org_type")
    )
    assert ours["org_type"].to_list() == engine["org_type"].to_list()
    assert ours["respondents"].to_list() == engine["respondents"].to_list()
    for c in ("spend_extrapolated", "saving_extrapolated"):
        assert ours[c].to_list() == pytest.approx(engine[c].to_list(), rel=1e-9), c


def test_bisect_finds_each_knob_of_a_rising_figure() -> None:
    # figure a = k², figure b = 3k: targets 0.5 and 1.2 -> k = √0.5 and 0.4
    found = bisect(
        {"a": 0.5, "b": 1.2}, lambda k: {"a": k["a"] ** 2, "b": 3 * k["b"]}, iterations=24
    )
    assert found == pytest.approx({"a": 0.7071, "b": 0.4}, abs=1e-3)


def test_median_method_targets_the_median_of_the_type() -> None:
    # acute finance % of turnover 2, 2, 3, 4, 15: the median is 3 (the IQM happens to be 3 too)
    sav = function_savings(tiny(), "2009/10", "median").filter(pl.col("org_type") == "acute")
    assert sav["iqm"].to_list() == pytest.approx([3.0] * 5)
    without_a5 = tiny()
    four = Bundle.from_tables(
        organisations=without_a5.organisations,
        finance=without_a5.finance,
        function_costs=without_a5.function_costs.filter(pl.col("org_code") != "A5"),
    )
    # 2, 2, 3, 4: median (2 + 3) / 2 = 2.5; savings A3 0.5, A4 1.5
    acute = function_savings(four, "2009/10", "median").filter(pl.col("org_type") == "acute")
    assert acute.sort("org_code")["saving"].to_list() == pytest.approx([0.0, 0.0, 0.5, 1.5])


def test_nhsi_savings_by_group_add_up_to_the_median_saving() -> None:
    bundle = generate(round=NHSI_ROUND)
    got = nhsi_savings_by_group(bundle)
    assert set(got) == {"imt", "governance_risk", "other", "all"}
    assert got["all"] == pytest.approx(got["imt"] + got["governance_risk"] + got["other"])
    total = reference_summary(bundle, "2016/17", "median")["saving"].sum() / 1e6
    assert got["all"] == pytest.approx(total, rel=1e-9)
