"""What an app process reuses between requests (the store's state, who a session is) and when
it must look again: at once after its own changes, within ``cache_seconds`` after others'."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from cli.bundles import Y1, changed_round
from corpbench.loading import load_path
from corpbench.web import create_app
from ingest.bundles import write_folder
from web.conftest import NATIONAL, ORG, Web, page_csrf, signin

TTL = 0.5


def _client(web: Web) -> TestClient:
    settings = web.settings.model_copy(update={"cache_seconds": TTL})
    return TestClient(create_app(settings, store=web.store), follow_redirects=False)


def _hr(client: TestClient) -> str:
    html = client.get(f"/organisations/AC001?year={Y1}").text
    return html.split('<th scope="row">HR</th>')[1].split("</td>")[0].split(">")[-1]


def test_a_load_elsewhere_shows_within_the_cache_time(web: Web) -> None:
    client = _client(web)
    signin(client, NATIONAL)
    assert _hr(client) == "1,000"
    load_path(
        web.store, write_folder(web.tmp / "v2", changed_round()), by="t", settings=web.settings
    )
    time.sleep(TTL + 0.1)
    assert _hr(client) == "1,100"


def test_signing_out_and_disabling_take_effect_at_once(web: Web) -> None:
    client = _client(web)
    signin(client, ORG)
    assert client.get("/organisations/AC001").status_code == 200
    r = client.post("/signout", data={"csrf_token": page_csrf(client)})
    assert r.status_code == 303
    assert client.get("/organisations/AC001").status_code == 303
    # a national user disables the organisation user: its cached session goes too
    org = _client(web)
    signin(org, ORG)
    assert org.get("/organisations/AC001").status_code == 200
    national = TestClient(org.app, follow_redirects=False)
    signin(national, NATIONAL)
    r = national.post(
        f"/users/{ORG}/active", data={"csrf_token": page_csrf(national), "active": "false"}
    )
    assert r.status_code == 303
    assert org.get("/organisations/AC001").status_code == 303


def test_a_publication_through_the_app_shows_at_once(web: Web) -> None:
    client = _client(web)
    signin(client, NATIONAL)
    org = TestClient(client.app, follow_redirects=False)
    signin(org, ORG)
    load_path(
        web.store, write_folder(web.tmp / "v2", changed_round()), by="t", settings=web.settings
    )
    assert _hr(org) == "1,000"
    r = client.post("/national/publish", data={"csrf_token": page_csrf(client), "note": ""})
    assert r.status_code == 303
    assert _hr(org) == "1,100"


def _api_hr_cost(client: TestClient) -> float:
    r = client.get(f"/api/v1/organisations/AC001/benchmark?year={Y1}")
    assert r.status_code == 200, r.text
    return float(next(row["cost"] for row in r.json() if row["function"] == "hr"))


def test_the_benchmark_api_answers_a_repeated_question_from_its_cache(web: Web) -> None:
    client = _client(web)
    signin(client, NATIONAL)
    cache = client.app.state.fragments  # type: ignore[attr-defined]
    first = client.get(f"/api/v1/organisations/AC001/benchmark?year={Y1}&method=median")
    hits = cache.hits
    again = client.get(f"/api/v1/organisations/AC001/benchmark?year={Y1}&method=median")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert cache.hits == hits + 1
    # another question is worked out, not taken from the first answer
    other = client.get(f"/api/v1/organisations/AC001/benchmark?year={Y1}&method=q1")
    assert {row["method"] for row in other.json()} == {"q1"}


def test_the_benchmark_api_shows_a_load_within_the_cache_time(web: Web) -> None:
    client = _client(web)
    signin(client, NATIONAL)
    assert _api_hr_cost(client) == 1_000_000
    load_path(
        web.store, write_folder(web.tmp / "v2", changed_round()), by="t", settings=web.settings
    )
    time.sleep(TTL + 0.1)
    # changed_round raises AC001's hr shared cost, so its hr cost: 1,000,000 + 100,000
    assert _api_hr_cost(client) == 1_100_000


def test_the_benchmark_api_shows_a_new_publication_at_once(web: Web) -> None:
    client = _client(web)
    signin(client, NATIONAL)
    org = TestClient(client.app, follow_redirects=False)
    signin(org, ORG)
    assert _api_hr_cost(org) == 1_000_000
    load_path(
        web.store, write_folder(web.tmp / "v2", changed_round()), by="t", settings=web.settings
    )
    assert _api_hr_cost(org) == 1_000_000  # the organisation sees the publication
    r = client.post("/national/publish", data={"csrf_token": page_csrf(client), "note": ""})
    assert r.status_code == 303
    assert _api_hr_cost(org) == 1_100_000


def test_healthz_asks_the_store_once_however_many_ask_at_once(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """50 requests arriving together after the cache period make one store probe between
    them, and a probe's answer is reused for the cache period."""
    import asyncio

    import httpx

    from corpbench.web.routes import health

    probes = []
    slow_answer = health._store_answers

    def counted(request: object) -> bool:
        probes.append(1)
        time.sleep(0.2)  # a store slow to answer: the others arrive while it is asked
        return slow_answer(request)  # type: ignore[arg-type]

    monkeypatch.setattr(health, "_store_answers", counted)
    settings = web.settings.model_copy(update={"cache_seconds": 30})
    app = create_app(settings, store=web.store)

    async def ask_together() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answers = await asyncio.gather(*(client.get("/healthz") for _ in range(50)))
            again = await client.get("/healthz")
        return [r.status_code for r in [*answers, again]]

    assert asyncio.run(ask_together()) == [200] * 51
    assert len(probes) == 1
