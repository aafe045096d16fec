"""Queries and notes in the web app: the national team asks on a warning from the return's page,
the organisation answers from its Queries page, the national team closes; notes are added,
changed and withdrawn; every form needs its CSRF token and every route its scope."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from cli.bundles import Y1
from web.conftest import FOOTPRINT, NATIONAL, ORG, OTHER_ORG, Web, page_csrf

WARNING = f"AC005 {Y1} finance: finance cost_per_fte is 100000.0"


def _post(client: TestClient, path: str, data: dict[str, str]) -> tuple[int, str]:
    r = client.post(path, data={"csrf_token": page_csrf(client), **data})
    return r.status_code, r.headers.get("location", "")


def _warning_value(page: str) -> str:
    """The form value of the first option of the 2009/10 warnings that names WARNING."""
    select = page.split(f'id="warning-{Y1.replace("/", "-")}"')[1].split("</select>")[0]
    for value, text in re.findall(r'<option value="([^"]*)">([^<]*)</option>', select):
        if WARNING in html.unescape(text):
            return html.unescape(value)
    raise AssertionError("the warning is not offered")


def test_the_conversation_from_question_to_close(web: Web) -> None:
    nat = web.signed_in(NATIONAL)
    page = nat.get("/returns/AC005").text
    assert 'id="no-queries"' in page
    value = _warning_value(page)
    status, location = _post(
        nat,
        "/returns/AC005/queries",
        {"year": Y1, "warning": value, "text": "Is the finance FTE right?"},
    )
    (query,) = web.store.conversation.queries("AC005")
    assert (status, location) == (303, f"/returns/AC005#query-{query.id}")
    assert query.warning_code == "peer_outlier"
    assert query.warning_text is not None
    assert query.warning_text.startswith(WARNING)
    shown = nat.get("/returns/AC005").text
    section = shown.split(f'id="query-{query.id}"')[1].split("</section>")[0]
    # words, not codes: the catalogue's meaning of the warning, the role's word
    assert "On the warning: A KPI is far outside its peer group" in section
    assert "peer_outlier" not in section
    assert "Is the finance FTE right?" in section
    assert "waiting for the organisation" in section
    assert nat.get("/returns").text.count("1 open query") == 1
    listed = nat.get("/queries").text
    assert f'href="/returns/AC005#query-{query.id}"' in listed
    # the organisation answers from its Queries page, back to that page
    elm = web.signed_in(OTHER_ORG)
    own = elm.get("/queries").text
    assert "Is the finance FTE right?" in own
    assert 'href="/submit"' in own
    assert 'action="/queries/1/close"' not in own  # only the national team closes
    status, location = _post(
        elm,
        f"/queries/{query.id}/reply",
        {"text": "Yes: two finance teams merged.", "back": "queries"},
    )
    assert (status, location) == (303, f"/queries#query-{query.id}")
    # another organisation neither sees nor answers it
    ash = web.signed_in(ORG)
    assert "Is the finance FTE right?" not in ash.get("/queries").text
    assert _post(ash, f"/queries/{query.id}/reply", {"text": "me too"})[0] == 403
    assert _post(elm, f"/queries/{query.id}/close", {"outcome": "resolved"})[0] == 403
    # closed as trusted, accepting the version
    status, _ = _post(
        nat,
        f"/queries/{query.id}/close",
        {"outcome": "trusted", "text": "Thanks.", "accept": "yes"},
    )
    assert status == 303
    done = web.store.conversation.query(query.id)
    assert done is not None
    assert [(m.kind, m.by) for m in done.messages] == [
        ("question", NATIONAL),
        ("reply", OTHER_ORG),
        ("close", NATIONAL),
    ]
    assert web.store.reviews.statuses(Y1, "AC005")[0].status == "accepted"
    shown = nat.get("/returns/AC005").text
    assert "Closed: Figure trusted" in shown
    assert nat.get("/queries").text.count("0 open queries") == 1
    assert f"/returns/AC005#query-{query.id}" in nat.get("/queries?state=closed").text
    assert _post(elm, f"/queries/{query.id}/reply", {"text": "late"})[0] == 400


def test_a_warning_that_is_not_the_returns_is_refused(web: Web) -> None:
    nat = web.signed_in(NATIONAL)
    for value in ("peer_outlier|AC001 2009/10 made up", f"peer_outlier|{WARNING}"):
        status, _ = _post(
            nat, "/returns/AC001/queries", {"year": Y1, "warning": value, "text": "?"}
        )
        assert status == 400
    assert web.store.conversation.queries() == []


def test_every_conversation_form_needs_its_csrf_token(web: Web) -> None:
    nat = web.signed_in(NATIONAL)
    query = web.store.conversation.open("AC001", Y1, "Q", by=NATIONAL, role="national")
    for path, data in [
        ("/returns/AC001/queries", {"year": Y1, "text": "Why?"}),
        (f"/queries/{query.id}/reply", {"text": "hi"}),
        (f"/queries/{query.id}/close", {"outcome": "resolved"}),
        ("/returns/AC001/notes", {"year": Y1, "text": "n"}),
        ("/returns/AC001/notes/revise", {"year": Y1, "number": "1", "text": "n"}),
    ]:
        assert nat.post(path, data=data).status_code == 400, path
        assert nat.post(path, data={**data, "csrf_token": "forged"}).status_code == 400, path
    assert len(web.store.conversation.queries()) == 1
    assert web.store.conversation.notes("AC001") == []


def test_notes_are_added_changed_and_withdrawn_from_the_pages(web: Web) -> None:
    ash = web.signed_in(ORG)
    status, location = _post(
        ash, "/returns/AC001/notes", {"year": Y1, "text": "Commissioning costs excluded"}
    )
    assert (status, location) == (303, f"/returns/AC001#note-{Y1.replace('/', '-')}-1")
    nat = web.signed_in(NATIONAL)
    page = nat.get("/returns/AC001").text
    assert "Commissioning costs excluded" in page
    status, _ = _post(
        nat,
        "/returns/AC001/notes/revise",
        {"year": Y1, "number": "1", "text": "Commissioning costs (£2m) excluded", "withdraw": "no"},
    )
    assert status == 303
    own = ash.get("/queries").text
    assert "Commissioning costs (£2m) excluded" in own
    assert "version 2" in own
    assert _post(
        ash, "/returns/AC001/notes/revise", {"year": Y1, "number": "1", "withdraw": "yes"}
    ) == (303, "/returns/AC001#notes")
    assert web.store.conversation.notes("AC001") == []
    assert 'id="no-notes"' in nat.get("/returns/AC001").text
    assert [n.version for n in web.store.conversation.note_history("AC001", Y1, 1)] == [1, 2, 3]
    # another organisation, or a footprint, cannot note AC001's return
    assert (
        _post(web.signed_in(OTHER_ORG), "/returns/AC001/notes", {"year": Y1, "text": "x"})[0] == 403
    )
    assert (
        _post(web.signed_in(FOOTPRINT), "/returns/AC001/notes", {"year": Y1, "text": "x"})[0] == 403
    )
    assert web.store.audit.count("return_note") == 3


def test_a_resubmission_after_a_question_links_the_new_version(web: Web) -> None:
    from pathlib import Path

    from cli.bundles import changed_round
    from ingest.bundles import write_zip

    nat = web.signed_in(NATIONAL)
    query = web.store.conversation.open("AC001", Y1, "Check HR", by=NATIONAL, role="national")
    book = write_zip(Path(web.tmp) / "v2.zip", changed_round())
    r = nat.post(
        "/submit",
        data={"csrf_token": page_csrf(nat)},
        files=[("files", ("v2.zip", book.read_bytes(), "application/zip"))],
    )
    assert r.status_code == 200
    page = web.signed_in(ORG).get("/queries").text
    section = page.split(f'id="query-{query.id}"')[1].split("</section>")[0]
    link = f'href="/returns/AC001#version-{Y1.replace("/", "-")}-2"'
    assert link in section
    assert "waiting for the national team" in section
    history = nat.get("/returns/AC001").text
    assert f'id="version-{Y1.replace("/", "-")}-2"' in history


def test_the_notes_of_the_return_travel_into_its_workbook_download(web: Web) -> None:
    import io

    from openpyxl import load_workbook

    ash = web.signed_in(ORG)
    before = load_workbook(io.BytesIO(ash.get("/organisations/AC001/report.xlsx").content))
    assert "Notes on the return" not in before.sheetnames
    _post(ash, "/returns/AC001/notes", {"year": Y1, "text": "+Commissioning costs excluded"})
    after = load_workbook(
        io.BytesIO(ash.get(f"/organisations/AC001/report.xlsx?year={Y1}").content)
    )
    rows = list(after["Notes on the return"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, "'+Commissioning costs excluded", ORG)]


def test_the_api_lists_queries_with_their_thread_and_notes_in_scope(web: Web) -> None:
    query = web.store.conversation.open("AC005", Y1, "Why?", by=NATIONAL, role="national")
    web.store.conversation.reply(query.id, "Because.", by=OTHER_ORG, role="organisation")
    web.store.conversation.add_note("AC005", Y1, "Estates shared", by=OTHER_ORG)
    headers = {"Authorization": f"Bearer {web.token(OTHER_ORG)}"}
    client = web.client()
    body = client.get("/api/v1/queries", headers=headers).json()
    assert body["total"] == 1
    (item,) = body["items"]
    assert (item["id"], item["state"], item["awaiting"]) == (query.id, "open", "national")
    assert [(t["kind"], t["text"], t["role"]) for t in item["thread"]] == [
        ("question", "Why?", "national"),
        ("reply", "Because.", "organisation"),
    ]
    assert client.get("/api/v1/queries?state=closed", headers=headers).json()["total"] == 0
    ash = {"Authorization": f"Bearer {web.token(ORG)}"}
    assert client.get("/api/v1/queries", headers=ash).json()["total"] == 0
    notes = client.get("/api/v1/returns/AC005/notes", headers=headers).json()
    assert [(n["number"], n["version"], n["text"], n["written_by"]) for n in notes] == [
        (1, 1, "Estates shared", OTHER_ORG)
    ]
    assert client.get("/api/v1/returns/AC005/notes", headers=ash).status_code == 403
    assert client.get("/api/v1/queries?state=maybe", headers=headers).status_code == 422


def test_the_benchmark_page_shows_the_notes_on_the_returns_to_who_sees_it(web: Web) -> None:
    assert 'id="return-notes"' not in web.signed_in(ORG).get("/organisations/AC001").text
    web.store.conversation.add_note("AC001", Y1, "Commissioning costs excluded", by=ORG)
    for who in (ORG, NATIONAL, FOOTPRINT):
        page = web.signed_in(who).get("/organisations/AC001").text
        notes = page.split('id="return-notes"')[1].split("</section>")[0]
        assert f'{Y1}:</strong> <span class="cb-note-text">Commissioning costs excluded' in notes
    # the page of another organisation shows none of them
    other = web.signed_in(NATIONAL).get("/organisations/AC002").text
    assert "Commissioning costs excluded" not in other
