"""Funnel plots (programme methods §5), computed exactly as FunnelPlotR's ``funnel_plot``.

For each unit (an organisation) with a numerator O and a denominator n:

- **Proportions** (``PR``): the ratio rr = O / n, the target p̄ = ΣO / Σn; z-scores on the
  arcsine-square-root scale, z = (asin √rr − asin √p̄) / s with s = 1 / (2√n); limits
  sin²(asin √p̄ ± z_α √(s² + τ²)), cut to [0, 1] and set to 0 (lower) or 1 (upper) where the
  arcsine limit turns back at small n.
- **Standardised ratios** (``SR``, O observed over E expected, target 1): ``SHMI`` takes
  z = √E · ln(O / E) and limits exp(± z_α √(1/E + τ²)), with E rounded to 2 decimals first
  (FunnelPlotR's SHMI_rounding); ``CQC`` takes z = (√rr − 1) / s with s = 1 / (2√E) and limits
  1 ± z_α √(s² + τ²). Unadjusted SR limits are the exact Poisson ones.

**Overdispersion** (Spiegelhalter 2005, 2012): the z-scores are Winsorised at ``trim_by`` and
1 − ``trim_by`` (type 7 quantiles), or for SHMI truncated by rank, and φ = (1/n) Σ z² over
them; τ² = max(0, (nφ − (n − 1)) / (Σw − Σw²/Σw)), w = 1/s², and 0 when nφ < n − 1. With
``draw_adjusted`` the limits add τ²; when φ ≤ 1 and ``draw_unadjusted`` is off, the funnel
falls back to the unadjusted limits (``draw_adjusted`` is then False in the result). Without
``draw_adjusted`` φ and τ² are reported as 0, as FunnelPlotR reports them.

z_α is 1.959964 (95%) and 3.090232 (99.8%). A unit is an **outlier** at a level when its rr
lies outside that level's limits (adjusted when ``draw_adjusted``, else unadjusted; none when
neither set is drawn). Units sharing a label are summed first, as FunnelPlotR aggregates its
groups; units keep the order in which their labels first appear. The step-by-step arithmetic
is :mod:`corpbench.bench.funnel_limits`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from corpbench.bench import funnel_limits as fl

DATA_TYPES = ("PR", "SR")
SR_METHODS = ("SHMI", "CQC")
#: FunnelPlotR's ``limit`` values (99 stands for 99.8%); 99.8 is taken as 99.
LIMIT_LEVELS = (95, 99)

#: The keys of :func:`machine_output` and of each of its units.
MACHINE_KEYS = ("target", "phi", "tau2", "draw_adjusted", "n_units", "units")
UNIT_KEYS = ("label", "rr", "z", "ll95", "ul95", "ll998", "ul998", "outlier95", "outlier998")


class FunnelInputError(ValueError):
    """Input a funnel cannot be drawn from: ``field`` names the input, ``unit`` the unit's
    label (or position) when one unit is at fault."""

    def __init__(self, field: str, message: str, unit: str | None = None) -> None:
        self.field = field
        self.unit = unit
        super().__init__(message)


@dataclass(frozen=True)
class Limits:
    """The four limits at one denominator."""

    ll95: float
    ul95: float
    ll998: float
    ul998: float


@dataclass(frozen=True)
class FunnelUnit:
    """One point of the funnel. ``limits`` are the drawn ones (adjusted when the result's
    ``draw_adjusted``), ``adjusted`` and ``unadjusted`` both sets; ``outlier`` is at the
    result's ``limit``."""

    label: str
    numerator: float
    denominator: float
    rr: float
    z: float
    adjusted: Limits
    unadjusted: Limits
    limits: Limits
    outlier95: bool
    outlier998: bool
    outlier: bool


@dataclass(frozen=True)
class FunnelCurve:
    """The limits lookup (FunnelPlotR's ``limits_lookup``): x and both sets of limits."""

    x: tuple[float, ...]
    adjusted: fl.LimitSet
    unadjusted: fl.LimitSet


@dataclass(frozen=True)
class FunnelResult:
    data_type: str
    sr_method: str
    target: float
    phi: float
    tau2: float
    draw_adjusted: bool
    draw_unadjusted: bool
    limit: int
    units: tuple[FunnelUnit, ...]
    curve: FunnelCurve

    @property
    def outliers(self) -> tuple[FunnelUnit, ...]:
        return tuple(u for u in self.units if u.outlier)


def funnel(
    numerator: Sequence[float],
    denominator: Sequence[float],
    labels: Sequence[str],
    *,
    data_type: str = "PR",
    sr_method: str = "SHMI",
    draw_adjusted: bool = True,
    draw_unadjusted: bool = False,
    trim_by: float = 0.1,
    limits: float = 99,
) -> FunnelResult:
    """The funnel of the units (see the module docstring); raises :class:`FunnelInputError`.

    Defaults are FunnelPlotR's except ``data_type`` (its default is SR; corpbench's funnels
    are of proportions). ``limits`` is FunnelPlotR's ``limit``: the level (95 or 99, i.e.
    99.8%) whose outliers are the result's ``outlier`` and are labelled."""
    limit = _check_options(data_type, sr_method, draw_adjusted, draw_unadjusted, trim_by, limits)
    names, num, den, raw_den = _aggregate(numerator, denominator, labels, data_type, sr_method)
    rr = num / raw_den  # FunnelPlotR's rr is taken before SHMI rounds the expected values
    target = 1.0 if data_type == "SR" else math.fsum(num) / math.fsum(den)
    tz = fl.transformed_zscore(num, den, data_type, sr_method)

    phi = tau2 = 0.0
    if draw_adjusted:
        phi, tau2 = _dispersion(tz, names, num, data_type, sr_method, trim_by)
        if not draw_unadjusted and phi <= 1:
            draw_adjusted, draw_unadjusted = False, True

    x = fl.lookup_x(data_type, den)
    od = fl.calculate_limits(x, data_type, sr_method, tau2, target, adjusted=True)
    plain = fl.calculate_limits(x, data_type, sr_method, tau2, target, adjusted=False)
    at = np.searchsorted(x, den)
    units = []
    for i, name in enumerate(names):
        adj, unadj = _limits_at(od, at[i]), _limits_at(plain, at[i])
        drawn = adj if draw_adjusted else unadj
        out95, out998 = outlier_flags(float(rr[i]), drawn, draw_adjusted or draw_unadjusted)
        units.append(
            FunnelUnit(
                label=name,
                numerator=float(num[i]),
                denominator=float(den[i]),
                rr=float(rr[i]),
                z=float(tz.z[i]),
                adjusted=adj,
                unadjusted=unadj,
                limits=drawn,
                outlier95=out95,
                outlier998=out998,
                outlier=out95 if limit == 95 else out998,
            )
        )
    return FunnelResult(
        data_type=data_type,
        sr_method=sr_method,
        target=target,
        phi=phi,
        tau2=tau2,
        draw_adjusted=draw_adjusted,
        draw_unadjusted=draw_unadjusted,
        limit=limit,
        units=tuple(units),
        curve=FunnelCurve(x=tuple(float(v) for v in x), adjusted=od, unadjusted=plain),
    )


def outlier_flags(rr: float, drawn: Limits, any_drawn: bool) -> tuple[bool, bool]:
    """FunnelPlotR's outliers_func at 95% and 99.8%: outside the drawn limits (on a limit is
    inside); no outlier when no limits are drawn."""
    if not any_drawn:
        return False, False
    return not (drawn.ll95 <= rr <= drawn.ul95), not (drawn.ll998 <= rr <= drawn.ul998)


def machine_output(result: FunnelResult) -> dict[str, Any]:
    """The JSON object of ``corpbench funnel --json``: exactly :data:`MACHINE_KEYS`, units
    with :data:`UNIT_KEYS`, numbers at full precision (a z-score of −∞, SHMI with no events,
    is null)."""
    return {
        "target": result.target,
        "phi": result.phi,
        "tau2": result.tau2,
        "draw_adjusted": result.draw_adjusted,
        "n_units": len(result.units),
        "units": [
            {
                "label": u.label,
                "rr": u.rr,
                "z": u.z if math.isfinite(u.z) else None,
                "ll95": u.limits.ll95,
                "ul95": u.limits.ul95,
                "ll998": u.limits.ll998,
                "ul998": u.limits.ul998,
                "outlier95": u.outlier95,
                "outlier998": u.outlier998,
            }
            for u in result.units
        ],
    }


def _limits_at(limits: fl.LimitSet, i: int) -> Limits:
    return Limits(
        ll95=float(limits.ll95[i]),
        ul95=float(limits.ul95[i]),
        ll998=float(limits.ll998[i]),
        ul998=float(limits.ul998[i]),
    )


def _dispersion(
    tz: fl.Transformed,
    names: list[str],
    num: fl.Array,
    data_type: str,
    sr_method: str,
    trim_by: float,
) -> tuple[float, float]:
    """φ and τ² over the Winsorised (or, for SHMI, truncated) z-scores."""
    if data_type == "SR" and sr_method == "SHMI":
        kept = fl.truncated_mask(tz.z, trim_by)
        if int(kept.sum()) < 2:
            raise FunnelInputError(
                "trim_by",
                f"trim_by {trim_by} truncates all but {int(kept.sum())} of the "
                f"{len(names)} units: the overdispersion needs at least 2; expected a smaller "
                "trim_by (above 0) or more units.",
            )
        zs, s = tz.z[kept], tz.s[kept]
        for i in np.flatnonzero(kept & (num == 0)):
            raise FunnelInputError(
                "numerator",
                f"numerator of unit {names[i]!r} is 0: its SHMI z-score (a log ratio) is "
                "infinite and is not truncated, so the overdispersion cannot be estimated; "
                "expected events above 0, a larger trim_by or draw_adjusted false.",
                unit=names[i],
            )
    else:
        zs, s = fl.winsorised(tz.z, trim_by), tz.s
    phi = fl.phi_func(zs)
    return phi, fl.tau_func(len(zs), phi, s)


def _check_options(
    data_type: str,
    sr_method: str,
    draw_adjusted: bool,
    draw_unadjusted: bool,
    trim_by: float,
    limits: float,
) -> int:
    if data_type not in DATA_TYPES:
        raise FunnelInputError(
            "data_type", f"data_type {data_type!r} is not known: expected PR or SR."
        )
    if sr_method not in SR_METHODS:
        raise FunnelInputError(
            "sr_method", f"sr_method {sr_method!r} is not known: expected SHMI or CQC."
        )
    for name, flag in (("draw_adjusted", draw_adjusted), ("draw_unadjusted", draw_unadjusted)):
        if not isinstance(flag, bool):
            raise FunnelInputError(name, f"{name} is {flag!r}: expected true or false.")
    if not _is_number(trim_by) or not 0 <= trim_by < 0.5:
        raise FunnelInputError(
            "trim_by", f"trim_by is {trim_by!r}: expected a number from 0 up to (not) 0.5."
        )
    if not _is_number(limits) or limits not in (95, 99, 99.8):
        raise FunnelInputError("limits", f"limits is {limits!r}: expected 95 or 99 (99.8%).")
    return 95 if limits == 95 else 99


def _is_number(v: object) -> bool:
    """A finite real number (numpy's too), not a bool."""
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v)


def _aggregate(
    numerator: Sequence[float],
    denominator: Sequence[float],
    labels: Sequence[str],
    data_type: str,
    sr_method: str,
) -> tuple[list[str], fl.Array, fl.Array, fl.Array]:
    """Checked values summed by label (FunnelPlotR's aggregate_func) in first-seen order:
    labels, numerators, denominators (rounded to 2 decimals for SHMI) and the unrounded
    denominators."""
    n = len(labels)
    for field, values in (("numerator", numerator), ("denominator", denominator)):
        if len(values) != n:
            raise FunnelInputError(
                field,
                f"{field} has {len(values)} values and labels {n}: expected one per unit.",
            )
    if n < 2:
        raise FunnelInputError("labels", f"{n} units: expected at least 2.")
    sums: dict[str, tuple[list[float], list[float]]] = {}
    for i, (o, e, name) in enumerate(zip(numerator, denominator, labels, strict=True)):
        where = f"unit {name!r} (position {i + 1})" if isinstance(name, str) else ""
        if not isinstance(name, str) or not name.strip():
            raise FunnelInputError(
                "labels", f"label at position {i + 1} is {name!r}: expected a non-empty text."
            )
        if not _is_number(o) or o < 0:
            raise FunnelInputError(
                "numerator", f"numerator of {where} is {o!r}: expected a number ≥ 0.", unit=name
            )
        if not _is_number(e) or e <= 0:
            raise FunnelInputError(
                "denominator",
                f"denominator of {where} is {e!r}: expected a number > 0.",
                unit=name,
            )
        if data_type == "PR" and o > e:
            raise FunnelInputError(
                "numerator",
                f"numerator of {where} is {o!r}, more than its denominator {e!r}: a proportion "
                "expects numerator ≤ denominator.",
                unit=name,
            )
        sums.setdefault(name, ([], []))
        sums[name][0].append(float(o))
        sums[name][1].append(float(e))
    names = list(sums)
    num = np.array([math.fsum(sums[k][0]) for k in names], dtype=np.float64)
    raw = np.array([math.fsum(sums[k][1]) for k in names], dtype=np.float64)
    if len(names) < 2:
        raise FunnelInputError("labels", "every unit has the same label: expected at least 2.")
    shmi = data_type == "SR" and sr_method == "SHMI"  # FunnelPlotR's SHMI_rounding
    den = np.array([round(float(v), 2) for v in raw]) if shmi else raw.copy()
    if shmi and (den <= 0).any():
        i = int(np.flatnonzero(den <= 0)[0])
        raise FunnelInputError(
            "denominator",
            f"denominator of unit {names[i]!r} rounds to 0 at 2 decimals (SHMI): expected "
            "0.005 or more.",
            unit=names[i],
        )
    return names, num, den, raw
