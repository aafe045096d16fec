"""The calibrated demo national round: a deterministic, fictional benchmarking round in the
2009/10 organisation types (QIPP 2010), with a drifting second year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import polars as pl

from corpbench.demo.indicators import indicators_table
from corpbench.demo.latent import draw_lines, draw_orgs, draw_rows
from corpbench.demo.params import (
    COST_DRIFT,
    JOIN_RATE,
    LEAVE_RATE,
    NON_RESPONDENT_FINANCE,
    ORG_TYPES,
    TURNOVER_GROWTH,
    TypeParams,
)
from corpbench.demo.register import make_register
from corpbench.demo.tables import finance_table, function_costs_table
from corpbench.documents.bundle_csv import write_bundle_csv
from corpbench.standard.bundle import Bundle

DEFAULT_YEARS: tuple[str, ...] = ("2009/10", "2010/11")
#: Small year-to-year re-split of a function's cost over its processes (log sd).
_ROW_DRIFT_SD = 0.05


def generate(
    *,
    seed: int = 2010,
    scale: float = 1.0,
    years: Sequence[str] = DEFAULT_YEARS,
    types: Mapping[str, TypeParams] = ORG_TYPES,
) -> Bundle:
    """The demo bundle: the register and, for each year in ``years``, finance, function_costs
    and indicators. The same arguments always give the same bundle.

    In the first year each type has exactly its scaled Table 4 eligible and respondent counts;
    in each later year turnover grows a few %, every cost line drifts a few %, a few
    respondents stop responding and a few non-respondents join. ``scale`` multiplies every
    count (benchmarks use 10 and 100); ``types`` replaces the calibrated constants (the
    calibration search uses it).
    """
    if scale <= 0:
        raise ValueError("scale must be greater than 0")
    if not years:
        raise ValueError("at least one year is needed")
    rng = np.random.default_rng(seed)
    register = make_register(rng, types, scale)
    type_index, responded = register.type_index, register.responded_first.copy()
    orgs, log_dev = draw_orgs(rng, types, type_index, responded)
    lines = draw_lines(rng, types, type_index, responded, log_dev)
    rows = draw_rows(rng, types, type_index, lines)
    with_finance_if_silent = rng.random(len(type_index)) < NON_RESPONDENT_FINANCE
    codes = register.table["org_code"]

    turnover = orgs.turnover.copy()
    line_drift = np.ones(len(lines.org))
    finance, costs, indicators = [], [], []
    for t, year in enumerate(years):
        if t:
            turnover = np.round(turnover * (1 + rng.normal(*TURNOVER_GROWTH, len(turnover))))
            line_drift = line_drift * np.exp(rng.normal(*COST_DRIFT, len(line_drift)))
            leave = rng.random(len(responded)) < LEAVE_RATE
            join = rng.random(len(responded)) < JOIN_RATE
            responded = np.where(responded, ~leave, join)
        row_drift = np.exp(rng.normal(0.0, _ROW_DRIFT_SD, len(rows.line)))
        fin = finance_table(codes, year, orgs, turnover, responded | with_finance_if_silent)
        finance.append(fin)
        costs.append(
            function_costs_table(
                codes, year, lines, rows, turnover, line_drift, row_drift, responded
            )
        )
        indicators.append(indicators_table(rng, fin, codes.filter(pl.Series(responded))))
    return Bundle.from_tables(
        organisations=register.table,
        finance=pl.concat(finance),
        function_costs=pl.concat(costs),
        indicators=pl.concat(indicators),
    )


def write_demo(
    folder: Path,
    *,
    seed: int = 2010,
    scale: float = 1.0,
    years: Sequence[str] = DEFAULT_YEARS,
) -> list[Path]:
    """Generate the demo bundle (arguments as :func:`generate`) and write it to ``folder`` as
    CSV files (created if missing); the paths written."""
    return write_bundle_csv(generate(seed=seed, scale=scale, years=years), folder)
