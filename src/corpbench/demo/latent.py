"""Random draws of the demo round that do not change from year to year: each organisation's
size and cost level, which functions it returns, how each function splits into processes and
which processes are shared. Everything is vectorised over all organisations at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from corpbench.demo.params import (
    CLASS_SHARING,
    COST_PER_FTE,
    FUNCTION_SHARING,
    ORG_EFFECT_SHARE,
    PAY_SHARE,
    SIZE_ELASTICITY,
    DemoRound,
    TypeParams,
)
from corpbench.standard import DELIVERY_MODELS

_IN_HOUSE, _SHARED, _OUTSOURCED, _MIXED = (
    DELIVERY_MODELS.index(m) for m in ("in_house", "shared", "outsourced", "mixed")
)
_CLASSES = ("T", "O", "S")


@dataclass(frozen=True)
class Shape:
    """The functions a demo round returns, each with its processes (the round definition's,
    in its order) and the Table 14 class of each process as an index into ``T, O, S``."""

    functions: tuple[str, ...]
    processes: tuple[tuple[str, ...], ...]
    #: (function, process) -> class index (padding 0, never used).
    class_index: np.ndarray
    #: Per function: dispersion multiplier and presence probability.
    dispersion: np.ndarray
    presence: np.ndarray

    @classmethod
    def of(cls, demo_round: DemoRound) -> Shape:
        classes = demo_round.definition().process_classes
        functions = demo_round.functions
        processes = tuple(tuple(classes[f]) for f in functions)
        index = np.zeros((len(functions), max(len(p) for p in processes)), dtype=np.int64)
        for i, f in enumerate(functions):
            index[i, : len(processes[i])] = [_CLASSES.index(c) for c in classes[f].values()]
        return cls(
            functions,
            processes,
            index,
            np.array([demo_round.function_dispersion[f] for f in functions]),
            np.array([demo_round.function_presence.get(f, 1.0) for f in functions]),
        )


#: Relative size of a process by class in the Dirichlet split.
_CLASS_WEIGHT = {"T": 1.5, "O": 1.0, "S": 0.6}
#: Dirichlet concentration of the process split (higher: closer to the class weights).
_SPLIT_CONCENTRATION = 12.0
#: Largest |z| of a stratified score (keeps the far tails of a log-normal plausible).
_Z_CLIP = 2.6


# Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)


def normal_quantile(p: np.ndarray) -> np.ndarray:
    """The standard normal quantile of each ``p`` in (0, 1)."""
    p = np.asarray(p, dtype=float)
    out = np.empty_like(p)
    low, high = p < 0.02425, p > 1 - 0.02425
    mid = ~(low | high)
    q = p[mid] - 0.5
    r = q * q
    num = ((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]
    den = ((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1
    out[mid] = num * q / den
    for mask, sign, tail in ((low, 1.0, p[low]), (high, -1.0, 1 - p[high])):
        t = np.sqrt(-2 * np.log(tail))
        num = ((((_C[0] * t + _C[1]) * t + _C[2]) * t + _C[3]) * t + _C[4]) * t + _C[5]
        den = (((_D[0] * t + _D[1]) * t + _D[2]) * t + _D[3]) * t + 1
        out[mask] = sign * num / den
    return out


def stratified(groups: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Standard normal scores stratified within each group: the group's members get exactly the
    quantiles at (k + ½)/n, k = 0..n−1, in the order of ``score`` (a random score gives a random
    assignment; a correlated score carries its correlation). Small groups thus have exactly the
    intended spread and shape, which keeps the calibrated figures stable from seed to seed."""
    order = np.lexsort((score, groups))
    count = np.bincount(groups)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    g = groups[order]
    rank = np.arange(len(order)) - start[g]
    z = np.empty(len(order))
    z[order] = normal_quantile((rank + 0.5) / count[g])
    return z


def mean_one(
    factor: np.ndarray, groups: np.ndarray, weight: np.ndarray | None = None
) -> np.ndarray:
    """``factor`` divided by its (``weight``-weighted) mean within each group, so that each
    group's weighted mean is exactly 1."""
    w = np.ones(len(factor)) if weight is None else weight
    total = np.bincount(groups, w)
    mean: np.ndarray = np.bincount(groups, factor * w) / np.where(total > 0, total, 1.0)
    scaled: np.ndarray = factor / mean[groups]
    return scaled


@dataclass(frozen=True)
class OrgLatent:
    """Per organisation (register order)."""

    turnover: np.ndarray  # first-year turnover, £
    pay_share: np.ndarray  # total_pay / turnover
    pay_per_fte: np.ndarray  # average pay per whole-organisation FTE, £


@dataclass(frozen=True)
class LineLatent:
    """Per (organisation, function) line the organisation returns."""

    org: np.ndarray  # organisation index
    function: np.ndarray  # index into Shape.functions
    pct: np.ndarray  # first-year cost as % of turnover
    cost_per_fte: np.ndarray  # £ of function cost per function FTE
    pay_share: np.ndarray  # pay_cost / cost


@dataclass(frozen=True)
class RowLatent:
    """Per (organisation, function, process) row."""

    line: np.ndarray  # index into the LineLatent arrays
    process: np.ndarray  # index within Shape.processes[function]
    weight: np.ndarray  # share of the line's cost (sums to 1 over the line)
    shared_fraction: np.ndarray  # share of the row's cost delivered by others
    delivery_model: np.ndarray  # index into DELIVERY_MODELS


def draw_orgs(
    rng: np.random.Generator,
    types: Mapping[str, TypeParams],
    type_index: np.ndarray,
    responded: np.ndarray,
) -> tuple[OrgLatent, np.ndarray]:
    """Turnover (log-normal, stratified and scaled to the type's mean separately among
    first-year respondents and non-respondents) and pay structure; also the log-size deviation
    used for the size elasticity of back-office costs."""
    params = list(types.values())
    n = len(type_index)
    mean = np.array([p.turnover_mean_m for p in params])[type_index] * 1e6
    sd = np.array([p.turnover_log_sd for p in params])[type_index]
    group = type_index * 2 + responded
    log_dev = sd * np.clip(stratified(group, rng.random(n)), -_Z_CLIP, _Z_CLIP)
    turnover = np.round(mean * mean_one(np.exp(log_dev), group))
    pay_share = rng.uniform(0.55, 0.70, n)
    fte_factor = np.array([p.cost_per_fte_factor for p in params])[type_index]
    pay_per_fte = 36_000.0 * fte_factor * np.exp(rng.normal(0.0, 0.06, n))
    return OrgLatent(turnover, pay_share, pay_per_fte), log_dev


def draw_lines(
    rng: np.random.Generator,
    shape: Shape,
    types: Mapping[str, TypeParams],
    type_index: np.ndarray,
    responded: np.ndarray,
    log_dev: np.ndarray,
) -> LineLatent:
    """Which functions each organisation returns and its cost level in each (% of turnover).

    pct = m · exp(σ_f·z − β·u) / mean_w(exp(σ_f·z − β·u)), where m is the type's mean % for the
    function, σ_f the type's dispersion times the function's multiplier, u the organisation's
    log-size deviation (β: size elasticity) and z a normal score stratified within (type,
    function, first-year respondent), ranked by √ρ·(organisation effect) + √(1−ρ)·(line noise)
    so that an organisation costly in one function tends to be costly in others. mean_w is the
    size-weighted mean over the same group, so the group's spend is exactly m % of its turnover.
    """
    params = list(types.values())
    functions = shape.functions
    n, nf = len(type_index), len(functions)
    presence = shape.presence
    present = rng.random((n, nf)) < presence
    org, function = np.nonzero(present)
    t = type_index[org]
    mix = np.array([[p.function_mix[f] for f in functions] for p in params])
    back_office = np.array([p.back_office_pct for p in params])
    m = back_office[t] * mix[t, function] / presence[function]
    disp = np.array([p.dispersion for p in params])[t] * shape.dispersion[function]
    z_org = rng.standard_normal(n)[org]
    group = (t * nf + function) * 2 + responded[org]
    rho = ORG_EFFECT_SHARE
    score = np.sqrt(rho) * z_org + np.sqrt(1 - rho) * rng.standard_normal(len(org))
    z = np.clip(stratified(group, score), -_Z_CLIP, _Z_CLIP)
    size = np.exp(log_dev[org])
    pct = m * mean_one(np.exp(disp * z - SIZE_ELASTICITY * log_dev[org]), group, size)
    fte_factor = np.array([p.cost_per_fte_factor for p in params])[t]
    unit = np.array([COST_PER_FTE[f] for f in functions])[function]
    cost_per_fte = unit * fte_factor * np.exp(rng.normal(0.0, 0.10, len(org)))
    pay = np.array([PAY_SHARE[f] for f in functions])[function]
    pay_share = np.clip(pay + rng.normal(0.0, 0.05, len(org)), 0.2, 0.97)
    return LineLatent(org, function, pct, cost_per_fte, pay_share)


def draw_rows(
    rng: np.random.Generator,
    shape: Shape,
    types: Mapping[str, TypeParams],
    type_index: np.ndarray,
    lines: LineLatent,
) -> RowLatent:
    """Split every line into the function's recommended processes (a Dirichlet split around
    class weights: transactional processes larger) and decide which processes are shared or
    outsourced (more often transactional ones, IM&T and finance, and in PCTs)."""
    n_proc = np.array([len(p) for p in shape.processes])
    per_line = n_proc[lines.function]
    line = np.repeat(np.arange(len(lines.org)), per_line)
    starts = np.concatenate(([0], np.cumsum(per_line)[:-1]))
    process = np.arange(len(line)) - np.repeat(starts, per_line)
    function = lines.function[line]
    cls = shape.class_index[function, process]
    alpha = np.array([_CLASS_WEIGHT[c] for c in _CLASSES])[cls]
    g = rng.gamma(alpha * _SPLIT_CONCENTRATION / 4.0)
    g = np.maximum(g, 1e-6)
    weight = g / np.add.reduceat(g, starts)[line]

    params = list(types.values())
    t = type_index[lines.org[line]]
    propensity = (
        np.array([p.shared_propensity for p in params])[t]
        * np.array([FUNCTION_SHARING[f] for f in shape.functions])[function]
        * np.array([CLASS_SHARING[c] for c in _CLASSES])[cls]
    )
    shared = rng.random(len(line)) < np.clip(propensity, 0.0, 0.95)
    kind = rng.random(len(line))
    model = np.where(kind < 0.45, _SHARED, np.where(kind < 0.75, _OUTSOURCED, _MIXED))
    mixed_fraction = rng.uniform(0.2, 0.7, len(line))
    fraction = np.where(model == _MIXED, mixed_fraction, 1.0)
    delivery = np.where(shared, model, _IN_HOUSE)
    return RowLatent(line, process, weight, np.where(shared, fraction, 0.0), delivery)
