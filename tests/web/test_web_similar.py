"""The grouping ``similar`` in the app: offered in the grouping menu by its title, the peer group
named after the organisation for people, and its code in the JSON API."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from cli.bundles import NAMES, Y1
from web.conftest import FOOTPRINT, NATIONAL, Web
from web.test_web_labels import _text


def test_the_organisation_page_offers_and_names_similar_organisations(web: Web) -> None:
    html = web.signed_in(NATIONAL).get(f"/organisations/AC005?year={Y1}&grouping=similar").text
    assert '<option value="similar" selected>Similar organisations</option>' in html
    text = _text(html)
    assert f"Peer group: Organisations similar to {NAMES['AC005']}" in text
    assert "similar:AC005" not in text


def test_the_api_and_the_other_pages_accept_grouping_similar(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    rows = client.get(f"/api/v1/organisations/AC005/benchmark?year={Y1}&grouping=similar")
    assert rows.status_code == 200
    finance = next(r for r in rows.json() if r["function"] == "finance")
    assert finance["grouping"] == "similar"
    # all five acute trusts (default k 10): 1.0, 1.2, 1.4, 1.6, 3.0 % -> IQM 1.4
    assert finance["peer"]["n"] == 5
    assert abs(finance["peer"]["iqm"] - 1.4) < 1e-12
    assert client.get(f"/national?year={Y1}&grouping=similar").status_code == 200
    footprint = web.signed_in(FOOTPRINT).get(f"/footprints/NCL?year={Y1}&grouping=similar")
    assert footprint.status_code == 200


def test_the_downloads_name_the_similar_group_for_people(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    r = client.get(f"/organisations/AC005/report.xlsx?year={Y1}&method=iqm&grouping=similar")
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    values = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert f"Organisations similar to {NAMES['AC005']}" in values
    assert not any("similar:" in v for v in values)
    r = client.get(f"/organisations/AC005/report.csv?year={Y1}&method=iqm&grouping=similar")
    rows = {row["function"]: row for row in csv.DictReader(io.StringIO(r.text))}
    assert float(rows["finance"]["saving"]) == pytest.approx(1_600_000)  # all five: IQM 1.4%
    pdf = client.get(f"/organisations/AC005/report.pdf?year={Y1}&grouping=similar")
    assert pdf.status_code == 200
