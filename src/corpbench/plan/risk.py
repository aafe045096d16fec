"""Tornado and Monte Carlo of a case (planning methods §4), each one vectorised evaluation of
the engine over a matrix of parameter rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corpbench.plan.case import Case
from corpbench.plan.engine import Floats, base_vector, evaluate

#: Bins of the Monte Carlo histogram of NPV.
HISTOGRAM_BINS = 20
#: The payback horizon of P(payback ≤ 3 years).
PAYBACK_WITHIN = 3


@dataclass(frozen=True)
class TornadoBar:
    parameter: str
    npv_low: float
    npv_high: float

    @property
    def swing(self) -> float:
        return abs(self.npv_high - self.npv_low)


@dataclass(frozen=True)
class MonteCarlo:
    draws: int
    seed: int
    mean: float
    p10: float
    p50: float
    p90: float
    p_npv_positive: float
    p_payback_within_3: float
    #: NPV histogram: HISTOGRAM_BINS + 1 edges and HISTOGRAM_BINS counts (numpy's bins: the
    #: last bin includes its right edge).
    bin_edges: tuple[float, ...]
    counts: tuple[int, ...]


def _modes(case: Case) -> tuple[dict[str, int], Floats]:
    """The case's parameter row with every uncertain figure at its mode."""
    paths, base = base_vector(case)
    col = {p: i for i, p in enumerate(paths)}
    row = base.copy()
    for path, tri in case.uncertain.items():
        row[col[path]] = tri.mode
    return col, row


def tornado_base(case: Case) -> float | None:
    """The NPV the tornado's bars swing around: every uncertain figure at its mode, the others
    at the case's values (None without ``uncertain``)."""
    if not case.uncertain:
        return None
    _, row = _modes(case)
    return float(evaluate(case, row[None, :]).npv[0])


def tornado(case: Case) -> list[TornadoBar]:
    """For each uncertain figure, NPV with it at ``low`` and at ``high``, every other uncertain
    figure at its mode (the others at the case's values); sorted by |NPV(high) − NPV(low)|,
    largest first (ties in the order of ``uncertain``)."""
    if not case.uncertain:
        return []
    col, row = _modes(case)
    paths = list(case.uncertain)
    theta = np.repeat(row[None, :], 2 * len(paths), axis=0)
    for i, path in enumerate(paths):
        theta[2 * i, col[path]] = case.uncertain[path].low
        theta[2 * i + 1, col[path]] = case.uncertain[path].high
    npv = evaluate(case, theta).npv
    bars = [
        TornadoBar(path, float(npv[2 * i]), float(npv[2 * i + 1])) for i, path in enumerate(paths)
    ]
    return sorted(bars, key=lambda b: -b.swing)


def draw(case: Case, draws: int, seed: int) -> Floats:
    """``draws`` parameter rows: every uncertain figure drawn independently from its
    triangular distribution (in the order of ``uncertain``, from one generator seeded with
    ``seed``), the others at the case's values."""
    col, row = _modes(case)
    theta = np.repeat(row[None, :], draws, axis=0)
    rng = np.random.default_rng(seed)
    for path, tri in case.uncertain.items():
        if tri.high > tri.low:
            theta[:, col[path]] = rng.triangular(tri.low, tri.mode, tri.high, size=draws)
        else:  # a figure known exactly: numpy's triangular needs low < high
            theta[:, col[path]] = tri.low
    return theta


def monte_carlo(case: Case, draws: int | None = None, seed: int | None = None) -> MonteCarlo | None:
    """§4's Monte Carlo of the case (None without ``uncertain``): NPV mean, type-7 P10, P50
    and P90, P(NPV > 0), P(payback ≤ 3 years) and the NPV histogram."""
    if not case.uncertain:
        return None
    m = draws if draws is not None else case.monte_carlo.draws
    s = seed if seed is not None else case.monte_carlo.seed
    flows = evaluate(case, draw(case, m, s))
    npv = flows.npv
    p10, p50, p90 = np.quantile(npv, [0.1, 0.5, 0.9])  # numpy's "linear" = type 7
    pb = flows.payback_year
    counts, edges = np.histogram(npv, bins=HISTOGRAM_BINS)
    return MonteCarlo(
        draws=m,
        seed=s,
        mean=float(npv.mean()),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        p_npv_positive=float((npv > 0).mean()),
        p_payback_within_3=float((~np.isnan(pb) & (pb <= PAYBACK_WITHIN)).mean()),
        bin_edges=tuple(float(e) for e in edges),
        counts=tuple(int(c) for c in counts),
    )
