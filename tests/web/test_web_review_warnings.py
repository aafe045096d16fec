"""Each return's anomaly warnings beside it: counted by code (in words) on the national list of
returns and in a table by kind on the return's page; found once per store state for every
return, and equal to the warnings a load of each organisation's returns gives."""

from __future__ import annotations

from collections import Counter

import polars as pl
import pytest

from cli.bundles import Y1, many_warnings
from corpbench.checks.anomalies import anomaly_issues
from corpbench.loading import load_path
from corpbench.standard.bundle import Bundle
from corpbench.standard.labels import warning_label
from corpbench.web import issue_pages
from ingest.bundles import write_folder
from web.conftest import NATIONAL, ORG, Web


def _with_many_warnings(web: Web, n: int = 3) -> None:
    folder = write_folder(web.tmp / "many", many_warnings(n))
    assert load_path(web.store, folder, by="t", settings=web.settings).stored


def _own(current: Bundle, code: str) -> Bundle:
    """The part of ``current`` that is organisation ``code``'s (what a load of it would be)."""
    tables = {
        name: current.table(name).filter(pl.col("org_code") == code)
        for name in ("organisations", "finance", "function_costs", "indicators")
    }
    return Bundle(**tables, present=current.present)


def _expected_counts(web: Web) -> dict[tuple[str, str], Counter[str]]:
    """Independently: each organisation's warnings as a load of its own returns gives them,
    counted per return (the return is the message's second and third words)."""
    current = web.store.current()
    out: dict[tuple[str, str], Counter[str]] = {}
    for code in current.organisations["org_code"]:
        for issue in anomaly_issues(current, _own(current, code)):
            org, year = issue.message.split(" ")[:2]
            out.setdefault((org, year), Counter())[issue.code] += 1
    return out


def _row(html: str, code: str, year: str) -> str:
    start = html.index(f'<a href="/returns/{code}">{code}</a></td><td>{year}</td>')
    return html[start : html.index("</tr>", start)]


def test_the_list_of_returns_counts_each_returns_warnings_by_code_in_words(web: Web) -> None:
    _with_many_warnings(web)
    expected = _expected_counts(web)
    assert expected[("ZW0001", Y1)] == {"shared_without_model": 9}
    assert expected[("AC005", Y1)]["peer_outlier"] > 0
    html = web.signed_in(NATIONAL).get("/returns").text
    for s in web.store.reviews.statuses():
        row = _row(html, s.org_code, s.year)
        counts = expected.get((s.org_code, s.year))
        if not counts:
            assert "<td>None</td>" in row
            continue
        for rule, n in counts.items():
            assert f'<li data-code="{rule}">{n:,} × {warning_label(rule)}</li>' in row
        assert row.count("<li ") == len(counts)
    # words for people, not codes
    assert "× Shared cost without delivery model" in html


def test_a_returns_page_shows_its_warnings_by_kind_beside_each_return(web: Web) -> None:
    _with_many_warnings(web)
    html = web.signed_in(NATIONAL).get("/returns/ZW0002").text
    table = html.split('id="warnings-2009-10"')[1].split("</table>")[0]
    assert "Anomaly warnings of this return: 9, by kind" in table
    assert (
        '<td class="cb-numeric">9</td><th scope="row">Shared cost without delivery model</th>'
        in (table)
    )
    assert "A cost line has a shared cost but no delivery model." in table
    # AC001 has no warning in 2010/11: said so beside that return
    own = web.signed_in(ORG).get("/returns/AC001").text
    assert 'id="no-warnings-2010-11"' in own


def test_the_warnings_are_found_once_per_store_state(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = issue_pages.find_anomalies

    def counted(data: Bundle) -> object:
        calls.append(1)
        return real(data)

    monkeypatch.setattr(issue_pages, "find_anomalies", counted)
    client = web.signed_in(NATIONAL)
    for path in ("/returns", "/returns/AC001", "/returns/AC005", "/returns/AC005/warnings.csv"):
        assert client.get(path).status_code == 200
    assert len(calls) == 1
    _with_many_warnings(web, 1)
    assert "ZW0001" in client.get("/returns").text
    client.get("/returns/ZW0001")
    assert len(calls) == 2


def test_each_organisations_warnings_are_those_a_load_of_its_returns_gives(web: Web) -> None:
    _with_many_warnings(web)
    cache = issue_pages.WarningsCache()
    figures = web.client().app.state.figures.live()  # type: ignore[attr-defined]
    current = web.store.current()
    for code in current.organisations["org_code"]:
        assert cache.of(figures, code) == anomaly_issues(current, _own(current, code))


def test_the_api_lists_each_returns_warnings_by_code(web: Web) -> None:
    _with_many_warnings(web)
    expected = _expected_counts(web)
    headers = {"Authorization": f"Bearer {web.token(NATIONAL)}"}
    r = web.client().get("/api/v1/returns", params={"per_page": 500}, headers=headers)
    assert r.status_code == 200
    items = r.json()["items"]
    assert len(items) == len(web.store.reviews.statuses())
    for item in items:
        assert item["warnings"] == dict(expected.get((item["org_code"], item["year"]), {}))
    assert any(item["warnings"] for item in items)
