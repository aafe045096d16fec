"""View models: the figures each page, download and API answer shows, as plain data (polars
tables and small dataclasses) built from :class:`corpbench.bench.engine.Benchmark`.

Doors (web pages, the JSON API, the PDF, XLSX and CSV downloads) render these; no figure is
computed anywhere else.
"""

from corpbench.views.api import benchmark_api_rows
from corpbench.views.footprint import FootprintView, footprint_view, footprints
from corpbench.views.national import NationalView, national_view
from corpbench.views.organisation import (
    CarterCeiling,
    CarterStatus,
    OrganisationView,
    function_table,
    organisation_view,
)
from corpbench.views.trends import TREND_VIEW_COLUMNS, TrendView, trend_view

__all__ = [
    "TREND_VIEW_COLUMNS",
    "CarterCeiling",
    "CarterStatus",
    "FootprintView",
    "NationalView",
    "OrganisationView",
    "TrendView",
    "benchmark_api_rows",
    "footprint_view",
    "footprints",
    "function_table",
    "national_view",
    "organisation_view",
    "trend_view",
]
