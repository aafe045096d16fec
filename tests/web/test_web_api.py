"""The JSON API: the benchmark endpoint gives the numbers of ``corpbench export savings`` and
``export stats``; errors share one envelope; lists are paginated."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from cli.bundles import Y1
from corpbench.cli import app
from web.conftest import NATIONAL, ORG, Web


def _export(web: Web, *args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(app, ["export", *args], env={"CORPBENCH_DB": web.settings.db})
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _num(text: str) -> float | None:
    return None if text == "" else float(text)


@pytest.mark.parametrize("method", ["iqm", "q1", "threshold:7", "external:hackett_median"])
def test_benchmark_equals_the_command_line_exports(web: Web, method: str) -> None:
    client = web.client()
    headers = {"Authorization": f"Bearer {web.token(NATIONAL)}"}
    r = client.get(
        "/api/v1/organisations/AC005/benchmark",
        params={"year": Y1, "method": method},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    rows = {row["function"]: row for row in r.json()}
    savings = {
        s["function"]: s
        for s in _export(web, "savings", "--method", method, "--year", Y1)
        if s["org_code"] == "AC005"
    }
    stats = {
        (s["function"], s["kpi"]): s
        for s in _export(web, "stats", "--group", "org_type", "--year", Y1)
        if s["group"] == "acute" and s["kpi"] == "pct_turnover"
    }
    kpis = {
        (k["function"], k["kpi"]): float(k["value"])
        for k in _export(web, "kpis", "--year", Y1)
        if k["org_code"] == "AC005"
    }
    assert set(rows) == {"finance", "hr", "all"}
    for function, row in rows.items():
        assert row["org_code"] == "AC005"
        assert row["year"] == Y1
        assert row["method"] == method
        exported = savings.get(function)
        assert row["saving"] == (_num(exported["saving"]) if exported else None)
        assert row["target"] == (_num(exported["target"]) if exported else None)
        stat = stats[(function, "pct_turnover")]
        assert row["peer"] == {
            "n": int(stat["n"]),
            "iqm": _num(stat["iqm"]),
            "median": _num(stat["median"]),
            "q1": _num(stat["q1"]),
        }
        for kpi, value in row["kpis"].items():
            assert value == kpis.get((function, kpi))
    # by hand: AC005's finance costs £3.0m of £100m turnover; the acute IQM is 1.4%
    if method == "iqm":
        assert rows["finance"]["kpis"]["pct_turnover"] == 3.0
        assert rows["finance"]["target"] == pytest.approx(1.4)
        assert rows["finance"]["saving"] == pytest.approx(1_600_000)


def test_organisation_users_get_the_published_figures(web: Web) -> None:
    headers = {"Authorization": f"Bearer {web.token(ORG)}"}
    r = web.client().get("/api/v1/organisations/AC001/benchmark", headers=headers)
    assert r.status_code == 200
    assert {row["year"] for row in r.json()} == {"2010/11"}  # the latest year by default


def test_errors_share_one_envelope(web: Web) -> None:
    headers = {"Authorization": f"Bearer {web.token(NATIONAL)}"}
    client = web.client()
    r = client.get(
        "/api/v1/organisations/AC001/benchmark", params={"method": "best"}, headers=headers
    )
    assert r.status_code == 400
    assert set(r.json()) == {"error"}
    assert set(r.json()["error"]) == {"status", "code", "message"}
    r = client.get(
        "/api/v1/organisations/AC001/benchmark", params={"year": "1999/00"}, headers=headers
    )
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    r = client.get("/api/v1/audit", params={"per_page": 0}, headers=headers)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"
    r = client.get("/api/v1/nothing-here", headers=headers)
    assert r.status_code == 404
    assert r.json()["error"]["status"] == 404


def test_lists_are_paginated(web: Web) -> None:
    headers = {"Authorization": f"Bearer {web.token(NATIONAL)}"}
    client = web.client()
    first = client.get("/api/v1/returns", params={"per_page": 3}, headers=headers).json()
    assert first["total"] == 9  # 7 returns in 2009/10 and 2 in 2010/11
    assert first["page"] == 1
    assert len(first["items"]) == 3
    pages = [
        client.get("/api/v1/returns", params={"per_page": 3, "page": p}, headers=headers).json()
        for p in (1, 2, 3, 4)
    ]
    seen = [(i["org_code"], i["year"]) for page in pages for i in page["items"]]
    assert len(seen) == 9
    assert len(set(seen)) == 9
    assert pages[3]["items"] == []


def test_the_openapi_document_describes_the_benchmark(web: Web) -> None:
    headers = {"Authorization": f"Bearer {web.token(ORG)}"}
    doc = web.client().get("/api/v1/openapi.json", headers=headers).json()
    op = doc["paths"]["/api/v1/organisations/{code}/benchmark"]["get"]
    assert {p["name"] for p in op["parameters"]} >= {"code", "year", "method", "grouping"}
    assert "BenchmarkRow" in doc["components"]["schemas"]
