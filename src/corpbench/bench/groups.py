"""Peer groups (data standard v1 §2 "Peer group", §3 "stats").

A grouping maps each organisation of the register to at most one group name. The default is
``org_type``; the others are ``region``, ``footprint``, ``teaching`` (groups ``true`` and
``false``), ``region_type`` (group ``"{region}|{org_type}"``), ``peers:NAME`` (a named custom
list: every listed organisation is in the group ``NAME``) and ``similar`` (each organisation's
own group ``similar:CODE``, whose members per year :mod:`corpbench.bench.similar` computes
from the figures). An organisation whose grouping column
is empty is left out of that grouping. Peer statistics only count organisations that responded,
because only they have KPIs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from corpbench.bench.similar import similar_own_groups
from corpbench.standard import GROUPINGS, SIMILAR

#: Columns of :func:`peer_groups`.
GROUP_COLUMNS: tuple[str, ...] = ("org_code", "group")

#: Prefix of a named custom peer list grouping, e.g. ``peers:london_teaching``.
PEERS_PREFIX = "peers:"

DEFAULT_GROUPING = "org_type"


def _text(column: str) -> pl.Expr:
    """``column`` as text, with blank values turned into null."""
    value = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(value.str.len_chars() > 0).then(value).otherwise(None)


def _valid_groupings_sentence() -> str:
    names = ", ".join(GROUPINGS)
    return f"valid groupings are {names} and {PEERS_PREFIX}NAME for a named peer list"


def _custom_list(
    organisations: pl.DataFrame, name: str, peer_lists: Mapping[str, Sequence[str]] | None
) -> pl.DataFrame:
    if not name:
        raise ValueError(f"A peer list grouping needs a name after '{PEERS_PREFIX}'.")
    if peer_lists is None or name not in peer_lists:
        known = ", ".join(sorted(peer_lists or {})) or "none"
        raise ValueError(f"Unknown peer list '{name}'; the named peer lists are: {known}.")
    codes = pl.DataFrame(
        {"org_code": list(dict.fromkeys(peer_lists[name]))}, schema={"org_code": pl.String}
    )
    unknown = codes.join(organisations.select("org_code"), on="org_code", how="anti")
    if unknown.height:
        missing = ", ".join(unknown["org_code"].sort().to_list())
        raise ValueError(f"Peer list '{name}' names organisations not in the register: {missing}.")
    return codes.with_columns(pl.lit(name, dtype=pl.String).alias("group")).sort("org_code")


def peer_groups(
    organisations: pl.DataFrame,
    grouping: str = DEFAULT_GROUPING,
    *,
    peer_lists: Mapping[str, Sequence[str]] | None = None,
) -> pl.DataFrame:
    """The group of each organisation of the register under ``grouping``: ``org_code, group``,
    sorted by org_code; organisations with an empty grouping column have no row.

    Raises ``ValueError`` for an unknown grouping or peer list, or a peer list naming an
    organisation that is not in the register.
    """
    if grouping.startswith(PEERS_PREFIX):
        return _custom_list(organisations, grouping[len(PEERS_PREFIX) :], peer_lists)
    if grouping == SIMILAR:
        return similar_own_groups(organisations)
    if grouping in ("org_type", "region", "footprint"):
        group = _text(grouping)
    elif grouping == "teaching":
        group = (
            pl.when(pl.col("teaching").is_null())
            .then(None)
            .when(pl.col("teaching"))
            .then(pl.lit("true"))
            .otherwise(pl.lit("false"))
        )
    elif grouping == "region_type":
        group = pl.concat_str([_text("region"), pl.lit("|"), _text("org_type")])
    else:
        raise ValueError(f"Unknown grouping '{grouping}'; {_valid_groupings_sentence()}.")
    return (
        organisations.select("org_code", group.cast(pl.String).alias("group"))
        .filter(pl.col("group").is_not_null())
        .sort("org_code")
    )
