"""A footprint's view (issue 4, item 5): its organisations side by side per function, their
combined baseline and their combined savings opportunity by method.

The combined baseline follows planning methods §1 (consortium baseline) over the footprint's
organisations that responded in the year (the partners): per function, ``cost``, ``fte`` and
``shared`` are sums of the data-standard figures (``shared`` null when no partner returned
one); volumes are sums of each volume indicator; ``employees`` is Σ finance.employees, using an
organisation's total_fte where its employees are missing (those organisations are named in
:attr:`FootprintView.employees_from_fte`). Scale test (QIPP): employees ≥ 50,000 is ``target``,
≥ 20,000 ``viable``, otherwise ``below_minimum``. Carter's test per partner: 100 × cost(all) /
turnover against 7% and 6%. The sums, volumes, employees and scale test are
:mod:`corpbench.bench.consortium`'s (the one place of the consortium baseline's figures).

Savings: a partner's saving per function is its ``export savings`` row under the method (peer
methods against its peer group under ``grouping``, by default its type nationally); the combined
saving of a function is the sum over partners, and the combined total the sum of the partners'
total savings (:func:`corpbench.bench.savings.total_savings`).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from corpbench.bench.carter import CARTER_CEILINGS
from corpbench.bench.consortium import (
    employees_of,
    scale_status,
    summed_totals,
    volumes_of,
)
from corpbench.bench.engine import Benchmark
from corpbench.bench.groups import DEFAULT_GROUPING
from corpbench.bench.methods import Method
from corpbench.bench.position import function_order
from corpbench.bench.savings import total_savings
from corpbench.standard import ALL_FUNCTION, KPIS
from corpbench.views.common import order_key
from corpbench.views.labels import TOTAL_ROW, function_label, method_label, side_by_side_methods

#: Columns of :attr:`FootprintView.side_by_side`.
SIDE_BY_SIDE_COLUMNS: tuple[str, ...] = (
    "org_code",
    "org_name",
    "function",
    "function_label",
    "cost",
    "fte",
    *KPIS,
    "target",
    "saving",
)


@dataclass(frozen=True)
class FootprintView:
    footprint: str
    year: str
    grouping: str
    method: str
    method_label: str
    methods: tuple[str, ...]
    #: ``org_code, org_name, org_type, responded`` for every organisation of the footprint.
    members: pl.DataFrame
    #: ``org_code, org_name, function, function_label, cost, fte, <KPIs>, target, saving`` per
    #: partner and function (``all`` included), functions in the standard's order.
    side_by_side: pl.DataFrame
    #: ``function, function_label, organisations, cost, fte, shared`` summed over partners.
    baseline: pl.DataFrame
    #: ``function, indicator, value, organisations``: each volume indicator summed.
    volumes: pl.DataFrame
    #: ``organisations, turnover, total_pay, total_fte, employees`` of the partners.
    totals: pl.DataFrame
    employees: float | None
    employees_from_fte: tuple[str, ...]
    employees_missing: tuple[str, ...]
    #: ``below_minimum``, ``viable`` or ``target`` (None without employees).
    scale: str | None
    #: ``org_code, org_name, pct_turnover, within_7, within_6`` per partner.
    carter: pl.DataFrame
    #: ``method, method_label, function, function_label, saving`` summed over partners: one row
    #: per method and function, then ``total`` per method.
    savings_by_method: pl.DataFrame
    #: The same with one column per method spelling.
    savings_by_method_wide: pl.DataFrame


def footprint_members(engine: Benchmark, footprint: str) -> pl.DataFrame:
    """``org_code, org_name, org_type`` of the register entries in ``footprint``."""
    return (
        engine.organisations.filter(pl.col("footprint").str.strip_chars() == footprint)
        .select("org_code", "org_name", "org_type")
        .sort("org_code")
    )


def footprints(engine: Benchmark) -> list[str]:
    """Every footprint named in the register, sorted."""
    names = engine.organisations["footprint"].drop_nulls().str.strip_chars()
    return sorted(n for n in names.unique().to_list() if n)


def _side_by_side(
    engine: Benchmark, partners: pl.DataFrame, year: str, grouping: str, method: Method
) -> pl.DataFrame:
    keys = ["org_code", "function"]
    totals = engine.totals(year).join(partners, on="org_code", how="semi")
    table = totals.select("org_code", "function", "cost", "fte")
    kpis = engine.kpis(year).join(partners, on="org_code", how="semi")
    for kpi in KPIS:
        column = kpis.filter(pl.col("kpi") == kpi).select(*keys, pl.col("value").alias(kpi))
        table = table.join(column, on=keys, how="left")
    saving = (
        engine.savings(method, grouping, year)
        .join(partners, on="org_code", how="semi")
        .select(*keys, "target", "saving")
    )
    table = table.join(saving, on=keys, how="left").join(
        partners.select("org_code", "org_name"), on="org_code", how="left"
    )
    return (
        table.join(order_key(table["function"].to_list()), on="function", how="left")
        .sort("_order", "org_code")
        .drop("_order")
        .with_columns(
            pl.col("function")
            .map_elements(function_label, return_dtype=pl.String)
            .alias("function_label")
        )
        .select(SIDE_BY_SIDE_COLUMNS)
    )


def _baseline(engine: Benchmark, partners: pl.DataFrame, year: str) -> pl.DataFrame:
    summed = summed_totals(engine.totals(year), partners["org_code"].to_list(), year)
    order = order_key(summed["function"].to_list())
    return (
        summed.join(order, on="function")
        .sort("_order")
        .drop("_order")
        .with_columns(
            pl.col("function")
            .map_elements(function_label, return_dtype=pl.String)
            .alias("function_label")
        )
        .select("function", "function_label", "organisations", "cost", "fte", "shared")
    )


def _volumes(engine: Benchmark, partners: pl.DataFrame, year: str) -> pl.DataFrame:
    summed = volumes_of(engine.indicators, partners["org_code"].to_list(), year)
    order = order_key(summed["function"].to_list())
    return (
        summed.join(order, on="function", how="left")
        .sort("_order", "indicator")
        .select("function", "indicator", "value", "organisations")
    )


def _employees(
    engine: Benchmark, partners: pl.DataFrame, year: str
) -> tuple[pl.DataFrame, float | None, tuple[str, ...], tuple[str, ...]]:
    fin = engine.finance.filter(pl.col("year") == year).join(partners, on="org_code", how="semi")
    fin = fin.sort("org_code")
    _, employees, from_fte, missing = employees_of(fin, fin["org_code"].to_list(), year)
    totals = pl.DataFrame(
        {
            "organisations": [fin.height],
            "turnover": [fin["turnover"].drop_nulls().sort().sum() if fin.height else None],
            "total_pay": [fin["total_pay"].drop_nulls().sort().sum() if fin.height else None],
            "total_fte": [fin["total_fte"].drop_nulls().sort().sum() if fin.height else None],
            "employees": [employees],
        },
        schema={
            "organisations": pl.Int64,
            "turnover": pl.Float64,
            "total_pay": pl.Float64,
            "total_fte": pl.Float64,
            "employees": pl.Float64,
        },
    )
    return totals, employees, from_fte, missing


def _carter(side_by_side: pl.DataFrame) -> pl.DataFrame:
    whole = side_by_side.filter(pl.col("function") == ALL_FUNCTION)
    within = [
        (pl.col("pct_turnover") <= percent).alias(f"within_{percent:g}")
        for percent, _ in CARTER_CEILINGS
    ]
    return whole.select("org_code", "org_name", "pct_turnover", *within).sort("org_code")


def _savings(
    engine: Benchmark,
    partners: pl.DataFrame,
    year: str,
    grouping: str,
    methods: tuple[str, ...],
    functions: list[str],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    frame = pl.DataFrame(
        {"function": [f for f in functions if f != ALL_FUNCTION]}, schema={"function": pl.String}
    )
    parts = []
    for spelling in methods:
        m = engine.method(spelling)
        own = engine.savings(m, grouping, year).join(partners, on="org_code", how="semi")
        by_function = (
            own.filter(pl.col("function") != ALL_FUNCTION)
            .group_by("function")
            .agg(pl.col("saving").sort().sum())
        )
        rows = frame.join(by_function, on="function", how="left", maintain_order="left")
        # the partners' total savings summed (one row, or none when no saving is defined)
        summed = total_savings(own, m, by=("year",))["saving"]
        total = None if summed.is_empty() else float(summed[0])
        total_row = pl.DataFrame(
            {"function": [TOTAL_ROW], "saving": [total]},
            schema={"function": pl.String, "saving": pl.Float64},
        )
        parts.append(
            pl.concat([rows, total_row]).with_columns(
                pl.lit(str(m)).alias("method"), pl.lit(method_label(str(m))).alias("method_label")
            )
        )
    long = (
        pl.concat(parts)
        .with_columns(
            pl.col("function")
            .map_elements(function_label, return_dtype=pl.String)
            .alias("function_label")
        )
        .select("method", "method_label", "function", "function_label", "saving")
    )
    wide = pl.concat([frame, pl.DataFrame({"function": [TOTAL_ROW]})]).with_columns(
        pl.col("function")
        .map_elements(function_label, return_dtype=pl.String)
        .alias("function_label")
    )
    for spelling in methods:
        name = str(engine.method(spelling))
        column = long.filter(pl.col("method") == name).select(
            "function", pl.col("saving").alias(name)
        )
        wide = wide.join(column, on="function", how="left", maintain_order="left")
    return long, wide


def footprint_view(
    engine: Benchmark,
    footprint: str,
    year: str | None = None,
    method: str | Method = "iqm",
    grouping: str = DEFAULT_GROUPING,
    *,
    methods: tuple[str, ...] | None = None,
) -> FootprintView:
    """The view of ``footprint`` in ``year`` (default: the latest year any of its organisations
    responded in); see the module docstring. Raises ``ValueError`` for a footprint with no
    organisation in the register, a year none of them responded in, or an unknown method or
    grouping."""
    members = footprint_members(engine, footprint)
    if members.is_empty():
        raise ValueError(f"No organisation of the register is in footprint '{footprint}'.")
    parsed = engine.method(method)
    engine.groups(grouping)
    responded_rows = engine.totals().join(members, on="org_code", how="semi")
    years = sorted(responded_rows["year"].unique().to_list())
    if year is None:
        if not years:
            raise ValueError(f"No organisation of footprint '{footprint}' has returned cost data.")
        year = years[-1]
    elif year not in years:
        raise ValueError(f"No organisation of footprint '{footprint}' has cost data for {year}.")
    responded = responded_rows.filter(pl.col("year") == year).select("org_code").unique()
    members = members.with_columns(
        pl.col("org_code").is_in(responded["org_code"].to_list()).alias("responded")
    )
    partners = members.filter(pl.col("responded")).select("org_code", "org_name")
    methods = methods or side_by_side_methods(engine.external_tables)
    side = _side_by_side(engine, partners, year, grouping, parsed)
    totals, employees, from_fte, missing = _employees(engine, partners, year)
    functions = function_order(side["function"].to_list())
    long, wide = _savings(engine, partners, year, grouping, methods, functions)
    return FootprintView(
        footprint=footprint,
        year=year,
        grouping=grouping,
        method=str(parsed),
        method_label=method_label(str(parsed)),
        methods=tuple(str(engine.method(m)) for m in methods),
        members=members,
        side_by_side=side,
        baseline=_baseline(engine, partners, year),
        volumes=_volumes(engine, partners, year),
        totals=totals,
        employees=employees,
        employees_from_fte=from_fte,
        employees_missing=missing,
        scale=scale_status(employees),
        carter=_carter(side),
        savings_by_method=long,
        savings_by_method_wide=wide,
    )
