"""What the national page shows: spend and savings by type and by function, extrapolated,
savings under every method, and the response tracker."""

from __future__ import annotations

from typing import Any

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.reports.people import method_label
from corpbench.standard import ALL_FUNCTION
from corpbench.web.figures import Figures
from corpbench.web.scope import WEB_METHODS, choose_method


def response_tracker(bench: Benchmark, year: str) -> list[dict[str, Any]]:
    """Per organisation type: eligible, responded, and the organisations still to submit."""
    responded = set(bench.totals(year)["org_code"].unique().to_list())
    rows = []
    orgs = bench.organisations.sort("org_type", "org_code")
    for (org_type,), group in orgs.group_by(["org_type"], maintain_order=True):
        missing = group.filter(~pl.col("org_code").is_in(list(responded)))
        rows.append(
            {
                "org_type": org_type,
                "eligible": group.height,
                "respondents": group.height - missing.height,
                "missing": missing.select("org_code", "org_name").to_dicts(),
            }
        )
    return rows


def savings_by_method(bench: Benchmark, year: str) -> list[dict[str, Any]]:
    """The extrapolated national saving under every method."""
    out = []
    for m in WEB_METHODS:
        summary = bench.summary(m, year)
        national = summary.filter(pl.col("org_type") == "all")
        out.append(
            {
                "method": m,
                "label": method_label(m),
                "saving": national["saving"][0] if national.height else None,
                "saving_extrapolated": national["saving_extrapolated"][0]
                if national.height
                else None,
            }
        )
    return out


def national_context(figures: Figures, year: str | None, method: str | None) -> dict[str, Any]:
    bench = figures.benchmark
    years = bench.years()
    if not years:
        return {"figures": figures, "empty": True}
    chosen_year = year if year in years else years[-1]
    chosen = choose_method(figures, method)
    summary = bench.summary(chosen, chosen_year).to_dicts()
    by_function = bench.summary_by_function(chosen, chosen_year).to_dicts()
    return {
        "figures": figures,
        "years": years,
        "year": chosen_year,
        "method": chosen,
        "method_label": method_label(chosen),
        "methods": [(m, method_label(m)) for m in WEB_METHODS],
        "summary": [r for r in summary if r["org_type"] != "all"],
        "summary_total": next((r for r in summary if r["org_type"] == "all"), None),
        "by_function": [r for r in by_function if r["function"] != ALL_FUNCTION],
        "by_method": savings_by_method(bench, chosen_year),
        "tracker": response_tracker(bench, chosen_year),
    }
