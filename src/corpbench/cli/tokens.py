"""``corpbench token ...``: API tokens (``Authorization: Bearer TOKEN``)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from corpbench import actions
from corpbench.cli.common import open_store, operator, out_console, refused

token_app = typer.Typer(help="API tokens (Authorization: Bearer TOKEN).", no_args_is_help=True)

ByOpt = Annotated[
    str | None, typer.Option("--by", help="Who makes the change (default: the OS user).")
]


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Argument(help="The user the token acts for.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
    by: ByOpt = None,
) -> None:
    """Create an API token and print it once (only its hash is stored)."""
    with open_store() as store:
        try:
            token = actions.create_token(store, operator(by), email, name)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    print(token)


@token_app.command("list")
def token_list(
    email: Annotated[str | None, typer.Option("--email", help="Only this user's.")] = None,
) -> None:
    """List API tokens (never their secrets)."""
    with open_store() as store:
        tokens = store.accounts.tokens(email)
    table = Table(title="API tokens")
    for col in ("id", "user", "name", "starts with", "created (UTC)", "revoked (UTC)"):
        table.add_column(col)
    for t in tokens:
        table.add_row(
            str(t.id),
            t.user_email,
            t.name,
            t.prefix + "…",
            t.created_at.strftime("%Y-%m-%d %H:%M"),
            t.revoked_at.strftime("%Y-%m-%d %H:%M") if t.revoked_at else "",
        )
    out_console.print(table)


@token_app.command("revoke")
def token_revoke(
    token: Annotated[str, typer.Argument(help="The token, or its id from `token list`.")],
    by: ByOpt = None,
) -> None:
    """Revoke an API token: it stops working at once."""
    with open_store() as store:
        try:
            info = actions.revoke_token(store, operator(by), token)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Revoked token {info.id} of {info.user_email}.")
