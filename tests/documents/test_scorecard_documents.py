"""The board scorecard in the board PDF and the organisation workbook, over the hand-worked round
of ``bench/scorecard_tables.py`` (AC1: HR cost per employee 50 among 30, 50, 80; orders
electronic 80 % against AC3's 90 %)."""

from __future__ import annotations

import io
import re

import openpyxl
import pypdf
import pytest

from bench.scorecard_tables import BUNDLE
from corpbench.bench.engine import Benchmark
from corpbench.documents.board_pdf import board_html, board_pdf
from corpbench.documents.org_workbook import org_workbook
from corpbench.views import OrganisationView, organisation_view
from corpbench.views.scorecard import ScorecardView, scorecard_view

Y1 = "2009/10"


@pytest.fixture(scope="module")
def views() -> tuple[OrganisationView, ScorecardView]:
    bench = Benchmark.from_bundle(BUNDLE)
    return organisation_view(bench, "AC1", Y1), scorecard_view(bench, "AC1", Y1)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_pdf_carries_the_scorecard(views: tuple[OrganisationView, ScorecardView]) -> None:
    view, card = views
    pdf = board_pdf(view, scorecard=card)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Board scorecard" in text
    # HR cost per employee: value 50, peer median 50, quartiles 40 – 65, rank 2 of 3
    assert re.search(r"HR cost per employee \(£\) 50\.00 50\.00 40\.00 – 65\.00 2 of 3", text)
    assert "Orders placed electronically (%)" in text
    assert "higher is better" in text


def test_without_a_scorecard_the_pdf_has_no_such_section(
    views: tuple[OrganisationView, ScorecardView],
) -> None:
    view, _ = views
    assert "Board scorecard" not in board_html(view)


def test_the_workbook_has_a_scorecard_sheet_at_full_precision(
    views: tuple[OrganisationView, ScorecardView],
) -> None:
    view, card = views
    wb = openpyxl.load_workbook(io.BytesIO(org_workbook(view, scorecard=card)))
    ws = wb["Board scorecard"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "Function",
        "Cost or quality",
        "Figure",
        "Value",
        "Peers",
        "Peer median",
        "Peer 25th percentile",
        "Peer 75th percentile",
        "Rank (1 = best)",
        "Better",
        "Among peers",
    )
    by_figure = {r[2]: r for r in rows[1:] if r and r[0]}
    assert by_figure["HR cost per employee (£)"] == (
        "HR",
        "Cost",
        "HR cost per employee (£)",
        50.0,
        3,
        50.0,
        40.0,
        65.0,
        2,
        "lower is better",
        None,
    )
    electronic = by_figure["Orders placed electronically (%)"]
    assert electronic[3] == 100 * 2400.0 / 3000.0
    assert electronic[8:10] == (2, "higher is better")
    assert len(by_figure) == 15
    assert (
        "Board scorecard" not in openpyxl.load_workbook(io.BytesIO(org_workbook(view))).sheetnames
    )
