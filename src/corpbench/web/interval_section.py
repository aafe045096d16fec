"""The intervals section of the national and organisation pages: the savings with their 95%
intervals (:mod:`corpbench.views.uncertainty`), their chart with error bars and its data table,
and the sentences that say what an interval means. Kept apart from the pages' other sections."""

from __future__ import annotations

from typing import Any

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.charts import savings_interval_chart
from corpbench.formatting import format_pounds
from corpbench.views.labels import method_label
from corpbench.views.uncertainty import (
    NON_RESPONDENTS,
    Interval,
    meaning,
    national_intervals,
    no_interval_reason,
    organisation_interval,
)
from corpbench.web.chart_embed import EmbeddedChart, TableAlternative, embed
from corpbench.web.formatting import millions


def interval_millions(interval: Interval) -> str:
    """ "£616.0m (95% interval £540.2m–£690.7m)"."""
    return (
        f"£{millions(interval.estimate)}m (95% interval £{millions(interval.low)}m–"
        f"£{millions(interval.high)}m)"
    )


def interval_pounds(interval: Interval) -> str:
    """ "£123,456 (95% interval £80,000–£150,000)"."""
    return (
        f"{format_pounds(interval.estimate)} (95% interval {format_pounds(interval.low)}–"
        f"{format_pounds(interval.high)})"
    )


def _chart(chart_id: str, rows: pl.DataFrame, what: str, year: str, label: str) -> EmbeddedChart:
    """The error-bar chart of ``rows`` with its data table (the numbers it draws)."""
    return embed(
        chart_id,
        savings_interval_chart(rows, what, year, label),
        TableAlternative(
            f"Saving by {what} with its 95% interval, {year}, £m extrapolated",
            [what.capitalize(), "Saving £m", "95% interval from £m", "to £m"],
            [
                [r["label"], millions(r["estimate"]), millions(r["low"]), millions(r["high"])]
                for r in rows.iter_rows(named=True)
            ],
        ),
    )


def national_interval_context(bench: Benchmark, year: str, method: str) -> dict[str, Any]:
    """``intervals``: the headline, the rows by type and function, the chart and the sentences
    of the national page's section (or the reason there is none)."""
    view = national_intervals(bench, year, method)
    if view.reason is not None or view.national is None:
        return {"intervals": {"reason": view.reason or "No organisation responded that year."}}
    label = method_label(view.method)
    charts = [
        _chart(f"chart-intervals{suffix}", rows, what, year, label)
        for suffix, rows, what in (
            ("", view.by_type, "organisation type"),
            ("-function", view.by_function, "function"),
        )
    ]
    return {
        "intervals": {
            "reason": None,
            "headline": interval_millions(view.national),
            "method_label": label,
            "by_type": view.by_type.to_dicts(),
            "by_function": view.by_function.to_dicts(),
            "charts": charts,
            "meaning": meaning(),
            "non_respondents": NON_RESPONDENTS,
        }
    }


def organisation_interval_context(
    bench: Benchmark, code: str, year: str, method: str, grouping: str
) -> dict[str, Any]:
    """``interval``: an organisation's total saving with its interval and what it means (or
    the reason there is none)."""
    parsed = bench.method(method)
    reason = no_interval_reason(parsed, grouping)
    found = None if reason else organisation_interval(bench, code, year, parsed, grouping)
    if found is None:
        return {"interval": {"reason": reason or "This organisation has no saving to show."}}
    return {
        "interval": {
            "reason": None,
            "text": interval_pounds(found),
            "estimate": found.estimate,
            "low": found.low,
            "high": found.high,
            "method_label": method_label(str(parsed)),
            "meaning": meaning(),
            "non_respondents": NON_RESPONDENTS,
        }
    }
