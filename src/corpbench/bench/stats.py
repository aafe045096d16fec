"""Peer-group statistics of a KPI (data standard v1 §2 "Statistics").

Over the organisations of a group with the KPI defined, values x₁ ≤ … ≤ xₙ:

- ``n``, ``mean``, ``min``, ``max``;
- ``median``, ``q1``, ``q3``: Hyndman–Fan type 7 quantiles (position h = (n − 1)·p, linear
  interpolation between the closest ranks; NumPy's default, polars ``interpolation="linear"``);
- ``iqm``, the interquartile mean: k = ⌊n/4⌋ values removed from each end and the remaining
  n − 2k averaged (``scipy.stats.trim_mean(x, 0.25)``); nothing is removed when n < 4.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl

#: Columns of :func:`peer_stats`.
STATS_COLUMNS: tuple[str, ...] = (
    "group",
    "year",
    "function",
    "kpi",
    "n",
    "mean",
    "median",
    "q1",
    "q3",
    "iqm",
    "min",
    "max",
)

_KEYS = ["group", "year", "function", "kpi"]


def quantile7(values: Sequence[float], p: float) -> float:
    """The type-7 quantile ``p`` (0 ≤ p ≤ 1) of ``values``, computed by the standard's formula.

    A scalar reference implementation; raises ``ValueError`` for no values or p outside [0, 1].
    """
    if not values:
        raise ValueError("A quantile needs at least one value.")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"A quantile level must be between 0 and 1, not {p}.")
    x = sorted(values)
    h = (len(x) - 1) * p
    lo = math.floor(h)
    if lo + 1 >= len(x):
        return float(x[lo])
    return float(x[lo] + (h - lo) * (x[lo + 1] - x[lo]))


def interquartile_mean(values: Sequence[float]) -> float:
    """The interquartile mean of ``values``: the mean after removing k = ⌊n/4⌋ values from each
    end of the sorted values (nothing removed when n < 4). Raises ``ValueError`` for no values."""
    if not values:
        raise ValueError("An interquartile mean needs at least one value.")
    x = sorted(values)
    k = len(x) // 4
    kept = x[k : len(x) - k]
    return math.fsum(kept) / len(kept)


def quantile7_of_sorted(values: pl.Expr, n: pl.Expr, p: float) -> pl.Expr:
    """The type-7 quantile ``p`` of each sorted list ``values`` of length ``n`` (as Int64): the
    expression every peer quantile is computed with, so that other callers get the same bits."""
    h = (n - 1) * p
    lo = h.floor().cast(pl.Int64)
    hi = pl.min_horizontal(lo + 1, n - 1)
    low = values.list.get(lo)
    return low + (h - lo) * (values.list.get(hi) - low)


def membership_keys(groups: pl.DataFrame) -> list[str]:
    """The columns a KPI row joins a group membership table on: ``org_code``, and ``year``
    when the membership is per year."""
    return ["org_code", "year"] if "year" in groups.columns else ["org_code"]


def peer_stats(kpis: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """The statistics of every KPI over every peer group, year and function (and ``all``):
    ``group, year, function, kpi, n, mean, median, q1, q3, iqm, min, max``.

    ``kpis`` is the long table of :func:`corpbench.bench.kpis.compute_kpis` (defined values
    only) and ``groups`` the ``org_code, group`` table of
    :func:`corpbench.bench.groups.peer_groups`, or an ``org_code, year, group`` table whose
    membership differs by year (:func:`corpbench.bench.similar.similar_members`); an
    organisation may be in several groups. Only groups with n ≥ 1 have a row. Sorted by
    (group, year, function, kpi).

    Each group's values are sorted once; every statistic is read from the sorted list (so the
    figures do not depend on the row order either).
    """
    lists = (
        kpis.join(groups, on=membership_keys(groups), how="inner")
        .group_by(_KEYS)
        .agg(pl.col("value").sort().alias("_values"))
    )
    values = pl.col("_values")
    n = values.list.len().cast(pl.Int64)
    k = n // 4
    return lists.select(
        *_KEYS,
        n.alias("n"),
        values.list.mean().alias("mean"),
        quantile7_of_sorted(values, n, 0.5).alias("median"),
        quantile7_of_sorted(values, n, 0.25).alias("q1"),
        quantile7_of_sorted(values, n, 0.75).alias("q3"),
        values.list.slice(k, n - 2 * k).list.mean().alias("iqm"),
        values.list.first().alias("min"),
        values.list.last().alias("max"),
    ).sort(_KEYS)
