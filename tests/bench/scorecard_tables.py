"""A small hand-made round for the board scorecard (programme methods §4), year 2009/10.

AC1 (acute) has every part of every figure; its values, worked by hand:

==============================  ====================================  ========
figure                          parts                                 value
==============================  ====================================  ========
hr_cost_per_employee            (4,000 + 6,000) / 200 employees       50
recruitment_cost_per_recruit    (3,000 + 1,000) "Recruitment " / 40   100
agency_pct_pay                  100 × 50,000 / 1,000,000              5
sickness_pct_pay                100 × 30,000 / 1,000,000              3
cost_per_invoice_paid           (8,000 + 2,000) accounts payable/5,000  2
cost_per_invoice_raised         3,000 "Accounts Receivable" / 1,000   3
pct_invoices_paid_30_days       100 × 4,500 / 5,000                   90
payroll_cost_per_payslip        12,000 / 24,000                       0.5
payroll_error_rate              100 × 120 / 24,000                    0.5
cost_per_helpdesk_call          5,000 service desk / 1,000            5
imt_cost_per_workstation        (5,000 + 15,000) / 400                50
procurement_pct_non_pay         100 × 6,000 / 600,000                 1
cost_per_order                  6,000 / 3,000                         2
pct_orders_electronic           100 × 2,400 / 3,000                   80
estates_cost_per_m2             50,000 / 10,000                       5
==============================  ====================================  ========

AC2 (acute) lacks parts: no employees_served (its finance headcount 300 serves: 9,000 / 300 =
30), no recruitment process row (recruits 10 recorded), invoices_paid 0 (so no cost per invoice
paid nor % paid in 30 days), no payslips, orders_placed 0; workstations 300 (imt 15,000 → 50),
floor area 5,000 (estates 40,000 → 8), pct_orders_electronic undefined.
AC3 (acute) records its invoices under ``hr`` (not read) and has finance 10,000 accounts payable;
hr 8,000 with employees_served 100 (80); imt 20,000 / 500 workstations = 40; estates 25,000 /
5,000 = 5 (tied with AC1); 900 of its 1,000 orders electronic (90), but no procurement cost.
NR1 (acute) has finance and indicators but no function_costs: not a respondent, no figures.
CM1 (community) is alone in its group: hr 5,000 / 50 = 100.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from bench.tables import Y1, costs, finance, organisations
from corpbench.standard.bundle import Bundle, conform


def _indicators(rows: list[tuple[str, str, str, float]]) -> pl.DataFrame:
    """(org_code, function, indicator, value) rows of 2009/10."""
    return conform(
        "indicators",
        pl.DataFrame(
            [(o, Y1, f, i, v) for o, f, i, v in rows],
            schema=["org_code", "year", "function", "indicator", "value"],
            orient="row",
        ),
    )


def _cost(org: str, function: str, process: str | None, pay: float, non_pay: float = 0.0) -> Any:
    return {
        "org_code": org,
        "function": function,
        "process": process,
        "pay_cost": pay,
        "non_pay_cost": non_pay,
    }


ORGANISATIONS = organisations(
    [
        {"org_code": "AC1", "org_type": "acute"},
        {"org_code": "AC2", "org_type": "acute"},
        {"org_code": "AC3", "org_type": "acute"},
        {"org_code": "NR1", "org_type": "acute"},
        {"org_code": "CM1", "org_type": "community"},
    ]
)

FINANCE = finance(
    [
        {
            "org_code": "AC1",
            "turnover": 100e6,
            "total_pay": 1_000_000.0,
            "non_pay": 600_000.0,
            "employees": 999.0,
        },
        {"org_code": "AC2", "turnover": 50e6, "total_pay": 500_000.0, "employees": 300.0},
        {"org_code": "AC3", "turnover": 40e6, "total_pay": 0.0, "non_pay": 0.0},
        {"org_code": "NR1", "turnover": 40e6, "total_pay": 400_000.0, "non_pay": 1.0},
        {"org_code": "CM1", "turnover": 20e6, "total_pay": 200_000.0},
    ]
)

FUNCTION_COSTS = costs(
    [
        _cost("AC1", "hr", "Recruitment ", 3_000.0, 1_000.0),
        _cost("AC1", "hr", "hr_advice", 6_000.0),
        _cost("AC1", "finance", "accounts_payable", 8_000.0, 2_000.0),
        _cost("AC1", "finance", "Accounts Receivable", 3_000.0),
        _cost("AC1", "payroll", None, 12_000.0),
        _cost("AC1", "imt", "service_desk", 5_000.0),
        _cost("AC1", "imt", "application_support", 15_000.0),
        _cost("AC1", "procurement", None, 6_000.0),
        _cost("AC1", "estates", None, 50_000.0),
        _cost("AC2", "hr", "hr_advice", 9_000.0),
        _cost("AC2", "finance", "accounts_payable", 4_000.0),
        _cost("AC2", "imt", None, 15_000.0),
        _cost("AC2", "procurement", None, 7_000.0),
        _cost("AC2", "estates", None, 40_000.0),
        _cost("AC3", "hr", None, 8_000.0),
        _cost("AC3", "finance", "accounts_payable", 10_000.0),
        _cost("AC3", "imt", None, 20_000.0),
        _cost("AC3", "estates", None, 25_000.0),
        _cost("CM1", "hr", None, 5_000.0),
    ]
)

INDICATORS = _indicators(
    [
        ("AC1", "hr", "employees_served", 200.0),
        ("AC1", "hr", "recruits", 40.0),
        ("AC1", "hr", "agency_cost", 50_000.0),
        ("AC1", "hr", "sickness_cost", 30_000.0),
        ("AC1", "finance", "invoices_paid", 5_000.0),
        ("AC1", "finance", "invoices_raised", 1_000.0),
        ("AC1", "finance", "invoices_paid_30_days", 4_500.0),
        ("AC1", "payroll", "payslips", 24_000.0),
        ("AC1", "payroll", "payslips_in_error", 120.0),
        ("AC1", "imt", "helpdesk_calls", 1_000.0),
        ("AC1", "imt", "workstations", 400.0),
        ("AC1", "procurement", "orders_placed", 3_000.0),
        ("AC1", "procurement", "orders_electronic", 2_400.0),
        ("AC1", "estates", "floor_area_m2", 10_000.0),
        ("AC2", "hr", "recruits", 10.0),
        ("AC2", "finance", "invoices_paid", 0.0),
        ("AC2", "finance", "invoices_paid_30_days", 0.0),
        ("AC2", "payroll", "payslips_in_error", 5.0),
        ("AC2", "imt", "workstations", 300.0),
        ("AC2", "procurement", "orders_placed", 0.0),
        ("AC2", "procurement", "orders_electronic", 0.0),
        ("AC2", "estates", "floor_area_m2", 5_000.0),
        ("AC3", "hr", "invoices_paid", 1_000.0),
        ("AC3", "hr", "employees_served", 100.0),
        ("AC3", "imt", "workstations", 500.0),
        ("AC3", "procurement", "orders_placed", 1_000.0),
        ("AC3", "procurement", "orders_electronic", 900.0),
        ("AC3", "estates", "floor_area_m2", 5_000.0),
        ("NR1", "hr", "employees_served", 10.0),
        ("NR1", "finance", "invoices_paid", 10.0),
        ("NR1", "finance", "invoices_paid_30_days", 9.0),
        ("CM1", "hr", "employees_served", 50.0),
    ]
)

BUNDLE = Bundle(
    organisations=ORGANISATIONS,
    finance=FINANCE,
    function_costs=FUNCTION_COSTS,
    indicators=INDICATORS,
)

#: AC1's figures, worked by hand (module docstring).
AC1_VALUES: dict[str, float] = {
    "hr_cost_per_employee": 50.0,
    "recruitment_cost_per_recruit": 100.0,
    "agency_pct_pay": 5.0,
    "sickness_pct_pay": 3.0,
    "cost_per_invoice_paid": 2.0,
    "cost_per_invoice_raised": 3.0,
    "pct_invoices_paid_30_days": 90.0,
    "payroll_cost_per_payslip": 0.5,
    "payroll_error_rate": 0.5,
    "cost_per_helpdesk_call": 5.0,
    "imt_cost_per_workstation": 50.0,
    "procurement_pct_non_pay": 1.0,
    "cost_per_order": 2.0,
    "pct_orders_electronic": 80.0,
    "estates_cost_per_m2": 5.0,
}

#: Every defined figure of AC2, AC3 and CM1, by hand (module docstring).
OTHER_VALUES: dict[tuple[str, str], float] = {
    ("AC2", "hr_cost_per_employee"): 30.0,
    ("AC2", "imt_cost_per_workstation"): 50.0,
    ("AC2", "estates_cost_per_m2"): 8.0,
    ("AC3", "hr_cost_per_employee"): 80.0,
    ("AC3", "imt_cost_per_workstation"): 40.0,
    ("AC3", "estates_cost_per_m2"): 5.0,
    ("AC3", "pct_orders_electronic"): 90.0,
    ("CM1", "hr_cost_per_employee"): 100.0,
}


def as_csv_tables(bundle: Bundle = BUNDLE) -> dict[str, list[list[str]]]:
    """The tables of ``bundle`` as CSV cells (header first; missing = empty), for loading
    through a door."""

    def cell(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        return repr(v) if isinstance(v, float) else str(v)

    out = {}
    for name in ("organisations", "finance", "function_costs", "indicators"):
        frame = bundle.table(name)
        out[name] = [frame.columns, *([cell(v) for v in row] for row in frame.iter_rows())]
    return out


def quartet() -> Bundle:
    """Four acute trusts P1–P4: HR cost 1,000 … 4,000 for 10 employees each (100 … 400 per
    employee), agency cost 40 … 10 of a 1,000 pay bill (4 … 1 %), orders 50 … 80 of 100 placed
    electronically (higher is better)."""
    codes = ["P1", "P2", "P3", "P4"]
    orgs = organisations([{"org_code": c, "org_type": "acute"} for c in codes])
    fin = finance([{"org_code": c, "turnover": 1e6, "total_pay": 1000.0} for c in codes])
    fc = costs(
        [
            {"org_code": c, "function": "hr", "pay_cost": 1000.0 * (i + 1)}
            for i, c in enumerate(codes)
        ]
    )
    rows = []
    for i, c in enumerate(codes):
        rows += [
            (c, Y1, "hr", "employees_served", 10.0),
            (c, Y1, "hr", "agency_cost", 40.0 - 10 * i),
            (c, Y1, "procurement", "orders_placed", 100.0),
            (c, Y1, "procurement", "orders_electronic", 50.0 + 10 * i),
        ]
    ind = pl.DataFrame(
        rows, schema=["org_code", "year", "function", "indicator", "value"], orient="row"
    )
    return Bundle.from_tables(organisations=orgs, finance=fin, function_costs=fc, indicators=ind)
