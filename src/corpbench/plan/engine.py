"""The business case engine (planning methods §4), vectorised: every formula is evaluated on a
matrix of parameter vectors (one row per draw, one column per figure of the case that
``uncertain`` may name, :func:`corpbench.plan.case.parameter_values`), so that the
deterministic case (one row), the tornado (two rows per uncertain figure) and the Monte Carlo
(10,000 rows) are the same code with no loop per draw.

Ramp of phase X in year t (t = 0 the first investment year):
ρ_X(t) = min(1, max(0, (t − start_X − delay + 1) / ramp_X)).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from corpbench.plan.case import PHASES, Case, Phase, parameter_values

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Flows:
    """Yearly figures of M parameter rows over t = 0 … horizon: each array is (M, horizon + 1)
    except the per-row summaries (M,). A payback that is never reached is NaN."""

    benefit: Floats
    one_off: Floats
    recurring: Floats
    fee: Floats
    net: Floats
    cumulative: Floats
    #: Σ_{u ≤ t} net_u / (1 + r)^u, whose payback is the discounted payback.
    discounted_cumulative: Floats
    npv: Floats
    payback_year: Floats
    discounted_payback_year: Floats
    roi: Floats
    run_rate_saving: Floats


def base_vector(case: Case) -> tuple[tuple[str, ...], Floats]:
    """The case's parameter paths and its own values (the deterministic row)."""
    values = parameter_values(case)
    return tuple(values), np.array(list(values.values()), dtype=np.float64)


def ramp(t: Floats, start: Floats, ramp_years: Floats, delay: Floats) -> Floats:
    """ρ(t) for rows of (start, ramp, delay), (M,) each, over years ``t`` (T,): (M, T)."""
    x = (t[None, :] - start[:, None] - delay[:, None] + 1.0) / ramp_years[:, None]
    return np.clip(x, 0.0, 1.0)


def payback(cumulative: Floats) -> Floats:
    """§4's payback year of each row of cumulative values (M, T): the first t with a
    cumulative ≥ 0 after at least one negative cumulative value; 0 when none is negative; NaN
    when not reached within the horizon."""
    t = np.arange(cumulative.shape[1])
    neg = cumulative < 0
    any_neg = neg.any(axis=1)
    first_neg = np.argmax(neg, axis=1)
    after = (t[None, :] > first_neg[:, None]) & (cumulative >= 0)
    reached = after.any(axis=1)
    year = np.where(reached, np.argmax(after, axis=1), np.nan).astype(np.float64)
    return np.where(any_neg, year, 0.0)


def evaluate(case: Case, theta: Floats) -> Flows:
    """Evaluate the case's formulas for each row of ``theta`` (M, P) in the order of
    :func:`base_vector` (the case gives the structure: its functions, model, horizon and the
    years of its one-off and recurring items)."""
    paths, _ = base_vector(case)
    col = {p: i for i, p in enumerate(paths)}
    m = theta.shape[0]
    codes = case.function_codes()

    def one(path: str) -> Floats:
        return theta[:, col[path]]

    def per_function(prefix: str, suffix: str = "") -> Floats:
        idx = [col[f"{prefix}{c}{suffix}"] for c in codes]
        return theta[:, idx][:, :, None]  # (M, F, 1)

    n = case.horizon
    t = np.arange(n + 1, dtype=np.float64)
    delay = one("optimism_bias.delay_years")
    rho = {
        ph: ramp(t, one(f"option.phases.{ph}.start"), one(f"option.phases.{ph}.ramp"), delay)[
            :, None, :
        ]
        for ph in PHASES
    }  # (M, 1, T) each
    cost = per_function("functions.", ".cost")
    tau = per_function("functions.", ".transactional")
    omega = per_function("functions.", ".operational")
    pay = per_function("functions.", ".pay_share")
    s = per_function("option.simplify.")
    d = per_function("option.standardise.")
    h = per_function("option.share.")
    p = tau if case.option.transactional_only else tau + omega
    lam = one("option.location_factor")[:, None, None]
    fee_share = one("option.management_fee")[:, None]

    kept = (1 - s * rho["simplify"]) * (1 - d * rho["standardise"])  # (M, F, T)
    lam_t = 1 - (1 - lam) * rho["share"]
    c = cost * kept * ((1 - p) + p * (1 - h * rho["share"]) * (pay * lam_t + 1 - pay))
    keep_benefits = (1 - one("optimism_bias.benefits"))[:, None]
    benefit = keep_benefits * (cost - c).sum(axis=1)
    charge = (rho["share"] * p * cost * kept * (1 - h) * (pay * lam + 1 - pay)).sum(axis=1)
    fee = fee_share * charge

    one_off = (
        _by_year(
            case, theta, col, "one_off", [o.year for o in case.option.one_off], n, cumulative=False
        )
        * (1 + one("optimism_bias.capex"))[:, None]
    )
    recurring = (
        _by_year(
            case,
            theta,
            col,
            "recurring",
            [r.from_year for r in case.option.recurring],
            n,
            cumulative=True,
        )
        * (1 + one("optimism_bias.opex"))[:, None]
    )

    net = benefit - one_off - recurring - fee
    cumulative = np.cumsum(net, axis=1)
    discount = (1 + one("discount_rate"))[:, None] ** -t[None, :]
    npv = (net * discount).sum(axis=1)
    discounted_cumulative = np.cumsum(net * discount, axis=1)
    spent = one_off.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        roi = np.where(spent > 0, net.sum(axis=1) / np.where(spent > 0, spent, 1.0), np.nan)
    full = cost[:, :, 0] * (1 - s[:, :, 0]) * (1 - d[:, :, 0])
    full_c = full * (
        (1 - p[:, :, 0])
        + p[:, :, 0] * (1 - h[:, :, 0]) * (pay[:, :, 0] * lam[:, :, 0] + 1 - pay[:, :, 0])
    )
    run_rate = keep_benefits[:, 0] * (cost[:, :, 0] - full_c).sum(axis=1)
    assert benefit.shape == (m, n + 1)
    return Flows(
        benefit=benefit,
        one_off=one_off,
        recurring=recurring,
        fee=fee,
        net=net,
        cumulative=cumulative,
        discounted_cumulative=discounted_cumulative,
        npv=npv,
        payback_year=payback(cumulative),
        discounted_payback_year=payback(discounted_cumulative),
        roi=roi,
        run_rate_saving=run_rate,
    )


def _by_year(
    case: Case,
    theta: Floats,
    col: dict[str, int],
    kind: str,
    years: list[int],
    n: int,
    *,
    cumulative: bool,
) -> Floats:
    """Σ of the amounts of the ``kind`` items falling in each year (one-off: in year t;
    recurring: every year from its ``from_year``): (M, T)."""
    if not years:
        return np.zeros((theta.shape[0], n + 1))
    amounts = theta[:, [col[f"option.{kind}.{i}.amount"] for i in range(len(years))]]
    t = np.arange(n + 1)
    y = np.array(years)[:, None]
    hits = (y <= t[None, :]) if cumulative else (y == t[None, :])
    return amounts @ hits.astype(np.float64)


def evaluate_case(case: Case) -> Flows:
    """The deterministic figures of the case (one row, the case's own values)."""
    _, base = base_vector(case)
    return evaluate(case, base[None, :])


# --- sequencing -----------------------------------------------------------------------------


def in_sequence(case: Case) -> Case:
    """The case with its phases one after another, simplify → standardise → share (QIPP's
    advice): simplify starts at the earliest start of the case's three phases, each next phase
    starts when the one before is fully ramped; ramps are the case's."""
    return _ordered(case, ("simplify", "standardise", "share"))


def share_first(case: Case) -> Case:
    """The case with the share phase first: share starts at the earliest start of the case's
    three phases, simplify starts when share is fully ramped, standardise when simplify is;
    ramps are the case's. Shown beside :func:`in_sequence` so that the two ways compare."""
    return _ordered(case, ("share", "simplify", "standardise"))


def _ordered(case: Case, order: tuple[str, ...]) -> Case:
    phases = case.option.phases
    start = min(p.start for p in phases.values())
    new: dict[str, Phase] = {}
    for name in order:
        new[name] = Phase(start, phases[name].ramp)
        start += phases[name].ramp
    option = dataclasses.replace(case.option, phases={p: new[p] for p in PHASES})
    return dataclasses.replace(case, option=option)


#: The phasings of a case shown side by side: its own, in sequence and share first.
SEQUENCINGS: tuple[str, ...] = ("case", "in_sequence", "share_first")


@dataclass(frozen=True)
class Sequenced:
    """A case's headline figures under one phasing of :data:`SEQUENCINGS`."""

    sequencing: str
    npv: float
    payback_year: int | None
    discounted_payback_year: int | None
    #: The phases' (start, ramp) under this phasing, by phase.
    phases: dict[str, tuple[float, float]]


def _year_of(v: float) -> int | None:
    return None if np.isnan(v) else int(v)


def sequencings(case: Case) -> list[Sequenced]:
    """The NPV, payback and discounted payback of ``case`` as it is, :func:`in_sequence` and
    :func:`share_first`, each by the engine."""
    variants = (case, in_sequence(case), share_first(case))
    out = []
    for name, variant in zip(SEQUENCINGS, variants, strict=True):
        f = evaluate_case(variant)
        out.append(
            Sequenced(
                name,
                float(f.npv[0]),
                _year_of(float(f.payback_year[0])),
                _year_of(float(f.discounted_payback_year[0])),
                {p: (ph.start, ph.ramp) for p, ph in variant.option.phases.items()},
            )
        )
    return out
