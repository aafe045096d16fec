"""Commands of the web app: serve it, manage its users and API tokens, publish the round."""

from __future__ import annotations

import sys
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from corpbench.cli.common import default_user, fail, open_store, out_console, usage_error
from corpbench.store import Store, StoreError

user_app = typer.Typer(help="Users of the web app.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (Authorization: Bearer TOKEN).", no_args_is_help=True)

#: The demo sign-ins `make run` creates: role -> (email, password). For a local demo only.
DEMO_PASSWORDS = {
    "national": ("national@corpbench.demo", "demo-national-2010"),
    "footprint": ("footprint@corpbench.demo", "demo-footprint-2010"),
    "organisation": ("organisation@corpbench.demo", "demo-organisation-2010"),
}


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.")] = 1,
) -> None:
    """Start the web app (sign in at http://HOST:PORT/)."""
    import uvicorn

    from corpbench.config import get_settings
    from corpbench.web import create_app

    settings = get_settings()
    try:
        Store.open(settings.db).close()  # migrate once, before any worker starts
    except StoreError as exc:
        raise fail(str(exc)) from exc
    out_console.print(f"corpbench is serving on http://{host}:{port}/ (Ctrl+C stops it)")
    if workers > 1:
        uvicorn.run(
            "corpbench.web.server:app",
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    else:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _password(password_stdin: bool) -> str | None:
    if not password_stdin:
        return None
    text = sys.stdin.readline().rstrip("\r\n")
    if not text:
        raise usage_error("--password-stdin was given but standard input has no password.")
    return text


@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Argument(help="The user's e-mail address (their sign-in).")],
    role: Annotated[str, typer.Option("--role", help="national, footprint or organisation.")],
    org: Annotated[str | None, typer.Option("--org", help="Organisation code.")] = None,
    footprint: Annotated[str | None, typer.Option("--footprint", help="Footprint name.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a user. Without --password-stdin the user can use API tokens only."""
    from corpbench.access import role_problem

    problem = role_problem(role, org, footprint)
    if problem:
        raise usage_error(problem + ".")
    password = _password(password_stdin)
    with open_store() as store:
        try:
            user = store.accounts.add_user(
                email, role, password=password, org_code=org, footprint=footprint, by=default_user()
            )
        except StoreError as exc:
            raise fail(f"{exc}.") from exc
        store.audit.record(
            default_user(),
            "user_add",
            user.email,
            {"role": role, "org_code": org, "footprint": footprint, "via": "cli"},
        )
    scope = f" for {org or footprint}" if (org or footprint) else ""
    out_console.print(f"Added {user.email} ({user.role}{scope}).")


@user_app.command("list")
def user_list() -> None:
    """List the users."""
    with open_store() as store:
        users = store.accounts.users()
    table = Table(title="Users")
    for col in ("email", "role", "scope", "status", "added (UTC)", "by"):
        table.add_column(col)
    for u in users:
        table.add_row(
            u.email,
            u.role,
            u.org_code or u.footprint or "all",
            "active" if u.active else "disabled",
            u.created_at.strftime("%Y-%m-%d %H:%M"),
            u.created_by,
        )
    out_console.print(table)


@user_app.command("disable")
def user_disable(email: Annotated[str, typer.Argument(help="The user's e-mail address.")]) -> None:
    """Disable a user: their sessions and tokens stop working at once."""
    with open_store() as store:
        try:
            user = store.accounts.set_active(email, False)
        except StoreError as exc:
            raise fail(f"{exc}.") from exc
        store.audit.record(default_user(), "user_change", user.email, {"active": False})
    out_console.print(f"Disabled {user.email}.")


@user_app.command("demo")
def user_demo(
    org: Annotated[str, typer.Option("--org", help="The demo organisation user's org.")],
) -> None:
    """Create the demo sign-ins (one per role) if missing, and print them. Local demos only."""
    with open_store() as store:
        orgs = store.current().organisations.filter(pl.col("org_code") == org)
        if orgs.is_empty():
            raise fail(f"organisation {org} is not in the register; run `corpbench demo --load`.")
        footprint = orgs["footprint"][0]
        scopes = {
            "national": (None, None),
            "footprint": (None, footprint),
            "organisation": (org, None),
        }
        rows = []
        for role, (email, password) in DEMO_PASSWORDS.items():
            org_code, fp = scopes[role]
            if store.accounts.user(email) is None:
                store.accounts.add_user(
                    email, role, password=password, org_code=org_code, footprint=fp, by="demo"
                )
            rows.append((role, email, password, org_code or fp or "all"))
    table = Table(title="Demo sign-ins (for this local demo only)")
    for col in ("role", "email", "password", "scope"):
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    out_console.print(table)


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Argument(help="The user the token acts for.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
) -> None:
    """Create an API token and print it once (only its hash is stored)."""
    with open_store() as store:
        try:
            token = store.accounts.create_token(email, name)
        except StoreError as exc:
            raise fail(f"{exc}.") from exc
        store.audit.record(default_user(), "token_create", email.strip().lower(), {"name": name})
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
) -> None:
    """Revoke an API token: it stops working at once."""
    with open_store() as store:
        try:
            info = store.accounts.revoke_token(token)
        except StoreError as exc:
            raise fail(f"{exc}.") from exc
        store.audit.record(default_user(), "token_revoke", info.user_email, {"id": info.id})
    out_console.print(f"Revoked token {info.id} of {info.user_email}.")


def publish(
    note: Annotated[str, typer.Option("--note", help="A note shown with the publication.")] = "",
    if_none: Annotated[
        bool, typer.Option("--if-none", help="Only when nothing has been published yet.")
    ] = False,
) -> None:
    """Publish the round: organisations see these figures until the next publication."""
    with open_store() as store:
        latest = store.publications.latest()
        if if_none and latest is not None:
            out_console.print(f"Already published (publication {latest.id}); nothing to do.")
            return
        pub = store.publications.publish(by=default_user(), note=note)
        store.audit.record(
            default_user(), "publish", f"publication {pub.id}", {"load_id": pub.load_id}
        )
    out_console.print(f"Published the figures up to load {pub.load_id} (publication {pub.id}).")
