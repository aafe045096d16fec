"""The arithmetic of FunnelPlotR's funnel plots, one function per step of its R code.

Each function follows the R function named in its docstring (FunnelPlotR, R/od_adjustment.R
and R/calculate_limits.R) operation by operation, so that the same inputs give the same
doubles: the order of the arithmetic is kept, R's ``sum`` (accumulated in extended precision)
is ``math.fsum``, R's type 7 ``quantile`` is written out as R writes it, and the normal
quantiles are R's constants 1.959964 and 3.090232. Plain values in, numpy arrays out; the
checks of the input are :mod:`corpbench.bench.funnel`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import special
from scipy import stats as scipy_stats

Array = NDArray[np.float64]

#: The normal quantiles FunnelPlotR writes into its limits (two-sided 95% and 99.8%).
Z95 = 1.959964
Z998 = 3.090232

#: Points of the limits lookup between its first x (3 for proportions, 1.1 for ratios) and
#: the largest denominator rounded up (FunnelPlotR's build_limits_lookup).
LOOKUP_POINTS = 1000


@dataclass(frozen=True)
class Transformed:
    """transformed_zscore's columns: the transformed value Y, its standard error s, the
    transformed target and the unadjusted z-score."""

    y: Array
    s: Array
    target_transformed: float
    z: Array


def transformed_zscore(
    numerator: Array, denominator: Array, data_type: str, sr_method: str
) -> Transformed:
    """R's ``transformed_zscore``: arcsine-square-root for proportions, log (SHMI) or square
    root (CQC) for standardised ratios; z = (Y − target) / s, except SHMI's
    z = √E · ln(O / E)."""
    with np.errstate(divide="ignore"):  # SHMI: ln(0) is −∞ for a unit with no events
        if data_type == "PR":
            target_t = math.asin(math.sqrt(math.fsum(numerator) / math.fsum(denominator)))
            y = np.arcsin(np.sqrt(numerator / denominator))
            s = 1 / (2 * np.sqrt(denominator))
        elif sr_method == "SHMI":
            target_t = 0.0
            y = np.log(numerator / denominator)
            s = 1 / np.sqrt(denominator)
        else:  # CQC
            target_t = 1.0
            y = np.sqrt(numerator / denominator)
            s = 1 / (2 * np.sqrt(denominator))
        if data_type == "SR" and sr_method == "SHMI":
            z = np.sqrt(denominator) * np.log(numerator / denominator)
        else:
            z = (y - target_t) / s
    return Transformed(y=y, s=s, target_transformed=target_t, z=z)


def quantile7(values: Array, prob: float) -> float:
    """R's ``quantile(x, prob)`` of type 7 (its default), with R's arithmetic:
    index = 1 + (n − 1)·p, qs = (1 − h)·x[lo] + h·x[hi] when index > lo and x[hi] ≠ x[lo]."""
    x = np.sort(values)
    index = 1 + max(len(x) - 1, 0) * prob
    lo = math.floor(index)
    hi = math.ceil(index)
    qs = float(x[lo - 1])
    if index > lo and x[hi - 1] != qs:
        h = index - lo
        qs = (1 - h) * qs + h * float(x[hi - 1])
    return qs


def winsorised(z: Array, trim_by: float) -> Array:
    """R's ``winsorisation``: z-scores below the trim_by quantile are set to it, those above
    the (1 − trim_by) quantile to that."""
    lz = quantile7(z, trim_by)
    uz = quantile7(z, 1 - trim_by)
    return np.where(z < lz, lz, np.where(z > uz, uz, z))


def truncated_mask(z: Array, trim_by: float) -> NDArray[np.bool_]:
    """R's ``truncation`` (SHMI): True for the z-scores kept. With k = 1 / trim_by, a unit of
    (average) rank r among N is kept when 0 < ⌊r·k / (N + 1)⌋ < k − 1."""
    k = 1 / trim_by if trim_by != 0 else math.inf
    maxk = k - 1
    mink = 0.0  # R: min(k / k) - 1
    ranks = scipy_stats.rankdata(z, method="average")
    with np.errstate(invalid="ignore"):  # k = ∞ (trim_by 0): every unit is truncated
        sp = np.floor(ranks * k / (len(z) + 1))
    kept: NDArray[np.bool_] = (sp > mink) & (sp < maxk)
    return kept


def phi_func(zscores: Array) -> float:
    """R's ``phi_func``: (1 / n) · Σ z²."""
    return (1 / len(zscores)) * math.fsum(zscores**2)


def tau_func(n: int, phi: float, s: Array) -> float:
    """R's ``tau_func``: the between-unit variance τ² (DerSimonian–Laird):
    0 when n·φ < n − 1, else max(0, (n·φ − (n − 1)) / (Σw − Σw² / Σw)) with w = 1 / s²."""
    if len(s) == 0 or n * phi < n - 1:
        return 0.0
    w = 1 / (s**2)
    sum_w = math.fsum(w)
    return max(0.0, (n * phi - (n - 1)) / (sum_w - math.fsum(w**2) / sum_w))


def r_seq(start: float, stop: float, length: int) -> Array:
    """R's ``seq(start, stop, length.out = length)``: the ends exactly, between them
    start + i · ((stop − start) / (length − 1))."""
    if start == stop:
        return np.full(length, start)
    n1 = length - 1
    inner = start + np.arange(1, n1, dtype=np.float64) * ((stop - start) / n1)
    return np.concatenate(([start], inner, [stop]))


def lookup_x(data_type: str, denominators: Array) -> Array:
    """R's ``build_limits_lookup`` x values: the sequence from 3 (PR) or 1.1 (SR) to the
    largest denominator rounded up, with every denominator added, sorted, each once."""
    start = 1.1 if data_type == "SR" else 3.0
    grid = r_seq(start, float(math.ceil(float(np.max(denominators)))), LOOKUP_POINTS)
    return np.unique(np.concatenate((grid, denominators)))


@dataclass(frozen=True)
class LimitSet:
    """Four limit columns over the lookup's x values (or a unit's denominator)."""

    ll95: Array
    ul95: Array
    ll998: Array
    ul998: Array


def calculate_limits(
    x: Array, data_type: str, sr_method: str, tau2: float, target: float, *, adjusted: bool
) -> LimitSet:
    """R's ``calculate_limits`` over sorted x: with ``adjusted`` the overdispersed columns
    (odll95 …), without it the unadjusted ones (ll95 …, τ² taken as 0)."""
    if not adjusted:
        tau2 = 0.0
    if data_type == "SR":
        if not adjusted:  # exact Poisson limits: qchisq(p, 2n, upper)/2 = gamma quantile
            return LimitSet(
                ll95=target * special.gammainccinv(x, 0.975) / x,
                ul95=target * special.gammainccinv(x + 1, 0.025) / x,
                ll998=target * special.gammainccinv(x, 0.999) / x,
                ul998=target * special.gammainccinv(x + 1, 0.001) / x,
            )
        if sr_method == "SHMI":
            spread = np.sqrt((1 / x) + tau2)
            return LimitSet(
                ll95=np.exp(-Z95 * spread),
                ul95=np.exp(Z95 * spread),
                ll998=np.exp(-Z998 * spread),
                ul998=np.exp(Z998 * spread),
            )
        s = 1 / (2 * np.sqrt(x))
        spread = np.sqrt(s**2 + tau2)
        return LimitSet(
            ll95=1 - (Z95 * spread),
            ul95=1 + (Z95 * spread),
            ll998=1 - (Z998 * spread),
            ul998=1 + (Z998 * spread),
        )
    # PR: arcsine-square-root limits, cut to [0, 1] and made monotonic
    s = 1 / (2 * np.sqrt(x))
    spread = np.sqrt((s**2) + tau2)
    centre = math.asin(math.sqrt(target))
    return LimitSet(
        ll95=_monotonic_lower(np.maximum(np.sin(centre - Z95 * spread) ** 2, 0.0)),
        ul95=_monotonic_upper(np.minimum(np.sin(centre + Z95 * spread) ** 2, 1.0)),
        ll998=_monotonic_lower(np.maximum(np.sin(centre - Z998 * spread) ** 2, 0.0)),
        ul998=_monotonic_upper(np.minimum(np.sin(centre + Z998 * spread) ** 2, 1.0)),
    )


def _monotonic_lower(ll: Array) -> Array:
    """At small n the arcsine lower limit turns back up; FunnelPlotR sets a lower limit to 0
    where it exceeds the next one (compared with the values before this step)."""
    out = ll.copy()
    out[:-1] = np.where(ll[:-1] > ll[1:], 0.0, ll[:-1])
    return out


def _monotonic_upper(ul: Array) -> Array:
    """The upper limit's twin of :func:`_monotonic_lower`: set to 1 where below the next."""
    out = ul.copy()
    out[:-1] = np.where(ul[:-1] < ul[1:], 1.0, ul[:-1])
    return out
