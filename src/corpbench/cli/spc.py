"""``corpbench spc SERIES``: the XmR chart of a series (docs/spc.md) as a table for people or
the JSON contract (``--json``). Options given on the command line override a JSON file's keys."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corpbench.cli.common import err_console, fail, usage_error, wide_console
from corpbench.formatting import format_number
from corpbench.programme.spc import IMPROVEMENT_DIRECTIONS, SpcInputError, SpcResult, machine_output
from corpbench.programme.spc_input import (
    SpcFileError,
    SpcSeries,
    parse_series_csv,
    parse_series_json,
)
from corpbench.standard.spc_labels import (
    SPC_DIRECTION_LABELS,
    spc_assurance_label,
    spc_icon_label,
    spc_point_type_label,
    spc_rule_label,
)


def _read(path: Path) -> SpcSeries:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise usage_error(f"SERIES must be a .csv or .json file, not {path.name!r}.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise fail(f"cannot read {path}: {e}") from e
    try:
        return parse_series_json(text) if suffix == ".json" else parse_series_csv(text)
    except SpcFileError as e:
        raise fail(f"{path.name}, {e}") from e


def spc(
    series: Annotated[
        Path,
        typer.Argument(
            metavar="SERIES",
            help="A .csv of date,value (and rebase 0/1) or a .json of the xmr arguments.",
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON contract of docs/spc.md.")
    ] = False,
    improvement: Annotated[
        str | None,
        typer.Option(
            "--improvement",
            metavar="DIRECTION",
            help="increase, decrease or neutral (default increase).",
        ),
    ] = None,
    target: Annotated[
        float | None, typer.Option("--target", metavar="X", help="The target value.")
    ] = None,
    fix_after: Annotated[
        int | None,
        typer.Option(
            "--fix-after",
            metavar="N",
            help="Fix each rebase group's limits on its first N points (N at least 12).",
        ),
    ] = None,
    screen_outliers: Annotated[
        bool | None,
        typer.Option(
            "--screen-outliers/--no-screen-outliers",
            help="Screen moving ranges above 3.267 × their mean out of the limits (default on).",
        ),
    ] = None,
) -> None:
    """The XmR chart of SERIES as NHSRplotthedots computes it: each point's mean, process
    limits and type, the variation and the assurance against a target."""
    s = _read(series)
    given = {
        "improvement_direction": improvement,
        "target": target,
        "fix_after_n_points": fix_after,
        "screen_outliers": screen_outliers,
    }
    s = dataclasses.replace(s, **{k: v for k, v in given.items() if v is not None})  # type: ignore[arg-type]
    if s.improvement_direction not in IMPROVEMENT_DIRECTIONS:
        raise usage_error(
            f"--improvement must be one of {', '.join(IMPROVEMENT_DIRECTIONS)}, "
            f"not {s.improvement_direction!r}."
        )
    try:
        result = s.chart()
    except SpcInputError as e:
        raise fail(f"{series.name}: {e}") from e
    for w in result.warnings:  # on stderr, so that --json's output stays the contract alone
        err_console.print(f"Warning: {w}", soft_wrap=True, markup=False)
    if as_json:
        typer.echo(json.dumps(machine_output(result), indent=2))
        return
    _tables(s, result)


def _num(v: float) -> str:
    return "—" if v != v else format_number(v, 2)  # NaN: an undefined limit


def _tables(s: SpcSeries, result: SpcResult) -> None:
    t = Table(title="XmR chart (" + SPC_DIRECTION_LABELS[s.improvement_direction] + ")")
    t.add_column("date" if s.dates else "point")
    for name in ("value", "mean", "lower limit", "upper limit"):
        t.add_column(name, justify="right")
    rebased = len({p.rebase_group for p in result.points}) > 1
    if rebased:
        t.add_column("group", justify="right")
    t.add_column("point type")
    t.add_column("why")
    for p in result.points:
        t.add_row(
            s.dates[p.index].isoformat() if s.dates else str(p.index),
            _num(p.value),
            _num(p.mean),
            _num(p.lpl),
            _num(p.upl),
            *([str(p.rebase_group)] if rebased else []),
            spc_point_type_label(p.point_type),
            "; ".join(spc_rule_label(r) for r in p.rules),
        )
    console = wide_console()
    console.print(t)
    console.print(
        f"Variation: {spc_icon_label(result.variation_icon)}", soft_wrap=True, markup=False
    )
    target = "" if s.target is None else f" (target {format_number(s.target, 2)})"
    console.print(
        f"Assurance{target}: {spc_assurance_label(result.assurance)}",
        soft_wrap=True,
        markup=False,
    )
