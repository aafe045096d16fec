"""Benefits tracking (programme methods §3): benefit lines, realised cashable savings to date
and the three envelopes they are read against.

A **benefit line** is a measure tracked month by month: its function, description, owner,
whether it is cashable, its baseline and target (values of the measure in a month), the
direction in which the measure improves, the planned trajectory and the actuals, each a value
per month (``YYYY-MM``).

The **benefit of a month** is how far the measure has moved from the baseline in the direction
of improvement: ``actual − baseline`` for a measure that improves upwards (a saving a month,
say, baseline 0), ``baseline − actual`` for one that improves downwards (a monthly cost).
A cashable line's measure is in £ a month, so its benefit is a cash saving; the **realised
cashable savings to date** are the sum of the benefits of every actual of every cashable line
up to and including the month ``through``. The planned savings to date are the same sum over
the planned trajectories.

The envelopes (§3):

(a) **the business case**: its yearly benefit (``plan`` engine, t = 0 … horizon) spread evenly
    over the months of each year, year t = 0 being the twelve months from the programme's
    ``start`` month: the planned benefit to date after k months is
    ``Σ_{t < ⌊k/12⌋} benefit_t + benefit_{⌊k/12⌋} × (k mod 12) / 12``;
(b) **the single operating model's envelope**: 20% of the baseline corporate cost (the partners'
    whole cost in the baseline year) a year, against the realised cashable savings of the latest
    twelve months to ``through`` (the annual rate reached);
(c) **Carter's ceilings**: each partner's corporate cost as a % of its income against 7% and 6%
    (``bench.carter``), and the partners together before and after the annual rate of (b).

Pure functions over plain values; nothing stored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from corpbench.bench.carter import CARTER_CEILINGS
from corpbench.bench.consortium import ConsortiumBaseline
from corpbench.plan.case import Case
from corpbench.plan.engine import evaluate_case
from corpbench.programme.spc import SpcResult, xmr

Direction = Literal["increase", "decrease", "neutral"]
DIRECTIONS: tuple[Direction, ...] = ("increase", "decrease", "neutral")

#: The single operating model's envelope: this share of the baseline corporate cost a year.
SOM_SHARE = 0.20

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_index(month: str) -> int:
    """``YYYY-MM`` as a count of months (year × 12 + month − 1); ValueError otherwise."""
    m = _MONTH.match(month)
    if m is None:
        raise ValueError(f"{month!r} is not a month written YYYY-MM")
    return int(m.group(1)) * 12 + int(m.group(2)) - 1


def month_of(index: int) -> str:
    """The inverse of :func:`month_index`."""
    year, m = divmod(index, 12)
    return f"{year:04d}-{m + 1:02d}"


def is_month(text: str) -> bool:
    """Whether ``text`` is a month written ``YYYY-MM`` (01–12)."""
    return _MONTH.match(text) is not None


#: The fields of a line that people write (a version of the line saves them all).
LINE_FIELDS: tuple[str, ...] = (
    "function",
    "description",
    "owner",
    "cashable",
    "baseline",
    "target",
    "improvement",
)


def line_fields(line: object) -> dict[str, Any]:
    """The ``LINE_FIELDS`` of ``line`` (a ``BenefitLine``, the demo's line, a stored version)
    by name, to save them as a version."""
    return {name: getattr(line, name) for name in LINE_FIELDS}


@dataclass(frozen=True)
class BenefitLine:
    """One benefit line (see the module docstring); ``planned`` and ``actuals`` map a month
    (``YYYY-MM``) to the measure's value in it."""

    number: int
    function: str
    description: str
    owner: str
    cashable: bool
    baseline: float | None
    target: float | None
    improvement: Direction = "increase"
    planned: Mapping[str, float] = field(default_factory=dict)
    actuals: Mapping[str, float] = field(default_factory=dict)

    def months(self) -> list[str]:
        """Every month with a planned or actual value, in order."""
        return sorted(set(self.planned) | set(self.actuals), key=month_index)

    def actual_series(self) -> tuple[list[str], list[float]]:
        """The actuals in month order (the series an XmR chart is drawn over)."""
        months = sorted(self.actuals, key=month_index)
        return months, [float(self.actuals[m]) for m in months]


def line_problem(line: BenefitLine) -> str | None:
    """Why ``line`` cannot be tracked as given, or None: a cashable line needs a baseline and
    a direction of improvement (its benefit is a movement from the baseline)."""
    if line.improvement not in DIRECTIONS:
        return f"the direction of improvement is one of {', '.join(DIRECTIONS)}"
    if line.cashable and line.baseline is None:
        return "a cashable line needs a baseline (the monthly value before the programme)"
    if line.cashable and line.improvement == "neutral":
        return "a cashable line improves upwards (increase) or downwards (decrease), not neutral"
    for what, values in (("planned", line.planned), ("actual", line.actuals)):
        for month, value in values.items():
            if not is_month(month):
                return f"the {what} month {month!r} is not written YYYY-MM"
            if not math.isfinite(value):
                return f"the {what} value of {month} is not a finite number"
    return None


def benefit_of(line: BenefitLine, value: float) -> float:
    """The benefit of a month in which ``line``'s measure is ``value``: its movement from the
    baseline in the direction of improvement (0 without a baseline or with no direction)."""
    if line.baseline is None or line.improvement == "neutral":
        return 0.0
    moved = value - line.baseline
    return moved if line.improvement == "increase" else -moved


def _to_date(line: BenefitLine, values: Mapping[str, float], through: str, since: int) -> float:
    last = month_index(through)
    return math.fsum(
        benefit_of(line, v) for m, v in values.items() if since <= month_index(m) <= last
    )


def realised_savings(
    lines: Sequence[BenefitLine], through: str, *, months: int | None = None
) -> float:
    """The realised cashable savings of ``lines`` up to and including ``through`` (£): the sum
    of every cashable line's benefit in each month with an actual; only the latest ``months``
    months to ``through`` when given."""
    since = month_index(through) - months + 1 if months is not None else -(10**9)
    return math.fsum(_to_date(x, x.actuals, through, since) for x in lines if x.cashable)


def planned_savings(lines: Sequence[BenefitLine], through: str) -> float:
    """The cashable savings the lines' trajectories plan up to and including ``through``."""
    return math.fsum(_to_date(x, x.planned, through, -(10**9)) for x in lines if x.cashable)


def first_month(lines: Sequence[BenefitLine]) -> str | None:
    """The earliest month with a planned or actual value on any line (the programme's start
    for envelope (a) when none is given), None when there are none."""
    months = [month_index(m) for x in lines for m in (*x.planned, *x.actuals)]
    return month_of(min(months)) if months else None


def last_actual_month(lines: Sequence[BenefitLine]) -> str | None:
    """The latest month with an actual on any line (``through`` by default), None for none."""
    months = [month_index(m) for x in lines for m in x.actuals]
    return month_of(max(months)) if months else None


def case_yearly_benefit(case: Case) -> list[float]:
    """The business case's benefit in each year t = 0 … horizon (£; the engine's deterministic
    row)."""
    row: list[float] = evaluate_case(case).benefit[0].tolist()
    return row


def planned_to_date(yearly: Sequence[float], start: str, through: str) -> float:
    """Envelope (a): the yearly benefit ``yearly`` (t = 0 from the month ``start``) to the end
    of ``through``, each year's benefit spread evenly over its twelve months (0 before
    ``start``; after the horizon nothing more)."""
    k = month_index(through) - month_index(start) + 1
    if k <= 0:
        return 0.0
    whole, part = divmod(k, 12)
    total = math.fsum(yearly[:whole])
    if whole < len(yearly):
        total += yearly[whole] * part / 12
    return total


@dataclass(frozen=True)
class CarterRow:
    """A partner (or ``org_code`` None: the partners together) against Carter's ceilings:
    corporate cost as % of income, and whether it is within each ceiling (None unknown)."""

    org_code: str | None
    cost: float | None
    income: float | None
    pct: float | None
    within: tuple[bool | None, ...]


@dataclass(frozen=True)
class Envelopes:
    """Realised cashable savings to date and the envelopes of §3 (None where unknown)."""

    through: str | None
    start: str | None
    realised: float
    planned_by_lines: float
    #: (a) the business case's planned benefit to date, and realised as a % of it.
    case_to_date: float | None
    case_pct: float | None
    #: (b) 20% of the baseline cost a year; the realised savings of the latest 12 months.
    baseline_cost: float | None
    som_envelope: float | None
    realised_12: float
    som_pct: float | None
    #: (c) each partner, then the partners together before and after ``realised_12``.
    ceilings: tuple[float, ...]
    partners: tuple[CarterRow, ...]
    together: CarterRow | None
    together_after: CarterRow | None


def _pct(part: float, whole: float | None) -> float | None:
    return None if whole is None or whole <= 0 else 100.0 * part / whole


def _carter(code: str | None, cost: float | None, income: float | None) -> CarterRow:
    pct = None if cost is None or income is None or income <= 0 else 100.0 * cost / income
    within = tuple(None if pct is None else pct <= c for c, _ in CARTER_CEILINGS)
    return CarterRow(code, cost, income, pct, within)


def _number(value: object) -> float | None:
    if value is None:
        return None
    v = float(value)  # type: ignore[arg-type]
    return None if math.isnan(v) else v


def envelopes(
    lines: Sequence[BenefitLine],
    *,
    through: str | None = None,
    start: str | None = None,
    yearly_benefit: Sequence[float] | None = None,
    baseline: ConsortiumBaseline | None = None,
) -> Envelopes:
    """Realised cashable savings to ``through`` (default: the latest month with an actual)
    against (a) the business case's ``yearly_benefit`` (t = 0 from ``start``, default the
    lines' first month), (b) 20% of ``baseline``'s whole corporate cost, (c) Carter's ceilings
    for ``baseline``'s partners (their ``pct_turnover`` on ``all``, from ``bench``)."""
    through = through or last_actual_month(lines)
    start = start or first_month(lines)
    realised = realised_savings(lines, through) if through else 0.0
    planned = planned_savings(lines, through) if through else 0.0
    realised_12 = realised_savings(lines, through, months=12) if through else 0.0
    case_to_date = (
        planned_to_date(yearly_benefit, start, through)
        if yearly_benefit is not None and start and through
        else None
    )
    baseline_cost = None
    partners: list[CarterRow] = []
    together = after = None
    if baseline is not None:
        whole = baseline.functions.filter(baseline.functions["function"] == "all")
        baseline_cost = _number(whole["cost"][0]) if whole.height else None
        for row in baseline.partners.iter_rows(named=True):
            cost, income = _number(row["cost"]), _number(row["turnover"])
            pct = _number(row["pct_turnover"])
            within = tuple(None if pct is None else pct <= c for c, _ in CARTER_CEILINGS)
            partners.append(CarterRow(str(row["org_code"]), cost, income, pct, within))
        known = [p for p in partners if p.cost is not None and p.income is not None]
        if known:
            cost = math.fsum(p.cost or 0.0 for p in known)
            income = math.fsum(p.income or 0.0 for p in known)
            together = _carter(None, cost, income)
            after = _carter(None, cost - realised_12, income)
    som = None if baseline_cost is None else SOM_SHARE * baseline_cost
    return Envelopes(
        through=through,
        start=start,
        realised=realised,
        planned_by_lines=planned,
        case_to_date=case_to_date,
        case_pct=None if case_to_date is None else _pct(realised, case_to_date),
        baseline_cost=baseline_cost,
        som_envelope=som,
        realised_12=realised_12,
        som_pct=_pct(realised_12, som),
        ceilings=tuple(c for c, _ in CARTER_CEILINGS),
        partners=tuple(partners),
        together=together,
        together_after=after,
    )


def line_spc(line: BenefitLine) -> SpcResult | None:
    """The XmR chart of ``line``'s actuals in month order (``programme.spc``: Making Data Count
    as NHSRplotthedots computes it) with its direction of improvement and target; None when
    it has no actual."""
    _, values = line.actual_series()
    if not values:
        return None
    return xmr(values, improvement_direction=line.improvement, target=line.target)
