"""The finance and function_costs tables of one year of the demo round, from the latent draws
and that year's turnover, cost drift and respondents."""

from __future__ import annotations

import numpy as np
import polars as pl

from corpbench.demo.latent import LineLatent, OrgLatent, RowLatent, Shape
from corpbench.standard import DELIVERY_MODELS

#: Non-pay spend as a share of the non-pay part of turnover (the rest is surplus and charges).
_NON_PAY_OF_REST = 0.94
#: Headcount per whole-organisation FTE.
_EMPLOYEES_PER_FTE = 1.18


def finance_table(
    codes: pl.Series,
    year: str,
    orgs: OrgLatent,
    turnover: np.ndarray,
    with_finance: np.ndarray,
) -> pl.DataFrame:
    """One finance row per organisation in ``with_finance``: turnover, total pay (55-70% of
    turnover), non-pay, running costs (pay + non-pay), whole-organisation FTE and headcount."""
    idx = np.flatnonzero(with_finance)
    t = turnover[idx]
    total_pay = np.round(t * orgs.pay_share[idx])
    non_pay = np.round(t * (1.0 - orgs.pay_share[idx]) * _NON_PAY_OF_REST)
    total_fte = np.round(total_pay / orgs.pay_per_fte[idx], 1)
    return pl.DataFrame(
        {
            "org_code": codes.gather(idx),
            "year": pl.repeat(year, len(idx), eager=True, dtype=pl.String),
            "turnover": t,
            "total_pay": total_pay,
            "total_fte": total_fte,
            "running_costs": total_pay + non_pay,
            "non_pay": non_pay,
            "employees": np.round(total_fte * _EMPLOYEES_PER_FTE),
        }
    )


def function_costs_table(
    shape: Shape,
    codes: pl.Series,
    year: str,
    lines: LineLatent,
    rows: RowLatent,
    turnover: np.ndarray,
    line_drift: np.ndarray,
    row_drift: np.ndarray,
    responded: np.ndarray,
) -> pl.DataFrame:
    """Every process row of every line of the organisations that responded this year.

    A line's cost is its % of turnover (times the cumulative drift) of this year's turnover,
    split over processes by the row weights (times this year's small re-split noise); pay and
    non-pay by the line's pay share, whole pounds; FTE by the line's cost per FTE, two decimals;
    shared cost the shared fraction of the row's cost, whole pounds."""
    keep = responded[lines.org[rows.line]]
    line = rows.line[keep]
    w = rows.weight[keep] * row_drift[keep]
    if len(line):
        change = np.empty(len(line), dtype=bool)
        change[0] = True
        change[1:] = line[1:] != line[:-1]
        first = np.flatnonzero(change)
        w = w / np.repeat(np.add.reduceat(w, first), np.diff(np.append(first, len(line))))
    org = lines.org[line]
    cost = lines.pct[line] * line_drift[line] / 100.0 * turnover[org] * w
    total = np.round(cost)
    pay = np.round(cost * lines.pay_share[line])
    fte = np.round(cost / lines.cost_per_fte[line], 2)
    shared = np.round(rows.shared_fraction[keep] * total)
    function = lines.function[line]
    offsets = np.concatenate(([0], np.cumsum([len(p) for p in shape.processes])[:-1]))
    process_names = pl.Series([p for procs in shape.processes for p in procs], dtype=pl.String)
    return pl.DataFrame(
        {
            "org_code": codes.gather(org),
            "year": pl.repeat(year, len(org), eager=True, dtype=pl.String),
            "function": pl.Series(shape.functions, dtype=pl.String).gather(function),
            "process": process_names.gather(offsets[function] + rows.process[keep]),
            "pay_cost": pay,
            "non_pay_cost": total - pay,
            "fte": fte,
            "shared_cost": shared,
            "delivery_model": pl.Series(DELIVERY_MODELS, dtype=pl.String).gather(
                rows.delivery_model[keep]
            ),
        }
    )
