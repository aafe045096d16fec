"""A board-ready A4 PDF of an organisation's benchmark (issue 4, item 7), from HTML by WeasyPrint.

The HTML comes from the Jinja2 template ``templates/board_report.html``: a header with the
organisation, year, method, grouping and dates; the headline saving and Carter status; the
function table; charts as inline SVG (vector: text stays text, nothing is rasterised); savings
under every method; Carter's ceilings; a methods note; and an annex with each function's ranked
chart. Every figure is the view model's (:mod:`corpbench.views.organisation`), rounded for
people by :mod:`corpbench.formatting`. Anonymised peers stay anonymous: the PDF shows only
what the view holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from corpbench.charts import kpi_ranking_chart, savings_by_method_chart, trend_chart
from corpbench.documents.pdf import Figure, chart_figure, html_pdf, render_html
from corpbench.formatting import (
    format_money,
    format_number,
    format_plain_pct,
    format_thousands,
)
from corpbench.standard import ALL_FUNCTION, EXTERNAL_TABLES
from corpbench.standard.labels import group_label, grouping_label, method_label, org_type_label
from corpbench.store.conversation import Note
from corpbench.views.labels import TOTAL_ROW, function_label
from corpbench.views.organisation import OrganisationView
from corpbench.views.scorecard import ScorecardView
from corpbench.views.uncertainty import NON_RESPONDENTS, Interval, meaning

TEMPLATE = "board_report.html"


def method_sentence(method: str) -> str:
    """How the target is set under ``method``, for the methods note."""
    kind = method.partition(":")[0]
    if kind == "iqm":
        return (
            "The target for each function is the peer group's interquartile mean of cost as % "
            "of turnover (the 'national average' of the QIPP 2010 benchmarking)."
        )
    if kind == "median":
        return (
            "The target for each function is the peer group's median cost as % of turnover "
            "(as NHS Improvement used in 2017)."
        )
    if kind == "q1":
        return (
            "The target for each function is the peer group's top quartile (25th percentile) "
            "of cost as % of turnover: the level of the cheapest quarter of peers."
        )
    if kind == "external":
        name = method.partition(":")[2]
        known = ", ".join(sorted(EXTERNAL_TABLES))
        return (
            f"The target for each function is the value in the external comparator table "
            f"'{name}' (% of turnover; the shipped tables, {known}, are Hackett's as quoted in "
            "the QIPP 2010 report). Functions the table lacks, and the whole organisation, "
            "have no target."
        )
    percent = method.partition(":")[2]
    return (
        f"The target is a fixed {percent}% of turnover (Carter's ceiling on corporate and "
        "administration costs), applied to the whole organisation; function rows show the "
        "same percentage for reference."
    )


def _function_rows(view: OrganisationView) -> list[dict[str, Any]]:
    rows = []
    for r in view.functions.iter_rows(named=True):
        rows.append(
            {
                "label": function_label(r["function"]),
                "total": r["function"] == ALL_FUNCTION,
                "cost": format_thousands(r["cost"]),
                "pct_turnover": format_plain_pct(r["pct_turnover"]),
                "pct_pay": format_plain_pct(r["pct_pay"]),
                "cost_per_fte": format_money(r["cost_per_fte"]),
                "rank": "" if r["rank"] is None else f"{r['rank']} of {r['n']}",
                "peer_iqm": format_plain_pct(r["peer_iqm"]),
                "peer_median": format_plain_pct(r["peer_median"]),
                "peer_q1": format_plain_pct(r["peer_q1"]),
                "target": format_plain_pct(r["target"]),
                "saving": format_thousands(r["saving"]),
            }
        )
    return rows


def _method_rows(view: OrganisationView) -> list[dict[str, Any]]:
    wide = view.savings_by_method_wide
    return [
        {
            "label": function_label(r["function"]),
            "total": r["function"] == TOTAL_ROW,
            "cells": [format_thousands(r[m]) for m in view.methods],
        }
        for r in wide.iter_rows(named=True)
    ]


def _carter_rows(view: OrganisationView) -> list[dict[str, str]]:
    rows = []
    for c in view.carter.ceilings:
        status = "undefined" if c.within is None else ("within" if c.within else "above")
        rows.append(
            {
                "ceiling": f"{c.percent:g}% of turnover",
                "by_when": c.by_when,
                "status": status,
                "saving": format_thousands(c.saving),
            }
        )
    return rows


def scorecard_rows(card: ScorecardView | None) -> list[dict[str, str]]:
    """The scorecard's rows rounded for people (two decimals; rank "3 of 27")."""
    if card is None:
        return []
    return [
        {
            "function": r["function_label"],
            "kind": r["kind_label"],
            "figure": r["figure_label"],
            "value": format_number(r["value"], 2),
            "median": format_number(r["median"], 2),
            "range": f"{format_number(r['q1'], 2)} – {format_number(r['q3'], 2)}",
            "rank": f"{r['rank']} of {r['n']}",
            "better": r["better_label"],
        }
        for r in card.rows.iter_rows(named=True)
    ]


def _charts(view: OrganisationView, annex: bool) -> tuple[list[Figure], list[Figure]]:
    main: list[Figure] = []
    has = view.distribution.filter(
        (pl.col("kpi") == "pct_turnover") & (pl.col("function") == ALL_FUNCTION)
    )
    if not has.is_empty():
        main.append(
            chart_figure(
                kpi_ranking_chart(
                    view.distribution, view.peer_stats, "pct_turnover", ALL_FUNCTION, view.name
                )
            )
        )
    if not view.savings_by_method.is_empty():
        main.append(chart_figure(savings_by_method_chart(view.savings_by_method, view.name)))
    trend_rows = view.trend.filter(
        (pl.col("kpi") == "pct_turnover") & (pl.col("function") == ALL_FUNCTION)
    )
    if trend_rows.height > 1:
        main.append(chart_figure(trend_chart(view.trend, "pct_turnover", ALL_FUNCTION, view.name)))
    extra: list[Figure] = []
    if annex:
        for function in view.functions["function"].to_list():
            if function == ALL_FUNCTION:
                continue
            rows = view.distribution.filter(
                (pl.col("kpi") == "pct_turnover") & (pl.col("function") == function)
            )
            if not rows.is_empty():
                extra.append(
                    chart_figure(
                        kpi_ranking_chart(
                            view.distribution, view.peer_stats, "pct_turnover", function, view.name
                        )
                    )
                )
    return main, extra


def _interval_sentences(interval: Interval | None) -> str | None:
    """The saving's interval and what it means, for under the headline (None: no interval)."""
    if interval is None:
        return None
    return (
        f"95% interval of the saving: £{format_money(interval.low)} to "
        f"£{format_money(interval.high)}. {meaning()} {NON_RESPONDENTS}"
    )


def board_html(
    view: OrganisationView,
    *,
    data_date: str | None = None,
    published_date: str | None = None,
    produced: dt.date | None = None,
    annex: bool = True,
    draft: str | None = None,
    notes: Sequence[Note] = (),
    scorecard: ScorecardView | None = None,
    interval: Interval | None = None,
) -> str:
    """The HTML the PDF is made from (see :func:`board_pdf`)."""
    main, extra = _charts(view, annex)
    produced = produced or dt.datetime.now(dt.UTC).date()
    total = "undefined" if view.total_saving is None else f"£{format_money(view.total_saving)}"
    title = f"{view.name} — corporate services benchmark {view.year}"
    if draft:
        title = f"DRAFT: {title}"
    grouping = grouping_label(view.grouping)
    footer = f"{view.code} · {view.year} · {view.method_label} · peers by {grouping.lower()}"
    return render_html(
        TEMPLATE,
        dict(
            view=view,
            title=title,
            subtitle=f"Savings method {view.method_label}, peers by {grouping.lower()}",
            org_type=org_type_label(view.org_type),
            grouping=grouping,
            group=group_label(view.grouping, view.group, view.name),
            footer=footer.replace('"', "'"),
            total_saving=total,
            function_rows=_function_rows(view),
            method_labels=[method_label(m) for m in view.methods],
            method_rows=_method_rows(view),
            carter_rows=_carter_rows(view),
            method_sentence=method_sentence(view.method),
            main_charts=main,
            annex_charts=extra,
            data_date=data_date,
            published_date=published_date,
            produced=produced.isoformat(),
            draft=draft,
            notes=list(notes),
            scorecard_rows=scorecard_rows(scorecard),
            scorecard_trade_offs=list(scorecard.trade_offs) if scorecard else [],
            interval=_interval_sentences(interval),
        ),
    )


def board_pdf(
    view: OrganisationView,
    *,
    data_date: str | None = None,
    published_date: str | None = None,
    produced: dt.date | None = None,
    annex: bool = True,
    draft: str | None = None,
    notes: Sequence[Note] = (),
    scorecard: ScorecardView | None = None,
    interval: Interval | None = None,
) -> bytes:
    """The organisation's benchmark as an A4 PDF for a board: the bytes of the file.

    ``data_date`` (when the figures' data was loaded or frozen) and ``published_date`` (when
    the round was published) are printed in the header when given; ``produced`` defaults to
    today (UTC). ``annex`` adds one ranked chart per function. ``draft`` (the label of an
    organisation's draft figures) marks every page as a draft. ``notes`` (the current notes on
    the return, :mod:`corpbench.store.conversation`) are printed as "Notes on the return";
    ``scorecard`` (:func:`corpbench.views.scorecard.scorecard_view`) as "Board scorecard".
    ``interval`` (:func:`corpbench.views.uncertainty.organisation_interval`) prints the
    saving's 95% interval under the headline with what it means.
    """
    html = board_html(
        view,
        data_date=data_date,
        published_date=published_date,
        produced=produced,
        annex=annex,
        draft=draft,
        notes=notes,
        scorecard=scorecard,
        interval=interval,
    )
    return html_pdf(html)
