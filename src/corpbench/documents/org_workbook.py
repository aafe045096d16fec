"""An organisation's benchmark as an XLSX workbook with native Excel charts, and its function
table as CSV (issue 4, item 7).

Sheets: ``Summary`` (who, when, method, headline saving, Carter status), ``Functions`` (the
function table), ``Ranking`` (the peer group's cost as % of turnover for the whole organisation,
with a bar chart: the organisation's bar in NHS blue), ``Savings by method`` (every method side
by side, with a stacked bar chart), ``Distribution`` (every KPI and function, peers as the view
holds them: anonymised unless revealed), ``Trend``, ``Peer statistics``, ``Board scorecard``
(when given: cost and quality figures with peer median, quartiles and rank) and, when the return
has notes, ``Notes on the return`` (each note's text, who wrote it and when). Numbers are numeric
cells at full precision with a display format; every text cell — headers, names, labels — goes
through :func:`corpbench.documents.xlsx.cell_value`, which neutralises formula injection
(:func:`corpbench.documents.safe.neutralise`), as does the CSV writer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from corpbench.charts.style import CATEGORY_COLOURS, PEER_COLOUR, SELF_COLOUR
from corpbench.documents.machine_csv import write_machine_csv
from corpbench.documents.xlsx import (
    MONEY_FORMAT,
    PERCENT_FORMAT,
    append_header,
    append_row,
    cell_value,
    column_width,
)
from corpbench.standard import ALL_FUNCTION
from corpbench.standard.labels import group_label, grouping_label, method_label, org_type_label
from corpbench.store.conversation import Note
from corpbench.views.labels import COLUMN_TITLES, PERCENT_KPIS, function_label, kpi_label
from corpbench.views.organisation import OrganisationView
from corpbench.views.scorecard import ScorecardView
from corpbench.views.uncertainty import NON_RESPONDENTS, Interval, meaning

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)

#: Number formats by column name (others: money for £ columns, 2 decimals for floats).
_FORMATS: dict[str, str] = {
    "cost": MONEY_FORMAT,
    "fte": "#,##0.00",
    "saving": MONEY_FORMAT,
    "target": PERCENT_FORMAT,
    "peer_iqm": PERCENT_FORMAT,
    "peer_median": PERCENT_FORMAT,
    "peer_q1": PERCENT_FORMAT,
    "cost_per_fte": MONEY_FORMAT,
    "cost_per_org_fte": MONEY_FORMAT,
    **{k: PERCENT_FORMAT for k in PERCENT_KPIS},
}


def _for_people(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with words for codes: each code column that has a ``*_label`` beside it goes;
    a ``kpi`` or ``function`` column without one is replaced by the titles."""
    out = frame
    for code, title in (("function", function_label), ("kpi", kpi_label)):
        if code not in out.columns:
            continue
        if f"{code}_label" in out.columns:
            out = out.drop(code)
        else:
            out = out.with_columns(
                pl.col(code).map_elements(title, return_dtype=pl.String).alias(f"{code}_label")
            ).select(f"{code}_label", pl.exclude(code, f"{code}_label"))
    return out


def _hex(colour: str) -> str:
    return colour.removeprefix("#").upper()


def _table(
    ws: Worksheet, frame: pl.DataFrame, titles: dict[str, str] | None = None
) -> tuple[int, int]:
    """Write ``frame`` with a bold header of column titles (``titles``, by default
    :data:`COLUMN_TITLES`; a column without one by its name); (header row, last row)."""
    titles = COLUMN_TITLES if titles is None else titles
    header = append_header(ws, [titles.get(c, c) for c in frame.columns])
    formats = [
        _FORMATS.get(c, "#,##0.00" if frame.schema[c].is_float() else None) for c in frame.columns
    ]
    for row in frame.iter_rows():
        append_row(ws, row, formats)
    for j, (c, fmt) in enumerate(zip(frame.columns, formats, strict=True), start=1):
        width = column_width(titles.get(c, c), frame[c].head(200).to_list(), fmt)
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    return header, ws.max_row


def _summary(
    ws: Worksheet,
    view: OrganisationView,
    data_date: str | None,
    published: str | None,
    draft: str | None = None,
) -> None:
    title = f"{view.name} — corporate services benchmark {view.year}"
    ws.append([cell_value(f"DRAFT: {title}" if draft else title)])
    ws["A1"].font = _TITLE
    total = view.total_saving
    rows: list[tuple[str, Any]] = [
        ("Organisation", view.name),
        ("Organisation code", view.code),
        ("Organisation type", org_type_label(view.org_type)),
        ("Year", view.year),
        ("Savings method", view.method_label),
        ("Peer grouping", grouping_label(view.grouping)),
        ("Peer group", group_label(view.grouping, view.group, view.name) or "in no group"),
        ("Saving opportunity (£)", total),
        ("Carter status", view.carter.sentence),
        ("Published", published),
        *([("Draft", draft)] if draft else []),
        ("Data as at", data_date),
        (
            "Peers",
            "anonymised where not yours to see (Peer 1, Peer 2, … by value)"
            if view.peers_anonymised
            else "named",
        ),
    ]
    for label, value in rows:
        append_row(ws, [label, value], [None, MONEY_FORMAT])
        ws.cell(row=ws.max_row, column=1).font = _BOLD
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 70


def _ranking(ws: Worksheet, view: OrganisationView) -> None:
    rows = view.distribution.filter(
        (pl.col("kpi") == "pct_turnover") & (pl.col("function") == ALL_FUNCTION)
    ).select(
        "position",
        "label",
        pl.col("value").alias("pct_turnover"),
        pl.col("is_self").alias("this_organisation"),
    )
    header, last = _table(ws, rows)
    if rows.is_empty():
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = "Whole organisation: cost as % of turnover, lowest first"
    chart.y_axis.title = "% of turnover"
    chart.x_axis.title = "Organisations of the peer group"
    chart.legend = None
    data = Reference(ws, min_col=3, min_row=header, max_row=last)
    cats = Reference(ws, min_col=2, min_row=header + 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    series = chart.series[0]
    series.graphicalProperties.solidFill = _hex(PEER_COLOUR)
    for i, is_self in enumerate(rows["this_organisation"].to_list()):
        if is_self:
            point = DataPoint(idx=i)
            point.graphicalProperties.solidFill = _hex(SELF_COLOUR)
            series.dPt.append(point)
    chart.width, chart.height = 24, 10
    ws.add_chart(chart, "F2")


def _savings(ws: Worksheet, view: OrganisationView) -> None:
    wide = view.savings_by_method_wide.rename({m: method_label(m) for m in view.methods}).drop(
        "function"
    )
    header, last = _table(ws, wide, {"function_label": "Function"})
    functions = wide.height - 1  # the last row is the total
    if functions < 1:
        return
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Saving (£) by method and function"
    chart.y_axis.title = "£"
    data = Reference(ws, min_col=1, max_col=wide.width, min_row=header + 1, max_row=last - 1)
    chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=wide.width, min_row=header))
    for i, series in enumerate(chart.series):
        series.graphicalProperties.solidFill = _hex(CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)])
    chart.width, chart.height = 24, 12
    ws.add_chart(chart, f"A{last + 3}")


def _interval(ws: Worksheet, view: OrganisationView, interval: Interval | None) -> None:
    """The organisation's total saving with its 95% interval and what the interval means."""
    ws.append([cell_value(f"{view.name}: saving with its 95% interval, {view.year}")])
    ws["A1"].font = _TITLE
    if interval is None:
        append_row(ws, ["No interval", "Intervals are given for the peer methods by type only."])
    else:
        for label, value in (
            (f"Saving under {view.method_label} (£)", interval.estimate),
            ("95% interval from (£)", interval.low),
            ("95% interval to (£)", interval.high),
        ):
            append_row(ws, [label, value], [None, MONEY_FORMAT])
            ws.cell(row=ws.max_row, column=1).font = _BOLD
        append_row(ws, ["What it means", meaning()])
        append_row(ws, ["Non-respondents", NON_RESPONDENTS])
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90


def _notes(ws: Worksheet, view: OrganisationView, notes: Sequence[Note]) -> None:
    frame = pl.DataFrame(
        {
            "note": [n.number for n in notes],
            "text": [n.text for n in notes],
            "by": [n.by for n in notes],
            "at": [n.at.replace(tzinfo=None) for n in notes],
        },
        schema={"note": pl.Int64, "text": pl.String, "by": pl.String, "at": pl.Datetime()},
    )
    _table(
        ws,
        frame,
        {"note": "Note", "text": f"Note on the {view.year} return", "by": "By", "at": "When (UTC)"},
    )
    ws.column_dimensions["B"].width = 80
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"


#: Column titles of the ``Board scorecard`` sheet.
_SCORECARD_TITLES: dict[str, str] = {
    "function_label": "Function",
    "kind_label": "Cost or quality",
    "figure_label": "Figure",
    "value": "Value",
    "n": "Peers",
    "median": "Peer median",
    "q1": "Peer 25th percentile",
    "q3": "Peer 75th percentile",
    "rank": "Rank (1 = best)",
    "better_label": "Better",
    "standing_label": "Among peers",
}


def _scorecard(ws: Worksheet, card: ScorecardView) -> None:
    """The scorecard's rows in words (codes dropped), numbers at full precision."""
    _table(ws, card.rows.select(list(_SCORECARD_TITLES)), _SCORECARD_TITLES)
    for sentence in card.trade_offs:
        ws.append([])
        ws.append([cell_value(sentence)])


def org_workbook(
    view: OrganisationView,
    *,
    data_date: str | None = None,
    published_date: str | None = None,
    draft: str | None = None,
    notes: Sequence[Note] = (),
    scorecard: ScorecardView | None = None,
    interval: Interval | None = None,
) -> bytes:
    """The workbook (XLSX bytes) of an organisation's benchmark; see the module docstring.
    ``draft`` (the label of an organisation's draft figures) marks its title and summary;
    ``scorecard`` (:func:`corpbench.views.scorecard.scorecard_view`) adds the sheet
    ``Board scorecard``; ``interval`` (:func:`corpbench.views.uncertainty.organisation_interval`)
    fills the sheet "Saving interval"."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    _summary(summary, view, data_date, published_date, draft)
    _table(wb.create_sheet("Functions"), _for_people(view.functions))
    _ranking(wb.create_sheet("Ranking"), view)
    _savings(wb.create_sheet("Savings by method"), view)
    _interval(wb.create_sheet("Saving interval"), view, interval)
    _table(wb.create_sheet("Distribution"), _for_people(view.distribution))
    _table(wb.create_sheet("Trend"), _for_people(view.trend))
    _table(wb.create_sheet("Peer statistics"), _for_people(view.peer_stats))
    if scorecard is not None:
        _scorecard(wb.create_sheet("Board scorecard"), scorecard)
    if notes:
        _notes(wb.create_sheet("Notes on the return"), view, notes)
    wb.properties.title = cell_value(f"{view.name} {view.year}")
    wb.properties.creator = "corpbench"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def functions_csv(view: OrganisationView) -> str:
    """The function table as CSV text (full precision, text neutralised), each row carrying the
    organisation, year, method and grouping so that the file stands alone."""
    frame = view.functions.select(
        pl.lit(view.code).alias("org_code"),
        pl.lit(view.name).alias("org_name"),
        pl.lit(view.year).alias("year"),
        pl.lit(view.method).alias("method"),
        pl.lit(view.grouping).alias("grouping"),
        pl.all(),
    )
    out = io.StringIO()
    write_machine_csv(frame, out)
    return out.getvalue()


__all__ = ["functions_csv", "org_workbook"]
