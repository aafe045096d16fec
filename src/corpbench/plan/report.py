"""The figures a case's report shows beside §8's object (docs/planning.md, "The case's PDF and
workbook"): the NPV and paybacks of the case phased both ways, and the steps of its cash-flow
waterfall. Pure functions over a case and its evaluation."""

from __future__ import annotations

import math
from dataclasses import dataclass

from corpbench.plan.output import Evaluation

#: The steps of a year's waterfall, in their order: the benefit rises from 0, each cost falls
#: from where the one before ended, and the net is drawn from 0.
WATERFALL_STEPS: tuple[str, ...] = ("benefit", "one_off", "recurring", "fee", "net")


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
