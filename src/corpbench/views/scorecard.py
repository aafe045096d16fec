"""The board scorecard and the economies of scale as view tables (programme methods §4, §6):
an organisation's scorecard (cost and quality figures side by side per function, with peer
statistics, rank and words for the better direction), its size-adjusted ratios, and the
nation's β by function. Every figure comes from :mod:`corpbench.bench.scorecard` and
:mod:`corpbench.bench.scale`; this module only picks rows and adds words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.bench.groups import DEFAULT_GROUPING
from corpbench.bench.position import function_order
from corpbench.bench.scale import scale_fits, size_adjusted
from corpbench.bench.scorecard import FIGURE_CODES, engine_scorecard, trade_offs
from corpbench.standard.labels import (
    better_label,
    scorecard_figure_label,
    scorecard_kind_label,
)
from corpbench.views.labels import function_label, function_phrase

#: Columns of :attr:`ScorecardView.rows`.
SCORECARD_VIEW_COLUMNS: tuple[str, ...] = (
    "function",
    "function_label",
    "kind",
    "kind_label",
    "figure",
    "figure_label",
    "value",
    "n",
    "median",
    "q1",
    "q3",
    "rank",
    "better",
    "better_label",
    "standing",
    "standing_label",
)

#: Words for a figure's standing among its peers (``bench.scorecard`` ``standing``).
STANDING_LABELS: dict[str, str] = {
    "best_quarter": "best quarter",
    "middle": "middle half",
    "worst_quarter": "worst quarter",
}

#: Columns of :func:`size_adjusted_table`.
SIZE_ADJUSTED_VIEW_COLUMNS: tuple[str, ...] = (
    "function",
    "function_label",
    "cost",
    "expected",
    "ratio",
)

#: Columns of :func:`scale_table`.
SCALE_VIEW_COLUMNS: tuple[str, ...] = (
    "function",
    "function_label",
    "n",
    "beta",
    "beta_low",
    "beta_high",
    "r_squared",
)

#: The sentence beside an organisation's size-adjusted ratios.
SIZE_ADJUSTED_SENTENCE = (
    "A size-adjusted ratio is the function's cost divided by the cost that organisations of "
    "its turnover spend that year on the national fit cost = a × turnover^β: 1.20 means 20% "
    "more than expected at its size, 0.90 means 10% less."
)

#: The sentence under the nation's economies of scale.
SCALE_SENTENCE = (
    "β is how cost grows with turnover (cost = a × turnover^β, fitted on the logarithms of "
    "every responding organisation's cost and turnover): β below 1 means larger organisations "
    "spend a smaller share of their turnover on the function — the evidence that sharing a "
    "service across organisations saves money; β near 1 means no economy of scale."
)

#: What the scorecard's rank means, for people.
RANK_SENTENCE = (
    "Rank 1 is the best among peers: the lowest cost, error rate, agency or sickness cost, "
    "and the highest share of invoices paid in 30 days or orders placed electronically."
)


@dataclass(frozen=True)
class ScorecardView:
    """An organisation's board scorecard for a year under a peer grouping."""

    code: str
    year: str
    grouping: str
    #: One row per defined figure: :data:`SCORECARD_VIEW_COLUMNS`, by function in the standard
    #: order, cost figures first, then in the scorecard's order.
    rows: pl.DataFrame
    #: One sentence per function whose low cost comes with poor service.
    trade_offs: tuple[str, ...]


def _ordered(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows by function (standard order), cost before quality, then the figures' order."""
    functions = function_order(rows["function"].unique().to_list())
    return (
        rows.with_columns(
            pl.col("function")
            .replace_strict(functions, list(range(len(functions))), return_dtype=pl.Int64)
            .alias("_f"),
            (pl.col("kind") != "cost").alias("_k"),
            pl.col("figure")
            .replace_strict(FIGURE_CODES, list(range(len(FIGURE_CODES))), return_dtype=pl.Int64)
            .alias("_o"),
        )
        .sort("_f", "_k", "_o")
        .drop("_f", "_k", "_o")
    )


def _label(column: str, words: Callable[[str], str]) -> pl.Expr:
    """``column``'s codes in words (``words``), as the column ``<column>_label``."""
    return pl.col(column).map_elements(words, return_dtype=pl.String).alias(f"{column}_label")


def scorecard_view(
    engine: Benchmark, code: str, year: str, grouping: str = DEFAULT_GROUPING
) -> ScorecardView:
    """The scorecard of organisation ``code`` in ``year`` among its own peer group under
    ``grouping`` (:func:`corpbench.bench.scorecard.engine_scorecard`)."""
    card = engine_scorecard(engine, grouping, year=year).filter(pl.col("org_code") == code)
    rows = _ordered(card).select(
        "function",
        _label("function", function_label),
        "kind",
        _label("kind", scorecard_kind_label),
        "figure",
        _label("figure", scorecard_figure_label),
        "value",
        "n",
        "median",
        "q1",
        "q3",
        "rank",
        "better",
        _label("better", better_label),
        "standing",
        pl.col("standing")
        .replace_strict(STANDING_LABELS, default=None, return_dtype=pl.String)
        .alias("standing_label"),
    )
    sentences = tuple(
        f"{function_label(f)}: a cost among the best quarter of peers comes with a service "
        f"measure among the worst quarter — check what the low {function_phrase(f)} cost buys."
        for f in trade_offs(card)["function"].to_list()
    )
    return ScorecardView(code=code, year=year, grouping=grouping, rows=rows, trade_offs=sentences)


def _fits(engine: Benchmark, year: str) -> pl.DataFrame:
    return scale_fits(engine.totals(year=year), engine.finance)


def _labelled_in_order(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """``frame``'s rows in the standard order of functions, as ``function``, its
    ``function_label`` and then ``columns`` (the size-adjusted and scale tables share this)."""
    order = function_order(frame["function"].to_list())
    return (
        frame.with_columns(
            pl.col("function")
            .replace_strict(order, list(range(len(order))), return_dtype=pl.Int64)
            .alias("_f")
        )
        .sort("_f")
        .select("function", _label("function", function_label), *columns)
    )


def size_adjusted_table(engine: Benchmark, code: str, year: str) -> pl.DataFrame:
    """:data:`SIZE_ADJUSTED_VIEW_COLUMNS` of organisation ``code`` in ``year``: each function's
    cost (and ``all``), the cost the year's national fit expects at its turnover, and their
    ratio (:func:`corpbench.bench.scale.size_adjusted`); functions without a fit have no row."""
    totals = engine.totals(year=year).filter(pl.col("org_code") == code)
    rows = size_adjusted(totals, engine.finance, _fits(engine, year))
    return _labelled_in_order(rows, "cost", "expected", "ratio")


def scale_table(engine: Benchmark, year: str) -> pl.DataFrame:
    """:data:`SCALE_VIEW_COLUMNS`: the fit of every function (and ``all``) in ``year``
    (:func:`corpbench.bench.scale.scale_fits`), in the standard order of functions."""
    fits = _fits(engine, year)
    return _labelled_in_order(fits, "n", "beta", "beta_low", "beta_high", "r_squared")


__all__ = [
    "RANK_SENTENCE",
    "SCALE_SENTENCE",
    "SCALE_VIEW_COLUMNS",
    "SCORECARD_VIEW_COLUMNS",
    "SIZE_ADJUSTED_SENTENCE",
    "SIZE_ADJUSTED_VIEW_COLUMNS",
    "STANDING_LABELS",
    "ScorecardView",
    "scale_table",
    "scorecard_view",
    "size_adjusted_table",
]
