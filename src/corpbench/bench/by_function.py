"""The national picture by function: spend, shared spend and savings, extrapolated to 100%.

For function f, year y and organisation type T with eligible e_T and respondents r_T (as in the
national summary): ``spend`` = Σ cost(o, y, f) over respondents, ``shared`` = Σ shared(o, y, f),
``saving`` = Σ saving(o, y, f) under the method; each is extrapolated per type as S_T × e_T / r_T
and summed over types (types with no respondents adding nothing). ``saving_share_pct`` is the
function's share of the extrapolated saving of all functions. Threshold methods apply to the
organisation's total (``all``), so they have no function breakdown: their saving columns are
empty.
"""

from __future__ import annotations

import polars as pl

from corpbench.bench.arith import divide
from corpbench.bench.methods import Method
from corpbench.bench.savings import counted_savings
from corpbench.bench.summary import eligible_counts
from corpbench.standard import ALL_FUNCTION

BY_FUNCTION_COLUMNS: tuple[str, ...] = (
    "function",
    "year",
    "spend",
    "spend_extrapolated",
    "shared",
    "shared_extrapolated",
    "saving",
    "saving_extrapolated",
    "saving_share_pct",
)


def _factors(
    organisations: pl.DataFrame, totals: pl.DataFrame, eligible: pl.DataFrame | None
) -> pl.DataFrame:
    """org_code, year, factor = e_T / r_T of the organisation's type, for every respondent
    (e_T from ``eligible``: ``org_type, year, eligible`` as the national summary counts it,
    :func:`eligible_counts`; default every register entry of the type)."""
    types = organisations.select("org_code", "org_type")
    returns = totals.select("org_code", "year").unique()
    if eligible is None:
        eligible = eligible_counts(organisations, returns, returns)
    responded = returns.join(types, on="org_code").join(eligible, on=["org_type", "year"])
    counts = responded.group_by("org_type", "year").agg(pl.len().alias("respondents"))
    return responded.join(counts, on=["org_type", "year"]).select(
        "org_code",
        "year",
        factor=divide(pl.col("eligible"), pl.col("respondents")),
    )


def summary_by_function(
    organisations: pl.DataFrame,
    totals: pl.DataFrame,
    savings: pl.DataFrame,
    method: Method,
    *,
    eligible: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Spend, shared spend and saving per function and year, as observed and extrapolated
    (``eligible`` as :func:`_factors`)."""
    factors = _factors(organisations, totals, eligible)
    funcs = totals.filter(pl.col("function") != ALL_FUNCTION).join(factors, on=["org_code", "year"])
    spend = funcs.group_by("function", "year").agg(
        spend=pl.col("cost").sort().sum(),
        spend_extrapolated=(pl.col("cost") * pl.col("factor")).sort().sum(),
        shared=pl.col("shared").fill_null(0.0).sort().sum(),
        shared_extrapolated=(pl.col("shared").fill_null(0.0) * pl.col("factor")).sort().sum(),
    )
    if method.saves_on_total:
        out = spend.with_columns(
            saving=pl.lit(None, pl.Float64),
            saving_extrapolated=pl.lit(None, pl.Float64),
            saving_share_pct=pl.lit(None, pl.Float64),
        )
    else:
        saved = (
            counted_savings(savings, method)
            .join(factors, on=["org_code", "year"])
            .group_by("function", "year")
            .agg(
                saving=pl.col("saving").sort().sum(),
                saving_extrapolated=(pl.col("saving") * pl.col("factor")).sort().sum(),
            )
        )
        out = (
            spend.join(saved, on=["function", "year"], how="left")
            .with_columns(pl.col("saving", "saving_extrapolated").fill_null(0.0))
            .with_columns(
                saving_share_pct=pl.when(pl.col("saving_extrapolated").sum().over("year") > 0)
                .then(
                    divide(
                        100 * pl.col("saving_extrapolated"),
                        pl.col("saving_extrapolated").sum().over("year"),
                    )
                )
                .otherwise(None)
            )
        )
    return out.select(BY_FUNCTION_COLUMNS).sort("year", "function")
