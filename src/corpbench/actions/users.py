"""User actions of the national role: add a user, change their role and scope, disable or
enable them, reset their password."""

from __future__ import annotations

from corpbench.access import role_problem
from corpbench.actions.actor import ActionError, Actor, Refusal
from corpbench.store import Store, StoreError
from corpbench.store.accounts import UserInfo, normalise_email


def add_user(
    store: Store,
    actor: Actor,
    email: str,
    role: str,
    *,
    org_code: str | None = None,
    footprint: str | None = None,
    password: str | None = None,
) -> UserInfo:
    """Add a user (without a password they can use API tokens only). Audited as ``user_add``
    (target the address; the role and scope)."""
    actor.must_run_the_round("adding a user")
    _check_role(role, org_code, footprint)
    try:
        user = store.accounts.add_user(
            email, role, password=password, org_code=org_code, footprint=footprint, by=actor.name
        )
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    store.audit.record(
        actor.name,
        "user_add",
        user.email,
        {"role": user.role, "org_code": user.org_code, "footprint": user.footprint},
        client=actor.client,
    )
    return user


def change_scope(
    store: Store,
    actor: Actor,
    email: str,
    role: str,
    *,
    org_code: str | None = None,
    footprint: str | None = None,
) -> UserInfo:
    """Give a user another role and scope; nobody changes their own. Audited as
    ``user_change`` (target the address; the new role and scope)."""
    actor.must_run_the_round("changing a user's role")
    _not_yourself(actor, email, "change your own role")
    _check_role(role, org_code, footprint)
    try:
        user = store.accounts.set_scope(email, role, org_code=org_code, footprint=footprint)
    except StoreError as exc:
        raise ActionError(str(exc), _kind(exc)) from exc
    store.audit.record(
        actor.name,
        "user_change",
        user.email,
        {"role": user.role, "org_code": user.org_code, "footprint": user.footprint},
        client=actor.client,
    )
    return user


def set_active(store: Store, actor: Actor, email: str, active: bool) -> UserInfo:
    """Enable or disable a user (disabling ends their sessions and stops their tokens); nobody
    disables their own account. Audited as ``user_change`` (target the address;
    ``{"active": ...}``)."""
    actor.must_run_the_round("disabling or enabling a user")
    if not active:
        _not_yourself(actor, email, "disable your own account")
    try:
        user = store.accounts.set_active(email, active)
    except StoreError as exc:
        raise ActionError(str(exc), _kind(exc)) from exc
    store.audit.record(
        actor.name, "user_change", user.email, {"active": active}, client=actor.client
    )
    return user


def reset_password(store: Store, actor: Actor, email: str, password: str) -> UserInfo:
    """Give a user a new password (the password policy applies). Audited as ``user_change``
    (target the address; ``{"password": "reset"}``, never the password)."""
    actor.must_run_the_round("resetting a password")
    try:
        store.accounts.set_password(email, password)
    except StoreError as exc:
        raise ActionError(str(exc), _kind(exc)) from exc
    user = store.accounts.user(email)
    assert user is not None
    store.audit.record(
        actor.name, "user_change", user.email, {"password": "reset"}, client=actor.client
    )
    return user


def _check_role(role: str, org_code: str | None, footprint: str | None) -> None:
    problem = role_problem(role, org_code, footprint)
    if problem:
        raise ActionError(problem)


def _not_yourself(actor: Actor, email: str, what: str) -> None:
    try:
        address = normalise_email(email)
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    if address == actor.name.strip().lower():
        raise ActionError(f"you cannot {what}")


def _kind(exc: StoreError) -> Refusal:
    return "not_found" if str(exc).startswith("no user ") else "invalid"
