"""Review of returns (submitted → queried → accepted) and publication of the round's figures."""

from __future__ import annotations

from cli.bundles import Y1, changed_round
from corpbench.loading import load_path
from ingest.bundles import write_folder
from web.conftest import NATIONAL, ORG, Web, page_csrf


def _review(web: Web, client: object, code: str, version: int, status: str, comment: str) -> object:
    return client.post(  # type: ignore[attr-defined]
        f"/returns/{code}/review",
        data={
            "csrf_token": page_csrf(client),  # type: ignore[arg-type]
            "year": Y1,
            "version": str(version),
            "status": status,
            "comment": comment,
        },
    )


def _status(web: Web, code: str) -> tuple[int, str, str]:
    s = next(s for s in web.store.reviews.statuses(Y1, code) if s.year == Y1)
    return s.version, s.status, s.comment


def test_a_return_moves_through_review_and_the_organisation_sees_the_query(web: Web) -> None:
    assert _status(web, "AC001") == (1, "submitted", "")
    national = web.signed_in(NATIONAL)
    r = _review(web, national, "AC001", 1, "queried", "Finance FTE looks high: please check.")
    assert r.status_code == 303  # type: ignore[attr-defined]
    assert _status(web, "AC001") == (1, "queried", "Finance FTE looks high: please check.")
    org = web.signed_in(ORG)
    page = org.get("/returns")
    assert "Finance FTE looks high: please check." in page.text
    assert "queried" in page.text
    r = _review(web, national, "AC001", 1, "accepted", "")
    assert _status(web, "AC001")[1] == "accepted"
    decisions = web.store.reviews.decisions("AC001")
    assert [(d.status, d.decided_by) for d in decisions] == [
        ("queried", NATIONAL),
        ("accepted", NATIONAL),
    ]
    assert [e.detail["status"] for e in web.store.audit.entries(action="review")] == [
        "accepted",
        "queried",
    ]


def test_a_query_needs_a_comment(web: Web) -> None:
    r = _review(web, web.signed_in(NATIONAL), "AC001", 1, "queried", "  ")
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert _status(web, "AC001")[1] == "submitted"


def test_a_decision_on_an_outdated_version_is_refused_and_a_new_version_starts_over(
    web: Web,
) -> None:
    national = web.signed_in(NATIONAL)
    _review(web, national, "AC001", 1, "accepted", "")
    load_path(
        web.store, write_folder(web.tmp / "v2", changed_round()), by="t", settings=web.settings
    )
    assert _status(web, "AC001") == (2, "submitted", "")
    r = _review(web, national, "AC001", 1, "accepted", "")
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert "not the current version" in r.text  # type: ignore[attr-defined]
    assert _status(web, "AC001") == (2, "submitted", "")


def _hr_cost_shown(client: object, code: str = "AC001") -> str:
    html = client.get(f"/organisations/{code}?year={Y1}").text  # type: ignore[attr-defined]
    row = html.split('<th scope="row">HR</th>')[1].split("</tr>")[0]
    return row.split("</td>")[0].split(">")[-1]


def test_organisations_see_the_published_figures_until_the_next_publication(web: Web) -> None:
    org = web.signed_in(ORG)
    national = web.signed_in(NATIONAL)
    assert _hr_cost_shown(org) == "1,000"  # hr £1.0m in £000
    load_path(
        web.store, write_folder(web.tmp / "v2", changed_round()), by="t", settings=web.settings
    )
    # the late load moves the live figures but not what the organisation sees
    assert _hr_cost_shown(national) == "1,100"
    assert _hr_cost_shown(org) == "1,000"
    assert "Published figures of" in org.get("/organisations/AC001").text
    r = national.post("/national/publish", data={"csrf_token": page_csrf(national), "note": "v2"})
    assert r.status_code == 303
    assert _hr_cost_shown(org) == "1,100"
    assert web.store.audit.entries(action="publish")[0].detail["note"] == "v2"


def test_before_the_first_publication_organisations_see_no_figures(web: Web) -> None:
    # a fresh store with no publication: reuse the loaded data through a new publication-less app
    with web.store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM publication_returns")
        conn.exec_driver_sql("DELETE FROM publications")
    page = web.signed_in(ORG).get("/organisations/AC001")
    assert page.status_code == 200
    assert "No figures have been published yet" in page.text
    assert "functions-table" not in page.text


def test_the_publish_form_can_limit_the_publication_to_accepted_returns(web: Web) -> None:
    national = web.signed_in(NATIONAL)
    for code in ("AC001", "AC002"):
        assert _review(web, national, code, 1, "accepted", "").status_code == 303  # type: ignore[attr-defined]
    page = national.get("/national").text
    assert 'id="scope-all" name="scope" type="radio" value="all" checked' in page
    assert "Accepted returns only" in page
    r = national.post(
        "/national/publish",
        data={"csrf_token": page_csrf(national), "note": "accepted", "scope": "accepted"},
    )
    assert r.status_code == 303
    pub = web.store.publications.latest()
    assert pub is not None
    assert (pub.scope, pub.returns, pub.organisations) == ("accepted", 2, 2)
    # the organisation sees the accepted returns' figures: its acute peers are AC001 and AC002
    org = web.signed_in(ORG)
    html = org.get(f"/organisations/AC001?year={Y1}").text
    assert "(accepted returns only)" in html
    finance = html.split('<th scope="row">Finance</th>')[1].split("</tr>")[0]
    assert "1 of 2" in finance  # rank among the two accepted acute returns
    # the publication list shows its scope and counts, with the returns covered as CSV
    row = national.get("/national").text.split(f'id="publication-{pub.id}"')[1].split("</tr>")[0]
    assert "<td>Accepted returns only</td>" in row
    assert f'href="/national/publications/{pub.id}/returns.csv"' in row
    assert ">2<span" in row
    csv_text = national.get(f"/national/publications/{pub.id}/returns.csv").text
    assert csv_text.splitlines() == [
        "publication_id,org_code,year,version",
        f"{pub.id},AC001,{Y1},1",
        f"{pub.id},AC002,{Y1},1",
    ]
    first = national.get("/national/publications/1/returns.csv").text.splitlines()
    assert len(first) == 1 + 9  # the fixture's publication covered every return
    assert national.get("/national/publications/99/returns.csv").status_code == 404


def test_an_unknown_publication_scope_is_refused(web: Web) -> None:
    national = web.signed_in(NATIONAL)
    r = national.post(
        "/national/publish", data={"csrf_token": page_csrf(national), "scope": "some"}
    )
    assert r.status_code == 400
    assert len(web.store.publications.all()) == 1
