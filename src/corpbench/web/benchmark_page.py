"""What the organisation benchmark page shows: the organisation view of the library
(:func:`corpbench.views.organisation_view`), its charts and their data tables."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.bench.mypeers import MY_PEERS_PREFIX
from corpbench.charts import (
    kpi_ranking_chart,
    peer_distribution_chart,
    savings_by_method_chart,
    trend_chart,
)
from corpbench.standard import ALL_FUNCTION
from corpbench.views import OrganisationView, organisation_view
from corpbench.views.labels import KPI_LABELS, function_label, method_label
from corpbench.web.chart_embed import EmbeddedChart, TableAlternative, embed
from corpbench.web.errors import BadRequest, NotFound
from corpbench.web.figures import Figures
from corpbench.web.formatting import kpi_value, thousands
from corpbench.web.interval_section import organisation_interval_context
from corpbench.web.scope import (
    WEB_METHODS,
    MyPeers,
    choose_grouping,
    choose_method,
    groupings,
)
from corpbench.web.scorecard_page import scorecard_context

#: KPIs whose charts the page offers (the others are in the table).
CHART_KPIS: tuple[str, ...] = ("pct_turnover", "pct_pay", "cost_per_fte")


@dataclass(frozen=True)
class BenchmarkQuery:
    code: str
    year: str | None
    grouping: str | None
    method: str | None
    view: str | None
    function: str | None = None
    kpi: str | None = None


def _charts(view: OrganisationView, function: str, kpi: str) -> list[EmbeddedChart]:
    name = view.name
    dist = view.distribution.filter((pl.col("kpi") == kpi) & (pl.col("function") == function))
    dist_rows = [
        [
            str(r["rank"]),
            r["label"] + (" (this organisation)" if r["is_self"] else ""),
            kpi_value(kpi, r["value"]),
        ]
        for r in dist.sort("position").iter_rows(named=True)
    ]
    trend = view.trend.filter((pl.col("kpi") == kpi) & (pl.col("function") == function))
    trend_rows = [
        [
            r["year"],
            kpi_value(kpi, r["value"]),
            kpi_value(kpi, r["peer_median"]),
            kpi_value(kpi, r["peer_iqm"]),
        ]
        for r in trend.sort("year").iter_rows(named=True)
    ]
    label = f"{KPI_LABELS[kpi]}, {function_label(function)}"
    charts = []
    if dist.height:
        charts.append(
            embed(
                "chart-ranking",
                kpi_ranking_chart(view.distribution, view.peer_stats, kpi, function, name),
                TableAlternative(f"Ranking: {label}", ["Rank", "Organisation", "Value"], dist_rows),
            )
        )
        charts.append(
            embed(
                "chart-distribution",
                peer_distribution_chart(view.distribution, view.peer_stats, kpi, function, name),
                TableAlternative(
                    f"Peer distribution: {label}", ["Rank", "Organisation", "Value"], dist_rows
                ),
            )
        )
    if trend.height:
        charts.append(
            embed(
                "chart-trend",
                trend_chart(view.trend, kpi, function, name),
                TableAlternative(
                    f"Trend: {label}",
                    ["Year", "This organisation", "Peer median", "Peer IQM"],
                    trend_rows,
                ),
            )
        )
    wide = view.savings_by_method_wide
    methods = [m for m in wide.columns if m not in ("function", "function_label")]
    charts.append(
        embed(
            "chart-savings",
            savings_by_method_chart(view.savings_by_method, name),
            TableAlternative(
                "Saving (£000) by function under each method",
                ["Function", *(method_label(m) for m in methods)],
                [
                    [r["function_label"], *(thousands(r[m]) for m in methods)]
                    for r in wide.iter_rows(named=True)
                ],
            ),
        )
    )
    return charts


def benchmark_with(bench: Benchmark, code: str, grouping: str, my_peers: MyPeers) -> Benchmark:
    """``bench``, or under a "My peers" grouping the benchmark of organisation ``code`` among
    that list's peers (:meth:`corpbench.bench.engine.Benchmark.with_my_peers`)."""
    if not grouping.startswith(MY_PEERS_PREFIX):
        return bench
    name = grouping.removeprefix(MY_PEERS_PREFIX)
    return bench.with_my_peers(name, code, dict(my_peers)[name])


def organisation_context(
    figures: Figures | None,
    query: BenchmarkQuery,
    reveal: bool | AbstractSet[str],
    my_peers: MyPeers = (),
) -> dict[str, Any]:
    """The page's context for the chosen figures, year, grouping (one of the viewer's
    ``my_peers`` lists too), method, and the function and KPI of the charts; peers named only
    as ``reveal`` allows."""
    base: dict[str, Any] = {
        "code": query.code,
        "view": query.view or "",
        "figures": figures,
        "methods": [(m, method_label(m)) for m in WEB_METHODS],
    }
    if figures is None:
        return {**base, "unpublished": True, "name": query.code}
    grouping = choose_grouping(figures, query.grouping, my_peers)
    bench = benchmark_with(figures.benchmark, query.code, grouping, my_peers)
    method = choose_method(figures, query.method)
    years = bench.respondent_years(query.code)
    if not years:
        return {**base, "no_data": True, "name": bench.org_label(query.code)}
    try:
        view = organisation_view(
            bench, query.code, query.year or None, grouping, method, reveal_peers=reveal
        )
    except ValueError as exc:
        raise NotFound(str(exc)) from exc
    functions = view.functions["function"].to_list()
    function = query.function or ALL_FUNCTION
    kpi = query.kpi or "pct_turnover"
    if function not in functions:
        raise BadRequest(f"{function!r} is not a function of this return")
    if kpi not in CHART_KPIS:
        raise BadRequest(f"kpi must be one of {', '.join(CHART_KPIS)}")
    rows = view.functions.to_dicts()
    wide = view.savings_by_method_wide
    return {
        **base,
        "v": view,
        "name": view.name,
        "year": view.year,
        "years": list(view.years),
        "grouping": grouping,
        "groupings": groupings(figures, my_peers),
        "method": method,
        "method_label": view.method_label,
        "rows": [r for r in rows if r["function"] != ALL_FUNCTION],
        "total": next((r for r in rows if r["function"] == ALL_FUNCTION), None),
        "function": function,
        "functions": [(f, function_label(f)) for f in functions],
        "kpi": kpi,
        "chart_kpis": [(k, KPI_LABELS[k]) for k in CHART_KPIS],
        "charts": _charts(view, function, kpi),
        "method_columns": [
            (m, method_label(m)) for m in wide.columns if m not in ("function", "function_label")
        ],
        "by_method": wide.to_dicts(),
        "carter": view.carter.sentence,
        "anonymised": view.peers_anonymised,
        **scorecard_context(bench, query.code, view.year, grouping),
        **organisation_interval_context(bench, query.code, view.year, method, grouping),
    }
