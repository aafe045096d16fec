"""The indicators table (programme methods §4 volume and performance codes) of one year of the
demo round. Volumes scale with the organisation's size; performance measures are drawn from
plausible ranges. Not every organisation records every measure: in-house services rarely kept
service KPIs (pathfinder lessons, 2018)."""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np
import polars as pl

#: Share of (organisation, indicator) pairs recorded, by kind.
_VOLUME_RECORDED = 0.92
_PERFORMANCE_RECORDED = 0.72

Draw = Callable[[int], np.ndarray]


def indicators_table(
    rng: np.random.Generator,
    finance: pl.DataFrame,
    respondents: pl.Series,
    functions: Collection[str],
    indicators: Collection[str],
) -> pl.DataFrame:
    """Indicator rows for the respondents (all of which have a finance row in ``finance``):
    those of the round's ``indicators`` that belong to one of its ``functions``."""
    fin = finance.filter(pl.col("org_code").is_in(respondents.implode()))
    n = fin.height
    employees = fin["employees"].to_numpy()
    total_fte = fin["total_fte"].to_numpy()
    total_pay = fin["total_pay"].to_numpy()
    non_pay = fin["non_pay"].to_numpy()
    turnover = fin["turnover"].to_numpy()

    def u(lo: float, hi: float) -> np.ndarray:
        return rng.uniform(lo, hi, n)

    invoices_paid = np.round(non_pay / u(1_500, 4_000))
    payslips = np.round(employees * 12 * u(1.0, 1.1))
    orders = np.round(non_pay / u(2_000, 6_000))
    # (function, indicator, values, is_volume)
    spec: list[tuple[str, str, np.ndarray, bool]] = [
        ("hr", "employees_served", employees, True),
        ("hr", "recruits", np.round(total_fte * u(0.08, 0.16)), True),
        ("hr", "agency_cost", np.round(total_pay * u(0.02, 0.08)), True),
        ("hr", "sickness_cost", np.round(total_pay * u(0.025, 0.05)), True),
        ("finance", "invoices_paid", invoices_paid, True),
        ("finance", "invoices_raised", np.round(invoices_paid * u(0.1, 0.3)), True),
        ("finance", "invoices_paid_30_days", np.round(invoices_paid * u(0.75, 0.97)), False),
        ("finance", "debtor_days", np.round(u(15, 60), 1), False),
        ("finance", "creditor_days", np.round(u(20, 55), 1), False),
        ("finance", "mgmt_accounts_working_days", rng.integers(4, 13, n).astype(float), False),
        ("payroll", "payslips", payslips, True),
        ("payroll", "payslips_in_error", np.round(payslips * u(0.002, 0.012)), False),
        ("imt", "helpdesk_calls", np.round(employees * u(2, 6)), True),
        ("imt", "workstations", np.round(employees * u(0.5, 0.9)), True),
        ("imt", "helpdesk_response_hours", np.round(u(1, 24), 1), False),
        ("procurement", "orders_placed", orders, True),
        ("procurement", "orders_electronic", np.round(orders * u(0.3, 0.95)), True),
        ("estates", "floor_area_m2", np.round(turnover / u(800, 1_500)), True),
    ]
    codes = fin["org_code"]
    year = fin["year"]
    parts = []
    for function, indicator, values, is_volume in spec:
        keep = rng.random(n) < (_VOLUME_RECORDED if is_volume else _PERFORMANCE_RECORDED)
        if function not in functions or indicator not in indicators:
            continue
        idx = np.flatnonzero(keep)
        parts.append(
            pl.DataFrame(
                {
                    "org_code": codes.gather(idx),
                    "year": year.gather(idx),
                    "function": pl.repeat(function, len(idx), eager=True, dtype=pl.String),
                    "indicator": pl.repeat(indicator, len(idx), eager=True, dtype=pl.String),
                    "value": values[idx].astype(float),
                }
            )
        )
    return pl.concat(parts)
