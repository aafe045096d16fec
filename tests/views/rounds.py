"""A small two-year round for the view tests, figures chosen to be hand computations.

=====  ================  =============  ======  ===  ========  ================================
org    name              type           region  fp   turnover  2009/10 costs (% of turnover)
=====  ================  =============  ======  ===  ========  ================================
AC001  Alpha Hospitals   acute          North   F1   £100m     finance £1.0m (1.0), hr £0.5m
                                                               (0.5); all 1.5
AC002  Beta Hospitals    acute          North   F1   £200m     finance £3.0m (1.5), hr £1.0m
                                                               (0.5, tied with AC001); all 2.0
AC003  Gamma Hospitals   acute          South   —    £50m      finance £0.4m (0.8); total pay 0
                                                               (no % of pay); in no footprint
AC004  =HYPERLINK(...)   acute          South   F2   £80m      finance £1.6m (2.0), fte 0 (no
                                                               cost per FTE); all 2.0
MH001  Mu Mental Health  mental_health  North   F2   £20m      finance £0.2m (1.0): type group
                                                               of 1
CM001  Chi Community     community      South   F1   —         never responds
=====  ================  =============  ======  ===  ========  ================================

Acute finance 2009/10: 0.8, 1.0, 1.5, 2.0 → IQM 1.25, median 1.25, q1 0.95. Acute ``all``: 0.8,
1.5, 2.0, 2.0 → IQM 1.75, median 1.75, q1 1.325. Region North finance (a group of 3 with a
tie): 1.0, 1.5, 1.0. In 2010/11 only AC001 (finance £1.1m of £100m) and AC002 (£2.8m of £200m)
respond: acute finance median 1.25.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.standard.bundle import Bundle, conform

Y1 = "2009/10"
Y2 = "2010/11"

DANGEROUS_NAME = '=HYPERLINK("http://evil.example","Delta")'

NAMES = {
    "AC001": "Alpha Hospitals",
    "AC002": "Beta Hospitals",
    "AC003": "Gamma Hospitals",
    "AC004": DANGEROUS_NAME,
    "MH001": "Mu Mental Health",
    "CM001": "Chi Community",
}


def _orgs() -> pl.DataFrame:
    rows: list[dict[str, Any]] = [
        {"org_code": "AC001", "org_type": "acute", "region": "North", "footprint": "F1"},
        {"org_code": "AC002", "org_type": "acute", "region": "North", "footprint": "F1"},
        {"org_code": "AC003", "org_type": "acute", "region": "South", "footprint": None},
        {"org_code": "AC004", "org_type": "acute", "region": "South", "footprint": "F2"},
        {"org_code": "MH001", "org_type": "mental_health", "region": "North", "footprint": "F2"},
        {"org_code": "CM001", "org_type": "community", "region": "South", "footprint": "F1"},
    ]
    for r in rows:
        r["org_name"] = NAMES[r["org_code"]]
        r["teaching"] = False
    return conform("organisations", pl.DataFrame(rows))


def _finance() -> pl.DataFrame:
    rows = [
        ("AC001", Y1, 100e6, 60e6, 2000.0, 95e6, 35e6, 2400.0),
        ("AC002", Y1, 200e6, 130e6, 4000.0, None, None, None),
        ("AC003", Y1, 50e6, 0.0, 1000.0, 48e6, None, 1200.0),
        ("AC004", Y1, 80e6, 50e6, 1600.0, None, None, 2000.0),
        ("MH001", Y1, 20e6, 15e6, 500.0, None, None, 600.0),
        ("AC001", Y2, 100e6, 61e6, 2000.0, None, None, 2400.0),
        ("AC002", Y2, 200e6, 131e6, 4000.0, None, None, None),
    ]
    columns = ["org_code", "year", "turnover", "total_pay", "total_fte", "running_costs",
               "non_pay", "employees"]  # fmt: skip
    return conform("finance", pl.DataFrame(rows, schema=columns, orient="row"))


def _costs() -> pl.DataFrame:
    # org, year, function, process, pay, non-pay, fte, shared
    rows = [
        ("AC001", Y1, "finance", "accounts_payable", 300e3, 50e3, 8.0, None),
        ("AC001", Y1, "finance", "management_accounting", 500e3, 150e3, 12.0, None),
        ("AC001", Y1, "hr", None, 400e3, 100e3, 10.0, None),
        ("AC002", Y1, "finance", None, 2.5e6, 0.5e6, 60.0, 1e6),
        ("AC002", Y1, "hr", None, 0.8e6, 0.2e6, 20.0, None),
        ("AC003", Y1, "finance", None, 350e3, 50e3, 9.0, None),
        ("AC004", Y1, "finance", None, 1.2e6, 0.4e6, 0.0, None),
        ("MH001", Y1, "finance", None, 150e3, 50e3, 4.0, None),
        ("AC001", Y2, "finance", None, 1.0e6, 0.1e6, 20.0, None),
        ("AC002", Y2, "finance", None, 2.5e6, 0.3e6, 60.0, None),
    ]
    columns = ["org_code", "year", "function", "process", "pay_cost", "non_pay_cost", "fte",
               "shared_cost"]  # fmt: skip
    return conform("function_costs", pl.DataFrame(rows, schema=columns, orient="row"))


def _indicators() -> pl.DataFrame:
    rows = [
        ("AC001", Y1, "finance", "invoices_paid", 10_000.0),
        ("AC001", Y1, "finance", "debtor_days", 30.0),
        ("AC002", Y1, "finance", "invoices_paid", 5_000.0),
        ("AC002", Y1, "hr", "employees_served", 4_100.0),
    ]
    columns = ["org_code", "year", "function", "indicator", "value"]
    return conform("indicators", pl.DataFrame(rows, schema=columns, orient="row"))


def engine() -> Benchmark:
    """A fresh engine over the round (each test its own, so caches never leak)."""
    return Benchmark(_orgs(), _finance(), _costs(), _indicators())


def bundle() -> Bundle:
    """The round as a bundle (for writing as CSV files and loading through the CLI)."""
    return Bundle.from_tables(
        organisations=_orgs(), finance=_finance(), function_costs=_costs(), indicators=_indicators()
    )
