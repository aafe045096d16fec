"""footprint_view and national_view against the hand computations of views/rounds.py."""

from __future__ import annotations

import pytest

from corpbench.bench.consortium import scale_status as _scale
from corpbench.charts import (
    footprint_comparison_chart,
    inline_values,
    national_spend_chart,
    to_spec,
)
from corpbench.views import footprint_view, footprints, national_view
from corpbench.views.labels import TOTAL_ROW
from views.rounds import Y1, Y2, engine


def _by(frame, *keys: str) -> dict:
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in frame.to_dicts()}


def test_footprints_of_the_register() -> None:
    assert footprints(engine()) == ["F1", "F2"]


def test_footprint_members_and_side_by_side() -> None:
    view = footprint_view(engine(), "F1", Y1)
    assert view.members.select("org_code", "responded").rows() == [
        ("AC001", True),
        ("AC002", True),
        ("CM001", False),  # in the footprint, no return
    ]
    side = _by(view.side_by_side, "org_code", "function")
    assert list(side) == [
        ("AC001", "finance"), ("AC002", "finance"), ("AC001", "hr"), ("AC002", "hr"),
        ("AC001", "all"), ("AC002", "all"),
    ]  # fmt: skip
    assert side[("AC002", "finance")]["cost"] == 3_000_000.0
    assert side[("AC002", "finance")]["pct_turnover"] == 1.5
    assert side[("AC002", "finance")]["saving"] == pytest.approx(500_000)
    assert side[("AC001", "hr")]["pct_pay"] == pytest.approx(0.5 / 0.6)


def test_footprint_combined_baseline() -> None:
    view = footprint_view(engine(), "F1", Y1)
    base = _by(view.baseline, "function")
    assert list(base) == ["finance", "hr", "all"]
    assert (base["finance"]["cost"], base["finance"]["fte"], base["finance"]["shared"]) == (
        4_000_000.0, 80.0, 1_000_000.0,
    )  # fmt: skip
    assert base["hr"]["shared"] is None  # nobody returned a shared cost for HR
    assert (base["all"]["cost"], base["all"]["organisations"]) == (5_500_000.0, 2)
    # volumes are summed; performance indicators (debtor_days) are not volumes
    assert view.volumes.rows() == [
        ("finance", "invoices_paid", 15_000.0, 2),
        ("hr", "employees_served", 4_100.0, 1),
    ]
    # employees: AC001 2,400 + AC002's total FTE 4,000 (its employees are missing)
    assert view.employees == 6_400.0
    assert view.employees_from_fte == ("AC002",)
    assert view.employees_missing == ()
    assert view.scale == "below_minimum"
    assert view.totals.row(0) == (2, 300e6, 190e6, 6_000.0, 6_400.0)


def test_footprint_combined_savings_by_method() -> None:
    view = footprint_view(engine(), "F1", Y1)
    wide = _by(view.savings_by_method_wide, "function")
    assert list(wide) == ["finance", "hr", TOTAL_ROW]
    assert wide["finance"]["iqm"] == pytest.approx(500_000)
    # Hackett best: finance £1m − 0.609% × £100m + £3m − 0.609% × £200m; HR £23k + £46k
    assert wide["finance"]["external:hackett_best_in_class"] == pytest.approx(2_173_000)
    assert wide["hr"]["external:hackett_best_in_class"] == pytest.approx(69_000)
    assert wide[TOTAL_ROW]["external:hackett_best_in_class"] == pytest.approx(2_242_000)
    assert wide[TOTAL_ROW]["threshold:6"] == 0.0


def test_footprint_of_mixed_types_and_threshold_total() -> None:
    # F2: AC004 (acute, 2.0% on all) and MH001 (mental health, alone in its type)
    view = footprint_view(engine(), "F2", Y1, method="threshold:1.5", methods=("threshold:1.5",))
    wide = _by(view.savings_by_method_wide, "function")
    # a threshold's total is the partners' savings on all: AC004 £1.6m − 1.5% × £80m
    assert wide[TOTAL_ROW]["threshold:1.5"] == pytest.approx(400_000)
    assert view.carter.select("org_code", "pct_turnover", "within_7").rows() == [
        ("AC004", 2.0, True),
        ("MH001", 1.0, True),
    ]
    assert view.employees == 2_600.0
    assert footprint_view(engine(), "F2", Y1).savings_by_method_wide.filter(function=TOTAL_ROW)[
        "iqm"
    ][0] == pytest.approx(600_000)


def test_footprint_errors() -> None:
    with pytest.raises(ValueError, match="No organisation of the register is in footprint"):
        footprint_view(engine(), "F9")
    with pytest.raises(ValueError, match="has cost data for 2010/11"):
        footprint_view(engine(), "F2", Y2)
    assert footprint_view(engine(), "F1").year == Y2


def test_scale_test_boundaries() -> None:
    assert [_scale(x) for x in (None, 19_999.0, 20_000.0, 49_999.0, 50_000.0)] == [
        None, "below_minimum", "viable", "viable", "target",
    ]  # fmt: skip


def test_national_spend_by_type_and_function() -> None:
    view = national_view(engine(), Y1)
    spend = _by(view.spend_by_type_function, "org_type", "function")
    assert spend[("acute", "finance")]["spend"] == 6_000_000.0
    assert spend[("acute", "finance")]["respondents"] == 4
    assert spend[("acute", "hr")]["spend"] == 1_500_000.0
    assert spend[("acute", "all")]["spend_extrapolated"] == 7_500_000.0
    assert spend[("mental_health", "finance")]["spend"] == 200_000.0
    # 2010/11: two of four acute trusts responded: (£1.1m + £2.8m) × 4 / 2
    later = _by(national_view(engine(), Y2).spend_by_type_function, "org_type", "function")
    assert later[("acute", "finance")]["spend_extrapolated"] == pytest.approx(7_800_000)


def test_national_savings_by_method_and_summary() -> None:
    view = national_view(engine(), Y1, method="q1")
    assert view.method == "q1"
    national = _by(view.savings_by_method.filter(org_type="all"), "method")
    assert national["iqm"]["saving"] == pytest.approx(1_100_000)  # £500k + £600k
    # q1: finance 0.95 → AC001 £50k, AC002 £1.1m, AC004 £840k; hr (0.5, 0.5) → 0
    assert national["q1"]["saving"] == pytest.approx(1_990_000)
    assert view.summary.filter(org_type="all")["saving"][0] == pytest.approx(1_990_000)
    assert _by(view.by_function, "function")["finance"]["saving"] == pytest.approx(1_990_000)


def test_response_tracker_lists_who_is_still_to_submit() -> None:
    view = national_view(engine(), Y2)
    response = _by(view.response, "org_type")
    assert (response["acute"]["eligible"], response["acute"]["respondents"]) == (4, 2)
    assert response["acute"]["outstanding"] == 2
    assert response["all"]["response_rate"] == pytest.approx(2 / 6)
    assert view.outstanding.rows() == [
        ("acute", "AC003", "Gamma Hospitals"),
        ("acute", "AC004", '=HYPERLINK("http://evil.example","Delta")'),
        ("community", "CM001", "Chi Community"),
        ("mental_health", "MH001", "Mu Mental Health"),
    ]
    with pytest.raises(ValueError, match="No data for 2011/12"):
        national_view(engine(), "2011/12")


def test_national_spend_chart_stacks_functions_per_type() -> None:
    view = national_view(engine(), Y1)
    spec = to_spec(national_spend_chart(view.spend_by_type_function, Y1, "spend"))
    (values,) = inline_values(spec)
    totals: dict[str, float] = {}
    for v in values:
        totals[v["org_type"]] = totals.get(v["org_type"], 0.0) + v["spend"]
    # types and functions by their titles; no "all" rows
    assert totals == {"Acute trust": 7_500_000.0, "Mental health trust": 200_000.0}
    assert {v["function"] for v in values} == {"Finance", "HR"}
    assert spec["encoding"]["y"]["aggregate"] == "sum"
    assert "Acute trust: £7.5m" in spec["description"]


def test_footprint_chart_groups_organisations_by_function() -> None:
    view = footprint_view(engine(), "F1", Y1)
    spec = to_spec(footprint_comparison_chart(view.side_by_side, "pct_turnover", "F1"))
    (values,) = inline_values(spec)
    assert [(v["organisation"], v["function"], v["value"]) for v in values] == [
        ("Alpha Hospitals", "Finance", 1.0),
        ("Beta Hospitals", "Finance", 1.5),
        ("Alpha Hospitals", "HR", 0.5),
        ("Beta Hospitals", "HR", 0.5),
        ("Alpha Hospitals", "Whole organisation", 1.5),
        ("Beta Hospitals", "Whole organisation", 2.0),
    ]
    assert spec["encoding"]["xOffset"]["field"] == "organisation"
    assert spec["encoding"]["x"]["field"] == "function"
    # an undefined KPI has no bar (AC001 returned no shared cost)
    shared = to_spec(footprint_comparison_chart(view.side_by_side, "shared_pct", "F1"))
    assert {v["organisation"] for v in inline_values(shared)[0]} == {"Beta Hospitals"}
