"""Small bundles built in code for the store tests."""

from __future__ import annotations

from typing import Any

import polars as pl

from corpbench.standard.bundle import Bundle

SHA_A = "a" * 64
SHA_B = "b" * 64
Y1 = "2009/10"
Y2 = "2010/11"


def org(code: str, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "org_code": code,
        "org_name": f"Trust {code}",
        "org_type": "acute",
        "region": "London",
        "footprint": None,
        "teaching": False,
    }
    row.update(over)
    return row


def fin(code: str, year: str = Y1, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "org_code": code,
        "year": year,
        "turnover": 200_000_000.0,
        "total_pay": 120_000_000.0,
        "total_fte": 3_000.0,
        "running_costs": None,
        "non_pay": None,
        "employees": None,
    }
    row.update(over)
    return row


def cost(
    code: str, function: str, process: str | None, year: str = Y1, **over: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "org_code": code,
        "year": year,
        "function": function,
        "process": process,
        "pay_cost": 1_000.0,
        "non_pay_cost": 250.0,
        "fte": 2.5,
        "shared_cost": None,
        "delivery_model": None,
    }
    row.update(over)
    return row


def ind(code: str, function: str, indicator: str, value: float, year: str = Y1) -> dict[str, Any]:
    return {
        "org_code": code,
        "year": year,
        "function": function,
        "indicator": indicator,
        "value": value,
    }


def bundle(
    orgs: list[dict[str, Any]] | None = None,
    finance: list[dict[str, Any]] | None = None,
    costs: list[dict[str, Any]] | None = None,
    indicators: list[dict[str, Any]] | None = None,
) -> Bundle:
    """A bundle of the given rows (a table left as None is absent)."""
    from corpbench.standard.bundle import SCHEMAS

    tables: dict[str, pl.DataFrame] = {}
    for name, rows in (
        ("organisations", orgs),
        ("finance", finance),
        ("function_costs", costs),
        ("indicators", indicators),
    ):
        if rows is not None:
            tables[name] = pl.DataFrame(rows, schema=dict(SCHEMAS[name]), orient="row")
    return Bundle.from_tables(**tables)


def one_org_bundle(code: str = "RAA01", pay: float = 1_000.0) -> Bundle:
    """One organisation with a single return of two cost lines and one indicator."""
    return bundle(
        orgs=[org(code)],
        finance=[fin(code)],
        costs=[cost(code, "finance", "accounts_payable", pay_cost=pay), cost(code, "hr", None)],
        indicators=[ind(code, "finance", "invoices_paid", 12_000.0)],
    )
