"""plan_workbook: a sheet for every table of a case, figures as numbers at full precision with £
and % formats, headers in words, and user text neutralised against formula injection."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from corpbench.documents.plan_workbook import POUNDS, SHARE_FORMAT, plan_workbook
from corpbench.views.plan import plan_view
from plan.cases import small
from plan.report_cases import complete, complete_view, evaluation

MALICIOUS = '=HYPERLINK("http://evil.example","click")'


def _book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _rows(book: Workbook, sheet: str) -> list[tuple[Any, ...]]:
    return list(book[sheet].iter_rows(values_only=True))


@pytest.fixture(scope="module")
def book() -> Workbook:
    return _book(plan_workbook(complete_view(), produced=dt.date(2026, 12, 5)))


def test_a_sheet_for_every_table(book: Workbook) -> None:
    assert book.sheetnames == [
        "Summary",
        "Cash flows",
        "Waterfall",
        "Sequencing",
        "Tornado",
        "Monte Carlo",
        "Option scores",
        "Principles",
        "Partners",
        "Joining and leaving",
        "Economies of scale",
        "Functions",
        "Phases",
        "Costs",
        "Scores given",
        "Assumptions",
    ]


def test_summary(book: Workbook) -> None:
    rows = {r[0]: r[1] for r in _rows(book, "Summary") if r and r[0]}
    v = complete_view()
    assert rows["Case"] == "Three trusts"
    assert rows["Consortium"] == "RX1, RX2, RX3"
    assert rows["Baseline year"] == "2016/17"
    assert rows["Delivery model"] == "Shared service co-operative"
    assert rows["Net present value"] == pytest.approx(v.npv)
    assert rows["Payback"] == 4
    assert rows["Run-rate saving a year"] == pytest.approx(2_466_200)
    assert rows["Chance NPV is positive"] == 1.0
    ws = book["Summary"]
    formats = {
        ws.cell(row=i, column=1).value: ws.cell(row=i, column=2).number_format
        for i in range(1, ws.max_row + 1)
    }
    assert formats["Net present value"] == POUNDS
    assert formats["Chance NPV is positive"] == SHARE_FORMAT
    assert formats["Discount rate"] == SHARE_FORMAT


def test_cash_flows_are_the_small_case_by_hand() -> None:
    view = plan_view(evaluation(small()), name="Small")
    rows = _rows(_book(plan_workbook(view)), "Cash flows")
    assert rows[0] == (
        "Year",
        "Benefit (£)",
        "One-off costs (£)",
        "Recurring costs (£)",
        "Management fee (£)",
        "Net (£)",
        "Cumulative net (£)",
        "Discounted cumulative net (£)",
    )
    assert rows[3] == pytest.approx((2, 329.21875, 0, 10, 7.59375, 311.625, 291.625, 143.44))
    assert rows[4][5] == pytest.approx(417.9375)
    # a certain case: the risk, appraisal and partner sheets say why they are empty
    book = _book(plan_workbook(view))
    assert _rows(book, "Tornado") == [("The case names no uncertain figures.",)]
    assert _rows(book, "Partners") == [("The case names no partners: there is no gain share.",)]


def test_tables_hold_the_figures(book: Workbook) -> None:
    v = complete_view()
    tornado = _rows(book, "Tornado")
    assert tornado[0][0] == "Uncertain figure"
    assert [r[0] for r in tornado[1:5]] == v.tornado["parameter_label"].to_list()
    assert tornado[1][4:6] == pytest.approx((v.tornado["npv_low"][0], v.tornado["npv_high"][0]))
    assert tornado[-1][:2] == pytest.approx(
        ("Base NPV, every figure at its mode (£)", v.tornado_base)
    )
    monte = _rows(book, "Monte Carlo")
    assert [r[0] for r in monte[1:4]] == ["P10", "P50", "P90"]
    counts = [r[3] for r in monte[6:26]]
    assert counts == v.histogram["count"].to_list()
    assert sum(counts) == 10_000
    options = _rows(book, "Option scores")
    assert options[2][:4] == pytest.approx(("Shared service co-operative", 6.5, 1, True))
    principles = _rows(book, "Principles")
    assert principles[1][2:4] == pytest.approx((17 / 53, 4 / 7))
    partners = _rows(book, "Partners")
    assert partners[1][0] == "Rowan Hospital"
    assert partners[1][7] == pytest.approx(1_384_000)
    assert book["Partners"].cell(row=2, column=4).number_format == SHARE_FORMAT
    assert book["Partners"].cell(row=2, column=8).number_format == POUNDS
    scenarios = _rows(book, "Joining and leaving")
    assert scenarios[1][:2] == ("RX4 joins", "Rowan Hospital")
    assert scenarios[1][2] == pytest.approx(-104_142.857142857)
    sequencing = _rows(book, "Sequencing")
    assert [r[0] for r in sequencing[1:]] == [
        "As phased in the case",
        "Simplify → standardise → share",
        "Share first",
    ]
    functions = _rows(book, "Functions")
    assert functions[2] == pytest.approx(("HR", 3_000_000, 0.45, 0.35, 0.8, 0.1, 0.08, 0.25))


def test_user_text_is_neutralised() -> None:
    doc = complete()
    doc["principles"][0]["name"] = "+SUM(A1:A9)"
    doc["options_scored"] = {
        o: {("+SUM(A1:A9)" if k == "saving" else k): s for k, s in scores.items()}
        for o, scores in doc["options_scored"].items()
    }
    view = plan_view(
        evaluation(doc),
        name=MALICIOUS,
        consortium="@consortium",
        year="2016/17",
        partner_names={"RX2": "-2+3"},
    )
    book = _book(plan_workbook(view))
    summary = book["Summary"]
    assert summary["A1"].value == "'" + MALICIOUS + " — shared-service business case"
    assert summary["B2"].value == "'" + MALICIOUS
    assert summary["B3"].value == "'@consortium"
    assert "'-2+3" in [r[0] for r in _rows(book, "Partners")]
    assert "'-2+3" in [r[1] for r in _rows(book, "Joining and leaving")]
    assert _rows(book, "Principles")[1][0] == "'+SUM(A1:A9)"
    assert "'+SUM(A1:A9)" in [r[1] for r in _rows(book, "Scores given")]
    assert book.properties.title == "'" + MALICIOUS + " — shared-service business case"
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
