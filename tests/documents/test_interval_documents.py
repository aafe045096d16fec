"""The saving's 95% interval in an organisation's board PDF (its HTML) and workbook: the
engine's figures (``export uncertainty``, level organisation) with what the interval means."""

from __future__ import annotations

import io

import polars as pl
from openpyxl import load_workbook

from corpbench.documents.board_pdf import board_html
from corpbench.documents.org_workbook import org_workbook
from corpbench.formatting import format_money
from corpbench.views import organisation_view
from corpbench.views.uncertainty import organisation_interval
from views.rounds import Y1, engine


def _row(code: str) -> dict[str, float]:
    table = engine().uncertainty("iqm", Y1)
    found = table.filter((pl.col("level") == "organisation") & (pl.col("key") == code))
    return found.row(0, named=True)


def test_the_board_report_prints_the_interval_and_what_it_means() -> None:
    view = organisation_view(engine(), "AC002", Y1, method="iqm")
    interval = organisation_interval(engine(), "AC002", Y1, "iqm")
    assert interval is not None
    row = _row("AC002")
    assert (interval.estimate, interval.low, interval.high) == (
        row["estimate"],
        row["low"],
        row["high"],
    )
    html = board_html(view, interval=interval)
    printed = html.split('id="saving-interval">')[1].split("</p>")[0]
    assert f"£{format_money(row['low'])} to £{format_money(row['high'])}" in printed
    assert "how uncertain the peer target is" in printed
    assert "did not respond" in printed
    assert 'id="saving-interval"' not in board_html(view)


def test_the_workbook_carries_the_interval_as_numbers() -> None:
    view = organisation_view(engine(), "AC002", Y1, method="iqm")
    interval = organisation_interval(engine(), "AC002", Y1, "iqm")
    wb = load_workbook(io.BytesIO(org_workbook(view, interval=interval)))
    cells = {r[0]: r[1] for r in wb["Saving interval"].iter_rows(min_row=2, values_only=True)}
    row = _row("AC002")
    assert cells["95% interval from (£)"] == row["low"]
    assert cells["95% interval to (£)"] == row["high"]
    assert cells["Saving under IQM (£)"] == row["estimate"]
    without = load_workbook(io.BytesIO(org_workbook(view)))
    assert without["Saving interval"]["A2"].value == "No interval"


def test_a_fixed_target_has_no_interval() -> None:
    assert organisation_interval(engine(), "AC002", Y1, "threshold:6") is None
    assert organisation_interval(engine(), "AC002", Y1, "iqm", "region") is None
