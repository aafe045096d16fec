"""The chart of savings with their 95% intervals: one bar per row (an organisation type or a
function) at its estimate, and an error bar from the interval's low to its high end."""

from __future__ import annotations

import altair as alt
import polars as pl

from corpbench.charts.organisation import configure_chart, inline_data
from corpbench.charts.style import HEIGHT, IQM_COLOUR, MONEY_LABEL, PEER_COLOUR, WIDTH


def savings_interval_chart(rows: pl.DataFrame, what: str, year: str, method: str) -> alt.LayerChart:
    """Bars of the ``estimate`` of each row of ``rows`` (``label, estimate, low, high``: the
    intervals of :mod:`corpbench.views.uncertainty`) with error bars from ``low`` to ``high``;
    ``what`` names the rows (e.g. "organisation type"), ``method`` is the method's title."""
    values = [
        {"label": r["label"], "estimate": r["estimate"], "low": r["low"], "high": r["high"]}
        for r in rows.iter_rows(named=True)
    ]
    order = [v["label"] for v in values]
    words = "; ".join(
        f"{v['label']}: £{v['estimate'] / 1e6:,.1f}m (£{v['low'] / 1e6:,.1f}m to "
        f"£{v['high'] / 1e6:,.1f}m)"
        for v in values
    )
    x = alt.X("label:N", title=what.capitalize(), sort=order, axis=alt.Axis(labelAngle=-30))
    tooltip = [
        alt.Tooltip("label:N", title=what),
        alt.Tooltip("estimate:Q", format=",.0f", title="saving (£)"),
        alt.Tooltip("low:Q", format=",.0f", title="95% interval from (£)"),
        alt.Tooltip("high:Q", format=",.0f", title="95% interval to (£)"),
    ]
    base = alt.Chart(inline_data(values))
    bars = base.mark_bar(color=PEER_COLOUR).encode(
        x=x,
        y=alt.Y("estimate:Q", title="Saving (£)", axis=alt.Axis(labelExpr=MONEY_LABEL)),
        tooltip=tooltip,
    )
    errors = base.mark_errorbar(color=IQM_COLOUR, ticks=True, thickness=2).encode(
        x=x, y=alt.Y("low:Q", title="Saving (£)"), y2="high:Q", tooltip=tooltip
    )
    chart = alt.LayerChart(layer=[bars, errors]).properties(
        title=alt.TitleParams(
            f"Saving by {what} with its 95% interval, {year}",
            subtitle=f"{method}; bars at the estimate, lines across the interval",
            anchor="start",
        ),
        description=f"Bar chart of the saving under {method} by {what} in {year}, each with "
        f"an error bar across its 95% interval. {words}.",
        width=WIDTH,
        height=HEIGHT,
    )
    return configure_chart(chart)
