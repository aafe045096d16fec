"""The board scorecard and the size-adjusted ratios on the organisation page, and the economies
of scale on the national page, over the hand-worked round of ``bench/scorecard_tables.py``
(values, ranks and words checked by hand; the fit by an OLS written here with NumPy)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import numpy as np
import pytest

from bench.scorecard_tables import BUNDLE, as_csv_tables
from corpbench.config import Settings
from corpbench.loading import load_path
from corpbench.store import Store
from ingest.bundles import write_folder
from web.conftest import NATIONAL, PASSWORD, Web

Y1 = "2009/10"


@pytest.fixture
def card_web(db_url: str, tmp_path: Path) -> Iterator[Web]:
    settings = Settings(db=db_url, max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)
    store = Store.open(db_url)
    folder = write_folder(tmp_path / "scorecard", as_csv_tables())
    assert load_path(store, folder, by="tester", settings=settings).stored
    store.accounts.add_user(NATIONAL, "national", password=PASSWORD, by="t")
    store.publications.publish(by="tester", note="scorecard")
    try:
        yield Web(store, settings, tmp_path)
    finally:
        store.close()


def _section(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</table>", start)]


def _cells(row_html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
        for c in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row_html, re.S)
    ]


def _rows(table_html: str) -> list[list[str]]:
    body = table_html[table_html.index("<tbody") :]
    return [_cells(r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_organisation_page_shows_cost_and_quality_side_by_side(card_web: Web) -> None:
    client = card_web.signed_in(NATIONAL)
    html = client.get(f"/organisations/AC1?year={Y1}").text
    assert "Board scorecard" in html
    rows = {r[1]: r for r in _rows(_section(html, "scorecard-table"))}
    # HR cost per employee: 50 among acute 30, 50, 80 -> median 50, q1 40, q3 65, rank 2 of 3
    assert rows["HR cost per employee (£)"] == [
        "HR Cost",  # the function, and under it the kind of figure, a word with its capital
        "HR cost per employee (£)",
        "50.00",
        "50.00",
        "40.00 to 65.00",
        "2 of 3",
        "lower is better",
        "too few peers",
    ]
    # % orders electronic: 80 against AC3's 90, higher is better -> rank 2 of 2
    electronic = rows["Orders placed electronically (%)"]
    assert electronic[0] == "Procurement Quality"
    assert electronic[2] == "80.00"
    assert electronic[5:7] == ["2 of 2", "higher is better"]
    # every one of AC1's fifteen figures has a row, cost before quality within a function
    assert len(rows) == 15
    order = [r[0] for r in _rows(_section(html, "scorecard-table"))]
    assert order[:4] == ["Finance Cost", "Finance Cost", "Finance Quality", "HR Cost"]


def _fit(turnover: list[float], cost: list[float]) -> tuple[float, float]:
    """Independent: (ln a, β) by least squares on the logarithms."""
    design = np.column_stack([np.ones(len(turnover)), np.log(turnover)])
    coef = np.linalg.lstsq(design, np.log(cost), rcond=None)[0]
    return float(coef[0]), float(coef[1])


def test_the_organisation_page_shows_its_size_adjusted_ratios(card_web: Web) -> None:
    html = unescape(card_web.signed_in(NATIONAL).get(f"/organisations/AC1?year={Y1}").text)
    assert "A size-adjusted ratio is the function's cost divided by" in html
    rows = {r[0]: r for r in _rows(_section(html, "size-adjusted-table"))}
    fin = dict(zip(BUNDLE.finance["org_code"], BUNDLE.finance["turnover"], strict=True))
    hr = {"AC1": 10_000.0, "AC2": 9_000.0, "AC3": 8_000.0, "CM1": 5_000.0}
    log_a, beta = _fit([fin[c] for c in hr], list(hr.values()))
    expected = float(np.exp(log_a + beta * np.log(fin["AC1"])))
    assert rows["HR"][1] == "10"  # £000
    assert rows["HR"][2] == f"{expected / 1000:,.0f}"
    assert rows["HR"][3] == f"{10_000.0 / expected:.2f}"
    # payroll: AC1 alone returned it, so no fit and no row
    assert "Payroll" not in rows


def test_the_national_page_shows_beta_by_function(card_web: Web) -> None:
    html = card_web.signed_in(NATIONAL).get(f"/national?year={Y1}").text
    assert "Economies of scale" in html
    assert "β below 1 means larger organisations" in html
    rows = {r[0]: r for r in _rows(_section(html, "scale-table"))}
    fin = dict(zip(BUNDLE.finance["org_code"], BUNDLE.finance["turnover"], strict=True))
    hr = {"AC1": 10_000.0, "AC2": 9_000.0, "AC3": 8_000.0, "CM1": 5_000.0}
    _, beta = _fit([fin[c] for c in hr], list(hr.values()))
    assert rows["HR"][1] == f"{beta:.2f}"
    assert rows["HR"][4] == "4"
    assert " to " in rows["HR"][2]


def test_the_api_answers_the_scorecard_as_the_export_does(card_web: Web) -> None:
    client = card_web.signed_in(NATIONAL)
    r = client.get("/api/v1/scorecard", params={"org": "AC1"})
    assert r.status_code == 200, r.text
    rows = {row["figure"]: row for row in r.json()}
    assert len(rows) == 15
    hr = rows["hr_cost_per_employee"]
    assert (hr["value"], hr["n"], hr["median"], hr["q1"], hr["q3"], hr["rank"]) == (
        50.0,
        3,
        50.0,
        40.0,
        65.0,
        2,
    )
    assert (hr["kind"], hr["better"], hr["group"], hr["grouping"], hr["year"]) == (
        "cost",
        "lower",
        "acute",
        "org_type",
        Y1,
    )
    assert rows["pct_orders_electronic"]["better"] == "higher"
    assert rows["pct_orders_electronic"]["rank"] == 2
    # no return that year, or not in the register: 404 with the error envelope
    assert client.get("/api/v1/scorecard", params={"org": "NR1"}).status_code == 404
    assert (
        client.get("/api/v1/scorecard", params={"org": "AC1", "year": "2010/11"}).status_code == 404
    )
    assert client.get("/api/v1/scorecard").status_code in (400, 422)


def test_the_workbook_download_carries_the_scorecard(card_web: Web) -> None:
    import io

    import openpyxl

    r = card_web.signed_in(NATIONAL).get(f"/organisations/AC1/report.xlsx?year={Y1}")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    rows = list(wb["Board scorecard"].iter_rows(values_only=True))
    hr = next(row for row in rows if row[2] == "HR cost per employee (£)")
    assert hr[3:9] == (50.0, 3, 50.0, 40.0, 65.0, 2)


def test_the_benchmark_api_gives_the_size_adjusted_ratio_beside_the_kpis(card_web: Web) -> None:
    r = card_web.signed_in(NATIONAL).get("/api/v1/organisations/AC1/benchmark")
    assert r.status_code == 200, r.text
    rows = {row["function"]: row for row in r.json()}
    fin = dict(zip(BUNDLE.finance["org_code"], BUNDLE.finance["turnover"], strict=True))
    hr = {"AC1": 10_000.0, "AC2": 9_000.0, "AC3": 8_000.0, "CM1": 5_000.0}
    log_a, beta = _fit([fin[c] for c in hr], list(hr.values()))
    expected = float(np.exp(log_a + beta * np.log(fin["AC1"])))
    assert rows["hr"]["size_adjusted_ratio"] == pytest.approx(10_000.0 / expected, rel=1e-12)
    assert rows["payroll"]["size_adjusted_ratio"] is None  # AC1 alone: no fit


def test_the_methods_table_heads_its_columns_with_capitals(card_web: Web) -> None:
    client = card_web.signed_in(NATIONAL)
    html = client.get(f"/organisations/AC1?year={Y1}").text
    table = _section(html, "methods-table")
    head = _cells(table[table.index("<thead") : table.index("</thead>")])
    # "Top quartile" and "Median" as headers, not the sentence forms "top quartile", "median"
    assert head[:4] == ["Function", "IQM", "Median", "Top quartile"]
    assert all(h[0].isupper() or h[0].isdigit() for h in head)
