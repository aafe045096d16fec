"""The XmR chart of a series in the Making Data Count style (over
:class:`corpbench.programme.spc.SpcResult`), its table alternative, and the variation and
assurance icons (simple SVGs drawn for corpbench, shipped in ``charts/icons/``).

The chart: the values as a grey line with each point coloured (and shaped) by its type —
improvement blue, concern orange, neither purple, common cause grey —, the mean solid, the
process limits dashed, the target a red dashed rule, each broken where the series is rebased
(a dotted rule marks the rebase). Colours are MDC's hues darkened where needed for a 3:1
contrast with white.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import altair as alt

from corpbench.charts.organisation import configure_chart, inline_data
from corpbench.charts.style import HEIGHT, IQM_COLOUR, MONEY_LABEL, WIDTH
from corpbench.formatting import format_number
from corpbench.programme.spc import ASSURANCE_ICONS, SpcResult
from corpbench.standard.spc_labels import (
    SPC_ICON_LABELS,
    spc_assurance_label,
    spc_icon_label,
    spc_point_type_label,
    spc_rule_label,
)

#: Each point type's colour: MDC's improvement blue, concern orange, neutral purple, common grey.
POINT_COLOURS: dict[str, str] = {
    "common_cause": "#768692",
    "special_cause_improvement": "#0091d5",
    "special_cause_concern": "#e46c0a",
    "special_cause_neutral_high": "#490092",
    "special_cause_neutral_low": "#490092",
}
POINT_SHAPES: dict[str, str] = {
    "common_cause": "circle",
    "special_cause_improvement": "diamond",
    "special_cause_concern": "square",
    "special_cause_neutral_high": "triangle-up",
    "special_cause_neutral_low": "triangle-down",
}
MEAN_COLOUR = IQM_COLOUR
LIMIT_COLOUR = "#768692"
TARGET_COLOUR = "#d5281b"
VALUE_LINE_COLOUR = "#aeb7bd"

#: The icons shipped with the package: the variation icons, then the assurance icons.
ICON_NAMES: tuple[str, ...] = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
    *ASSURANCE_ICONS.values(),
)


def icon_svg(name: str) -> str:
    """The SVG document of icon ``name`` (:data:`ICON_NAMES`): ``role="img"`` with its text
    alternative as ``aria-label`` and ``<title>`` (``SPC_ICON_LABELS``)."""
    if name not in ICON_NAMES:
        raise ValueError(f"no SPC icon {name!r}: expected one of {', '.join(ICON_NAMES)}")
    return (resources.files("corpbench.charts") / "icons" / f"{name}.svg").read_text("utf-8")


def icon_label(name: str) -> str:
    """The text alternative of icon ``name``."""
    if name not in SPC_ICON_LABELS:
        raise ValueError(f"no SPC icon {name!r}")
    return spc_icon_label(name)


def _num(v: float) -> float | None:
    return None if math.isnan(v) else v


def _x_values(result: SpcResult, dates: Sequence[dt.date] | None) -> list[Any]:
    if dates is None:
        return [p.index for p in result.points]
    if len(dates) != len(result.points):
        raise ValueError(f"{len(dates)} dates for {len(result.points)} points: expected one each")
    return [dates[p.index].isoformat() for p in result.points]


def chart_rows(result: SpcResult, dates: Sequence[dt.date] | None = None) -> list[dict[str, Any]]:
    """The chart's data: a row per point with its limits (``None`` undefined), type and words."""
    xs = _x_values(result, dates)
    return [
        {
            "x": x,
            "value": p.value,
            "mean": _num(p.mean),
            "lpl": _num(p.lpl),
            "upl": _num(p.upl),
            "nlpl": _num(p.nlpl),
            "nupl": _num(p.nupl),
            "group": p.rebase_group,
            "point_type": p.point_type,
            "type_label": spc_point_type_label(p.point_type),
            "why": "; ".join(spc_rule_label(r) for r in p.rules),
        }
        for x, p in zip(xs, result.points, strict=True)
    ]


def _points(n: int) -> str:
    return f"{n} point{'s' if n != 1 else ''}"


def _description(result: SpcResult, title: str) -> str:
    n = len(result.points)
    last = result.points[-1]
    counts = {
        t: sum(1 for p in result.points if p.point_type == t)
        for t in ("special_cause_improvement", "special_cause_concern")
    }
    limits = (
        "undefined limits"
        if math.isnan(last.upl)
        else f"process limits {format_number(last.lpl, 2)} to {format_number(last.upl, 2)}"
    )
    rebased = len({p.rebase_group for p in result.points}) - 1
    target = "" if result.target is None else f" Target {format_number(result.target, 2)}."
    return (
        f"XmR chart of {title}: {n} point{'s' if n != 1 else ''}"
        f"{f', rebased {rebased} time' + ('s' if rebased != 1 else '') if rebased else ''}. "
        f"Latest mean {format_number(last.mean, 2)}, {limits}.{target} "
        f"{_points(counts['special_cause_improvement'])} of improvement and "
        f"{counts['special_cause_concern']} of concern. "
        f"Variation: {spc_icon_label(result.variation_icon)}. "
        f"Assurance: {spc_assurance_label(result.assurance)}."
    )


def xmr_chart(
    result: SpcResult,
    dates: Sequence[dt.date] | None = None,
    title: str = "the series",
    value_title: str = "Value",
    money: bool = False,
) -> alt.LayerChart:
    """The XmR chart of ``result``; ``dates`` (one per point, in order) put it on a time axis,
    else the x axis is the point's index; ``money`` labels the value axis in £ (£610k)."""
    rows = chart_rows(result, dates)
    x_type = "T" if dates is not None else "Q"
    x_axis = (
        alt.Axis(format="%b %Y", labelAngle=0) if dates is not None else alt.Axis(tickMinStep=1)
    )
    x = alt.X(f"x:{x_type}", title="Month" if dates is not None else "Point", axis=x_axis)
    base = alt.Chart(inline_data(rows))
    y = alt.Y(
        "value:Q",
        title=value_title,
        scale=alt.Scale(zero=False),
        axis=alt.Axis(labelExpr=MONEY_LABEL) if money else alt.Axis(),
    )
    values = base.mark_line(color=VALUE_LINE_COLOUR, strokeWidth=1.5, aria=False).encode(x=x, y=y)
    # the mean and limits are drawn per rebase group (detail), so the lines break at a rebase
    mean = base.mark_line(color=MEAN_COLOUR, strokeWidth=1.5, aria=False).encode(
        x=x, y=alt.Y("mean:Q"), detail="group:N"
    )
    upper = base.mark_line(
        color=LIMIT_COLOUR, strokeWidth=1.5, strokeDash=[6, 4], aria=False
    ).encode(x=x, y=alt.Y("upl:Q"), detail="group:N")
    lower = base.mark_line(
        color=LIMIT_COLOUR, strokeWidth=1.5, strokeDash=[6, 4], aria=False
    ).encode(x=x, y=alt.Y("lpl:Q"), detail="group:N")
    # the legend lists the types the chart shows, each in its fixed colour and shape
    present = {p.point_type for p in result.points}
    types = [t for t in POINT_COLOURS if t in present]
    points = base.mark_point(filled=True, size=60, opacity=1).encode(
        x=x,
        y=y,
        color=alt.Color(
            "type_label:N",
            scale=alt.Scale(
                domain=[spc_point_type_label(t) for t in types],
                range=[POINT_COLOURS[t] for t in types],
            ),
            legend=alt.Legend(title=None, orient="bottom", labelLimit=480, columns=2),
        ),
        shape=alt.Shape(
            "type_label:N",
            scale=alt.Scale(
                domain=[spc_point_type_label(t) for t in types],
                range=[POINT_SHAPES[t] for t in types],
            ),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip(f"x:{x_type}", title="month" if dates is not None else "point"),
            alt.Tooltip("value:Q", format=",.2f"),
            alt.Tooltip("mean:Q", format=",.2f"),
            alt.Tooltip("lpl:Q", format=",.2f", title="lower limit"),
            alt.Tooltip("upl:Q", format=",.2f", title="upper limit"),
            alt.Tooltip("type_label:N", title="type"),
            alt.Tooltip("why:N"),
        ],
    )
    layers: list[Any] = [values, mean, upper, lower]
    if result.target is not None:
        target = alt.Chart(inline_data([{"target": result.target, "label": "Target"}]))
        layers.append(
            target.mark_rule(
                color=TARGET_COLOUR, strokeDash=[2, 3], strokeWidth=2, aria=False
            ).encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", format=",.2f")])
        )
    starts = [r for i, r in enumerate(rows) if i > 0 and r["group"] != rows[i - 1]["group"]]
    if starts:
        marks = [{"x": r["x"], "note": "Rebased"} for r in starts]
        rebase = alt.Chart(inline_data(marks))
        layers.append(
            rebase.mark_rule(color=IQM_COLOUR, strokeDash=[1, 3], aria=False).encode(
                x=alt.X(f"x:{x_type}"), tooltip=[alt.Tooltip("note:N")]
            )
        )
        layers.append(
            rebase.mark_text(
                align="left", baseline="top", dx=3, dy=2, fontSize=11, aria=False
            ).encode(x=alt.X(f"x:{x_type}"), y=alt.value(0), text="note:N")
        )
    layers.append(points)
    chart = alt.LayerChart(layer=layers).properties(
        title=alt.TitleParams(f"{title}: XmR chart", anchor="start"),
        description=_description(result, title),
        width=WIDTH,
        height=HEIGHT,
    )
    return configure_chart(chart)


@dataclass(frozen=True)
class SpcTable:
    """The chart's table alternative in words (fields as the web's ``TableAlternative``)."""

    caption: str
    columns: list[str]
    rows: list[list[str]]


def _cell(v: float) -> str:
    return "" if math.isnan(v) else format_number(v, 2)


def xmr_table(
    result: SpcResult, dates: Sequence[dt.date] | None = None, title: str = "the series"
) -> SpcTable:
    """A row per point: month (or point), value, mean, limits, rebase group, type and why."""
    xs = _x_values(result, dates)
    labels = [dt.date.fromisoformat(x).strftime("%b %Y") for x in xs] if dates else xs
    rows = [
        [
            str(label),
            _cell(p.value),
            _cell(p.mean),
            _cell(p.lpl),
            _cell(p.upl),
            str(p.rebase_group),
            spc_point_type_label(p.point_type),
            "; ".join(spc_rule_label(r) for r in p.rules),
        ]
        for label, p in zip(labels, result.points, strict=True)
    ]
    return SpcTable(
        caption=f"{title}: each point with its mean, process limits and type",
        columns=[
            "Month" if dates else "Point",
            "Value",
            "Mean",
            "Lower process limit",
            "Upper process limit",
            "Rebase group",
            "Type",
            "Why",
        ],
        rows=rows,
    )
