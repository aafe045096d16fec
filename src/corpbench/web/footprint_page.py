"""What the footprint page shows: :func:`corpbench.views.footprint_view` with its chart."""

from __future__ import annotations

from typing import Any

import polars as pl

from corpbench.bench.trends import YearRounds
from corpbench.charts import footprint_comparison_chart
from corpbench.views import footprint_view
from corpbench.views.footprint import footprint_members
from corpbench.views.labels import KPI_LABELS, method_label
from corpbench.web.chart_embed import TableAlternative, embed
from corpbench.web.errors import NotFound
from corpbench.web.figures import Figures
from corpbench.web.formatting import DASH, pct
from corpbench.web.scope import WEB_METHODS, choose_method
from corpbench.web.trend_section import trend_context


def footprint_context(
    figures: Figures,
    name: str,
    year: str | None,
    method: str | None,
    rounds: YearRounds,
) -> dict[str, Any]:
    """The footprint page's context, with its trend across the years of ``rounds`` (the round
    of each stored year)."""
    bench = figures.benchmark
    if not bench.years():
        return {"empty": True}
    chosen = choose_method(figures, method)
    try:
        view = footprint_view(bench, name, year or None, chosen)
    except ValueError as exc:
        raise NotFound(str(exc)) from exc
    side = view.side_by_side
    members = view.members.filter(pl.col("responded")).to_dicts()
    functions = side.select("function", "function_label").unique(maintain_order=True).rows()
    cells = {(r["org_code"], r["function"]): r for r in side.iter_rows(named=True)}
    kpi = "pct_turnover"
    chart = embed(
        "chart-footprint",
        footprint_comparison_chart(side, kpi, name),
        TableAlternative(
            f"{KPI_LABELS[kpi]} by function and organisation",
            ["Function", *(m["org_name"] for m in members)],
            [
                [
                    label,
                    *(
                        pct(c[kpi]) if (c := cells.get((m["org_code"], f))) else DASH
                        for m in members
                    ),
                ]
                for f, label in functions
            ],
        ),
    )
    wide = view.savings_by_method_wide
    return {
        "v": view,
        "year": view.year,
        "years": bench.years(),
        "method": view.method,
        "methods": [(m, method_label(m)) for m in WEB_METHODS],
        "members": view.members.to_dicts(),
        "responded": members,
        "functions": functions,
        "cells": cells,
        "baseline": view.baseline.to_dicts(),
        "totals": view.totals.to_dicts()[0] if view.totals.height else None,
        "volumes": view.volumes.to_dicts(),
        "carter": view.carter.to_dicts(),
        "method_columns": [
            (m, method_label(m)) for m in wide.columns if m not in ("function", "function_label")
        ],
        "by_method": wide.to_dicts(),
        "chart": chart,
        **trend_context(bench, rounds, name, footprint_members(bench, name)["org_code"].to_list()),
    }
