"""People read words, machines read codes: the pages name organisation types, groupings,
peer groups, functions and methods by their titles; form values, URLs and the JSON API keep the
codes of the data standard."""

from __future__ import annotations

import re

from cli.bundles import Y1
from web.conftest import FOOTPRINT, NATIONAL, Web


def _text(html: str) -> str:
    """What a reader sees: the page without its tags (attributes and values dropped)."""
    without = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", without))


def _cells(html: str, table: str) -> list[str]:
    body = html.split(f'id="{table}"')[1].split("</table>")[0]
    return [_text(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.DOTALL)]


def test_the_national_page_names_types_and_functions(web: Web) -> None:
    html = web.signed_in(NATIONAL).get(f"/national?year={Y1}").text
    summary = _cells(html, "summary-table")
    assert {"Acute trust", "Mental health trust", "Community provider", "All types"} <= set(summary)
    assert not {"acute", "mental_health", "community", "all"} & set(summary)
    tracker = _cells(html, "tracker-table")
    assert "Acute trust" in tracker
    assert "acute" not in tracker
    functions = _cells(html, "function-table")
    assert {"Finance", "HR"} <= set(functions)
    assert not {"finance", "hr"} & set(functions)
    # the chart's data table names the types too
    assert '<th scope="col">Acute trust</th>' in html


def test_the_organisation_page_names_groupings_and_the_peer_group(web: Web) -> None:
    html = web.signed_in(NATIONAL).get(f"/organisations/AC001?year={Y1}&grouping=org_type").text
    # the menu shows words, its values stay codes (they go in the address)
    assert '<option value="org_type" selected>Organisation type</option>' in html
    assert '<option value="region_type" >Region and organisation type</option>' in html
    text = _text(html)
    assert "Peer group: Acute trust (by organisation type)" in text
    assert "org_type" not in text
    html = web.signed_in(NATIONAL).get(f"/organisations/AC001?year={Y1}&grouping=teaching").text
    assert "Peer group: Teaching (by teaching status)" in _text(html)


def test_the_footprint_page_names_functions(web: Web) -> None:
    html = web.signed_in(FOOTPRINT).get(f"/footprints/NCL?year={Y1}").text
    baseline = _cells(html, "baseline-table")
    assert "Finance" in baseline
    assert "finance" not in baseline


def test_the_json_api_keeps_the_codes(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    orgs = client.get("/api/v1/organisations").json()["items"]
    assert {o["org_type"] for o in orgs} == {"acute", "mental_health", "community"}
    summary = client.get(f"/api/v1/national/summary?year={Y1}").json()
    assert "acute" in {r["org_type"] for r in summary["summary"]}
    assert {r["function"] for r in summary["by_function"]} >= {"finance", "hr"}
    rows = client.get(f"/api/v1/organisations/AC001/benchmark?year={Y1}&grouping=region").json()
    assert {r["grouping"] for r in rows} == {"region"}
    assert "all" in {r["function"] for r in rows}
