"""Organisations see their own live figures before publication, marked as a draft, against the
peers of the newest publication (peers stay as published): on the page, in the PDF and the
workbook, and in the JSON API (``"draft": true``)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from cli.bundles import NAMES, Y1, changed_round
from corpbench.loading import load_path
from ingest.bundles import write_folder
from web.conftest import FOOTPRINT, NATIONAL, ORG, OTHER_ORG, Web


def _load_changes(web: Web) -> None:
    """After the fixture's publication: AC001's HR raised to £1.1m (its own draft) and AC002's
    HR to £2.0m (a peer's change, not published)."""
    tables = changed_round()
    for row in tables["function_costs"]:
        if row[:3] == ["AC002", Y1, "hr"]:
            row[4] = "1800000"
    assert load_path(
        web.store, write_folder(web.tmp / "v2", tables), by="t", settings=web.settings
    ).stored


def _api(web: Web, email: str, **params: str) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {web.token(email)}"}
    r = web.client().get(
        "/api/v1/organisations/AC001/benchmark",
        params={"year": Y1, "method": "median", **params},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    rows: list[dict[str, Any]] = r.json()
    return rows


def _hr(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return next(r for r in rows if r["function"] == "hr")


def test_the_draft_shows_the_organisations_own_live_figures_marked_as_such(web: Web) -> None:
    _load_changes(web)
    client = web.signed_in(ORG)
    published_page = client.get(f"/organisations/AC001?year={Y1}").text
    assert 'id="show-draft"' in published_page
    html = client.get(f"/organisations/AC001?year={Y1}&view=draft").text
    published_on = web.store.publications.latest().published_at.strftime("%d %B %Y")  # type: ignore[union-attr]
    assert f"Draft — not yet published; peers as published on {published_on}" in html
    assert 'id="draft-note"' in html
    hr_row = html.split('<th scope="row">HR</th>')[1].split("</tr>")[0]
    assert hr_row.split("</td>")[0].endswith(">1,100")  # its own live HR cost, £000
    # the controls keep the draft view
    assert '<input type="hidden" name="view" value="draft">' in html
    assert "report.pdf?year=2009/10&amp;method=iqm&amp;grouping=org_type&amp;view=draft" in html


def test_peers_stay_as_published(web: Web) -> None:
    _load_changes(web)
    published = _hr(_api(web, ORG))
    draft = _hr(_api(web, ORG, view="draft"))
    live = _hr(_api(web, NATIONAL))
    assert (published["draft"], draft["draft"], live["draft"]) == (False, True, False)
    assert draft["kpis"]["pct_turnover"] == pytest.approx(1.1)
    assert published["kpis"]["pct_turnover"] == pytest.approx(1.0)
    # by hand: acute HR as % of turnover — draft 1.1 (AC001) and 1.0 × 4 as published; the
    # live figures have AC002 at 2.0 as well
    assert draft["peer"]["n"] == 5
    assert draft["peer"]["median"] == pytest.approx(1.0)
    assert draft["peer"]["iqm"] == pytest.approx(1.0)  # the three middle values, all 1.0
    assert live["peer"]["iqm"] == pytest.approx((1.0 + 1.0 + 1.1) / 3)
    assert draft["saving"] == pytest.approx(100_000)  # (1.1 - 1.0) % of £100m


def test_only_an_organisation_user_gets_a_draft_and_only_of_its_own(web: Web) -> None:
    _load_changes(web)
    assert _hr(_api(web, NATIONAL, view="draft"))["draft"] is False  # live figures instead
    assert _hr(_api(web, FOOTPRINT, view="draft"))["draft"] is False  # published instead
    other = web.signed_in(OTHER_ORG)
    assert other.get("/organisations/AC001?view=draft").status_code == 403


def test_the_pdf_and_workbook_of_a_draft_say_so(web: Web) -> None:
    _load_changes(web)
    client = web.signed_in(ORG)
    r = client.get(f"/organisations/AC001/report.xlsx?year={Y1}&view=draft")
    assert r.status_code == 200
    assert 'filename="AC001-2009-10-iqm-draft.xlsx"' in r.headers["content-disposition"]
    summary = openpyxl.load_workbook(io.BytesIO(r.content))["Summary"]
    assert str(summary["A1"].value).startswith(f"DRAFT: {NAMES['AC001']}")
    rows = {row[0].value: row[1].value for row in summary.iter_rows(min_row=2) if row[0].value}
    assert str(rows["Draft"]).startswith("Draft — not yet published; peers as published on ")
    assert rows["Published"] is None
    r = client.get(f"/organisations/AC001/report.pdf?year={Y1}&view=draft")
    assert 'filename="AC001-2009-10-iqm-draft.pdf"' in r.headers["content-disposition"]
    text = PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    assert "Draft — not yet published" in text
    entry = web.store.audit.entries(action="export")[0]
    assert entry.detail["draft"] is True
    # the published download is not marked
    r = client.get(f"/organisations/AC001/report.xlsx?year={Y1}")
    assert 'filename="AC001-2009-10-iqm.xlsx"' in r.headers["content-disposition"]
    summary = openpyxl.load_workbook(io.BytesIO(r.content))["Summary"]
    assert not str(summary["A1"].value).startswith("DRAFT")


def test_before_any_publication_the_draft_is_the_organisations_own_figures(web: Web) -> None:
    with web.store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM publication_returns")
        conn.exec_driver_sql("DELETE FROM publications")
    client = web.signed_in(ORG)
    page = client.get("/organisations/AC001").text
    assert "No figures have been published yet" in page
    assert 'id="show-draft"' in page
    html = client.get(f"/organisations/AC001?year={Y1}&view=draft").text
    assert "Draft — not yet published; your own figures only" in html
    assert "functions-table" in html
    rows = _api(web, ORG, view="draft")
    assert all(r["draft"] for r in rows)
    assert _hr(rows)["peer"]["n"] == 1
