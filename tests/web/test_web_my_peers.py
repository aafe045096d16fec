"""The "My peers" page and benchmarking against a saved list in the app: saved with CSRF by an
organisation or footprint user, refused with a sentence below five peers, changed and deleted
as new versions, offered as "My peers: NAME" only to its owner, figures computed on the list.

The tiny round (tests/cli/bundles.py), finance as % of turnover in 2009/10: AC001 1.0,
AC002 1.2, AC003 1.4, AC004 1.6, AC005 3.0, MH002 1.125 (£0.9m of £80m). AC001 among
AC002–AC005 and MH002: 1.0 1.125 1.2 1.4 1.6 3.0 → median (h = 2.5) 1.3, IQM (one off each end)
(1.125 + 1.2 + 1.4 + 1.6) / 4 = 1.33125, AC001 ranks 1st of 6. HR: only the four other acute
trusts returned it, so the list has no HR figures.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from cli.bundles import NAMES, Y1
from corpbench.access import Owner
from web.conftest import FOOTPRINT, NATIONAL, ORG, OTHER_ORG, Web, page_csrf
from web.test_web_labels import _text

FIVE = ["AC002", "AC003", "AC004", "AC005", "MH002"]
GROUPING = quote("mypeers:Big five")


ASH = Owner("organisation", "AC001")


def _save(
    client: TestClient, name: str, codes: list[str], csrf: str | None = None
) -> httpx.Response:
    token = csrf if csrf is not None else page_csrf(client, "/peers")
    return client.post("/peers", data={"csrf_token": token, "name": name, "org": codes})


def test_an_organisation_saves_a_list_and_benchmarks_against_it(web: Web) -> None:
    client = web.signed_in(ORG)
    page = client.get("/peers")
    assert page.status_code == 200
    assert 'id="org-AC001"' not in page.text  # its own organisation is not offered
    assert 'id="org-MH002"' in page.text
    saved = _save(client, "Big five", FIVE)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/peers?saved=Big+five"
    listed = _text(client.get("/peers?saved=Big+five").text)
    assert "Peer list “Big five” saved." in listed
    # a made-up name in the address is not repeated on the page
    assert "Made up" not in client.get("/peers?saved=Made+up&deleted=Made+up").text
    assert f"5: {NAMES['AC002']}" in listed
    html = client.get(f"/organisations/AC001?year={Y1}&grouping={GROUPING}").text
    assert '<option value="mypeers:Big five" selected>My peers: Big five</option>' in html
    assert "Peer group: Big five" in _text(html)
    report = client.get(f"/organisations/AC001/report.csv?year={Y1}&grouping={GROUPING}")
    assert report.status_code == 200
    rows = {r["function"]: r for r in csv.DictReader(io.StringIO(report.text))}
    finance = rows["finance"]
    assert finance["grouping"] == "mypeers:Big five"
    assert (finance["rank"], finance["n"]) == ("1", "6")
    assert float(finance["peer_median"]) == pytest.approx(1.3)
    assert float(finance["peer_iqm"]) == pytest.approx(1.33125)
    assert rows["hr"]["n"] == rows["hr"]["peer_median"] == ""  # four peers with HR: none shown
    # peers stay anonymous: no other organisation's name on the benchmark page
    for code in FIVE:
        assert NAMES[code] not in html


def test_fewer_than_five_peers_is_refused_with_the_reason(web: Web) -> None:
    client = web.signed_in(ORG)
    r = _save(client, "Too few", ["AC001", *FIVE[:4]])
    assert r.status_code == 400
    text = _text(r.text)
    assert "There is a problem" in text
    assert "at least 5 peer organisations besides your own" in text
    assert "this one has 4" in text
    # the choices made are kept on the form
    assert 'value="AC002" checked' in r.text
    assert web.store.my_peers.of_owner(ASH) == {}


def test_a_form_without_its_csrf_token_is_refused(web: Web) -> None:
    client = web.signed_in(ORG)
    r = _save(client, "Big five", FIVE, csrf="forged")
    assert r.status_code in (400, 403)
    assert web.store.my_peers.of_owner(ASH) == {}


def test_change_and_delete_keep_every_version(web: Web) -> None:
    client = web.signed_in(ORG)
    _save(client, "Big five", FIVE)
    edit = client.get("/peers?edit=Big+five")
    assert "Change “Big five”" in edit.text
    assert 'value="MH002" checked' in edit.text
    _save(client, "Big five", [*FIVE[:4], "MH001"])
    csrf = page_csrf(client, "/peers")
    gone = client.post("/peers/delete", data={"csrf_token": csrf, "name": "Big five"})
    assert gone.status_code == 303
    versions = web.store.my_peers.versions(ASH, "Big five")
    assert [(v.version, v.retired, v.peers[-1]) for v in versions] == [
        (1, False, "MH002"),
        (2, False, "MH001"),
        (3, True, "MH001"),
    ]
    # a deleted list is no longer a peer group
    r = client.get(f"/organisations/AC001?year={Y1}&grouping={GROUPING}")
    assert r.status_code == 400
    again = client.post("/peers/delete", data={"csrf_token": csrf, "name": "Big five"})
    assert again.status_code == 404
    assert client.get("/peers?edit=Big+five").status_code == 404


def test_a_list_is_seen_only_by_its_owner(web: Web) -> None:
    _save(web.signed_in(ORG), "Big five", FIVE)
    for email in (OTHER_ORG, FOOTPRINT):
        other = web.signed_in(email)
        assert "Big five" not in other.get("/peers").text
    national = web.signed_in(NATIONAL)
    r = national.get(f"/organisations/AC001?year={Y1}&grouping={GROUPING}")
    assert r.status_code == 400
    assert national.get("/peers").status_code == 403
    assert national.post("/peers", data={"csrf_token": page_csrf(national)}).status_code == 403


def test_a_footprint_benchmarks_its_organisations_against_its_lists(web: Web) -> None:
    client = web.signed_in(FOOTPRINT)
    r = _save(client, "Big five", FIVE)
    assert r.status_code == 303
    assert "/organisations/" not in client.get("/peers").text.split('id="my-peers-table"')[1]
    report = client.get(f"/organisations/AC001/report.csv?year={Y1}&grouping={GROUPING}")
    finance = next(
        r for r in csv.DictReader(io.StringIO(report.text)) if r["function"] == "finance"
    )
    assert float(finance["peer_median"]) == pytest.approx(1.3)
    # the organisation's own user does not see the footprint's list
    assert (
        web.signed_in(ORG).get(f"/organisations/AC001?year={Y1}&grouping={GROUPING}").status_code
        == 400
    )


def test_the_api_answers_under_a_list_of_the_caller_only(web: Web) -> None:
    client = web.signed_in(ORG)
    _save(client, "Big five", FIVE)
    rows = client.get(f"/api/v1/organisations/AC001/benchmark?year={Y1}&grouping={GROUPING}")
    assert rows.status_code == 200
    finance = next(r for r in rows.json() if r["function"] == "finance")
    assert finance["grouping"] == "mypeers:Big five"
    assert finance["peer"]["n"] == 6
    assert finance["peer"]["median"] == pytest.approx(1.3)
    token = web.token(FOOTPRINT)
    other = web.client().get(
        f"/api/v1/organisations/AC001/benchmark?year={Y1}&grouping={GROUPING}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert other.status_code == 400
