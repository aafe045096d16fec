"""Similar organisations: each organisation's k nearest peers of its own type (the grouping
``similar``; data standard v1 §2 "Peer group", docs/figures.md "Similar organisations").

For a year y and organisation type t, the *placed* organisations are those of type t that
responded in y (have cost lines) with turnover > 0 and total FTE > 0 in y. For each of them:

    zt(o) = (ln turnover(o) − mean) / sd    over the placed organisations of (y, t)
    zf(o) = (ln total_fte(o) − mean) / sd   likewise

with sd the population standard deviation (ddof 0); when sd < :data:`FLAT_SD` (one
organisation, or all equal but for rounding) every z is 0. The distance between two placed
organisations a and b of (y, t) is

    d(a, b) = √((zt(a) − zt(b))² + (zf(a) − zf(b))²) + P × [teaching(a) ≠ teaching(b)]

with P = :data:`TEACHING_PENALTY` and an empty teaching flag counted as not teaching. Distances
are compared rounded to :data:`DISTANCE_DECIMALS` decimals, so that equal distances reached by
different arithmetic are ties; ties are broken by org_code ascending. The group of o in y,
named ``similar:o``, is o itself plus its k nearest (fewer when the type has fewer placed
organisations). An organisation that is not placed in y (no cost lines, no turnover or FTE
above 0, no type) has no similar group in y and is in no one else's.
"""

from __future__ import annotations

import polars as pl

#: Prefix of the group names of the ``similar`` grouping: ``similar:CODE``.
SIMILAR_PREFIX = "similar:"

#: Default number of nearest peers (setting ``CORPBENCH_SIMILAR_K``).
DEFAULT_SIMILAR_K = 10

#: Added to the distance when two organisations' teaching status differs (one standard
#: deviation of log turnover or log FTE).
TEACHING_PENALTY = 1.0

#: Decimals distances are rounded to before they are compared.
DISTANCE_DECIMALS = 9

#: A standard deviation of log values below this is rounding noise of equal values (a relative
#: difference of 1e-9 in turnover or FTE): the z-scores are then 0.
FLAT_SD = 1e-9

#: Columns of :func:`similar_members`.
MEMBER_COLUMNS: tuple[str, ...] = ("org_code", "year", "group")


def _z(column: str) -> pl.Expr:
    logged = pl.col(column).log()
    sd = logged.std(ddof=0).over("year", "org_type")
    mean = logged.mean().over("year", "org_type")
    return pl.when(sd >= FLAT_SD).then((logged - mean) / sd).otherwise(0.0)


def placed_organisations(
    organisations: pl.DataFrame, finance: pl.DataFrame, respondents: pl.DataFrame
) -> pl.DataFrame:
    """``org_code, year, org_type, teaching, zt, zf``: the organisations that can be placed in
    each year (see the module's rule), with their z-scores."""
    register = organisations.select(
        "org_code",
        pl.col("org_type").cast(pl.String),
        pl.col("teaching").fill_null(False).cast(pl.Boolean),
    ).filter(pl.col("org_type").is_not_null() & (pl.col("org_type").str.strip_chars() != ""))
    return (
        finance.select(
            "org_code",
            "year",
            pl.col("turnover").cast(pl.Float64),
            pl.col("total_fte").cast(pl.Float64),
        )
        .join(respondents.select("org_code", "year").unique(), on=["org_code", "year"])
        .join(register, on="org_code")
        .filter((pl.col("turnover") > 0) & (pl.col("total_fte") > 0))
        .with_columns(_z("turnover").alias("zt"), _z("total_fte").alias("zf"))
        .select("org_code", "year", "org_type", "teaching", "zt", "zf")
    )


def similar_members(
    organisations: pl.DataFrame,
    finance: pl.DataFrame,
    respondents: pl.DataFrame,
    k: int = DEFAULT_SIMILAR_K,
) -> pl.DataFrame:
    """The members of every similar group: ``org_code, year, group`` (a row per member, the
    organisation itself included), sorted by (group, year, org_code).

    ``respondents`` holds ``org_code, year`` of every organisation with cost lines in a year.
    Raises ``ValueError`` when k < 1.
    """
    if k < 1:
        raise ValueError(f"The number of similar organisations must be at least 1, not {k}.")
    placed = placed_organisations(organisations, finance, respondents)
    peers = placed.select(
        pl.col("org_code").alias("peer"),
        "year",
        "org_type",
        pl.col("teaching").alias("peer_teaching"),
        pl.col("zt").alias("peer_zt"),
        pl.col("zf").alias("peer_zf"),
    )
    distance = (
        ((pl.col("zt") - pl.col("peer_zt")) ** 2 + (pl.col("zf") - pl.col("peer_zf")) ** 2).sqrt()
        + pl.when(pl.col("teaching") != pl.col("peer_teaching"))
        .then(TEACHING_PENALTY)
        .otherwise(0.0)
    ).round(DISTANCE_DECIMALS)
    nearest = (
        placed.join(peers, on=["year", "org_type"])
        .filter(pl.col("peer") != pl.col("org_code"))
        .with_columns(distance.alias("distance"))
        .sort("org_code", "year", "distance", "peer")
        .group_by("org_code", "year", maintain_order=True)
        .head(k)
        .select("org_code", "year", "peer")
    )
    itself = placed.select("org_code", "year", pl.col("org_code").alias("peer"))
    return (
        pl.concat([itself, nearest])
        .select(
            pl.col("peer").alias("org_code"),
            "year",
            (pl.lit(SIMILAR_PREFIX) + pl.col("org_code")).alias("group"),
        )
        .select(MEMBER_COLUMNS)
        .sort("group", "year", "org_code")
    )


def similar_own_groups(organisations: pl.DataFrame) -> pl.DataFrame:
    """``org_code, group``: each organisation's own similar group name (``similar:CODE``),
    sorted by org_code; whether the group has members in a year is in :func:`similar_members`."""
    return organisations.select(
        "org_code", (pl.lit(SIMILAR_PREFIX) + pl.col("org_code")).alias("group")
    ).sort("org_code")
