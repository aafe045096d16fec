"""Division that is correctly rounded in every case.

polars (2.1) divides a column by a scalar — a literal, or a column it holds as one constant
value, as it may after a join — by multiplying with the reciprocal: 3e8 / 2.5e8 then gives
1.2000000000000002 instead of 1.2, and about one quotient in seven is one unit in the last place
off. The data standard's figures are plain IEEE divisions (what Python, NumPy or a spreadsheet
computes), so every division of a figure goes through :func:`divide`, which NumPy carries out
element by element.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl


def _divide(series: Sequence[pl.Series]) -> pl.Series:
    numerator, denominator = (s.cast(pl.Float64).to_numpy() for s in series)
    with np.errstate(divide="ignore", invalid="ignore"):
        quotient = np.divide(numerator, denominator)
    # nulls became NaN on the way to NumPy; they come back as nulls (callers guard zeros)
    return pl.Series(quotient, dtype=pl.Float64).fill_nan(None)


def divide(numerator: pl.Expr, denominator: pl.Expr | float) -> pl.Expr:
    """``numerator / denominator``, correctly rounded; null where either side is null.

    For use in ``select`` and ``with_columns`` (not inside a group-by aggregation).
    """
    if not isinstance(denominator, pl.Expr):
        denominator = pl.lit(float(denominator), dtype=pl.Float64)
    return pl.map_batches([numerator, denominator], _divide, return_dtype=pl.Float64)
