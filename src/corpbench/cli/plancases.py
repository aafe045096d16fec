"""``corpbench plan save|list|show|retire``: the planning workbench's stored cases from the
command line, over the same actions as the app (``corpbench.actions.plans``), acting as the
operator (``--by``, national role)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corpbench import actions
from corpbench.actions import CaseRefused
from corpbench.cli.common import fail, open_store, operator, out_console, refused
from corpbench.cli.plan import invalid_case, plan_app
from corpbench.plan.case import document_of_text
from corpbench.plan.document import to_toml

ByOpt = Annotated[str | None, typer.Option("--by", help="Who is saving it.")]


@plan_app.command("save")
def save(
    case_file: Annotated[
        Path, typer.Argument(metavar="CASE", help="The case: a .json or .toml file.")
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="The case's name (required for a new case).")
    ] = None,
    footprint: Annotated[
        str | None, typer.Option("--footprint", help="The footprint the case plans for.")
    ] = None,
    year: Annotated[
        str | None, typer.Option("--year", help="The year of the case's baseline.")
    ] = None,
    case_id: Annotated[
        int | None, typer.Option("--id", help="Save a new version of case ID.")
    ] = None,
    by: ByOpt = None,
) -> None:
    """Save a case file in the store: a new case, or with --id a new version of one. A case
    with errors prints every one with its path and nothing is saved (exit 1)."""
    suffix = case_file.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise fail(f"{case_file.name} is not a .json or .toml file.")
    try:
        text = case_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {case_file}: {exc}") from exc
    with open_store() as store:
        try:
            saved = actions.save_case(
                store,
                operator(by),
                case_id,
                text=text,
                fmt=suffix[1:],
                name=name,
                year=year,
                footprint=footprint,
            )
        except CaseRefused as exc:
            raise invalid_case(case_file.name, exc.errors) from exc
        except actions.ActionError as exc:
            raise refused(exc) from exc
    v = saved.version
    out_console.print(f"Saved case {v.case_id} {v.name!r}, version {v.version}.", markup=False)


@plan_app.command("list")
def list_cases() -> None:
    """Show the stored cases in use (the newest version of each)."""
    with open_store() as store:
        cases = actions.list_cases(store, operator())
    table = Table(title="Business cases")
    for column in ("id", "name", "footprint", "year", "partners", "version", "saved"):
        table.add_column(column, overflow="fold")
    for v in cases:
        table.add_row(
            str(v.case_id),
            v.name,
            v.footprint or "",
            v.year,
            " ".join(v.partners),
            str(v.version),
            f"{v.saved_at:%Y-%m-%d %H:%M} by {v.saved_by}",
        )
    out_console.print(table)


@plan_app.command("show")
def show(
    case_id: Annotated[int, typer.Argument(metavar="ID", help="The case's number.")],
    as_toml: Annotated[
        bool, typer.Option("--toml", help="Write the document as TOML (a JSON case too).")
    ] = False,
) -> None:
    """Print a stored case's text as it was saved (or as TOML with --toml), ready for
    ``plan evaluate``."""
    with open_store() as store:
        try:
            saved = actions.get_case(store, operator(), case_id)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    v = saved.version
    text = to_toml(document_of_text(v.text, v.format)) if as_toml and v.format != "toml" else v.text
    typer.echo(text, nl=False)


@plan_app.command("retire")
def retire(
    case_id: Annotated[int, typer.Argument(metavar="ID", help="The case's number.")],
    by: ByOpt = None,
) -> None:
    """Delete a stored case: a retired version is added; earlier versions are kept."""
    with open_store() as store:
        try:
            gone = actions.retire_case(store, operator(by), case_id)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Deleted case {gone.case_id} {gone.name!r}.", markup=False)
