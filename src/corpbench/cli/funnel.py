"""``corpbench funnel``: a funnel plot's figures (docs/funnels.md), computed by
``corpbench.bench.funnel`` exactly as FunnelPlotR computes them.

A reading door: it reads a JSON file of units (or, with ``--figure``, a stored proportion
figure) and prints the funnel, as a table for people or with ``--json`` as the machine output.
Nothing is stored.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from corpbench.bench.figure_funnel import FUNNEL_FIGURES, figure_funnel
from corpbench.bench.funnel import FunnelInputError, FunnelResult, funnel, machine_output
from corpbench.cli.common import fail, load_engine, open_store, usage_error, wide_console
from corpbench.standard.labels import scorecard_figure_label

#: The keys of INPUT.json: required, then optional with FunnelPlotR's defaults (funnel()'s).
REQUIRED_KEYS = ("numerator", "denominator", "labels")
OPTIONAL_KEYS = ("data_type", "sr_method", "draw_adjusted", "draw_unadjusted", "trim_by", "limits")


def funnel_command(
    input_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="INPUT.json",
            help="The units: numerator, denominator and labels (and options), as JSON.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the machine output (docs/funnels.md).")
    ] = False,
    figure: Annotated[
        str | None,
        typer.Option(
            "--figure",
            help=f"A stored proportion figure instead of INPUT.json: {', '.join(FUNNEL_FIGURES)}.",
        ),
    ] = None,
    year: Annotated[
        str | None, typer.Option("--year", help="Financial year of --figure, e.g. 2016/17.")
    ] = None,
) -> None:
    """Funnel plot limits, overdispersion and outliers of units, as FunnelPlotR computes them."""
    if figure is not None or year is not None:
        if input_file is not None:
            raise usage_error("give INPUT.json or --figure with --year, not both.")
        if figure is None or year is None:
            raise usage_error("--figure and --year go together.")
        _stored_figure(figure, year, as_json)
        return
    if input_file is None:
        raise usage_error("give INPUT.json, or --figure F --year Y.")
    params = read_input(input_file)
    try:
        result = funnel(**params)
    except FunnelInputError as exc:
        raise fail(f"{input_file.name}: {exc}") from exc
    if as_json:
        typer.echo(json.dumps(machine_output(result), indent=2))
        return
    print_funnel(result, title=input_file.name)


def _stored_figure(figure: str, year: str, as_json: bool) -> None:
    """The funnel of a stored proportion figure over the live figures of the store."""
    if figure not in FUNNEL_FIGURES:
        raise usage_error(
            f"--figure {figure!r} is not a proportion figure: expected one of "
            f"{', '.join(FUNNEL_FIGURES)}."
        )
    with open_store() as store:
        engine = load_engine(store)
    try:
        result = figure_funnel(engine, figure, year, totals=engine.totals())
    except FunnelInputError as exc:
        raise fail(f"{scorecard_figure_label(figure)}, {year}: {exc}") from exc
    if as_json:
        typer.echo(json.dumps(machine_output(result), indent=2))
        return
    print_funnel(
        result, title=f"{scorecard_figure_label(figure)}, {year}", label_header="organisation"
    )


def read_input(path: Path) -> dict[str, Any]:
    """INPUT.json as funnel()'s arguments; a bad file is one sentence saying where and what."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise fail(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(f"{path.name} is not JSON text: {exc}") from exc
    if not isinstance(doc, dict):
        raise fail(f"{path.name}: expected a JSON object with keys {', '.join(REQUIRED_KEYS)}.")
    missing = [k for k in REQUIRED_KEYS if k not in doc]
    if missing:
        raise fail(f"{path.name}: missing key {', '.join(missing)}: expected lists, one per unit.")
    unknown = sorted(set(doc) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise fail(
            f"{path.name}: unknown key {', '.join(unknown)}: expected only "
            f"{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}."
        )
    for key in REQUIRED_KEYS:
        if not isinstance(doc[key], list):
            raise fail(f"{path.name}: {key} is {type(doc[key]).__name__}: expected a list.")
    return dict(doc)


def _number(v: float) -> str:
    return "∞" if math.isinf(v) else f"{v:.4f}"


def _pair(low: float, high: float) -> str:
    return f"{_number(low)}–{_number(high)}"


def outlier_words(result: FunnelResult, rr: float, out95: bool, out998: bool) -> str:
    """'above 99.8%', 'below 95%' or '' for a point."""
    if not (out95 or out998):
        return ""
    side = "above" if rr > result.target else "below"
    return f"{side} {'99.8%' if out998 else '95%'}"


def print_funnel(result: FunnelResult, *, title: str, label_header: str = "unit") -> None:
    """The funnel for people: its overdispersion, then a row a unit with the drawn limits."""
    kind = "proportion" if result.data_type == "PR" else f"ratio ({result.sr_method})"
    adjusted = (
        f"limits adjusted for overdispersion (φ = {result.phi:.4f}, τ² = {result.tau2:.6f})"
        if result.draw_adjusted
        else f"limits not adjusted (φ = {result.phi:.4f})"
    )
    console = wide_console()
    console.print(
        f"[bold]{title}[/]: {len(result.units)} {label_header}s, target {kind} "
        f"{result.target:.4f}; {adjusted}; {len(result.outliers)} outside the "
        f"{'95%' if result.limit == 95 else '99.8%'} limits",
        soft_wrap=True,
    )
    t = Table()
    for name in (label_header, "count", "denominator", "ratio", "z", "95%", "99.8%", "outlier"):
        t.add_column(name, justify="left" if name in (label_header, "outlier") else "right")
    for u in result.units:
        lim = u.limits
        t.add_row(
            u.label,
            f"{u.numerator:g}",
            f"{u.denominator:g}",
            _number(u.rr),
            f"{u.z:.2f}",
            _pair(lim.ll95, lim.ul95),
            _pair(lim.ll998, lim.ul998),
            outlier_words(result, u.rr, u.outlier95, u.outlier998),
        )
    console.print(t)
