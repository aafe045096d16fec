"""Turn a validated bundle into what the store writes: register rows and returns, each with its
canonical content hash, and the line tables numbered within their return (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from corpbench.standard.bundle import SCHEMAS, Bundle, conform
from corpbench.store.hashing import row_strings, sha256_hex
from corpbench.store.records import StoreError
from corpbench.store.returnhash import return_hashes

RETURN_KEY = ("org_code", "year")
ORG_COLUMNS = tuple(SCHEMAS["organisations"])
FINANCE_FIELDS = tuple(c for c in SCHEMAS["finance"] if c not in RETURN_KEY)
COST_FIELDS = tuple(c for c in SCHEMAS["function_costs"] if c not in RETURN_KEY)
INDICATOR_FIELDS = tuple(c for c in SCHEMAS["indicators"] if c not in RETURN_KEY)

#: Columns that may never be null in the store (the standard's required columns).
REQUIRED = {
    "organisations": ("org_code", "org_name", "org_type", "region"),
    "finance": ("org_code", "year", "turnover", "total_pay", "total_fte"),
    "function_costs": ("org_code", "year", "function", "pay_cost", "non_pay_cost", "fte"),
    "indicators": ("org_code", "year", "function", "indicator", "value"),
}


@dataclass(frozen=True)
class Prepared:
    """A bundle ready to store.

    ``organisations``: the register rows plus ``content_hash``. ``returns``: one row per finance
    row plus ``content_hash``, ``n_cost_lines`` and ``n_indicators``. ``cost_lines`` and
    ``indicators``: the line rows plus ``seq``, their 0-based position within their return.
    """

    organisations: pl.DataFrame
    returns: pl.DataFrame
    cost_lines: pl.DataFrame
    indicators: pl.DataFrame


def _check_required(name: str, df: pl.DataFrame) -> None:
    for column in REQUIRED[name]:
        nulls = df[column].null_count()
        if nulls:
            raise StoreError(f"{name}: {nulls} row(s) have no {column}")


def _check_unique(name: str, df: pl.DataFrame, key: tuple[str, ...]) -> None:
    dups = df.group_by(key).len().filter(pl.col("len") > 1)
    if dups.height:
        first = dups.sort(key).row(0, named=True)
        shown = ", ".join(str(first[k]) for k in key)
        raise StoreError(f"{name}: {dups.height} duplicate key(s), e.g. ({shown})")


def _numbered(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(pl.int_range(pl.len(), dtype=pl.Int64()).over(RETURN_KEY).alias("seq"))


def prepare(bundle: Bundle) -> Prepared:
    """Hash the register rows and the returns of ``bundle``; refuse a bundle the store cannot
    hold whole (required values missing, duplicate keys, lines without a finance row)."""
    orgs = conform("organisations", bundle.organisations)
    finance = conform("finance", bundle.finance)
    costs = conform("function_costs", bundle.function_costs)
    indicators = conform("indicators", bundle.indicators)
    for name, df in (
        ("organisations", orgs),
        ("finance", finance),
        ("function_costs", costs),
        ("indicators", indicators),
    ):
        _check_required(name, df)
    _check_unique("organisations", orgs, ("org_code",))
    _check_unique("finance", finance, RETURN_KEY)
    for name, df in (("function_costs", costs), ("indicators", indicators)):
        orphans = df.select(RETURN_KEY).unique().join(finance, on=list(RETURN_KEY), how="anti")
        if orphans.height:
            first = orphans.sort(RETURN_KEY).row(0)
            raise StoreError(
                f"{name}: rows for {orphans.height} (org_code, year) without a finance row, "
                f"e.g. {first[0]} {first[1]}"
            )

    orgs = orgs.with_columns(sha256_hex(row_strings("organisations", orgs, ORG_COLUMNS[1:])))

    counts = [
        df.group_by(RETURN_KEY).agg(pl.len().cast(pl.Int64()).alias(name))
        for df, name in ((costs, "n_cost_lines"), (indicators, "n_indicators"))
    ]
    keyed = finance.select(RETURN_KEY).with_columns(
        return_hashes(
            finance,
            {"finance": finance, "function_costs": costs, "indicators": indicators},
            RETURN_KEY,
        )
    )
    for part in counts:
        keyed = keyed.join(part, on=list(RETURN_KEY), how="left")
    keyed = keyed.with_columns(
        pl.col("n_cost_lines").fill_null(0), pl.col("n_indicators").fill_null(0)
    )
    returns = finance.join(keyed, on=list(RETURN_KEY), how="left")
    return Prepared(
        organisations=orgs,
        returns=returns,
        cost_lines=_numbered(costs),
        indicators=_numbered(indicators),
    )
