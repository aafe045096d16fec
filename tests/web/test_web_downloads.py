"""Downloads of an organisation's benchmark: the board PDF, the workbook and the CSV, with peers
anonymised for an organisation user and spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader

from cli.bundles import NAMES, Y1
from web.conftest import NATIONAL, ORG, Web


def test_the_board_pdf_is_an_a4_report_of_the_organisation(web: Web) -> None:
    r = web.signed_in(ORG).get(f"/organisations/AC001/report.pdf?year={Y1}&method=iqm")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert 'filename="AC001-2009-10-iqm.pdf"' in r.headers["content-disposition"]
    pdf = PdfReader(io.BytesIO(r.content))
    width, height = (float(x) for x in pdf.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert NAMES["AC001"] in text
    others = [name for code, name in NAMES.items() if code != "AC001" and name in text]
    assert others == []
    entry = web.store.audit.entries(action="export")[0]
    assert (entry.actor, entry.target) == (ORG, "AC001 report.pdf")


def test_the_workbook_and_csv_carry_the_page_figures(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    r = client.get(f"/organisations/AC005/report.csv?year={Y1}&method=iqm")
    assert r.status_code == 200
    rows = {row["function"]: row for row in csv.DictReader(io.StringIO(r.text))}
    assert float(rows["finance"]["saving"]) == pytest.approx(1_600_000)  # £3.0m, IQM 1.4%
    assert float(rows["finance"]["cost"]) == 3_000_000
    r = client.get(f"/organisations/AC005/report.xlsx?year={Y1}&method=iqm")
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == NAMES["AC005"] or NAMES["AC005"] in str(c.value) for c in cells)


def test_an_organisation_user_gets_no_peer_names_in_any_download(web: Web) -> None:
    client = web.signed_in(ORG)
    r = client.get(f"/organisations/AC001/report.xlsx?year={Y1}")
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    text = " ".join(
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    )
    assert NAMES["AC001"] in text
    for code, name in NAMES.items():
        if code != "AC001":
            assert name not in text
            assert code not in text
    csv_text = client.get(f"/organisations/AC001/report.csv?year={Y1}").text
    assert all(code not in csv_text for code in NAMES if code != "AC001")


def test_downloads_of_an_organisation_out_of_scope_are_refused(web: Web) -> None:
    client = web.signed_in(ORG)
    for kind in ("pdf", "xlsx", "csv"):
        r = client.get(f"/organisations/AC005/report.{kind}")
        assert r.status_code == 403
        assert NAMES["AC005"] not in r.text
