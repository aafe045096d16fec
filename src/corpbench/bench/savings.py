"""Savings under a method (data standard v1 §2 "Savings", §3 "savings").

For organisation o, year y and function f (or ``all``) with ``pct_turnover`` defined and a
target t (a % of turnover) defined:

    saving(o, y, f) = max(0, cost − t/100 × turnover)

The target is the peer statistic (iqm, median or q1 of ``pct_turnover`` over the
organisation's group for that year and function, ``all`` included), the external table's value
for f (no target for ``all`` or a function the table lacks), or P for ``threshold:P``. An
organisation in no group has no target under a peer method.

An organisation's total saving is the sum of its function savings, or its saving on ``all``
under a threshold method (:func:`total_savings`); every total in the figures, pages and
documents is that one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from corpbench.bench.arith import divide
from corpbench.bench.methods import Method
from corpbench.bench.stats import membership_keys
from corpbench.standard import ALL_FUNCTION, EXTERNAL_TABLES

#: Columns of :func:`compute_savings`.
SAVINGS_COLUMNS: tuple[str, ...] = ("org_code", "year", "function", "kpi_value", "target", "saving")

#: The KPI every savings method works on.
SAVINGS_KPI = "pct_turnover"

_KEYS = ["org_code", "year", "function"]


def _targets(
    base: pl.DataFrame,
    groups: pl.DataFrame | None,
    stats: pl.DataFrame | None,
    method: Method,
    external_tables: Mapping[str, Mapping[str, float]],
) -> pl.DataFrame:
    """``base`` with a ``target`` column, keeping only the rows whose target is defined."""
    if method.is_peer:
        if groups is None or stats is None:
            raise ValueError(f"The {method} method needs peer groups and their statistics.")
        peer = stats.filter(pl.col("kpi") == SAVINGS_KPI).select(
            "group", "year", "function", pl.col(method.kind).alias("target")
        )
        return base.join(groups, on=membership_keys(groups), how="inner").join(
            peer, on=["group", "year", "function"], how="inner"
        )
    if method.kind == "external":
        if method.name is None or method.name not in external_tables:
            known = ", ".join(sorted(external_tables))
            raise ValueError(
                f"Unknown external comparator table '{method.name}'; the tables are: {known}."
            )
        table = external_tables[method.name]
        targets = pl.DataFrame(
            {"function": list(table), "target": [float(v) for v in table.values()]},
            schema={"function": pl.String, "target": pl.Float64},
        )
        return base.join(targets, on="function", how="inner")
    assert method.percent is not None
    return base.with_columns(pl.lit(method.percent, dtype=pl.Float64).alias("target"))


#: A computed saving at most this fraction of the cost is rounding noise and counts as zero:
#: far below a penny on any real cost, and above the few-ulp error of kpi_value and target, so
#: an organisation exactly at its target (say tied with its peers) never shows a "saving" of
#: 1e-7 pounds.
NOISE = 1e-12


def saving_expr(cost: pl.Expr, turnover: pl.Expr, kpi_value: pl.Expr, target: pl.Expr) -> pl.Expr:
    """max(0, cost − target/100 × turnover), exactly 0 when kpi_value ≤ target (the same
    condition, as turnover > 0) or when the difference is rounding noise (see :data:`NOISE`)."""
    raw = cost - divide(target, 100.0) * turnover
    at_or_below = (kpi_value <= target) | (raw <= NOISE * cost)
    return pl.when(at_or_below).then(0.0).otherwise(raw)


def savings_base(kpis: pl.DataFrame, totals: pl.DataFrame, finance: pl.DataFrame) -> pl.DataFrame:
    """``org_code, year, function, kpi_value, cost, turnover`` for every row with
    ``pct_turnover`` defined: what every method needs besides its target (computed once when
    several methods are asked)."""
    return (
        kpis.filter(pl.col("kpi") == SAVINGS_KPI)
        .select(*_KEYS, pl.col("value").alias("kpi_value"))
        .join(totals.select(*_KEYS, "cost"), on=_KEYS, how="inner")
        .join(finance.select("org_code", "year", "turnover"), on=["org_code", "year"], how="inner")
    )


def compute_savings(
    kpis: pl.DataFrame,
    totals: pl.DataFrame,
    finance: pl.DataFrame,
    groups: pl.DataFrame | None,
    stats: pl.DataFrame | None,
    method: Method,
    *,
    external_tables: Mapping[str, Mapping[str, float]] = EXTERNAL_TABLES,
    base: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The saving of every responding organisation and function (and ``all``) under ``method``:
    ``org_code, year, function, kpi_value, target, saving`` (data standard §3 "savings").

    ``kpis`` from :func:`corpbench.bench.kpis.compute_kpis`, ``totals`` from
    :func:`corpbench.bench.totals.function_totals`, ``groups`` from
    :func:`corpbench.bench.groups.peer_groups` and ``stats`` the :func:`peer_stats` of those
    groups (both required by peer methods only, else may be None). ``base`` may be passed when
    :func:`savings_base` of the same tables is already computed. Rows without a defined
    ``pct_turnover`` or target are absent. Sorted by (org_code, year, function).
    """
    if base is None:
        base = savings_base(kpis, totals, finance)
    with_target = _targets(base, groups, stats, method, external_tables)
    return (
        with_target.with_columns(
            saving_expr(pl.col("cost"), pl.col("turnover"), pl.col("kpi_value"), pl.col("target"))
            .cast(pl.Float64)
            .alias("saving")
        )
        .select(SAVINGS_COLUMNS)
        .sort(_KEYS)
    )


def counted_savings(savings: pl.DataFrame, method: Method) -> pl.DataFrame:
    """The rows of ``savings`` (a :func:`compute_savings` table under ``method``) that make up
    total savings (data standard §2): the function rows, or the ``all`` rows when the method
    saves on the total (:attr:`Method.saves_on_total`, a threshold)."""
    on_all = pl.col("function") == ALL_FUNCTION
    return savings.filter(on_all if method.saves_on_total else ~on_all)


def total_savings(
    savings: pl.DataFrame, method: Method, by: Sequence[str] = ("org_code", "year")
) -> pl.DataFrame:
    """The total saving per ``by`` key: ``*by, saving`` with saving = Σ of the key's
    :func:`counted_savings` rows, summed in ascending order so that it does not depend on the
    row order. With the default key that is each organisation's total saving in a year; with a
    coarser one (organisation type, a footprint's year) the sum of its organisations' totals.
    A key with no counted row (no saving defined, e.g. no peer group) has no row. Unsorted.
    """
    return (
        counted_savings(savings, method)
        .group_by(*by)
        .agg(pl.col("saving").sort().sum().cast(pl.Float64).alias("saving"))
    )
