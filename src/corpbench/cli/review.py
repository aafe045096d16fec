"""``corpbench review CODE``: a decision on the current version of a return."""

from __future__ import annotations

from typing import Annotated

import typer

from corpbench import actions
from corpbench.cli.common import open_store, operator, out_console, refused


def review(
    org: Annotated[str, typer.Argument(help="The organisation code.")],
    year: Annotated[str, typer.Option("--year", help="The financial year, e.g. 2009/10.")],
    version: Annotated[
        int, typer.Option("--version", help="The return's current version (see `history`).")
    ],
    status: Annotated[str, typer.Option("--status", help="accepted or queried.")],
    comment: Annotated[
        str,
        typer.Option(
            "--comment",
            help=f"For the organisation; a query needs one (cut to {actions.COMMENT_LIMIT}).",
        ),
    ] = "",
    by: Annotated[
        str | None, typer.Option("--by", help="Who decides (default: the OS user).")
    ] = None,
) -> None:
    """Record a review decision on the current version of an organisation's return."""
    with open_store() as store:
        try:
            decided = actions.decide(store, operator(by), org, year, version, status, comment)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"{org} {year} version {decided.version}: {decided.status}.")
