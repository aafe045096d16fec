"""``corpbench load PATH``: validate a bundle and store it whole, or reject it whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corpbench import actions
from corpbench.cli.common import (
    REJECTED,
    err_console,
    fail,
    open_store,
    operator,
    out_console,
    refused,
    steps,
)
from corpbench.config import get_settings
from corpbench.ingest import Issue, Report
from corpbench.store import LoadResult, VersionRef


def load(
    path: Annotated[
        Path, typer.Argument(help="A folder of CSV files, a .zip of them or an .xlsx workbook.")
    ],
    by: Annotated[
        str | None, typer.Option("--by", help="Who is loading (default: the OS user).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Validate a return bundle and store it as new versions; exit 1 with every error if not.
    The audit log records the load (``upload`` or ``upload_rejected``) as the web's upload does."""
    settings = get_settings()
    if not path.exists() and not as_json:  # with --json the report says so, as JSON
        raise fail(f"{path} does not exist; give a folder, a .zip, a .csv or an .xlsx file.")
    with open_store(settings) as store, steps(3) as step:
        try:
            outcome = actions.load(store, operator(by), path, settings=settings, step=step)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    report, result = outcome.report, outcome.result
    if as_json:
        payload = report.to_dict()
        payload["stored"] = result is not None
        if result is not None:
            payload["load"] = load_summary(result)
        typer.echo(json.dumps(payload, indent=2))
    else:
        _print_report(report, result)
    if result is None:
        raise typer.Exit(code=REJECTED)


def _issue_table(title: str, issues: list[Issue], last: str) -> Table:
    table = Table(title=title)
    for col in ("file", "row", "column", "value", last):
        table.add_column(col, overflow="fold")
    for i in issues:
        row = "" if i.row is None else str(i.row)
        table.add_row(i.file or "", row, i.column or "", i.value or "", i.message)
    return table


def _print_report(report: Report, result: LoadResult | None) -> None:
    errors, warnings = report.errors, report.warnings
    if not report.ok:
        title = f"{len(errors)} error(s): nothing was stored"
        err_console.print(_issue_table(title, errors, "what was expected"))
        err_console.print(
            f"[bold red]Rejected:[/] {report.source} has {len(errors)} error(s); "
            "nothing was stored."
        )
        return
    if warnings:
        title = f"{len(warnings)} anomaly warning(s) to query (stored anyway)"
        out_console.print(_issue_table(title, warnings, "warning"))
    assert result is not None
    out_console.print(summary_line(result))


def _refs(refs: list[VersionRef]) -> list[dict[str, object]]:
    return [{"org_code": r.org_code, "year": r.year, "version": r.version} for r in refs]


def load_summary(result: LoadResult) -> dict[str, object]:
    """The load's outcome as JSON-ready data (the ``load`` field of ``load --json``)."""
    return {
        "load_id": result.load_id,
        "loaded_at": result.loaded_at.isoformat(),
        "new_org_versions": _refs(result.new_org_versions),
        "unchanged_orgs": _refs(result.unchanged_org_versions),
        "new_return_versions": _refs(result.new_return_versions),
        "unchanged_returns": _refs(result.unchanged_return_versions),
    }


def summary_line(result: LoadResult) -> str:
    """One sentence saying what the load stored."""
    if not result.changed:
        return (
            f"Stored nothing new (load {result.load_id}): the data is identical to the stored "
            "versions."
        )
    return (
        f"Stored as load {result.load_id}: {len(result.new_return_versions)} new return "
        f"version(s), {len(result.unchanged_return_versions)} unchanged; "
        f"{len(result.new_org_versions)} register change(s)."
    )
