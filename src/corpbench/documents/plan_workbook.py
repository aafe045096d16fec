"""A case's business case as an XLSX workbook: a sheet for every table of its view
(:class:`corpbench.views.plan.PlanView`), numbers as numeric cells at full precision with £ and %
formats, headers in words.

Sheets: ``Summary`` (the case's name, consortium, year and model, then the headline figures and the
Monte Carlo's), ``Cash flows``, ``Waterfall``, ``Sequencing``, ``Tornado``, ``Monte Carlo`` (the
histogram of NPV, with P10, P50 and P90), ``Option scores``, ``Principles``, ``Partners``, ``Joining
and leaving``, ``Economies of scale`` (β with its 95% interval, R², organisations fitted and the
scale saving of combining the partners, per function) and the case's inputs: ``Functions``,
``Phases``, ``Costs``, ``Scores given`` and ``Assumptions``. A sheet whose table is empty (no
uncertain figures, no principles, no partners) says so in a sentence. Every text cell — the case's
name, partners' and principles' names are user text — goes through
:func:`corpbench.documents.xlsx.cell_value`, which neutralises formula injection
(:func:`corpbench.documents.safe.neutralise`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from corpbench.documents.xlsx import append_header, append_row, cell_value, column_width
from corpbench.views.plan import MONEY, SHARE, WHOLE, YEAR, PlanView

#: £ to the pound (negative with a minus sign).
POUNDS = '"£"#,##0;-"£"#,##0'
#: A share 0 … 1 shown as a percentage to one decimal place.
SHARE_FORMAT = "0.0%"
#: Plain numbers.
NUMBER_FORMAT = "#,##0.####"
WHOLE_FORMAT = "0"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)

#: A column of a sheet: its name in the view's table, its header in words and its format.
Column = tuple[str, str, str | None]


def _kind_format(kind: str) -> str | None:
    return {MONEY: POUNDS, SHARE: SHARE_FORMAT, YEAR: WHOLE_FORMAT, WHOLE: WHOLE_FORMAT}.get(
        kind, NUMBER_FORMAT
    )


def _table(
    ws: Worksheet, frame: pl.DataFrame, columns: Sequence[Column], empty: str | None = None
) -> None:
    """``frame``'s ``columns`` under a bold header of their words, from the sheet's next row;
    ``empty`` is written instead when the table has no row."""
    if frame.is_empty() and empty is not None:
        ws.append([cell_value(empty)])
        return
    header = append_header(ws, [title for _, title, _ in columns])
    formats = [fmt for _, _, fmt in columns]
    for row in frame.select([c for c, _, _ in columns]).iter_rows():
        append_row(ws, row, formats)
    for j, (c, title, fmt) in enumerate(columns, start=1):
        width = column_width(title, frame[c].head(200).to_list(), fmt)
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, width)
    if header == 1:
        ws.freeze_panes = "A2"


def _summary(ws: Worksheet, view: PlanView, produced: dt.date) -> None:
    ws.append([cell_value(f"{view.name} — shared-service business case")])
    ws["A1"].font = _TITLE
    about: list[tuple[str, Any]] = [
        ("Case", view.name),
        ("Consortium", view.consortium),
        ("Baseline year", view.year),
        ("Delivery model", view.model_label),
        ("Horizon (years after year 0)", view.horizon),
        ("Discount rate", view.discount_rate),
        ("Produced", produced.isoformat()),
    ]
    for label, value in about:
        ws.append([cell_value(label), cell_value(value)])
        ws.cell(row=ws.max_row, column=1).font = _BOLD
        if label == "Discount rate":
            ws.cell(row=ws.max_row, column=2).number_format = SHARE_FORMAT
    ws.append([])
    append_header(ws, ["Figure", "Value"])
    for r in view.summary.iter_rows(named=True):
        value = r["value"]
        if value is None:
            words = {"roi": "no one-off costs"}.get(r["measure"], "not within the horizon")
            ws.append([cell_value(r["label"]), cell_value(words)])
            continue
        ws.append([cell_value(r["label"]), cell_value(value)])
        ws.cell(row=ws.max_row, column=2).number_format = _kind_format(r["kind"])
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 40


def _inputs(ws: Worksheet, view: PlanView) -> None:
    append_header(ws, ["Figure", "Value"])  # row 1: the sheet is new
    for r in view.inputs.iter_rows(named=True):
        if r["value"] is not None:
            ws.append([cell_value(r["label"]), cell_value(r["value"])])
            continue
        ws.append([cell_value(r["label"]), cell_value(r["number"])])
        ws.cell(row=ws.max_row, column=2).number_format = _kind_format(r["kind"])
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 30
    ws.freeze_panes = "A2"


_SCALE: tuple[Column, ...] = (
    ("function_label", "Function", None),
    ("beta", "β", NUMBER_FORMAT),
    ("beta_low", "β, 95% interval from", NUMBER_FORMAT),
    ("beta_high", "β, 95% interval to", NUMBER_FORMAT),
    ("r_squared", "R²", NUMBER_FORMAT),
    ("n", "Organisations fitted", WHOLE_FORMAT),
    ("scale_saving", "Scale saving a year (£)", POUNDS),
)


def _scale(ws: Worksheet, view: PlanView) -> None:
    """The case's economies of scale (its view's ``scale``): a sentence on what they are, then
    a row per function at full precision (empty cells where a fit or interval is undefined)."""
    scale = view.scale
    if scale is None:
        ws.append(
            [
                cell_value(
                    "No economies of scale: the case has no baseline year with figures or no "
                    "partners."
                )
            ]
        )
        return
    ws.append(
        [
            cell_value(
                f"cost = a · turnover^β per function over every organisation with figures in "
                f"{scale.year}; β below 1: larger organisations spend a smaller share of their "
                "turnover. Scale saving: one combined service for the partners. Empty β: no fit "
                "(fewer than two organisations of different turnovers)."
            )
        ]
    )
    if scale.left_out:
        ws.append([cell_value("Left out (no turnover): " + ", ".join(scale.left_out))])
    ws.append([])
    _table(ws, scale.table, _SCALE)


_MONEY_YEARS: tuple[Column, ...] = (
    ("t", "Year", WHOLE_FORMAT),
    ("benefit", "Benefit (£)", POUNDS),
    ("one_off", "One-off costs (£)", POUNDS),
    ("recurring", "Recurring costs (£)", POUNDS),
    ("fee", "Management fee (£)", POUNDS),
    ("net", "Net (£)", POUNDS),
    ("cumulative", "Cumulative net (£)", POUNDS),
    ("discounted_cumulative", "Discounted cumulative net (£)", POUNDS),
)


def plan_workbook(view: PlanView, *, produced: dt.date | None = None) -> bytes:
    """The workbook (XLSX bytes) of a case's business case; see the module docstring.
    ``produced`` defaults to today (UTC)."""
    produced = produced or dt.datetime.now(dt.UTC).date()
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    _summary(summary, view, produced)

    def sheet(name: str) -> Worksheet:
        return wb.create_sheet(name)

    _table(sheet("Cash flows"), view.years, _MONEY_YEARS)
    _table(
        sheet("Waterfall"),
        view.waterfall,
        (
            ("t", "Year", WHOLE_FORMAT),
            ("step_label", "Step", None),
            ("amount", "Amount (£)", POUNDS),
            ("start", "From (£)", POUNDS),
            ("end", "To (£)", POUNDS),
        ),
    )
    _table(
        sheet("Sequencing"),
        view.sequencings,
        (
            ("phasing_label", "Phasing", None),
            ("simplify_start", "Simplify from year", NUMBER_FORMAT),
            ("standardise_start", "Standardise from year", NUMBER_FORMAT),
            ("share_start", "Share from year", NUMBER_FORMAT),
            ("npv", "Net present value (£)", POUNDS),
            ("payback_year", "Payback year", WHOLE_FORMAT),
            ("discounted_payback_year", "Discounted payback year", WHOLE_FORMAT),
        ),
    )
    tornado = sheet("Tornado")
    _table(
        tornado,
        view.tornado,
        (
            ("parameter_label", "Uncertain figure", None),
            ("low", "Low", NUMBER_FORMAT),
            ("mode", "Mode", NUMBER_FORMAT),
            ("high", "High", NUMBER_FORMAT),
            ("npv_low", "NPV at low (£)", POUNDS),
            ("npv_high", "NPV at high (£)", POUNDS),
        ),
        empty="The case names no uncertain figures.",
    )
    if view.tornado_base is not None:
        tornado.append([])
        tornado.append([cell_value("Base NPV, every figure at its mode (£)"), view.tornado_base])
        tornado.cell(row=tornado.max_row, column=2).number_format = POUNDS
    monte = sheet("Monte Carlo")
    _table(
        monte,
        view.percentiles,
        (("label", "Percentile", None), ("value", "NPV (£)", POUNDS)),
        empty="The case names no uncertain figures: there is no Monte Carlo.",
    )
    if not view.histogram.is_empty():
        monte.append([])
        _table(
            monte,
            view.histogram,
            (
                ("bin", "Bin", WHOLE_FORMAT),
                ("bin_start", "NPV from (£)", POUNDS),
                ("bin_end", "NPV to (£)", POUNDS),
                ("count", "Draws", WHOLE_FORMAT),
            ),
        )
    _table(
        sheet("Option scores"),
        view.options,
        (
            ("option_label", "Option", None),
            ("score", "Weighted score", "0.00"),
            ("rank", "Rank", WHOLE_FORMAT),
            ("top", "Top", None),
            ("tied", "Tied", None),
        ),
        empty="The case names no design principles: there is no appraisal.",
    )
    _table(
        sheet("Principles"),
        view.principles,
        (
            ("principle", "Principle", None),
            ("weight", "Weight", SHARE_FORMAT),
            ("stays_top_from", "Top option stays top from weight", SHARE_FORMAT),
            ("stays_top_to", "to weight", SHARE_FORMAT),
            ("discriminating", "Discriminates", None),
        ),
        empty="The case names no design principles.",
    )
    _table(
        sheet("Partners"),
        view.partners,
        (
            ("partner", "Partner", None),
            ("baseline", "Baseline cost (£)", POUNDS),
            ("volume", "Volume", NUMBER_FORMAT),
            ("key", "Share key", SHARE_FORMAT),
            ("npv", "NPV share (£)", POUNDS),
            ("one_off", "One-off costs share (£)", POUNDS),
            ("redundancy_cost", "Redundancy cost (£)", POUNDS),
            ("exit_charge", "Exit charge (£)", POUNDS),
        ),
        empty="The case names no partners: there is no gain share.",
    )
    _table(
        sheet("Joining and leaving"),
        view.scenarios,
        (
            ("scenario_label", "Scenario", None),
            ("partner", "Partner", None),
            ("charge_change", "Charge change a year (£)", POUNDS),
        ),
        empty="No partner can join or leave in the case.",
    )
    _scale(sheet("Economies of scale"), view)
    _table(
        sheet("Functions"),
        view.functions,
        (
            ("function_label", "Function", None),
            ("cost", "Cost a year (£)", POUNDS),
            ("transactional", "Transactional share", SHARE_FORMAT),
            ("operational", "Operational share", SHARE_FORMAT),
            ("pay_share", "Pay share", SHARE_FORMAT),
            ("simplify", "Simplify", SHARE_FORMAT),
            ("standardise", "Standardise", SHARE_FORMAT),
            ("share", "Share", SHARE_FORMAT),
        ),
    )
    _table(
        sheet("Phases"),
        view.phases,
        (
            ("phase_label", "Phase", None),
            ("start", "Starts in year", NUMBER_FORMAT),
            ("ramp", "Ramp (years)", NUMBER_FORMAT),
        ),
    )
    _table(
        sheet("Costs"),
        view.costs,
        (
            ("kind_label", "Cost", None),
            ("year", "Year", WHOLE_FORMAT),
            ("amount", "Amount (£)", POUNDS),
        ),
        empty="The option has no one-off or recurring costs.",
    )
    _table(
        sheet("Scores given"),
        view.scored,
        (
            ("option_label", "Option", None),
            ("principle", "Principle", None),
            ("score", "Score (0 to 10)", NUMBER_FORMAT),
        ),
        empty="The case names no design principles.",
    )
    _inputs(sheet("Assumptions"), view)
    wb.properties.title = cell_value(f"{view.name} — shared-service business case")
    wb.properties.creator = "corpbench"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["plan_workbook"]
