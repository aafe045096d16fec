"""Trends of a footprint or the nation: each function's cost and % of turnover year by year,
across every stored year and across rounds where the functions match (docs/figures.md
"Trends").

For a scope (a set of organisations, or every organisation for the nation), function f and
year y, over the organisations of the scope that returned f in y (``organisations``):

- ``cost`` = Σ cost(o, y, f) (data standard §2, as returned, not extrapolated);
- ``turnover`` = Σ turnover(o, y) over those of them with a turnover above 0;
- ``pct_turnover`` = 100 × Σ cost(o, y, f) over those same organisations / ``turnover``
  (undefined when none has a turnover).

Each year belongs to a round (its round definition, or none). A function is shown in a year
only when the year's round has it (``all``, the whole organisation, always). Where the round
changes between two consecutive stored years the series break: every function starts a new
``segment`` there (``break_before``), so a chart never joins years of different rounds, and
:func:`round_breaks` says what changed: the functions the new round adds, drops, and those it
defines differently (another title or processes; ``all`` when the set of functions changed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

import polars as pl

from corpbench.bench.arith import divide
from corpbench.standard import ALL_FUNCTION
from corpbench.standard.rounds import RoundDefinition

#: Columns of :func:`scope_trend`.
TREND_COLUMNS: tuple[str, ...] = (
    "function",
    "year",
    "round",
    "organisations",
    "cost",
    "turnover",
    "pct_turnover",
    "segment",
    "break_before",
)

#: Columns of :func:`round_breaks`.
BREAK_COLUMNS: tuple[str, ...] = (
    "year",
    "previous_year",
    "from_round",
    "to_round",
    "added",
    "dropped",
    "redefined",
)

#: The round of each year (None: no round names the year).
YearRounds = Mapping[str, RoundDefinition | None]


def _name(definition: RoundDefinition | None) -> str | None:
    return None if definition is None else definition.name


def _functions(definition: RoundDefinition) -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    """Each function of a round with what defines it: its title and processes."""
    return {
        f.code: (f.label, tuple(sorted((p, str(c)) for p, c in f.processes.items())))
        for f in definition.functions
    }


def round_breaks(years: Sequence[str], rounds: YearRounds) -> pl.DataFrame:
    """One row per pair of consecutive ``years`` (sorted) whose rounds differ:
    :data:`BREAK_COLUMNS`, ``added``, ``dropped`` and ``redefined`` being sorted lists of
    function codes (empty when either round is unknown)."""
    ordered = sorted(set(years))
    rows = []
    for before, year in pairwise(ordered):
        old, new = rounds.get(before), rounds.get(year)
        if _name(old) == _name(new):
            continue
        added: list[str] = []
        dropped: list[str] = []
        redefined: list[str] = []
        if old is not None and new is not None:
            was, now = _functions(old), _functions(new)
            added = sorted(set(now) - set(was))
            dropped = sorted(set(was) - set(now))
            redefined = sorted(f for f in set(was) & set(now) if was[f] != now[f])
            if added or dropped:
                redefined = [ALL_FUNCTION, *redefined]
        rows.append((year, before, _name(old), _name(new), added, dropped, redefined))
    return pl.DataFrame(
        rows,
        schema={
            "year": pl.String,
            "previous_year": pl.String,
            "from_round": pl.String,
            "to_round": pl.String,
            "added": pl.List(pl.String),
            "dropped": pl.List(pl.String),
            "redefined": pl.List(pl.String),
        },
        orient="row",
    )


def scope_trend(
    totals: pl.DataFrame,
    finance: pl.DataFrame,
    rounds: YearRounds,
    members: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The trend of the organisations ``members`` (None: every organisation) from the
    function ``totals`` and ``finance`` tables: :data:`TREND_COLUMNS`, one row per function
    and year the scope has a return for and the year's round has the function, sorted by
    function and year (see the module docstring)."""
    rows = totals.select("org_code", "year", "function", "cost")
    if members is not None:
        rows = rows.filter(pl.col("org_code").is_in(sorted(set(members))))
    turnover = finance.select(
        "org_code", "year", pl.col("turnover").cast(pl.Float64).alias("_turnover")
    )
    rows = rows.join(turnover, on=["org_code", "year"], how="left")
    with_turnover = pl.col("_turnover").is_not_null() & (pl.col("_turnover") > 0)
    summed = rows.group_by("function", "year").agg(
        pl.col("org_code").n_unique().cast(pl.Int64).alias("organisations"),
        pl.col("cost").cast(pl.Float64).sort().sum().alias("cost"),
        pl.col("cost").cast(pl.Float64).filter(with_turnover).sort().sum().alias("_cost_t"),
        pl.col("_turnover").filter(with_turnover).sort().sum().alias("turnover"),
        with_turnover.any().alias("_any_turnover"),
    )
    # a function only in the years whose round has it (any function in a year of no round)
    bound = {y: d for y, d in rounds.items() if d is not None}
    allowed = pl.DataFrame(
        [(y, f) for y, d in bound.items() for f in (*d.function_codes, ALL_FUNCTION)],
        schema={"year": pl.String, "function": pl.String},
        orient="row",
    )
    summed = pl.concat(
        [
            summed.filter(~pl.col("year").is_in(sorted(bound))),
            summed.join(allowed, on=["year", "function"], how="semi"),
        ]
    )
    # a new segment where the round differs from the previous stored year's of the scope
    years = sorted(set(summed["year"].to_list()))
    starts = set(round_breaks(years, rounds)["year"].to_list())
    per_year = pl.DataFrame(
        {
            "year": years,
            "round": [_name(rounds.get(y)) for y in years],
            "segment": [sum(1 for s in starts if s <= y) for y in years],
            "break_before": [y in starts for y in years],
        },
        schema={
            "year": pl.String,
            "round": pl.String,
            "segment": pl.Int64,
            "break_before": pl.Boolean,
        },
    )
    defined = pl.col("_any_turnover")
    return (
        summed.join(per_year, on="year", how="left")
        .with_columns(pl.when(defined).then(pl.col("turnover")).otherwise(None).alias("turnover"))
        .with_columns(
            pl.when(defined)
            .then(divide(100.0 * pl.col("_cost_t"), pl.col("turnover")))
            .otherwise(None)
            .alias("pct_turnover")
        )
        .sort("function", "year")
        .select(TREND_COLUMNS)
    )
