"""Exact peer statistics of data standard v1 §2, on ``Fraction`` values (no numpy, no polars)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

Q1, MEDIAN, Q3 = Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)


def quantile7(values: Sequence[Fraction], p: Fraction) -> Fraction:
    """Hyndman–Fan type 7: position h = (n − 1)·p (0-based) in the sorted values, then linear
    interpolation x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])."""
    xs = sorted(values)
    if not xs:
        raise ValueError("quantile of no values")
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    frac = h - lo
    if lo + 1 >= len(xs):
        return xs[lo]
    return xs[lo] + frac * (xs[lo + 1] - xs[lo])


def mean(values: Sequence[Fraction]) -> Fraction:
    """The arithmetic mean."""
    if not values:
        raise ValueError("mean of no values")
    return sum(values, Fraction(0)) / len(values)


def iqm(values: Sequence[Fraction]) -> Fraction:
    """The interquartile mean: k = ⌊0.25·n⌋ values removed from each end of the sorted values,
    mean of the remaining n − 2k (nothing removed for n < 4, since ⌊0.25·n⌋ = 0 there)."""
    xs = sorted(values)
    k = math.floor(Fraction(len(xs), 4))
    return mean(xs[k : len(xs) - k])


def describe(values: Sequence[Fraction]) -> dict[str, Fraction | int]:
    """n, mean, median, q1, q3, iqm, min and max of a non-empty list of values."""
    xs = sorted(values)
    return {
        "n": len(xs),
        "mean": mean(xs),
        "median": quantile7(xs, MEDIAN),
        "q1": quantile7(xs, Q1),
        "q3": quantile7(xs, Q3),
        "iqm": iqm(xs),
        "min": xs[0],
        "max": xs[-1],
    }
