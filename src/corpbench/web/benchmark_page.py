"""What the organisation benchmark page shows, worked out from the library's figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from corpbench.reports.people import carter_status, method_label
from corpbench.standard import ALL_FUNCTION
from corpbench.web.errors import NotFound
from corpbench.web.figures import Figures
from corpbench.web.scope import (
    WEB_METHODS,
    choose_grouping,
    choose_method,
    choose_year,
    groupings,
)


@dataclass(frozen=True)
class BenchmarkQuery:
    code: str
    year: str | None
    grouping: str | None
    method: str | None
    view: str | None


def organisation_context(figures: Figures | None, query: BenchmarkQuery) -> dict[str, Any]:
    """The organisation page's context: the chosen figures, year, grouping and method, the
    per-function table and the savings under every method."""
    base: dict[str, Any] = {
        "code": query.code,
        "view": query.view or "",
        "figures": figures,
        "methods": [(m, method_label(m)) for m in WEB_METHODS],
    }
    if figures is None:
        return {**base, "unpublished": True, "name": query.code}
    bench = figures.benchmark
    grouping = choose_grouping(figures, query.grouping)
    method = choose_method(figures, query.method)
    years = bench.respondent_years(query.code)
    try:
        year = choose_year(years, query.year)
    except NotFound:
        if query.year:
            raise
        return {**base, "no_data": True, "name": bench.org_label(query.code)}
    methods = list(dict.fromkeys([method, *WEB_METHODS]))
    report = bench.org_report(query.code, year, methods=methods, grouping=grouping)
    rows = report.to_dicts()
    total = next((r for r in rows if r["function"] == ALL_FUNCTION), None)
    saving_column = bench.method(method).column_name
    all_columns = [(m, bench.method(m).column_name, method_label(m)) for m in WEB_METHODS]
    return {
        **base,
        "name": bench.org_label(query.code),
        "group": bench.group_of(query.code, grouping),
        "year": year,
        "years": years,
        "grouping": grouping,
        "groupings": groupings(figures),
        "method": method,
        "method_label": method_label(method),
        "rows": [r for r in rows if r["function"] != ALL_FUNCTION],
        "total": total,
        "saving_column": saving_column,
        "method_columns": all_columns,
        "carter": carter_status(total["pct_turnover"])
        if total and total["pct_turnover"] is not None
        else None,
    }
