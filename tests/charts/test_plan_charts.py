"""charts/plan.py: each chart of a case carries its view table's figures and the right marks:
the paybacks at their years, the tornado sorted as §4 around its base, the percentiles' rules,
the top option marked, ties, partners' shares; the SVG is vector and labelled."""

from __future__ import annotations

import json
from typing import Any

import pytest

from corpbench.charts import chart_title, inline_values, to_spec
from corpbench.charts.plan import (
    CHART_TABLES,
    cash_flow_waterfall_chart,
    cumulative_chart,
    monte_carlo_chart,
    option_scores_chart,
    partner_shares_chart,
    plan_charts,
    tornado_chart,
)
from corpbench.charts.render import spec_to_svg
from corpbench.views.plan import plan_view
from plan.report_cases import complete_view, evaluation, never_pays_back, small_view, tied


def _spec(chart: Any) -> dict[str, Any]:
    return to_spec(chart)


def _values(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return inline_values(spec)


def test_waterfall_steps_are_the_views() -> None:
    spec = _spec(cash_flow_waterfall_chart(small_view()))
    bars = _values(spec)[0]
    year2 = [b for b in bars if b["year"] == 2]
    assert [b["step"] for b in year2] == [
        "Benefit",
        "One-off costs",
        "Recurring costs",
        "Management fee",
        "Net",
    ]
    assert [b["end"] for b in year2] == pytest.approx(
        [329.21875, 329.21875, 319.21875, 311.625, 311.625]
    )
    nets = [b["end"] for b in bars if b["step"] == "Net"]
    assert nets == pytest.approx([-200, 180, 311.625, 417.9375])
    assert chart_title(spec).startswith("Cash flows by year")
    assert "year 2: net £312" in spec["description"]


def test_cumulative_marks_the_payback_years() -> None:
    spec = _spec(cumulative_chart(complete_view()))
    layers = _values(spec)
    lines = layers[0]
    cumulative = [r["value"] for r in lines if r["series"] == "Cumulative net"]
    assert cumulative == pytest.approx(complete_view().years["cumulative"].to_list())
    discounted = [r["value"] for r in lines if r["series"] == "Discounted cumulative net"]
    assert discounted[-1] == pytest.approx(complete_view().npv)
    marks = layers[2]
    # case.toml: cumulative −336,038 in year 3, +1,855,758 in year 4; discounted the same years
    assert [(m["mark"], m["year"]) for m in marks] == [
        ("Payback", 4),
        ("Discounted payback", 4),
    ]
    assert "Payback year 4, discounted payback year 4" in spec["description"]


def test_a_case_that_never_pays_back_has_no_payback_mark() -> None:
    view = plan_view(evaluation(never_pays_back()), name="Never")
    spec = _spec(cumulative_chart(view))
    assert len(_values(spec)) == 2  # the lines and the zero rule, no payback rule
    assert "Payback not within the horizon" in spec["description"]


def test_tornado_sorted_around_its_base() -> None:
    view = complete_view()
    spec = _spec(tornado_chart(view))
    bars = _values(spec)[0]
    order = spec["layer"][0]["encoding"]["y"]["sort"]
    assert order == [
        "Delay (years)",
        "Finance share rate",
        "Optimism bias on one-off costs",
        "HR cost",
    ]
    swings = []
    for label in order:
        ends = {b["which"]: b["npv"] for b in bars if b["figure"] == label}
        swings.append(abs(ends["High value"] - ends["Low value"]))
    assert swings == sorted(swings, reverse=True)
    assert {b["base"] for b in bars} == {view.tornado_base}
    assert _values(spec)[1] == [{"base": view.tornado_base, "label": "Base NPV"}]
    delay = [b for b in bars if b["figure"] == "Delay (years)"]
    assert [b["end"] for b in delay] == ["At its low (0)", "At its high (2)"]


def test_monte_carlo_histogram_and_percentile_rules() -> None:
    view = complete_view()
    mc = evaluation_mc()
    spec = _spec(monte_carlo_chart(view))
    bins, rules = _values(spec)[0], _values(spec)[1]
    assert [b["count"] for b in bins] == list(mc.counts)
    assert bins[0]["start"] == mc.bin_edges[0]
    assert bins[-1]["end"] == mc.bin_edges[-1]
    assert rules == [
        {"label": "P10", "value": mc.p10},
        {"label": "P50", "value": mc.p50},
        {"label": "P90", "value": mc.p90},
    ]
    assert "over 10,000 draws" in spec["description"]


def evaluation_mc() -> Any:
    from plan.report_cases import complete

    mc = evaluation(complete()).monte_carlo
    assert mc is not None
    return mc


def test_option_scores_mark_the_top_and_ties() -> None:
    spec = _spec(option_scores_chart(complete_view()))
    bars = _values(spec)[0]
    top = [b["option"] for b in bars if b["group"] == "Ranked first"]
    assert top == ["Shared service co-operative"]
    assert {b["option"]: b["score"] for b in bars} == pytest.approx(
        {
            "Status quo": 5.8,
            "Shared service co-operative": 6.5,
            "Shared services company": 6.1,
            "Outsourcing": 5.4,
        }
    )
    spec = _spec(option_scores_chart(plan_view(evaluation(tied()), name="Tied")))
    bars = _values(spec)[0]
    first = {b["option"]: b["note"] for b in bars if b["group"] == "Ranked first"}
    assert first == {
        "Shared service co-operative": "rank 1 (tied)",
        "Shared services company": "rank 1 (tied)",
    }
    assert "tie at rank 1" in spec["description"]


def test_partner_shares() -> None:
    view = complete_view()
    spec = _spec(partner_shares_chart(view))
    bars = _values(spec)[0]
    assert [b["partner"] for b in bars] == ["Rowan Hospital", "RX2", "RX3"]
    assert [b["key"] for b in bars] == pytest.approx([0.4375, 0.3375, 0.225])
    assert [b["npv"] for b in bars] == pytest.approx(
        [k * view.npv for k in (0.4375, 0.3375, 0.225)]
    )
    assert bars[0]["note"] == "key 43.8%"


def test_which_charts_a_case_has() -> None:
    assert [n for n, _ in plan_charts(complete_view())] == [
        "waterfall",
        "cumulative",
        "tornado",
        "monte_carlo",
        "options",
        "partners",
    ]
    assert [n for n, _ in plan_charts(small_view())] == ["waterfall", "cumulative"]
    view = complete_view()
    for name, _ in plan_charts(view):  # each chart's data table is a table of the view
        assert not getattr(view, CHART_TABLES[name]).is_empty()


def test_no_codes_in_what_people_read() -> None:
    for _, chart in plan_charts(complete_view()):
        spec = _spec(chart)
        words = json.dumps(_values(spec)) + spec["description"] + chart_title(spec)
        for code in ("optimism_bias", "option.share", "functions.hr", "cooperative", "one_off"):
            assert code not in words


def test_svg_is_vector_and_labelled() -> None:
    spec = _spec(cumulative_chart(complete_view()))
    svg = spec_to_svg(spec)
    assert svg.lstrip().startswith("<svg")
    assert "<image" not in svg
    assert 'role="img"' in svg
    assert "<title>Cumulative net and payback</title>" in svg
    assert "Payback" in svg
    assert "£" in svg
