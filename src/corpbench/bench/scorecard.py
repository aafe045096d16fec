"""The board's balanced scorecard (programme methods §4, QIPP Table 15).

Fifteen figures per organisation and year, each a ratio ``scale × numerator / denominator`` of
function costs (data standard §2), finance columns and indicator values (indicators.csv), and
undefined — no row, never 0 — when its numerator or denominator is missing or the denominator
is 0. Only organisations that responded that year (a function_costs row) have figures.

- ``cost(f)`` is the function's cost of :func:`corpbench.bench.totals.function_totals` (every
  process); ``cost(f, p)`` sums pay_cost + non_pay_cost over the rows of function f whose
  process is the recommended code p (case and the space/underscore difference ignored, as the
  standard recognises process codes); no such row: undefined.
- An indicator is read from the row of the function it belongs to (:data:`INDICATOR_FUNCTION`,
  e.g. ``invoices_paid`` under ``finance``): the function whose figure uses it.
- HR cost per employee divides by ``employees_served`` and, when that is not recorded, by the
  finance ``employees`` headcount.

Each figure has a kind — ``cost`` (what the service costs) or ``quality`` (what it delivers:
timeliness, accuracy, electronic ordering, and the workforce outcomes the HR service answers
for, agency and sickness cost) — and a better direction: ``lower`` for costs, error rates,
agency and sickness; ``higher`` for % invoices paid in 30 days and % orders electronic.

Peer statistics are those of the data standard (:func:`corpbench.bench.stats.peer_stats`) over
the members of a peer group with the figure defined (default: same org_type, same year). The
rank is 1 = **best**: the ranks of :mod:`corpbench.bench.ranks` (ties share the lowest place,
1, 2, 2, 4) on the value for "lower is better" and on its negation for "higher is better", so
"rank 3 of 27" always means two peers did better.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from typing import Any, Protocol

import polars as pl

from corpbench.bench.arith import divide
from corpbench.bench.mypeers import enough_peers
from corpbench.bench.ranks import peer_ranks
from corpbench.bench.scorecard_defs import (
    FIGURE_CODES,
    FIGURES,
    FIGURES_BY_CODE,
    INDICATOR_FUNCTION,
    PROCESS_SEPARATORS,
    PROPORTION_FIGURES,
    Better,
    Figure,
    Kind,
    Part,
)
from corpbench.bench.stats import membership_keys, peer_stats
from corpbench.bench.totals import function_totals

#: Columns of :func:`figure_values`.
FIGURE_COLUMNS: tuple[str, ...] = ("org_code", "year", "function", "figure", "value")
#: Columns of :func:`figure_parts` and :func:`proportion_parts`.
PARTS_COLUMNS: tuple[str, ...] = ("org_code", "year", "numerator", "denominator")
#: Columns of :func:`scorecard`.
SCORECARD_COLUMNS: tuple[str, ...] = (
    "org_code",
    "year",
    "function",
    "figure",
    "kind",
    "better",
    "value",
    "group",
    "n",
    "mean",
    "median",
    "q1",
    "q3",
    "iqm",
    "min",
    "max",
    "rank",
    "standing",
)

#: Fewest peers (the organisation included) for which a figure is placed in a quarter.
STANDING_MIN_PEERS = 4


class ScorecardTables(Protocol):
    """The tables the scorecard reads (a :class:`~corpbench.standard.bundle.Bundle` or a
    :class:`~corpbench.bench.engine.Benchmark`), in their canonical schemas."""

    @property
    def finance(self) -> pl.DataFrame: ...
    @property
    def function_costs(self) -> pl.DataFrame: ...
    @property
    def indicators(self) -> pl.DataFrame: ...


def _figure(code: str) -> Figure:
    if code not in FIGURES_BY_CODE:
        raise ValueError(
            f"Unknown scorecard figure '{code}'; the figures are: {', '.join(FIGURE_CODES)}."
        )
    return FIGURES_BY_CODE[code]


def _normalised_process() -> pl.Expr:
    """``normalise_process`` (standard/vocab.py) of the ``process`` column, vectorised:
    lower case, runs of spaces and underscores one underscore, none at the ends."""
    return (
        pl.col("process")
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace_all(PROCESS_SEPARATORS, "_")
        .str.strip_chars("_")
    )


def _process_costs(function_costs: pl.DataFrame, parts: list[Part]) -> pl.DataFrame:
    """``org_code, year`` and one column per process part: Σ pay_cost + non_pay_cost over the
    rows of its function and (normalised) process (summed in key order); no row where an
    organisation has none of them, null where it lacks one."""
    keys = ["org_code", "year"]
    wanted = pl.DataFrame(
        {
            "function": [p.function for p in parts],
            "_p": [p.process for p in parts],
            "_column": [p.column for p in parts],
        }
    )
    functions = sorted({p.function for p in parts})
    rows = (
        function_costs.filter(pl.col("function").is_in(functions))
        .select(
            *keys,
            "function",
            _normalised_process().alias("_p"),
            (pl.col("pay_cost") + pl.col("non_pay_cost")).alias("_cost"),
        )
        .join(wanted, on=["function", "_p"], how="inner")
        .sort(*keys, "_column", "_cost")
        .group_by(*keys, "_column", maintain_order=True)
        .agg(pl.col("_cost").sum())
    )
    return _spread(rows, "_column", "_cost", [p.column for p in parts])


def _spread(rows: pl.DataFrame, on: str, values: str, columns: list[str]) -> pl.DataFrame:
    """``org_code, year`` and a Float64 column for each name of ``columns``: ``rows``
    (``org_code, year, on, values``, one row per key) pivoted, absent names as null."""
    keys = ["org_code", "year"]
    wide = rows.select(keys) if rows.is_empty() else rows.pivot(on=on, index=keys, values=values)
    return wide.select(
        *keys,
        *(
            (pl.col(c) if c in wide.columns else pl.lit(None)).cast(pl.Float64).alias(c)
            for c in columns
        ),
    )


def _wide_parts(
    tables: ScorecardTables,
    figures: tuple[Figure, ...],
    *,
    year: str | None = None,
    totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per responding (org_code, year) — of ``year`` only when given — with a column
    per distinct part of ``figures``. ``totals`` (:func:`function_totals` of the tables'
    function_costs) may be passed when already computed."""
    keys = ["org_code", "year"]

    def this_year(frame: pl.DataFrame) -> pl.DataFrame:
        return frame if year is None else frame.filter(pl.col("year") == year)

    function_costs = this_year(tables.function_costs)
    totals = this_year(totals if totals is not None else function_totals(function_costs))
    parts = {p.column: p for f in figures for p in (f.numerator, f.denominator)}
    # the respondents: one totals row per (org_code, year) and function
    wide = totals.select(keys).unique().sort(keys)
    fin = this_year(tables.finance)
    wide = wide.join(
        fin.select(*keys, *(pl.col(c).alias(f"finance:{c}") for c in fin.columns[2:])),
        on=keys,
        how="left",
    )
    whole = [p for p in parts.values() if p.source == "cost" and not p.process]
    if whole:
        costs = totals.filter(pl.col("function").is_in([p.function for p in whole])).select(
            *keys, (pl.lit("cost:") + pl.col("function") + pl.lit(":")).alias("_c"), "cost"
        )
        spread = _spread(costs, "_c", "cost", [p.column for p in whole])
        wide = wide.join(spread, on=keys, how="left")
    process = [p for p in parts.values() if p.source == "cost" and p.process]
    if process:
        wide = wide.join(_process_costs(function_costs, process), on=keys, how="left")
    indicator = [p for p in parts.values() if p.source == "indicator"]
    if indicator:
        wanted = pl.DataFrame(
            {
                "function": [p.function for p in indicator],
                "indicator": [p.name for p in indicator],
                "_column": [p.column for p in indicator],
            }
        )
        found = (
            this_year(tables.indicators)
            .join(wanted, on=["function", "indicator"], how="inner")
            .group_by(*keys, "_column")
            .agg(pl.col("value").first())
        )
        wide = wide.join(
            _spread(found, "_column", "value", [p.column for p in indicator]), on=keys, how="left"
        )
        wide = wide.with_columns(
            pl.coalesce(p.column, f"finance:{p.fallback}").alias(p.column)
            for p in indicator
            if p.fallback
        )
    return wide


def _parts_of(wide: pl.DataFrame, figure: Figure) -> pl.DataFrame:
    """``org_code, year, numerator, denominator`` of ``figure`` where it is defined."""
    num, den = pl.col(figure.numerator.column), pl.col(figure.denominator.column)
    return (
        wide.select(
            "org_code",
            "year",
            num.cast(pl.Float64).alias("numerator"),
            den.cast(pl.Float64).alias("denominator"),
        )
        .filter(
            pl.col("numerator").is_not_null()
            & pl.col("denominator").is_not_null()
            & (pl.col("denominator") != 0)
        )
        .sort("org_code", "year")
    )


def figure_parts(
    tables: ScorecardTables,
    figure: str,
    *,
    year: str | None = None,
    totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """:data:`PARTS_COLUMNS` of scorecard figure ``figure`` for every responding organisation
    and year where it is defined (``year``: that year only), sorted by org_code and year;
    ``totals`` as for :func:`_wide_parts`. ``ValueError`` for an unknown figure."""
    fig = _figure(figure)
    return _parts_of(_wide_parts(tables, (fig,), year=year, totals=totals), fig)


def proportion_parts(
    tables: ScorecardTables,
    figure: str,
    *,
    year: str | None = None,
    totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """:data:`PARTS_COLUMNS` of one of the three proportion figures (:data:`PROPORTION_FIGURES`):
    the count (e.g. invoices paid in 30 days) and the count it is a share of (invoices paid),
    so that value = 100 × numerator / denominator; ``year`` and ``totals`` as for
    :func:`figure_parts`. ``ValueError`` for another figure."""
    if figure not in PROPORTION_FIGURES:
        raise ValueError(
            f"'{figure}' is not a proportion figure; the proportion figures are: "
            f"{', '.join(PROPORTION_FIGURES)}."
        )
    return figure_parts(tables, figure, year=year, totals=totals)


def figure_values(
    tables: ScorecardTables, *, year: str | None = None, totals: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Every defined figure of every responding organisation: :data:`FIGURE_COLUMNS`, sorted
    by org_code, year and figure; ``year`` keeps that year only; ``totals`` as for
    :func:`_wide_parts`."""
    wide = _wide_parts(tables, FIGURES, year=year, totals=totals)
    frames = []
    for fig in FIGURES:
        parts = _parts_of(wide, fig)
        numerator = pl.col("numerator") * fig.scale if fig.scale != 1.0 else pl.col("numerator")
        frames.append(
            parts.select(
                "org_code",
                "year",
                pl.lit(fig.function, dtype=pl.String).alias("function"),
                pl.lit(fig.code, dtype=pl.String).alias("figure"),
                divide(numerator, pl.col("denominator")).alias("value"),
            )
        )
    return pl.concat(frames).sort("org_code", "year", "figure").select(FIGURE_COLUMNS)


def _as_kpis(values: pl.DataFrame) -> pl.DataFrame:
    """Figure rows in the shape of the KPI table the stats and ranks take (figure → kpi)."""
    return values.select("org_code", "year", "function", pl.col("figure").alias("kpi"), "value")


def scorecard(
    tables: ScorecardTables,
    groups: pl.DataFrame,
    *,
    year: str | None = None,
    my_peers: tuple[str, Sequence[str]] | None = None,
    totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """:data:`SCORECARD_COLUMNS`: every defined figure of every responding organisation with
    the peer statistics of its group (``groups``: the ``org_code, group`` membership of
    :func:`corpbench.bench.groups.peer_groups`, or per year) and its rank in it (1 = best).
    An organisation outside every group has no row; one in several groups has a row per
    group. Sorted by org_code, year, figure, group.

    ``my_peers`` (organisation, its saved peers) applies the "My peers" rule
    (:func:`corpbench.bench.mypeers.enough_peers`): a figure has rows only where at least
    :data:`~corpbench.bench.mypeers.MIN_MY_PEERS` peers other than the organisation have it, so
    that no single peer is exposed."""
    values = figure_values(tables, year=year, totals=totals)
    kpis = _as_kpis(values)
    if my_peers is not None:
        kpis = enough_peers(kpis, *my_peers)
        values = values.join(
            kpis.select("org_code", "year", pl.col("kpi").alias("figure")),
            on=["org_code", "year", "figure"],
            how="semi",
        )
    stats = peer_stats(kpis, groups).rename({"kpi": "figure"})
    higher = [f.code for f in FIGURES if f.better == "higher"]
    # rank 1 = best: ranks of the value where lower is better, of its negation where higher is
    ranked = kpis.with_columns(
        pl.when(pl.col("kpi").is_in(higher)).then(-pl.col("value")).otherwise(pl.col("value"))
    )
    ranks = peer_ranks(ranked, groups).select(
        "org_code", "year", "group", pl.col("kpi").alias("figure"), "rank"
    )
    meta = pl.DataFrame(
        {
            "figure": list(FIGURE_CODES),
            "kind": [f.kind for f in FIGURES],
            "better": [f.better for f in FIGURES],
        }
    )
    keys = membership_keys(groups)
    return (
        values.join(groups.select(*keys, "group"), on=keys, how="inner")
        .join(meta, on="figure", how="left")
        .join(stats.drop("function"), on=["group", "year", "figure"], how="left")
        .join(ranks, on=["org_code", "year", "group", "figure"], how="left")
        .with_columns(_standing())
        .sort("org_code", "year", "figure", "group")
        .select(SCORECARD_COLUMNS)
    )


def _standing() -> pl.Expr:
    """``standing``: ``best_quarter`` when the value is at or beyond the better quartile (q1
    where lower is better, q3 where higher is) and not also at the worse one, ``worst_quarter``
    the mirror, else ``middle``; null with fewer than :data:`STANDING_MIN_PEERS` peers."""
    value, q1, q3 = pl.col("value"), pl.col("q1"), pl.col("q3")
    lower = pl.col("better") == "lower"
    at_low = (value <= q1) & (value < q3)
    at_high = (value >= q3) & (value > q1)
    best = pl.when(lower).then(at_low).otherwise(at_high)
    worst = pl.when(lower).then(at_high).otherwise(at_low)
    return (
        pl.when(pl.col("n") < STANDING_MIN_PEERS)
        .then(None)
        .when(best)
        .then(pl.lit("best_quarter"))
        .when(worst)
        .then(pl.lit("worst_quarter"))
        .otherwise(pl.lit("middle"))
        .alias("standing")
    )


def trade_offs(card: pl.DataFrame) -> pl.DataFrame:
    """``org_code, year, function``: where a function of an organisation has a cost figure in
    the best quarter of its peers and a quality figure in the worst quarter — a low cost bought
    with poor service — from rows of :func:`scorecard`; sorted."""

    def has(kind: str, standing: str) -> pl.Expr:
        return ((pl.col("kind") == kind) & (pl.col("standing") == standing)).any()

    return (
        card.group_by("org_code", "year", "function")
        .agg(
            has("cost", "best_quarter").alias("_cheap"),
            has("quality", "worst_quarter").alias("_poor"),
        )
        .filter(pl.col("_cheap") & pl.col("_poor"))
        .select("org_code", "year", "function")
        .sort("org_code", "year", "function")
    )


class _Engine(ScorecardTables, Protocol):
    """What :func:`engine_scorecard` needs of a :class:`~corpbench.bench.engine.Benchmark`."""

    def groups(self, grouping: str = ...) -> pl.DataFrame: ...
    def members(self, grouping: str = ...) -> pl.DataFrame: ...
    def my_peers(self, grouping: str) -> tuple[str, tuple[str, ...]] | None: ...
    def totals(self, year: str | None = None) -> pl.DataFrame: ...


#: The scorecards already worked out, per benchmark (dropped with it) and (grouping, year): a
#: benchmark's tables never change, and the pages of every organisation read the same table.
_CACHE: weakref.WeakKeyDictionary[Any, dict[tuple[str, str | None], pl.DataFrame]] = (
    weakref.WeakKeyDictionary()
)
_CACHE_LOCK = threading.Lock()


def engine_scorecard(
    engine: _Engine, grouping: str = "org_type", *, year: str | None = None
) -> pl.DataFrame:
    """:func:`scorecard` of a benchmark's tables under ``grouping``, each organisation among
    its own group only (under ``similar`` an organisation is a member of others' groups too):
    one row per organisation, year and figure; under a "My peers" grouping with its rule.
    Worked out once per benchmark, grouping and year. ``ValueError`` for an unknown grouping."""
    with _CACHE_LOCK:
        found = _CACHE.get(engine, {}).get((grouping, year))
    if found is not None:
        return found
    own = engine.groups(grouping)
    keys = [*membership_keys(own), "group"]
    card = scorecard(
        engine,
        engine.members(grouping),
        year=year,
        my_peers=engine.my_peers(grouping),
        totals=engine.totals(),
    ).join(own.select(keys), on=keys, how="semi")
    with _CACHE_LOCK:
        _CACHE.setdefault(engine, {})[(grouping, year)] = card
    return card


#: Columns of :func:`scorecard_export` (``corpbench export scorecard``).
EXPORT_COLUMNS: tuple[str, ...] = (
    "org_code",
    "year",
    "figure",
    "value",
    "n",
    "median",
    "q1",
    "q3",
    "rank",
)


def scorecard_export(card: pl.DataFrame) -> pl.DataFrame:
    """The machine table of ``corpbench export scorecard`` from rows of :func:`scorecard`
    (one group per organisation): :data:`EXPORT_COLUMNS`, sorted by org_code, year, figure."""
    return card.select(EXPORT_COLUMNS).sort("org_code", "year", "figure")


__all__ = [
    "EXPORT_COLUMNS",
    "FIGURES",
    "FIGURES_BY_CODE",
    "FIGURE_CODES",
    "FIGURE_COLUMNS",
    "INDICATOR_FUNCTION",
    "PARTS_COLUMNS",
    "PROPORTION_FIGURES",
    "SCORECARD_COLUMNS",
    "STANDING_MIN_PEERS",
    "Better",
    "Figure",
    "Kind",
    "Part",
    "ScorecardTables",
    "engine_scorecard",
    "figure_parts",
    "figure_values",
    "proportion_parts",
    "scorecard",
    "scorecard_export",
    "trade_offs",
]
