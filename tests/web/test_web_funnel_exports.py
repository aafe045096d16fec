"""The funnel's API and downloads (issue 13 item 7) over the eight organisations of the worked
example (tests/web/test_web_funnels.py's round): the API's numbers equal the funnel of the
parts assembled here from the stored indicators (and the command line's ``--json``), each
caller sees only the names the page shows it, the PDF carries the labelled table and the
workbook every organisation at full precision; downloads are audited as ``export``."""

# ruff: noqa: F811 - the round's fixture, funnel_web, is imported from the funnels page's tests

from __future__ import annotations

import io
import json
from html import unescape
from typing import Any

import openpyxl
import polars as pl
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from bench.tables import Y1
from corpbench.bench.funnel import funnel, machine_output
from corpbench.cli import app
from web.conftest import Web
from web.test_web_funnels import CODES, FP, NAMES, NAT, ORG_WEST, funnel_web  # noqa: F401

FIGURE = "pct_invoices_paid_30_days"
QUERY = f"figure={FIGURE}&year={Y1}"


def _stored_parts(web: Web) -> tuple[list[float], list[float], list[str]]:
    """Invoices paid in 30 days over invoices paid, by organisation code, as stored."""
    ind = web.store.current().indicators.filter(pl.col("year") == Y1)
    wide = {
        name: dict(ind.filter(pl.col("indicator") == name).select("org_code", "value").iter_rows())
        for name in ("invoices_paid_30_days", "invoices_paid")
    }
    codes = sorted(wide["invoices_paid"])
    return (
        [wide["invoices_paid_30_days"][c] for c in codes],
        [wide["invoices_paid"][c] for c in codes],
        codes,
    )


def _expected(web: Web) -> dict[str, Any]:
    num, den, codes = _stored_parts(web)
    return machine_output(funnel(num, den, codes, data_type="PR", limits=99))


def _api(web: Web, who: str) -> dict[str, Any]:
    r = web.client().get(
        f"/api/v1/funnels?{QUERY}", headers={"Authorization": f"Bearer {web.token(who)}"}
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_api_equals_the_library_and_the_command_line_for_national(funnel_web: Web) -> None:
    body = _api(funnel_web, NAT)
    assert (body.pop("figure"), body.pop("year")) == (FIGURE, Y1)
    names = [u.pop("name") for u in body["units"]]
    assert names == [NAMES[c] for c in CODES]
    want = _expected(funnel_web)
    assert body == want
    assert [u["label"] for u in want["units"]] == CODES
    # and the command line over the same store prints the same object
    run = CliRunner().invoke(
        app,
        ["funnel", "--figure", FIGURE, "--year", Y1, "--json"],
        env={"CORPBENCH_DB": funnel_web.settings.db},
    )
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout) == want


def _check_scoped(body: dict[str, Any], want: dict[str, Any], named: set[str]) -> None:
    """Units named exactly ``named``; the others "Peer k" numbered by value; every number the
    library's; listed by value so their order gives no code away."""
    by_code = {u["label"]: u for u in want["units"]}
    order = sorted(want["units"], key=lambda u: (u["rr"], u["label"]))
    peers = [u["label"] for u in order if u["label"] not in named]
    expected_labels = [
        u["label"] if u["label"] in named else f"Peer {peers.index(u['label']) + 1}" for u in order
    ]
    assert [u["label"] for u in body["units"]] == expected_labels
    for got, code in zip(body["units"], [u["label"] for u in order], strict=True):
        assert got["name"] == (NAMES[code] if code in named else None)
        assert {k: v for k, v in got.items() if k not in ("label", "name")} == {
            k: v for k, v in by_code[code].items() if k != "label"
        }
    for k in ("target", "phi", "tau2", "draw_adjusted", "n_units"):
        assert body[k] == want[k]


@pytest.mark.parametrize(("who", "named"), [(ORG_WEST, {"FA4"}), (FP, {"FA1", "FA2"})])
def test_api_names_only_what_the_page_names(funnel_web: Web, who: str, named: set[str]) -> None:
    body = _api(funnel_web, who)
    _check_scoped(body, _expected(funnel_web), named)
    text = json.dumps(body)
    for code in set(CODES) - named:
        assert code not in text
        assert NAMES[code] not in text


def test_api_refuses_an_unknown_figure_or_year(funnel_web: Web) -> None:
    client = funnel_web.client()
    headers = {"Authorization": f"Bearer {funnel_web.token(NAT)}"}
    bad = client.get("/api/v1/funnels?figure=cost_per_order", headers=headers)
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "bad_request"
    assert "pct_invoices_paid_30_days" in bad.json()["error"]["message"]
    assert client.get("/api/v1/funnels?year=1999/00", headers=headers).status_code == 400
    none = client.get("/api/v1/funnels?figure=payroll_error_rate", headers=headers)
    assert none.status_code == 404
    assert "a funnel needs at least 2" in none.json()["error"]["message"]


def _pct(v: float) -> str:
    return f"{100 * v:.1f}%"


def test_pdf_shows_the_labelled_table_and_method(funnel_web: Web) -> None:
    client = funnel_web.signed_in(NAT)
    page = unescape(client.get(f"/funnels?{QUERY}").text)
    assert f'href="/funnels.pdf?{QUERY.replace("/", "%2F")}"' in page
    assert f'href="/funnels.xlsx?{QUERY.replace("/", "%2F")}"' in page
    r = client.get(f"/funnels.pdf?{QUERY}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(r.content))
    width, height = (float(x) for x in pdf.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    want = funnel(*_stored_parts(funnel_web))
    for u in want.units:  # each organisation's row, its flag in words
        words = "Within the limits"
        if u.outlier95 or u.outlier998:
            side = "Above" if u.rr > want.target else "Below"
            words = f"{side} the {'99.8%' if u.outlier998 else '95%'} limit"
        lim = u.limits
        row = (
            f"{NAMES[u.label]} {u.denominator:,.0f} {u.numerator:,.0f} {_pct(u.rr)} "
            f"{_pct(lim.ll95)} to {_pct(lim.ul95)} {_pct(lim.ll998)} to {_pct(lim.ul998)} {words}"
        )
        assert row in text
    assert "West Hospital 420" in text
    assert "Below the 99.8% limit" in text
    assert f"dispersion ratio φ {want.phi:.2f}" in text
    assert "FunnelPlotR" in text
    entry = funnel_web.store.audit.entries(action="export")[0]
    assert (entry.actor, entry.target) == (NAT, "funnels.pdf")
    assert entry.detail == {"figure": FIGURE, "year": Y1}


def test_an_organisation_users_pdf_names_only_itself(funnel_web: Web) -> None:
    r = funnel_web.signed_in(ORG_WEST).get(f"/funnels.pdf?{QUERY}")
    assert r.status_code == 200
    pages = PdfReader(io.BytesIO(r.content)).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert "West Hospital (you)" in text
    assert "Peer 7" in text
    assert [n for c, n in NAMES.items() if c != "FA4" and n in text] == []


def _sheet(data: bytes, name: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return list(wb[name].iter_rows(min_row=2, values_only=True))


def test_workbook_has_every_organisation_at_full_precision(funnel_web: Web) -> None:
    r = funnel_web.signed_in(NAT).get(f"/funnels.xlsx?{QUERY}")
    assert r.status_code == 200
    header, *rows = _sheet(r.content, "Funnel")
    assert header[0] == "Organisation"
    assert header[2:4] == ("Invoices paid", "Invoices paid within 30 days")
    want = {u.label: u for u in funnel(*_stored_parts(funnel_web)).units}
    assert sorted(row[1] for row in rows) == CODES
    for row in rows:
        u = want[row[1]]
        assert row[0] == NAMES[row[1]]
        assert row[2:9] == (
            u.denominator, u.numerator, u.rr,
            u.limits.ll95, u.limits.ul95, u.limits.ll998, u.limits.ul998,
        )  # fmt: skip
    assert [row[9] for row in rows if row[1] == "FA4"] == ["Below the 99.8% limit"]
    # by denominator, as on the page
    assert [row[2] for row in rows] == sorted(row[2] for row in rows)
    entry = funnel_web.store.audit.entries(action="export")[0]
    assert entry.target == "funnels.xlsx"


def test_a_footprint_users_workbook_names_its_footprint_only(funnel_web: Web) -> None:
    r = funnel_web.signed_in(FP).get(f"/funnels.xlsx?{QUERY}")
    _, *rows = _sheet(r.content, "Funnel")
    assert {row[1] for row in rows if row[1]} == {"FA1", "FA2"}
    assert sorted(row[0] for row in rows if row[1] is None) == [f"Peer {k}" for k in range(1, 7)]
    cells = " ".join(str(v) for row in rows for v in row)
    assert "West Hospital" not in cells
    assert "FA4" not in cells
