"""Charts of the national view (over :class:`corpbench.views.national.NationalView` tables)."""

from __future__ import annotations

from typing import Literal

import altair as alt
import polars as pl

from corpbench.charts.organisation import configure_chart, inline_data
from corpbench.charts.style import CATEGORY_COLOURS, HEIGHT, MONEY_LABEL, WIDTH
from corpbench.standard import ALL_FUNCTION
from corpbench.standard.labels import org_type_label


def national_spend_chart(
    spend_by_type_function: pl.DataFrame,
    year: str,
    measure: Literal["spend", "spend_extrapolated"] = "spend_extrapolated",
) -> alt.Chart:
    """Stacked bars, one per organisation type (by its title), of spend by function
    (``measure``: as returned or extrapolated to 100%); the ``all`` rows are not drawn, their
    sums are the bars' heights and are stated in the description."""
    rows = spend_by_type_function.filter(
        (pl.col("function") != ALL_FUNCTION) & pl.col(measure).is_not_null()
    )
    values = [
        {
            "org_type": org_type_label(r["org_type"]),
            "function": r["function_label"],
            "spend": r[measure],
        }
        for r in rows.iter_rows(named=True)
    ]
    functions = list(dict.fromkeys(v["function"] for v in values))
    per_type: dict[str, float] = {}
    for v in values:
        per_type[v["org_type"]] = per_type.get(v["org_type"], 0.0) + v["spend"]
    words = "; ".join(f"{t}: £{s / 1e6:,.1f}m" for t, s in sorted(per_type.items()))
    what = "extrapolated to 100% response" if measure == "spend_extrapolated" else "as returned"
    chart: alt.Chart = (
        alt.Chart(inline_data(values))
        .mark_bar()
        .encode(
            x=alt.X("org_type:N", title="Organisation type", axis=alt.Axis(labelAngle=-30)),
            y=alt.Y("sum(spend):Q", title="Spend (£)", axis=alt.Axis(labelExpr=MONEY_LABEL)),
            color=alt.Color(
                "function:N",
                sort=functions,
                scale=alt.Scale(domain=functions, range=list(CATEGORY_COLOURS[: len(functions)]))
                if functions
                else alt.Undefined,
                legend=alt.Legend(title="Function"),
            ),
            tooltip=[
                alt.Tooltip("org_type:N", title="organisation type"),
                alt.Tooltip("function:N"),
                alt.Tooltip("spend:Q", format=",.0f", title="spend (£)"),
            ],
        )
        .properties(
            title=alt.TitleParams(
                f"Corporate services spend by organisation type, {year}",
                subtitle=f"By function, {what}",
                anchor="start",
            ),
            description=f"Stacked bar chart of spend {what} by organisation type and function "
            f"in {year}. Totals: {words}.",
            width=WIDTH,
            height=HEIGHT,
        )
    )
    return configure_chart(chart)
