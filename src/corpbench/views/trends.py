"""The trend of a footprint or the nation (docs/figures.md "Trends"): each function's cost and
% of turnover year by year across every stored year, with the breaks where the round changes.

Figures are :meth:`corpbench.bench.engine.Benchmark.trend`'s and
:func:`corpbench.bench.trends.round_breaks`'s; this module adds the words: function and round
titles (a function by the title its year's round gives it) and one sentence per break.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.bench.trends import YearRounds, round_breaks
from corpbench.views.common import order_key
from corpbench.views.labels import function_label

#: Columns of :attr:`TrendView.table`.
TREND_VIEW_COLUMNS: tuple[str, ...] = (
    "function",
    "function_label",
    "year",
    "round",
    "round_title",
    "organisations",
    "cost",
    "turnover",
    "pct_turnover",
    "segment",
    "break_before",
)


@dataclass(frozen=True)
class TrendView:
    """A scope's trend: ``table`` (:data:`TREND_VIEW_COLUMNS`, functions in the standard's
    order then by year), ``breaks`` (``year, previous_year, from_round, to_round, sentence``),
    the years and the functions shown (in order, with their titles)."""

    table: pl.DataFrame
    breaks: pl.DataFrame
    years: tuple[str, ...]
    functions: tuple[tuple[str, str], ...]


def _title(rounds: YearRounds, year: str) -> str | None:
    found = rounds.get(year)
    return None if found is None else found.title


def _function_title(rounds: YearRounds, year: str, function: str) -> str:
    found = rounds.get(year)
    if found is not None:
        for f in found.functions:
            if f.code == function:
                return f.label
    return function_label(function)


def _titles(rounds: YearRounds, year: str, codes: Sequence[str]) -> str:
    return ", ".join(_function_title(rounds, year, c) for c in codes)


def _sentence(rounds: YearRounds, row: dict[str, Any]) -> str:
    year, before = str(row["year"]), str(row["previous_year"])
    new, old = _title(rounds, year), _title(rounds, before)
    text = (
        f"From {year} the round is {f'“{new}”' if new else 'none'} "
        f"(in {before}: {f'“{old}”' if old else 'none'}), so the lines break there"
    )
    parts = []
    added, dropped, redefined = row["added"], row["dropped"], row["redefined"]
    if added:
        parts.append(f"new functions: {_titles(rounds, year, added)}")
    if dropped:
        parts.append(f"functions no longer asked for: {_titles(rounds, before, dropped)}")
    if redefined:
        parts.append(f"defined differently: {_titles(rounds, year, redefined)}")
    return text + (f"; {'; '.join(parts)}." if parts else ".")


def trend_view(
    engine: Benchmark, rounds: YearRounds, members: Sequence[str] | None = None
) -> TrendView:
    """The trend of the organisations ``members`` (None: the nation) over the years of
    ``rounds`` (see the module docstring)."""
    figures = engine.trend(rounds, members)
    years = sorted(set(figures["year"].to_list()))
    labelled = figures.with_columns(
        pl.struct("year", "function")
        .map_elements(
            lambda r: _function_title(rounds, r["year"], r["function"]), return_dtype=pl.String
        )
        .alias("function_label"),
        pl.col("year")
        .map_elements(lambda y: _title(rounds, y), return_dtype=pl.String)
        .alias("round_title"),
    )
    order = order_key(labelled["function"].to_list())
    table = (
        labelled.join(order, on="function", how="left")
        .sort("_order", "year")
        .select(TREND_VIEW_COLUMNS)
    )
    breaks = round_breaks(years, rounds)
    sentences = [_sentence(rounds, r) for r in breaks.iter_rows(named=True)]
    breaks = breaks.select("year", "previous_year", "from_round", "to_round").with_columns(
        pl.Series("sentence", sentences, dtype=pl.String)
    )
    # each function by the title of the latest year it is shown in
    latest = table.group_by("function").agg(pl.col("function_label").sort_by("year").last())
    titles = dict(latest.iter_rows())
    shown = tuple(dict.fromkeys(table["function"].to_list()))
    return TrendView(
        table=table,
        breaks=breaks,
        years=tuple(years),
        functions=tuple((f, titles[f]) for f in shown),
    )


__all__ = ["TREND_VIEW_COLUMNS", "TrendView", "trend_view"]
