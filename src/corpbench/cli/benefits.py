"""``corpbench benefits list|add|upload|show --programme ID``: a programme's benefit lines and
envelopes, adding a line, uploading its values (CSV or XLSX) and a line's XmR chart as a table
(docs/programme.md "Benefits"), over the same actions as the app, acting as the operator
(``--by``, national role)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corpbench import actions
from corpbench.actions.benefits import (
    LINE_FUNCTIONS,
    UploadRefused,
    benefit_line,
    programme_benefits,
    save_line,
    upload_values,
)
from corpbench.charts.spc import xmr_table
from corpbench.cli.common import fail, open_store, operator, out_console, refused
from corpbench.programme.benefits import DIRECTIONS, line_spc
from corpbench.views.benefits import chart_words, envelope_rows, line_rows

benefits_app = typer.Typer(help="A programme's benefits tracking.", no_args_is_help=True)

ProgrammeOpt = Annotated[int, typer.Option("--programme", help="The programme's number.")]
ByOpt = Annotated[str | None, typer.Option("--by", help="Who is doing it.")]
#: The largest upload read, in bytes (the reader refuses larger).
UPLOAD_LIMIT = 5 * 1024 * 1024


def _say(text: str) -> None:
    out_console.print(text, markup=False, soft_wrap=True)


@benefits_app.command("list")
def list_lines(programme: ProgrammeOpt) -> None:
    """Show a programme's benefit lines and its savings against the envelopes."""
    with open_store() as store:
        try:
            seen = programme_benefits(store, operator(), programme)
        except actions.ActionError as exc:
            raise refused(exc) from exc
        register = store.register()
    names = dict(zip(register["org_code"], register["org_name"], strict=True))
    for e in envelope_rows(seen.envelopes, names, seen.notes):
        _say(f"{e.name}: {e.amount}. {e.words}" if e.amount else f"{e.name}: {e.words}")
    table = Table(title=f"Benefit lines of programme {programme}")
    for column in ("line", "function", "description", "cashable", "months", "latest", "realised"):
        table.add_column(column, overflow="fold")
    for r in line_rows(seen.lines, seen.envelopes.through):
        table.add_row(
            str(r.number), r.function, r.description, r.cashable, str(r.months), r.latest,
            r.realised,
        )  # fmt: skip
    out_console.print(table)


def _amount(text: str | None, what: str) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text.replace(",", "").removeprefix("£"))
    except ValueError:
        raise fail(f"--{what}: {text!r} is not a number.") from None


@benefits_app.command("add")
def add(
    programme: ProgrammeOpt,
    description: Annotated[str, typer.Argument(metavar="DESCRIPTION", help="What it measures.")],
    function: Annotated[
        str, typer.Option("--function", help=f"One of {', '.join(LINE_FUNCTIONS)}.")
    ] = "all",
    owner: Annotated[str, typer.Option("--owner", help="Who answers for it.")] = "",
    cashable: Annotated[
        bool, typer.Option("--cashable/--not-cashable", help="A cash saving (£ a month)?")
    ] = True,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="The monthly value before.")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="The monthly value aimed at.")
    ] = None,
    improvement: Annotated[
        str, typer.Option("--improvement", help=f"One of {', '.join(DIRECTIONS)}.")
    ] = "increase",
    by: ByOpt = None,
) -> None:
    """Add a benefit line to a programme."""
    with open_store() as store:
        try:
            saved = save_line(
                store,
                operator(by),
                programme,
                None,
                function=function,
                description=description,
                owner=owner or (by or "operator"),
                cashable=cashable,
                baseline=_amount(baseline, "baseline"),
                target=_amount(target, "target"),
                improvement=improvement,
            )
        except actions.ActionError as exc:
            raise refused(exc) from exc
    _say(f"Added line {saved.number} to programme {programme}: {saved.description}.")


@benefits_app.command("upload")
def upload(
    programme: ProgrammeOpt,
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv or .xlsx file.")],
    by: ByOpt = None,
) -> None:
    """Upload actual and planned values (columns line, month, actual, planned): all stored,
    or none with every problem listed."""
    if not path.is_file():
        raise fail(f"{path}: there is no file there.")
    with path.open("rb") as f:
        data = f.read(UPLOAD_LIMIT + 1)
    with open_store() as store:
        try:
            n = upload_values(store, operator(by), programme, data, path.name)
        except UploadRefused as exc:
            for issue in exc.issues:
                _say(f"{issue.location()}: {issue.message}")
            raise refused(exc) from exc
        except actions.ActionError as exc:
            raise refused(exc) from exc
    _say(f"Stored {n} value(s) from {path.name} for programme {programme}.")


@benefits_app.command("show")
def show(
    programme: ProgrammeOpt,
    line: Annotated[int, typer.Argument(metavar="LINE", help="The line's number.")],
) -> None:
    """Show a line's XmR chart as a table, with its variation and assurance."""
    with open_store() as store:
        try:
            _, found, _ = benefit_line(store, operator(), programme, line)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    result = line_spc(found)
    _say(f"Line {found.number}: {found.description}.")
    if result is None:
        _say("No actual yet.")
        return
    words = chart_words(result)
    _say(f"Variation: {words.variation_words}.")
    _say(f"Assurance: {words.assurance_words}.")
    if words.few_points:
        _say(words.few_points)
    months, _ = found.actual_series()
    spc = xmr_table(result, title=f"Line {found.number}")
    table = Table(title=spc.caption)
    for column in ("month", "actual", "mean", "lower", "upper", "type"):
        table.add_column(column, overflow="fold")
    for month, row in zip(months, spc.rows, strict=True):
        table.add_row(month, row[1], row[2], row[3], row[4], row[6])
    out_console.print(table)
