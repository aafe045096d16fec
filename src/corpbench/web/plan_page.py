"""The business case for people (the workbench's case and compare pages): the case page reads
its tables from the case's report view (:mod:`corpbench.views.plan`, the same tables as its
charts, PDF and workbook); this module only lays them out (figures with the kind a page writes
them in, the charts with their data tables) and builds the compare page's rows; nothing
computed here (docs/planning.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from corpbench.charts import to_spec
from corpbench.charts.plan import CHART_TABLES
from corpbench.charts.plan import plan_charts as case_charts
from corpbench.charts.render import chart_title
from corpbench.standard.labels import plan_model_label, plan_phasing_label
from corpbench.views.plan import PlanView as ReportView
from corpbench.web.chart_embed import EmbeddedChart, TableAlternative, embed

#: The headline figures of a case, in order: (key of §8's object, label, kind) — the kind says
#: how a page writes it: money, a year, a ratio.
HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("npv", "Net present value", "money"),
    ("payback_year", "Payback", "year"),
    ("discounted_payback_year", "Discounted payback", "year"),
    ("roi", "Return on investment", "ratio"),
    ("run_rate_saving", "Run-rate saving a year", "money"),
)


@dataclass(frozen=True)
class Figure:
    """One figure for people: its label, value and kind (``money``, ``year``, ``ratio``,
    ``pct``, ``number``, ``text``)."""

    label: str
    value: Any
    kind: str


#: How the page writes a figure of the report view's ``summary`` by the view's kind (a share
#: 0 … 1 as a percentage); the return on investment reads as a ratio.
_PAGE_KIND = {"money": "money", "year": "year", "share": "pct", "number": "number", "whole": "text"}
_HEADLINE_KEYS = frozenset(key for key, _, _ in HEADLINE)


def _figure(row: Mapping[str, Any]) -> Figure:
    measure, value, kind = row["measure"], row["value"], row["kind"]
    if measure == "roi":
        return Figure(row["label"], value, "ratio")
    if kind == "year":
        value = None if value is None else int(value)
    elif kind == "share":
        value = None if value is None else 100 * value
    elif kind == "whole":
        value = None if value is None else str(int(value))
    return Figure(row["label"], value, _PAGE_KIND[kind])


def summary_figures(report: ReportView) -> tuple[list[Figure], list[Figure]]:
    """The report view's summary as the page writes it: the headline figures, then the Monte
    Carlo's (empty when the case is certain)."""
    rows = report.summary.to_dicts()
    headline = [_figure(r) for r in rows if r["measure"] in _HEADLINE_KEYS]
    monte_carlo = [_figure(r) for r in rows if r["measure"] not in _HEADLINE_KEYS]
    return headline, monte_carlo


def plan_charts(report: ReportView) -> list[EmbeddedChart]:
    """The charts of a case's page (cash-flow waterfall, cumulative net with payback marked,
    tornado, Monte Carlo histogram, option scores, partner shares: ``corpbench.charts.plan``),
    each with its data table: the table of the case's report view the chart draws
    (``CHART_TABLES``), its code columns replaced by their words."""
    return [
        embed(f"plan-{name}", chart, _table(chart_title(to_spec(chart)) or name, report, name))
        for name, chart in case_charts(report)
    ]


def _table(caption: str, report: ReportView, chart: str) -> TableAlternative:
    table = getattr(report, CHART_TABLES[chart])
    labelled = {c.removesuffix("_label") for c in table.columns if c.endswith("_label")}
    columns = [c for c in table.columns if c not in labelled]
    rows = [[_cell(row[c]) for c in columns] for row in table.select(columns).iter_rows(named=True)]
    return TableAlternative(caption, [_words(c) for c in columns], rows)


def _words(column: str) -> str:
    text = column.removesuffix("_label").replace("_", " ")
    return text[:1].upper() + text[1:]


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@dataclass(frozen=True)
class CompareRow:
    """A figure of the compare table: its label, kind and one value per case."""

    label: str
    kind: str
    values: list[Any]


def _measure(report: ReportView, measure: str) -> float | None:
    rows = report.summary.filter(pl.col("measure") == measure)["value"]
    return None if rows.is_empty() else rows[0]


def _sequencing_npv(report: ReportView, phasing: str) -> float:
    return float(report.sequencings.filter(pl.col("phasing") == phasing)["npv"][0])


def compare_rows(reports: Sequence[ReportView]) -> list[CompareRow]:
    """The compare page's rows, from each case's report view: its delivery model, horizon and
    rate, headline figures, NPV under each phasing, Monte Carlo chance of a positive NPV
    (where it has one) and top option (where it appraises options)."""
    rows = [
        CompareRow("Delivery model", "text", [r.model_label for r in reports]),
        CompareRow(
            "Functions", "text", [", ".join(r.functions["function_label"]) for r in reports]
        ),
        CompareRow("Years", "number", [r.horizon for r in reports]),
        CompareRow("Discount rate", "pct", [100 * r.discount_rate for r in reports]),
    ]
    rows += [
        CompareRow(label, kind, [getattr(r, key) for r in reports]) for key, label, kind in HEADLINE
    ]
    for code in ("in_sequence", "share_first"):
        label = plan_phasing_label(code)
        rows.append(
            CompareRow(f"NPV, {label}", "money", [_sequencing_npv(r, code) for r in reports])
        )
    chances = [_measure(r, "p_npv_positive") for r in reports]
    rows.append(
        CompareRow(
            "Monte Carlo: chance the NPV is positive",
            "pct",
            [None if c is None else 100 * c for c in chances],
        )
    )
    rows.append(
        CompareRow(
            "Top option of the appraisal",
            "text",
            [None if r.top is None else plan_model_label(r.top) for r in reports],
        )
    )
    return rows
