"""The planning workbench in the API: the list by scope, a case's document and §8 output (the
same as ``corpbench plan evaluate --json`` of the stored text), saving with the token's scope,
and 422 with every error and its path, nothing saved."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import Actor
from corpbench.cli import app
from web.conftest import FOOTPRINT, NATIONAL, ORG, OTHER_ORG, Web, page_csrf
from web.test_web_plans import SMALL

NAT = Actor.command_line(NATIONAL)
DOCUMENT = tomllib.loads(SMALL)


def _headers(web: Web, email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {web.token(email)}"}


def test_a_case_and_its_output_equal_plan_evaluate_json(web: Web, tmp_path: Path) -> None:
    saved = actions.new_case(web.store, NAT, year=Y1, footprint="NCL").version
    r = web.client().get(f"/api/v1/plans/{saved.case_id}", headers=_headers(web, NATIONAL))
    assert r.status_code == 200
    body = r.json()
    assert {k: body[k] for k in ("id", "version", "name", "footprint", "partners", "year")} == {
        "id": saved.case_id,
        "version": 1,
        "name": f"NCL {Y1}",
        "footprint": "NCL",
        "partners": ["AC001", "AC002", "MH001"],
        "year": Y1,
    }
    assert body["format"] == "toml"
    assert body["document"] == tomllib.loads(saved.text)
    path = tmp_path / "case.toml"
    path.write_text(saved.text, encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", "evaluate", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert body["output"] == json.loads(result.stdout)


def test_the_list_follows_the_scope_rules(web: Web) -> None:
    ncl = actions.new_case(web.store, NAT, year=Y1, footprint="NCL").version
    north = actions.new_case(web.store, NAT, year=Y1, org_codes=["AC003", "AC005"]).version
    client = web.client()

    def ids(email: str, query: str = "") -> list[int]:
        r = client.get(f"/api/v1/plans{query}", headers=_headers(web, email))
        assert r.status_code == 200
        return [item["id"] for item in r.json()["items"]]

    assert ids(NATIONAL) == [ncl.case_id, north.case_id]
    assert ids(FOOTPRINT) == [ncl.case_id]
    assert ids(ORG) == [ncl.case_id]
    assert ids(OTHER_ORG) == [north.case_id]
    page = client.get("/api/v1/plans?per_page=1&page=2", headers=_headers(web, NATIONAL)).json()
    assert (page["total"], [i["id"] for i in page["items"]]) == (2, [north.case_id])
    r = client.get(f"/api/v1/plans/{north.case_id}", headers=_headers(web, FOOTPRINT))
    assert r.status_code == 403
    assert r.json()["error"]["status"] == 403


def test_posting_a_case_saves_it_with_the_tokens_scope(web: Web) -> None:
    client = web.client()
    r = client.post("/api/v1/plans?name=Small&year=2009/10", json=DOCUMENT,
                    headers=_headers(web, NATIONAL))  # fmt: skip
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["id"], body["version"], body["name"], body["format"]) == (1, 1, "Small", "json")
    assert body["document"] == DOCUMENT
    assert body["output"]["npv"] == 357.424
    # a new version of it
    changed = {**DOCUMENT, "horizon": 4}
    r = client.post("/api/v1/plans?id=1", json=changed, headers=_headers(web, NATIONAL))
    assert r.status_code == 201
    assert (r.json()["version"], r.json()["name"]) == (2, "Small")
    assert [v.version for v in web.store.plans.versions(1)] == [1, 2]
    # a footprint user's case is its footprint's; partners outside it are refused
    fp = _headers(web, FOOTPRINT)
    inside = {**DOCUMENT, "partners": [{"org_code": "AC001", "baseline": 1}]}
    r = client.post("/api/v1/plans?name=Mine", json=inside, headers=fp)
    assert r.status_code == 201
    assert r.json()["footprint"] == "NCL"
    outside = {**DOCUMENT, "partners": [{"org_code": "AC005", "baseline": 1}]}
    r = client.post("/api/v1/plans?name=Not+mine", json=outside, headers=fp)
    assert r.status_code == 403
    assert client.post("/api/v1/plans?id=1", json=DOCUMENT, headers=fp).status_code == 403
    r = client.post("/api/v1/plans?name=x", json=DOCUMENT, headers=_headers(web, ORG))
    assert r.status_code == 403
    assert len(web.store.plans.in_use()) == 2


def test_a_bad_case_is_422_with_every_error_and_its_path(web: Web) -> None:
    bad = {**DOCUMENT, "discount_rate": 3.5, "functions": {**DOCUMENT["functions"], "fleet": {}}}
    bad["option"] = {**DOCUMENT["option"], "share": {"finance": 1.2}}
    client = web.client()
    r = client.post("/api/v1/plans?name=Bad", json=bad, headers=_headers(web, NATIONAL))
    assert r.status_code == 422
    error = r.json()["error"]
    assert (error["status"], error["code"], error["message"]) == (
        422, "invalid_case", "the case is not valid: 3 errors"
    )  # fmt: skip
    assert [(e["path"], e["message"]) for e in error["errors"]] == [
        ("discount_rate", "3.5 is above 1 (expected 0 ≤ rate < 1)"),
        (
            "functions.fleet",
            "unknown function (expected one of finance, hr, imt, procurement, estates, payroll, "
            "governance_risk, legal, communications)",
        ),
        ("option.share.finance", "1.2 is above 1 (expected 0 ≤ share < 1)"),
    ]
    r = client.post("/api/v1/plans?name=Bad", content=b"[1, 2", headers=_headers(web, NATIONAL))
    assert r.status_code == 422
    assert r.json()["error"]["errors"][0]["path"] == ""
    assert web.store.plans.in_use() == []
    assert web.store.audit.count("plan_save") == 0


def test_a_session_needs_the_csrf_header_to_post(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    r = client.post("/api/v1/plans?name=Small", json=DOCUMENT)
    assert r.status_code == 403
    assert web.store.plans.in_use() == []
    token = page_csrf(client)
    r = client.post("/api/v1/plans?name=Small", json=DOCUMENT, headers={"X-CSRF-Token": token})
    assert r.status_code == 201
