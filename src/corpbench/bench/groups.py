"""Peer groups (data standard v1 §2 "Peer group", §3 "stats").

A grouping maps each organisation of the register to at most one group name. The default is
``org_type``; the others are ``region``, ``footprint``, ``teaching`` (groups ``true`` and
``false``), ``region_type`` (group ``"{region}|{org_type}"``), ``peers:NAME`` (a named custom
list: every listed organisation is in the group ``NAME``) and ``similar`` (each organisation's
own group ``similar:CODE``, whose members per year :mod:`corpbench.bench.similar` computes
from the figures) and ``size_band`` (per year, the size band of the round of that year holding
the organisation's turnover that year: :func:`size_band_members`). An organisation whose
grouping column
is empty is left out of that grouping. Peer statistics only count organisations that responded,
because only they have KPIs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from corpbench.bench.similar import similar_own_groups
from corpbench.standard import GROUPINGS, SIMILAR, SIZE_BAND
from corpbench.standard.rounds import RoundsByYear

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
    if grouping == SIZE_BAND:
        raise ValueError(
            "The size band grouping is per year: its groups come from size_band_members."
        )
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


#: Columns of :func:`size_band_members`.
SIZE_BAND_COLUMNS: tuple[str, ...] = ("org_code", "year", "group")


def size_band_members(finance: pl.DataFrame, rounds: RoundsByYear) -> pl.DataFrame:
    """``org_code, year, group``: each organisation's size band in each year it has a finance
    row, the band (its code) of the round of that year whose range holds its turnover that
    year (at least ``min_turnover``, below ``max_turnover``). A year whose round has no size
    bands has no rows; so has a turnover no band holds. Sorted by (org_code, year)."""
    schema = {"org_code": pl.String, "year": pl.String, "group": pl.String}
    bands = [
        (year, band.code, band.min_turnover, band.max_turnover)
        for year in finance["year"].unique().sort().to_list()
        for band in rounds.size_bands(year)
    ]
    if not bands:
        return pl.DataFrame(schema=schema)
    table = pl.DataFrame(
        bands,
        schema={"year": pl.String, "group": pl.String, "low": pl.Float64, "high": pl.Float64},
        orient="row",
    )
    turnover = pl.col("turnover").cast(pl.Float64)
    return (
        finance.select("org_code", "year", "turnover")
        .join(table, on="year", how="inner")
        .filter(
            (turnover >= pl.col("low")) & (pl.col("high").is_null() | (turnover < pl.col("high")))
        )
        .select("org_code", "year", "group")
        .sort("org_code", "year")
        .cast(schema)  # type: ignore[arg-type]
    )
