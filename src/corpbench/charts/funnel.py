"""The funnel chart (over :class:`corpbench.views.funnel.FunnelView`): every organisation's
proportion against its denominator, the target, the 95% and 99.8% limit lines (adjusted for
overdispersion when the funnel is) and the outliers labelled by name."""

from __future__ import annotations

from typing import Any

import altair as alt

from corpbench.charts.organisation import configure_chart, inline_data
from corpbench.charts.style import (
    HEIGHT,
    IQM_COLOUR,
    MEDIAN_COLOUR,
    PEER_COLOUR,
    SELF_COLOUR,
    WIDTH,
)
from corpbench.views.funnel import FunnelView

#: The limit lines' colours: 95% and 99.8%.
LIMIT_COLOURS = ("#ed8b00", "#330072")
#: Point kinds, in the legend's order, and their colours: a point outside the 95% limits is marked
#: (the summary counts those outside the 99.8% ones), so the legend names the level.
POINT_KINDS = ("Your organisation", "Outside the 95% limits", "Within the limits")
POINT_COLOURS = (SELF_COLOUR, MEDIAN_COLOUR, PEER_COLOUR)


def y_domain(view: FunnelView) -> tuple[float, float]:
    """FunnelPlotR's automatic y range: from min(0.7 × target, 0.9 × the lowest value) to
    max(1.3 × target, 1.1 × the highest), within [0, 1] for proportions."""
    values = [p.value for p in view.points]
    low = min(0.7 * view.target, 0.9 * min(values, default=view.target))
    high = max(1.3 * view.target, 1.1 * max(values, default=view.target))
    return max(0.0, low), min(1.0, high)


def funnel_chart(view: FunnelView, *, x_title: str, y_title: str) -> alt.LayerChart:
    """Points, limit lines, the target and labels of ``view`` (see the module docstring)."""
    low, high = y_domain(view)
    y_scale = alt.Scale(domain=[low, high], clamp=True)
    x = alt.X("x:Q", title=x_title, axis=alt.Axis(format=",.0f"))
    lines: list[dict[str, Any]] = []
    for level, (lo, hi) in (("95%", ("ll95", "ul95")), ("99.8%", ("ll998", "ul998"))):
        for side, key in (("lower", lo), ("upper", hi)):
            lines.extend(
                {
                    "x": c.x,
                    "y": getattr(c, key),
                    "limit": f"{level} limit",
                    "line": f"{level} {side}",
                }
                for c in view.curve
            )
    limit_names = ["95% limit", "99.8% limit"]
    limit_layer = (
        alt.Chart(inline_data(lines))
        .mark_line(clip=True, strokeWidth=1.5)
        .encode(
            x=x,
            y=alt.Y("y:Q", scale=y_scale, title=y_title, axis=alt.Axis(format=".0%")),
            color=alt.Color(
                "limit:N",
                scale=alt.Scale(domain=limit_names, range=list(LIMIT_COLOURS)),
                legend=alt.Legend(title="Limits", orient="top"),
            ),
            strokeDash=alt.StrokeDash(
                "limit:N",
                scale=alt.Scale(domain=limit_names, range=[[1, 0], [6, 3]]),
                legend=None,
            ),
            detail="line:N",
        )
    )
    target_layer = (
        alt.Chart(inline_data([{"y": view.target, "text": f"Target {view.target:.1%}"}]))
        .mark_rule(color=IQM_COLOUR, strokeWidth=1)
        .encode(y=alt.Y("y:Q", scale=y_scale))
    )
    points = [
        {
            "x": p.denominator,
            "y": p.value,
            "label": p.label,
            "kind": POINT_KINDS[0] if p.own else POINT_KINDS[1] if p.outlier else POINT_KINDS[2],
            "where": p.outlier or "Within the limits",
            "text": p.label if p.labelled else "",
        }
        for p in view.points
    ]
    base = alt.Chart(inline_data(points))
    point_layer = base.mark_point(filled=True, size=60, opacity=0.9, clip=True).encode(
        x=x,
        y=alt.Y("y:Q", scale=y_scale),
        color=alt.Color(
            "kind:N",
            scale=alt.Scale(domain=list(POINT_KINDS), range=list(POINT_COLOURS)),
            legend=alt.Legend(title=None, orient="top"),
        ),
        shape=alt.Shape(
            "kind:N",
            scale=alt.Scale(domain=list(POINT_KINDS), range=["diamond", "triangle", "circle"]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("label:N", title="organisation"),
            alt.Tooltip("x:Q", format=",.0f", title=x_title),
            alt.Tooltip("y:Q", format=".2%", title=y_title),
            alt.Tooltip("where:N", title="funnel"),
        ],
    )
    label_layer = base.mark_text(align="left", dx=6, dy=-6, fontSize=11, clip=True).encode(
        x=x, y=alt.Y("y:Q", scale=y_scale), text="text:N"
    )
    adjusted = (
        f"adjusted for overdispersion (φ = {view.phi:.2f})"
        if view.adjusted
        else "not adjusted for overdispersion"
    )
    layered = alt.layer(limit_layer, target_layer, point_layer, label_layer).resolve_scale(
        color="independent"
    )
    chart: alt.LayerChart = layered.properties(
        title=alt.TitleParams(
            f"{view.title}, {view.year}",
            subtitle=f"Funnel plot: 95% and 99.8% limits {adjusted}; "
            f"outliers at {view.level} labelled",
            anchor="start",
        ),
        description=(
            f"Funnel plot of {view.title} in {view.year} against {x_title}: "
            f"{len(view.points)} organisations, target {view.target:.1%}, limits {adjusted}; "
            f"{view.n_outliers} outside the {view.level} limits"
            + (
                ": " + "; ".join(p.label for p in view.points if p.labelled and p.outlier)
                if view.n_outliers
                else ""
            )
            + "."
        ),
        width=WIDTH,
        height=HEIGHT + 80,
    )
    return configure_chart(chart)
