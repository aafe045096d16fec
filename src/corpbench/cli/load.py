"""``corpbench load PATH``: validate a bundle and store it whole, or reject it whole.

People get a screenful whatever the bundle's size: the issues counted by code with the
catalogue's sentence, the first few of each code, and where the full list is (``--report FILE``
writes it as CSV or JSON; ``--json`` prints it with the load's outcome).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

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
    usage_error,
)
from corpbench.config import get_settings
from corpbench.documents.issue_list import SUFFIXES, write_issue_list
from corpbench.ingest import Report, Severity
from corpbench.ingest.issues import Issue, IssueGroup, shorten
from corpbench.store import LoadResult, VersionRef


def load(
    path: Annotated[
        Path, typer.Argument(help="A folder of CSV files, a .zip of them or an .xlsx workbook.")
    ],
    by: Annotated[
        str | None, typer.Option("--by", help="Who is loading (default: the OS user).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    report_file: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Write every issue to this file: .csv (one row per issue) or .json.",
        ),
    ] = None,
) -> None:
    """Validate a return bundle and store it as new versions; exit 1 and list the errors if
    not. The audit log records the load (``upload`` or ``upload_rejected``) as the web\x27s upload
    does."""
    settings = get_settings()
    if report_file is not None and report_file.suffix.lower() not in SUFFIXES:
        raise usage_error(f"--report {report_file}: give a file name ending .csv or .json.")
    if not path.exists() and not as_json:  # with --json the report says so, as JSON
        raise fail(f"{path} does not exist; give a folder, a .zip, a .csv or an .xlsx file.")
    with open_store(settings) as store, steps(3) as step:
        try:
            outcome = actions.load(store, operator(by), path, settings=settings, step=step)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    report, result = outcome.report, outcome.result
    if report_file is not None:
        try:
            write_issue_list(report, report_file)
        except OSError as e:
            raise fail(f"cannot write the list of issues to {report_file}: {e.strerror}") from e
    if as_json:
        payload = report.to_dict()
        payload["stored"] = result is not None
        if result is not None:
            payload["load"] = load_summary(result)
        typer.echo(json.dumps(payload, indent=2))
    else:
        _print_report(report, result, report_file)
    if result is None:
        raise typer.Exit(code=REJECTED)


#: Examples shown per code when there are few codes, and the most codes shown with examples
#: (one each when there are more than ``FEW_CODES``): the output stays within a screen.
EXAMPLES = 3
FEW_CODES = 3
MAX_CODES = 8
#: Characters of a value shown in an example.
SHOWN_VALUE = 40


def _groups_table(title: str, groups: list[IssueGroup]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("count", justify="right")
    table.add_column("code")
    table.add_column("meaning", overflow="fold")
    for g in groups:
        table.add_row(f"{g.count:,}", Text(g.code), Text(g.meaning))
    return table


def _shown(groups: list[IssueGroup]) -> list[Issue]:
    """The examples printed: the first few of each code, fewer when there are many codes."""
    each = EXAMPLES if len(groups) <= FEW_CODES else 1
    return [i for g in groups[:MAX_CODES] for i in g.examples[:each]]


def _examples_table(groups: list[IssueGroup], shown: list[Issue]) -> Table:
    if len(groups) <= FEW_CODES:
        title = f"The first {EXAMPLES} of each"
    elif len(groups) <= MAX_CODES:
        title = "The first of each code"
    else:
        title = f"The first of each of the {MAX_CODES} most frequent codes"
    table = Table(title=title, title_justify="left")
    for col in ("file", "row", "column", "value", "message"):
        table.add_column(col, overflow="fold")
    for i in shown:
        row = "" if i.row is None else str(i.row)
        value = "" if i.value is None else shorten(i.value, SHOWN_VALUE)
        cells = (i.file or "", row, i.column or "", value, i.message)
        table.add_row(*(Text(c) for c in cells))
    return table


def _print_issues(console: Console, title: str, groups: list[IssueGroup], where: str) -> None:
    """The counts by code, the examples, and where the full list is (when not all shown)."""
    shown = _shown(groups)
    total = sum(g.count for g in groups)
    console.print(_groups_table(title, groups))
    console.print(_examples_table(groups, shown))
    if where and (len(shown) < total or "--report" not in where):
        console.print(where.format(total=total), soft_wrap=True)


def _print_report(report: Report, result: LoadResult | None, report_file: Path | None) -> None:
    groups = report.groups(EXAMPLES)
    if report_file is not None:
        where = f"Every issue ({len(report.issues):,}) is listed in {report_file}."
    else:
        where = (
            "{total:,} issues in all: add --report issues.csv (or .json) to list every one, "
            "or --json to print them."
        )
    if not report.ok:
        errors = [g for g in groups if g.severity is Severity.ERROR]
        n = sum(g.count for g in errors)
        _print_issues(err_console, f"{n:,} error(s): nothing was stored", errors, where)
        err_console.print(
            f"[bold red]Rejected:[/] {report.source} has {n:,} error(s); nothing was stored.",
            soft_wrap=True,
        )
        return
    if groups:
        n = sum(g.count for g in groups)
        title = f"{n:,} anomaly warning(s) to query (stored anyway)"
        _print_issues(out_console, title, groups, where)
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
