"""board_pdf: an A4 PDF with the organisation, its figures rounded for people, the methods note
and vector charts; anonymised peers stay anonymous."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import pypdf
import pytest

from corpbench.documents.board_pdf import board_html, board_pdf
from corpbench.store.conversation import Note
from corpbench.views import organisation_view
from views.rounds import NAMES, Y1, Y2, engine

A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def pdf() -> bytes:
    view = organisation_view(engine(), "AC002", Y1, method="iqm")
    return board_pdf(view, data_date="2026-11-20", published_date="2026-11-21")


@pytest.fixture(scope="module")
def text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_it_is_an_a4_pdf(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)
    assert reader.metadata is not None
    assert reader.metadata.title == "Beta Hospitals — corporate services benchmark 2009/10"


def test_header_names_organisation_year_method_grouping_and_dates(text: str) -> None:
    flat = _flat(text)
    assert "Beta Hospitals" in flat
    assert "Corporate services benchmark 2009/10 · organisation code AC002 · Acute trust" in flat
    assert "Savings method: IQM · peer grouping: Organisation type (group Acute trust)" in flat
    # people read words: no code of the standard is printed
    for code in ("org_type", "(iqm)", "acute ", "pct_turnover", "governance_risk"):
        assert code not in flat
    assert "Published 2026-11-21 · data as at 2026-11-20" in flat


def test_figures_are_rounded_for_people(text: str) -> None:
    flat = _flat(text)
    # finance: £3.0m = 3,000 £k; 1.50% of turnover; 100 × 3m / 130m = 2.31% of pay; £50,000 per
    # FTE; rank 3 of 4; peer IQM 1.25, median 1.25, q1 0.95; target 1.25; saving £500k
    assert "Finance 3,000 1.50 2.31 50,000 3 of 4 1.25 1.25 0.95 1.25 500" in flat
    # whole organisation: £4m, 2.00%, 100 × 4m / 130m = 3.08%, £4m / 80 FTE = £50,000, rank 3
    # (q1 1.325 is 1.32499… in binary, so it shows as 1.32)
    assert "Whole organisation 4,000 2.00 3.08 50,000 3 of 4 1.75 1.75 1.32 1.75 500" in flat
    assert "Saving opportunity under the IQM method: £500,000." in flat
    assert "Whole organisation: 2.00% of turnover, within Carter's ceilings" in flat
    # savings under every method: finance under q1 (0.95) is £1.1m = 1,100 £k
    assert re.search(r"Finance 500 500 1,100 1,782 686 0 0", flat)


def test_methods_note(text: str) -> None:
    flat = _flat(text)
    assert "Methods note" in flat
    assert "peer group's interquartile mean of cost as % of turnover" in flat
    assert "saving = cost − target % × turnover" in flat
    assert "Other organisations are not named" in flat


def _xobjects(resources: Any) -> list[Any]:
    found = []
    if resources is None or "/XObject" not in resources:
        return found
    for obj in resources["/XObject"].values():
        obj = obj.get_object()
        found.append(obj)
        found += _xobjects(obj.get("/Resources"))
    return found


def test_charts_are_vector_graphics(pdf: bytes, text: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    subtypes = [
        x.get("/Subtype") for page in reader.pages for x in _xobjects(page.get("/Resources"))
    ]
    assert "/Image" not in subtypes
    # the charts' words are text in the PDF, not pixels
    flat = _flat(text)
    assert "Savings by method and function" in flat
    assert "Whole organisation: Cost as % of turnover" in flat
    assert "Finance: Cost as % of turnover" in flat  # the annex


def test_no_other_organisation_appears(text: str) -> None:
    view = organisation_view(engine(), "AC002", Y1)
    html = board_html(view)
    for code, name in NAMES.items():
        if code == "AC002":
            continue
        assert code not in text
        assert code not in html
        assert name not in text
        assert name not in html
        assert name.replace('"', "&#34;") not in html


def test_revealed_peers_are_named() -> None:
    html = board_html(organisation_view(engine(), "AC002", Y1, reveal_peers=True))
    assert "Alpha Hospitals" in html
    assert "Other organisations are not named" not in html


def test_trend_chart_when_there_are_two_years() -> None:
    html = board_html(organisation_view(engine(), "AC002", Y2), annex=False)
    assert "Whole organisation: cost as % of turnover over time" in html
    assert "2009/10: 2.00% against a peer median of 1.75%" in html


def test_notes_on_the_return_are_printed_escaped_and_only_when_there_are_some() -> None:
    view = organisation_view(engine(), "AC002", Y1)
    at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    notes = [
        Note("AC002", Y1, 1, 2, "Commissioning costs excluded", False, 1, at, "ana@nhs.test"),
        Note("AC002", Y1, 2, 1, "<b>Estates</b> shared", False, 1, at, "fd@trust.nhs.test"),
    ]
    html = board_html(view, annex=False, notes=notes)
    section = html.split("<h2>Notes on the return</h2>")[1].split("</section>")[0]
    assert (
        'Commissioning costs excluded <span class="meta">(ana@nhs.test, 01 December 2026)'
        in section
    )
    assert "&lt;b&gt;Estates&lt;/b&gt; shared" in section
    assert "Notes on the return" not in board_html(view, annex=False)


def test_the_methods_table_is_headed_in_words_on_its_own_page(pdf: bytes) -> None:
    # the column headers start with a capital as every other table's do ("Top quartile", not
    # "top quartile"); the heading is on the page of the table it introduces
    pages = [_flat(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    flat = " ".join(pages)
    assert "Function IQM Median Top quartile Hackett best Hackett median 7% ceiling" in flat
    heading = [i for i, p in enumerate(pages) if "Savings under every method" in p]
    total = [i for i, p in enumerate(pages) if "Total saving" in p]
    assert len(heading) == 1
    assert heading == total
