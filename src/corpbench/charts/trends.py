"""The trend chart of a footprint or the nation (over :class:`corpbench.views.trends.TrendView`
tables): one line per function across the years, broken where the round changes, with a
dashed rule and a note at each break."""

from __future__ import annotations

from typing import Any, Literal

import altair as alt
import polars as pl

from corpbench.charts.organisation import configure_chart, inline_data
from corpbench.charts.style import CATEGORY_COLOURS, HEIGHT, IQM_COLOUR, MONEY_LABEL, WIDTH

#: What a trend chart draws: % of turnover or cost (£).
TrendMeasure = Literal["pct_turnover", "cost"]

_MEASURES: dict[str, tuple[str, str]] = {
    "pct_turnover": ("% of turnover", ".2f"),
    "cost": ("Cost (£)", "~s"),
}


def _words(measure: TrendMeasure, value: float) -> str:
    return f"{value:.2f}%" if measure == "pct_turnover" else f"£{value / 1e6:,.1f}m"


def scope_trend_chart(
    table: pl.DataFrame,
    breaks: pl.DataFrame,
    scope: str,
    measure: TrendMeasure = "pct_turnover",
) -> alt.LayerChart:
    """Lines of ``measure`` by function across the years of ``table``
    (:attr:`TrendView.table`); a function's line is drawn within one round only (its
    ``segment``), and each year of ``breaks`` (:attr:`TrendView.breaks`) gets a rule saying
    the round changes there. ``scope`` names the footprint or "England"."""
    title, fmt = _MEASURES[measure]
    rows = table.filter(pl.col(measure).is_not_null())
    values: list[dict[str, Any]] = [
        {
            "year": r["year"],
            "function": r["function_label"],
            "series": f"{r['function']}|{r['segment']}",
            "value": r[measure],
            "round": r["round_title"] or "no round",
        }
        for r in rows.iter_rows(named=True)
    ]
    years = sorted(set(table["year"].to_list()))
    functions = list(dict.fromkeys(v["function"] for v in values))
    colours = [CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i in range(len(functions))]
    # a band per year: the points in the middle, a break's rule on the edge before its year
    scale = alt.Scale(type="band", domain=years, paddingInner=0, paddingOuter=0)
    axis = alt.Axis(labelAngle=0)
    x = alt.X("year:O", title="Financial year", scale=scale, axis=axis, bandPosition=0.5)
    edge = alt.X("year:O", title="Financial year", scale=scale, axis=axis, bandPosition=0)
    lines = (
        alt.Chart(inline_data(values))
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y(
                "value:Q",
                title=title,
                axis=alt.Axis(labelExpr=MONEY_LABEL) if measure == "cost" else alt.Axis(format=fmt),
            ),
            color=alt.Color(
                "function:N",
                sort=functions,
                scale=alt.Scale(domain=functions, range=colours) if functions else alt.Undefined,
                legend=alt.Legend(title="Function", labelLimit=480),
            ),
            detail="series:N",
            tooltip=[
                alt.Tooltip("year:O", title="year"),
                alt.Tooltip("function:N"),
                alt.Tooltip("value:Q", format=",.2f" if fmt == ".2f" else ",.0f", title=title),
                alt.Tooltip("round:N"),
            ],
        )
    )
    marks = [
        {"year": r["year"], "note": f"New round from {r['year']}"}
        for r in breaks.iter_rows(named=True)
    ]
    rule = (
        alt.Chart(inline_data(marks))
        # the chart's description and the page's table say where the breaks are
        .mark_rule(color=IQM_COLOUR, strokeDash=[6, 4], strokeWidth=2, aria=False)
        .encode(x=edge, tooltip=[alt.Tooltip("note:N")])
    )
    note = (
        alt.Chart(inline_data(marks))
        .mark_text(
            align="left", baseline="top", dx=4, dy=2, color=IQM_COLOUR, fontSize=11, aria=False
        )
        .encode(x=edge, y=alt.value(0), text="note:N")
    )
    last = {}
    for v in values:
        last[v["function"]] = v
    summary = "; ".join(
        f"{f}: {_words(measure, float(v['value']))} in {v['year']}" for f, v in last.items()
    )
    starts = ", ".join(m["year"] for m in marks)
    breaks_words = f" The round changes from {starts}, where the lines break." if marks else ""
    layered = alt.layer(lines, *((rule, note) if marks else ())).resolve_scale(x="shared")
    chart: alt.LayerChart = layered.properties(
        title=alt.TitleParams(f"{scope}: {title.lower()} by function over time", anchor="start"),
        description=f"Line chart of {title.lower()} by function for {scope}, "
        f"{years[0] if years else ''} to {years[-1] if years else ''}.{breaks_words} "
        f"Latest: {summary}.",
        width=WIDTH,
        height=HEIGHT,
    )
    return configure_chart(chart)
