"""The role matrix: every route and API endpoint, requested as every role and as nobody, is
answered as the scope rules say, and a refusal never carries data."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cli.bundles import NAMES
from corpbench.web.routes import all_routes
from web.conftest import FOOTPRINT, NATIONAL, ORG, Web, csrf_of, page_csrf

WHO = ("nobody", "national", "footprint", "organisation")
SIGNIN = "signin"  # a page that redirects to the sign-in page
UNAUTH = 401  # the API's answer to nobody

# (method, url, route path, expected answer per role in WHO order)
MATRIX: list[tuple[str, str, str, tuple[object, ...]]] = [
    ("GET", "/healthz", "/healthz", (200, 200, 200, 200)),
    ("GET", "/", "/", (SIGNIN, 303, 303, 303)),
    ("GET", "/signin", "/signin", (200, 303, 303, 303)),
    ("POST", "/signin", "/signin", (401, 401, 401, 401)),
    ("GET", "/signout", "/signout", (SIGNIN, 200, 200, 200)),
    ("POST", "/signout", "/signout", (SIGNIN, 303, 303, 303)),
    ("GET", "/organisations/AC001", "/organisations/{code}", (SIGNIN, 200, 200, 200)),
    ("GET", "/organisations/AC005", "/organisations/{code}", (SIGNIN, 200, 403, 403)),
    ("GET", "/organisations/MH001", "/organisations/{code}", (SIGNIN, 200, 200, 403)),
    ("GET", "/organisations/ZZ999", "/organisations/{code}", (SIGNIN, 404, 403, 403)),
    (
        "GET",
        "/organisations/AC005/report.pdf",
        "/organisations/{code}/report.{kind}",
        (SIGNIN, 200, 403, 403),
    ),
    (
        "GET",
        "/organisations/AC001/report.xlsx",
        "/organisations/{code}/report.{kind}",
        (SIGNIN, 200, 200, 200),
    ),
    (
        "GET",
        "/organisations/AC005/report.xlsx",
        "/organisations/{code}/report.{kind}",
        (SIGNIN, 200, 403, 403),
    ),
    (
        "GET",
        "/organisations/AC001/report.csv",
        "/organisations/{code}/report.{kind}",
        (SIGNIN, 200, 200, 200),
    ),
    (
        "GET",
        "/organisations/MH001/report.csv",
        "/organisations/{code}/report.{kind}",
        (SIGNIN, 200, 200, 403),
    ),
    (
        "GET",
        "/organisations/ZZ999/report.csv",
        "/organisations/{code}/report.{kind}",
        (SIGNIN, 404, 403, 403),
    ),
    ("GET", "/footprints/NCL", "/footprints/{name:path}", (SIGNIN, 200, 200, 403)),
    ("GET", "/footprints/Elsewhere", "/footprints/{name:path}", (SIGNIN, 404, 403, 403)),
    ("GET", "/national", "/national", (SIGNIN, 200, 403, 403)),
    ("GET", "/funnels", "/funnels", (SIGNIN, 200, 200, 200)),
    ("GET", "/funnels?figure=pct_turnover", "/funnels", (SIGNIN, 400, 400, 400)),
    ("GET", "/funnels.pdf", "/funnels.{kind}", (SIGNIN, 404, 404, 404)),  # no funnel: too few
    ("GET", "/funnels.xlsx", "/funnels.{kind}", (SIGNIN, 404, 404, 404)),
    ("GET", "/funnels.csv", "/funnels.{kind}", (SIGNIN, 404, 404, 404)),
    ("GET", "/funnels.pdf?figure=pct_turnover", "/funnels.{kind}", (SIGNIN, 400, 400, 400)),
    ("POST", "/national/publish", "/national/publish", (SIGNIN, 303, 403, 403)),
    (
        "GET",
        "/national/publications/1/returns.csv",
        "/national/publications/{publication_id}/returns.csv",
        (SIGNIN, 200, 403, 403),
    ),
    (
        "GET",
        "/national/uncertainty.csv",
        "/national/uncertainty.csv",
        (SIGNIN, 200, 403, 403),
    ),
    ("GET", "/template.xlsx", "/template.xlsx", (SIGNIN, 200, 200, 200)),
    ("GET", "/submit", "/submit", (SIGNIN, 200, 403, 200)),
    ("POST", "/submit", "/submit", (SIGNIN, 400, 403, 400)),
    ("GET", "/returns", "/returns", (SIGNIN, 200, 403, 200)),
    ("GET", "/returns/AC001", "/returns/{code}", (SIGNIN, 200, 403, 200)),
    ("GET", "/returns/AC005", "/returns/{code}", (SIGNIN, 200, 403, 403)),
    (
        "GET",
        "/returns/AC001/warnings.csv",
        "/returns/{code}/warnings.csv",
        (SIGNIN, 200, 403, 200),
    ),
    (
        "GET",
        "/returns/AC005/warnings.csv",
        "/returns/{code}/warnings.csv",
        (SIGNIN, 200, 403, 403),
    ),
    ("POST", "/returns/AC001/review", "/returns/{code}/review", (SIGNIN, 400, 403, 403)),
    ("GET", "/queries", "/queries", (SIGNIN, 200, 403, 200)),
    ("POST", "/returns/AC001/queries", "/returns/{code}/queries", (SIGNIN, 400, 403, 403)),
    ("POST", "/returns/ZZ999/queries", "/returns/{code}/queries", (SIGNIN, 404, 403, 403)),
    ("POST", "/queries/1/reply", "/queries/{query_id}/reply", (SIGNIN, 404, 403, 403)),
    ("POST", "/queries/1/close", "/queries/{query_id}/close", (SIGNIN, 404, 403, 403)),
    ("POST", "/returns/AC001/notes", "/returns/{code}/notes", (SIGNIN, 400, 403, 400)),
    ("POST", "/returns/AC005/notes", "/returns/{code}/notes", (SIGNIN, 400, 403, 403)),
    (
        "POST",
        "/returns/AC001/notes/revise",
        "/returns/{code}/notes/revise",
        (SIGNIN, 400, 403, 400),
    ),
    ("GET", "/users", "/users", (SIGNIN, 200, 403, 403)),
    ("POST", "/users", "/users", (SIGNIN, 400, 403, 403)),
    ("POST", "/users/nobody@nhs.test/active", "/users/{email}/active", (SIGNIN, 404, 403, 403)),
    ("POST", "/users/role", "/users/role", (SIGNIN, 400, 403, 403)),
    ("POST", "/users/password", "/users/password", (SIGNIN, 400, 403, 403)),
    ("GET", "/audit", "/audit", (SIGNIN, 200, 403, 403)),
    ("GET", "/peers", "/peers", (SIGNIN, 403, 200, 200)),
    ("POST", "/peers", "/peers", (SIGNIN, 403, 400, 400)),
    ("POST", "/peers/delete", "/peers/delete", (SIGNIN, 403, 400, 400)),
    ("GET", "/plans", "/plans", (SIGNIN, 200, 200, 200)),
    ("POST", "/plans", "/plans", (SIGNIN, 400, 400, 403)),
    ("GET", "/plans/compare", "/plans/compare", (SIGNIN, 400, 400, 400)),
    ("GET", "/plans/optimise", "/plans/optimise", (SIGNIN, 200, 200, 403)),
    (
        "GET",
        "/plans/optimise?region=London&year=2009/10",
        "/plans/optimise",
        (SIGNIN, 200, 200, 403),
    ),
    (
        "GET",
        "/plans/optimise?region=North&year=2009/10",
        "/plans/optimise",
        (SIGNIN, 200, 403, 403),
    ),
    ("GET", "/plans/1", "/plans/{case_id}", (SIGNIN, 404, 403, 403)),
    ("GET", "/plans/1/edit", "/plans/{case_id}/edit", (SIGNIN, 404, 403, 403)),
    ("POST", "/plans/1/edit", "/plans/{case_id}/edit", (SIGNIN, 404, 403, 403)),
    ("POST", "/plans/1/edit/fields", "/plans/{case_id}/edit/fields", (SIGNIN, 404, 403, 403)),
    ("POST", "/plans/1/retire", "/plans/{case_id}/retire", (SIGNIN, 404, 403, 403)),
    ("GET", "/plans/1/case.pdf", "/plans/{case_id}/case.{kind}", (SIGNIN, 404, 403, 403)),
    ("GET", "/programmes", "/programmes", (SIGNIN, 200, 200, 200)),
    ("POST", "/programmes", "/programmes", (SIGNIN, 400, 400, 403)),
    ("GET", "/programmes/1", "/programmes/{programme_id}", (SIGNIN, 404, 403, 403)),
    (
        "POST",
        "/programmes/1/rename",
        "/programmes/{programme_id}/rename",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "POST",
        "/programmes/1/retire",
        "/programmes/{programme_id}/retire",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "GET",
        "/programmes/1/readiness",
        "/programmes/{programme_id}/readiness",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "POST",
        "/programmes/1/readiness",
        "/programmes/{programme_id}/readiness",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "GET",
        "/programmes/1/readiness.pdf",
        "/programmes/{programme_id}/readiness.{kind}",
        (SIGNIN, 404, 403, 403),
    ),
    ("GET", "/programmes/1/history", "/programmes/{programme_id}/history", (SIGNIN, 404, 403, 403)),
    ("GET", "/lessons", "/lessons", (SIGNIN, 200, 200, 200)),
    ("POST", "/lessons", "/lessons", (SIGNIN, 400, 400, 403)),
    ("GET", "/lessons.csv", "/lessons.{kind}", (SIGNIN, 200, 200, 200)),
    ("GET", "/rounds", "/rounds", (SIGNIN, 200, 403, 403)),
    ("GET", "/rounds/qipp-2010.toml", "/rounds/{name}.toml", (SIGNIN, 200, 403, 403)),
    ("GET", "/rounds/nothing.toml", "/rounds/{name}.toml", (SIGNIN, 404, 403, 403)),
    ("GET", "/api/v1/me", "/api/v1/me", (UNAUTH, 200, 200, 200)),
    ("GET", "/api/v1/organisations", "/api/v1/organisations", (UNAUTH, 200, 200, 200)),
    (
        "GET",
        "/api/v1/organisations/AC001/benchmark",
        "/api/v1/organisations/{code}/benchmark",
        (UNAUTH, 200, 200, 200),
    ),
    (
        "GET",
        "/api/v1/organisations/AC005/benchmark",
        "/api/v1/organisations/{code}/benchmark",
        (UNAUTH, 200, 403, 403),
    ),
    (
        "GET",
        "/api/v1/organisations/ZZ999/benchmark",
        "/api/v1/organisations/{code}/benchmark",
        (UNAUTH, 404, 403, 403),
    ),
    ("GET", "/api/v1/returns", "/api/v1/returns", (UNAUTH, 200, 403, 200)),
    ("GET", "/api/v1/queries", "/api/v1/queries", (UNAUTH, 200, 403, 200)),
    (
        "GET",
        "/api/v1/returns/AC001/notes",
        "/api/v1/returns/{code}/notes",
        (UNAUTH, 200, 403, 200),
    ),
    (
        "GET",
        "/api/v1/returns/AC005/notes",
        "/api/v1/returns/{code}/notes",
        (UNAUTH, 200, 403, 403),
    ),
    (
        "GET",
        "/api/v1/returns/ZZ999/notes",
        "/api/v1/returns/{code}/notes",
        (UNAUTH, 404, 403, 403),
    ),
    (
        "GET",
        "/programmes/1/benefits",
        "/programmes/{programme_id}/benefits",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "POST",
        "/programmes/1/benefits/lines",
        "/programmes/{programme_id}/benefits/lines",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "POST",
        "/programmes/1/benefits/values",
        "/programmes/{programme_id}/benefits/values",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "POST",
        "/programmes/1/benefits/upload",
        "/programmes/{programme_id}/benefits/upload",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "GET",
        "/programmes/1/benefits/1",
        "/programmes/{programme_id}/benefits/{number}",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "POST",
        "/programmes/1/benefits/1",
        "/programmes/{programme_id}/benefits/{number}",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "GET",
        "/programmes/1/benefits.xlsx",
        "/programmes/{programme_id}/benefits.{kind}",
        (SIGNIN, 404, 403, 403),
    ),
    (
        "GET",
        "/api/v1/programmes/1/benefits",
        "/api/v1/programmes/{programme_id}/benefits",
        (UNAUTH, 404, 403, 403),
    ),
    ("GET", "/api/v1/plans", "/api/v1/plans", (UNAUTH, 200, 200, 200)),
    ("POST", "/api/v1/plans", "/api/v1/plans", (UNAUTH, 403, 403, 403)),
    ("GET", "/api/v1/plans/1", "/api/v1/plans/{case_id}", (UNAUTH, 404, 403, 403)),
    ("GET", "/api/v1/national/summary", "/api/v1/national/summary", (UNAUTH, 200, 403, 403)),
    ("GET", "/api/v1/scorecard?org=AC001", "/api/v1/scorecard", (UNAUTH, 200, 200, 200)),
    ("GET", "/api/v1/scorecard?org=AC005", "/api/v1/scorecard", (UNAUTH, 200, 403, 403)),
    ("GET", "/api/v1/scorecard?org=ZZ999", "/api/v1/scorecard", (UNAUTH, 404, 403, 403)),
    ("GET", "/api/v1/audit", "/api/v1/audit", (UNAUTH, 200, 403, 403)),
    ("GET", "/api/v1/funnels", "/api/v1/funnels", (UNAUTH, 404, 404, 404)),
    ("GET", "/api/v1/funnels?figure=pct_turnover", "/api/v1/funnels", (UNAUTH, 400, 400, 400)),
    ("GET", "/api/v1/programmes", "/api/v1/programmes", (UNAUTH, 200, 200, 200)),
    (
        "GET",
        "/api/v1/programmes/1",
        "/api/v1/programmes/{programme_id}",
        (UNAUTH, 404, 403, 403),
    ),
    ("GET", "/api/v1/lessons", "/api/v1/lessons", (UNAUTH, 200, 200, 200)),
    ("GET", "/api/v1/lessons?theme=nothing", "/api/v1/lessons", (UNAUTH, 400, 400, 400)),
    ("GET", "/api/v1/docs", "/api/v1/docs", (UNAUTH, 200, 200, 200)),
    ("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", (UNAUTH, 200, 200, 200)),
]

EMAILS = {"national": NATIONAL, "footprint": FOOTPRINT, "organisation": ORG}


def test_the_matrix_covers_every_route() -> None:
    routes = {(m, r.path) for r in all_routes() for m in r.methods if m != "HEAD"}
    covered = {(m, path) for m, _, path, _ in MATRIX}
    assert routes - covered == set(), "routes missing from the role matrix"
    assert covered - routes == set(), "the matrix names routes the app does not have"


def _request(client: TestClient, method: str, url: str, csrf: str) -> object:
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": csrf})


@pytest.mark.parametrize("who", WHO)
def test_every_route_answers_each_role_as_its_scope_says(web: Web, who: str) -> None:
    failures = []

    def fresh() -> tuple[TestClient, str]:
        if who == "nobody":
            client = web.client()
            return client, csrf_of(client.get("/signin").text)
        client = web.signed_in(EMAILS[who])
        return client, page_csrf(client)

    shared = fresh()
    for method, url, _, expected in MATRIX:
        # signing out ends the session: that row gets a session of its own
        client, csrf = fresh() if (method, url) == ("POST", "/signout") else shared
        r = _request(client, method, url, csrf)
        want = expected[WHO.index(who)]
        status = r.status_code  # type: ignore[attr-defined]
        if want == SIGNIN:
            ok = status == 303 and r.headers["location"].startswith("/signin?next=")  # type: ignore[attr-defined]
        else:
            ok = status == want
        if not ok:
            failures.append(f"{method} {url}: {status}, expected {want}")
        if status in (401, 403, 404):
            body = r.text  # type: ignore[attr-defined]
            leaked = [n for n in NAMES.values() if n in body]
            if leaked:
                failures.append(f"{method} {url} refused but shows {leaked}")
            if url.startswith("/api/"):
                assert r.json()["error"]["status"] == status  # type: ignore[attr-defined]
    assert failures == []


@pytest.mark.parametrize("who", ["national", "footprint", "organisation"])
def test_api_tokens_get_the_same_answers_as_sessions(web: Web, who: str) -> None:
    token = web.token(EMAILS[who])
    client = web.client()
    headers = {"Authorization": f"Bearer {token}"}
    for method, url, _, expected in MATRIX:
        if not url.startswith("/api/") or method != "GET":
            continue
        r = client.get(url, headers=headers)
        assert r.status_code == expected[WHO.index(who)], url


def test_organisation_list_is_limited_to_the_scope(web: Web) -> None:
    def codes(email: str) -> list[str]:
        client = web.client()
        headers = {"Authorization": f"Bearer {web.token(email)}"}
        return [
            o["org_code"]
            for o in client.get("/api/v1/organisations", headers=headers).json()["items"]
        ]

    assert codes(NATIONAL) == sorted(NAMES)
    assert codes(FOOTPRINT) == ["AC001", "AC002", "MH001"]
    assert codes(ORG) == ["AC001"]
