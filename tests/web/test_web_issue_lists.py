"""Issues on the upload result and review pages: grouped by code in words with counts, the first
few of each, the full list a page at a time, and a CSV download of every one."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import httpx
import pytest
from fastapi.testclient import TestClient

from cli.bundles import Y1, many_warnings, round_tables
from corpbench.documents.issue_list import issue_csv
from corpbench.ingest import Issue, Severity
from corpbench.web.errors import BadRequest
from corpbench.web.issue_pages import PER_PAGE, listing, page_number
from ingest.bundles import csv_bytes
from web.conftest import NATIONAL, ORG, OTHER_ORG, Web, page_csrf


def _upload(client: TestClient, tables: dict[str, list[list[str]]]) -> httpx.Response:
    files = [
        ("files", (f"{name}.csv", csv_bytes(rows), "text/csv")) for name, rows in tables.items()
    ]
    return client.post("/submit", data={"csrf_token": page_csrf(client)}, files=files)


def _section(html: str, id_: str) -> str:
    return html.split(f'id="{id_}"')[1].split("</table>")[0]


def test_an_upload_with_many_warnings_shows_them_counted_in_words_and_one_page_of_the_list(
    web: Web,
) -> None:
    r = _upload(web.signed_in(NATIONAL), many_warnings(150))
    assert r.status_code == 200, r.text
    html = r.text
    groups = _section(html, "warnings-groups")
    # 9 × 150 added trusts, and the tiny round's own peer outliers
    assert (
        '<td class="cb-numeric">1,350</td>'
        "<td>A cost line has a shared cost but no delivery model.</td>" in groups
    )
    assert "shared_without_model" not in groups  # people read words, not codes
    examples = html.split('id="warnings-examples-shared_without_model"')[1].split("</ul>")[0]
    assert examples.count("<li>") == 4  # three examples and "… and 1,347 more"
    assert "… and 1,347 more" in examples
    rows = _section(html, "warnings-table").split("<tr>")[2:]
    assert len(rows) == PER_PAGE
    assert len(html) < 200_000


def test_a_rejected_upload_groups_its_errors_and_lists_each(web: Web) -> None:
    tables = round_tables()
    tables["finance"][2][2] = "-5"  # AC002 turnover, row 3
    tables["function_costs"][1][2] = "cooking"  # row 2
    r = _upload(web.signed_in(NATIONAL), tables)
    assert r.status_code == 422
    html = r.text
    assert "2 errors were found" in html
    groups = _section(html, "errors-groups")
    assert "A number is outside its allowed range (for example not above 0)." in groups
    assert "Correct the number; the message says the range." in groups
    rows = _section(html, "errors-table").split("<tr>")[2:]
    assert rows[0].startswith("<td>finance.csv</td><td>3</td><td>turnover</td><td>-5</td>")
    href = html.split('id="errors-download"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert href.startswith("data:text/csv;charset=utf-8,")
    listed = list(csv.reader(io.StringIO(unquote(href.split(",", 1)[1]))))
    assert [r[:5] for r in listed[1:]] == [
        ["finance.csv", "3", "turnover", "'-5", "out_of_range"],
        ["function_costs.csv", "2", "function", "cooking", "unknown_function"],
    ]


def test_a_10_mb_value_makes_a_small_error_page(web: Web) -> None:
    big = Web(web.store, web.settings.model_copy(update={"max_upload_bytes": 64 << 20}), web.tmp)
    tables = round_tables()
    tables["finance"][2][2] = "x" + "9" * 10_000_000
    tables["organisations"][0] = [*tables["organisations"][0], "h" * 10_000_000]
    for row in tables["organisations"][1:]:
        row.append("")
    r = _upload(big.signed_in(NATIONAL), tables)
    assert r.status_code == 422
    assert len(r.text) < 100_000
    assert "(10,000,001 characters)" in r.text


def test_the_review_page_lists_the_warnings_of_the_current_returns_with_a_csv_download(
    web: Web,
) -> None:
    client = web.signed_in(NATIONAL)
    r = client.get("/returns/AC005")
    assert r.status_code == 200
    groups = _section(r.text, "warnings-groups")
    assert "A KPI is far outside its peer group" in groups
    assert f"AC005 {Y1} finance: finance cost_per_fte is 100000.0" in r.text
    download = client.get("/returns/AC005/warnings.csv")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.text)))
    assert rows[0] == ["file", "row", "column", "value", "code", "message", "severity"]
    listed = _section(r.text, "warnings-table").count("<tr>") - 1
    assert len(rows) - 1 == listed > 0
    assert {row[4] for row in rows[1:]} == {"peer_outlier"}
    assert all(row[0] == "function_costs" and row[6] == "warning" for row in rows[1:])


def test_the_review_page_of_a_return_without_warnings_says_so(web: Web) -> None:
    r = web.signed_in(ORG).get("/returns/AC001")
    assert r.status_code == 200
    assert 'id="no-warnings"' in r.text


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2", "9223372036854775807", "1.5"])
def test_a_page_number_out_of_range_is_a_400_not_a_500(web: Web, page: str) -> None:
    r = web.signed_in(NATIONAL).get(f"/returns/AC005?page={page}")
    assert r.status_code == 400
    assert "page" in r.text


def test_an_organisation_cannot_download_another_organisations_warnings(web: Web) -> None:
    assert web.signed_in(OTHER_ORG).get("/returns/AC001/warnings.csv").status_code == 403


def _issues(n: int) -> list[Issue]:
    return [Issue("required", f"m{k}", "f.csv", k, "c", str(k)) for k in range(1, n + 1)]


def test_listing_cuts_the_full_list_into_pages_of_100() -> None:
    last = listing(_issues(250), page=3)
    assert (last.page, last.pages, last.total, last.first, last.last) == (3, 3, 250, 201, 250)
    assert [i.row for i in last.rows[:2]] == [201, 202]
    assert last.groups[0].count == 250
    with pytest.raises(BadRequest):
        listing(_issues(250), page=4)
    empty = listing([], page=1)
    assert (empty.pages, empty.first, empty.last, empty.rows) == (1, 0, 0, [])


def test_page_numbers_are_whole_numbers_from_1() -> None:
    assert page_number(None) == 1
    assert page_number("") == 1
    assert page_number("7") == 7
    for bad in ("0", "x", "-3", "99999999999"):
        with pytest.raises(BadRequest):
            page_number(bad)


def test_the_issue_csv_neutralises_formulas() -> None:
    issue = Issue(
        "unknown_column", "=cmd", "=f.csv", 1, "+col", '=HYPERLINK("http://x")', Severity.ERROR
    )
    rows = list(csv.reader(io.StringIO(issue_csv([issue]))))
    assert rows[1] == [
        "'=f.csv",
        "1",
        "'+col",
        '\'=HYPERLINK("http://x")',
        "unknown_column",
        "'=cmd",
        "error",
    ]
