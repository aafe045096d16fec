""" "My peers" actions: an organisation or footprint user saves, changes and deletes the named
peer lists its organisation (or footprint) benchmarks against (grouping ``mypeers:NAME``)."""

from __future__ import annotations

from collections.abc import Sequence

from corpbench.access import Owner, my_peers_owner
from corpbench.actions.actor import ActionError, Actor
from corpbench.bench.mypeers import MIN_MY_PEERS
from corpbench.store import Store, StoreError
from corpbench.store.my_peers import MyPeerList

#: The longest name of a "My peers" list, in characters.
NAME_LIMIT = 80


def _owner(actor: Actor) -> Owner:
    """The organisation or footprint whose "My peers" lists ``actor`` keeps; refused
    (``forbidden``) for anyone else: the national role keeps national peer lists instead."""
    owner = my_peers_owner(actor.principal)
    if owner is not None:
        return owner
    raise ActionError("My peers lists belong to an organisation or a footprint user", "forbidden")


def _name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ActionError("a peer list needs a name")
    if len(clean) > NAME_LIMIT:
        raise ActionError(f"a peer list's name has at most {NAME_LIMIT} characters")
    return clean


def _audit(store: Store, actor: Actor, saved: MyPeerList, changed: bool) -> None:
    store.audit.record(
        actor.name,
        "my_peers",
        f"{saved.owner} {saved.name}",
        {
            "version": saved.version,
            "org_codes": sorted(saved.peers),
            "deleted": saved.retired,
            "changed": changed,
        },
        client=actor.client,
    )


def save_my_peers(store: Store, actor: Actor, name: str, codes: Sequence[str]) -> MyPeerList:
    """Save the "My peers" list ``name`` of the actor's organisation or footprint with the
    organisations ``codes`` (blanks and repeats dropped; an organisation's own code does not
    count): a new version when it is new or changed. Refused unless the actor is an
    organisation or footprint user, every code is in the register and at least
    :data:`~corpbench.bench.mypeers.MIN_MY_PEERS` peers remain. Audited as ``my_peers``
    (target ``KIND:OWNER NAME``; version, sorted codes, deleted, changed)."""
    owner = _owner(actor)
    clean = _name(name)
    own = owner.name if owner.kind == "organisation" else None
    peers = [c for c in dict.fromkeys(code.strip().upper() for code in codes) if c and c != own]
    unknown = sorted(set(peers) - store.known_org_codes())
    if unknown:
        raise ActionError(f"not in the register: {', '.join(unknown)}")
    if len(peers) < MIN_MY_PEERS:
        raise ActionError(
            f"a peer list needs at least {MIN_MY_PEERS} peer organisations"
            f"{' besides your own' if own else ''}, so that no single peer is exposed; "
            f"this one has {len(peers)}"
        )
    try:
        saved, changed = store.my_peers.save(owner, clean, peers, by=actor.name)
    except StoreError as exc:
        raise ActionError(str(exc)) from exc
    _audit(store, actor, saved, changed)
    return saved


def delete_my_peers(store: Store, actor: Actor, name: str) -> MyPeerList:
    """Delete the "My peers" list ``name`` of the actor's organisation or footprint: a retired
    version is added, earlier versions stay. ``not_found`` when it has no such list. Audited as
    ``my_peers`` (deleted true)."""
    owner = _owner(actor)
    try:
        saved = store.my_peers.retire(owner, _name(name), by=actor.name)
    except StoreError as exc:
        raise ActionError(str(exc), "not_found") from exc
    _audit(store, actor, saved, True)
    return saved
