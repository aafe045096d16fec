"""Small hand-made national rounds for the benchmark engine tests.

The ``round`` tables (year 2009/10 unless said otherwise), with the figures the tests expect:

======  =========  ==========  =========  =========  =========  ======================
org     type       turnover    total_pay  total_fte  running    functions: cost (% turnover)
======  =========  ==========  =========  =========  =========  ======================
A1      acute      2,000,000   1,000,000  40         1,800,000  finance 20,000 (1), hr 10,000
                                                                (0.5), estates 5,000 (0.25);
                                                                all 35,000 (1.75)
A2      acute      1,000,000   500,000    20         —          finance 20,000 (2), hr 10,000
                                                                (1); all 30,000 (3)
A3      acute      500,000     0          10         450,000    finance 15,000 (3); all (3)
A4      acute      1,000,000   600,000    0          900,000    finance 100,000 (10); all (10)
A5      acute      1,000,000   500,000    20         —          no return (finance row only)
C1      community  1,000,000   500,000    25         900,000    finance 30,000 (3); all (3)
B1      ambulance  —           —          —          —          not in finance, no return
======  =========  ==========  =========  =========  =========  ======================

Year 2010/11 has one finance row (A1) and no cost rows: nobody responded.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from corpbench.standard.bundle import conform

Y1 = "2009/10"
Y2 = "2010/11"


def organisations(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A register table from partial rows (org_name defaults to the code)."""
    full = [{"org_name": r["org_code"], "region": "R", **r} for r in rows]
    return conform(
        "organisations",
        pl.DataFrame(full, schema_overrides={"footprint": pl.String, "teaching": pl.Boolean}),
    )


def finance(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A finance table from partial rows (year defaults to 2009/10, optional columns null)."""
    full = [
        {"year": Y1, "total_pay": 1.0, "total_fte": 1.0, "running_costs": None, **r} for r in rows
    ]
    return conform("finance", pl.DataFrame(full, schema_overrides={"running_costs": pl.Float64}))


def costs(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A function_costs table from partial rows (year 2009/10, process and shared_cost null)."""
    full = [
        {"year": Y1, "process": None, "non_pay_cost": 0.0, "fte": 1.0, "shared_cost": None, **r}
        for r in rows
    ]
    return conform(
        "function_costs",
        pl.DataFrame(full, schema_overrides={"process": pl.String, "shared_cost": pl.Float64}),
    )


def kpi_rows(rows: list[tuple[str, str, str, str, float]]) -> pl.DataFrame:
    """A long KPI table from (org_code, year, function, kpi, value) tuples."""
    return pl.DataFrame(
        rows,
        schema={
            "org_code": pl.String,
            "year": pl.String,
            "function": pl.String,
            "kpi": pl.String,
            "value": pl.Float64,
        },
        orient="row",
    )


class Round:
    """The four tables of the hand-made round described in this module's docstring."""

    organisations = organisations(
        [
            {
                "org_code": "A1",
                "org_type": "acute",
                "region": "London",
                "footprint": "F1",
                "teaching": True,
            },
            {
                "org_code": "A2",
                "org_type": "acute",
                "region": "London",
                "footprint": "F1",
                "teaching": False,
            },
            {
                "org_code": "A3",
                "org_type": "acute",
                "region": "North",
                "footprint": None,
                "teaching": None,
            },
            {
                "org_code": "A4",
                "org_type": "acute",
                "region": "North",
                "footprint": "F2",
                "teaching": False,
            },
            {
                "org_code": "A5",
                "org_type": "acute",
                "region": "North",
                "footprint": "F2",
                "teaching": False,
            },
            {
                "org_code": "C1",
                "org_type": "community",
                "region": "London",
                "footprint": "F1",
                "teaching": None,
            },
            {
                "org_code": "B1",
                "org_type": "ambulance",
                "region": "North",
                "footprint": "",
                "teaching": None,
            },
        ]
    )
    finance = finance(
        [
            {
                "org_code": "A1",
                "turnover": 2_000_000.0,
                "total_pay": 1_000_000.0,
                "total_fte": 40.0,
                "running_costs": 1_800_000.0,
            },
            {
                "org_code": "A2",
                "turnover": 1_000_000.0,
                "total_pay": 500_000.0,
                "total_fte": 20.0,
                "running_costs": None,
            },
            {
                "org_code": "A3",
                "turnover": 500_000.0,
                "total_pay": 0.0,
                "total_fte": 10.0,
                "running_costs": 450_000.0,
            },
            {
                "org_code": "A4",
                "turnover": 1_000_000.0,
                "total_pay": 600_000.0,
                "total_fte": 0.0,
                "running_costs": 900_000.0,
            },
            {"org_code": "A5", "turnover": 1_000_000.0, "total_pay": 500_000.0, "total_fte": 20.0},
            {
                "org_code": "C1",
                "turnover": 1_000_000.0,
                "total_pay": 500_000.0,
                "total_fte": 25.0,
                "running_costs": 900_000.0,
            },
            {
                "org_code": "A1",
                "year": Y2,
                "turnover": 2_100_000.0,
                "total_pay": 1_000_000.0,
                "total_fte": 40.0,
            },
        ]
    )
    function_costs = costs(
        [
            {
                "org_code": "A1",
                "function": "finance",
                "process": "accounts_payable",
                "pay_cost": 8000.0,
                "non_pay_cost": 2000.0,
                "fte": 0.2,
                "shared_cost": 1000.0,
            },
            {
                "org_code": "A1",
                "function": "finance",
                "process": "general_ledger",
                "pay_cost": 6000.0,
                "non_pay_cost": 4000.0,
                "fte": 0.3,
            },
            {
                "org_code": "A1",
                "function": "hr",
                "pay_cost": 9000.0,
                "non_pay_cost": 1000.0,
                "fte": 0.25,
            },
            {"org_code": "A1", "function": "estates", "pay_cost": 5000.0, "fte": 0.0},
            {
                "org_code": "A2",
                "function": "finance",
                "pay_cost": 15000.0,
                "non_pay_cost": 5000.0,
                "fte": 0.5,
                "shared_cost": 5000.0,
            },
            {
                "org_code": "A2",
                "function": "hr",
                "pay_cost": 8000.0,
                "non_pay_cost": 2000.0,
                "fte": 0.25,
                "shared_cost": 0.0,
            },
            {
                "org_code": "A3",
                "function": "finance",
                "pay_cost": 10000.0,
                "non_pay_cost": 5000.0,
                "fte": 0.4,
            },
            {
                "org_code": "A4",
                "function": "finance",
                "pay_cost": 60000.0,
                "non_pay_cost": 40000.0,
                "fte": 2.5,
            },
            {
                "org_code": "C1",
                "function": "finance",
                "pay_cost": 20000.0,
                "non_pay_cost": 10000.0,
                "fte": 0.75,
            },
        ]
    )
    indicators = conform("indicators", pl.DataFrame())


def assert_bit_identical(got: pl.DataFrame, expected: pl.DataFrame) -> None:
    """The same columns, types and rows, every float with the same bits (-0.0 is not 0.0)."""
    assert got.schema == expected.schema
    assert got.height == expected.height
    for name in got.columns:
        a, b = got[name], expected[name]
        if a.dtype.is_float():
            assert a.is_null().to_list() == b.is_null().to_list(), name
            bits_a = a.fill_null(0.0).cast(pl.Float64).to_numpy().view(np.int64)
            bits_b = b.fill_null(0.0).cast(pl.Float64).to_numpy().view(np.int64)
            assert bits_a.tolist() == bits_b.tolist(), name
        else:
            assert a.to_list() == b.to_list(), name
