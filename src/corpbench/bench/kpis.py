"""Key performance indicators of data standard v1 §2.

For organisation o, year y and function f (or ``all``), with cost, fte and shared from
:func:`corpbench.bench.totals.function_totals` and the organisation's finance row:

=====================  ================================
``pct_turnover``       100 × cost / turnover
``pct_pay``            100 × cost / total_pay
``pct_running_costs``  100 × cost / running_costs
``cost_per_fte``       cost / fte(o, y, f)
``cost_per_org_fte``   cost / total_fte
``shared_pct``         100 × shared / cost
=====================  ================================

A KPI is undefined (no row, never 0) when its denominator is missing or zero, when shared is
null (for ``shared_pct``), or when the organisation has no row for f.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from corpbench.bench.arith import divide
from corpbench.bench.totals import function_totals
from corpbench.standard import KPIS

#: Columns of :func:`compute_kpis`.
KPI_COLUMNS: tuple[str, ...] = ("org_code", "year", "function", "kpi", "value")

_KEYS = ["org_code", "year", "function"]


def _ratio(numerator: str, denominator: str, scale: float = 1.0) -> pl.Expr:
    """``scale × numerator / denominator``; null when either is missing or the denominator is 0."""
    num, den = pl.col(numerator), pl.col(denominator)
    defined = num.is_not_null() & den.is_not_null() & (den != 0)
    value = divide(scale * num, den) if scale != 1.0 else divide(num, den)
    return pl.when(defined).then(value).otherwise(None)


_KPI_EXPRESSIONS: dict[str, pl.Expr] = {
    "pct_turnover": _ratio("cost", "turnover", 100.0),
    "pct_pay": _ratio("cost", "total_pay", 100.0),
    "pct_running_costs": _ratio("cost", "running_costs", 100.0),
    "cost_per_fte": _ratio("cost", "fte", 1.0),
    "cost_per_org_fte": _ratio("cost", "total_fte", 1.0),
    "shared_pct": _ratio("shared", "cost", 100.0),
}
assert tuple(_KPI_EXPRESSIONS) == KPIS


def kpi_column(kpi: str) -> pl.Expr:
    """KPI ``kpi`` as a Float64 column named ``kpi`` (null where undefined), over a frame with
    the columns of :func:`function_totals` and the organisation's finance columns: the
    expression :func:`kpis_from_totals` computes it with, for callers that want the KPIs wide."""
    return _KPI_EXPRESSIONS[kpi].cast(pl.Float64).alias(kpi)


def kpis_from_totals(
    totals: pl.DataFrame, finance: pl.DataFrame, *, only: Sequence[str] | None = None
) -> pl.DataFrame:
    """Every defined KPI for the rows of ``totals`` (see :func:`function_totals`) in long form
    ``org_code, year, function, kpi, value``, sorted by those key columns; ``only`` limits it to
    some KPI codes."""
    unknown = set(only or ()) - set(KPIS)
    if unknown:
        raise ValueError(f"unknown KPI codes: {', '.join(sorted(unknown))}")
    fin = finance.select("org_code", "year", "turnover", "total_pay", "total_fte", "running_costs")
    names = sorted(only if only is not None else KPIS)
    wide = (
        totals.sort(_KEYS)
        .join(fin, on=["org_code", "year"], how="left", maintain_order="left")
        .with_row_index("_row")
        .select(
            "_row",
            *_KEYS,
            *(kpi_column(kpi) for kpi in names),
        )
    )
    # unpivot stacks the KPI columns in ``names`` order; a stable sort on the row number then
    # gives the (org_code, year, function, kpi) order without sorting strings
    return (
        wide.unpivot(on=names, index=["_row", *_KEYS], variable_name="kpi", value_name="value")
        .filter(pl.col("value").is_not_null())
        .sort("_row", maintain_order=True)
        .select(KPI_COLUMNS)
    )


def compute_kpis(
    finance: pl.DataFrame,
    function_costs: pl.DataFrame,
    *,
    totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every defined KPI of every responding organisation, for each function it has rows for
    and for ``all``: ``org_code, year, function, kpi, value`` (data standard §3 "kpis").

    ``totals`` may be passed when already computed from ``function_costs``.
    """
    if totals is None:
        totals = function_totals(function_costs)
    return kpis_from_totals(totals, finance)
