"""The peer list action: save a named custom peer group (``--group peers:NAME``)."""

from __future__ import annotations

from collections.abc import Sequence

from corpbench.actions.actor import ActionError, Actor
from corpbench.store import Store, StoreError


def save_peer_list(store: Store, actor: Actor, name: str, codes: Sequence[str]) -> int:
    """Save peer list ``name`` of organisations ``codes`` (a new version if it exists); every
    code must be in the register. National role only. Audited as ``peer_list`` (target the
    name; the version and the sorted codes). Returns the list's version."""
    actor.must_run_the_round("saving a peer list")
    unknown = sorted(set(codes) - store.known_org_codes())
    if unknown:
        raise ActionError(f"not in the register: {', '.join(unknown)}")
    try:
        version = store.save_peer_list(name, list(codes), by=actor.name)
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    store.audit.record(
        actor.name,
        "peer_list",
        name,
        {"version": version, "org_codes": sorted(set(codes))},
        client=actor.client,
    )
    return version
