"""A programme's readiness downloads (docs/programme.md, issue 13 item 7): a board-ready A4 PDF
(the gate in words, the ten questions with owner, date and RAG in words, the must-haves with
their evidence, the baseline completeness table; WeasyPrint from
``templates/readiness_report.html``) and a workbook of the same tables with the programme's
lessons. Both take the page's rows (:mod:`corpbench.views.programme`): titles, not codes."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from corpbench.documents.pdf import html_pdf, render_html
from corpbench.documents.xlsx import write_tables_xlsx
from corpbench.programme.readiness import BASELINE_ITEMS

TEMPLATE = "readiness_report.html"

_CSS_UNSAFE = re.compile(r"[^\w .,()/+-]")

Row = Mapping[str, object]


@dataclass(frozen=True)
class ReadinessReport:
    """What the downloads show: the programme, its gate in words and its tables for people."""

    name: str
    footprint: str | None
    year: str | None
    partners: tuple[str, ...]  # names
    ready: bool
    gate_sentence: str
    missing: tuple[str, ...]  # "title (reason)"
    questions: Sequence[Row]  # views.programme.question_rows
    must_haves: Sequence[Row]  # views.programme.must_have_rows
    completeness: Sequence[Row]  # views.programme.completeness_rows
    completeness_year: str | None


def readiness_html(report: ReadinessReport, *, produced: dt.date | None = None) -> str:
    """The HTML the PDF is made from (see :func:`readiness_pdf`)."""
    day = produced or dt.datetime.now(dt.UTC).date()
    # the footer is a CSS string: the typed name keeps only characters safe in one
    footer = f"{_CSS_UNSAFE.sub('', report.name)} · readiness · corpbench"
    return render_html(
        TEMPLATE,
        {"r": report, "items": BASELINE_ITEMS, "produced": day.strftime("%d %B %Y"),
         "footer": footer},
    )  # fmt: skip


def readiness_pdf(report: ReadinessReport, *, produced: dt.date | None = None) -> bytes:
    """The readiness report as an A4 PDF: the bytes of the file."""
    return html_pdf(readiness_html(report, produced=produced))


def _text_table(rows: Sequence[Row], columns: Mapping[str, str]) -> pl.DataFrame:
    """``rows`` as a table of text columns: ``columns`` maps a row key to its header."""
    return pl.DataFrame(
        {header: [str(r[key]) for r in rows] for key, header in columns.items()},
        schema=dict.fromkeys(columns.values(), pl.String),
    )


def readiness_tables(
    report: ReadinessReport, lessons: pl.DataFrame | None = None
) -> dict[str, pl.DataFrame]:
    """The workbook's sheets: "Gate", "Questions", "Must-haves", "Completeness" (each
    completeness a number 0 … 1) and, when given, "Lessons" (views.programme's label table)."""
    gate = pl.DataFrame(
        {
            "Item": ["Programme", "Footprint", "Baseline year", "Partners", "Gate",
                     *["Missing"] * len(report.missing)],
            "Value": [report.name, report.footprint or "", report.year or "",
                      ", ".join(report.partners), report.gate_sentence, *report.missing],
        },
        schema={"Item": pl.String, "Value": pl.String},
    )  # fmt: skip
    questions = _text_table(
        report.questions,
        {"title": "Question", "rag_label": "RAG", "answer": "Answer", "owner": "Owner",
         "date": "Date"},
    )  # fmt: skip
    musts = _text_table(
        report.must_haves, {"title": "Must-have", "met_label": "Status", "evidence": "Evidence"}
    )
    share = [float(str(r["completeness"]).rstrip("%")) / 100 for r in report.completeness]
    complete = _text_table(
        report.completeness,
        {"org_name": "Organisation", "org_code": "Code", "function": "Function",
         **{k: title for k, title in BASELINE_ITEMS.items()}},
    ).with_columns(pl.Series("Completeness", share, dtype=pl.Float64))  # fmt: skip
    sheets = {"Gate": gate, "Questions": questions, "Must-haves": musts, "Completeness": complete}
    if lessons is not None:
        sheets["Lessons"] = lessons
    return sheets


def readiness_xlsx(report: ReadinessReport, lessons: pl.DataFrame | None = None) -> bytes:
    """The readiness workbook (:func:`readiness_tables`); text neutralised against formulas."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "readiness.xlsx"
        write_tables_xlsx(
            path,
            readiness_tables(report, lessons),
            title=f"{report.name}: readiness",
            number_formats={"Completeness": "0%"},
        )
        return path.read_bytes()
