"""The funnel of a stored proportion figure (programme methods §5): the scorecard's numerator
and denominator of each organisation with the figure defined in a year
(:func:`corpbench.bench.scorecard.proportion_parts`), drawn by
:func:`corpbench.bench.funnel.funnel` as proportions with FunnelPlotR's defaults. Units are
labelled by organisation code, in code order."""

from __future__ import annotations

import polars as pl

from corpbench.bench.funnel import FunnelInputError, FunnelResult, funnel
from corpbench.bench.scorecard import ScorecardTables, proportion_parts
from corpbench.bench.scorecard_defs import PROPORTION_FIGURES

#: The figures a funnel can be drawn of, in the order they are offered.
FUNNEL_FIGURES: tuple[str, ...] = PROPORTION_FIGURES


def figure_parts_of_year(
    tables: ScorecardTables, figure: str, year: str, *, totals: pl.DataFrame | None = None
) -> pl.DataFrame:
    """``org_code, numerator, denominator`` of ``figure`` in ``year``, by org_code (``totals``:
    the tables' function totals, e.g. a benchmark's, so they are not computed again);
    ``ValueError`` for a figure that is not a proportion figure."""
    parts = proportion_parts(tables, figure, year=year, totals=totals)
    return (
        parts.filter(pl.col("year") == year)
        .select("org_code", "numerator", "denominator")
        .sort("org_code")
    )


def figure_funnel(
    tables: ScorecardTables,
    figure: str,
    year: str,
    *,
    limits: float = 99,
    totals: pl.DataFrame | None = None,
) -> FunnelResult:
    """The funnel of ``figure`` in ``year``; ``ValueError`` for another figure and
    :class:`FunnelInputError` (naming the organisation) for parts a funnel cannot take: fewer
    than two organisations, or a numerator above its denominator."""
    parts = figure_parts_of_year(tables, figure, year, totals=totals)
    if parts.height < 2:
        raise FunnelInputError(
            "year",
            f"{parts.height} organisation{'s' if parts.height != 1 else ''} with {figure} in "
            f"{year}: a funnel needs at least 2.",
        )
    return funnel(
        parts["numerator"].to_list(),
        parts["denominator"].to_list(),
        parts["org_code"].to_list(),
        data_type="PR",
        limits=limits,
    )
