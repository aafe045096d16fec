"""The funnels page: the funnel of % invoices paid in 30 days over a round of eight
organisations (the worked example of docs/funnels.md), its table checked against
``bench.funnel`` (itself checked against FunnelPlotR), and who sees which names."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import polars as pl
import pytest

from bench.scorecard_tables import as_csv_tables
from bench.tables import Y1, costs, finance, organisations
from corpbench.bench.funnel import funnel
from corpbench.config import Settings
from corpbench.loading import load_path
from corpbench.standard.bundle import Bundle, conform
from corpbench.store import Store
from ingest.bundles import write_folder
from web.conftest import PASSWORD, Web

DOCS = Path(__file__).resolve().parents[2] / "docs"
EXAMPLE = json.loads((DOCS / "funnel-example.json").read_text())
CODES = ["FA1", "FA2", "FA3", "FA4", "FA5", "FA6", "FA7", "FA8"]
NAMES = dict(zip(CODES, [f"{n} Hospital" for n in EXAMPLE["labels"]], strict=True))
NCL = {"FA1", "FA2"}  # footprint NCL: North and South

NAT = "nat@funnel.test"
ORG_WEST = "west@funnel.test"  # FA4, West: the outlier
FP = "ncl@funnel.test"


def _bundle() -> Bundle:
    orgs = organisations(
        [
            {
                "org_code": c,
                "org_name": NAMES[c],
                "org_type": "acute",
                "footprint": "NCL" if c in NCL else None,
            }
            for c in CODES
        ]
    )
    fin = finance([{"org_code": c, "turnover": 50e6, "total_pay": 1e6} for c in CODES])
    cost = costs([{"org_code": c, "function": "finance", "pay_cost": 1000.0} for c in CODES])
    rows = []
    for c, paid, in30 in zip(CODES, EXAMPLE["denominator"], EXAMPLE["numerator"], strict=True):
        rows += [(c, Y1, "finance", "invoices_paid", float(paid))]
        rows += [(c, Y1, "finance", "invoices_paid_30_days", float(in30))]
    ind = conform(
        "indicators",
        pl.DataFrame(
            rows, schema=["org_code", "year", "function", "indicator", "value"], orient="row"
        ),
    )
    return Bundle(organisations=orgs, finance=fin, function_costs=cost, indicators=ind)


@pytest.fixture
def funnel_web(db_url: str, tmp_path: Path) -> Iterator[Web]:
    settings = Settings(db=db_url, max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)
    store = Store.open(db_url)
    folder = write_folder(tmp_path / "funnel", as_csv_tables(_bundle()))
    assert load_path(store, folder, by="tester", settings=settings).stored
    store.accounts.add_user(NAT, "national", password=PASSWORD, by="t")
    store.accounts.add_user(ORG_WEST, "organisation", org_code="FA4", password=PASSWORD, by="t")
    store.accounts.add_user(FP, "footprint", footprint="NCL", password=PASSWORD, by="t")
    store.publications.publish(by="tester", note="funnel")
    try:
        yield Web(store, settings, tmp_path)
    finally:
        store.close()


def _rows(html: str) -> list[list[str]]:
    start = html.index('id="funnel-table"')
    body = html[html.index("<tbody", start) : html.index("</table>", start)]
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", r, re.S)
        ]
        for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _spec(html: str) -> dict[str, object]:
    m = re.search(
        r'<script type="application/json" id="funnel-chart-spec">(.*?)</script>', html, re.S
    )
    assert m
    return json.loads(m.group(1))


def _pct(v: float) -> str:
    return f"{100 * v:.1f}%"


def test_national_user_sees_every_organisation_named_and_the_limits(funnel_web: Web) -> None:
    html = (
        funnel_web.signed_in(NAT).get(f"/funnels?figure=pct_invoices_paid_30_days&year={Y1}").text
    )
    want = funnel(EXAMPLE["numerator"], EXAMPLE["denominator"], CODES)
    rows = _rows(html)
    # by denominator: Vale 160, West 420, North 500, ...
    by_den = sorted(want.units, key=lambda u: u.denominator)
    assert [r[0] for r in rows] == [NAMES[u.label] for u in by_den]
    for r, u in zip(rows, by_den, strict=True):
        assert r[1] == f"{u.denominator:,.0f}"
        assert r[2] == f"{u.numerator:,.0f}"
        assert r[3] == _pct(u.rr)
        assert r[4] == f"{_pct(u.limits.ll95)} to {_pct(u.limits.ul95)}"
        assert r[5] == f"{_pct(u.limits.ll998)} to {_pct(u.limits.ul998)}"
    west = next(r for r in rows if r[0] == "West Hospital")
    assert west[6] == "Below the 99.8% limit"
    assert "Widened for overdispersion (dispersion ratio φ 7.90)" in unescape(html)
    # the chart labels the outlier by name, and only it
    spec = _spec(html)
    points = [
        v
        for layer in spec["layer"]  # type: ignore[attr-defined]
        for v in layer["data"]["values"]
        if "kind" in v
    ]
    assert {v["text"] for v in points if v["text"]} == {"West Hospital"}


def test_organisation_user_sees_itself_named_and_peers_unnamed(funnel_web: Web) -> None:
    html = funnel_web.signed_in(ORG_WEST).get("/funnels").text
    names = [r[0] for r in _rows(html)]
    assert "West Hospital (you)" in names
    assert not any(n.endswith("Hospital") for n in names)
    assert sorted(n for n in names if n.startswith("Peer ")) == [f"Peer {k}" for k in range(1, 8)]
    assert "North Hospital" not in html


def test_footprint_user_sees_its_footprint_named(funnel_web: Web) -> None:
    html = funnel_web.signed_in(FP).get("/funnels").text
    names = {r[0] for r in _rows(html)}
    assert {"North Hospital", "South Hospital"} <= names
    assert sum(1 for n in names if n.startswith("Peer ")) == 6
    assert "West Hospital" not in html


def test_a_figure_without_enough_organisations_says_so(funnel_web: Web) -> None:
    html = funnel_web.signed_in(NAT).get("/funnels?figure=payroll_error_rate").text
    assert "No funnel can be drawn" in html
    assert "a funnel needs at least 2" in html


def test_unknown_figure_or_year_is_400(funnel_web: Web) -> None:
    client = funnel_web.signed_in(NAT)
    assert client.get("/funnels?figure=cost_per_order").status_code == 400
    assert client.get("/funnels?year=1999/00").status_code == 400
