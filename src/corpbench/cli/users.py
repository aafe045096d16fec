"""``corpbench user ...``: the web app's users (add, list, change, disable, enable, reset a
password, the demo sign-ins)."""

from __future__ import annotations

import sys
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from corpbench import actions
from corpbench.access import role_problem
from corpbench.cli.common import fail, open_store, operator, out_console, refused, usage_error
from corpbench.store.accounts import UserInfo

user_app = typer.Typer(help="Users of the web app.", no_args_is_help=True)

#: The demo sign-ins `make run` creates: role -> (email, password). For a local demo only.
DEMO_PASSWORDS = {
    "national": ("national@corpbench.demo", "demo-national-2010"),
    "footprint": ("footprint@corpbench.demo", "demo-footprint-2010"),
    "organisation": ("organisation@corpbench.demo", "demo-organisation-2010"),
}
#: The planning demo's sign-ins, made when the NHS Improvement demo round is loaded: a footprint
#: user of a pathfinder and an organisation user of another's trust (docs/demo.md "Pathfinder
#: cases", ``corpbench.demo.cases.pathfinder_user_scopes``). For a local demo only.
PLAN_DEMO_PASSWORDS = {
    "footprint": ("pathfinder@corpbench.demo", "demo-pathfinder-2017"),
    "organisation": ("partner@corpbench.demo", "demo-partner-2017"),
}

ByOpt = Annotated[
    str | None, typer.Option("--by", help="Who makes the change (default: the OS user).")
]
EmailArg = Annotated[str, typer.Argument(help="The user's e-mail address.")]
RoleOpt = Annotated[str, typer.Option("--role", help="national, footprint or organisation.")]
OrgOpt = Annotated[str | None, typer.Option("--org", help="Organisation code.")]
FootprintOpt = Annotated[str | None, typer.Option("--footprint", help="Footprint name.")]


def _password(password_stdin: bool) -> str | None:
    if not password_stdin:
        return None
    text = sys.stdin.readline().rstrip("\r\n")
    if not text:
        raise usage_error("--password-stdin was given but standard input has no password.")
    return text


def _check_role(role: str, org: str | None, footprint: str | None) -> None:
    """A bad role or scope is a usage error (status 2), found before a password is read."""
    problem = role_problem(role, org, footprint)
    if problem:
        raise usage_error(problem + ".")


def _scope(user: UserInfo) -> str:
    scope = user.org_code or user.footprint
    return f" for {scope}" if scope else ""


@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Argument(help="The user's e-mail address (their sign-in).")],
    role: RoleOpt,
    org: OrgOpt = None,
    footprint: FootprintOpt = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    by: ByOpt = None,
) -> None:
    """Add a user. Without --password-stdin the user can use API tokens only."""
    _check_role(role, org, footprint)
    password = _password(password_stdin)
    with open_store() as store:
        try:
            user = actions.add_user(
                store,
                operator(by),
                email,
                role,
                org_code=org,
                footprint=footprint,
                password=password,
            )
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Added {user.email} ({user.role}{_scope(user)}).")


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


@user_app.command("set-role")
def user_set_role(
    email: EmailArg,
    role: RoleOpt,
    org: OrgOpt = None,
    footprint: FootprintOpt = None,
    by: ByOpt = None,
) -> None:
    """Give a user another role and scope."""
    _check_role(role, org, footprint)
    with open_store() as store:
        try:
            user = actions.change_scope(
                store, operator(by), email, role, org_code=org, footprint=footprint
            )
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"{user.email} is now {user.role}{_scope(user)}.")


@user_app.command("disable")
def user_disable(email: EmailArg, by: ByOpt = None) -> None:
    """Disable a user: their sessions and tokens stop working at once."""
    _set_active(email, False, by)


@user_app.command("enable")
def user_enable(email: EmailArg, by: ByOpt = None) -> None:
    """Enable a disabled user again (they sign in afresh)."""
    _set_active(email, True, by)


def _set_active(email: str, active: bool, by: str | None) -> None:
    with open_store() as store:
        try:
            user = actions.set_active(store, operator(by), email, active)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"{'Enabled' if active else 'Disabled'} {user.email}.")


@user_app.command("password")
def user_password(
    email: EmailArg,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the new password from standard input.")
    ] = False,
    by: ByOpt = None,
) -> None:
    """Reset a user's password (read from standard input)."""
    password = _password(password_stdin)
    if password is None:
        raise usage_error("say --password-stdin and give the new password on standard input.")
    with open_store() as store:
        try:
            user = actions.reset_password(store, operator(by), email, password)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    out_console.print(f"Reset the password of {user.email}.")


@user_app.command("demo")
def user_demo(
    org: Annotated[str, typer.Option("--org", help="The demo organisation user's org.")],
) -> None:
    """Create the demo sign-ins (one per role, and the planning demo's two when the NHS
    Improvement demo round is loaded) if missing, and print them. Local demos only."""
    from corpbench.demo.cases import pathfinder_user_scopes

    demo = operator("demo")
    with open_store() as store:
        register = store.current().organisations
        orgs = register.filter(pl.col("org_code") == org)
        if orgs.is_empty():
            raise fail(f"organisation {org} is not in the register; run `corpbench demo --load`.")
        footprint = orgs["footprint"][0]
        scopes = {
            "national": (None, None),
            "footprint": (None, footprint),
            "organisation": (org, None),
        }
        sign_ins = [
            (role, email, password, *scopes[role])
            for role, (email, password) in DEMO_PASSWORDS.items()
        ]
        plan_scopes = pathfinder_user_scopes(register)
        sign_ins += [
            (role, email, password, *plan_scopes[role])
            for role, (email, password) in PLAN_DEMO_PASSWORDS.items()
            if role in plan_scopes
        ]
        rows = []
        for role, email, password, org_code, fp in sign_ins:
            if store.accounts.user(email) is None:
                try:
                    actions.add_user(
                        store,
                        demo,
                        email,
                        role,
                        org_code=org_code,
                        footprint=fp,
                        password=password,
                    )
                except actions.ActionError as exc:
                    raise refused(exc) from exc
            rows.append((role, email, password, org_code or fp or "all"))
    table = Table(title="Demo sign-ins (for this local demo only)")
    for col in ("role", "email", "password", "scope"):
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    out_console.print(table)
