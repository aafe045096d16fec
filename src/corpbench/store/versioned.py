"""What the store's documents kept as versions share ("My peers" lists in ``my_peers.py``,
business cases in ``plans.py``, programmes' readiness in ``programmes.py``, benefit lines and
values in ``benefits.py``): a table of versions, each row one version of a key (a list's
owner and name, a case's number) with a ``version`` number and a ``retired`` flag, never
updated in place. The newest version of each key is the one in force; a retired newest version
means the key is deleted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Engine, Select, Table, and_, func, select
from sqlalchemy.engine import Connection

from corpbench.store.records import StoreError


class VersionedTable:
    """A part of the store over a table of versions: its engine to read and ``writing`` for a
    transaction to write."""

    def __init__(
        self, engine: Engine, writing: Callable[[], AbstractContextManager[Connection]]
    ) -> None:
        self.engine = engine
        self.writing = writing


def saved_when(at: datetime | None) -> datetime:
    """When a version is saved: ``at`` (tests and loads give one) or now, in UTC."""
    return (at or datetime.now(UTC)).astimezone(UTC)


def saved_by(by: str) -> str:
    """``by``, who saves a version; ``StoreError`` when it is blank (every version says who)."""
    if not by.strip():
        raise StoreError("the name of who saves (by) must not be empty")
    return by


def next_version(conn: Connection, table: Table, *where: ColumnElement[bool]) -> int:
    """The number of the next version of the key whose rows in ``table`` meet ``where``: one
    more than the newest, 1 for a key with none."""
    newest = conn.execute(select(func.max(table.c.version)).where(*where)).scalar_one()
    return 1 if newest is None else int(newest) + 1


def newest_versions(table: Table, keys: Sequence[str], *where: ColumnElement[bool]) -> Select[Any]:
    """The rows of ``table`` that are the newest version of their key (the columns ``keys``),
    among the keys whose rows meet ``where``; retired ones too (filter ``retired`` on the
    result to keep those in force)."""
    columns = [table.c[k] for k in keys]
    newest = (
        select(*columns, func.max(table.c.version).label("version"))
        .where(*where)
        .group_by(*columns)
        .subquery()
    )
    joined = [table.c[k] == newest.c[k] for k in keys]
    return select(table).join(newest, and_(*joined, table.c.version == newest.c.version))


class _Version(Protocol):
    @property
    def retired(self) -> bool: ...


V = TypeVar("V", bound=_Version)


def in_force(latest: V | None, missing: str) -> V:
    """``latest``, the newest version of a key, when the key is in use; ``StoreError(missing)``
    when there is none or it is retired (deleted)."""
    if latest is None or latest.retired:
        raise StoreError(missing)
    return latest
