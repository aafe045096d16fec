"""An organisation's position among its peers: each function against its peers, with savings
per method (what ``corpbench report`` prints).

One row per function the organisation returned (in the standard's function order, others after
alphabetically) and a last row for ``all``:

- ``cost``, ``pct_turnover``, ``pct_pay``, ``cost_per_fte`` of the organisation;
- ``rank`` among its peers on ``pct_turnover`` (:mod:`corpbench.bench.ranks`: 1 = lowest % of
  turnover; ties share the lowest rank) out of ``n`` peers with the KPI defined (the
  organisation included);
- ``peer_iqm``, ``peer_median``, ``peer_q1`` of ``pct_turnover`` over the peer group;
- one ``saving_<method>`` column per method (e.g. ``saving_iqm``, ``saving_threshold_7``). On
  the ``all`` row it is the organisation's total saving
  (:func:`corpbench.bench.savings.total_savings`). A missing value means
  the saving is undefined (no peer group, or a function an external table lacks).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import polars as pl

from corpbench.bench.methods import Method
from corpbench.bench.ranks import peer_ranks
from corpbench.bench.savings import SAVINGS_KPI, total_savings
from corpbench.standard import ALL_FUNCTION, DEFAULT_FUNCTIONS

#: KPI columns of the position, in order.
POSITION_KPIS: tuple[str, ...] = ("pct_turnover", "pct_pay", "cost_per_fte")

#: The columns of the position before the saving columns.
POSITION_COLUMNS: tuple[str, ...] = (
    "function",
    "cost",
    *POSITION_KPIS,
    "rank",
    "n",
    "peer_iqm",
    "peer_median",
    "peer_q1",
)


def function_order(functions: Iterable[str]) -> list[str]:
    """The standard's functions in its order, other functions alphabetically, ``all`` last:
    the order of the rows of a position and of every table of functions people read."""
    present = set(functions)
    standard = [f for f in DEFAULT_FUNCTIONS if f in present]
    others = sorted(f for f in present if f not in DEFAULT_FUNCTIONS and f != ALL_FUNCTION)
    return standard + others + ([ALL_FUNCTION] if ALL_FUNCTION in present else [])


def _peer_figures(
    code: str,
    year: str,
    kpis: pl.DataFrame,
    groups: pl.DataFrame,
    stats: pl.DataFrame,
    members: pl.DataFrame,
) -> pl.DataFrame:
    """``function, rank, n, peer_iqm, peer_median, peer_q1`` for the organisation's group."""
    schema = pl.Schema(
        {
            "function": pl.String,
            "rank": pl.Int64,
            "n": pl.Int64,
            "peer_iqm": pl.Float64,
            "peer_median": pl.Float64,
            "peer_q1": pl.Float64,
        }
    )
    own = groups.filter(pl.col("org_code") == code)
    if "year" in own.columns:  # groups per year (size bands): the group of this year
        own = own.filter(pl.col("year") == year)
    own = own.select("group")
    if own.height == 0:
        return pl.DataFrame(schema=schema)
    members = members.join(own, on="group", how="semi")
    values = kpis.filter((pl.col("year") == year) & (pl.col("kpi") == SAVINGS_KPI))
    ranks = (
        peer_ranks(values, members)
        .filter(pl.col("org_code") == code)
        .select("group", "function", "rank")
    )
    peer = stats.filter((pl.col("year") == year) & (pl.col("kpi") == SAVINGS_KPI)).select(
        "group",
        "function",
        "n",
        pl.col("iqm").alias("peer_iqm"),
        pl.col("median").alias("peer_median"),
        pl.col("q1").alias("peer_q1"),
    )
    return (
        ranks.join(peer, on=["group", "function"], how="inner").select(schema.names()).cast(schema)
    )


def _saving_column(
    code: str, year: str, method: Method, savings: pl.DataFrame, functions: pl.DataFrame
) -> pl.DataFrame:
    """``function, <saving column>`` for the organisation, the ``all`` row being its total."""
    own = savings.filter((pl.col("org_code") == code) & (pl.col("year") == year))
    total = total_savings(own, method).select(
        pl.lit(ALL_FUNCTION, dtype=pl.String).alias("function"), "saving"
    )
    by_function = own.filter(pl.col("function") != ALL_FUNCTION).select("function", "saving")
    rows = pl.concat([by_function, total])
    return functions.join(rows, on="function", how="left").select(
        "function", pl.col("saving").cast(pl.Float64).alias(method.column_name)
    )


def org_position(
    code: str,
    year: str,
    methods: Sequence[Method],
    *,
    totals: pl.DataFrame,
    kpis: pl.DataFrame,
    groups: pl.DataFrame,
    stats: pl.DataFrame,
    savings: Mapping[Method, pl.DataFrame],
    members: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The position of organisation ``code`` among its peers in ``year``: columns
    :data:`POSITION_COLUMNS` then one saving column per method (:attr:`Method.column_name`), one
    row per function and a last row for ``all``. Empty when the organisation did not respond that
    year.

    ``totals``, ``kpis``, ``groups`` and ``stats`` are the tables of the corresponding bench
    functions for one grouping (``groups`` naming each organisation's own group);
    ``savings`` holds each method's :func:`compute_savings` table; ``members`` is the
    membership of the groups when an organisation may be in several (``similar``), else
    ``groups`` is.
    """
    own = totals.filter((pl.col("org_code") == code) & (pl.col("year") == year)).select(
        "function", pl.col("cost").cast(pl.Float64)
    )
    order = function_order(own["function"].to_list())
    position = pl.DataFrame({"function": order}, schema={"function": pl.String}).join(
        own, on="function", how="left", maintain_order="left"
    )
    own_kpis = kpis.filter((pl.col("org_code") == code) & (pl.col("year") == year))
    for kpi in POSITION_KPIS:
        column = own_kpis.filter(pl.col("kpi") == kpi).select(
            "function", pl.col("value").cast(pl.Float64).alias(kpi)
        )
        position = position.join(column, on="function", how="left", maintain_order="left")
    position = position.join(
        _peer_figures(code, year, kpis, groups, stats, groups if members is None else members),
        on="function",
        how="left",
        maintain_order="left",
    )
    functions = position.select("function")
    for method in dict.fromkeys(methods):
        column = _saving_column(code, year, method, savings[method], functions)
        position = position.join(column, on="function", how="left", maintain_order="left")
    return position
