""" "My peers" lists in the store: named peer lists owned by an organisation or a footprint,
versioned like the national peer lists. Saving a list whose members changed adds a version;
deleting it adds a retired version (keeping its members); nothing is updated in place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, insert, select
from sqlalchemy.engine import Connection

from corpbench.access import Owner
from corpbench.store import queries
from corpbench.store.models import MY_PEER_LIST_MEMBERS, MY_PEER_LISTS
from corpbench.store.records import StoreError
from corpbench.store.versioned import VersionedTable, in_force, newest_versions, saved_when


@dataclass(frozen=True)
class MyPeerList:
    """One version of a "My peers" list: its peers in their saved order, whether it was
    deleted (``retired``), who saved it and when."""

    owner: Owner
    name: str
    version: int
    peers: tuple[str, ...]
    retired: bool
    saved_at: datetime
    saved_by: str


def _lists(conn: Connection, owner: Owner, found: Select[Any]) -> list[MyPeerList]:
    """The versions of ``owner``'s lists that the query ``found`` (of rows of
    ``my_peer_lists``) finds, in its order, with their peers."""
    m = MY_PEER_LIST_MEMBERS
    rows = conn.execute(found).mappings().all()
    members: dict[int, list[str]] = {int(r["id"]): [] for r in rows}
    if members:
        found_members = conn.execute(
            select(m.c.my_peer_list_id, m.c.org_code)
            .where(m.c.my_peer_list_id.in_(list(members)))
            .order_by(m.c.my_peer_list_id, m.c.seq)
        )
        for list_id, code in found_members:
            members[int(list_id)].append(str(code))
    return [
        MyPeerList(
            owner,
            str(r["name"]),
            int(r["version"]),
            tuple(members[int(r["id"])]),
            bool(r["retired"]),
            r["saved_at"],
            str(r["saved_by"]),
        )
        for r in rows
    ]


def _of(owner: Owner, name: str | None = None) -> list[ColumnElement[bool]]:
    """The rows of ``owner``'s lists (of list ``name`` when given)."""
    t = MY_PEER_LISTS
    where = [t.c.owner_kind == owner.kind, t.c.owner == owner.name]
    return where if name is None else [*where, t.c.name == name]


#: The key of a list's versions.
_KEY = ("owner_kind", "owner", "name")


def _versions(conn: Connection, owner: Owner, name: str) -> list[MyPeerList]:
    """Every version of list ``name`` of ``owner``, oldest first."""
    t = MY_PEER_LISTS
    return _lists(conn, owner, select(t).where(*_of(owner, name)).order_by(t.c.version))


def _latest(conn: Connection, owner: Owner, name: str) -> MyPeerList | None:
    found = _lists(conn, owner, newest_versions(MY_PEER_LISTS, _KEY, *_of(owner, name)))
    return found[0] if found else None


class MyPeerLists(VersionedTable):
    """The "My peers" lists of a store (``Store.my_peers``)."""

    def _add(
        self,
        conn: Connection,
        owner: Owner,
        name: str,
        peers: tuple[str, ...],
        *,
        version: int,
        retired: bool,
        by: str,
        at: datetime,
    ) -> MyPeerList:
        list_id = int(
            conn.execute(
                insert(MY_PEER_LISTS)
                .values(
                    owner_kind=owner.kind,
                    owner=owner.name,
                    name=name,
                    version=version,
                    retired=retired,
                    saved_at=at,
                    saved_by=by,
                )
                .returning(MY_PEER_LISTS.c.id)
            ).scalar_one()
        )
        if peers:
            conn.execute(
                insert(MY_PEER_LIST_MEMBERS),
                [
                    {"my_peer_list_id": list_id, "seq": i, "org_code": code}
                    for i, code in enumerate(peers)
                ],
            )
        return MyPeerList(owner, name, version, peers, retired, at, by)

    def save(
        self,
        owner: Owner,
        name: str,
        peers: Iterable[str],
        *,
        by: str,
        at: datetime | None = None,
    ) -> tuple[MyPeerList, bool]:
        """Save list ``name`` of ``owner`` with ``peers`` (in the given order, repeats
        dropped): a new version when it is new, retired or its peers changed, else the latest
        as it is. Every code must be in the register. Returns the version and whether it is
        new."""
        clean = name.strip()
        if not clean:
            raise StoreError("a peer list needs a name")
        if not by.strip():
            raise StoreError("the name of who saves a peer list (by) must not be empty")
        saved_at = saved_when(at)
        members = tuple(dict.fromkeys(peers))
        with self.writing() as conn:
            unknown = sorted(set(members) - queries.known_org_codes(conn))
            if unknown:
                raise StoreError(f"not in the register: {', '.join(unknown)}")
            latest = _latest(conn, owner, clean)
            if latest is not None and not latest.retired and latest.peers == members:
                return latest, False
            version = 1 if latest is None else latest.version + 1
            saved = self._add(
                conn, owner, clean, members, version=version, retired=False, by=by, at=saved_at
            )
            return saved, True

    def retire(self, owner: Owner, name: str, *, by: str, at: datetime | None = None) -> MyPeerList:
        """Delete list ``name`` of ``owner``: a retired version keeping its last peers.
        Refused when the owner has no such list in use."""
        saved_at = saved_when(at)
        with self.writing() as conn:
            latest = in_force(_latest(conn, owner, name.strip()), f"no peer list {name.strip()!r}")
            return self._add(
                conn,
                owner,
                latest.name,
                latest.peers,
                version=latest.version + 1,
                retired=True,
                by=by,
                at=saved_at,
            )

    def of_owner(self, owner: Owner) -> dict[str, MyPeerList]:
        """The latest version of every list of ``owner`` in use (not deleted), by name."""
        t = MY_PEER_LISTS
        newest = newest_versions(t, _KEY, *_of(owner)).where(t.c.retired.is_(False))
        with self.engine.connect() as conn:
            found = _lists(conn, owner, newest.order_by(t.c.name))
        return {v.name: v for v in found}

    def versions(self, owner: Owner, name: str) -> list[MyPeerList]:
        """Every version of list ``name`` of ``owner``, oldest first (deleted ones too)."""
        with self.engine.connect() as conn:
            return _versions(conn, owner, name)
