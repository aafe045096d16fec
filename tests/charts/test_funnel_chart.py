"""The funnel view and chart (views/funnel.py, charts/funnel.py) over the worked example of
docs/funnels.md: the limit lines are the funnel's drawn limits, the y range is FunnelPlotR's,
peers are "Peer k" by ascending proportion unless revealed, and only outliers at the funnel's
level and the viewer's own point are labelled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corpbench.bench.funnel import funnel
from corpbench.charts import to_spec
from corpbench.charts.funnel import funnel_chart, y_domain
from corpbench.views.funnel import funnel_view

DOCS = Path(__file__).resolve().parents[2] / "docs"
EX = json.loads((DOCS / "funnel-example.json").read_text())
RESULT = funnel(EX["numerator"], EX["denominator"], EX["labels"])


def _values(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return [layer["data"]["values"] for layer in spec["layer"]]


def test_peers_are_numbered_by_proportion_and_the_viewer_is_named() -> None:
    view = funnel_view(RESULT, title="T", year="2016/17", names={}, reveal=False, own="Vale")
    by_label = {p.label: p for p in view.points}
    # proportions: West .714 < North .82 < East .88 < South .886 < Coast .90 < Central .902
    # < City .914 (< Vale .9375, the viewer)
    order = ["West", "North", "East", "South", "Coast", "Central", "City"]
    for k, code in enumerate(order, start=1):
        p = by_label[f"Peer {k}"]
        assert p.code is None
        assert p.name is None
        assert (
            p.value
            == EX["numerator"][EX["labels"].index(code)]
            / EX["denominator"][EX["labels"].index(code)]
        )
    assert by_label["Vale"].own
    assert by_label["Vale"].labelled
    # points run by denominator, the chart's x order
    assert [p.denominator for p in view.points] == sorted(EX["denominator"])


def test_a_revealed_set_names_only_its_members() -> None:
    view = funnel_view(
        RESULT, title="T", year="Y", names={"North": "North Trust"}, reveal={"North"}
    )
    labels = {p.label for p in view.points}
    assert "North Trust" in labels
    assert sum(1 for x in labels if x.startswith("Peer ")) == 7


def test_chart_lines_labels_and_range() -> None:
    view = funnel_view(RESULT, title="T", year="Y", names={}, reveal=True)
    spec = to_spec(funnel_chart(view, x_title="Invoices paid", y_title="Paid in 30 days (%)"))
    lines, target, points, _ = _values(spec)
    # four lines of the drawn (adjusted) limits; at the largest x, City's denominator 1,050
    last = {v["line"]: v["y"] for v in lines if v["x"] == 1050.0}
    city = next(u for u in RESULT.units if u.label == "City")
    assert last == {
        "95% lower": city.adjusted.ll95,
        "95% upper": city.adjusted.ul95,
        "99.8% lower": city.adjusted.ll998,
        "99.8% upper": city.adjusted.ul998,
    }
    assert target == [{"y": 4545 / 5190, "text": "Target 87.6%"}]
    assert [p["text"] for p in points if p["text"]] == ["West"]
    # the marked points are those outside the 95% limits, and the legend says so (the summary
    # counts only those outside the 99.8% limits, so "Outside the limits" misled)
    marked = sorted(p["label"] for p in points if p["kind"] == "Outside the 95% limits")
    assert marked == sorted(u.label for u in RESULT.units if u.outlier95)
    assert "Outside the limits" not in json.dumps(spec)
    # FunnelPlotR's y range: min(0.7 × target, 0.9 × 300/420) = 0.7 × 0.8757 = 0.613 (below
    # 0.643), max(1.3 × target, 1.1 × 0.9375)
    low, high = y_domain(view)
    assert low == pytest.approx(0.7 * 4545 / 5190)
    assert high == 1.0  # 1.3 × 0.8757 > 1: cut to a proportion's range
