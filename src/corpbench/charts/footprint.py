"""Charts of a footprint's view (over :class:`corpbench.views.footprint.FootprintView` tables)."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from corpbench.charts.organisation import configure_chart, inline_data
from corpbench.charts.style import CATEGORY_COLOURS, HEIGHT, WIDTH
from corpbench.views.labels import PERCENT_KPIS, kpi_label, kpi_phrase


def footprint_comparison_chart(side_by_side: pl.DataFrame, kpi: str, footprint: str) -> alt.Chart:
    """Grouped bars: for each function (and the whole organisation), one bar per organisation of
    the footprint with ``kpi`` defined (``side_by_side`` is :attr:`FootprintView.side_by_side`;
    a footprint user sees its organisations by name)."""
    rows = side_by_side.filter(pl.col(kpi).is_not_null())
    values: list[dict[str, Any]] = [
        {"organisation": r["org_name"], "function": r["function_label"], "value": r[kpi]}
        for r in rows.iter_rows(named=True)
    ]
    organisations = list(dict.fromkeys(v["organisation"] for v in values))
    functions = list(dict.fromkeys(v["function"] for v in values))
    fmt = ".2f" if kpi in PERCENT_KPIS else ",.0f"
    chart: alt.Chart = (
        alt.Chart(inline_data(values))
        .mark_bar()
        .encode(
            x=alt.X("function:N", sort=functions, title=None, axis=alt.Axis(labelAngle=-30)),
            xOffset=alt.XOffset("organisation:N", sort=organisations),
            y=alt.Y("value:Q", title=kpi_label(kpi)),
            color=alt.Color(
                "organisation:N",
                sort=organisations,
                scale=alt.Scale(
                    domain=organisations,
                    range=[
                        CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)]
                        for i in range(len(organisations))
                    ],
                )
                if organisations
                else alt.Undefined,
                legend=alt.Legend(title="Organisation", labelLimit=480),
            ),
            tooltip=[
                alt.Tooltip("organisation:N"),
                alt.Tooltip("function:N"),
                alt.Tooltip("value:Q", format=fmt, title=kpi_label(kpi)),
            ],
        )
        .properties(
            title=alt.TitleParams(f"{footprint}: {kpi_phrase(kpi)} by function", anchor="start"),
            description=f"Grouped bar chart of {kpi_phrase(kpi)} for the {len(organisations)} "
            f"organisations of footprint {footprint}, function by function.",
            width=WIDTH,
            height=HEIGHT,
        )
    )
    return configure_chart(chart)
