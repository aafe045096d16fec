"""charts/spc.py: the XmR chart's inline data are the SpcResult's figures point for point
(limits None where undefined), the marks are coloured by type, the lines break at a rebase, the
target is drawn, the description says the variation and assurance in words; the table
alternative matches; every icon is a labelled SVG document."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from corpbench.charts import inline_values, to_spec
from corpbench.charts.render import spec_to_svg
from corpbench.charts.spc import (
    ICON_NAMES,
    POINT_COLOURS,
    icon_label,
    icon_svg,
    xmr_chart,
    xmr_table,
)
from corpbench.programme.spc import ASSURANCE_ICONS, xmr

VALUES = [5.0, 7, 6, 8, 6, 7, 5, 6, 7, 6, 12, 13, 12.5, 14, 13, 12, 13, 14, 15, 16, 17, 18]
DATES = [dt.date(2024 + i // 12, i % 12 + 1, 1) for i in range(len(VALUES))]


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["layer"])


def _point_layer(spec: dict[str, Any]) -> dict[str, Any]:
    return next(lay for lay in _layers(spec) if lay["mark"]["type"] == "point")


def test_chart_data_are_the_results_figures() -> None:
    r = xmr(VALUES, rebase_at=[10], target=14.0)
    spec = to_spec(xmr_chart(r, DATES, "Payroll savings", "£k"))
    rows = inline_values(spec)[0]
    assert len(rows) == len(r.points)
    for row, p, d in zip(rows, r.points, DATES, strict=True):
        assert row["x"] == d.isoformat()
        assert row["value"] == p.value
        assert (row["mean"], row["lpl"], row["upl"], row["nlpl"], row["nupl"]) == (
            p.mean,
            p.lpl,
            p.upl,
            p.nlpl,
            p.nupl,
        )
        assert row["group"] == p.rebase_group
        assert row["point_type"] == p.point_type
    # the hand-checkable figures of group 0: mean of the first ten values
    assert rows[0]["mean"] == pytest.approx(sum(VALUES[:10]) / 10)


def test_points_coloured_by_type_and_lines_broken_by_group() -> None:
    r = xmr(VALUES, rebase_at=[10], target=14.0)
    spec = to_spec(xmr_chart(r, DATES))
    colour = _point_layer(spec)["encoding"]["color"]["scale"]
    present = [t for t in POINT_COLOURS if t in {p.point_type for p in r.points}]
    assert colour["range"] == [POINT_COLOURS[t] for t in present]
    assert len(present) >= 2  # this series has special causes as well as common cause
    lines = [lay for lay in _layers(spec) if lay["mark"]["type"] == "line"]
    by_field = {lay["encoding"]["y"]["field"]: lay for lay in lines}
    assert set(by_field) == {"value", "mean", "upl", "lpl"}
    for f in ("mean", "upl", "lpl"):
        assert by_field[f]["encoding"]["detail"]["field"] == "group"
    assert by_field["upl"]["mark"]["strokeDash"] == [6, 4]
    assert "strokeDash" not in by_field["mean"]["mark"]
    rules = [lay for lay in _layers(spec) if lay["mark"]["type"] == "rule"]
    values = inline_values(spec)
    assert {"target": 14.0, "label": "Target"} in [v for vs in values for v in vs]
    assert len(rules) == 2  # the target and the one rebase
    assert {"x": DATES[10].isoformat(), "note": "Rebased"} in [v for vs in values for v in vs]


def test_no_target_no_rebase_and_index_axis() -> None:
    r = xmr([1.0, 2.0, 3.0])
    spec = to_spec(xmr_chart(r))
    assert [row["x"] for row in inline_values(spec)[0]] == [0, 1, 2]
    assert not [lay for lay in _layers(spec) if lay["mark"]["type"] == "rule"]


def test_undefined_limits_are_null_and_description_says_so() -> None:
    r = xmr([4.0])
    spec = to_spec(xmr_chart(r, title="One month"))
    row = inline_values(spec)[0][0]
    assert row["upl"] is None
    assert row["lpl"] is None
    assert "undefined limits" in spec["description"]
    assert math.isnan(r.points[0].upl)


def test_description_in_words() -> None:
    r = xmr(VALUES, rebase_at=[10], target=14.0)
    d = to_spec(xmr_chart(r, DATES, "Payroll savings"))["description"]
    n_imp = sum(p.point_type == "special_cause_improvement" for p in r.points)
    assert d.startswith("XmR chart of Payroll savings: 22 points, rebased 1 time.")
    assert n_imp != 1  # "points", not "point(s)"
    assert f"{n_imp} points of improvement" in d
    assert "(s)" not in d
    assert "Target 14.00" in d
    assert "Assurance: Inconsistent" in d
    assert "special_cause" not in d


def test_table_alternative_matches_the_points() -> None:
    r = xmr(VALUES, rebase_at=[10], target=14.0)
    t = xmr_table(r, DATES, "Payroll savings")
    assert t.columns[0] == "Month"
    assert len(t.rows) == len(VALUES)
    assert t.rows[0][0] == "Jan 2024"
    assert t.rows[10][5] == "1"
    assert t.rows[0][2] == f"{sum(VALUES[:10]) / 10:,.2f}"
    assert t.rows[-1][6] == "Special cause: improvement"


def test_dates_must_match_the_points() -> None:
    with pytest.raises(ValueError, match="2 dates for 3 points"):
        xmr_chart(xmr([1.0, 2.0, 3.0]), DATES[:2])


def test_chart_draws_as_svg() -> None:
    svg = spec_to_svg(to_spec(xmr_chart(xmr(VALUES, rebase_at=[10]), DATES, "Payroll")))
    assert "<title>Payroll: XmR chart</title>" in svg
    assert "<image" not in svg


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icons_are_labelled_svg(name: str) -> None:
    svg = icon_svg(name)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == icon_label(name)
    assert root.find("{http://www.w3.org/2000/svg}title").text == icon_label(name)  # type: ignore[union-attr]
    assert "href" not in svg  # nothing fetched


def test_every_result_icon_exists() -> None:
    names = set(ICON_NAMES)
    for direction in ("increase", "decrease", "neutral"):
        for y in ([1.0, -1.0] * 7 + [9.0], [1.0, -1.0] * 7 + [-9.0], [1.0, 2.0] * 7):
            r = xmr(y, improvement_direction=direction, target=0.5)
            assert r.variation_icon in names
            assert r.assurance_icon is None or r.assurance_icon in names
    assert set(ASSURANCE_ICONS.values()) <= names
    with pytest.raises(ValueError, match="no SPC icon"):
        icon_svg("../x")
