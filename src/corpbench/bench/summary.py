"""The national summary with extrapolation to 100% (data standard v1 §2, §3 "summary").

For organisation type T and year y: ``eligible`` e_T (register entries of type T; when the
years' rounds are known, less those whose rows all lie in years of other rounds: see
:func:`eligible_counts`),
``respondents`` r_T (organisations of type T with at least one function_costs row in y),
``response_rate`` r_T / e_T, ``spend`` (Σ cost of ``all`` over respondents) and ``saving``
(Σ over respondents of their function savings for peer and external methods, of their ``all``
saving for ``threshold:P``). Each sum S is extrapolated as S × e_T / r_T; a type without
respondents has spend and saving 0 and no extrapolated values. The ``all`` row sums the types:
response_rate = Σ r / Σ e and each extrapolated figure is the sum of the types' (types with no
respondents adding nothing, so 0 when no type has respondents).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from corpbench.bench.arith import divide
from corpbench.bench.methods import Method
from corpbench.bench.savings import total_savings
from corpbench.bench.totals import function_totals
from corpbench.standard import ALL_FUNCTION

#: The org_type of the national row.
ALL_ORG_TYPES = "all"

#: Columns of :func:`national_summary`.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "org_type",
    "year",
    "eligible",
    "respondents",
    "response_rate",
    "spend",
    "spend_extrapolated",
    "saving",
    "saving_extrapolated",
)


def eligible_members(
    organisations: pl.DataFrame,
    finance: pl.DataFrame,
    function_costs: pl.DataFrame,
    year_rounds: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """``org_code, org_type, year``: the organisations eligible in each year of ``finance``.

    Without ``year_rounds`` every register entry is eligible in every year. With
    ``year_rounds`` (year -> the name of its round; a year not in it is a round of its own),
    an organisation with rows (finance or function_costs) is eligible only in the years of the
    rounds it has rows in, so that the registers of two rounds in one store do not count in
    each other's years; an organisation with no row at all stays eligible in every year."""
    org_types = organisations.select("org_code", "org_type")
    years = finance.select("year").unique()
    if year_rounds is None:
        return org_types.join(years, how="cross")
    round_of = pl.col("year").replace_strict(
        dict(year_rounds), default=pl.col("year"), return_dtype=pl.String
    )
    keys = ["org_code", "year"]
    rows = pl.concat([finance.select(keys), function_costs.select(keys)])
    org_rounds = rows.unique().select("org_code", round_of.alias("round")).unique()
    candidates = org_types.join(years.with_columns(round_of.alias("round")), how="cross")
    member = candidates.join(org_rounds, on=["org_code", "round"], how="semi")
    silent = candidates.join(org_rounds, on="org_code", how="anti")
    return pl.concat([member, silent]).select("org_code", "org_type", "year")


def eligible_counts(
    organisations: pl.DataFrame,
    finance: pl.DataFrame,
    function_costs: pl.DataFrame,
    year_rounds: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """``org_type, year, eligible``: :func:`eligible_members` counted per type and year
    ((type, year) pairs with no eligible organisation left out)."""
    return count_eligible(eligible_members(organisations, finance, function_costs, year_rounds))


def count_eligible(members: pl.DataFrame) -> pl.DataFrame:
    """``org_type, year, eligible`` of :func:`eligible_members`' rows."""
    return members.group_by("org_type", "year").agg(pl.len().cast(pl.Int64).alias("eligible"))


def _per_type_sum(
    rows: pl.DataFrame, org_types: pl.DataFrame, column: str, alias: str
) -> pl.DataFrame:
    """Σ ``column`` of ``rows`` (keyed by org_code, year) per (org_type, year)."""
    return (
        rows.join(org_types, on="org_code", how="inner")
        .group_by("org_type", "year")
        # summed in ascending order, so the total does not depend on the row order
        .agg(pl.col(column).sort().sum().cast(pl.Float64).alias(alias))
    )


def _extrapolated(column: str) -> pl.Expr:
    return (
        pl.when(pl.col("respondents") > 0)
        .then(divide(pl.col(column) * pl.col("eligible"), pl.col("respondents")))
        .otherwise(None)
        .alias(f"{column}_extrapolated")
    )


def national_summary(
    organisations: pl.DataFrame,
    finance: pl.DataFrame,
    function_costs: pl.DataFrame,
    savings: pl.DataFrame,
    method: Method,
    *,
    totals: pl.DataFrame | None = None,
    eligible: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Eligible, respondents, response rate, spend and saving, each sum also extrapolated to
    100%, per organisation type of the register and year of ``finance``, plus ``org_type = all``
    (data standard §3 "summary"). ``savings`` is :func:`compute_savings` under ``method``;
    ``totals`` may be passed when already computed from ``function_costs``, ``eligible`` when
    already computed by :func:`eligible_counts` (default: without rounds). Sorted by
    (org_type, year).
    """
    if totals is None:
        totals = function_totals(function_costs)
    org_types = organisations.select("org_code", "org_type")
    if eligible is None:
        eligible = eligible_counts(organisations, finance, function_costs)
    frame = eligible
    on_all = pl.col("function") == ALL_FUNCTION
    # every respondent (an org with at least one cost row that year) has exactly one `all` row
    responded = totals.filter(on_all).select("org_code", "year")
    counts = (
        responded.join(org_types, on="org_code", how="inner")
        .group_by("org_type", "year")
        .agg(pl.len().cast(pl.Int64).alias("respondents"))
    )
    spend = _per_type_sum(totals.filter(on_all), org_types, "cost", "spend")
    saving = total_savings(
        savings.join(org_types, on="org_code", how="inner"), method, by=("org_type", "year")
    )
    keys = ["org_type", "year"]
    per_type = (
        frame.join(counts, on=keys, how="left")
        .join(spend, on=keys, how="left")
        .join(saving, on=keys, how="left")
        .with_columns(
            pl.col("respondents").fill_null(0),
            pl.col("spend").fill_null(0.0),
            pl.col("saving").fill_null(0.0),
        )
        .with_columns(
            divide(pl.col("respondents"), pl.col("eligible")).alias("response_rate"),
            _extrapolated("spend"),
            _extrapolated("saving"),
        )
        .select(SUMMARY_COLUMNS)
        .sort(keys)
    )
    # the national row adds the types in org_type order, whatever order the rows came in
    national = (
        per_type.group_by("year", maintain_order=True)
        .agg(
            pl.col("eligible").sum(),
            pl.col("respondents").sum(),
            pl.col("spend").sum(),
            pl.col("spend_extrapolated").sum(),
            pl.col("saving").sum(),
            pl.col("saving_extrapolated").sum(),
        )
        .with_columns(
            pl.lit(ALL_ORG_TYPES, dtype=pl.String).alias("org_type"),
            pl.when(pl.col("eligible") > 0)
            .then(divide(pl.col("respondents"), pl.col("eligible")))
            .otherwise(None)
            .alias("response_rate"),
        )
        .select(SUMMARY_COLUMNS)
    )
    if per_type.height == 0:
        national = (
            finance.select("year")
            .unique()
            .select(
                pl.lit(ALL_ORG_TYPES, dtype=pl.String).alias("org_type"),
                "year",
                pl.lit(0, dtype=pl.Int64).alias("eligible"),
                pl.lit(0, dtype=pl.Int64).alias("respondents"),
                pl.lit(None, dtype=pl.Float64).alias("response_rate"),
                pl.lit(0.0).alias("spend"),
                pl.lit(None, dtype=pl.Float64).alias("spend_extrapolated"),
                pl.lit(0.0).alias("saving"),
                pl.lit(None, dtype=pl.Float64).alias("saving_extrapolated"),
            )
        )
    schema = pl.Schema(
        {
            "org_type": pl.String,
            "year": pl.String,
            "eligible": pl.Int64,
            "respondents": pl.Int64,
            "response_rate": pl.Float64,
            "spend": pl.Float64,
            "spend_extrapolated": pl.Float64,
            "saving": pl.Float64,
            "saving_extrapolated": pl.Float64,
        }
    )
    return pl.concat([per_type.cast(schema), national.cast(schema)]).sort(keys)
