"""An organisation among its peers: the ranked distribution of every KPI and function, the
peer statistics drawn beside it, and the trend over years.

Anonymisation: unless ``reveal_peers`` (True, or a set of the codes that may be named), a peer
carries no code and no name, only a label
"Peer k" numbered by its place in that one distribution (ascending value; equal values are
indistinguishable, so their order tells nothing). Labels are per KPI and function, so "Peer 3"
of one chart is not linked to "Peer 3" of another. The organisation itself is always named.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.views.common import in_group, kpi_order, order_key
from corpbench.views.labels import function_label, kpi_label

#: Columns of :func:`peer_distribution`.
DISTRIBUTION_COLUMNS: tuple[str, ...] = (
    "kpi",
    "kpi_label",
    "function",
    "function_label",
    "position",
    "label",
    "org_code",
    "org_name",
    "value",
    "rank",
    "is_self",
)

#: Columns of :func:`distribution_stats`.
PEER_STATS_COLUMNS: tuple[str, ...] = (
    "kpi",
    "function",
    "n",
    "iqm",
    "median",
    "q1",
    "q3",
    "min",
    "max",
)

#: Columns of :func:`trend`.
TREND_COLUMNS: tuple[str, ...] = (
    "kpi",
    "kpi_label",
    "function",
    "function_label",
    "year",
    "value",
    "peer_n",
    "peer_median",
    "peer_iqm",
)


def _labelled(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("kpi").map_elements(kpi_label, return_dtype=pl.String).alias("kpi_label"),
        pl.col("function")
        .map_elements(function_label, return_dtype=pl.String)
        .alias("function_label"),
    )


def _of_round(engine: Benchmark, frame: pl.DataFrame, year: str | None = None) -> pl.DataFrame:
    """The rows of ``frame`` whose KPI the round of their year names (``year``, else each row's
    own ``year``): a round may apply only some of the standard's KPIs."""
    if year is not None:
        return frame.filter(pl.col("kpi").is_in(list(engine.rounds.round_of(year).kpis)))
    years = frame["year"].unique().to_list()
    allowed = pl.DataFrame(
        [(y, k) for y in years for k in engine.rounds.round_of(y).kpis],
        schema={"year": pl.String, "kpi": pl.String},
        orient="row",
    )
    return frame.join(allowed, on=["year", "kpi"], how="semi")


def _sorted(frame: pl.DataFrame, functions: list[str], extra: list[str]) -> pl.DataFrame:
    return (
        frame.join(order_key(functions), on="function", how="left")
        .join(kpi_order(), on="kpi", how="left")
        .sort(["_kpi_order", "_order", *extra])
        .drop("_kpi_order", "_order")
    )


def peer_distribution(
    engine: Benchmark,
    code: str,
    year: str,
    grouping: str,
    functions: list[str],
    *,
    reveal_peers: bool | AbstractSet[str],
) -> pl.DataFrame:
    """Every KPI and function of ``functions``: each member of the organisation's peer group
    with the KPI defined in ``year`` (the organisation included), ascending by value:
    :data:`DISTRIBUTION_COLUMNS`. ``position`` is 1..n in that order, ``rank`` the place with
    ties sharing the lowest rank (1 = lowest value), ``is_self`` marks the organisation.
    Peers' ``org_code`` and ``org_name`` are null and their ``label`` is "Peer k" unless
    ``reveal_peers`` is True (every peer named) or a set of organisation codes that contains
    theirs (e.g. a footprint user's own organisations). Empty when the organisation is in no
    group under ``grouping``."""
    schema = {
        "kpi": pl.String,
        "kpi_label": pl.String,
        "function": pl.String,
        "function_label": pl.String,
        "position": pl.Int64,
        "label": pl.String,
        "org_code": pl.String,
        "org_name": pl.String,
        "value": pl.Float64,
        "rank": pl.Int64,
        "is_self": pl.Boolean,
    }
    group = engine.group_of(code, grouping, year)
    if group is None:
        return pl.DataFrame(schema=schema)
    names = engine.organisations.select("org_code", "org_name")
    values = (
        engine.ranks(grouping, year)
        .filter(in_group(group) & pl.col("function").is_in(functions))
        .drop("group")
        .join(names, on="org_code", how="left")
        .with_columns((pl.col("org_code") == code).alias("is_self"))
        # ascending value; among equal values the organisation first, then any fixed order
        .sort(
            ["kpi", "function", "value", "is_self", "org_code"],
            descending=[
                False,
                False,
                False,
                True,
                False,
            ],
        )
    )
    if reveal_peers is True:
        named = pl.lit(True)
    elif reveal_peers is False:
        named = pl.col("is_self")
    else:
        named = pl.col("is_self") | pl.col("org_code").is_in(sorted(reveal_peers))
    over = ["kpi", "function"]
    values = values.with_columns(named.alias("_named")).with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(over).alias("position"),
        # anonymous peers are numbered 1, 2, … in the distribution's order
        (pl.col("_named").not_().cast(pl.Int64).cum_sum().over(over)).alias("_peer_no"),
    )
    peer_label = pl.lit("Peer ") + pl.col("_peer_no").cast(pl.String)
    label = pl.when(pl.col("_named")).then(pl.col("org_name")).otherwise(peer_label)
    code_col = pl.when(pl.col("_named")).then(pl.col("org_code")).otherwise(None)
    name_col = pl.when(pl.col("_named")).then(pl.col("org_name")).otherwise(None)
    out = values.with_columns(
        label.cast(pl.String).alias("label"),
        code_col.cast(pl.String).alias("org_code"),
        name_col.cast(pl.String).alias("org_name"),
    )
    out = _sorted(_labelled(_of_round(engine, out, year)), functions, ["position"])
    return out.select(DISTRIBUTION_COLUMNS).cast(schema)  # type: ignore[arg-type]


def distribution_stats(
    engine: Benchmark, code: str, year: str, grouping: str, functions: list[str]
) -> pl.DataFrame:
    """The statistics of the organisation's peer group (``export stats`` rows of its group) for
    every KPI and function of ``functions``: :data:`PEER_STATS_COLUMNS`."""
    group = engine.group_of(code, grouping, year)
    stats = engine.stats(grouping, year)
    rows = stats.filter(in_group(group) & pl.col("function").is_in(functions))
    return _sorted(_of_round(engine, rows, year), functions, []).select(PEER_STATS_COLUMNS)


def trend(
    engine: Benchmark, code: str, year: str, grouping: str, functions: list[str]
) -> pl.DataFrame:
    """The organisation's KPIs in every year up to ``year`` beside its peer group's median and
    IQM that year (the group under ``grouping`` as the register stands): :data:`TREND_COLUMNS`,
    one row per KPI, function of ``functions`` and year where either side is defined."""
    years = [y for y in engine.years() if y <= year]
    own = (
        engine.kpis()
        .filter(
            (pl.col("org_code") == code)
            & pl.col("year").is_in(years)
            & pl.col("function").is_in(functions)
        )
        .select("kpi", "function", "year", "value")
    )
    group = engine.group_of(code, grouping, year)
    stats = engine.stats(grouping)
    peer = stats.filter(
        in_group(group) & pl.col("year").is_in(years) & pl.col("function").is_in(functions)
    ).select(
        "kpi",
        "function",
        "year",
        pl.col("n").alias("peer_n"),
        pl.col("median").alias("peer_median"),
        pl.col("iqm").alias("peer_iqm"),
    )
    keys = ["kpi", "function", "year"]
    joined = _of_round(engine, own.join(peer, on=keys, how="full", coalesce=True))
    return _sorted(_labelled(joined), functions, ["year"]).select(TREND_COLUMNS)
