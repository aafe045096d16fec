"""A small region for the consortium baseline, economies of scale and optimiser tests, with its
figures worked by hand (year 2009/10; £; fte 1 per cost row).

Region North: footprint F1 = P01, P02, P03 (and P07, which never responds), footprint F2 = P04, P05,
P06 with no footprint. Region South: S01.

====  =========  =========  ==========================================================
org   turnover   employees  cost rows (process: pay + non-pay)
====  =========  =========  ==========================================================
P01    100m       12,000     finance accounts_payable 600k + 200k (T; shared 100k),
                            management_accounting 150k + 50k (S), blank 800k + 200k;
                            hr "Employee Records" 300k + 100k (T); payroll blank 80k + 20k
P02    10m        (fte 5,000) finance treasury 400k + 100k (O); hr "other work" 150k + 50k
P03    5m         4,000      finance blank 300k + 100k
P04    200m       15,000     finance blank 750k + 250k
P05    80m        4,000      finance blank 400k + 100k
P06    40m        21,000     finance blank 200k + 100k
S01    60m        3,000      finance blank 80k + 20k
====  =========  =========  ==========================================================

F1's baseline: finance cost 2,900k (pay 2,250k, fte 5, shared 100k, classified 1,500k): T =
800k + 3/8 × 1,000k + 3/8 × 400k = 1,325k, O = 500k + 375k + 150k = 1,025k, S = 200k + 250k +
100k = 550k (default finance shares 3/8, 3/8, 2/8: 3 T, 3 O and 2 S processes); hr cost 600k: T
= 400k + 4/10 × 200k = 480k, O = 80k, S = 40k; payroll 100k all T (its processes are all T);
all 3,600k. Employees 12,000 + 5,000 (P02's total_fte) + 4,000 = 21,000: viable. Carter: P01
2.5% (within 7 and 6), P02 7% (within 7, not 6), P03 8% (neither).
"""

from __future__ import annotations

import polars as pl

from bench.tables import Y1, costs, finance, organisations
from corpbench.bench import Benchmark

K = 1000.0


def tables() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    orgs = organisations(
        [
            {"org_code": c, "org_type": "acute", "region": "North", "footprint": fp}
            for c, fp in (
                ("P01", "F1"),
                ("P02", "F1"),
                ("P03", " F1 "),
                ("P07", "F1"),
                ("P04", "F2"),
                ("P05", "F2"),
                ("P06", None),
            )
        ]
        + [{"org_code": "S01", "org_type": "acute", "region": "South", "footprint": "F9"}]
    )
    fin = finance(
        [
            {"org_code": "P01", "turnover": 100e6, "employees": 12000.0},
            {"org_code": "P02", "turnover": 10e6, "employees": None, "total_fte": 5000.0},
            {"org_code": "P03", "turnover": 5e6, "employees": 4000.0},
            {"org_code": "P04", "turnover": 200e6, "employees": 15000.0},
            {"org_code": "P05", "turnover": 80e6, "employees": 4000.0},
            {"org_code": "P06", "turnover": 40e6, "employees": 21000.0},
            {"org_code": "S01", "turnover": 60e6, "employees": 3000.0},
        ]
    )
    rows = [
        ("P01", "finance", "accounts_payable", 600, 200, 100),
        ("P01", "finance", "management_accounting", 150, 50, None),
        ("P01", "finance", None, 800, 200, None),
        ("P01", "hr", "Employee Records", 300, 100, None),
        ("P01", "payroll", None, 80, 20, None),
        ("P02", "finance", "treasury", 400, 100, None),
        ("P02", "hr", "other work", 150, 50, None),
        ("P03", "finance", None, 300, 100, None),
        ("P04", "finance", None, 750, 250, None),
        ("P05", "finance", None, 400, 100, None),
        ("P06", "finance", None, 200, 100, None),
        ("S01", "finance", None, 80, 20, None),
    ]
    fc = costs(
        [
            {
                "org_code": o,
                "function": f,
                "process": p,
                "pay_cost": pay * K,
                "non_pay_cost": np_ * K,
                "shared_cost": None if sh is None else sh * K,
            }
            for o, f, p, pay, np_, sh in rows
        ]
    )
    ind = pl.DataFrame(
        [
            ("P01", Y1, "finance", "invoices_paid", 1000.0),
            ("P02", Y1, "finance", "invoices_paid", 500.0),
            ("P01", Y1, "finance", "debtor_days", 30.0),
            ("P03", Y1, "hr", "employees_served", 4000.0),
            ("S01", Y1, "finance", "invoices_paid", 99.0),
        ],
        schema=["org_code", "year", "function", "indicator", "value"],
        orient="row",
    )
    return orgs, fin, fc, ind


def engine() -> Benchmark:
    return Benchmark(*tables())
