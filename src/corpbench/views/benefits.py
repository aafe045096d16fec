"""View models of a programme's benefits (docs/programme.md "Benefits"): the lines table, the
envelopes in words, a line's XmR chart as a table, and every line and month for downloads and
the API. Tables built from ``programme.benefits`` and ``programme.spc``; nothing computed here
but the words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from corpbench.formatting import format_number, format_pct, format_pounds
from corpbench.programme.benefits import (
    BenefitLine,
    Envelopes,
    benefit_of,
    month_index,
    realised_savings,
)
from corpbench.programme.spc import WARNING_THRESHOLD, SpcResult
from corpbench.standard.labels import function_label
from corpbench.standard.spc_labels import (
    SPC_DIRECTION_LABELS,
    spc_assurance_label,
    spc_icon_label,
)

#: Words for a direction of improvement.
DIRECTION_WORDS: Mapping[str, str] = SPC_DIRECTION_LABELS
#: The "12 points" of Making Data Count's warning: NHSRplotthedots warns when a rebase group
#: has 12 points or fewer (``programme.spc.WARNING_THRESHOLD`` = 13, its code's ``n() < 13``).
FEW_POINTS = WARNING_THRESHOLD - 1


def _yes(v: bool | None) -> str:
    return "" if v is None else ("yes" if v else "no")


def _value(v: float | None, cashable: bool) -> str:
    return format_pounds(v) if cashable else format_number(v, 2)


@dataclass(frozen=True)
class LineRow:
    """A line of the lines table, in words."""

    number: int
    function: str
    description: str
    owner: str
    cashable: str
    baseline: str
    target: str
    direction: str
    months: int
    latest: str
    realised: str


def line_rows(lines: Sequence[BenefitLine], through: str | None) -> list[LineRow]:
    """The lines table: each line with its latest actual and (cashable) realised to date."""
    rows: list[LineRow] = []
    for x in lines:
        months, values = x.actual_series()
        realised = realised_savings([x], through) if x.cashable and through else None
        rows.append(
            LineRow(
                x.number,
                function_label(x.function),
                x.description,
                x.owner,
                _yes(x.cashable),
                _value(x.baseline, x.cashable),
                _value(x.target, x.cashable),
                DIRECTION_WORDS.get(x.improvement, x.improvement),
                len(values),
                (
                    f"{_value(values[-1], x.cashable)} ({month_words(months[-1], short=True)})"
                    if values
                    else "none yet"
                ),
                format_pounds(realised) if realised is not None else "not cashable",
            )
        )
    return rows


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def month_words(month: str | None, *, short: bool = False) -> str | None:
    """A ``YYYY-MM`` month as people write it ("November 2018", short "Nov 2018"); None stays
    None, and a text that is not such a month is left as it is."""
    if month is None or len(month) != 7 or month[4] != "-" or not month[5:].isdigit():
        return month
    number = int(month[5:])
    if not 1 <= number <= 12:
        return month
    name = _MONTHS[number - 1]
    return f"{name[:3] if short else name} {month[:4]}"


@dataclass(frozen=True)
class EnvelopeRow:
    """One envelope in words: what it is, its amount, and how the savings compare."""

    name: str
    amount: str
    words: str


def envelope_rows(
    env: Envelopes, names: Mapping[str, str] | None = None, notes: Sequence[str] = ()
) -> list[EnvelopeRow]:
    """The envelopes panel (programme methods §3): realised savings, then (a), (b), (c)."""
    names = names or {}
    through = month_words(env.through) or "no actual yet"
    rows = [
        EnvelopeRow(
            "Realised cashable savings",
            format_pounds(env.realised),
            f"Saved to the end of {through}, against {format_pounds(env.planned_by_lines)} "
            "planned by the lines' trajectories.",
        )
    ]
    if env.case_to_date is not None:
        rows.append(
            EnvelopeRow(
                "(a) Business case to date",
                format_pounds(env.case_to_date),
                f"The business case planned this much benefit by the end of {through}, "
                f"its year 0 starting in {month_words(env.start)}"
                + (
                    f"; realised savings are {format_pct(env.case_pct, 1)} of it."
                    if env.case_pct is not None
                    else "; nothing was planned yet."
                ),
            )
        )
    if env.som_envelope is not None:
        rows.append(
            EnvelopeRow(
                "(b) Single operating model envelope",
                format_pounds(env.som_envelope) + " a year",
                f"20% of the partners' baseline corporate cost of "
                f"{format_pounds(env.baseline_cost)} a year; the savings of the latest 12 "
                f"months, {format_pounds(env.realised_12)}, are "
                f"{format_pct(env.som_pct, 1)} of it.",
            )
        )
    ceilings = " and ".join(f"{c:g}%" for c in env.ceilings)
    for p in env.partners:
        name = names.get(p.org_code or "", p.org_code or "")
        within = ", ".join(
            f"{'within' if w else 'over'} {c:g}%"
            for c, w in zip(env.ceilings, p.within, strict=True)
            if w is not None
        )
        rows.append(
            EnvelopeRow(
                f"(c) {name}",
                format_pct(p.pct, 2) + " of income" if p.pct is not None else "no income",
                f"Corporate cost {format_pounds(p.cost)} against Carter's ceilings of "
                f"{ceilings}: {within or 'not known'}.",
            )
        )
    if env.together is not None and env.together_after is not None:
        rows.append(
            EnvelopeRow(
                "(c) The partners together",
                format_pct(env.together.pct, 2) + " of income",
                f"After the savings of the latest 12 months: "
                f"{format_pct(env.together_after.pct, 2)} of income.",
            )
        )
    rows.extend(EnvelopeRow("Not shown", "", n[:1].upper() + n[1:] + ".") for n in notes)
    return rows


@dataclass(frozen=True)
class ChartWords:
    """A line's XmR chart in words: its variation and assurance (codes, icon names, words)
    and the warning of too few points."""

    variation: str
    variation_icon: str
    variation_words: str
    assurance: str | None
    assurance_icon: str | None
    assurance_words: str
    points: int
    few_points: str | None


def chart_words(result: SpcResult) -> ChartWords:
    n = len(result.points)
    few = (
        f"Only {n} point{'s' if n != 1 else ''}: with {FEW_POINTS} or fewer points since the "
        "last rebase, Making Data Count's limits are trial limits; read the chart with care."
        if result.warnings
        else None
    )
    return ChartWords(
        result.variation,
        result.variation_icon,
        spc_icon_label(result.variation_icon),
        result.assurance,
        result.assurance_icon,
        spc_assurance_label(result.assurance)
        if result.assurance is not None
        else "No assurance: the line has no target, or neither direction is better",
        n,
        few,
    )


#: Columns of :func:`value_rows` (the workbook's and the API's every line and month).
VALUE_COLUMNS: tuple[str, ...] = (
    "line",
    "function",
    "function_label",
    "description",
    "owner",
    "cashable",
    "month",
    "planned",
    "actual",
    "benefit",
)


def value_rows(lines: Sequence[BenefitLine]) -> list[dict[str, Any]]:
    """Every line and month with a planned or actual value: full precision; ``benefit`` is the
    month's movement from the baseline in the direction of improvement (cashable: £ saved)."""
    rows: list[dict[str, Any]] = []
    for x in lines:
        for m in sorted(set(x.planned) | set(x.actuals), key=month_index):
            actual = x.actuals.get(m)
            rows.append(
                {
                    "line": x.number,
                    "function": x.function,
                    "function_label": function_label(x.function),
                    "description": x.description,
                    "owner": x.owner,
                    "cashable": x.cashable,
                    "month": m,
                    "planned": x.planned.get(m),
                    "actual": actual,
                    "benefit": None
                    if actual is None or x.baseline is None or x.improvement == "neutral"
                    else benefit_of(x, actual),
                }
            )
    return rows
