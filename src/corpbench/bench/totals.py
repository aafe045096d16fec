"""Function totals and respondents (data standard v1 §2).

``cost(o, y, f)`` is the sum of ``pay_cost + non_pay_cost`` over every function_costs row of
organisation o, year y and function f (all processes); ``fte`` and ``shared`` are summed the
same way. The pseudo-function ``all`` sums every function of the organisation.
"""

from __future__ import annotations

import polars as pl

from corpbench.standard import ALL_FUNCTION

#: Columns of :func:`function_totals`.
TOTALS_COLUMNS: tuple[str, ...] = ("org_code", "year", "function", "cost", "fte", "shared")

_KEYS = ["org_code", "year"]


def _sums() -> list[pl.Expr]:
    return [
        pl.col("cost").sum(),
        pl.col("fte").sum(),
        pl.col("shared").sum(),
        pl.col("_shared_n").sum(),
    ]


def function_totals(function_costs: pl.DataFrame) -> pl.DataFrame:
    """Cost, FTE and shared cost per (org_code, year, function), plus ``function = "all"``.

    ``cost`` = Σ (pay_cost + non_pay_cost), ``fte`` = Σ fte and ``shared`` = Σ of the non-null
    shared_cost values (null when every row's shared_cost is null). The ``all`` row of an
    organisation and year sums its function rows. Sorted by (org_code, year, function).

    The rows are summed in key order (org_code, year, function, process), so the figures are
    bit-identical whatever order the rows come in, and identical returns give identical figures.
    """
    keys = [*_KEYS, "function"]
    rows = function_costs.select(
        *keys,
        "process",
        (pl.col("pay_cost") + pl.col("non_pay_cost")).alias("cost"),
        pl.col("fte"),
        pl.col("shared_cost").alias("shared"),
        pl.col("shared_cost").is_not_null().cast(pl.Int64).alias("_shared_n"),
    )
    if not in_key_order(rows, [*keys, "process"]):
        rows = rows.sort([*keys, "process"])
    rows = rows.drop("process")
    per_function = rows.group_by(keys, maintain_order=True).agg(_sums()).with_row_index("_position")
    # the `all` row goes just before the first function that sorts after "all" in its block
    per_org = per_function.group_by(_KEYS, maintain_order=True).agg(
        *_sums(),
        (
            pl.col("_position").first() + (pl.col("function") < ALL_FUNCTION).sum() - pl.lit(0.5)
        ).alias("_position"),
        pl.lit(ALL_FUNCTION, dtype=pl.String).alias("function"),
    )
    columns = [*keys, "cost", "fte", "shared", "_shared_n", "_position"]
    return (
        pl.concat(
            [
                per_function.select(columns).with_columns(pl.col("_position").cast(pl.Float64)),
                per_org.select(columns).with_columns(pl.col("_position").cast(pl.Float64)),
            ]
        )
        .sort("_position")
        .with_columns(
            pl.col("cost", "fte").cast(pl.Float64),
            pl.when(pl.col("_shared_n") > 0)
            .then(pl.col("shared"))
            .otherwise(None)
            .cast(pl.Float64)
            .alias("shared"),
        )
        .select(TOTALS_COLUMNS)
    )


def in_key_order(df: pl.DataFrame, keys: list[str]) -> bool:
    """True when the rows of ``df`` are already in the order ``df.sort(keys)`` gives (ascending,
    nulls first; rows with equal keys may be in any order), checked in one pass comparing each
    row with the one before: sorting is then a no-op and can be skipped."""
    if df.height < 2:
        return True
    in_order: pl.Expr | None = None
    for k in reversed(keys):
        cur, prev = pl.col(k), pl.col(k).shift(1)
        before = (prev < cur) | (prev.is_null() & cur.is_not_null())
        same = (prev == cur) | (prev.is_null() & cur.is_null())
        in_order = (before | same) if in_order is None else (before | (same & in_order))
    assert in_order is not None
    return bool(df.select(in_order.fill_null(False).slice(1).all()).item())


def respondents(function_costs: pl.DataFrame) -> pl.DataFrame:
    """The (org_code, year) pairs that responded: at least one function_costs row that year.

    Sorted by (org_code, year).
    """
    return function_costs.select(_KEYS).unique().sort(_KEYS)
