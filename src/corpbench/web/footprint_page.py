"""What the footprint page shows: the footprint's organisations side by side per function,
their combined baseline and their combined savings opportunity under every method."""

from __future__ import annotations

from typing import Any

import polars as pl

from corpbench.reports.people import method_label
from corpbench.standard import ALL_FUNCTION, DEFAULT_FUNCTIONS
from corpbench.web.figures import Figures
from corpbench.web.scope import WEB_METHODS


def footprint_context(figures: Figures, name: str, year: str | None) -> dict[str, Any]:
    bench = figures.benchmark
    members = bench.organisations.filter(pl.col("footprint") == name).sort("org_code")
    codes = members["org_code"].to_list()
    years = bench.years()
    if not years:
        return {"empty": True, "members": members.to_dicts()}
    chosen = year if year in years else years[-1]
    totals = bench.totals(chosen).filter(pl.col("org_code").is_in(codes))
    present = set(totals["function"].unique().to_list())
    functions = [f for f in DEFAULT_FUNCTIONS if f in present] + sorted(
        f for f in present if f not in DEFAULT_FUNCTIONS and f != ALL_FUNCTION
    )
    cost = {(r["org_code"], r["function"]): r["cost"] for r in totals.iter_rows(named=True)}
    finance = bench.finance.filter((pl.col("year") == chosen) & pl.col("org_code").is_in(codes))
    baseline = {
        "cost": totals.filter(pl.col("function") == ALL_FUNCTION)["cost"].sum(),
        "fte": totals.filter(pl.col("function") == ALL_FUNCTION)["fte"].sum(),
        "turnover": finance["turnover"].sum(),
        "employees": finance["employees"].sum() if finance["employees"].null_count() == 0 else None,
        "respondents": finance.height,
    }
    savings = []
    for m in WEB_METHODS:
        s = bench.savings(m, year=chosen).filter(pl.col("org_code").is_in(codes))
        if bench.method(m).kind == "threshold":
            total = s.filter(pl.col("function") == ALL_FUNCTION)["saving"].sum()
        else:
            total = s.filter(pl.col("function") != ALL_FUNCTION)["saving"].sum()
        savings.append({"method": m, "label": method_label(m), "saving": total})
    return {
        "year": chosen,
        "years": years,
        "members": members.to_dicts(),
        "functions": functions,
        "cost": cost,
        "baseline": baseline,
        "savings": savings,
    }
