"""A benefit line's XmR chart in the Making Data Count style: the actuals by month joined by a
grey line, the mean solid, the process limits dashed, the target (when the line has one) in
red, and each point coloured by its type (improvement blue, concern orange, neutral purple,
common cause grey), drawn over ``programme.spc``'s result."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import altair as alt

from corpbench.charts.organisation import configure_chart, inline_data
from corpbench.charts.style import HEIGHT, WIDTH
from corpbench.programme.benefits import BenefitLine
from corpbench.programme.spc import SpcResult

#: Making Data Count's colours of a point by its type.
POINT_COLOURS: dict[str, str] = {
    "common_cause": "#768692",
    "special_cause_improvement": "#41b6e6",
    "special_cause_concern": "#ed8b00",
    "special_cause_neutral_high": "#490092",
    "special_cause_neutral_low": "#490092",
}
_TYPE_WORDS = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Improvement",
    "special_cause_concern": "Concern",
    "special_cause_neutral_high": "Neither (higher)",
    "special_cause_neutral_low": "Neither (lower)",
}


def _n(v: float) -> float | None:
    return None if v != v else v  # NaN: undefined limits are not drawn


def benefit_xmr_chart(line: BenefitLine, result: SpcResult, months: Sequence[str]) -> Any:
    """The XmR chart of ``line``'s actuals (``months`` the month of each point)."""
    values: list[dict[str, Any]] = [
        {
            "month": months[p.index],
            "value": p.value,
            "mean": _n(p.mean),
            "lpl": _n(p.lpl),
            "upl": _n(p.upl),
            "group": p.rebase_group,
            "type": _TYPE_WORDS.get(p.point_type, p.point_type),
        }
        for p in result.points
    ]
    base = alt.Chart(inline_data(values)).encode(
        x=alt.X("month:O", title="Month", sort=list(months), axis=alt.Axis(labelAngle=-45))
    )
    y_title = "Actual (£ a month)" if line.cashable else "Actual"
    layers: list[Any] = [
        base.mark_line(color="#aeb7bd", strokeWidth=1.5).encode(
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))
        ),
        base.mark_line(color="#212b32", strokeWidth=1.5).encode(y="mean:Q", detail="group:N"),
        base.mark_line(color="#425563", strokeDash=[6, 4]).encode(y="lpl:Q", detail="group:N"),
        base.mark_line(color="#425563", strokeDash=[6, 4]).encode(y="upl:Q", detail="group:N"),
        base.mark_point(filled=True, size=60).encode(
            y="value:Q",
            color=alt.Color(
                "type:N",
                title="Variation",
                scale=alt.Scale(
                    domain=list(_TYPE_WORDS.values()),
                    range=[POINT_COLOURS[k] for k in _TYPE_WORDS],
                ),
            ),
            tooltip=[
                alt.Tooltip("month:O", title="month"),
                alt.Tooltip("value:Q", format=",.2f", title="actual"),
                alt.Tooltip("type:N", title="variation"),
            ],
        ),
    ]
    if line.target is not None:
        layers.append(
            alt.Chart(inline_data([{"target": line.target}]))
            .mark_rule(color="#d5281b", strokeDash=[2, 2])
            .encode(y="target:Q")
        )
    chart = alt.layer(*layers).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title(
            f"Line {line.number}: {line.description}",
            subtitle="XmR chart: mean (solid), process limits (dashed), target (red)",
        ),
        description=(
            f"XmR chart of the monthly actuals of benefit line {line.number}, "
            f"{line.description}, over {len(values)} months"
        ),
    )
    return configure_chart(cast(alt.LayerChart, chart))
