"""Economies of scale everywhere a case is read (issue 12 item 6): the PDF business case, the
workbook and the API answer carry the case page's table — per function β with its 95% interval,
R², the organisations fitted and the scale saving of combining the partners — each checked
against an ordinary least squares of ln(cost) on ln(turnover) written here with numpy's lstsq."""

from __future__ import annotations

import io
import math
from typing import Any

import numpy as np
import openpyxl
import polars as pl
import pypdf
import pytest
from scipy import stats

from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import Actor
from web.conftest import FOOTPRINT, NATIONAL, ORG, Web
from web.test_web_plans import SMALL

NAT = Actor.command_line(NATIONAL)
PARTNERS = ("AC001", "AC002", "MH001")


def _ols(turnover: list[float], cost: list[float], partners: list[float]) -> dict[str, Any]:
    """ln(cost) = ln a + β ln(turnover) by lstsq: β, its 95% interval from the coefficients'
    covariance σ²(XᵀX)⁻¹, R², n, and Σ a·Tᵢ^β − a·(ΣTᵢ)^β over ``partners``; None figures where
    undefined (fewer than two distinct turnovers; the interval with fewer than three)."""
    x, y = np.log(np.array(turnover)), np.log(np.array(cost))
    n = len(x)
    if n < 2 or np.ptp(x) == 0:
        return {"n": None, "beta": None, "beta_low": None, "beta_high": None}
    design = np.column_stack([np.ones(n), x])
    (log_a, beta), *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ np.array([log_a, beta])
    ssr, sst = float(resid @ resid), float(((y - y.mean()) ** 2).sum())
    low = high = None
    if n >= 3:
        sigma2 = ssr / (n - 2)
        se = math.sqrt(sigma2 * np.linalg.inv(design.T @ design)[1, 1])
        t = float(stats.t.ppf(0.975, n - 2))
        low, high = beta - t * se, beta + t * se
    a = math.exp(log_a)
    return {
        "n": n,
        "beta": float(beta),
        "beta_low": low,
        "beta_high": high,
        "r_squared": 1 - ssr / sst if sst > 0 else None,
        "scale_saving": sum(a * t**beta for t in partners) - a * sum(partners) ** beta,
    }


def _expected(web: Web, functions: list[str]) -> dict[str, dict[str, Any]]:
    """The fit of each function over every organisation with a cost above 0 in Y1."""
    engine = actions.benchmark_for(web.store, NAT)
    totals = engine.totals(Y1)
    finance = engine.finance.filter(pl.col("year") == Y1)
    turnover = dict(zip(finance["org_code"], finance["turnover"], strict=True))
    out = {}
    for code in functions:
        rows = totals.filter((pl.col("function") == code) & (pl.col("cost") > 0))
        orgs = rows["org_code"].to_list()
        out[code] = _ols(
            [float(turnover[o]) for o in orgs],
            [float(c) for c in rows["cost"]],
            [float(turnover[p]) for p in PARTNERS],
        )
    return out


@pytest.fixture
def case(web: Web) -> tuple[int, list[str], dict[str, dict[str, Any]]]:
    saved = actions.new_case(web.store, NAT, year=Y1, footprint="NCL")
    functions = list(saved.case.function_codes())
    expected = _expected(web, functions)
    # the round gives the case defined fits with intervals to check
    assert sum(1 for e in expected.values() if e["beta_low"] is not None) >= 1
    return saved.version.case_id, functions, expected


def _close(got: Any, want: Any) -> bool:
    if want is None:
        return got is None
    return got == pytest.approx(want, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("email", [NATIONAL, FOOTPRINT, ORG])
def test_the_api_answer_has_the_economies_of_scale_at_full_precision(
    web: Web, case: tuple[int, list[str], dict[str, dict[str, Any]]], email: str
) -> None:
    case_id, functions, expected = case
    token = web.token(email)
    r = web.client().get(f"/api/v1/plans/{case_id}", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    got = r.json()["economies_of_scale"]
    assert [g["function"] for g in got] == functions  # machine codes, the case's order
    for g in got:
        want = expected[g["function"]]
        for key in ("n", "beta", "beta_low", "beta_high", "r_squared", "scale_saving"):
            assert _close(g[key], want.get(key)), (g["function"], key, g[key], want.get(key))


def test_the_workbook_has_a_sheet_of_the_economies_of_scale(
    web: Web, case: tuple[int, list[str], dict[str, dict[str, Any]]]
) -> None:
    case_id, functions, expected = case
    client = web.signed_in(NATIONAL)
    data = client.get(f"/plans/{case_id}/case.xlsx").content
    rows = list(openpyxl.load_workbook(io.BytesIO(data))["Economies of scale"].values)
    assert Y1 in rows[0][0]
    header = rows.index(
        (
            "Function",
            "β",
            "β, 95% interval from",
            "β, 95% interval to",
            "R²",
            "Organisations fitted",
            "Scale saving a year (£)",
        )
    )
    body = rows[header + 1 :]
    labels = {"finance": "Finance", "hr": "HR"}
    assert [r[0] for r in body] == [labels.get(f, f) for f in functions]
    for code, row in zip(functions, body, strict=True):
        want = expected[code]
        keys = ("beta", "beta_low", "beta_high", "r_squared", "n", "scale_saving")
        for key, cell in zip(keys, row[1:], strict=True):
            assert _close(cell, want.get(key)), (code, key, cell, want.get(key))


def test_the_pdf_has_a_section_of_the_economies_of_scale(
    web: Web, case: tuple[int, list[str], dict[str, dict[str, Any]]]
) -> None:
    case_id, functions, expected = case
    client = web.signed_in(FOOTPRINT)
    pdf = client.get(f"/plans/{case_id}/case.pdf")
    assert pdf.status_code == 200
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages]
    text = " ".join(" ".join(pages).split())
    assert f"Economies of scale, {Y1}" in text
    assert "A β below 1 means larger organisations spend a smaller share" in text
    labels = {"finance": "Finance", "hr": "HR"}
    for code in functions:
        want, label = expected[code], labels.get(code, code)
        if want["beta"] is None:
            assert f"{label} no fit" in text
            continue
        interval = (
            "needs 3 organisations"
            if want["beta_low"] is None
            else f"{want['beta_low']:,.2f} to {want['beta_high']:,.2f}"
        )
        saving = want["scale_saving"]
        row = (
            f"{label} {want['beta']:,.2f} {interval} {want['r_squared']:,.2f} {want['n']} "
            f"{'−' if saving < 0 else ''}£{abs(saving):,.0f}"
        )
        assert row in text, row


def test_a_case_without_a_year_says_it_has_no_economies_of_scale(web: Web) -> None:
    saved = actions.save_case(web.store, NAT, None, text=SMALL, name="Worked").version
    client = web.signed_in(NATIONAL)
    token = web.token(NATIONAL)
    body = client.get(
        f"/api/v1/plans/{saved.case_id}", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert body["economies_of_scale"] == []
    pdf = client.get(f"/plans/{saved.case_id}/case.pdf").content
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "No economies of scale: the case has no baseline year with figures" in text
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/plans/{saved.case_id}/case.xlsx").content)
    )
    assert list(book["Economies of scale"].values) == [
        ("No economies of scale: the case has no baseline year with figures or no partners.",)
    ]
