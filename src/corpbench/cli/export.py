"""``corpbench export ...``: the machine outputs of data standard §3 as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from corpbench.bench.engine import Benchmark
from corpbench.bench.methods import parse_method
from corpbench.bench.scale import scale_export, scale_fits
from corpbench.bench.scorecard import engine_scorecard, scorecard_export
from corpbench.bench.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED
from corpbench.checks.anomalies import find_anomalies
from corpbench.cli.common import load_engine, open_store, output_stream, usage_error
from corpbench.documents.machine_csv import write_machine_csv
from corpbench.views.footprint import footprint_members

export_app = typer.Typer(
    help="Machine outputs (CSV, full precision, sorted, undefined = no row).",
    no_args_is_help=True,
)

YearOpt = Annotated[
    str | None, typer.Option("--year", help="Only this financial year, e.g. 2009/10.")
]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Write to this file instead of stdout.")]
MethodOpt = Annotated[
    str,
    typer.Option("--method", help="iqm, median, q1, external:NAME or threshold:P."),
]
GroupOpt = Annotated[
    str,
    typer.Option(
        "--group",
        help=(
            "Peer grouping: org_type, region, footprint, teaching, region_type, similar (each"
            " organisation with its CORPBENCH_SIMILAR_K nearest of its type), size_band (by"
            " turnover, the size bands of the round of the year) or peers:NAME."
        ),
    ),
]


def _method(text: str) -> str:
    try:
        parse_method(text)
    except ValueError as e:
        raise usage_error(str(e)) from e
    return text


def _emit(frame: pl.DataFrame, out: Path | None) -> None:
    with output_stream(out) as stream:
        write_machine_csv(frame, stream)


def _run(kind: str, out: Path | None, **kw: str | None) -> None:
    with open_store() as store:
        if kind == "anomalies":  # judged on the stored tables; no engine needed
            frame = find_anomalies(store.current(), year=kw["year"])
        else:
            frame = _figures(load_engine(store), kind, **kw)
    _emit(frame, out)


def _figures(engine: Benchmark, kind: str, **kw: str | None) -> pl.DataFrame:
    try:
        if kind == "kpis":
            return engine.kpis(year=kw["year"])
        if kind == "scale":
            return scale_export(scale_fits(engine.totals(year=kw["year"]), engine.finance))
        if kind == "scorecard":
            grouping = kw["group"] or "org_type"
            engine.check_grouping(grouping, kw["year"])
            return scorecard_export(engine_scorecard(engine, grouping, year=kw["year"]))
        if kind == "stats" or (kind == "savings" and engine.method(kw["method"] or "iqm").is_peer):
            engine.check_grouping(kw["group"] or "org_type", kw["year"])
        if kind == "stats":
            return engine.stats(grouping=kw["group"] or "org_type", year=kw["year"])
        if kind == "savings":
            return engine.savings(
                kw["method"] or "iqm", grouping=kw["group"] or "org_type", year=kw["year"]
            )
        return engine.summary(kw["method"] or "iqm", year=kw["year"])
    except ValueError as e:
        raise usage_error(str(e)) from e


@export_app.command("kpis")
def kpis(year: YearOpt = None, out: OutOpt = None) -> None:
    """org_code, year, function, kpi, value: every defined KPI."""
    _run("kpis", out, year=year)


@export_app.command("stats")
def stats(group: GroupOpt = "org_type", year: YearOpt = None, out: OutOpt = None) -> None:
    """group, year, function, kpi, n, mean, median, q1, q3, iqm, min, max."""
    _run("stats", out, group=group, year=year)


@export_app.command("savings")
def savings(
    method: MethodOpt = "iqm",
    group: GroupOpt = "org_type",
    year: YearOpt = None,
    out: OutOpt = None,
) -> None:
    """org_code, year, function, kpi_value, target, saving under a method."""
    _run("savings", out, method=_method(method), group=group, year=year)


@export_app.command("summary")
def summary(method: MethodOpt = "iqm", year: YearOpt = None, out: OutOpt = None) -> None:
    """The national summary by organisation type, with extrapolation to 100%."""
    _run("summary", out, method=_method(method), year=year)


@export_app.command("scorecard")
def scorecard(group: GroupOpt = "org_type", year: YearOpt = None, out: OutOpt = None) -> None:
    """org_code, year, figure, value, n, median, q1, q3, rank: the board scorecard's figures
    with their peer statistics; rank 1 = best (lowest cost, highest % paid in 30 days)."""
    _run("scorecard", out, group=group, year=year)


@export_app.command("scale")
def scale(year: YearOpt = None, out: OutOpt = None) -> None:
    """function, year, beta, beta_low, beta_high, r2, n: economies of scale, cost = a ·
    turnover^β per function (β < 1: larger organisations spend a smaller share)."""
    _run("scale", out, year=year)


@export_app.command("uncertainty")
def uncertainty(
    method: MethodOpt = "iqm",
    year: YearOpt = None,
    draws: Annotated[
        int, typer.Option("--draws", min=2, help="Bootstrap draws (at least 2).")
    ] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the draws.")] = DEFAULT_SEED,
    out: OutOpt = None,
) -> None:
    """level, key, year, method, estimate, low, high: each saving under a peer method with its
    95% bootstrap interval (national, per type, per function, per organisation)."""
    _method(method)
    with open_store() as store:
        engine = load_engine(store)
        try:
            frame = engine.uncertainty(method, year=year, draws=draws, seed=seed)
        except ValueError as e:
            raise usage_error(str(e)) from e
    _emit(frame, out)


@export_app.command("anomalies")
def anomalies(year: YearOpt = None, out: OutOpt = None) -> None:
    """Values an analyst should query: implausible cost per FTE, peer outliers, jumps, sharing."""
    _run("anomalies", out, year=year)


@export_app.command("trend")
def trend(
    footprint: Annotated[
        str | None,
        typer.Option("--footprint", help="This footprint's organisations instead of the nation."),
    ] = None,
    out: OutOpt = None,
) -> None:
    """function, year, round, organisations, cost, turnover, pct_turnover, segment,
    break_before: the nation's (or a footprint's) trend across every stored year and round."""
    with open_store() as store:
        engine = load_engine(store)
        owners = store.rounds.of_years(engine.years())
        rounds = {y: None if o is None else o.definition for y, o in owners.items()}
        members = None
        if footprint is not None:
            members = footprint_members(engine, footprint)["org_code"].to_list()
            if not members:
                raise usage_error(f"No organisation of the register is in footprint '{footprint}'.")
        frame = engine.trend(rounds, members)
    _emit(frame, out)
