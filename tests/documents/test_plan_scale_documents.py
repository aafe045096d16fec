"""The economies of scale section of a case's PDF and its workbook sheet, on a hand-made round:
finance fitted over four organisations (with an interval), HR over two (β without an interval),
payroll over one (no fit), and a partner without a turnover left out — each figure against
numpy's lstsq on ln-ln written here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
from typing import Any

import numpy as np
import polars as pl
import pypdf
import pytest
from openpyxl import load_workbook
from scipy import stats

from corpbench.bench.scale import partners_scale
from corpbench.documents.plan_pdf import plan_pdf
from corpbench.documents.plan_workbook import plan_workbook
from corpbench.views.plan import PlanView
from corpbench.views.plan_scale import CaseScale, case_scale
from plan.report_cases import complete_view

YEAR = "2016/17"
TURNOVER = {"RX1": 100e6, "RX2": 50e6, "RX3": 20e6, "RX4": 10e6}
COSTS = {
    "finance": {"RX1": 1_500e3, "RX2": 900e3, "RX3": 500e3, "RX4": 200e3},
    "hr": {"RX1": 800e3, "RX2": 500e3},
    "payroll": {"RX1": 100e3},
}
PARTNERS = ("RX1", "RX2", "RX3", "RX9")  # RX9 has no turnover in YEAR


def _scale() -> CaseScale:
    totals = pl.DataFrame(
        [
            {"org_code": o, "year": YEAR, "function": f, "cost": c}
            for f, by in COSTS.items()
            for o, c in by.items()
        ]
    )
    finance = pl.DataFrame(
        [{"org_code": o, "year": YEAR, "turnover": t} for o, t in TURNOVER.items()]
    )
    table, absent = partners_scale(totals, finance, YEAR, PARTNERS)
    return CaseScale(YEAR, case_scale(["finance", "hr", "payroll"], table), tuple(absent))


def _ols(function: str) -> dict[str, Any]:
    orgs = list(COSTS[function])
    x, y = np.log([TURNOVER[o] for o in orgs]), np.log([COSTS[function][o] for o in orgs])
    design = np.column_stack([np.ones(len(x)), x])
    (log_a, beta), *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ np.array([log_a, beta])
    n = len(x)
    low = high = None
    if n >= 3:
        se = math.sqrt(float(resid @ resid) / (n - 2) * np.linalg.inv(design.T @ design)[1, 1])
        q = float(stats.t.ppf(0.975, n - 2))
        low, high = beta - q * se, beta + q * se
    a = math.exp(log_a)
    ts = [TURNOVER[p] for p in PARTNERS if p in TURNOVER]
    return {
        "beta": float(beta),
        "beta_low": low,
        "beta_high": high,
        "r_squared": 1 - float(resid @ resid) / float(((y - y.mean()) ** 2).sum()),
        "n": n,
        "scale_saving": sum(a * t**beta for t in ts) - a * sum(ts) ** beta,
    }


@pytest.fixture(scope="module")
def view() -> PlanView:
    return dataclasses.replace(complete_view(), scale=_scale())


def test_the_pdf_section(view: PlanView) -> None:
    data = plan_pdf(view, produced=dt.date(2026, 12, 6))
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    )
    assert f"Economies of scale, {YEAR}" in text
    assert "A β below 1 means larger organisations spend a smaller share of their turnover" in text
    assert f"No turnover in {YEAR} for RX9: left out of the scale saving." in text
    fin, hr = _ols("finance"), _ols("hr")
    assert (
        f"Finance {fin['beta']:.2f} {fin['beta_low']:.2f} to {fin['beta_high']:.2f} "
        f"{fin['r_squared']:.2f} 4 £{fin['scale_saving']:,.0f}"
    ) in text
    assert (
        f"HR {hr['beta']:.2f} needs 3 organisations {hr['r_squared']:.2f} 2 "
        f"£{hr['scale_saving']:,.0f}"
    ) in text
    assert "Payroll no fit" in text


def test_the_workbook_sheet(view: PlanView) -> None:
    book = load_workbook(io.BytesIO(plan_workbook(view, produced=dt.date(2026, 12, 6))))
    rows = list(book["Economies of scale"].values)
    assert rows[1][0] == "Left out (no turnover): RX9"
    header = next(i for i, r in enumerate(rows) if r[0] == "Function")
    body = {r[0]: r[1:] for r in rows[header + 1 :]}
    assert list(body) == ["Finance", "HR", "Payroll"]
    keys = ("beta", "beta_low", "beta_high", "r_squared", "n", "scale_saving")
    for label, function in (("Finance", "finance"), ("HR", "hr")):
        want = _ols(function)
        for key, cell in zip(keys, body[label], strict=True):
            if want[key] is None:
                assert cell is None, (label, key)
            else:
                assert cell == pytest.approx(want[key], rel=1e-9), (label, key)
    assert body["Payroll"] == (None,) * 6
    cell = book["Economies of scale"].cell(row=header + 2, column=7)
    assert cell.number_format == '"£"#,##0;-"£"#,##0'
