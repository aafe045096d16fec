"""The economies of scale beside a case (programme methods §6, issue 12 item 6): one table per
case, computed once by :func:`scale_of_case` and read by every door of the case — its page, its
PDF and workbook (through :attr:`corpbench.views.plan.PlanView.scale`), its API answer
(:func:`scale_output`) and ``plan evaluate --scale``.

Per function of the case, in its order: β of cost = a · turnover^β over every organisation with
figures in the case's year, its 95% interval, R², the organisations fitted and the scale saving
of one combined service for the case's partners (:func:`corpbench.bench.scale.partners_scale`);
a function without a fit (fewer than two organisations of different turnovers) has nulls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.bench.scale import partners_scale
from corpbench.standard.labels import function_label

#: The figures of each function in :attr:`CaseScale.table` (after ``function`` and its label)
#: and of each element of the API's ``economies_of_scale`` (after ``function``).
SCALE_FIGURES: tuple[str, ...] = (
    "n",
    "beta",
    "beta_low",
    "beta_high",
    "r_squared",
    "scale_saving",
)


@dataclass(frozen=True)
class CaseScale:
    """The economies of scale of a case's functions and partners in ``year``."""

    year: str
    #: function, function_label, n, beta, beta_low, beta_high, r_squared, scale_saving.
    table: pl.DataFrame
    #: Partners left out of the scale saving for want of a turnover in ``year``.
    left_out: tuple[str, ...]


def case_scale(functions: Sequence[str], scale: pl.DataFrame) -> pl.DataFrame:
    """For each of a case's ``functions`` in its order, its row of ``scale``
    (:func:`corpbench.bench.scale.partners_scale`) with the function's words; a function
    without a fit has nulls."""
    order = pl.DataFrame(
        {"function": list(functions), "function_label": [function_label(f) for f in functions]},
        schema={"function": pl.String, "function_label": pl.String},
    )
    return order.join(
        scale.select("function", *SCALE_FIGURES),
        on="function",
        how="left",
        maintain_order="left",
    )


def scale_of_case(
    engine: Benchmark, year: str | None, partners: Iterable[str], functions: Sequence[str]
) -> CaseScale | None:
    """The economies of scale of a case of ``functions`` and ``partners`` in ``year``, from the
    figures ``engine`` of whoever reads it; None when the case has no year or no partners, or
    ``engine`` has no figures for its year."""
    codes = list(partners)
    if year is None or not codes or year not in engine.years():
        return None
    table, absent = partners_scale(engine.totals(year), engine.finance, year, codes)
    return CaseScale(year, case_scale(functions, table), tuple(absent))


def scale_output(scale: CaseScale | None) -> list[dict[str, object]]:
    """The API's ``economies_of_scale`` (docs/api.md): per function of the case, its code and
    :data:`SCALE_FIGURES` at full precision (null without a fit); empty without a scale."""
    if scale is None:
        return []
    return [
        {"function": r["function"], **{k: r[k] for k in SCALE_FIGURES}}
        for r in scale.table.iter_rows(named=True)
    ]
