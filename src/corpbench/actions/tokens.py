"""API token actions: create a token for a user (its secret shown once), revoke one."""

from __future__ import annotations

from corpbench.actions.actor import ActionError, Actor
from corpbench.store import Store, StoreError
from corpbench.store.accounts import TokenInfo


def create_token(store: Store, actor: Actor, email: str, name: str = "") -> str:
    """A new API token acting for user ``email`` (only its hash is stored). National role only.
    Audited as ``token_create`` (target the address; the token's name)."""
    actor.must_run_the_round("creating an API token")
    try:
        token = store.accounts.create_token(email, name)
    except StoreError as exc:
        raise ActionError(str(exc), "not_found") from exc
    store.audit.record(
        actor.name, "token_create", email.strip().lower(), {"name": name}, client=actor.client
    )
    return token


def revoke_token(store: Store, actor: Actor, token_or_id: str) -> TokenInfo:
    """Revoke an API token (given whole or by its id): it stops working at once. National role
    only. Audited as ``token_revoke`` (target the token's user; its id)."""
    actor.must_run_the_round("revoking an API token")
    try:
        info = store.accounts.revoke_token(token_or_id)
    except StoreError as exc:
        raise ActionError(str(exc), "not_found") from exc
    store.audit.record(
        actor.name, "token_revoke", info.user_email, {"id": info.id}, client=actor.client
    )
    return info
