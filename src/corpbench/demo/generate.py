"""The calibrated demo rounds: deterministic, fictional benchmarking rounds. QIPP 2010 (2009/10
with a drifting second year, 2010/11, in the 2009/10 organisation types and QIPP's seven
functions) and NHS Improvement 2016/17 (:mod:`corpbench.demo.nhsi`); one generator for both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import polars as pl

from corpbench.demo.indicators import indicators_table
from corpbench.demo.latent import Shape, draw_lines, draw_orgs, draw_rows
from corpbench.demo.nhsi import NHSI_ROUND
from corpbench.demo.params import (
    COST_DRIFT,
    JOIN_RATE,
    LEAVE_RATE,
    NON_RESPONDENT_FINANCE,
    QIPP_ROUND,
    TURNOVER_GROWTH,
    DemoRound,
    TypeParams,
)
from corpbench.demo.register import make_register
from corpbench.demo.tables import finance_table, function_costs_table
from corpbench.documents.bundle_csv import write_bundle_csv
from corpbench.standard.bundle import Bundle

#: Every demo round, in the order they are written and loaded.
DEMO_ROUNDS: tuple[DemoRound, ...] = (QIPP_ROUND, NHSI_ROUND)
DEFAULT_YEARS: tuple[str, ...] = QIPP_ROUND.years
_TABLES = ("organisations", "finance", "function_costs", "indicators")
#: Small year-to-year re-split of a function's cost over its processes (log sd).
_ROW_DRIFT_SD = 0.05


def demo_round(name: str) -> DemoRound:
    """The demo round called ``name``; ``ValueError`` naming the rounds when there is none."""
    for r in DEMO_ROUNDS:
        if r.name == name:
            return r
    names = ", ".join(r.name for r in DEMO_ROUNDS)
    raise ValueError(f"there is no demo round {name!r}: the demo rounds are {names}")


def generate(
    *,
    seed: int | None = None,
    scale: float = 1.0,
    years: Sequence[str] | None = None,
    types: Mapping[str, TypeParams] | None = None,
    round: DemoRound = QIPP_ROUND,
) -> Bundle:
    """The bundle of one demo round (default QIPP 2010): the register and, for each year in
    ``years`` (default the round's), finance, function_costs and indicators. The same arguments
    always give the same bundle; ``seed`` defaults to the round's.

    In the first year each type has exactly its scaled eligible and respondent counts; in each
    later year turnover grows a few %, every cost line drifts a few %, a few respondents stop
    responding and a few non-respondents join. Some non-respondents have a finance row; every
    organisation has a row in at least one of the years (the last year gives one to those
    without), so that it counts as eligible in its own round's years only. ``scale``
    multiplies every count (benchmarks use 10 and 100); ``types`` replaces the round's
    calibrated constants (the calibration search uses it).
    """
    years = round.years if years is None else years
    types = round.types if types is None else types
    if scale <= 0:
        raise ValueError("scale must be greater than 0")
    if not years:
        raise ValueError("at least one year is needed")
    rng = np.random.default_rng(round.seed if seed is None else seed)
    shape = Shape.of(round)
    register = make_register(rng, round, scale, types)
    type_index, responded = register.type_index, register.responded_first.copy()
    orgs, log_dev = draw_orgs(rng, types, type_index, responded)
    lines = draw_lines(rng, shape, types, type_index, responded, log_dev)
    rows = draw_rows(rng, shape, types, type_index, lines)
    with_finance_if_silent = rng.random(len(type_index)) < NON_RESPONDENT_FINANCE
    codes = register.table["org_code"]
    indicators_of_round = round.definition().indicators

    turnover = orgs.turnover.copy()
    line_drift = np.ones(len(lines.org))
    has_row = np.zeros(len(type_index), dtype=bool)
    finance, costs, indicators = [], [], []
    for t, year in enumerate(years):
        if t:
            turnover = np.round(turnover * (1 + rng.normal(*TURNOVER_GROWTH, len(turnover))))
            line_drift = line_drift * np.exp(rng.normal(*COST_DRIFT, len(line_drift)))
            leave = rng.random(len(responded)) < LEAVE_RATE
            join = rng.random(len(responded)) < JOIN_RATE
            responded = np.where(responded, ~leave, join)
        row_drift = np.exp(rng.normal(0.0, _ROW_DRIFT_SD, len(rows.line)))
        with_finance = responded | with_finance_if_silent
        if t == len(years) - 1:  # every organisation has a row in some year of its round
            with_finance |= ~has_row
        has_row |= with_finance
        fin = finance_table(codes, year, orgs, turnover, with_finance)
        finance.append(fin)
        costs.append(
            function_costs_table(
                shape, codes, year, lines, rows, turnover, line_drift, row_drift, responded
            )
        )
        respondents = codes.filter(pl.Series(responded))
        indicators.append(
            indicators_table(rng, fin, respondents, shape.functions, indicators_of_round)
        )
    return Bundle.from_tables(
        organisations=register.table,
        finance=pl.concat(finance),
        function_costs=pl.concat(costs),
        indicators=pl.concat(indicators),
    )


def generate_rounds(
    rounds: Sequence[DemoRound] = DEMO_ROUNDS,
    *,
    seed: int | None = None,
    scale: float = 1.0,
) -> Bundle:
    """One bundle holding every round of ``rounds`` (their registers and all their years;
    the rounds' organisation codes are distinct). ``seed`` (default: each round's own) and
    ``scale`` as :func:`generate`."""
    if not rounds:
        raise ValueError("at least one round is needed")
    bundles = [generate(seed=seed, scale=scale, round=r) for r in rounds]
    return Bundle.from_tables(
        **{name: pl.concat([b.table(name) for b in bundles]) for name in _TABLES}
    )


def write_demo(
    folder: Path,
    *,
    seed: int | None = None,
    scale: float = 1.0,
    years: Sequence[str] | None = None,
) -> list[Path]:
    """Generate the QIPP demo bundle (arguments as :func:`generate`) and write it to ``folder``
    as CSV files (created if missing); the paths written."""
    return write_bundle_csv(generate(seed=seed, scale=scale, years=years), folder)
