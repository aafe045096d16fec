"""Function totals and respondents (data standard v1 §2).

``cost(o, y, f)`` is the sum of ``pay_cost + non_pay_cost`` over every function_costs row of
organisation o, year y and function f (all processes); ``fte`` and ``shared`` are summed the
same way. The pseudo-function ``all`` sums every function of the organisation.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from corpbench.standard import ALL_FUNCTION

#: Columns of :func:`function_totals`.
TOTALS_COLUMNS: tuple[str, ...] = ("org_code", "year", "function", "cost", "fte", "shared")

_KEYS = ["org_code", "year"]
_FUNCTION_KEYS = [*_KEYS, "function"]
_ORDER_KEYS = [*_FUNCTION_KEYS, "process"]


def _same_as_previous(column: str) -> pl.Expr:
    """True where the row's ``column`` equals the previous row's (two nulls are equal)."""
    return pl.col(column).eq_missing(pl.col(column).shift(1))


def _in_order_after_previous(keys: list[str]) -> pl.Expr:
    """Per row: its ``keys`` sort (ascending, nulls first) at or after the previous row's; null
    or meaningless on the first row."""
    cur, prev = pl.col(keys[-1]), pl.col(keys[-1]).shift(1)
    in_order = (prev <= cur) | prev.is_null()
    for k in reversed(keys[:-1]):
        cur, prev = pl.col(k), pl.col(k).shift(1)
        before = (prev < cur) | (prev.is_null() & cur.is_not_null())
        in_order = before | (_same_as_previous(k) & in_order)
    # only and/or of comparisons that are null where a null key makes them false: a null left
    # means false
    return in_order.fill_null(False)


def _runs(rows: pl.DataFrame) -> pl.DataFrame:
    """Per row: ``_new_function`` (first row of an (org_code, year, function) run of consecutive
    rows), ``_new_block`` (first row of an (org_code, year) run) and ``_process_in_order`` (not
    the first of its function run, its process sorts at or after the previous row's)."""
    same = rows.select(
        *(_same_as_previous(k).alias(k) for k in _FUNCTION_KEYS),
        (pl.int_range(pl.len()) == 0).alias("_first"),
        _in_order_after_previous(["process"]).alias("_process_in_order"),
    )
    return same.select(
        (~(pl.col("org_code") & pl.col("year") & pl.col("function")) | pl.col("_first")).alias(
            "_new_function"
        ),
        (~(pl.col("org_code") & pl.col("year")) | pl.col("_first")).alias("_new_block"),
        "_process_in_order",
    )


def _run_sums(frame: pl.DataFrame, starts: npt.NDArray[np.int64]) -> list[pl.Series]:
    """The sum of each column of ``frame`` over each run of consecutive rows, the runs starting
    at the rows ``starts`` (ascending, the first 0): polars' group sum, grouped by run number."""
    run = np.zeros(frame.height, dtype=np.int64)
    run[starts[1:]] = 1
    sums = (
        frame.with_columns(pl.Series("_run", np.cumsum(run)))
        .group_by("_run", maintain_order=True)
        .agg(pl.exclude("_run").sum())
    )
    return [sums[name] for name in frame.columns]


def _run_counts(
    values: npt.NDArray[np.integer], starts: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The integer sums of ``values`` over the runs starting at the rows ``starts``."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.add.reduceat(values.astype(np.int64), starts)


def _finish(sums: pl.DataFrame) -> pl.DataFrame:
    """``cost`` and ``fte`` as Float64 and ``shared`` (if summed) too, null where no row had a
    shared cost (``_shared_n`` is 0)."""
    sums = sums.with_columns(pl.col("cost", "fte").cast(pl.Float64))
    if "shared" not in sums.columns:
        return sums
    return sums.with_columns(
        pl.when(pl.col("_shared_n") > 0)
        .then(pl.col("shared"))
        .otherwise(None)
        .cast(pl.Float64)
        .alias("shared")
    ).drop("_shared_n")


def totals_by_level(
    function_costs: pl.DataFrame, *, shared: bool = True
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows of :func:`function_totals` in two tables, for callers that do not need them
    interleaved: per function ``org_code, year, function, cost, fte, shared, _block`` and per
    organisation and year (the ``all`` rows) ``org_code, year, cost, fte, shared, _first,
    _before``, each sorted by its key. ``_block`` is the row of the second table a function row
    belongs to; in the interleaved order the ``all`` row comes after the ``_before`` function
    rows of its block, which start at row ``_first`` of the first table. ``shared=False`` leaves
    out the shared cost (one sum less, for callers that do not use it).

    The rows are summed in key order (org_code, year, function, process), so the figures are
    bit-identical whatever order the rows come in, and identical returns give identical figures.

    How: in key order the rows of a function are consecutive, so one pass comparing each row
    with the one before both checks the order (a sort is needed only when it fails) and finds
    where each function's run of rows starts; polars sums each run (grouped by run number, one
    integer instead of three key strings), and the ``all`` rows sum the function totals of
    each (org_code, year) run the same way.
    """
    measures = {
        "cost": pl.col("pay_cost") + pl.col("non_pay_cost"),
        "fte": pl.col("fte"),
        "shared": pl.col("shared_cost"),
    }
    sums = list(measures) if shared else ["cost", "fte"]
    rows = function_costs.select(*_ORDER_KEYS, *(measures[m].alias(m) for m in sums))
    runs = _runs(rows)
    new_function = runs["_new_function"]
    function_keys = rows.select(_FUNCTION_KEYS).filter(new_function)
    # in key order when the process goes up within every function run and the runs' keys go up
    in_order = (new_function | runs["_process_in_order"]).all() and in_key_order(
        function_keys, _FUNCTION_KEYS
    )
    if not in_order:
        rows = rows.sort(_ORDER_KEYS)
        runs = _runs(rows)
        new_function = runs["_new_function"]
        function_keys = rows.select(_FUNCTION_KEYS).filter(new_function)
    # per function run: its keys, sums, number of shared costs and its (org_code, year) block
    starts = np.flatnonzero(new_function.to_numpy())
    new_block = runs["_new_block"].filter(new_function)
    per_function = function_keys.with_columns(
        *_run_sums(rows.select(sums), starts),
        (new_block.cum_sum() - 1).alias("_block"),
    )
    if shared:
        counts = _run_counts(rows["shared"].is_not_null().to_numpy(), starts)
        per_function = per_function.with_columns(pl.Series("_shared_n", counts))
    # per block: the sums of its functions' sums, where its functions start and how many of
    # them sort before "all"
    blocks = np.flatnonzero(new_block.to_numpy())
    before = (per_function["function"] < ALL_FUNCTION).fill_null(False).to_numpy()
    per_org = per_function.select("org_code", "year")[blocks].with_columns(
        *_run_sums(per_function.select(sums), blocks),
        pl.Series("_first", blocks, dtype=pl.UInt32),
        pl.Series("_before", _run_counts(before, blocks)),
    )
    if shared:
        counts = _run_counts(per_function["_shared_n"].to_numpy(), blocks)
        per_org = per_org.with_columns(pl.Series("_shared_n", counts))
    return _finish(per_function), _finish(per_org)


def function_totals(function_costs: pl.DataFrame) -> pl.DataFrame:
    """Cost, FTE and shared cost per (org_code, year, function), plus ``function = "all"``.

    ``cost`` = Σ (pay_cost + non_pay_cost), ``fte`` = Σ fte and ``shared`` = Σ of the non-null
    shared_cost values (null when every row's shared_cost is null). The ``all`` row of an
    organisation and year sums its function rows. Sorted by (org_code, year, function).

    The rows are summed in key order (org_code, year, function, process), so the figures are
    bit-identical whatever order the rows come in, and identical returns give identical figures
    (see :func:`totals_by_level`).
    """
    return interleave_levels(*totals_by_level(function_costs))


def interleave_levels(per_function: pl.DataFrame, per_org: pl.DataFrame) -> pl.DataFrame:
    """The two tables of :func:`totals_by_level` as the one table of :func:`function_totals`."""
    # the `all` row goes just before the first function that sorts after "all" in its block
    return (
        pl.concat(
            [
                per_function.with_row_index("_position").select(
                    *TOTALS_COLUMNS, pl.col("_position").cast(pl.Float64)
                ),
                per_org.select(
                    "org_code",
                    "year",
                    pl.lit(ALL_FUNCTION, dtype=pl.String).alias("function"),
                    "cost",
                    "fte",
                    "shared",
                    (pl.col("_first") + pl.col("_before") - pl.lit(0.5)).alias("_position"),
                ),
            ]
        )
        .sort("_position")
        .drop("_position")
    )


def in_key_order(df: pl.DataFrame, keys: list[str]) -> bool:
    """True when the rows of ``df`` are already in the order ``df.sort(keys)`` gives (ascending,
    nulls first; rows with equal keys may be in any order), checked in one pass comparing each
    row with the one before: sorting is then a no-op and can be skipped."""
    if df.height < 2:
        return True
    return bool(df.select(_in_order_after_previous(keys).slice(1).all()).item())


def respondents(function_costs: pl.DataFrame) -> pl.DataFrame:
    """The (org_code, year) pairs that responded: at least one function_costs row that year.

    Sorted by (org_code, year).
    """
    return function_costs.select(_KEYS).unique().sort(_KEYS)
