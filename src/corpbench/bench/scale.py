"""Economies of scale (programme methods §6).

Per function (``all`` included) and year, over the organisations that responded with a cost
above 0 (and a turnover, which the standard requires above 0): ordinary least squares of
ln(cost) on ln(turnover), cost = a · turnover^β. With x = ln T, y = ln C, n organisations,
Sxx = Σ (x − x̄)², Sxy = Σ (x − x̄)(y − ȳ), SST = Σ (y − ȳ)²:

- β = Sxy / Sxx, ln a = ȳ − β x̄;
- SSR = Σ (y − ln a − β x)², R² = 1 − SSR / SST (null when SST = 0);
- the 95% confidence interval β ± t(0.975, n − 2) · √(SSR / (n − 2) / Sxx), Student's t with
  n − 2 degrees of freedom (null when n < 3).

A fit needs n ≥ 2 organisations of different turnovers (no row otherwise). β < 1: larger
organisations spend a smaller share of their turnover — the evidence for sharing. Each
organisation's **size-adjusted ratio** = cost / (a · turnover^β); a consortium's **scale
saving** = Σ_i a · T_i^β − a · (Σ_i T_i)^β.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import polars as pl
from scipy import stats as scipy_stats

#: Columns of :func:`scale_fits`.
SCALE_COLUMNS: tuple[str, ...] = (
    "function",
    "year",
    "n",
    "a",
    "beta",
    "beta_low",
    "beta_high",
    "r_squared",
)

#: Columns of :func:`size_adjusted`.
SIZE_ADJUSTED_COLUMNS: tuple[str, ...] = (
    "org_code",
    "year",
    "function",
    "cost",
    "turnover",
    "expected",
    "ratio",
)

CONFIDENCE = 0.95


def fit(turnover: Iterable[float], cost: Iterable[float]) -> dict[str, float | int | None] | None:
    """The fit of cost = a · turnover^β over pairs with cost > 0 and turnover > 0 (see the
    module docstring): ``n, a, beta, beta_low, beta_high, r_squared``; ``None`` when fewer
    than two pairs or their turnovers are all equal."""
    pairs = [(t, c) for t, c in zip(turnover, cost, strict=True) if c > 0 and t > 0]
    n = len(pairs)
    if n < 2:
        return None
    x = np.log(np.array([t for t, _ in pairs], dtype=np.float64))
    y = np.log(np.array([c for _, c in pairs], dtype=np.float64))
    xc, yc = x - x.mean(), y - y.mean()
    sxx = float(xc @ xc)
    if sxx <= 0:
        return None
    beta = float(xc @ yc) / sxx
    log_a = float(y.mean()) - beta * float(x.mean())
    resid = y - log_a - beta * x
    ssr = float(resid @ resid)
    sst = float(yc @ yc)
    low = high = None
    if n >= 3:
        half = float(scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, n - 2)) * math.sqrt(
            ssr / (n - 2) / sxx
        )
        low, high = beta - half, beta + half
    return {
        "n": n,
        "a": math.exp(log_a),
        "beta": beta,
        "beta_low": low,
        "beta_high": high,
        "r_squared": 1 - ssr / sst if sst > 0 else None,
    }


def scale_fits(totals: pl.DataFrame, finance: pl.DataFrame) -> pl.DataFrame:
    """:data:`SCALE_COLUMNS` per function and year of ``totals``
    (:func:`corpbench.bench.totals.function_totals`), sorted by function and year."""
    rows = (
        totals.select("org_code", "year", "function", "cost")
        .join(finance.select("org_code", "year", "turnover"), on=["org_code", "year"])
        .sort("function", "year", "org_code")
        .group_by("function", "year", maintain_order=True)
        .agg("turnover", "cost")
    )
    out = []
    for function, year, turnover, cost in rows.iter_rows():
        result = fit(turnover, cost)
        if result is not None:
            out.append({"function": function, "year": year, **result})
    schema = {
        "function": pl.String,
        "year": pl.String,
        "n": pl.Int64,
        **{c: pl.Float64 for c in SCALE_COLUMNS[3:]},
    }
    return pl.DataFrame(out, schema=schema, orient="row").select(SCALE_COLUMNS)


def expected_cost(a: float, beta: float, turnover: float) -> float:
    """a · turnover^β: the cost the fit expects of an organisation of this turnover."""
    return float(a * turnover**beta)


def size_adjusted(totals: pl.DataFrame, finance: pl.DataFrame, fits: pl.DataFrame) -> pl.DataFrame:
    """:data:`SIZE_ADJUSTED_COLUMNS`: each organisation's cost against the cost its fit
    expects of its turnover, ``ratio`` = cost / (a · turnover^β), for every (organisation, year,
    function) with a cost above 0 and a fit; sorted by org_code, year, function."""
    return (
        totals.filter(pl.col("cost") > 0)
        .select("org_code", "year", "function", "cost")
        .join(finance.select("org_code", "year", "turnover"), on=["org_code", "year"])
        .join(fits.select("function", "year", "a", "beta"), on=["function", "year"])
        .with_columns(
            (pl.col("a") * pl.col("turnover").cast(pl.Float64).pow(pl.col("beta"))).alias(
                "expected"
            )
        )
        .with_columns((pl.col("cost") / pl.col("expected")).alias("ratio"))
        .sort("org_code", "year", "function")
        .select(SIZE_ADJUSTED_COLUMNS)
    )


def scale_saving(a: float, beta: float, turnovers: Iterable[float]) -> float:
    """Σ_i a · T_i^β − a · (Σ_i T_i)^β: what one combined service saves on the fit's curve
    (positive when β < 1)."""
    ts = [float(t) for t in turnovers]
    if not ts:
        return 0.0
    return sum(expected_cost(a, beta, t) for t in ts) - expected_cost(a, beta, sum(ts))


#: Columns of :func:`consortium_scale`.
CONSORTIUM_SCALE_COLUMNS: tuple[str, ...] = (*SCALE_COLUMNS, "scale_saving")


def consortium_scale(fits: pl.DataFrame, year: str, turnovers: Iterable[float]) -> pl.DataFrame:
    """The fits of ``year`` (rows of :func:`scale_fits`) with the scale saving of combining
    organisations of these turnovers under each function's fit."""
    ts = [float(t) for t in turnovers]
    rows = fits.filter(pl.col("year") == year)
    savings = [scale_saving(a, b, ts) for a, b in zip(rows["a"], rows["beta"], strict=True)]
    return rows.with_columns(pl.Series("scale_saving", savings, dtype=pl.Float64)).select(
        CONSORTIUM_SCALE_COLUMNS
    )


def partners_scale(
    totals: pl.DataFrame, finance: pl.DataFrame, year: str, org_codes: Iterable[str]
) -> tuple[pl.DataFrame, list[str]]:
    """The scale fits of ``year`` (over every organisation of ``totals`` and ``finance``) with
    the scale saving of combining the organisations ``org_codes`` (:func:`consortium_scale` of
    their turnovers in ``year``), and the codes left out for want of a turnover that year. The
    one path of ``plan evaluate --scale`` and the case page."""
    codes = list(org_codes)
    fin = finance.filter((pl.col("year") == year) & pl.col("org_code").is_in(codes))
    found = dict(zip(fin["org_code"].to_list(), fin["turnover"].to_list(), strict=True))
    absent = [c for c in codes if c not in found]
    year_totals = totals.filter(pl.col("year") == year)
    return consortium_scale(scale_fits(year_totals, finance), year, found.values()), absent


#: Columns of :func:`scale_export` (``corpbench export scale``).
SCALE_EXPORT_COLUMNS: tuple[str, ...] = (
    "function",
    "year",
    "beta",
    "beta_low",
    "beta_high",
    "r2",
    "n",
)


def scale_export(fits: pl.DataFrame) -> pl.DataFrame:
    """The machine table of ``corpbench export scale`` from :func:`scale_fits`:
    :data:`SCALE_EXPORT_COLUMNS` (``r2`` = R²), sorted by function and year."""
    return fits.rename({"r_squared": "r2"}).select(SCALE_EXPORT_COLUMNS).sort("function", "year")
