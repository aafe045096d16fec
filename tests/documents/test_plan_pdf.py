"""plan_pdf: a case's business case as an A4 PDF for a board: title, executive summary with the
headline figures rounded for people, every part of the case, a methods note, numbered pages,
words not codes."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pypdf
import pytest

from corpbench.documents.plan_pdf import plan_html, plan_pdf
from corpbench.views.plan import plan_view
from plan.report_cases import complete_view, evaluation, never_pays_back

A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return plan_pdf(complete_view(), produced=dt.date(2026, 12, 5))


@pytest.fixture(scope="module")
def pages(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def text(pages: list[str]) -> str:
    return " ".join(pages)


def test_it_is_an_a4_pdf_with_numbered_pages(pdf: bytes, pages: list[str]) -> None:
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(pages) >= 4
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in page
    assert reader.metadata is not None
    assert reader.metadata.title == "Three trusts — shared-service business case"


def test_title_names_the_case_consortium_and_year(pages: list[str]) -> None:
    first = pages[0]
    assert first.startswith(
        "Three trusts Shared-service business case · RX1, RX2, RX3 · baseline 2016/17"
    )
    assert "Delivery model: Shared service co-operative" in first
    assert "10 years after year 0 at a discount rate of 3.5% · produced 2026-12-05" in first


def test_executive_summary_has_the_headline_figures(pages: list[str]) -> None:
    first = pages[0]
    v = complete_view()
    # the evaluation's figures, rounded to the pound by hand here
    assert f"Net present value £{round(v.npv):,}" in first
    assert "£11,567,717" in first
    assert "Payback year 4" in first
    assert "Discounted payback year 4" in first
    assert "Return on investment 5.00" in first
    assert "Run-rate saving a year £2,466,200" in first
    p10, p90 = v.percentiles["value"][0], v.percentiles["value"][2]
    assert f"P10 NPV £{round(p10):,}" in first
    assert f"P90 NPV £{round(p90):,}" in first
    assert "Chance NPV is positive 100.0%" in first
    assert "pays back in year 4" in first


def test_every_part_of_the_case(text: str) -> None:
    for heading in (
        "Executive summary",
        "The baseline",
        "The option and its phases",
        "Cash flows",
        "Sequencing: the same case phased two ways",
        "Risk",
        "Option appraisal",
        "Gain share",
        "Optimism bias and assumptions",
        "Methods note",
    ):
        assert heading in text
    assert "Finance £4,000,000 50.0% 30.0% 75.0%" in text
    assert "HR 10.0% 8.0% 25.0%" in text
    assert "Share 3 2" in text
    # year 3 of the cash flows: benefit, one-off, recurring, fee, net, cumulative, discounted
    assert "3 £1,899,214 £0 £165,000 £54,702 £1,679,512 −£336,038 −£519,966" in text
    assert "Simplify → standardise → share 1 3 5 £9,132,700 year 5 year 5" in text
    assert "Share first 3 5 1 £11,340,217 year 3 year 4" in text
    assert "Delay (years) 0 0 2 £11,567,717 £7,336,614" in text
    assert "Shared service co-operative (top) 6.50 1" in text
    assert "accountable 10.0% 0.0% 100.0% no: every option scores the same" in text
    assert "Rowan Hospital 43.8%" in text
    assert "£1,384,000" in text  # RX1's exit charge
    assert "RX4 joins Rowan Hospital −£104,143" in text
    assert "Optimism bias on one-off costs 20.0%" in text
    assert "Share key Baseline cost" in text
    assert "HM Treasury Green Book rate" in text
    assert "Monte Carlo seed 2016" in text


def test_words_not_codes(text: str) -> None:
    for code in (
        "cooperative",
        "status_quo",
        "optimism_bias",
        "option.share",
        "functions.hr",
        "one_off",
        "in_sequence",
        "share_first",
        "payback_year",
        "delay_years",
        "finance",
        "payroll",
    ):
        assert code not in text


def test_a_case_that_never_pays_back_says_so() -> None:
    view = plan_view(evaluation(never_pays_back()), name="Never", consortium="F9", year="2016/17")
    html = plan_html(view, produced=dt.date(2026, 12, 5))
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "does not pay back within its 3 years" in flat
    assert "Payback not within the horizon" in flat
    assert "The case names no uncertain figures" in flat
    assert "The case names no design principles" in flat
    assert "The case names no partners" in flat


def test_user_text_is_escaped() -> None:
    view = plan_view(
        evaluation(never_pays_back()), name="<script>alert(1)</script>", consortium="A & B"
    )
    html = plan_html(view, produced=dt.date(2026, 12, 5))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "A &amp; B" in html


def test_every_table_caption_is_on_the_page_of_its_table(pages: list[str]) -> None:
    # a caption left at the foot of a page with its table on the next reads as a stray heading:
    # each caption is followed, on the same page, by its table's header row
    html = plan_html(complete_view(), produced=dt.date(2026, 12, 5))
    tables = re.findall(r"<caption>(.*?)</caption>\s*<thead>(.*?)</thead>", html, re.S)
    assert len(tables) >= 8

    def words(fragment: str) -> str:
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()

    for caption, head in tables:
        together = f"{words(caption)} {words(head)}"
        assert any(together in page for page in pages), together
