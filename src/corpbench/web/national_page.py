"""What the national page shows: :func:`corpbench.views.national_view` with its spend chart."""

from __future__ import annotations

from typing import Any

import polars as pl

from corpbench.bench.trends import YearRounds
from corpbench.charts import national_spend_chart
from corpbench.views import national_view
from corpbench.views.labels import method_label, org_type_label
from corpbench.web.chart_embed import TableAlternative, embed
from corpbench.web.errors import NotFound
from corpbench.web.figures import Figures
from corpbench.web.formatting import millions
from corpbench.web.interval_section import national_interval_context
from corpbench.web.scope import WEB_METHODS, choose_method
from corpbench.web.scorecard_page import scale_context
from corpbench.web.trend_section import trend_context


def national_context(
    figures: Figures,
    year: str | None,
    method: str | None,
    rounds: YearRounds,
) -> dict[str, Any]:
    """The national page's context, with the nation's trend across the years of ``rounds``
    (the round of each stored year)."""
    bench = figures.benchmark
    if not bench.years():
        return {"figures": figures, "empty": True}
    chosen = choose_method(figures, method)
    try:
        view = national_view(bench, year or None, chosen)
    except ValueError as exc:
        raise NotFound(str(exc)) from exc
    spend = view.spend_by_type_function
    types = sorted(spend["org_type"].unique().to_list())
    functions = spend.select("function", "function_label").unique(maintain_order=True)
    table_rows = []
    for f, label in functions.iter_rows():
        cells = [label]
        for t in types:
            v = spend.filter((pl.col("function") == f) & (pl.col("org_type") == t))
            value = v["spend_extrapolated"][0] if v.height else None
            cells.append(millions(value))
        table_rows.append(cells)
    chart = embed(
        "chart-national-spend",
        national_spend_chart(spend, view.year),
        TableAlternative(
            f"Spend by organisation type and function, {view.year}, £m extrapolated",
            ["Function", *(org_type_label(t) for t in types)],
            table_rows,
        ),
    )
    summary = view.summary.to_dicts()
    by_method = view.savings_by_method.filter(pl.col("org_type") == "all").to_dicts()
    outstanding = view.outstanding
    response = [
        {
            **r,
            "missing": outstanding.filter(pl.col("org_type") == r["org_type"]).to_dicts(),
        }
        for r in view.response.to_dicts()
    ]
    return {
        "figures": figures,
        "years": bench.years(),
        "year": view.year,
        "method": view.method,
        "method_label": view.method_label,
        "methods": [(m, method_label(m)) for m in WEB_METHODS],
        "summary": [r for r in summary if r["org_type"] != "all"],
        "summary_total": next((r for r in summary if r["org_type"] == "all"), None),
        "by_function": view.by_function.to_dicts(),
        "by_method": by_method,
        "tracker": response,
        "chart": chart,
        **trend_context(bench, rounds, "England"),
        **scale_context(bench, view.year),
        **national_interval_context(bench, view.year, view.method),
    }
