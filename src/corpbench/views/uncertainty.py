"""The 95% intervals on savings as people read them (docs figures.md "Intervals on savings").

Tables read from the engine's :meth:`corpbench.bench.engine.Benchmark.uncertainty` (the rows of
``corpbench export uncertainty``), nothing computed: the national saving with its interval, one
row per organisation type and per function, and one organisation's total saving with its
interval. Intervals exist for the peer methods under the default grouping (by organisation
type); for another method or grouping the view says why there is none.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.bench.groups import DEFAULT_GROUPING
from corpbench.bench.methods import Method
from corpbench.bench.uncertainty import DEFAULT_DRAWS
from corpbench.views.common import order_key
from corpbench.views.labels import function_label, method_label, org_type_label

#: Columns of :attr:`NationalIntervals.by_type` and :attr:`NationalIntervals.by_function`.
INTERVAL_COLUMNS: tuple[str, ...] = ("key", "label", "estimate", "low", "high")

#: What an interval means, in one sentence for people (pages, the board PDF, the workbook).
MEANING = (
    "The 95% interval is the range the saving falls in when the peer target is worked out "
    "again from {draws:,} random redraws of the organisations that responded: it is wide "
    "when a type has few respondents or their costs are spread, and it measures how uncertain "
    "the peer target is, not the organisation's own costs."
)

#: The assumption behind every extrapolated figure, said beside national intervals.
NON_RESPONDENTS = (
    "Figures for the whole country assume that organisations that did not respond spend like "
    "those of their type that did; the interval does not cover how they might differ."
)


@dataclass(frozen=True)
class Interval:
    """An estimate (the ordinary figure) with the ends of its 95% interval, £."""

    estimate: float
    low: float
    high: float


def no_interval_reason(method: Method, grouping: str = DEFAULT_GROUPING) -> str | None:
    """Why savings under ``method`` and ``grouping`` have no interval (None: they have one)."""
    if not method.is_peer:
        return (
            f"{method_label(str(method))} sets a fixed target that does not depend on who "
            "responded, so its savings have no interval."
        )
    if grouping != DEFAULT_GROUPING:
        return "Intervals are worked out for peers by organisation type only."
    return None


def meaning(draws: int = DEFAULT_DRAWS) -> str:
    """:data:`MEANING` for ``draws`` redraws."""
    return MEANING.format(draws=draws)


@dataclass(frozen=True)
class NationalIntervals:
    """The national saving of ``year`` under ``method`` with its interval (``None`` with a
    ``reason`` when the method has none), and :data:`INTERVAL_COLUMNS` per type and function
    (types with respondents; functions in standard order)."""

    year: str
    method: str
    reason: str | None
    national: Interval | None
    by_type: pl.DataFrame
    by_function: pl.DataFrame


def _level(table: pl.DataFrame, level: str) -> pl.DataFrame:
    return table.filter(pl.col("level") == level).select("key", "estimate", "low", "high")


def national_intervals(
    engine: Benchmark, year: str, method: str | Method, *, draws: int = DEFAULT_DRAWS
) -> NationalIntervals:
    """The national page's intervals (see :class:`NationalIntervals`)."""
    parsed = engine.method(method)
    empty = pl.DataFrame(schema=dict.fromkeys(INTERVAL_COLUMNS, pl.Float64)).cast(
        {"key": pl.String, "label": pl.String}
    )
    reason = no_interval_reason(parsed)
    if reason is not None:
        return NationalIntervals(year, str(parsed), reason, None, empty, empty)
    table = engine.uncertainty(parsed, year, draws=draws)
    national = _level(table, "all")
    types = _level(table, "org_type").with_columns(
        pl.col("key").map_elements(org_type_label, return_dtype=pl.String).alias("label")
    )
    functions = _level(table, "function")
    order = order_key(functions["key"].to_list()).rename({"function": "key"})
    functions = (
        functions.join(order, on="key", how="left")
        .sort("_order")
        .with_columns(
            pl.col("key").map_elements(function_label, return_dtype=pl.String).alias("label")
        )
    )
    return NationalIntervals(
        year=year,
        method=str(parsed),
        reason=None,
        national=Interval(*national.row(0)[1:]) if national.height else None,
        by_type=types.select(INTERVAL_COLUMNS),
        by_function=functions.select(INTERVAL_COLUMNS),
    )


def organisation_interval(
    engine: Benchmark,
    code: str,
    year: str,
    method: str | Method,
    grouping: str = DEFAULT_GROUPING,
    *,
    draws: int = DEFAULT_DRAWS,
) -> Interval | None:
    """Organisation ``code``'s total saving in ``year`` under ``method`` with its interval, or
    None (no interval for the method or grouping: :func:`no_interval_reason`; no saving)."""
    parsed = engine.method(method)
    if no_interval_reason(parsed, grouping) is not None:
        return None
    found = engine.organisation_uncertainty(code, parsed, year, draws=draws)
    return None if found is None else Interval(*found)


def with_intervals(
    engine: Benchmark,
    year: str,
    method: str | Method,
    summary: pl.DataFrame,
    by_function: pl.DataFrame,
    *,
    draws: int = DEFAULT_DRAWS,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The national ``summary`` (per ``org_type``, ``all`` included) and ``by_function`` of
    ``year`` with ``low`` and ``high`` columns: the ends of the 95% interval of each row's
    extrapolated saving (null for a method without intervals, or a row without a saving)."""
    parsed = engine.method(method)
    keys = {"org_type": ("org_type", "all"), "function": ("function",)}
    if no_interval_reason(parsed) is not None:
        table = pl.DataFrame(
            schema={"level": pl.String, "key": pl.String, "low": pl.Float64, "high": pl.Float64}
        )
    else:
        table = engine.uncertainty(parsed, year, draws=draws).select("level", "key", "low", "high")
    out = []
    for frame, column in ((summary, "org_type"), (by_function, "function")):
        ends = (
            table.filter(pl.col("level").is_in(keys[column]))
            .select(pl.col("key").alias(column), "low", "high")
            .unique(column)
        )
        out.append(frame.join(ends, on=column, how="left", maintain_order="left"))
    return out[0], out[1]


__all__ = [
    "INTERVAL_COLUMNS",
    "MEANING",
    "NON_RESPONDENTS",
    "Interval",
    "NationalIntervals",
    "meaning",
    "national_intervals",
    "no_interval_reason",
    "organisation_interval",
    "with_intervals",
]
