"""``corpbench publish``: organisations see the round's figures as they stand now (every
current return, or with ``--accepted-only`` the accepted ones)."""

from __future__ import annotations

from typing import Annotated

import typer

from corpbench import actions
from corpbench.cli.common import open_store, operator, out_console, refused
from corpbench.standard.labels import coverage_sentence


def publish(
    note: Annotated[
        str,
        typer.Option(
            "--note",
            help=f"A note shown with the publication (cut to {actions.NOTE_LIMIT} characters).",
        ),
    ] = "",
    if_none: Annotated[
        bool, typer.Option("--if-none", help="Only when nothing has been published yet.")
    ] = False,
    accepted_only: Annotated[
        bool,
        typer.Option(
            "--accepted-only",
            help="Only the returns whose latest review decision is accepted; the others are "
            "left out, as non-responders.",
        ),
    ] = False,
    by: Annotated[
        str | None, typer.Option("--by", help="Who is publishing (default: the OS user).")
    ] = None,
) -> None:
    """Publish the round: organisations see these figures until the next publication."""
    with open_store() as store:
        try:
            done = actions.publish(
                store, operator(by), note=note, if_none=if_none, accepted_only=accepted_only
            )
        except actions.ActionError as exc:
            raise refused(exc) from exc
    pub = done.publication
    if not done.new:
        out_console.print(f"Already published (publication {pub.id}); nothing to do.")
        return
    out_console.print(f"Published the figures up to load {pub.load_id} (publication {pub.id}).")
    out_console.print(coverage_sentence(pub.scope, pub.returns, pub.organisations))
