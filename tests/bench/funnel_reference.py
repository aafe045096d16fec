"""An independent funnel plot, written in plain Python (``math`` only) straight from
FunnelPlotR's R code (R/funnel_plot.R, R/od_adjustment.R, R/calculate_limits.R,
R/build_limits_lookup.R, R/outliers_func.R at nhs-r-community/FunnelPlotR 9020d49), to check
``corpbench.bench.funnel`` against. No numpy, no scipy: the Poisson limits' chi-squared
quantiles are found by bisection on a regularised incomplete gamma function written here.
"""

from __future__ import annotations

import math
from typing import Any

Z95 = 1.959964
Z998 = 3.090232


def reference_funnel(
    numerator: list[float],
    denominator: list[float],
    labels: list[str],
    data_type: str = "PR",
    sr_method: str = "SHMI",
    draw_adjusted: bool = True,
    draw_unadjusted: bool = False,
    trim_by: float = 0.1,
) -> dict[str, Any]:
    """funnel_plot's figures as a dict shaped like ``machine_output``, with ``od`` and
    ``plain`` limits per unit too."""
    # aggregate_func: sum by group (first-seen order here), rr before SHMI rounding
    groups: dict[str, list[float]] = {}
    for o, e, g in zip(numerator, denominator, labels, strict=True):
        acc = groups.setdefault(g, [0.0, 0.0])
        acc[0] += o
        acc[1] += e
    names = list(groups)
    obs = [groups[g][0] for g in names]
    raw = [groups[g][1] for g in names]
    rr = [o / e for o, e in zip(obs, raw, strict=True)]
    shmi = data_type == "SR" and sr_method == "SHMI"
    den = [round(e, 2) for e in raw] if shmi else list(raw)
    target = 1.0 if data_type == "SR" else sum(obs) / sum(den)

    # transformed_zscore
    if data_type == "PR":
        tt = math.asin(math.sqrt(sum(obs) / sum(den)))
        ys = [math.asin(math.sqrt(o / e)) for o, e in zip(obs, den, strict=True)]
        ss = [1 / (2 * math.sqrt(e)) for e in den]
    elif shmi:
        tt = 0.0
        ys = [math.log(o / e) if o > 0 else -math.inf for o, e in zip(obs, den, strict=True)]
        ss = [1 / math.sqrt(e) for e in den]
    else:
        tt = 1.0
        ys = [math.sqrt(o / e) for o, e in zip(obs, den, strict=True)]
        ss = [1 / (2 * math.sqrt(e)) for e in den]
    if shmi:
        zs = [math.sqrt(e) * y for e, y in zip(den, ys, strict=True)]
    else:
        zs = [(y - tt) / s for y, s in zip(ys, ss, strict=True)]

    phi = tau2 = 0.0
    if draw_adjusted:
        if shmi:  # truncation
            k = 1 / trim_by
            n_all = len(zs)
            keep = [0 < math.floor(_avg_rank(zs, z) * k / (n_all + 1)) < k - 1 for z in zs]
            wz = [z for z, kp in zip(zs, keep, strict=True) if kp]
            ws = [s for s, kp in zip(ss, keep, strict=True) if kp]
        else:  # winsorisation
            lz, uz = _quantile7(zs, trim_by), _quantile7(zs, 1 - trim_by)
            wz = [lz if z < lz else uz if z > uz else z for z in zs]
            ws = ss
        n = len(wz)
        phi = (1 / n) * sum(z * z for z in wz)
        if n * phi < n - 1:
            tau2 = 0.0
        else:
            w = [1 / (s * s) for s in ws]
            tau2 = max(0.0, (n * phi - (n - 1)) / (sum(w) - sum(x * x for x in w) / sum(w)))
        if not draw_unadjusted and phi <= 1:
            draw_adjusted, draw_unadjusted = False, True

    # build_limits_lookup: R's seq(start, ceiling(max), length.out = 1000) + denominators
    start, stop = (1.1 if data_type == "SR" else 3.0), float(math.ceil(max(den)))
    by = (stop - start) / 999
    grid = [start] + [start + i * by for i in range(1, 999)] + [stop]
    xs = sorted(set(grid) | set(den))
    od = _limits(xs, data_type, sr_method, tau2, target, adjusted=True, need=set(den))
    plain = _limits(xs, data_type, sr_method, tau2, target, adjusted=False, need=set(den))

    units = []
    for i, g in enumerate(names):
        j = xs.index(den[i])
        a = {k: od[k][j] for k in od}
        p = {k: plain[k][j] for k in plain}
        d = a if draw_adjusted else p
        flag = draw_adjusted or draw_unadjusted
        units.append(
            {
                "label": g,
                "rr": rr[i],
                "z": zs[i] if math.isfinite(zs[i]) else None,
                **d,
                "outlier95": flag and not (d["ll95"] <= rr[i] <= d["ul95"]),
                "outlier998": flag and not (d["ll998"] <= rr[i] <= d["ul998"]),
                "od": a,
                "plain": p,
            }
        )
    return {
        "target": target,
        "phi": phi,
        "tau2": tau2,
        "draw_adjusted": draw_adjusted,
        "draw_unadjusted": draw_unadjusted,
        "n_units": len(names),
        "units": units,
    }


def _avg_rank(values: list[float], v: float) -> float:
    below = sum(1 for x in values if x < v)
    equal = sum(1 for x in values if x == v)
    return below + (equal + 1) / 2


def _quantile7(values: list[float], p: float) -> float:
    """R's quantile(type = 7): x[lo] + h (x[hi] − x[lo]) written as R writes it."""
    x = sorted(values)
    index = 1 + (len(x) - 1) * p
    lo, hi = math.floor(index), math.ceil(index)
    qs = x[lo - 1]
    if index > lo and x[hi - 1] != qs:
        h = index - lo
        qs = (1 - h) * qs + h * x[hi - 1]
    return qs


def _limits(
    xs: list[float],
    data_type: str,
    sr_method: str,
    tau2: float,
    target: float,
    adjusted: bool,
    need: set[float],
) -> dict[str, list[float]]:
    """calculate_limits over the sorted lookup x values (the slow exact Poisson limits only
    at the x values in ``need``: no later step looks at their neighbours)."""
    if not adjusted:
        tau2 = 0.0
    out: dict[str, list[float]] = {"ll95": [], "ul95": [], "ll998": [], "ul998": []}
    for x in xs:
        if data_type == "SR" and not adjusted and x not in need:
            row = (math.nan,) * 4
        elif data_type == "SR" and not adjusted:
            row = (
                target * poisson_lower(x, 0.025) / x,
                target * poisson_lower(x + 1, 0.975) / x,
                target * poisson_lower(x, 0.001) / x,
                target * poisson_lower(x + 1, 0.999) / x,
            )
        elif data_type == "SR" and sr_method == "SHMI":
            sp = math.sqrt(1 / x + tau2)
            row = (
                math.exp(-Z95 * sp),
                math.exp(Z95 * sp),
                math.exp(-Z998 * sp),
                math.exp(Z998 * sp),
            )
        elif data_type == "SR":
            sp = math.sqrt((1 / (2 * math.sqrt(x))) ** 2 + tau2)
            row = (1 - Z95 * sp, 1 + Z95 * sp, 1 - Z998 * sp, 1 + Z998 * sp)
        else:
            sp = math.sqrt((1 / (2 * math.sqrt(x))) ** 2 + tau2)
            c = math.asin(math.sqrt(target))
            row = (
                max(0.0, math.sin(c - Z95 * sp) ** 2),
                min(1.0, math.sin(c + Z95 * sp) ** 2),
                max(0.0, math.sin(c - Z998 * sp) ** 2),
                min(1.0, math.sin(c + Z998 * sp) ** 2),
            )
        for key, v in zip(out, row, strict=True):
            out[key].append(v)
    if data_type == "PR":  # the monotonic cut, against the values before it
        for key, fill, bad in (
            ("ll95", 0.0, lambda a, b: a > b),
            ("ul95", 1.0, lambda a, b: a < b),
            ("ll998", 0.0, lambda a, b: a > b),
            ("ul998", 1.0, lambda a, b: a < b),
        ):
            col = out[key]
            out[key] = [fill if bad(col[i], col[i + 1]) else col[i] for i in range(len(col) - 1)]
            out[key].append(col[-1])
    return out


def regularised_lower_gamma(a: float, x: float) -> float:
    """P(a, x) by its series (x < a + 1) or by the continued fraction of Q (Lentz)."""
    if x <= 0:
        return 0.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1 / a
        ap = a
        for _ in range(100000):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-17:
                break
        return total * math.exp(log_front)
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 100000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-17:
            break
    return 1 - math.exp(log_front) * h


def poisson_lower(a: float, p: float) -> float:
    """The x with P(a, x) = p (= qchisq(p, 2a) / 2), by bisection to the last bits."""
    lo, hi = 0.0, a + 50 * math.sqrt(a) + 50
    for _ in range(2000):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if regularised_lower_gamma(a, mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
