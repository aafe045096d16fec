"""``corpbench peers set|list``: named custom peer groups (``--group peers:NAME``)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from corpbench import actions
from corpbench.cli.common import open_store, operator, out_console, refused

peers_app = typer.Typer(
    help="Named custom peer groups (use as --group peers:NAME).", no_args_is_help=True
)


@peers_app.command("set")
def peers_set(
    name: Annotated[str, typer.Argument(help="The peer list's name.")],
    codes: Annotated[list[str], typer.Argument(help="Organisation codes in the list.")],
    by: Annotated[str | None, typer.Option("--by", help="Who is saving it.")] = None,
) -> None:
    """Save a named peer list (a new version if it already exists)."""
    with open_store() as store:
        try:
            actions.save_peer_list(store, operator(by), name, codes)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Saved peer list {name!r} with {len(set(codes))} organisations.")


@peers_app.command("list")
def peers_list() -> None:
    """Show the named peer lists."""
    with open_store() as store:
        lists = store.peer_lists()
    table = Table(title="Peer lists")
    table.add_column("name")
    table.add_column("organisations", overflow="fold")
    for name, codes in sorted(lists.items()):
        table.add_row(name, " ".join(codes))
    out_console.print(table)
