"""The demo's benefit lines: each pathfinder programme (``demo/programmes.py``) gets a few
lines with 18 to 24 months of actuals from April 2017, seeded and plausible (docs/demo.md
"Pathfinder programmes"). The first line of each is a cashable monthly cost whose actuals step
down part-way — a run below the mean that the XmR chart flags as special cause improvement —
while the others wander about their baseline (common cause). Plain data: ``corpbench demo
--load`` saves it through the benefits actions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The first month of every demo programme's tracking.
FIRST_MONTH = (2017, 4)
#: Months of actuals of each programme, in the order of ``demo.programmes.PROGRAMMES``.
MONTHS: tuple[int, ...] = (24, 21, 18, 20)


@dataclass(frozen=True)
class DemoLine:
    """A demo benefit line and its values by month (``YYYY-MM``)."""

    function: str
    description: str
    owner: str
    cashable: bool
    baseline: float
    target: float
    improvement: str
    actuals: dict[str, float]
    planned: dict[str, float]


def _month(i: int) -> str:
    year, month = FIRST_MONTH
    n = year * 12 + month - 1 + i
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def _trajectory(baseline: float, target: float, months: int, ramp: int = 18) -> dict[str, float]:
    return {
        _month(i): round(baseline + (target - baseline) * min(1.0, (i + 1) / ramp), 2)
        for i in range(months)
    }


def demo_lines(index: int, scale: float = 1.0, seed: int = 2017) -> list[DemoLine]:
    """The benefit lines of the ``index``-th pathfinder programme; ``scale`` sizes the £."""
    months = MONTHS[index % len(MONTHS)]
    rng = np.random.default_rng(seed + index)
    payroll = round(420_000 * scale * (1 + 0.15 * index), -3)
    step_at = 8 + index  # the month the shared payroll service goes live
    payroll_actuals = {
        _month(i): round(
            payroll * (0.9 if i >= step_at else 1.0) + float(rng.normal(0, 0.012 * payroll)), 2
        )
        for i in range(months)
    }
    agency = round(95_000 * scale * (1 + 0.1 * index), -3)
    agency_actuals = {
        _month(i): round(agency * 0.97 + float(rng.normal(0, 0.04 * agency)), 2)
        for i in range(months)
    }
    invoices = {
        _month(i): round(min(99.5, 88.0 + float(rng.normal(0, 1.5))), 1) for i in range(months)
    }
    return [
        DemoLine(
            "payroll",
            "Payroll service cost a month",
            "Director of finance, lead trust",
            True,
            payroll,
            round(payroll * 0.88, -2),
            "decrease",
            payroll_actuals,
            _trajectory(payroll, round(payroll * 0.88, -2), months),
        ),
        DemoLine(
            "finance",
            "Agency and interim spend in finance a month",
            "Head of financial services",
            True,
            agency,
            round(agency * 0.8, -2),
            "decrease",
            agency_actuals,
            _trajectory(agency, round(agency * 0.8, -2), months),
        ),
        DemoLine(
            "finance",
            "Supplier invoices paid within 30 days (%)",
            "Accounts payable lead",
            False,
            88.0,
            95.0,
            "increase",
            invoices,
            _trajectory(88.0, 95.0, months),
        ),
    ]
