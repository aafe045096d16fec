"""Done when: a round written by hand in the documented format (docs/round-example.toml) loads
returns of a new year, with organisation types and functions the code has never seen, through
the web upload, by the national team and by an organisation for itself; pages show the round's
labels; the template of the year follows the round."""

from __future__ import annotations

import html as html_lib
import io
import re
from pathlib import Path

import openpyxl

from corpbench import actions
from corpbench.actions import Actor
from ingest.bundles import csv_bytes
from web.conftest import NATIONAL, PASSWORD, Web, page_csrf

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "round-example.toml"
YEAR = "2021/22"
NEW_ORG = "ry@nhs.test"  # organisation RY002 (specialist)

FIN = ["org_code", "year", "turnover", "total_pay", "total_fte"]
COSTS = ["org_code", "year", "function", "process", "pay_cost", "non_pay_cost", "fte"]

NATIONAL_BUNDLE = {
    "organisations": [
        ["org_code", "org_name", "org_type", "region", "footprint", "teaching"],
        ["RY001", "Northdale Teaching Hospitals", "acute_teaching", "North", "Northdale", "true"],
        ["RY002", "Riverside Heart Centre", "specialist", "Midlands", "Riverside", "false"],
        ["RY003", "Coast Ambulance Service", "ambulance", "South", "", "false"],
    ],
    "finance": [
        FIN,
        ["RY001", YEAR, "450000000", "300000000", "8000"],
        ["RY002", YEAR, "200000000", "120000000", "2500"],
        ["RY003", YEAR, "150000000", "100000000", "3000"],
    ],
    "function_costs": [
        COSTS,
        ["RY001", YEAR, "finance", "", "3000000", "1000000", "60"],
        ["RY001", YEAR, "legal_services", "contract_review", "400000", "100000", "5"],
        ["RY002", YEAR, "finance", "", "1500000", "500000", "30"],
        ["RY002", YEAR, "legal_services", "", "300000", "50000", "3"],
        ["RY003", YEAR, "imt", "service_desk", "900000", "600000", "20"],
    ],
}


def _files(tables: dict[str, list[list[str]]]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (f"{n}.csv", csv_bytes(rows), "text/csv")) for n, rows in tables.items()]


def _text(page: str) -> str:
    """What people read: the page without its tags and without the charts' specs (scripts,
    whose data keep the machine codes)."""
    visible = re.sub(r"<script\b.*?</script>", " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", visible)))


def _upload(web: Web, email: str, tables: dict[str, list[list[str]]]) -> tuple[int, str]:
    client = web.signed_in(email)
    r = client.post("/submit", data={"csrf_token": page_csrf(client)}, files=_files(tables))
    return r.status_code, r.text


def _with_round(web: Web) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    actions.add_round(web.store, Actor.command_line("ann"), text, "round-example.toml")


def test_a_national_upload_of_a_new_rounds_year_is_stored_and_shown_in_its_words(
    web: Web,
) -> None:
    status, _ = _upload(web, NATIONAL, NATIONAL_BUNDLE)
    assert status == 422  # before the round is added, 2021/22 is checked by the default round
    _with_round(web)
    status, page = _upload(web, NATIONAL, NATIONAL_BUNDLE)
    assert status == 200, _text(page)
    assert f"Return RY001 {YEAR}: version 1" in _text(page)
    stored = web.store.current(YEAR)
    assert sorted(set(stored.function_costs["function"])) == ["finance", "imt", "legal_services"]

    client = web.signed_in(NATIONAL)
    national = _text(client.get(f"/national?year={YEAR}").text)
    assert "Acute teaching trust" in national
    assert "Specialist trust" in national
    assert "Legal services" in national
    assert "acute_teaching" not in national
    assert "legal_services" not in national
    org = client.get(f"/organisations/RY001?year={YEAR}&grouping=size_band").text
    assert '<option value="size_band" selected>Size band</option>' in org
    assert "Peer group: Turnover £400m or more (by size band)" in _text(org)
    assert "Legal services" in _text(org)


def test_an_organisation_submits_its_own_return_of_the_new_year(web: Web) -> None:
    _with_round(web)
    assert _upload(web, NATIONAL, NATIONAL_BUNDLE)[0] == 200
    web.store.accounts.add_user(
        NEW_ORG, "organisation", password=PASSWORD, org_code="RY002", footprint=None, by="t"
    )
    own = {
        "finance": [FIN, ["RY002", YEAR, "210000000", "125000000", "2600"]],
        "function_costs": [COSTS, ["RY002", YEAR, "legal_services", "", "320000", "40000", "3"]],
    }
    status, page = _upload(web, NEW_ORG, own)
    assert status == 200, _text(page)
    assert f"Return RY002 {YEAR}: version 2" in _text(page)
    assert web.store.current(YEAR).finance.filter(
        web.store.current(YEAR).finance["org_code"] == "RY002"
    )["turnover"].to_list() == [210_000_000.0]

    # a function outside the round of the year is refused, naming the round
    wrong = {
        "finance": own["finance"],
        "function_costs": [COSTS, ["RY002", YEAR, "communications", "", "1", "1", "1"]],
    }
    status, page = _upload(web, NEW_ORG, wrong)
    assert status == 422
    assert (
        "function 'communications' is not a function of round example-2022 (2021/22): "
        "expected one of finance, imt, legal_services." in _text(page)
    )


def test_the_template_of_the_year_follows_its_round(web: Web) -> None:
    _with_round(web)
    client = web.signed_in(NATIONAL)
    submit = client.get("/submit").text
    assert '<a href="/template.xlsx?year=2021/22">Template for 2021/22</a>' in submit
    r = client.get(f"/template.xlsx?year={YEAR}")
    assert r.status_code == 200
    assert 'filename="corpbench-return-2021-22.xlsx"' in r.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    lists = wb["lists"]
    columns = {
        col[0].value: [c.value for c in col[1:] if c.value is not None] for col in lists.iter_cols()
    }
    assert columns["list_org_type"] == ["acute_teaching", "specialist", "ambulance"]
    assert columns["list_function"] == ["finance", "imt", "legal_services"]
    assert client.get("/template.xlsx?year=2021").status_code == 400


def test_the_size_band_grouping_on_pages_and_downloads(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    # the default round of 2009/10 has no size bands: the page shows no peer group
    page = client.get("/organisations/AC001?year=2009/10&grouping=size_band")
    assert page.status_code == 200
    assert "Peer group: none (by size band)" in _text(page.text)
    _with_round(web)
    assert _upload(web, NATIONAL, NATIONAL_BUNDLE)[0] == 200
    for kind in ("xlsx", "csv", "pdf"):
        r = client.get(f"/organisations/RY002/report.{kind}?year={YEAR}&grouping=size_band")
        assert r.status_code == 200, (kind, r.text[:300])
    rows = client.get(f"/organisations/RY002/report.csv?year={YEAR}&grouping=size_band").text
    assert ",size_band," in rows  # machine output: the grouping by its code
