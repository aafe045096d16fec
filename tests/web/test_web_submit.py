"""Submitting a return in the browser: the template, good and bad uploads, scope and limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cli.bundles import Y1, changed_round, planted_errors, round_tables
from ingest.bundles import csv_bytes, write_xlsx
from web.conftest import FOOTPRINT, NATIONAL, ORG, Web, page_csrf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_files(tables: dict[str, list[list[str]]]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        ("files", (f"{name}.csv", csv_bytes(rows), "text/csv")) for name, rows in tables.items()
    ]


def _only(tables: dict[str, list[list[str]]], code: str) -> dict[str, list[list[str]]]:
    """The rows of one organisation (headers kept)."""
    return {
        name: [rows[0], *(r for r in rows[1:] if r[0] == code)] for name, rows in tables.items()
    }


def test_the_template_downloads_as_a_workbook(web: Web) -> None:
    r = web.signed_in(ORG).get("/template.xlsx")
    assert r.status_code == 200
    assert r.headers["content-type"] == XLSX
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "xl/workbook.xml" in names


def test_a_good_csv_upload_stores_a_new_version_and_is_audited(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    before = len(web.store.loads())
    r = client.post(
        "/submit", data={"csrf_token": page_csrf(client)}, files=_csv_files(changed_round())
    )
    assert r.status_code == 200, r.text
    assert "Return stored" in r.text
    assert f"Return AC001 {Y1}: version 2" in r.text
    loads = web.store.loads()
    assert len(loads) == before + 1
    assert loads[-1].loaded_by == NATIONAL
    assert loads[-1].source == "organisations.csv, finance.csv, function_costs.csv, indicators.csv"
    assert [
        v.version for v in web.store.history("AC001") if v.kind == "return" and v.year == Y1
    ] == [1, 2]
    entry = web.store.audit.entries(action="upload")[0]
    assert entry.actor == NATIONAL
    assert entry.detail["new_return_versions"] == [f"AC001 {Y1} v2"]


def test_a_bad_workbook_shows_every_error_and_stores_nothing(web: Web, tmp_path: Path) -> None:
    planted = planted_errors()
    book = write_xlsx(tmp_path / "bad.xlsx", planted.tables)
    client = web.signed_in(NATIONAL)
    before = web.store.current()
    r = client.post(
        "/submit",
        data={"csrf_token": page_csrf(client)},
        files=[("files", ("bad.xlsx", book.read_bytes(), XLSX))],
    )
    assert r.status_code == 422
    assert "nothing was stored" in r.text
    rows = r.text.split('id="errors-table"')[1].split("</table>")[0].split("<tr>")[2:]
    assert len(rows) == len(planted.expected)
    for stem, row, column, _code in planted.expected:
        cells = f"<td>bad.xlsx[{stem}]</td><td>{row}</td><td>{column}</td>"
        assert any(cells in r for r in rows), (stem, row, column)
    after = web.store.current()
    assert after.finance.equals(before.finance)
    assert after.function_costs.equals(before.function_costs)
    assert web.store.audit.entries(action="upload_rejected")[0].detail == {
        "errors": len(planted.expected)
    }


def test_an_organisation_may_submit_only_its_own_rows(web: Web) -> None:
    client = web.signed_in(ORG)
    loads = len(web.store.loads())
    r = client.post(
        "/submit", data={"csrf_token": page_csrf(client)}, files=_csv_files(round_tables())
    )
    assert r.status_code == 422
    assert "You may only submit rows for your own organisation (AC001)" in r.text
    assert len(web.store.loads()) == loads
    own = _only(changed_round(), "AC001")
    r = client.post("/submit", data={"csrf_token": page_csrf(client)}, files=_csv_files(own))
    # its own register row too: the register is the national team's
    assert r.status_code == 422
    assert "The register is kept by the national team" in r.text
    assert len(web.store.loads()) == loads
    del own["organisations"]
    r = client.post("/submit", data={"csrf_token": page_csrf(client)}, files=_csv_files(own))
    assert r.status_code == 200, r.text
    assert f"Return AC001 {Y1}: version 2" in r.text


def test_a_zip_upload_works(web: Web) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, rows in changed_round().items():
            z.writestr(f"{name}.csv", csv_bytes(rows))
    client = web.signed_in(NATIONAL)
    r = client.post(
        "/submit",
        data={"csrf_token": page_csrf(client)},
        files=[("files", ("round.zip", buffer.getvalue(), "application/zip"))],
    )
    assert r.status_code == 200, r.text
    assert web.store.loads()[-1].source == "round.zip"


def test_uploads_over_the_limit_are_refused(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    big = b"org_code,year\n" + b"x" * (web.settings.max_upload_bytes + 10)
    loads = len(web.store.loads())
    r = client.post(
        "/submit",
        data={"csrf_token": page_csrf(client)},
        files=[("files", ("finance.csv", big, "text/csv"))],
    )
    assert r.status_code == 413
    assert len(web.store.loads()) == loads


def test_only_return_files_are_accepted(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    r = client.post(
        "/submit",
        data={"csrf_token": page_csrf(client)},
        files=[("files", ("../../etc/passwd.exe", b"x", "application/octet-stream"))],
    )
    assert r.status_code == 400
    assert "passwd.exe is not a return file" in r.text


def test_footprint_users_do_not_submit(web: Web) -> None:
    client = web.signed_in(FOOTPRINT)
    r = client.post(
        "/submit", data={"csrf_token": page_csrf(client)}, files=_csv_files(changed_round())
    )
    assert r.status_code == 403
