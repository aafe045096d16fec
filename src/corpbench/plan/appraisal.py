"""Option appraisal against weighted design principles (planning methods §5).

Computed in exact rational arithmetic (the case's numbers are read as the exact values of
their floats), so that equal scores tie exactly and the weight-sensitivity ends are the exact
crossing points of the linear scores; the results are given as floats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from corpbench.plan.case import Case, Principle


@dataclass(frozen=True)
class Appraisal:
    #: principle -> normalised weight (sum 1), in the case's order.
    weights: dict[str, float]
    #: option -> Σ_c w_c s_{o,c}, in the case's order.
    scores: dict[str, float]
    #: option -> rank, 1 = highest score; ties share the best of their places (1, 1, 3).
    ranks: dict[str, int]
    #: The top-ranked option (of several sharing rank 1, the first in the case's order).
    top: str
    #: Principles on which every option scores the same.
    not_discriminating: list[str]
    #: principle -> [lo, hi]: the weights w_c' over which ``top`` stays top (no option scores
    #: above it) while the other weights keep their proportions.
    weight_intervals: dict[str, tuple[float, float]]


def appraise(case: Case) -> Appraisal | None:
    """The case's appraisal, or None without principles."""
    if not case.principles:
        return None
    return appraise_options(case.principles, case.options_scored)


def appraise_options(
    principles: Sequence[Principle], options: Mapping[str, Mapping[str, float]]
) -> Appraisal:
    names = [p.name for p in principles]
    total = sum((Fraction(p.weight) for p in principles), Fraction(0))
    w = {p.name: Fraction(p.weight) / total for p in principles}
    s = {o: {c: Fraction(options[o][c]) for c in names} for o in options}
    score = {o: sum((w[c] * s[o][c] for c in names), Fraction(0)) for o in options}
    ranks = {o: 1 + sum(1 for x in options if score[x] > score[o]) for o in options}
    top = next(o for o in options if ranks[o] == 1)
    flat = [c for c in names if len({s[o][c] for o in options}) == 1]
    intervals = {c: _interval(c, w, s, top) for c in names}
    return Appraisal(
        weights={c: float(w[c]) for c in names},
        scores={o: float(score[o]) for o in options},
        ranks=ranks,
        top=top,
        not_discriminating=flat,
        weight_intervals={c: (float(lo), float(hi)) for c, (lo, hi) in intervals.items()},
    )


def scores_at(
    c: str, x: Fraction, w: Mapping[str, Fraction], s: Mapping[str, Mapping[str, Fraction]]
) -> dict[str, Fraction]:
    """Every option's score with principle ``c``'s weight set to ``x`` and the other weights
    keeping their proportions: w_k' = w_k (1 − x) / (1 − w_c). When ``c`` holds all the weight
    (w_c = 1) the proportions of the others are undefined and they share 1 − x equally."""
    others = [k for k in w if k != c]
    if w[c] < 1:
        wk = {k: w[k] * (1 - x) / (1 - w[c]) for k in others}
    else:
        wk = {k: (1 - x) / len(others) for k in others}
    return {o: x * s[o][c] + sum((wk[k] * s[o][k] for k in others), Fraction(0)) for o in s}


def _interval(
    c: str, w: Mapping[str, Fraction], s: Mapping[str, Mapping[str, Fraction]], top: str
) -> tuple[Fraction, Fraction]:
    """The exact [lo, hi] of w_c' in [0, 1] where ``top`` scores at least every other option:
    each difference score_top − score_o is linear in w_c', g(x) = g(0) + (g(1) − g(0)) x, so
    the set where it is ≥ 0 is bounded by its root."""
    if len(w) == 1:
        return Fraction(0), Fraction(1)
    at0 = scores_at(c, Fraction(0), w, s)
    at1 = scores_at(c, Fraction(1), w, s)
    lo, hi = Fraction(0), Fraction(1)
    for o in s:
        if o == top:
            continue
        g0 = at0[top] - at0[o]
        g1 = at1[top] - at1[o]
        slope = g1 - g0
        if slope > 0:  # rising: top stays at least level from the root on
            lo = max(lo, -g0 / slope)
        elif slope < 0:  # falling: top stays at least level up to the root
            hi = min(hi, g0 / -slope)
    return lo, hi
