"""Altair (Vega-Lite) charts, one function per chart, over the view model tables of
:mod:`corpbench.views`; :func:`to_spec` for vega-embed and :func:`to_svg` for the PDF."""

from corpbench.charts.footprint import footprint_comparison_chart
from corpbench.charts.national import national_spend_chart
from corpbench.charts.organisation import (
    kpi_ranking_chart,
    peer_distribution_chart,
    savings_by_method_chart,
    trend_chart,
)
from corpbench.charts.render import chart_title, inline_values, to_spec, to_svg
from corpbench.charts.trends import scope_trend_chart
from corpbench.charts.uncertainty import savings_interval_chart

__all__ = [
    "chart_title",
    "footprint_comparison_chart",
    "inline_values",
    "kpi_ranking_chart",
    "national_spend_chart",
    "peer_distribution_chart",
    "savings_by_method_chart",
    "savings_interval_chart",
    "scope_trend_chart",
    "to_spec",
    "to_svg",
    "trend_chart",
]
