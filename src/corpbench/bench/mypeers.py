""" "My peers": an organisation benchmarked against a peer list its own users (or its
footprint's) saved, grouping ``mypeers:NAME``.

The group is the organisation and its saved peers. Its statistics are the data standard's
(:func:`corpbench.bench.stats.peer_stats`, the organisation counted like any member), with one
rule on top so that no single peer is exposed: a KPI of a function in a year has peer figures
(statistics, ranks, and so the peer-method targets and savings) only when at least
:data:`MIN_MY_PEERS` peers other than the organisation have it defined. Below that the group has
no figures there, exactly as if nobody had responded.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

#: Prefix of a "My peers" grouping, e.g. ``mypeers:Teaching neighbours``.
MY_PEERS_PREFIX = "mypeers:"

#: The fewest peers a "My peers" list holds, and the fewest with a value that its figures need.
MIN_MY_PEERS = 5

_KEYS = ["year", "function", "kpi"]


def my_peers_group(code: str, name: str, peers: Sequence[str]) -> pl.DataFrame:
    """``org_code, group``: organisation ``code`` and its ``peers`` in the group ``name``,
    sorted by org_code."""
    members = sorted({code, *peers})
    return pl.DataFrame(
        {"org_code": members, "group": [name] * len(members)},
        schema={"org_code": pl.String, "group": pl.String},
    )


def enough_peers(
    kpis: pl.DataFrame, code: str, peers: Sequence[str], minimum: int = MIN_MY_PEERS
) -> pl.DataFrame:
    """The rows of ``kpis`` (``org_code, year, function, kpi, value``) of the group of ``code``
    and ``peers`` whose (year, function, KPI) at least ``minimum`` peers other than ``code``
    have defined; the organisation's own rows are kept with them."""
    members = kpis.filter(pl.col("org_code").is_in(sorted({code, *peers})))
    counted = (
        members.filter(pl.col("org_code") != code)
        .group_by(_KEYS)
        .agg(pl.len().alias("_peers"))
        .filter(pl.col("_peers") >= minimum)
        .select(_KEYS)
    )
    return members.join(counted, on=_KEYS, how="semi")
