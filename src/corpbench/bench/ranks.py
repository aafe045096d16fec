"""Ranks: each organisation's place among its peer group on a KPI.

For a grouping, year, KPI and function, the members of a peer group with the KPI defined are
ranked by value, 1 = the lowest; equal values share the lowest of their places (1, 2, 2, 4), so
an organisation tied with a peer is never ranked below it. ``n`` of the peer statistics
(:mod:`corpbench.bench.stats`) counts the same members, so a rank reads "rank of n".
"""

from __future__ import annotations

import polars as pl

from corpbench.bench.stats import membership_keys

#: Columns of :func:`peer_ranks`.
RANK_COLUMNS: tuple[str, ...] = ("org_code", "year", "group", "kpi", "function", "value", "rank")


def peer_ranks(kpis: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """The rank of every KPI value of ``kpis`` (``org_code, year, function, kpi, value``) among
    the values of the same group, year, KPI and function, for the organisations of ``groups``
    (``org_code, group``, or ``org_code, year, group`` when membership is per year; others
    have no rank): :data:`RANK_COLUMNS`, in the order of ``kpis`` (an organisation in several
    groups has a row per group).
    """
    keys = membership_keys(groups)
    return (
        kpis.join(groups.select(*keys, "group"), on=keys, how="inner")
        .with_columns(
            pl.col("value")
            .rank("min")
            .over("group", "year", "kpi", "function")
            .cast(pl.Int64)
            .alias("rank")
        )
        .select(RANK_COLUMNS)
    )
