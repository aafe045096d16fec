"""The "Change" section of a programme's page: rename (a bad name shown again with its error,
nothing stored) and retire (only once confirmed; then gone from the list, the page and the API,
its records kept), each behind CSRF, offered and allowed only to who may change the programme."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import Actor
from web.conftest import FOOTPRINT, NATIONAL, ORG, Web, csrf_of, page_csrf

NAT = Actor.command_line(NATIONAL)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _programme(web: Web, name: str = "NCL finance") -> int:
    return actions.new_programme(web.store, NAT, name=name, footprint="NCL", year=Y1).id


def _post(client: TestClient, url: str, page: str, **fields: str) -> object:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={"csrf_token": token, **fields})


def _state(web: Web) -> tuple[object, ...]:
    r = web.store.programmes.get(1)
    assert r is not None
    return r.name, r.retired_at, len(web.store.audit.entries())


def test_a_footprint_user_renames_its_programme(web: Web) -> None:
    pid = _programme(web)
    client = web.signed_in(FOOTPRINT)
    page = client.get(f"/programmes/{pid}")
    assert 'id="rename-form"' in page.text
    assert 'id="retire-form"' in page.text
    r = _post(client, f"/programmes/{pid}/rename", f"/programmes/{pid}", name=" NCL back  office")
    assert r.status_code == 303  # type: ignore[attr-defined]
    assert r.headers["location"] == f"/programmes/{pid}?saved=1"  # type: ignore[attr-defined]
    shown = client.get(f"/programmes/{pid}").text
    assert "<h1>NCL back office</h1>" in shown
    entry = web.store.audit.entries(action="programme_save", limit=1)[0]
    assert (entry.actor, entry.detail["name"], entry.detail["renamed_from"]) == (
        FOOTPRINT, "NCL back office", "NCL finance"
    )  # fmt: skip
    assert entry.client != ""  # the web records the address


def test_an_empty_name_is_refused_on_the_page_and_nothing_is_stored(web: Web) -> None:
    pid = _programme(web)
    client = web.signed_in(NATIONAL)
    before = _state(web)
    r = _post(client, f"/programmes/{pid}/rename", f"/programmes/{pid}", name="   ")
    assert r.status_code == 400  # type: ignore[attr-defined]
    body = r.text  # type: ignore[attr-defined]
    found = re.search(r'<p id="change-error">([^<]*)</p>', body)
    assert found
    assert found.group(1) == "a programme needs a name"
    assert 'id="rename-name" name="name" type="text" maxlength="120" value="   "' in body
    assert _state(web) == before


def test_retiring_needs_the_confirmation(web: Web) -> None:
    pid = _programme(web)
    client = web.signed_in(NATIONAL)
    before = _state(web)
    r = _post(client, f"/programmes/{pid}/retire", f"/programmes/{pid}")
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert "Yes, retire this programme” to retire it" in _text(r.text)  # type: ignore[attr-defined]
    assert _state(web) == before


def test_a_retired_programme_is_gone_from_the_list_its_page_and_the_api(web: Web) -> None:
    kept = _programme(web, "Kept on")
    pid = _programme(web, "Wound up")
    client = web.signed_in(FOOTPRINT)
    r = _post(client, f"/programmes/{pid}/retire", f"/programmes/{pid}", confirm="1")
    assert r.status_code == 303  # type: ignore[attr-defined]
    assert r.headers["location"] == "/programmes"  # type: ignore[attr-defined]
    entry = web.store.audit.entries(action="programme_retire", limit=1)[0]
    assert (entry.actor, entry.target, entry.detail["name"]) == (
        FOOTPRINT, f"programme {pid}", "Wound up"
    )  # fmt: skip
    listing = client.get("/programmes").text
    assert "Kept on" in listing
    assert "Wound up" not in listing
    assert client.get(f"/programmes/{pid}").status_code == 404
    assert client.get(f"/programmes/{pid}/benefits").status_code == 404
    api = client.get("/api/v1/programmes").json()
    assert [p["id"] for p in api["items"]] == [kept]
    assert client.get(f"/api/v1/programmes/{pid}").status_code == 404
    # a second retirement has nothing to retire
    again = client.post(
        f"/programmes/{pid}/retire", data={"csrf_token": csrf_of(listing), "confirm": "1"}
    )
    assert again.status_code == 404
    assert len(web.store.audit.entries(action="programme_retire")) == 1
    assert web.store.programmes.get(pid) is not None  # still stored


def test_an_organisation_user_is_offered_no_change_and_refused_one(web: Web) -> None:
    pid = _programme(web)
    client = web.signed_in(ORG)
    page = client.get(f"/programmes/{pid}")
    assert page.status_code == 200
    assert 'id="rename-form"' not in page.text
    assert 'id="retire-form"' not in page.text
    before = _state(web)
    token = page_csrf(client)
    for url, fields in ((f"/programmes/{pid}/rename", {"name": "Ours now"}),
                        (f"/programmes/{pid}/retire", {"confirm": "1"})):  # fmt: skip
        r = client.post(url, data={"csrf_token": token, **fields})
        assert r.status_code == 403
    assert _state(web) == before


def test_a_change_without_the_csrf_token_is_refused(web: Web) -> None:
    pid = _programme(web)
    client = web.signed_in(NATIONAL)
    before = _state(web)
    assert client.post(f"/programmes/{pid}/retire", data={"confirm": "1"}).status_code == 400
    assert client.post(f"/programmes/{pid}/rename", data={"name": "X"}).status_code == 400
    assert _state(web) == before
