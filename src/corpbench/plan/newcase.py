"""A case made from a consortium baseline (``corpbench plan new``; docs/planning.md "A case from
the baseline").

From :class:`corpbench.bench.consortium.ConsortiumBaseline`: one function per function of the
standard with a cost above 0 — B_f its cost, τ_f and ω_f its transactional and operational shares
of the Table 14 split, π_f its pay share (Σ pay_cost / cost, where the methods' default is 0.75);
one partner per responding organisation with b_i = its cost(all) and v_i = its employees
(total_fte where employees are missing, 0 with neither); share key ``baseline``. The option is
the **default option** below, which people then edit:

- model ``cooperative`` (QIPP's shared-service co-operative: a host serves the partners);
- simplify 5% and standardise 5% of every function (the low end of §3's typical 5–15%);
- share h_f: the low end of the private-sector savings ranges of the sources — finance 30%,
  hr 30%, imt 25%, procurement 25%, payroll 20%; other functions 10% (no range is quoted);
- phases in QIPP's order, simplify in year 1, standardise in year 2 (each in one year), share
  from year 3 over two years;
- a one-off investment equal to the option's run-rate saving (the sources' payback of two to
  three years), half in year 0 and half in year 1, rounded to the pound;
- the methods' defaults otherwise (10 years at 3.5%, no optimism bias, no recurring costs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from corpbench.bench.consortium import ConsortiumBaseline
from corpbench.plan.case import Case, parse_case
from corpbench.plan.engine import base_vector, evaluate
from corpbench.standard import ALL_FUNCTION
from corpbench.standard.vocab import DEFAULT_FUNCTIONS

DEFAULT_MODEL = "cooperative"
DEFAULT_SIMPLIFY = 0.05
DEFAULT_STANDARDISE = 0.05
#: The default share rate h_f of the functions the sources quote a savings range for.
DEFAULT_SHARE: Mapping[str, float] = {
    "finance": 0.30,
    "hr": 0.30,
    "imt": 0.25,
    "procurement": 0.25,
    "payroll": 0.20,
}
#: The default share rate of the other functions.
DEFAULT_OTHER_SHARE = 0.10
DEFAULT_PHASES: Mapping[str, Mapping[str, int]] = {
    "simplify": {"start": 1, "ramp": 1},
    "standardise": {"start": 2, "ramp": 1},
    "share": {"start": 3, "ramp": 2},
}
#: The one-off investment as a multiple of the run-rate saving, and its years.
INVESTMENT_MULTIPLE = 1.0
INVESTMENT_YEARS: tuple[int, ...] = (0, 1)


def share_rate(function: str) -> float:
    """The default option's share rate h_f of ``function``."""
    return DEFAULT_SHARE.get(function, DEFAULT_OTHER_SHARE)


def default_option(functions: list[str]) -> dict[str, Any]:
    """The default option (without its one-off costs) for these functions."""
    return {
        "model": DEFAULT_MODEL,
        "simplify": {f: DEFAULT_SIMPLIFY for f in functions},
        "standardise": {f: DEFAULT_STANDARDISE for f in functions},
        "share": {f: share_rate(f) for f in functions},
        "phases": {k: dict(v) for k, v in DEFAULT_PHASES.items()},
    }


def function_figures(
    cost: float, pay: float, transactional: float, operational: float
) -> dict[str, float]:
    """A case's ``functions.F`` table from a function's cost, pay and the cost of its
    transactional and operational classes."""
    return {
        "cost": cost,
        "transactional": transactional / cost,
        "operational": operational / cost,
        "pay_share": pay / cost,
    }


def case_document(baseline: ConsortiumBaseline) -> dict[str, Any]:
    """The case document of the module docstring (a mapping ``plan evaluate`` accepts)."""
    functions: dict[str, dict[str, float]] = {}
    for row in baseline.functions.iter_rows(named=True):
        f = row["function"]
        if f == ALL_FUNCTION or f not in DEFAULT_FUNCTIONS or not row["cost"] > 0:
            continue
        functions[f] = function_figures(
            row["cost"], row["pay"], row["transactional"], row["operational"]
        )
    if not functions:
        raise ValueError("The consortium has no function with a cost above 0.")
    partners = [
        {
            "org_code": p["org_code"],
            "baseline": float(p["cost"] or 0.0),
            "volume": float(p["employees"] or 0.0),
        }
        for p in baseline.partners.iter_rows(named=True)
    ]
    doc: dict[str, Any] = {
        "horizon": 10,
        "discount_rate": 0.035,
        "share_key": "baseline",
        "functions": functions,
        "option": default_option(list(functions)),
        "partners": partners,
    }
    saving = run_rate_saving(parse_case(doc))
    amount = round(INVESTMENT_MULTIPLE * saving / len(INVESTMENT_YEARS))
    doc["option"]["one_off"] = [{"year": y, "amount": amount} for y in INVESTMENT_YEARS]
    return doc


def run_rate_saving(case: Case) -> float:
    """The engine's run-rate saving of the case (planning methods §4)."""
    _, base = base_vector(case)
    return float(evaluate(case, base[None, :]).run_rate_saving[0])


def run_rate_savings(case: Case, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """The engine's run-rate saving of the case for each row of ``columns`` (a path of
    :func:`corpbench.plan.case.parameter_values` -> one value per row), the case's own figures
    elsewhere, evaluated at once on the matrix of rows."""
    paths, base = base_vector(case)
    col = {p: i for i, p in enumerate(paths)}
    rows = len(next(iter(columns.values()))) if columns else 1
    theta = np.repeat(base[None, :], rows, axis=0)
    for path, values in columns.items():
        theta[:, col[path]] = values
    return evaluate(case, theta).run_rate_saving
