"""The national view (issue 4, item 6): spend by organisation type and function, totals
extrapolated to 100%, savings by method and by function, and the response tracker.

Figures are the engine's: ``summary`` is ``corpbench export summary --method M`` for the year,
``by_function`` the by-function national picture of ``corpbench summary``. Spend by type and
function sums ``cost(o, y, f)`` over the type's respondents and extrapolates it like every sum
of the national summary: × eligible / respondents of the type (no extrapolated value for a type
without respondents). ``savings_by_method`` holds the national summary's saving under every
method side by side. The response tracker counts eligible organisations (register entries of
each type eligible that year: ``Benchmark.eligible_members``), respondents (with a cost row that
year) and lists the organisations still to submit.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from corpbench.bench.arith import divide
from corpbench.bench.engine import Benchmark
from corpbench.bench.groups import DEFAULT_GROUPING
from corpbench.bench.methods import Method
from corpbench.bench.summary import ALL_ORG_TYPES
from corpbench.views.common import order_key
from corpbench.views.labels import function_label, method_label, side_by_side_methods

#: Columns of :attr:`NationalView.spend_by_type_function`.
SPEND_COLUMNS: tuple[str, ...] = (
    "org_type",
    "function",
    "function_label",
    "respondents",
    "spend",
    "spend_extrapolated",
)


@dataclass(frozen=True)
class NationalView:
    year: str
    method: str
    method_label: str
    grouping: str
    methods: tuple[str, ...]
    #: The national summary (by type, then ``all``) under ``method``.
    summary: pl.DataFrame
    #: :data:`SPEND_COLUMNS`: per type and function (``all`` = the types' whole organisations).
    spend_by_type_function: pl.DataFrame
    #: ``function, year, spend, spend_extrapolated, shared, ..., saving_share_pct`` (engine).
    by_function: pl.DataFrame
    #: ``method, method_label, org_type, saving, saving_extrapolated`` for every method.
    savings_by_method: pl.DataFrame
    #: ``org_type, eligible, respondents, outstanding, response_rate`` and the ``all`` row.
    response: pl.DataFrame
    #: ``org_type, org_code, org_name`` of eligible organisations without a return this year.
    outstanding: pl.DataFrame


def _spend(engine: Benchmark, year: str, summary: pl.DataFrame) -> pl.DataFrame:
    types = engine.organisations.select("org_code", "org_type")
    totals = engine.totals(year).join(types, on="org_code", how="inner")
    per = totals.group_by("org_type", "function").agg(
        pl.len().cast(pl.Int64).alias("respondents"),
        pl.col("cost").sort().sum().alias("spend"),
    )
    factors = summary.filter(pl.col("org_type") != ALL_ORG_TYPES).select(
        "org_type", "eligible", pl.col("respondents").alias("_type_respondents")
    )
    out = per.join(factors, on="org_type", how="left").with_columns(
        pl.when(pl.col("_type_respondents") > 0)
        .then(divide(pl.col("spend") * pl.col("eligible"), pl.col("_type_respondents")))
        .otherwise(None)
        .alias("spend_extrapolated")
    )
    order = order_key(out["function"].to_list())
    return (
        out.join(order, on="function", how="left")
        .sort("org_type", "_order")
        .with_columns(
            pl.col("function")
            .map_elements(function_label, return_dtype=pl.String)
            .alias("function_label")
        )
        .select(SPEND_COLUMNS)
    )


def _response(engine: Benchmark, year: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    register = (
        engine.eligible_members(year)
        .join(engine.organisations.select("org_code", "org_name"), on="org_code")
        .select("org_type", "org_code", "org_name")
    )
    responded = engine.totals(year).select("org_code").unique()
    flagged = register.with_columns(
        pl.col("org_code").is_in(responded["org_code"].to_list()).alias("_responded")
    )
    per_type = (
        flagged.group_by("org_type")
        .agg(
            pl.len().cast(pl.Int64).alias("eligible"),
            pl.col("_responded").sum().cast(pl.Int64).alias("respondents"),
        )
        .sort("org_type")
    )
    national = per_type.select(
        pl.lit(ALL_ORG_TYPES, dtype=pl.String).alias("org_type"),
        pl.col("eligible").sum(),
        pl.col("respondents").sum(),
    )
    response = (
        pl.concat([per_type, national])
        .with_columns((pl.col("eligible") - pl.col("respondents")).alias("outstanding"))
        .with_columns(
            pl.when(pl.col("eligible") > 0)
            .then(divide(pl.col("respondents"), pl.col("eligible")))
            .otherwise(None)
            .alias("response_rate")
        )
        .select("org_type", "eligible", "respondents", "outstanding", "response_rate")
    )
    outstanding = (
        flagged.filter(~pl.col("_responded"))
        .select("org_type", "org_code", "org_name")
        .sort("org_type", "org_code")
    )
    return response, outstanding


def national_view(
    engine: Benchmark,
    year: str | None = None,
    method: str | Method = "iqm",
    grouping: str = DEFAULT_GROUPING,
    *,
    methods: tuple[str, ...] | None = None,
) -> NationalView:
    """The national picture of ``year`` (default: the latest year in finance) under ``method``
    (peer methods against ``grouping``). Raises ``ValueError`` for a year without data or an
    unknown method or grouping."""
    years = engine.years()
    if year is None:
        if not years:
            raise ValueError("The store holds no returns yet.")
        year = years[-1]
    elif year not in years:
        raise ValueError(f"No data for {year}; the years are {', '.join(years) or 'none'}.")
    parsed = engine.method(method)
    engine.groups(grouping)
    methods = methods or side_by_side_methods(engine.external_tables)
    summary = engine.summary(parsed, year, grouping)
    parts = []
    for spelling in methods:
        m = engine.method(spelling)
        parts.append(
            engine.summary(m, year, grouping).select(
                pl.lit(str(m)).alias("method"),
                pl.lit(method_label(str(m))).alias("method_label"),
                "org_type",
                "saving",
                "saving_extrapolated",
            )
        )
    response, outstanding = _response(engine, year)
    return NationalView(
        year=year,
        method=str(parsed),
        method_label=method_label(str(parsed)),
        grouping=grouping,
        methods=tuple(str(engine.method(m)) for m in methods),
        summary=summary,
        spend_by_type_function=_spend(engine, year, summary),
        by_function=engine.summary_by_function(parsed, year, grouping),
        savings_by_method=pl.concat(parts),
        response=response,
        outstanding=outstanding,
    )


__all__ = ["SPEND_COLUMNS", "NationalView", "national_view"]
