"""The readiness downloads' documents over hand-made rows: the workbook's sheets and the PDF's
HTML (the gate in words; a typed name cannot break out of the page footer's CSS string)."""

from __future__ import annotations

import io

import openpyxl

from corpbench.documents.readiness_report import (
    ReadinessReport,
    readiness_html,
    readiness_tables,
    readiness_xlsx,
)

ITEMS = {"budget": "Yes", "wte": "Yes", "volumes": "No", "performance": "No",
         "operating_model": "Yes"}  # fmt: skip


def _report(name: str = "North finance", ready: bool = True) -> ReadinessReport:
    return ReadinessReport(
        name=name,
        footprint=None,
        year="2016/17",
        partners=("Ash Trust", "Elm Trust"),
        ready=ready,
        gate_sentence="Ready for design: all ten must-haves are met, each with evidence.",
        missing=(),
        questions=[{"title": "Who takes decisions", "rag_label": "Green", "answer": "+the board",
                    "owner": "Chair", "date": "2026-01-05"}],
        must_haves=[{"title": "Scope agreed", "met_label": "Met", "evidence": "@paper 3"}],
        completeness=[
            {"org_name": "Ash Trust", "org_code": "AA1", "function": "Finance", **ITEMS,
             "completeness": "60%"},
            {"org_name": "Elm Trust", "org_code": "EE1", "function": "Finance",
             **dict.fromkeys(ITEMS, "No"), "completeness": "0%"},
        ],
        completeness_year="2016/17",
    )  # fmt: skip


def test_tables_carry_words_and_completeness_as_a_share() -> None:
    sheets = readiness_tables(_report())
    assert list(sheets) == ["Gate", "Questions", "Must-haves", "Completeness"]
    gate = dict(zip(sheets["Gate"]["Item"], sheets["Gate"]["Value"], strict=True))
    assert gate["Partners"] == "Ash Trust, Elm Trust"
    assert gate["Footprint"] == ""
    assert sheets["Completeness"]["Completeness"].to_list() == [0.6, 0.0]
    assert sheets["Completeness"]["Volumes"].to_list() == ["No", "No"]


def test_workbook_neutralises_text_that_starts_a_formula() -> None:
    book = openpyxl.load_workbook(io.BytesIO(readiness_xlsx(_report("=cmd"))))
    questions = [[c.value for c in r] for r in book["Questions"].iter_rows(min_row=3)]
    assert questions == [["Who takes decisions", "Green", "'+the board", "Chair", "2026-01-05"]]
    assert book["Must-haves"]["C3"].value == "'@paper 3"
    assert book["Gate"]["B3"].value == "'=cmd"
    assert book["Completeness"]["I3"].value == 0.6


def test_html_gate_and_a_hostile_name_in_the_footer() -> None:
    html = readiness_html(_report('Bad"; } body { display: none } "'), produced=None)
    # quotes, semicolons, colons and braces dropped: the name stays inside the CSS string
    assert 'content: "Bad  body  display none   · readiness · corpbench";' in html
    assert "display: none" not in html.split("<style>")[1].split("</style>")[0]
    assert "Ready for design</h2>" in html
    not_ready = readiness_html(_report(ready=False))
    assert "Not ready for design</h2>" in not_ready
