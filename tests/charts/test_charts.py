"""Chart specs carry the right data and encodings: the highlighted bar is the organisation's,
the rules sit at the peer IQM and median, the peers are anonymous, and the SVG is vector and
labelled."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from corpbench.charts import (
    chart_title,
    inline_values,
    kpi_ranking_chart,
    peer_distribution_chart,
    savings_by_method_chart,
    to_spec,
    to_svg,
    trend_chart,
)
from corpbench.charts.style import IQM_COLOUR, MEDIAN_COLOUR, PEER_COLOUR, SELF_COLOUR
from corpbench.views import OrganisationView, organisation_view
from views.rounds import NAMES, Y1, Y2, engine

OTHERS = [c for c in NAMES if c != "AC001"]


@pytest.fixture(scope="module")
def view() -> OrganisationView:
    return organisation_view(engine(), "AC001", Y2)


@pytest.fixture(scope="module")
def view_y1() -> OrganisationView:
    return organisation_view(engine(), "AC001", Y1)


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["layer"]) if "layer" in spec else [spec]


def _no_other_org(spec: dict[str, Any]) -> None:
    text = json.dumps(spec)
    for code in OTHERS:
        assert code not in text
        assert NAMES[code] not in text
        assert json.dumps(NAMES[code])[1:-1] not in text


def test_ranking_chart_highlights_the_organisation_and_draws_peer_rules(
    view_y1: OrganisationView,
) -> None:
    spec = to_spec(
        kpi_ranking_chart(
            view_y1.distribution, view_y1.peer_stats, "pct_turnover", "finance", view_y1.name
        )
    )
    bars, rules = _layers(spec)
    values = bars["data"]["values"]
    assert [v["value"] for v in values] == [0.8, 1.0, 1.5, 2.0]
    highlighted = [v for v in values if v["group"] == "This organisation"]
    assert highlighted == [
        {"position": 2, "label": "Alpha Hospitals", "value": 1.0, "group": "This organisation"}
    ]
    assert bars["mark"]["type"] == "bar"
    enc = bars["encoding"]
    assert enc["x"]["field"] == "label"
    assert enc["x"]["sort"] == {"field": "position", "order": "ascending"}
    assert (enc["y"]["field"], enc["y"]["type"]) == ("value", "quantitative")
    scale = enc["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        "This organisation": SELF_COLOUR,
        "Peers": PEER_COLOUR,
    }
    assert rules["mark"]["type"] == "rule"
    assert rules["encoding"]["y"]["field"] == "value"
    assert {v["statistic"]: v["value"] for v in rules["data"]["values"]} == {
        "Peer IQM": 1.25,
        "Peer median": 1.25,
    }
    rule_scale = rules["encoding"]["color"]["scale"]
    assert rule_scale["range"] == [IQM_COLOUR, MEDIAN_COLOUR]
    # IQM solid, median dashed: both visible where they coincide (here both 1.25)
    assert rules["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [6, 3]]
    assert chart_title(spec) == "Finance: Cost as % of turnover: Alpha Hospitals highlighted"
    assert spec["description"].startswith(
        "Bar chart of cost as % of turnover for finance across 4 organisations"
    )
    assert "rank 2 of 4" in spec["description"]
    assert "Peer IQM 1.25%" in spec["description"]
    _no_other_org(spec)


def test_ranking_chart_with_revealed_peers_names_them() -> None:
    view = organisation_view(engine(), "AC001", Y1, reveal_peers=True)
    spec = to_spec(
        kpi_ranking_chart(view.distribution, view.peer_stats, "pct_turnover", "finance", view.name)
    )
    labels = [v["label"] for v in _layers(spec)[0]["data"]["values"]]
    assert labels == [NAMES[c] for c in ("AC003", "AC001", "AC002", "AC004")]


def test_distribution_chart_box_dots_and_rules(view_y1: OrganisationView) -> None:
    spec = to_spec(
        peer_distribution_chart(
            view_y1.distribution, view_y1.peer_stats, "pct_turnover", "finance", view_y1.name
        )
    )
    box, dots, rules = inline_values(spec)
    assert box == [{"q1": pytest.approx(0.95), "q3": 1.625}]
    assert sorted(d["value"] for d in dots) == [0.8, 1.0, 1.5, 2.0]
    assert [d["label"] for d in dots if d["group"] == "This organisation"] == ["Alpha Hospitals"]
    assert {r["statistic"]: r["value"] for r in rules} == {"Peer IQM": 1.25, "Peer median": 1.25}
    assert _layers(spec)[2]["encoding"]["x"]["field"] == "value"
    _no_other_org(spec)


def test_trend_chart_lines(view: OrganisationView) -> None:
    spec = to_spec(trend_chart(view.trend, "pct_turnover", "finance", view.name))
    values = spec["data"]["values"]
    own = [(v["year"], v["value"]) for v in values if v["series"] == "Alpha Hospitals"]
    peer = [(v["year"], v["value"]) for v in values if v["series"] == "Peer median"]
    assert own == [(Y1, 1.0), (Y2, pytest.approx(1.1))]
    assert peer == [(Y1, 1.25), (Y2, pytest.approx(1.25))]
    assert spec["encoding"]["x"]["field"] == "year"
    assert spec["encoding"]["color"]["scale"]["range"] == [SELF_COLOUR, MEDIAN_COLOUR]
    assert "2009/10: 1.00% against a peer median of 1.25%" in spec["description"]


def test_savings_chart_stacks_function_savings_per_method() -> None:
    view = organisation_view(engine(), "AC002", Y1)
    spec = to_spec(savings_by_method_chart(view.savings_by_method, view.name))
    values = spec["data"]["values"]
    per_method: dict[str, float] = {}
    for v in values:
        per_method[v["method"]] = per_method.get(v["method"], 0.0) + v["saving"]
    assert per_method["IQM"] == pytest.approx(500_000)
    assert per_method["top quartile"] == pytest.approx(1_100_000)
    assert per_method["Hackett best"] == pytest.approx(1_782_000 + 46_000)
    assert spec["encoding"]["y"]["aggregate"] == "sum"
    assert spec["encoding"]["x"]["sort"][:3] == ["IQM", "median", "top quartile"]
    assert "top quartile: £1,100,000" in spec["description"]


def test_svg_is_vector_and_labelled(view_y1: OrganisationView) -> None:
    chart = kpi_ranking_chart(
        view_y1.distribution, view_y1.peer_stats, "pct_turnover", "finance", view_y1.name
    )
    svg = to_svg(chart)
    assert svg.startswith("<svg")
    assert "<image" not in svg
    assert re.search(r'<svg[^>]* role="img" aria-label="Bar chart of cost as % of turnover', svg)
    assert "<title>Finance: Cost as % of turnover: Alpha Hospitals highlighted</title>" in svg
    for code in OTHERS:
        assert NAMES[code] not in svg
