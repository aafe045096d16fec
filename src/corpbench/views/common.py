"""Small pieces the views share: sorting by function and KPI order, and one organisation's
figures out of the engine's tables."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.bench.position import function_order
from corpbench.standard import KPIS


def order_key(functions: Iterable[str]) -> pl.DataFrame:
    """``function, _order`` for sorting frames by :func:`function_order`."""
    order = function_order(functions)
    return pl.DataFrame(
        {"function": order, "_order": list(range(len(order)))},
        schema={"function": pl.String, "_order": pl.Int64},
    )


def kpi_order() -> pl.DataFrame:
    """``kpi, _kpi_order`` for sorting frames by the standard's KPI order."""
    return pl.DataFrame(
        {"kpi": list(KPIS), "_kpi_order": list(range(len(KPIS)))},
        schema={"kpi": pl.String, "_kpi_order": pl.Int64},
    )


def org_register_row(engine: Benchmark, code: str) -> dict[str, object]:
    """The organisation's register row as a dict (empty when it is not in the register)."""
    rows = engine.organisations.filter(pl.col("org_code") == code)
    return rows.row(0, named=True) if rows.height else {}


def own_kpis_wide(kpis: pl.DataFrame, codes: pl.DataFrame) -> pl.DataFrame:
    """``org_code, year, function`` and one column per KPI (null when undefined) for the
    organisations of ``codes`` (a frame with ``org_code``), from the long KPI table."""
    long = kpis.join(codes.select("org_code").unique(), on="org_code", how="semi")
    keys = long.select("org_code", "year", "function").unique()
    for kpi in KPIS:
        column = long.filter(pl.col("kpi") == kpi).select(
            "org_code", "year", "function", pl.col("value").cast(pl.Float64).alias(kpi)
        )
        keys = keys.join(column, on=["org_code", "year", "function"], how="left")
    return keys


def in_group(group: str | None) -> pl.Expr:
    """Rows of peer group ``group`` (none when the organisation is in no group)."""
    return pl.lit(False) if group is None else pl.col("group") == group
