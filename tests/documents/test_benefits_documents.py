"""A programme's benefits as documents: the board-ready A4 PDF (envelopes, lines, each line's
XmR chart as vector SVG with its words) and the workbook (every line and month, full precision,
user text neutralised)."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pypdf
import pytest

from corpbench.documents.benefits_pdf import benefits_pdf
from corpbench.documents.benefits_workbook import benefits_workbook
from corpbench.programme.benefits import BenefitLine, envelopes

A4 = (595.28, 841.89)  # points


def _lines() -> list[BenefitLine]:
    months = [f"2017-{m:02d}" for m in range(1, 13)] + ["2018-01", "2018-02"]
    cost = {m: 50_000.0 + (200 if i % 2 else -200) for i, m in enumerate(months)}
    cost["2018-02"] = 40_000.0
    return [
        BenefitLine(1, "payroll", "=SUM(A1) payroll cost", "FD", True, 50_000.0, 45_000.0,
                    "decrease", planned={"2017-01": 49_000.0}, actuals=cost),
        BenefitLine(2, "finance", "Invoices paid in 30 days (%)", "AP lead", False, 88.0, 95.0,
                    "increase", actuals={"2017-01": 90.0, "2017-02": 91.5}),
    ]  # fmt: skip


def test_the_pdf_is_a4_with_envelopes_lines_and_a_vector_chart_per_line() -> None:
    lines = _lines()
    pdf = benefits_pdf("Shared payroll", lines, envelopes(lines), produced=dt.date(2026, 12, 6))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))
    # realised: −200 + 200 − … over 13 months nets 200 below the baseline, then £10,000
    assert "Realised cashable savings £10,200" in text
    assert "Shared payroll — benefits" in text
    assert "Special cause variation of an improving nature: lower is better" in text
    assert "Only 2 points" in text  # line 2's warning
    assert "Only 14 points" not in text
    # the charts are drawn as vectors: no raster image on any page
    assert all(not page.images for page in reader.pages)


def test_the_workbook_holds_every_line_and_month_neutralised() -> None:
    lines = _lines()
    wb = openpyxl.load_workbook(io.BytesIO(benefits_workbook("P", lines, envelopes(lines))))
    assert wb.sheetnames == ["Lines", "Values", "Envelopes"]
    values = list(wb["Values"].iter_rows(values_only=True))
    assert len(values) == 1 + 14 + 2
    assert values[1][:9] == (1, "Payroll", "'=SUM(A1) payroll cost", "FD", "yes", "2017-01",
                             49_000.0, 49_800.0, 200.0)  # fmt: skip
    assert values[-1][5:9] == ("2017-02", None, 91.5, 3.5)
    lines_sheet = list(wb["Lines"].iter_rows(values_only=True))
    assert lines_sheet[1][2] == "'=SUM(A1) payroll cost"
    assert lines_sheet[2][10] == "not cashable"


def test_the_envelopes_sheet_bolds_its_header_row_not_the_blank_row_above() -> None:
    lines = _lines()
    wb = openpyxl.load_workbook(io.BytesIO(benefits_workbook("P", lines, envelopes(lines))))
    sheet = wb["Envelopes"]
    rows = list(sheet.iter_rows())
    texts = [[c.value for c in row] for row in rows]
    assert texts[0][0] == "P"
    assert all(v is None for v in texts[1])  # the blank row between title and table
    assert texts[2] == ["Envelope", "Amount", "How the savings compare"]
    bold = [r[0].row for r in rows if any(c.font is not None and c.font.bold for c in r)]
    # the title (row 1) and the header (row 3); no blank row, no body row
    assert bold == [1, 3]
    assert len(rows) > 3  # there are body rows, and none of them is bold
