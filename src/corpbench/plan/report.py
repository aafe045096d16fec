"""The figures a case's report shows beside §8's object (docs/planning.md, "The case's PDF and
workbook"): the NPV and paybacks of the case phased both ways, and the steps of its cash-flow
waterfall. Pure functions over a case and its evaluation."""

from __future__ import annotations

import math
from dataclasses import dataclass

from corpbench.plan.case import Case
from corpbench.plan.engine import evaluate_case, in_sequence, share_first
from corpbench.plan.output import Evaluation

#: The phasings of :func:`sequencings`, in their order: the case's own, simplify → standardise →
#: share in sequence, and share first.
PHASINGS: tuple[str, ...] = ("case", "in_sequence", "share_first")

#: The steps of a year's waterfall, in their order: the benefit rises from 0, each cost falls
#: from where the one before ended, and the net is drawn from 0.
WATERFALL_STEPS: tuple[str, ...] = ("benefit", "one_off", "recurring", "fee", "net")


@dataclass(frozen=True)
class Sequencing:
    phasing: str
    npv: float
    payback_year: int | None
    discounted_payback_year: int | None
    #: The phases' (start, ramp) in the order simplify, standardise, share.
    phases: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class WaterfallStep:
    t: int
    step: str
    #: The step's signed contribution to the year's net (costs negative; the net itself).
    amount: float
    start: float
    end: float


def _whole(v: float) -> int | None:
    return None if math.isnan(v) else int(v)


def sequencings(case: Case) -> list[Sequencing]:
    """The case as phased in its document, then in sequence and share first
    (:func:`corpbench.plan.engine.in_sequence`, :func:`~corpbench.plan.engine.share_first`):
    each one's NPV, payback and discounted payback."""
    out = []
    for name, variant in zip(PHASINGS, (case, in_sequence(case), share_first(case)), strict=True):
        flows = evaluate_case(variant)
        out.append(
            Sequencing(
                phasing=name,
                npv=float(flows.npv[0]),
                payback_year=_whole(float(flows.payback_year[0])),
                discounted_payback_year=_whole(float(flows.discounted_payback_year[0])),
                phases={p: (ph.start, ph.ramp) for p, ph in variant.option.phases.items()},
            )
        )
    return out


def waterfall(ev: Evaluation) -> list[WaterfallStep]:
    """Each year's waterfall: the benefit from 0 up, then the one-off, recurring and fee costs
    down from where the step before ended, which is the net; and the net from 0."""
    steps: list[WaterfallStep] = []
    columns = {name: ev.year(name) for name in ("benefit", "one_off", "recurring", "fee", "net")}
    for t in range(ev.case.horizon + 1):
        level = 0.0
        for name in WATERFALL_STEPS[:-1]:
            amount = columns[name][t] if name == "benefit" else (-columns[name][t] or 0.0)
            steps.append(WaterfallStep(t, name, amount, level, level + amount))
            level += amount
        net = columns["net"][t]
        steps.append(WaterfallStep(t, "net", net, 0.0, net))
    return steps
