"""``corpbench history --org CODE``: every stored version of an organisation."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from corpbench.cli.common import fail, open_store, out_console


def history(
    org: Annotated[str, typer.Option("--org", help="The organisation code.")],
) -> None:
    """Every stored version of an organisation's register entry and returns: who, when, what."""
    with open_store() as store:
        versions = store.history(org)
    if not versions:
        raise fail(f"no organisation {org!r} in the store; `corpbench load` its return first.")
    table = Table(title=f"Versions stored for {org}")
    for col in ("kind", "year", "version", "loaded at (UTC)", "by", "source", "sha256", "lines"):
        table.add_column(col, overflow="fold")
    for v in versions:
        table.add_row(
            v.kind,
            v.year or "",
            str(v.version),
            v.loaded_at.strftime("%Y-%m-%d %H:%M:%S"),
            v.loaded_by,
            v.source,
            v.sha256[:12],
            "" if v.kind == "register" else str(v.cost_lines),
        )
    out_console.print(table)
