"""``corpbench round add|list|show``: round definitions (their format: docs/rounds.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from corpbench import actions
from corpbench.cli.common import err_console, fail, open_store, operator, out_console, refused
from corpbench.standard.labels import indicator_label, kpi_label, process_label
from corpbench.store.rounds import RoundVersionInfo

#: Table 14 classes in words.
_CLASS_WORDS = {"T": "transactional", "O": "operational", "S": "strategic"}

round_app = typer.Typer(
    help="Round definitions: years, functions, organisation types.", no_args_is_help=True
)


def _when(info: RoundVersionInfo) -> str | None:
    return info.added_at.isoformat() if info.added_at else None


def _summary(info: RoundVersionInfo) -> dict[str, Any]:
    rnd = info.definition
    return {
        "name": rnd.name,
        "title": rnd.title,
        "version": info.version,
        "built_in": info.built_in,
        "years": list(rnd.years),
        "added_at": _when(info),
        "added_by": info.added_by,
        "sha256": info.sha256,
    }


def _detail(info: RoundVersionInfo) -> dict[str, Any]:
    rnd = info.definition
    return {
        **_summary(info),
        "functions": [
            {"code": f.code, "label": f.label, "processes": dict(f.processes)}
            for f in rnd.functions
        ],
        "org_types": [{"code": t.code, "label": t.label} for t in rnd.org_types],
        "regions": list(rnd.regions),
        "footprints": [{"name": f.name, "region": f.region} for f in rnd.footprints],
        "size_bands": [
            {
                "code": b.code,
                "label": b.label,
                "min_turnover": b.min_turnover,
                "max_turnover": b.max_turnover,
            }
            for b in rnd.size_bands
        ],
        "kpis": list(rnd.kpis),
        "indicators": list(rnd.indicators),
    }


def _origin(info: RoundVersionInfo) -> str:
    if info.built_in:
        return "built in"
    when = info.added_at.strftime("%Y-%m-%d %H:%M UTC") if info.added_at else ""
    return f"version {info.version}, added by {info.added_by} on {when}"


@round_app.command("add")
def round_add(
    path: Annotated[Path, typer.Argument(help="The round definition (a TOML file).")],
    by: Annotated[str | None, typer.Option("--by", help="Who is adding it.")] = None,
) -> None:
    """Add a round definition (a new version of its round when its text changed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {path}: {exc}.") from exc
    with open_store() as store:
        try:
            saved = actions.add_round(store, operator(by), text, str(path))
        except actions.RoundRefused as exc:
            exit_ = refused(exc)
            for issue in exc.issues:
                err_console.print(f"  {issue}", soft_wrap=True, markup=False)
            raise exit_ from exc
        except actions.ActionError as exc:
            raise refused(exc) from exc
    rnd = saved.round
    years = ", ".join(rnd.definition.years)
    if saved.changed:
        out_console.print(f"Added round {rnd.name!r} version {rnd.version} ({years}).")
    else:
        out_console.print(f"Round {rnd.name!r} unchanged: version {rnd.version} ({years}).")


@round_app.command("list")
def round_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print the rounds as JSON.")] = False,
) -> None:
    """Show the rounds and their years (the latest version of each)."""
    with open_store() as store:
        rounds = store.rounds.all()
    if as_json:
        typer.echo(json.dumps([_summary(r) for r in rounds], indent=2))
        return
    table = Table(title="Rounds")
    for column in ("Round", "Title", "Years", "Version"):
        table.add_column(column)
    for info in rounds:
        rnd = info.definition
        table.add_row(rnd.name, rnd.title, ", ".join(rnd.years), _origin(info))
    out_console.print(table)


@round_app.command("show")
def round_show(
    year: Annotated[str, typer.Argument(help="A financial year, e.g. 2016/17.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the round as JSON.")] = False,
    as_toml: Annotated[
        bool, typer.Option("--toml", help="Print the definition as it was written.")
    ] = False,
) -> None:
    """Show the round of a year: its functions, organisation types and the rest."""
    with open_store() as store:
        info = store.rounds.of_year(year)
    if info is None:
        raise fail(f"no round holds the year {year}; add one with 'corpbench round add FILE'.")
    if as_toml:
        typer.echo(info.text, nl=False)
        return
    if as_json:
        typer.echo(json.dumps(_detail(info), indent=2))
        return
    _print_round(info)


def _print_round(info: RoundVersionInfo) -> None:
    rnd = info.definition
    out_console.print(f"[bold]{rnd.title}[/] ({rnd.name}, {_origin(info)})")
    out_console.print(f"Years: {', '.join(rnd.years)}")
    functions = Table(title="Functions")
    for column in ("Code", "Function", "Processes (Table 14 class)"):
        functions.add_column(column, overflow="fold")
    for f in rnd.functions:
        processes = "; ".join(
            f"{process_label(p)} ({_CLASS_WORDS[c]})" for p, c in f.processes.items()
        )
        functions.add_row(f.code, f.label, processes)
    out_console.print(functions)
    types = Table(title="Organisation types")
    types.add_column("Code")
    types.add_column("Organisation type")
    for t in rnd.org_types:
        types.add_row(t.code, t.label)
    out_console.print(types)
    if rnd.size_bands:
        bands = Table(title="Size bands (turnover)")
        for column in ("Code", "Size band", "From (£)", "Below (£)"):
            bands.add_column(column)
        for b in rnd.size_bands:
            top = f"{b.max_turnover:,.0f}" if b.max_turnover is not None else ""
            bands.add_row(b.code, b.label, f"{b.min_turnover:,.0f}", top)
        out_console.print(bands)
    out_console.print(f"Regions: {', '.join(rnd.regions) or 'any'}")
    footprints = [f"{f.name} ({f.region})" if f.region else f.name for f in rnd.footprints]
    out_console.print(f"Footprints: {', '.join(footprints) or 'any'}")
    out_console.print(f"KPIs: {'; '.join(kpi_label(k) for k in rnd.kpis)}")
    out_console.print(f"Indicators: {'; '.join(indicator_label(i) for i in rnd.indicators)}")
