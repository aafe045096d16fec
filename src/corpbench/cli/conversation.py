"""``corpbench query open|reply|close|list`` and ``corpbench note add|change|withdraw|list``:
the data-quality conversation on returns (thin over ``corpbench.actions``)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from corpbench import actions
from corpbench.checks.returns import of_year, return_warnings
from corpbench.cli.common import fail, open_store, operator, out_console, refused
from corpbench.standard.labels import message_kind_label, outcome_label, role_label, warning_meaning
from corpbench.store import Store
from corpbench.store.conversation import OUTCOMES, Message, Query

query_app = typer.Typer(help="Queries on returns: ask, reply, close, list.", no_args_is_help=True)
note_app = typer.Typer(help="Notes on returns: add, change, withdraw, list.", no_args_is_help=True)

By = Annotated[str | None, typer.Option("--by", help="Who acts (default: the OS user).")]
Year = Annotated[str, typer.Option("--year", help="The financial year, e.g. 2009/10.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


def _warning(store: Store, org: str, year: str, code: str, match: str) -> actions.WarningRef:
    """The return's one warning of ``code`` whose sentence holds ``match``."""
    found = [
        i
        for i in of_year(return_warnings(store.current(), org), org, year)
        if i.code == code and match in i.message
    ]
    if not found:
        raise fail(
            f"the {year} return of {org} has no {code} warning{' like that' if match else ''}."
        )
    if len(found) > 1:
        listed = "; ".join(i.message for i in found[:5])
        raise fail(
            f"the {year} return of {org} has {len(found)} {code} warnings; pick one with "
            f"--match TEXT: {listed}"
        )
    return actions.WarningRef(code, found[0].message)


@query_app.command("open")
def query_open(
    org: Annotated[str, typer.Argument(help="The organisation code.")],
    year: Year,
    text: Annotated[str, typer.Option("--text", help="The question for the organisation.")],
    warning: Annotated[
        str | None,
        typer.Option("--warning", help="Ask about one anomaly warning of the return: its code."),
    ] = None,
    match: Annotated[
        str,
        typer.Option(
            "--match", help="With --warning: text of the warning's sentence, to pick one."
        ),
    ] = "",
    by: By = None,
) -> None:
    """Ask a query on the current version of an organisation's return."""
    with open_store() as store:
        ref = _warning(store, org, year, warning, match) if warning else None
        try:
            query = actions.open_query(store, operator(by), org, year, text, ref)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Query {query.id} asked on {org} {year} version {query.version}.")


@query_app.command("reply")
def query_reply(
    query_id: Annotated[int, typer.Argument(help="The query's number.")],
    text: Annotated[str, typer.Option("--text", help="The reply.")],
    by: By = None,
) -> None:
    """Reply to an open query."""
    with open_store() as store:
        try:
            query = actions.reply_to_query(store, operator(by), query_id, text)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Reply added to query {query.id} ({len(query.messages)} messages).")


@query_app.command("close")
def query_close(
    query_id: Annotated[int, typer.Argument(help="The query's number.")],
    outcome: Annotated[str, typer.Option("--outcome", help=f"One of {', '.join(OUTCOMES)}.")],
    text: Annotated[
        str, typer.Option("--text", help="A last word (needed when the figure is excluded).")
    ] = "",
    accept: Annotated[
        bool,
        typer.Option("--accept", help="With --outcome trusted: also accept the current version."),
    ] = False,
    by: By = None,
) -> None:
    """Close an open query with its outcome."""
    with open_store() as store:
        try:
            query = actions.close_query(store, operator(by), query_id, outcome, text, accept=accept)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    accepted = f"; version of {query.org_code} {query.year} accepted" if accept else ""
    out_console.print(f"Query {query.id} closed: {outcome_label(outcome)}{accepted}.")


def _print_query(q: Query) -> None:
    state = f"closed: {outcome_label(q.outcome)}" if q.closed else "open"
    out_console.print(
        f"[bold]Query {q.id}[/] {q.org_code} {q.year} (asked on version {q.version}), {state}",
        soft_wrap=True,
    )
    if q.warning_code:
        about = f"On the warning: {warning_meaning(q.warning_code)}"
        out_console.print(f"  {about}: {q.warning_text or ''}", soft_wrap=True, markup=False)
    for i in q.thread:
        when = i.at.strftime("%Y-%m-%d %H:%M")
        if isinstance(i, Message):
            head = f"{message_kind_label(i.kind)} by {i.by} ({role_label(i.role)}), {when}"
            if i.kind == "close":
                head += f", {outcome_label(i.outcome)}"
            line = f"  {head}: {i.text}" if i.text else f"  {head}"
        else:
            line = f"  New version {i.version} loaded by {i.by}, {when}, from {i.source}"
        out_console.print(line, soft_wrap=True, markup=False)


@query_app.command("list")
def query_list(
    org: Annotated[str | None, typer.Option("--org", help="Only this organisation's.")] = None,
    year: Annotated[str | None, typer.Option("--year", help="Only this year's.")] = None,
    state: Annotated[str, typer.Option("--state", help="open, closed or all.")] = "open",
    as_json: AsJson = False,
) -> None:
    """Show queries with their threads (open ones by default)."""
    if state not in ("open", "closed", "all"):
        raise fail(f"--state is open, closed or all, not {state!r}.", 2)
    with open_store() as store:
        found = store.conversation.queries(org, year, state=None if state == "all" else state)
    if as_json:
        typer.echo(json.dumps([q.to_dict() for q in found], indent=2))
        return
    if not found:
        out_console.print(f"No {'' if state == 'all' else state + ' '}queries.")
    for q in found:
        _print_query(q)


@note_app.command("add")
def note_add(
    org: Annotated[str, typer.Argument(help="The organisation code.")],
    year: Year,
    text: Annotated[str, typer.Option("--text", help="The note.")],
    by: By = None,
) -> None:
    """Add a note to an organisation's return (it travels into its reports)."""
    with open_store() as store:
        try:
            note = actions.add_note(store, operator(by), org, year, text)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Note {note.number} added to {org} {year}.")


@note_app.command("change")
def note_change(
    org: Annotated[str, typer.Argument(help="The organisation code.")],
    year: Year,
    number: Annotated[int, typer.Option("--number", help="The note's number.")],
    text: Annotated[str, typer.Option("--text", help="The note's new text.")],
    by: By = None,
) -> None:
    """Change a note (a new version; the earlier ones are kept)."""
    with open_store() as store:
        try:
            note = actions.revise_note(store, operator(by), org, year, number, text)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Note {note.number} of {org} {year} is at version {note.version}.")


@note_app.command("withdraw")
def note_withdraw(
    org: Annotated[str, typer.Argument(help="The organisation code.")],
    year: Year,
    number: Annotated[int, typer.Option("--number", help="The note's number.")],
    by: By = None,
) -> None:
    """Withdraw a note (a new version; it no longer shows or travels into reports)."""
    with open_store() as store:
        try:
            note = actions.revise_note(store, operator(by), org, year, number, withdraw=True)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Note {note.number} of {org} {year} withdrawn (version {note.version}).")


@note_app.command("list")
def note_list(
    org: Annotated[str, typer.Argument(help="The organisation code.")],
    year: Annotated[str | None, typer.Option("--year", help="Only this year's.")] = None,
    withdrawn: Annotated[
        bool, typer.Option("--withdrawn", help="Also the withdrawn notes.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Show the notes on an organisation's returns (their current versions)."""
    with open_store() as store:
        found = store.conversation.notes(org, year, withdrawn=withdrawn)
    if as_json:
        typer.echo(json.dumps([n.to_dict() for n in found], indent=2))
        return
    if not found:
        out_console.print(f"No notes on the returns of {org}.")
    for n in found:
        gone = " (withdrawn)" if n.withdrawn else ""
        out_console.print(
            f"{n.year} note {n.number}{gone}: {n.text} — {n.by}, {n.at.strftime('%Y-%m-%d %H:%M')}",
            soft_wrap=True,
            markup=False,
        )
