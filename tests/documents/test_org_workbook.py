"""org_workbook and functions_csv: the view's tables and native charts, every text cell safe from
formula injection, and no other organisation named when peers are anonymised."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime
from xml.sax.saxutils import escape

import pytest
from openpyxl import load_workbook

from corpbench.documents.org_workbook import functions_csv, org_workbook
from corpbench.documents.safe import is_dangerous
from corpbench.store.conversation import Note
from corpbench.views import organisation_view
from views.rounds import DANGEROUS_NAME, NAMES, Y1, engine

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _chart_xml(data: bytes, n: int) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(f"xl/charts/chart{n}.xml").decode()


def test_every_text_cell_is_neutralised() -> None:
    view = organisation_view(engine(), "AC004", Y1)
    data = org_workbook(view, data_date="2026-11-20")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [
        "Summary", "Functions", "Ranking", "Savings by method", "Saving interval",
        "Distribution", "Trend", "Peer statistics",
    ]  # fmt: skip
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    assert not is_dangerous(cell.value), (ws.title, cell.coordinate, cell.value)
    assert wb["Summary"]["B2"].value == "'" + DANGEROUS_NAME
    assert (
        wb["Summary"]["A1"].value
        == "'" + DANGEROUS_NAME + " — corporate services benchmark 2009/10"
    )
    # the organisation's own bar in the ranking is labelled with its (neutralised) name
    ranking = {r[1]: r for r in wb["Ranking"].iter_rows(min_row=2, values_only=True)}
    assert ranking["'" + DANGEROUS_NAME][2] == 2.0
    assert "'" + DANGEROUS_NAME in texts


def test_csv_is_neutralised() -> None:
    text = functions_csv(organisation_view(engine(), "AC004", Y1))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["function"] for r in rows] == ["finance", "all"]
    assert {r["org_name"] for r in rows} == {"'" + DANGEROUS_NAME}
    assert rows[0]["saving"] == "600000.0"
    assert rows[0]["cost_per_fte"] == ""  # undefined, not 0
    for r in rows:
        for key in ("org_code", "org_name", "year", "method", "grouping", "function"):
            assert not is_dangerous(r[key])


def test_functions_sheet_holds_the_view_figures_as_numbers() -> None:
    view = organisation_view(engine(), "AC002", Y1)
    wb = load_workbook(io.BytesIO(org_workbook(view)))
    ws = wb["Functions"]
    header = [c.value for c in ws[1]]
    # people read titles, not column names; the function by its title only
    assert header[:4] == ["Function", "Cost (£)", "FTE", "Cost as % of turnover"]
    assert header[-2:] == ["Target (% of turnover)", "Saving (£)"]
    assert "function" not in header
    assert "pct_turnover" not in header
    columns = [c for c in view.functions.columns if c != "function"]
    assert len(header) == len(columns)
    rows = [dict(zip(columns, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    # numbers are numeric cells (openpyxl writes 15-16 significant digits)
    assert rows == [
        {k: pytest.approx(v, rel=1e-15) if isinstance(v, float) else v for k, v in r.items()}
        for r in view.functions.drop("function").to_dicts()
    ]
    assert [r["function_label"] for r in rows] == ["Finance", "HR", "Whole organisation"]
    assert ws["B2"].number_format == "#,##0"
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r[0]}
    assert summary["Saving opportunity (£)"] == pytest.approx(500_000)
    assert summary["Savings method"] == "IQM"
    assert summary["Organisation type"] == "Acute trust"
    assert summary["Peer grouping"] == "Organisation type"
    assert summary["Peer group"] == "Acute trust"


def test_every_sheet_names_kpis_and_functions_by_their_titles() -> None:
    wb = load_workbook(io.BytesIO(org_workbook(organisation_view(engine(), "AC002", Y1))))
    for name in ("Distribution", "Trend", "Peer statistics"):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        assert header[:2] == ["KPI", "Function"], name
        cells = {str(c) for row in ws.iter_rows(min_row=2, values_only=True) for c in row}
        assert "Cost as % of turnover" in cells, name
        assert not cells & {"pct_turnover", "finance", "all"}, name


def test_ranking_chart_highlights_the_organisation() -> None:
    view = organisation_view(engine(), "AC001", Y1)
    data = org_workbook(view)
    xml = _chart_xml(data, 1)
    assert "<barChart>" in xml
    # all: AC003 0.8, AC001 1.5, AC002 2.0, AC004 2.0 → the organisation is the 2nd bar
    assert "<f>'Ranking'!$C$2:$C$5</f>" in xml
    assert "<f>'Ranking'!$B$2:$B$5</f>" in xml
    points = re.findall(r'<dPt><idx val="(\d+)" /><spPr><a:solidFill><a:srgbClr val="(\w+)"', xml)
    assert points == [("1", "005EB8")]
    ws = load_workbook(io.BytesIO(data))["Ranking"]
    assert [c.value for c in ws["B"]][1:] == ["Peer 1", "Alpha Hospitals", "Peer 2", "Peer 3"]
    assert [c.value for c in ws["C"]][1:] == [0.8, 1.5, 2.0, 2.0]


def test_savings_chart_stacks_functions_by_method() -> None:
    view = organisation_view(engine(), "AC002", Y1)
    data = org_workbook(view)
    xml = _chart_xml(data, 2)
    assert '<grouping val="stacked" />' in xml
    # one series per function (finance, hr), values across the 7 method columns
    assert re.findall(r"<val><numRef><f>([^<]+)</f>", xml) == [
        "'Savings by method'!$B$2:$H$2",
        "'Savings by method'!$B$3:$H$3",
    ]
    ws = load_workbook(io.BytesIO(data))["Savings by method"]
    assert [c.value for c in ws[1]] == [
        "Function", "IQM", "median", "top quartile", "Hackett best", "Hackett median",
        "7% ceiling", "6% ceiling",
    ]  # fmt: skip
    assert ws["A2"].value == "Finance"
    assert ws["D2"].value == pytest.approx(1_100_000)
    assert ws["A4"].value == "Total saving"


def test_no_other_organisation_in_the_workbook_or_csv() -> None:
    view = organisation_view(engine(), "AC001", Y1)
    data = org_workbook(view)
    archive = zipfile.ZipFile(io.BytesIO(data))
    text = "".join(archive.read(name).decode() for name in archive.namelist())
    csv_text = functions_csv(view)
    for code, name in NAMES.items():
        if code == "AC001":
            continue
        for haystack in (text, csv_text):
            assert code not in haystack
            assert escape(name, {'"': "&quot;"}) not in haystack
            assert escape(name) not in haystack
    assert "Alpha Hospitals" in text
    # revealed, the peers are named
    revealed = org_workbook(organisation_view(engine(), "AC001", Y1, reveal_peers=True))
    ws = load_workbook(io.BytesIO(revealed))["Ranking"]
    assert [c.value for c in ws["B"]][1:] == [NAMES[c] for c in ("AC003", "AC001", "AC002")] + [
        "'" + DANGEROUS_NAME
    ]


def _note(number: int, text: str) -> Note:
    at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    return Note("AC004", Y1, number, 1, text, False, 1, at, "ana@nhs.test")


def test_notes_on_the_return_have_their_own_sheet_with_text_neutralised() -> None:
    view = organisation_view(engine(), "AC004", Y1)
    notes = [_note(1, "Commissioning costs excluded"), _note(3, '=HYPERLINK("x")')]
    wb = load_workbook(io.BytesIO(org_workbook(view, notes=notes)))
    assert wb.sheetnames[-1] == "Notes on the return"
    rows = list(wb["Notes on the return"].iter_rows(values_only=True))
    assert rows == [
        ("Note", f"Note on the {Y1} return", "By", "When (UTC)"),
        (1, "Commissioning costs excluded", "ana@nhs.test", datetime(2026, 12, 1, 9, 30)),
        (3, '\'=HYPERLINK("x")', "ana@nhs.test", datetime(2026, 12, 1, 9, 30)),
    ]
    # no notes, no sheet
    assert "Notes on the return" not in load_workbook(io.BytesIO(org_workbook(view))).sheetnames
